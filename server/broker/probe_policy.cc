#include "server/broker/probe_policy.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/match/count_noise.h"

namespace blindmap {
namespace {

// Noise on each element of `counts`, labelled by field and index.
void NoiseAll(google::protobuf::RepeatedField<uint64_t>& counts,
              const std::string& label, double epsilon, absl::string_view key) {
  for (int i = 0; i < counts.size(); ++i) {
    counts.Set(i, NoisyCount(counts.Get(i), epsilon, key,
                             absl::StrCat(label, "/", i)));
  }
}

}  // namespace

absl::Status MarkProbeRefusal(absl::Status status, absl::string_view rule) {
  status.SetPayload(kProbeRefusalPayload, absl::Cord(rule));
  return status;
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
