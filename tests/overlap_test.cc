#include "common/overlap.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;

constexpr uint64_t kCustomers = 1 << 0;
constexpr uint64_t kProspects = 1 << 1;
constexpr uint64_t kPartners = 1 << 2;  // B only

TokenKey Token(uint8_t id) {
  TokenKey key{};
  key[0] = 2;  // any kind
  key[16] = id;
  return key;
}

TokenOccurrence At(uint8_t token, uint32_t record, uint64_t populations) {
  return {Token(token), record, populations};
}

// A: r0 Customers, r1 Prospects, r2 Prospects, r3 Customers+Prospects.
// B: r0 Prospects, r1 Customers, r2 Prospects+Partners.
// Tokens: 1 joins A r0 / B r0; 2 joins A r1, A r2 / B r1; 3 joins A r0 / B r1;
// 4 joins A r3 / B r2; 5 is only in A, 6 only in B.
TEST(CountOverlapTest, CountsEachSideInItsOwnRecords) {
  VectorTokenCursor a({At(1, 0, kCustomers), At(2, 1, kProspects),
                       At(2, 2, kProspects), At(3, 0, kCustomers),
                       At(4, 3, kCustomers | kProspects),
                       At(5, 2, kProspects)});
  VectorTokenCursor b({At(1, 0, kProspects), At(2, 1, kCustomers),
                       At(3, 1, kCustomers), At(4, 2, kProspects | kPartners),
                       At(6, 0, kProspects)});
  auto counts = CountOverlap(a, {4, 2}, b, {3, 3});
  ASSERT_TRUE(counts.ok()) << counts.status();
  // Rows: A Customers, A Prospects; columns: B Customers, Prospects, Partners.
  EXPECT_THAT(counts->a_cells, ElementsAre(1, 2, 1,  //
                                           2, 1, 1));
  EXPECT_THAT(counts->b_cells, ElementsAre(1, 2, 1,  //
                                           1, 1, 1));
  EXPECT_THAT(counts->a_overlap_by_population, ElementsAre(2, 3));
  EXPECT_THAT(counts->b_overlap_by_population, ElementsAre(1, 2, 1));
  EXPECT_EQ(counts->a_overlap_total, 4u);
  EXPECT_EQ(counts->b_overlap_total, 3u);
}

TEST(CountOverlapTest, RecordMatchingThroughSeveralTokensCountsOncePerCell) {
  // A r0 and B r0 share three tokens.
  VectorTokenCursor a(
      {At(1, 0, kCustomers), At(2, 0, kCustomers), At(3, 0, kCustomers)});
  VectorTokenCursor b(
      {At(1, 0, kCustomers), At(2, 0, kCustomers), At(3, 0, kCustomers)});
  auto counts = CountOverlap(a, {1, 1}, b, {1, 1});
  ASSERT_TRUE(counts.ok());
  EXPECT_THAT(counts->a_cells, ElementsAre(1));
  EXPECT_THAT(counts->b_cells, ElementsAre(1));
  EXPECT_EQ(counts->a_overlap_total, 1u);
}

TEST(CountOverlapTest, DisjointAndEmptySnapshotsGiveZeros) {
  VectorTokenCursor a({At(1, 0, kCustomers)});
  VectorTokenCursor b({At(2, 0, kCustomers)});
  auto counts = CountOverlap(a, {1, 2}, b, {1, 2});
  ASSERT_TRUE(counts.ok());
  EXPECT_THAT(counts->a_cells, ElementsAre(0, 0, 0, 0));
  EXPECT_THAT(counts->b_overlap_by_population, ElementsAre(0, 0));
  VectorTokenCursor empty_a({}), empty_b({});
  auto empty = CountOverlap(empty_a, {0, 1}, empty_b, {0, 1});
  ASSERT_TRUE(empty.ok());
  EXPECT_THAT(empty->a_cells, ElementsAre(0));
  EXPECT_EQ(empty->b_overlap_total, 0u);
}

// Yields occurrences exactly as given, without sorting.
class RawCursor final : public TokenCursor {
 public:
  explicit RawCursor(std::vector<TokenOccurrence> items) : items_(items) {}
  bool Valid() const override { return i_ < items_.size(); }
  void Next() override { ++i_; }
  const TokenOccurrence& occurrence() const override { return items_[i_]; }
  absl::Status status() const override { return absl::OkStatus(); }

 private:
  std::vector<TokenOccurrence> items_;
  size_t i_ = 0;
};

TEST(CountOverlapTest, OutOfOrderTokensAreDataLoss) {
  RawCursor a({At(2, 0, kCustomers), At(1, 1, kCustomers)});
  VectorTokenCursor b({At(1, 0, kCustomers)});
  auto counts = CountOverlap(a, {2, 1}, b, {1, 1});
  EXPECT_EQ(counts.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(counts.status().message()),
              ::testing::HasSubstr("snapshot A: tokens are not in ascending"));
}

TEST(CountOverlapTest, RecordOrPopulationOutsideShapeIsDataLoss) {
  VectorTokenCursor a({At(1, 5, kCustomers)});
  VectorTokenCursor b({At(1, 0, kCustomers)});
  EXPECT_EQ(CountOverlap(a, {5, 1}, b, {1, 1}).status().code(),
            absl::StatusCode::kDataLoss);
  VectorTokenCursor a2({At(1, 0, kProspects)});
  VectorTokenCursor b2({At(1, 0, kCustomers)});
  EXPECT_EQ(CountOverlap(a2, {1, 1}, b2, {1, 1}).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(CountOverlapTest, RejectsShapesWithoutOrWithTooManyPopulations) {
  VectorTokenCursor a({}), b({});
  EXPECT_EQ(CountOverlap(a, {0, 0}, b, {0, 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CountOverlap(a, {0, 1}, b, {0, 65}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CountOverlapTest, SixtyFourPopulationsUseEveryBit) {
  const uint64_t last = uint64_t{1} << 63;
  VectorTokenCursor a({At(1, 0, last)});
  VectorTokenCursor b({At(1, 0, kCustomers)});
  auto counts = CountOverlap(a, {1, 64}, b, {1, 1});
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->a_cells[63], 1u);
  EXPECT_EQ(counts->a_overlap_by_population[63], 1u);
}

}  // namespace
}  // namespace blindmap
