#include "common/match/count_noise.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

constexpr char kKey[] = "fixed key for a reproducible test";

TEST(CountNoiseTest, SameKeyAndLabelGiveTheSameNoise) {
  for (int i = 0; i < 100; ++i) {
    const std::string label = absl::StrCat("snapshots 3/7 cell ", i);
    EXPECT_EQ(TwoSidedGeometricNoise(0.5, kKey, label),
              TwoSidedGeometricNoise(0.5, kKey, label));
  }
  // Another key gives other noise (not all 100 equal).
  int differ = 0;
  for (int i = 0; i < 100; ++i) {
    const std::string label = absl::StrCat("cell ", i);
    differ += TwoSidedGeometricNoise(0.5, kKey, label) !=
              TwoSidedGeometricNoise(0.5, "other key", label);
  }
  EXPECT_GT(differ, 50);
}

// The empirical distribution over 200,000 labels (a fixed key, so the test
// is deterministic) matches the two-sided geometric law for each epsilon:
// P(Z = 0) = (1 - a) / (1 + a), mean 0, variance 2a / (1 - a)^2.
TEST(CountNoiseTest, SpreadMatchesTheStatedEpsilon) {
  constexpr int kDraws = 200'000;
  for (double epsilon : {0.1, 0.5, 1.0, 2.0}) {
    const double a = std::exp(-epsilon);
    double sum = 0, sum_squares = 0;
    int zeros = 0;
    for (int i = 0; i < kDraws; ++i) {
      const int64_t z =
          TwoSidedGeometricNoise(epsilon, kKey, absl::StrCat(epsilon, "/", i));
      sum += static_cast<double>(z);
      sum_squares += static_cast<double>(z) * static_cast<double>(z);
      zeros += z == 0;
    }
    const double mean = sum / kDraws;
    const double variance = sum_squares / kDraws - mean * mean;
    const double expected_variance = 2 * a / ((1 - a) * (1 - a));
    const double expected_zero = (1 - a) / (1 + a);
    // Standard error of the mean is sqrt(var / n); allow 5 of them.
    EXPECT_NEAR(mean, 0.0, 5 * std::sqrt(expected_variance / kDraws))
        << "epsilon " << epsilon;
    EXPECT_NEAR(variance / expected_variance, 1.0, 0.05)
        << "epsilon " << epsilon;
    EXPECT_NEAR(static_cast<double>(zeros) / kDraws, expected_zero, 0.005)
        << "epsilon " << epsilon;
  }
}

TEST(CountNoiseTest, NoisyCountsStayNonNegativeAndOffMeansExact) {
  EXPECT_EQ(NoisyCount(17, 0.0, kKey, "x"), 17u);
  EXPECT_EQ(NoisyCount(17, -1.0, kKey, "x"), 17u);
  for (int i = 0; i < 1000; ++i) {
    const uint64_t noisy = NoisyCount(0, 0.1, kKey, absl::StrCat("zero ", i));
    EXPECT_LT(noisy, 1000u);  // never wraps around below zero
  }
}

}  // namespace
}  // namespace blindmap
