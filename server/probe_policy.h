// The probe policy of a partnership (see v1.ProbePolicy): its defaults,
// validation, and how it shapes a report's counts.
#ifndef BLINDMAP_SERVER_PROBE_POLICY_H_
#define BLINDMAP_SERVER_PROBE_POLICY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/storage.pb.h"

namespace blindmap {

inline constexpr uint32_t kDefaultMinPopulationSize = 25;
inline constexpr uint32_t kDefaultMaxUploadsPerPeriod = 4;
inline constexpr uint32_t kDefaultMinChangedRecords = 10;

// `policy` with every unset field set to its default.
v1::ProbePolicy WithDefaults(const v1::ProbePolicy& policy);

// INVALID_ARGUMENT naming the field for a value out of range.
absl::Status ValidateProbePolicy(const v1::ProbePolicy& policy);

// Same limits (defaults filled in on both sides).
bool SameProbePolicy(const v1::ProbePolicy& a, const v1::ProbePolicy& b);

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

#endif  // BLINDMAP_SERVER_PROBE_POLICY_H_
