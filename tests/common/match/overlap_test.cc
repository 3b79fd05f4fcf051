#include "common/match/overlap.h"

#include <tuple>
#include <vector>

#include "absl/time/clock.h"
#include "common/base/call_deadline.h"
#include "common/match/match_rule.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr v1::MatchPolicy kStandard = v1::MATCH_POLICY_STANDARD;

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
  auto counts = CountOverlap(a, {4, 2}, b, {3, 3}, kStandard);
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
  auto counts = CountOverlap(a, {1, 1}, b, {1, 1}, kStandard);
  ASSERT_TRUE(counts.ok());
  EXPECT_THAT(counts->a_cells, ElementsAre(1));
  EXPECT_THAT(counts->b_cells, ElementsAre(1));
  EXPECT_EQ(counts->a_overlap_total, 1u);
}

TEST(CountOverlapTest, StopsOnceTheCallDeadlineHasPassed) {
  const std::vector<TokenOccurrence> occurrences = {At(1, 0, kCustomers),
                                                    At(2, 1, kCustomers)};
  {
    ScopedCallDeadline passed(absl::Now() - absl::Seconds(1));
    VectorTokenCursor a(occurrences), b(occurrences);
    auto counts = CountOverlap(a, {2, 1}, b, {2, 1}, kStandard);
    EXPECT_EQ(counts.status().code(), absl::StatusCode::kDeadlineExceeded);
    EXPECT_THAT(counts.status().message(),
                HasSubstr("the intersection stopped"));
  }
  // The scope restored "no deadline"; a future one does not stop it either.
  ScopedCallDeadline later(absl::Now() + absl::Hours(1));
  VectorTokenCursor a(occurrences), b(occurrences);
  auto counts = CountOverlap(a, {2, 1}, b, {2, 1}, kStandard);
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->a_overlap_total, 2u);
}

TEST(CountOverlapTest, DisjointAndEmptySnapshotsGiveZeros) {
  VectorTokenCursor a({At(1, 0, kCustomers)});
  VectorTokenCursor b({At(2, 0, kCustomers)});
  auto counts = CountOverlap(a, {1, 2}, b, {1, 2}, kStandard);
  ASSERT_TRUE(counts.ok());
  EXPECT_THAT(counts->a_cells, ElementsAre(0, 0, 0, 0));
  EXPECT_THAT(counts->b_overlap_by_population, ElementsAre(0, 0));
  VectorTokenCursor empty_a({}), empty_b({});
  auto empty = CountOverlap(empty_a, {0, 1}, empty_b, {0, 1}, kStandard);
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
  auto counts = CountOverlap(a, {2, 1}, b, {1, 1}, kStandard);
  EXPECT_EQ(counts.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(counts.status().message()),
              ::testing::HasSubstr("snapshot A: tokens are not in ascending"));
}

TEST(CountOverlapTest, RecordOrPopulationOutsideShapeIsDataLoss) {
  VectorTokenCursor a({At(1, 5, kCustomers)});
  VectorTokenCursor b({At(1, 0, kCustomers)});
  EXPECT_EQ(CountOverlap(a, {5, 1}, b, {1, 1}, kStandard).status().code(),
            absl::StatusCode::kDataLoss);
  VectorTokenCursor a2({At(1, 0, kProspects)});
  VectorTokenCursor b2({At(1, 0, kCustomers)});
  EXPECT_EQ(CountOverlap(a2, {1, 1}, b2, {1, 1}, kStandard).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(CountOverlapTest, RejectsShapesWithoutOrWithTooManyPopulations) {
  VectorTokenCursor a({}), b({});
  EXPECT_EQ(CountOverlap(a, {0, 0}, b, {0, 1}, kStandard).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CountOverlap(a, {0, 1}, b, {0, 65}, kStandard).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CountOverlapTest, SixtyFourPopulationsUseEveryBit) {
  const uint64_t last = uint64_t{1} << 63;
  VectorTokenCursor a({At(1, 0, last)});
  VectorTokenCursor b({At(1, 0, kCustomers)});
  auto counts = CountOverlap(a, {1, 64}, b, {1, 1}, kStandard);
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->a_cells[63], 1u);
  EXPECT_EQ(counts->a_overlap_by_population[63], 1u);
}

// A token of `kind` with a one-byte id.
TokenOccurrence Keyed(v1::KeyKind kind, uint8_t id, uint32_t record,
                      uint8_t record_ids = 0, bool variant = false) {
  TokenOccurrence o = At(id, record, kCustomers);
  o.token[0] = static_cast<uint8_t>(kind);
  o.record_ids = record_ids;
  o.variant = variant;
  return o;
}

using Pair = std::tuple<uint32_t, uint32_t, MatchEvidence>;

std::vector<Pair> Matches(const std::vector<TokenOccurrence>& a,
                          const std::vector<TokenOccurrence>& b,
                          v1::MatchPolicy policy) {
  VectorTokenCursor ca(a), cb(b);
  std::vector<Pair> pairs;
  auto counts = CountOverlap(ca, {4, 1}, cb, {4, 1}, policy,
                             [&](uint32_t x, uint32_t y, MatchEvidence shared) {
                               pairs.emplace_back(x, y, shared);
                             });
  EXPECT_TRUE(counts.ok()) << counts.status();
  return pairs;
}

TEST(CountOverlapTest, NamesMatchUnderStandardButNotStrict) {
  const std::vector<TokenOccurrence> a = {Keyed(v1::KEY_KIND_NAME, 1, 0)};
  const std::vector<TokenOccurrence> b = {Keyed(v1::KEY_KIND_NAME, 1, 0)};
  EXPECT_THAT(Matches(a, b, v1::MATCH_POLICY_STANDARD),
              ElementsAre(Pair{0, 0, kSharesName}));
  EXPECT_THAT(Matches(a, b, v1::MATCH_POLICY_STRICT), ElementsAre());
}

TEST(CountOverlapTest, DifferentIdsOfOneKindVetoAnySharedKey) {
  // r0/r0 share a domain and a name but carry different DUNS: no match.
  // r1/r1 share a name and a DUNS: match on the id, even under strict.
  const std::vector<TokenOccurrence> a = {
      Keyed(v1::KEY_KIND_NAME, 1, 0, kHasDuns),
      Keyed(v1::KEY_KIND_DOMAIN, 2, 0, kHasDuns),
      Keyed(v1::KEY_KIND_DUNS, 10, 0, kHasDuns),
      Keyed(v1::KEY_KIND_NAME, 3, 1, kHasDuns),
      Keyed(v1::KEY_KIND_DUNS, 12, 1, kHasDuns)};
  const std::vector<TokenOccurrence> b = {
      Keyed(v1::KEY_KIND_NAME, 1, 0, kHasDuns),
      Keyed(v1::KEY_KIND_DOMAIN, 2, 0, kHasDuns),
      Keyed(v1::KEY_KIND_DUNS, 11, 0, kHasDuns),
      Keyed(v1::KEY_KIND_NAME, 3, 1, kHasDuns),
      Keyed(v1::KEY_KIND_DUNS, 12, 1, kHasDuns)};
  EXPECT_THAT(Matches(a, b, v1::MATCH_POLICY_STANDARD),
              ElementsAre(Pair{1, 1, kSharesDuns | kSharesName}));
  EXPECT_THAT(Matches(a, b, v1::MATCH_POLICY_STRICT),
              ElementsAre(Pair{1, 1, kSharesDuns | kSharesName}));
}

TEST(CountOverlapTest, AnIdOnOneSideOnlyDoesNotVeto) {
  const std::vector<TokenOccurrence> a = {
      Keyed(v1::KEY_KIND_DOMAIN, 2, 0, kHasLei),
      Keyed(v1::KEY_KIND_LEI, 20, 0, kHasLei)};
  const std::vector<TokenOccurrence> b = {Keyed(v1::KEY_KIND_DOMAIN, 2, 0)};
  EXPECT_THAT(Matches(a, b, v1::MATCH_POLICY_STRICT),
              ElementsAre(Pair{0, 0, kSharesDomain}));
}

TEST(CountOverlapTest, NameVariantsMatchOnlyUnderBroad) {
  // A's variant equals B's name (both stored as NAME tokens).
  const std::vector<TokenOccurrence> a = {
      Keyed(v1::KEY_KIND_NAME, 4, 0), Keyed(v1::KEY_KIND_NAME, 5, 0, 0, true)};
  const std::vector<TokenOccurrence> b = {Keyed(v1::KEY_KIND_NAME, 5, 0)};
  EXPECT_THAT(Matches(a, b, v1::MATCH_POLICY_BROAD),
              ElementsAre(Pair{0, 0, kSharesNameVariant}));
  EXPECT_THAT(Matches(a, b, v1::MATCH_POLICY_STANDARD), ElementsAre());
}

TEST(CountOverlapTest, TwoNameVariantsMeetingAreNoEvidence) {
  // "Air Canada" and "Air India" both without their country: "air".
  const std::vector<TokenOccurrence> a = {
      Keyed(v1::KEY_KIND_NAME, 4, 0), Keyed(v1::KEY_KIND_NAME, 5, 0, 0, true)};
  const std::vector<TokenOccurrence> b = {
      Keyed(v1::KEY_KIND_NAME, 6, 0), Keyed(v1::KEY_KIND_NAME, 5, 0, 0, true)};
  EXPECT_THAT(Matches(a, b, v1::MATCH_POLICY_BROAD), ElementsAre());
}

// What look-alikes a veto kept apart, as (a, b, verdict).
std::vector<std::tuple<uint32_t, uint32_t, MatchVerdict>> Vetoed(
    const std::vector<TokenOccurrence>& a,
    const std::vector<TokenOccurrence>& b, v1::MatchPolicy policy) {
  VectorTokenCursor ca(a), cb(b);
  std::vector<std::tuple<uint32_t, uint32_t, MatchVerdict>> vetoed;
  auto counts =
      CountOverlap(ca, {4, 1}, cb, {4, 1}, policy, {},
                   [&](uint32_t x, uint32_t y, MatchEvidence,
                       MatchVerdict why) { vetoed.emplace_back(x, y, why); });
  EXPECT_TRUE(counts.ok()) << counts.status();
  return vetoed;
}

TEST(CountOverlapTest, DifferentCountriesVetoANameMatch) {
  // r0/r0: one name, countries GB (token 30) and US (31): vetoed.
  // r1/r1: one name, the same country (token 32 on both): a match.
  // r2/r2: one name, a country on one side only: a match.
  const uint8_t c = kHasCountry;
  const std::vector<TokenOccurrence> a = {
      Keyed(v1::KEY_KIND_NAME, 1, 0, c),
      Keyed(v1::KEY_KIND_WITH_COUNTRY, 30, 0, c),
      Keyed(v1::KEY_KIND_NAME, 2, 1, c),
      Keyed(v1::KEY_KIND_WITH_COUNTRY, 32, 1, c),
      Keyed(v1::KEY_KIND_NAME, 3, 2, c),
      Keyed(v1::KEY_KIND_WITH_COUNTRY, 33, 2, c)};
  const std::vector<TokenOccurrence> b = {
      Keyed(v1::KEY_KIND_NAME, 1, 0, c),
      Keyed(v1::KEY_KIND_WITH_COUNTRY, 31, 0, c),
      Keyed(v1::KEY_KIND_NAME, 2, 1, c),
      Keyed(v1::KEY_KIND_WITH_COUNTRY, 32, 1, c),
      Keyed(v1::KEY_KIND_NAME, 3, 2)};
  EXPECT_THAT(Matches(a, b, v1::MATCH_POLICY_STANDARD),
              UnorderedElementsAre(Pair{1, 1, kSharesName | kSharesCountry},
                                   Pair{2, 2, kSharesName}));
  EXPECT_THAT(Vetoed(a, b, v1::MATCH_POLICY_STANDARD),
              ElementsAre(std::make_tuple(0u, 0u, MatchVerdict::kCountryVeto)));
}

TEST(CountOverlapTest, DifferentWebsitesVetoANameMatchButNotADomainMatch) {
  // r0/r0: one name, brand labels 40 and 41: vetoed.
  // r1/r1: one name, brand label 42 on A and its variant on B: a match.
  // r2/r2: one domain, different brand labels: a match (domains are
  // strong evidence).
  const uint8_t w = kHasWebsite;
  const std::vector<TokenOccurrence> a = {
      Keyed(v1::KEY_KIND_NAME, 1, 0, w),
      Keyed(v1::KEY_KIND_BRAND_LABEL, 40, 0, w),
      Keyed(v1::KEY_KIND_NAME, 2, 1, w),
      Keyed(v1::KEY_KIND_BRAND_LABEL, 42, 1, w),
      Keyed(v1::KEY_KIND_DOMAIN, 3, 2, w),
      Keyed(v1::KEY_KIND_BRAND_LABEL, 43, 2, w)};
  const std::vector<TokenOccurrence> b = {
      Keyed(v1::KEY_KIND_NAME, 1, 0, w),
      Keyed(v1::KEY_KIND_BRAND_LABEL, 41, 0, w),
      Keyed(v1::KEY_KIND_NAME, 2, 1, w),
      Keyed(v1::KEY_KIND_BRAND_LABEL, 42, 1, w, true),
      Keyed(v1::KEY_KIND_DOMAIN, 3, 2, w),
      Keyed(v1::KEY_KIND_BRAND_LABEL, 44, 2, w)};
  EXPECT_THAT(
      Matches(a, b, v1::MATCH_POLICY_STANDARD),
      UnorderedElementsAre(Pair{1, 1, kSharesName | kSharesBrandVariant},
                           Pair{2, 2, kSharesDomain}));
  EXPECT_THAT(Vetoed(a, b, v1::MATCH_POLICY_BROAD),
              ElementsAre(std::make_tuple(0u, 0u, MatchVerdict::kWebsiteVeto)));
}

TEST(CountOverlapTest, ABrandLabelMatchesUnderStandardUnlessCountriesDiffer) {
  // r0/r0 share the label only (gxo.ca / gxo.com), same country: a match.
  // r1/r1 share the label only, different countries: vetoed.
  const uint8_t cw = kHasCountry | kHasWebsite;
  const std::vector<TokenOccurrence> a = {
      Keyed(v1::KEY_KIND_BRAND_LABEL, 50, 0, cw),
      Keyed(v1::KEY_KIND_WITH_COUNTRY, 60, 0, cw),
      Keyed(v1::KEY_KIND_BRAND_LABEL, 51, 1, cw),
      Keyed(v1::KEY_KIND_WITH_COUNTRY, 61, 1, cw)};
  const std::vector<TokenOccurrence> b = {
      Keyed(v1::KEY_KIND_BRAND_LABEL, 50, 0, cw),
      Keyed(v1::KEY_KIND_WITH_COUNTRY, 60, 0, cw),
      Keyed(v1::KEY_KIND_BRAND_LABEL, 51, 1, cw),
      Keyed(v1::KEY_KIND_WITH_COUNTRY, 62, 1, cw)};
  EXPECT_THAT(Matches(a, b, v1::MATCH_POLICY_STANDARD),
              ElementsAre(Pair{0, 0, kSharesBrand | kSharesCountry}));
  EXPECT_THAT(Matches(a, b, v1::MATCH_POLICY_STRICT), ElementsAre());
}

TEST(CountOverlapTest, OneTokenJoiningTooManyPairsIsRefused) {
  std::vector<TokenOccurrence> a, b;
  const uint32_t n = 2049;  // 2049 x 2049 > kMaxPairsPerToken
  for (uint32_t r = 0; r < n; ++r) {
    a.push_back(Keyed(v1::KEY_KIND_NAME, 1, r));
    b.push_back(Keyed(v1::KEY_KIND_NAME, 1, r));
  }
  VectorTokenCursor ca(a), cb(b);
  auto counts = CountOverlap(ca, {n, 1}, cb, {n, 1}, kStandard);
  EXPECT_EQ(counts.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(CountOverlapTest, HiddenPopulationsTakeNoPart) {
  // A r0 is only in Prospects, which A hides; r1 is in both and counts as a
  // customer only. B r0 matches A r0 and r1 (token 1 and 2).
  VectorTokenCursor a(
      {At(1, 0, kProspects), At(2, 1, kCustomers | kProspects)});
  VectorTokenCursor b({At(1, 0, kCustomers), At(2, 0, kCustomers)});
  SnapshotShape a_shape{2, 2, kCustomers};
  auto counts = CountOverlap(a, a_shape, b, {1, 1}, kStandard);
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->a_overlap_total, 1u);
  EXPECT_THAT(counts->a_cells, ElementsAre(1, 0));
  EXPECT_THAT(counts->a_overlap_by_population, ElementsAre(1, 0));
  EXPECT_THAT(counts->b_cells, ElementsAre(1, 0));
}

TEST(MatchRuleTest, PolicyNamesParseAndDescribe) {
  EXPECT_EQ(*ParseMatchPolicy("Strict"), v1::MATCH_POLICY_STRICT);
  EXPECT_EQ(*ParseMatchPolicy("standard"), v1::MATCH_POLICY_STANDARD);
  EXPECT_EQ(*ParseMatchPolicy("broad"), v1::MATCH_POLICY_BROAD);
  EXPECT_EQ(ParseMatchPolicy("loose").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_STREQ(MatchPolicyName(v1::MATCH_POLICY_UNSPECIFIED), "standard");
  EXPECT_THAT(std::string(MatchPolicyDescription(v1::MATCH_POLICY_STRICT)),
              ::testing::HasSubstr("website domain only"));
}

TEST(MatchRuleTest, RuleTable) {
  struct Case {
    v1::MatchPolicy policy;
    uint8_t a_ids, b_ids;
    MatchEvidence shared;
    bool match;
  } cases[] = {
      {v1::MATCH_POLICY_STANDARD, 0, 0, kSharesDomain, true},
      {v1::MATCH_POLICY_STANDARD, 0, 0, kSharesName, true},
      {v1::MATCH_POLICY_STANDARD, 0, 0, kSharesNameVariant, false},
      {v1::MATCH_POLICY_BROAD, 0, 0, kSharesNameVariant, true},
      {v1::MATCH_POLICY_STRICT, 0, 0, kSharesName, false},
      {v1::MATCH_POLICY_STRICT, kHasDuns, kHasDuns, kSharesDuns, true},
      {v1::MATCH_POLICY_STANDARD, kHasDuns, kHasDuns, kSharesDomain, false},
      {v1::MATCH_POLICY_STANDARD, kHasDuns | kHasLei, kHasDuns | kHasLei,
       kSharesDuns, false},  // the LEIs differ
      {v1::MATCH_POLICY_STANDARD, kHasDuns | kHasLei, kHasDuns, kSharesDuns,
       true},
      {v1::MATCH_POLICY_BROAD, kHasRegistrationId, kHasRegistrationId,
       kSharesName, false},
      {v1::MATCH_POLICY_UNSPECIFIED, 0, 0, kSharesName, true},
      {v1::MATCH_POLICY_STANDARD, 0, 0, 0, false},
      {v1::MATCH_POLICY_STANDARD, 0, 0, kSharesBrand, true},
      {v1::MATCH_POLICY_STRICT, 0, 0, kSharesBrand, false},
      {v1::MATCH_POLICY_STANDARD, 0, 0, kSharesBrandVariant, false},
      {v1::MATCH_POLICY_STANDARD, 0, 0, kSharesCountry, false},
      // The country veto, on weak evidence only.
      {v1::MATCH_POLICY_STANDARD, kHasCountry, kHasCountry, kSharesName, false},
      {v1::MATCH_POLICY_STANDARD, kHasCountry, kHasCountry,
       kSharesName | kSharesCountry, true},
      {v1::MATCH_POLICY_STANDARD, kHasCountry, 0, kSharesName, true},
      {v1::MATCH_POLICY_BROAD, kHasCountry, kHasCountry, kSharesNameVariant,
       false},
      {v1::MATCH_POLICY_STANDARD, kHasCountry, kHasCountry, kSharesDomain,
       true},
      {v1::MATCH_POLICY_STANDARD, kHasCountry, kHasCountry, kSharesBrand,
       false},
      // The website veto.
      {v1::MATCH_POLICY_STANDARD, kHasWebsite, kHasWebsite, kSharesName, false},
      {v1::MATCH_POLICY_STANDARD, kHasWebsite, kHasWebsite,
       kSharesName | kSharesBrandVariant, true},
      {v1::MATCH_POLICY_STANDARD, kHasWebsite, 0, kSharesName, true},
      {v1::MATCH_POLICY_STANDARD, kHasWebsite, kHasWebsite, kSharesLei, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RecordsMatch(c.policy, c.a_ids, c.b_ids, c.shared), c.match)
        << MatchPolicyName(c.policy) << " " << int{c.a_ids} << "/"
        << int{c.b_ids} << " shared " << int{c.shared};
  }
}

TEST(MatchRuleTest, VerdictsNameTheVeto) {
  EXPECT_EQ(
      JudgePair(v1::MATCH_POLICY_STANDARD, kHasDuns, kHasDuns, kSharesName),
      MatchVerdict::kIdVeto);
  EXPECT_EQ(JudgePair(v1::MATCH_POLICY_STANDARD, kHasCountry | kHasWebsite,
                      kHasCountry | kHasWebsite, kSharesName),
            MatchVerdict::kCountryVeto);
  EXPECT_EQ(JudgePair(v1::MATCH_POLICY_STANDARD, kHasCountry | kHasWebsite,
                      kHasCountry | kHasWebsite, kSharesName | kSharesCountry),
            MatchVerdict::kWebsiteVeto);
  EXPECT_EQ(JudgePair(v1::MATCH_POLICY_STANDARD, 0, 0, kSharesNameVariant),
            MatchVerdict::kNoEvidence);
  EXPECT_STREQ(MatchVerdictName(MatchVerdict::kCountryVeto), "country");
  EXPECT_STREQ(MatchVerdictName(MatchVerdict::kWebsiteVeto), "website");
  EXPECT_TRUE(IsVetoed(MatchVerdict::kIdVeto));
  EXPECT_FALSE(IsVetoed(MatchVerdict::kNoEvidence));
}

TEST(MatchRuleTest, VariantsAreStoredAsTheirBaseKind) {
  EXPECT_EQ(StoredKind(v1::KEY_KIND_NAME_VARIANT), v1::KEY_KIND_NAME);
  EXPECT_EQ(StoredKind(v1::KEY_KIND_BRAND_LABEL_VARIANT),
            v1::KEY_KIND_BRAND_LABEL);
  EXPECT_EQ(StoredKind(v1::KEY_KIND_WITH_COUNTRY), v1::KEY_KIND_WITH_COUNTRY);
  EXPECT_EQ(RecordEvidenceBit(v1::KEY_KIND_WITH_COUNTRY), kHasCountry);
  EXPECT_EQ(RecordEvidenceBit(v1::KEY_KIND_BRAND_LABEL_VARIANT), kHasWebsite);
  EXPECT_EQ(RecordEvidenceBit(v1::KEY_KIND_LEI), kHasLei);
  EXPECT_EQ(RecordEvidenceBit(v1::KEY_KIND_NAME), 0);
}

}  // namespace
}  // namespace blindmap
