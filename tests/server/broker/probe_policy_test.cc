// The probe policy's pieces on the broker: defaults, validation, the
// minimum-population mask, and the noise added to cached overlaps.
#include "server/broker/probe_policy.h"

#include <cmath>

#include "gtest/gtest.h"

namespace blindmap {
namespace {

TEST(ProbePolicyTest, UnsetFieldsTakeTheDefaultsAndZeroSwitchesOff) {
  const v1::ProbePolicy defaults = WithDefaults(v1::ProbePolicy());
  EXPECT_EQ(defaults.min_population_size(), 25u);
  EXPECT_EQ(defaults.max_uploads_per_period(), 4u);
  EXPECT_EQ(defaults.min_changed_records(), 10u);
  EXPECT_EQ(defaults.noise_epsilon(), 0.0);
  v1::ProbePolicy off;
  off.set_min_population_size(0);
  off.set_max_uploads_per_period(0);
  EXPECT_EQ(WithDefaults(off).min_population_size(), 0u);
  EXPECT_EQ(WithDefaults(off).max_uploads_per_period(), 0u);
  EXPECT_EQ(WithDefaults(off).min_changed_records(), 10u);
  EXPECT_TRUE(SameProbePolicy(v1::ProbePolicy(), defaults));
  EXPECT_FALSE(SameProbePolicy(off, defaults));
}

TEST(ProbePolicyTest, OutOfRangeValuesNameTheField) {
  v1::ProbePolicy policy;
  EXPECT_TRUE(ValidateProbePolicy(policy).ok());
  policy.set_noise_epsilon(std::nan(""));
  EXPECT_EQ(ValidateProbePolicy(policy).message(),
            "probe policy: noise_epsilon must be 0 (off) or in (0, 10]");
  policy.set_noise_epsilon(10.5);
  EXPECT_FALSE(ValidateProbePolicy(policy).ok());
  policy.set_noise_epsilon(10);
  EXPECT_TRUE(ValidateProbePolicy(policy).ok());
  policy.set_min_population_size(1'000'001);
  EXPECT_EQ(ValidateProbePolicy(policy).message(),
            "probe policy: min_population_size may be at most 1000000");
}

TEST(ProbePolicyTest, MaskKeepsPopulationsOfAtLeastTheMinimumSize) {
  v1::storage::SnapshotRecord snapshot;
  for (uint64_t size : {25, 24, 0, 1000}) snapshot.add_population_sizes(size);
  EXPECT_EQ(LargeEnoughMask(snapshot, 25) & 0b1111, 0b1001u);
  EXPECT_EQ(LargeEnoughMask(snapshot, 0), ~uint64_t{0});
  EXPECT_EQ(LargeEnoughMask(snapshot, 1) & 0b1111, 0b1011u);
}

// Over many snapshot pairs with one broker key (fixed, so the test is
// deterministic), the noise on a cell of true count 500 has mean 0 and the
// variance 2a / (1 - a)^2 of the stated epsilon; one pair always gets the
// same noise.
TEST(ProbePolicyTest, NoiseOverSnapshotPairsMatchesTheStatedEpsilon) {
  constexpr char kKey[] = "a broker noise key for the test..";
  constexpr int kPairs = 50'000;
  for (double epsilon : {0.25, 1.0}) {
    v1::ProbePolicy policy;
    policy.set_noise_epsilon(epsilon);
    const double a = std::exp(-epsilon);
    const double expected_variance = 2 * a / ((1 - a) * (1 - a));
    double sum = 0, sum_squares = 0;
    for (int pair = 0; pair < kPairs; ++pair) {
      v1::storage::OverlapRecord overlap;
      overlap.set_low_snapshot(2 * pair + 1);
      overlap.set_high_snapshot(2 * pair + 2);
      overlap.add_low_cells(500);
      overlap.set_low_overlap_total(500);
      v1::storage::OverlapRecord again = overlap;
      AddNoise(policy, kKey, overlap);
      AddNoise(policy, kKey, again);
      ASSERT_EQ(overlap.low_cells(0), again.low_cells(0));
      const double z = static_cast<double>(overlap.low_cells(0)) - 500.0;
      sum += z;
      sum_squares += z * z;
    }
    const double mean = sum / kPairs;
    const double variance = sum_squares / kPairs - mean * mean;
    EXPECT_NEAR(mean, 0.0, 5 * std::sqrt(expected_variance / kPairs))
        << "epsilon " << epsilon;
    EXPECT_NEAR(variance / expected_variance, 1.0, 0.05)
        << "epsilon " << epsilon;
  }
  // Off: exact.
  v1::storage::OverlapRecord exact;
  exact.add_low_cells(7);
  AddNoise(v1::ProbePolicy(), kKey, exact);
  EXPECT_EQ(exact.low_cells(0), 7u);
}

}  // namespace
}  // namespace blindmap
