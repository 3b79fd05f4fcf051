#include "common/match/probe_policy.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace blindmap {

v1::ProbePolicy WithDefaults(const v1::ProbePolicy& policy) {
  v1::ProbePolicy out = policy;
  if (!out.has_min_population_size()) {
    out.set_min_population_size(kDefaultMinPopulationSize);
  }
  if (!out.has_max_uploads_per_period()) {
    out.set_max_uploads_per_period(kDefaultMaxUploadsPerPeriod);
  }
  if (!out.has_min_changed_records()) {
    out.set_min_changed_records(kDefaultMinChangedRecords);
  }
  return out;
}

absl::Status ValidateProbePolicy(const v1::ProbePolicy& policy) {
  if (policy.min_population_size() > kMaxMinPopulationSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("probe policy: min_population_size may be at most ",
                     kMaxMinPopulationSize));
  }
  if (policy.max_uploads_per_period() > kMaxUploadsLimit) {
    return absl::InvalidArgumentError(
        absl::StrCat("probe policy: max_uploads_per_period may be at most ",
                     kMaxUploadsLimit));
  }
  if (policy.min_changed_records() > kMaxMinChangedRecords) {
    return absl::InvalidArgumentError(
        absl::StrCat("probe policy: min_changed_records may be at most ",
                     kMaxMinChangedRecords));
  }
  if (!std::isfinite(policy.noise_epsilon()) || policy.noise_epsilon() < 0 ||
      policy.noise_epsilon() > kMaxNoiseEpsilon) {
    return absl::InvalidArgumentError(
        absl::StrCat("probe policy: noise_epsilon must be 0 (off) or in (0, ",
                     kMaxNoiseEpsilon, "]"));
  }
  return absl::OkStatus();
}

bool SameProbePolicy(const v1::ProbePolicy& a, const v1::ProbePolicy& b) {
  const v1::ProbePolicy x = WithDefaults(a);
  const v1::ProbePolicy y = WithDefaults(b);
  return x.min_population_size() == y.min_population_size() &&
         x.max_uploads_per_period() == y.max_uploads_per_period() &&
         x.min_changed_records() == y.min_changed_records() &&
         x.noise_epsilon() == y.noise_epsilon();
}

}  // namespace blindmap
