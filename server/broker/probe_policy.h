// How a partnership's probe policy (common/match/probe_policy.h) shapes a
// report's counts on the broker.
#ifndef BLINDMAP_SERVER_BROKER_PROBE_POLICY_H_
#define BLINDMAP_SERVER_BROKER_PROBE_POLICY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/storage.pb.h"
#include "common/match/probe_policy.h"

namespace blindmap {

// The payload that marks a status refusing an upload under the probe
// policy; its value names the rule ("max_uploads_per_period",
// "min_changed_records"). Read by the metrics; never shown to anyone.
inline constexpr char kProbeRefusalPayload[] =
    "type.blindmap.dev/blindmap.ProbeRefusal";
// `status` marked with kProbeRefusalPayload = `rule`.
absl::Status MarkProbeRefusal(absl::Status status, absl::string_view rule);

// Bit i set for each population of `snapshot` with at least `min_size`
// records (all bits when min_size is 0).
uint64_t LargeEnoughMask(const v1::storage::SnapshotRecord& snapshot,
                         uint32_t min_size);

// Adds the policy's noise to every overlap count of `overlap` (cells,
// per-population and total overlaps of both snapshots). Deterministic in
// (`key`, the two snapshot ids): asking again gives the same numbers. No-op
// when noise is off.
void AddNoise(const v1::ProbePolicy& policy, absl::string_view key,
              v1::storage::OverlapRecord& overlap);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_PROBE_POLICY_H_
