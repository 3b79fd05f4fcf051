#include "server/probe_policy.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/count_noise.h"

namespace blindmap {
namespace {

constexpr uint32_t kMaxMinPopulationSize = 1'000'000;
constexpr uint32_t kMaxUploadsLimit = 1'000;
constexpr uint32_t kMaxMinChangedRecords = 1'000'000;
constexpr double kMaxNoiseEpsilon = 10.0;

// Noise on each element of `counts`, labelled by field and index.
void NoiseAll(google::protobuf::RepeatedField<uint64_t>& counts,
              const std::string& label, double epsilon, absl::string_view key) {
  for (int i = 0; i < counts.size(); ++i) {
    counts.Set(i, NoisyCount(counts.Get(i), epsilon, key,
                             absl::StrCat(label, "/", i)));
  }
}

}  // namespace

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

uint64_t LargeEnoughMask(const v1::storage::SnapshotRecord& snapshot,
                         uint32_t min_size) {
  uint64_t mask = ~uint64_t{0};
  for (int i = 0; i < snapshot.population_sizes_size() && i < 64; ++i) {
    if (snapshot.population_sizes(i) < min_size) mask &= ~(uint64_t{1} << i);
  }
  return mask;
}

void AddNoise(const v1::ProbePolicy& policy, absl::string_view key,
              v1::storage::OverlapRecord& overlap) {
  const double epsilon = policy.noise_epsilon();
  if (epsilon <= 0) return;
  const std::string pair =
      absl::StrCat(overlap.low_snapshot(), ":", overlap.high_snapshot(), "/");
  NoiseAll(*overlap.mutable_low_cells(), pair + "low_cells", epsilon, key);
  NoiseAll(*overlap.mutable_high_cells(), pair + "high_cells", epsilon, key);
  NoiseAll(*overlap.mutable_low_overlap_by_population(), pair + "low_by_pop",
           epsilon, key);
  NoiseAll(*overlap.mutable_high_overlap_by_population(), pair + "high_by_pop",
           epsilon, key);
  overlap.set_low_overlap_total(NoisyCount(overlap.low_overlap_total(), epsilon,
                                           key, pair + "low_total"));
  overlap.set_high_overlap_total(NoisyCount(overlap.high_overlap_total(),
                                            epsilon, key, pair + "high_total"));
}

}  // namespace blindmap
