#include "server/metrics/broker_metrics.h"

#include "absl/strings/str_cat.h"
#include "server/metrics/prometheus_text.h"

namespace blindmap {
namespace {

const char* OutcomeName(UploadOutcome outcome) {
  switch (outcome) {
    case UploadOutcome::kCommitted:
      return "committed";
    case UploadOutcome::kRefusedByPolicy:
      return "refused_by_policy";
    case UploadOutcome::kRefusedByLimit:
      return "refused_by_limit";
    case UploadOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

}  // namespace

BrokerMetrics::BrokerMetrics(absl::Time started) : started_(started) {
  absl::MutexLock lock(&mutex_);
  // Every outcome from the start, so that rates work before the first one.
  for (UploadOutcome outcome :
       {UploadOutcome::kCommitted, UploadOutcome::kRefusedByPolicy,
        UploadOutcome::kRefusedByLimit, UploadOutcome::kFailed}) {
    uploads_[OutcomeName(outcome)] = 0;
  }
  for (const char* rule : {"max_uploads_per_period", "min_changed_records"}) {
    probe_refusals_[rule] = 0;
  }
}

void BrokerMetrics::RecordRpc(absl::string_view method, absl::StatusCode code,
                              absl::Duration took) {
  const double seconds = absl::ToDoubleSeconds(took);
  absl::MutexLock lock(&mutex_);
  Histogram& histogram =
      rpcs_[{std::string(method), absl::StatusCodeToString(code)}];
  ++histogram.count;
  histogram.sum += seconds;
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      ++histogram.buckets[i];
      break;
    }
  }
}

void BrokerMetrics::RecordUpload(UploadOutcome outcome, uint64_t records) {
  absl::MutexLock lock(&mutex_);
  ++uploads_[OutcomeName(outcome)];
  if (outcome == UploadOutcome::kCommitted) upload_records_ += records;
}

void BrokerMetrics::RecordProbeRefusal(absl::string_view rule) {
  absl::MutexLock lock(&mutex_);
  // Only the known rules become label values.
  auto it = probe_refusals_.find(std::string(rule));
  if (it != probe_refusals_.end()) ++it->second;
}

void BrokerMetrics::AddSource(ScrapeSource source) {
  absl::MutexLock lock(&mutex_);
  sources_.push_back(std::move(source));
}

std::string BrokerMetrics::Render() {
  std::vector<ScrapeSource> sources;
  PrometheusText out;
  {
    absl::MutexLock lock(&mutex_);
    sources = sources_;
    out.Family("blindmapd_rpc_requests_total", "counter",
               "Finished RPCs by method and status code.");
    for (const auto& [key, histogram] : rpcs_) {
      out.Sample("blindmapd_rpc_requests_total",
                 {{"method", key.first}, {"code", key.second}},
                 static_cast<double>(histogram.count));
    }
    out.Family("blindmapd_rpc_duration_seconds", "histogram",
               "Time from an RPC's start to its status, by method and code.");
    for (const auto& [key, histogram] : rpcs_) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += histogram.buckets[i];
        out.Sample("blindmapd_rpc_duration_seconds_bucket",
                   {{"method", key.first},
                    {"code", key.second},
                    {"le", FormatSampleValue(kLatencyBuckets[i])}},
                   static_cast<double>(cumulative));
      }
      out.Sample("blindmapd_rpc_duration_seconds_bucket",
                 {{"method", key.first}, {"code", key.second}, {"le", "+Inf"}},
                 static_cast<double>(histogram.count));
      out.Sample("blindmapd_rpc_duration_seconds_sum",
                 {{"method", key.first}, {"code", key.second}}, histogram.sum);
      out.Sample("blindmapd_rpc_duration_seconds_count",
                 {{"method", key.first}, {"code", key.second}},
                 static_cast<double>(histogram.count));
    }
    out.Family("blindmapd_uploads_total", "counter",
               "Finished snapshot uploads by outcome.");
    for (const auto& [outcome, count] : uploads_) {
      out.Sample("blindmapd_uploads_total", {{"outcome", outcome}},
                 static_cast<double>(count));
    }
    out.Family("blindmapd_upload_records_total", "counter",
               "Records of committed uploads.");
    out.Sample("blindmapd_upload_records_total", {},
               static_cast<double>(upload_records_));
    out.Family("blindmapd_probe_refusals_total", "counter",
               "Uploads refused by a partnership's probe policy, by rule.");
    for (const auto& [rule, count] : probe_refusals_) {
      out.Sample("blindmapd_probe_refusals_total", {{"rule", rule}},
                 static_cast<double>(count));
    }
    out.Family("blindmapd_start_time_seconds", "gauge",
               "When this broker started (Unix time).");
    out.Sample("blindmapd_start_time_seconds", {},
               static_cast<double>(absl::ToUnixSeconds(started_)));
  }
  // Read outside the lock: a source may take a while (RocksDB properties).
  for (const ScrapeSource& source : sources) {
    for (const ScrapedValue& value : source()) {
      out.Family(value.name, value.type, value.help);
      out.Sample(value.name, {}, value.value);
    }
  }
  return out.text();
}

}  // namespace blindmap
