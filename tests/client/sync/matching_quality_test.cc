// Precision and recall of the match rule on the labelled sets, pinned per
// policy:
//  - tests/data/matching: real companies, written by hand-picked rules (see
//    its README);
//  - tests/data/matching_hard: real companies from public lists, with the
//    same names for different companies in different countries, joined
//    words, country words in names, alternate TLDs and so on, built by
//    tools/matching_data/build_hard_set.py; its `tune` half was looked at
//    while the rule was written, its `holdout` half was not (see its
//    README).
// The goal for `standard` is precision >= 0.995 and recall >= 0.95, for
// `broad` recall >= 0.97 at precision >= 0.99; the exact counts are pinned
// too, so any change in matching shows up here and has to be looked at.
#include <map>
#include <set>
#include <string>
#include <utility>

#include "client/config/client_config.h"
#include "client/crm/crm_export.h"
#include "client/sync/local_match.h"
#include "common/text/csv_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

const std::string kData = std::string(BLINDMAP_SOURCE_DIR) + "/tests/data/";

using IdPair = std::pair<std::string, std::string>;

std::set<IdPair> ReadPairs(const std::string& file) {
  std::set<IdPair> pairs;
  auto csv = CsvReader::Open(file);
  EXPECT_TRUE(csv.ok()) << csv.status();
  if (!csv.ok()) return pairs;
  CsvRow row;
  bool header = true;
  while (true) {
    auto more = (*csv)->Next(row);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    if (header) {
      EXPECT_EQ(row.fields[0], "vendor_id");
      EXPECT_EQ(row.fields[1], "partner_id");
      header = false;
      continue;
    }
    pairs.insert({row.fields[0], row.fields[1]});
  }
  return pairs;
}

struct Quality {
  size_t true_positives = 0;
  size_t false_positives = 0;
  size_t false_negatives = 0;
  size_t hard_negatives_matched = 0;
  double precision() const {
    return static_cast<double>(true_positives) /
           static_cast<double>(true_positives + false_positives);
  }
  double recall() const {
    return static_cast<double>(true_positives) /
           static_cast<double>(true_positives + false_negatives);
  }
};

// One labelled set: two exports, the true pairs and the hard negatives.
struct LabelledSet {
  ClientConfig config;
  CrmExport vendor;
  CrmExport partner;
  std::set<IdPair> truth;
  std::set<IdPair> negatives;
};

class MatchingQualityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sets_ = new std::map<std::string, LabelledSet>();
    for (const char* dir :
         {"matching", "matching_hard/tune", "matching_hard/holdout"}) {
      const std::string path = kData + dir;
      LabelledSet& set = (*sets_)[dir];
      auto config = LoadExportConfig(path + "/all_accounts.yaml");
      ASSERT_TRUE(config.ok()) << config.status();
      set.config = *std::move(config);
      auto reader = CrmExportReader::Create(set.config);
      ASSERT_TRUE(reader.ok());
      auto vendor = (*reader)->Read(path + "/vendor.csv");
      auto partner = (*reader)->Read(path + "/partner.csv");
      ASSERT_TRUE(vendor.ok()) << vendor.status();
      ASSERT_TRUE(partner.ok()) << partner.status();
      set.vendor = *std::move(vendor);
      set.partner = *std::move(partner);
      set.truth = ReadPairs(path + "/truth.csv");
      set.negatives = ReadPairs(path + "/hard_negatives.csv");
    }
  }
  static void TearDownTestSuite() {
    delete sets_;
    sets_ = nullptr;
  }

  static const LabelledSet& Set(const std::string& dir) {
    return sets_->at(dir);
  }

  static Quality Measure(const std::string& dir, v1::MatchPolicy policy) {
    const LabelledSet& set = Set(dir);
    auto match = MatchLocally({&set.vendor, set.config.populations},
                              {&set.partner, set.config.populations}, policy);
    EXPECT_TRUE(match.ok()) << match.status();
    Quality q;
    if (!match.ok()) return q;
    std::set<IdPair> found;
    for (const MatchedPair& pair : match->pairs) {
      found.insert({set.vendor.accounts[pair.mine].account_id,
                    set.partner.accounts[pair.theirs].account_id});
    }
    for (const IdPair& pair : found) {
      if (set.truth.count(pair) != 0) {
        ++q.true_positives;
      } else {
        ++q.false_positives;
      }
      q.hard_negatives_matched += set.negatives.count(pair);
    }
    q.false_negatives = set.truth.size() - q.true_positives;
    return q;
  }

  static std::map<std::string, LabelledSet>* sets_;
};

std::map<std::string, LabelledSet>* MatchingQualityTest::sets_ = nullptr;

// --- tests/data/matching -------------------------------------------------

TEST_F(MatchingQualityTest, TheLabelledSetIsWhatTheReadmeSays) {
  const LabelledSet& set = Set("matching");
  EXPECT_EQ(set.vendor.summary.rows, 1172);
  EXPECT_EQ(set.partner.summary.rows, 1181);
  EXPECT_EQ(set.truth.size(), 658u);
  EXPECT_EQ(set.negatives.size(), 337u);
}

// Before the country and website vetoes (and the recall of #15): standard
// 630 true and 2 false (0.9968 / 0.9574), broad 646 and 2 (0.9969 /
// 0.9818). The one false match left under standard is SoftBank Group
// (group.softbank) and SoftBank Corp. (softbank.jp): one brand label, one
// country.
TEST_F(MatchingQualityTest, StandardMeetsTheGoal) {
  const Quality q = Measure("matching", v1::MATCH_POLICY_STANDARD);
  EXPECT_EQ(q.true_positives, 646u);
  EXPECT_EQ(q.false_positives, 1u);
  EXPECT_EQ(q.hard_negatives_matched, 1u);
  EXPECT_GE(q.precision(), 0.995);
  EXPECT_GE(q.recall(), 0.95);
}

TEST_F(MatchingQualityTest, StrictNeverMatchesOnNamesAndMakesNoFalseMatch) {
  const Quality q = Measure("matching", v1::MATCH_POLICY_STRICT);
  EXPECT_EQ(q.true_positives, 499u);
  EXPECT_EQ(q.false_positives, 0u);
  EXPECT_DOUBLE_EQ(q.precision(), 1.0);
}

TEST_F(MatchingQualityTest, BroadAddsNameVariantsWithoutLosingPrecision) {
  const Quality q = Measure("matching", v1::MATCH_POLICY_BROAD);
  EXPECT_EQ(q.true_positives, 647u);
  EXPECT_EQ(q.false_positives, 2u);
  EXPECT_GE(q.precision(), 0.9969);
  EXPECT_GE(q.recall(), 0.97);
}

// --- tests/data/matching_hard ---------------------------------------------

struct Pinned {
  const char* dir;
  v1::MatchPolicy policy;
  size_t true_positives;
  size_t false_positives;
  size_t hard_negatives_matched;
};

// Measured on the set as built (tools/eval_matching.py prints the same).
// Before the vetoes and the recall of #15 (the build of main): tune
// standard 1546 true and 44 false (0.9723 / 0.8705), broad 1587 and 72
// (0.9566 / 0.8936); holdout standard 1471 and 54 (0.9646 / 0.8562), broad
// 1519 and 68 (0.9572 / 0.8842); strict as now.
constexpr Pinned kHardSet[] = {
    {"matching_hard/tune", v1::MATCH_POLICY_STRICT, 1007, 0, 0},
    {"matching_hard/tune", v1::MATCH_POLICY_STANDARD, 1649, 8, 7},
    {"matching_hard/tune", v1::MATCH_POLICY_BROAD, 1699, 8, 7},
    {"matching_hard/holdout", v1::MATCH_POLICY_STRICT, 953, 0, 0},
    {"matching_hard/holdout", v1::MATCH_POLICY_STANDARD, 1594, 7, 6},
    {"matching_hard/holdout", v1::MATCH_POLICY_BROAD, 1645, 8, 7},
};

TEST_F(MatchingQualityTest, TheHardSetIsWhatItsReadmeSays) {
  for (const char* dir : {"matching_hard/tune", "matching_hard/holdout"}) {
    const LabelledSet& set = Set(dir);
    EXPECT_GE(set.vendor.summary.rows, 3000) << dir;
    EXPECT_GE(set.partner.summary.rows, 3000) << dir;
  }
  EXPECT_EQ(Set("matching_hard/tune").vendor.summary.rows, 3150);
  EXPECT_EQ(Set("matching_hard/tune").partner.summary.rows, 3250);
  EXPECT_EQ(Set("matching_hard/holdout").vendor.summary.rows, 3104);
  EXPECT_EQ(Set("matching_hard/holdout").partner.summary.rows, 3146);
  EXPECT_EQ(Set("matching_hard/tune").truth.size(), 1776u);
  EXPECT_EQ(Set("matching_hard/holdout").truth.size(), 1718u);
  EXPECT_EQ(Set("matching_hard/tune").negatives.size(), 651u);
  EXPECT_EQ(Set("matching_hard/holdout").negatives.size(), 664u);
}

TEST_F(MatchingQualityTest, TheHardSetFiguresArePinnedPerPolicyAndHalf) {
  for (const Pinned& p : kHardSet) {
    const Quality q = Measure(p.dir, p.policy);
    const std::string what =
        std::string(p.dir) + " " + MatchPolicyName(p.policy);
    EXPECT_EQ(q.true_positives, p.true_positives) << what;
    EXPECT_EQ(q.false_positives, p.false_positives) << what;
    EXPECT_EQ(q.hard_negatives_matched, p.hard_negatives_matched) << what;
  }
}

// The precision goals hold on the untuned half. Its recall is below the
// goals (standard 0.928, broad 0.958): a third of its true pairs share no
// website, and many names face each other in two scripts (see its README);
// even strict finds only 0.555 of them.
TEST_F(MatchingQualityTest, TheHardSetsUntunedHalfMeetsThePrecisionGoals) {
  const Quality standard =
      Measure("matching_hard/holdout", v1::MATCH_POLICY_STANDARD);
  EXPECT_GE(standard.precision(), 0.995);
  EXPECT_GE(standard.recall(), 0.92);
  const Quality broad =
      Measure("matching_hard/holdout", v1::MATCH_POLICY_BROAD);
  EXPECT_GE(broad.precision(), 0.99);
  EXPECT_GE(broad.recall(), 0.95);
  const Quality strict =
      Measure("matching_hard/holdout", v1::MATCH_POLICY_STRICT);
  EXPECT_GE(strict.precision(), 0.999);
}

}  // namespace
}  // namespace blindmap
