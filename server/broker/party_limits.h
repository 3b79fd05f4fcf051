// Per-party admission control: a request rate and concurrent uploads.
#ifndef BLINDMAP_SERVER_BROKER_PARTY_LIMITS_H_
#define BLINDMAP_SERVER_BROKER_PARTY_LIMITS_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace blindmap {

struct PartyLimitsOptions {
  // A token bucket per party: holds at most `request_burst` requests and
  // refills at `requests_per_minute`. Both at least 1.
  int64_t requests_per_minute = 600;
  int64_t request_burst = 120;
  // Uploads of one party streaming at once; at least 1.
  int64_t max_concurrent_uploads = 2;
};

// Decides whether an authenticated party may start a request or an upload.
// Knows nothing of gRPC; `party` is the name Broker::Authenticate() returned.
// Keeps one small entry per party seen (parties are created by the operator,
// so the table is bounded by their number).
//
// Thread-safe. Must outlive every UploadSlot it handed out.
class PartyLimits {
 public:
  using Clock = std::function<absl::Time()>;

  // A held upload place; releases it when destroyed. Move-only.
  class UploadSlot {
   public:
    UploadSlot() = default;
    UploadSlot(UploadSlot&& other) noexcept;
    UploadSlot& operator=(UploadSlot&& other) noexcept;
    UploadSlot(const UploadSlot&) = delete;
    UploadSlot& operator=(const UploadSlot&) = delete;
    ~UploadSlot();

    // Gives the place back now (idempotent).
    void Release();

   private:
    friend class PartyLimits;
    UploadSlot(PartyLimits* owner, std::string party)
        : owner_(owner), party_(std::move(party)) {}

    PartyLimits* owner_ = nullptr;
    std::string party_;
  };

  PartyLimits(PartyLimitsOptions options, Clock clock);
  PartyLimits(const PartyLimits&) = delete;
  PartyLimits& operator=(const PartyLimits&) = delete;

  // Takes one request from `party`'s bucket. RESOURCE_EXHAUSTED when it is
  // empty, e.g. "requests_per_minute_per_party (600) exceeded (burst 120);
  // retry in 1 s"; a refused request takes nothing.
  absl::Status AdmitRequest(absl::string_view party);

  // One of `party`'s upload places. RESOURCE_EXHAUSTED when all are taken,
  // e.g. "max_concurrent_uploads_per_party (2) reached: ...".
  absl::StatusOr<UploadSlot> AcquireUpload(absl::string_view party);

  // For tests and logs: `party`'s uploads in progress.
  int64_t uploads_in_progress(absl::string_view party);

 private:
  struct PartyState {
    double tokens = 0;
    absl::Time refilled;
    int64_t uploads = 0;
  };

  void ReleaseUpload(const std::string& party);
  // `party`'s entry, created with a full bucket.
  PartyState& StateOf(absl::string_view party, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const PartyLimitsOptions options_;
  const Clock clock_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, PartyState> parties_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_PARTY_LIMITS_H_
