// What the broker counts for Prometheus.
#ifndef BLINDMAP_SERVER_METRICS_BROKER_METRICS_H_
#define BLINDMAP_SERVER_METRICS_BROKER_METRICS_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace blindmap {

// A value read when metrics are scraped (the database's size, say).
struct ScrapedValue {
  std::string name;  // full metric name, blindmapd_...
  std::string type;  // "gauge" or "counter"
  std::string help;
  double value = 0;
};
using ScrapeSource = std::function<std::vector<ScrapedValue>()>;

// How an upload ended.
enum class UploadOutcome {
  kCommitted,        // visible now
  kRefusedByPolicy,  // the partnership's probe policy
  kRefusedByLimit,   // a broker limit (RESOURCE_EXHAUSTED otherwise)
  kFailed,           // anything else: invalid, cut off, revoked meanwhile
};

// Counters and latency histograms of the broker, rendered in the Prometheus
// text format:
//   blindmapd_rpc_requests_total{method,code}
//   blindmapd_rpc_duration_seconds{method,code} (histogram)
//   blindmapd_uploads_total{outcome}, blindmapd_upload_records_total
//   blindmapd_probe_refusals_total{rule}
//   blindmapd_start_time_seconds, and whatever the ScrapeSources give.
// Labels hold only method names, status code names, outcomes and probe
// policy rules: never a party, partnership, account or secret.
//
// Thread-safe.
class BrokerMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf added).
  static constexpr std::array<double, 14> kLatencyBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
      0.25,  0.5,    1,     2.5,  5,     10,   30};

  explicit BrokerMetrics(absl::Time started);

  // One finished call of gRPC method `method` (a name from the service
  // definition, e.g. "GetReport").
  void RecordRpc(absl::string_view method, absl::StatusCode code,
                 absl::Duration took);
  // One finished upload; `records` counts only for committed ones.
  void RecordUpload(UploadOutcome outcome, uint64_t records);
  // An upload refused by probe policy rule `rule`
  // ("max_uploads_per_period", "min_changed_records").
  void RecordProbeRefusal(absl::string_view rule);
  // Adds values read at each scrape; call before serving.
  void AddSource(ScrapeSource source);

  // Every metric, in the Prometheus text exposition format 0.0.4.
  std::string Render();

 private:
  struct Histogram {
    std::array<uint64_t, kLatencyBuckets.size()> buckets{};  // not cumulative
    uint64_t count = 0;
    double sum = 0;
  };

  const absl::Time started_;
  absl::Mutex mutex_;
  // (method, code) -> latencies; the count is the requests counter.
  std::map<std::pair<std::string, std::string>, Histogram> rpcs_
      ABSL_GUARDED_BY(mutex_);
  std::map<std::string, uint64_t> uploads_ ABSL_GUARDED_BY(mutex_);
  uint64_t upload_records_ ABSL_GUARDED_BY(mutex_) = 0;
  std::map<std::string, uint64_t> probe_refusals_ ABSL_GUARDED_BY(mutex_);
  std::vector<ScrapeSource> sources_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_METRICS_BROKER_METRICS_H_
