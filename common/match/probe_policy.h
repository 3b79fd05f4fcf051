// The probe policy's defaults, bounds and validation (see v1.ProbePolicy),
// shared by the broker, which enforces them, and the client, which checks
// flags before any network call and shows the effective values.
#ifndef BLINDMAP_COMMON_MATCH_PROBE_POLICY_H_
#define BLINDMAP_COMMON_MATCH_PROBE_POLICY_H_

#include <cstdint>

#include "absl/status/status.h"
#include "blindmap/v1/broker.pb.h"

namespace blindmap {

inline constexpr uint32_t kDefaultMinPopulationSize = 25;
inline constexpr uint32_t kDefaultMaxUploadsPerPeriod = 4;
inline constexpr uint32_t kDefaultMinChangedRecords = 10;

inline constexpr uint32_t kMaxMinPopulationSize = 1'000'000;
inline constexpr uint32_t kMaxUploadsLimit = 1'000;
inline constexpr uint32_t kMaxMinChangedRecords = 1'000'000;
inline constexpr double kMaxNoiseEpsilon = 10.0;

// `policy` with every unset field set to its default.
v1::ProbePolicy WithDefaults(const v1::ProbePolicy& policy);

// INVALID_ARGUMENT naming the field for a value out of range.
absl::Status ValidateProbePolicy(const v1::ProbePolicy& policy);

// Same limits (defaults filled in on both sides).
bool SameProbePolicy(const v1::ProbePolicy& a, const v1::ProbePolicy& b);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_MATCH_PROBE_POLICY_H_
