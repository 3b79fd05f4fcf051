// Noise for counts (the two-sided geometric, or discrete Laplace, mechanism).
#ifndef BLINDMAP_COMMON_MATCH_COUNT_NOISE_H_
#define BLINDMAP_COMMON_MATCH_COUNT_NOISE_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace blindmap {

// A draw Z of two-sided geometric noise with parameter a = exp(-epsilon):
//   P(Z = z) = (1 - a) / (1 + a) * a^|z|,
// mean 0, variance 2a / (1 - a)^2. It is epsilon-differentially private for
// a count to which one record contributes at most 1. Deterministic: derived
// from HMAC-SHA256(key, label), so the same key and label always give the
// same noise and asking again reveals nothing new. `epsilon` > 0.
int64_t TwoSidedGeometricNoise(double epsilon, absl::string_view key,
                               absl::string_view label);

// `count` plus that noise, not below zero. With epsilon <= 0 (noise off)
// returns `count`.
uint64_t NoisyCount(uint64_t count, double epsilon, absl::string_view key,
                    absl::string_view label);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_MATCH_COUNT_NOISE_H_
