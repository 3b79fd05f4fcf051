// The broker and `blindmap match-local` apply the same rule: on the same two
// exports (both labelled sets, tests/data/matching and both halves of
// tests/data/matching_hard), under each match policy, they report the same
// counts; `match-local --explain` says which veto kept each look-alike
// apart.
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/broker_fixture.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;

const std::string kData = SourcePath("tests/data/matching");
const std::string kHardData = SourcePath("tests/data/matching_hard/holdout");

// Every record in one population, as in the evaluation.
constexpr char kAllAccounts[] =
    "populations:\n"
    "  - name: All accounts\n"
    "    kind: other\n"
    "    where: all\n";

class MatchLocalTest : public BrokerTest,
                       public ::testing::WithParamInterface<
                           std::tuple<const char*, const char*>> {};

nlohmann::json Counts(const nlohmann::json& report) {
  return {{"my_records", report["my_snapshot"]["records"]},
          {"partner_records", report["partner_snapshot"]["records"]},
          {"my_overlapping", report["my_snapshot"]["overlapping_records"]},
          {"partner_overlapping",
           report["partner_snapshot"]["overlapping_records"]},
          {"matrix_mine", report["matrix"]["my_records"]},
          {"matrix_theirs", report["matrix"]["partner_records"]},
          {"policy", report["match_policy"]}};
}

TEST_P(MatchLocalTest, BrokerCountsEqualMatchLocalCounts) {
  const std::string data = SourcePath(std::get<0>(GetParam()));
  const std::string policy = std::get<1>(GetParam());
  StartBroker();
  AddParty("vendor", kAllAccounts);
  AddParty("partner", kAllAccounts);
  const ProcessResult invite = Blindmap(
      "vendor", {"partner", "invite", "partner", "--match-policy", policy});
  ASSERT_EQ(invite.exit_code, 0) << invite.err;
  ASSERT_EQ(Blindmap("partner", {"partner", "accept", "vendor"},
                     SecretFromInviteOutput(invite.out) + "\n")
                .exit_code,
            0);
  ASSERT_EQ(Blindmap("vendor", {"sync", "--partner", "partner", "--input",
                                data + "/vendor.csv"})
                .exit_code,
            0);
  ASSERT_EQ(Blindmap("partner", {"sync", "--partner", "vendor", "--input",
                                 data + "/partner.csv"})
                .exit_code,
            0);
  const ProcessResult broker = Blindmap(
      "vendor", {"report", "--partner", "partner", "--format", "json"});
  ASSERT_EQ(broker.exit_code, 0) << broker.err;
  const auto broker_report = nlohmann::json::parse(broker.out, nullptr, false);

  const std::string config = data + "/all_accounts.yaml";
  const ProcessResult local = RunCommand(
      {BlindmapPath(), "--config", config, "match-local", data + "/vendor.csv",
       data + "/partner.csv", "--partner-config", config, "--policy", policy,
       "--format", "json"});
  ASSERT_EQ(local.exit_code, 0) << local.err;
  const auto local_json = nlohmann::json::parse(local.out, nullptr, false);

  EXPECT_EQ(Counts(broker_report), Counts(local_json["report"]));
  EXPECT_EQ(broker_report["match_policy"], policy);
  // The pairs behind the local counts: each vendor record counts once.
  std::set<int64_t> vendor_rows;
  for (const auto& pair : local_json["pairs"]) {
    vendor_rows.insert(pair["my_row"].get<int64_t>());
  }
  EXPECT_EQ(
      vendor_rows.size(),
      local_json["report"]["my_snapshot"]["overlapping_records"].get<size_t>());
  // Policies differ, so the test would notice a policy being ignored.
  EXPECT_GT(local_json["pair_count"].get<int>(), 400);
}

INSTANTIATE_TEST_SUITE_P(
    SetsAndPolicies, MatchLocalTest,
    ::testing::Combine(::testing::Values("tests/data/matching",
                                         "tests/data/matching_hard/tune",
                                         "tests/data/matching_hard/holdout"),
                       ::testing::Values("strict", "standard", "broad")),
    [](const ::testing::TestParamInfo<MatchLocalTest::ParamType>& param) {
      std::string set = std::get<0>(param.param);
      set = set.substr(set.find("matching"));
      for (char& c : set) {
        if (c == '/') c = '_';
      }
      return set + "_" + std::get<1>(param.param);
    });

TEST_F(BrokerTest, MatchLocalExplainSaysWhichVetoKeptEachLookAlikeApart) {
  const std::string config = kHardData + "/all_accounts.yaml";
  const std::string pairs_csv = root() + "/pairs.csv";
  const ProcessResult local =
      RunCommand({BlindmapPath(), "--config", config, "match-local",
                  kHardData + "/vendor.csv", kHardData + "/partner.csv",
                  "--partner-config", config, "--explain", "--format", "json",
                  "--pairs", pairs_csv});
  ASSERT_EQ(local.exit_code, 0) << local.err;
  const auto json = nlohmann::json::parse(local.out, nullptr, false);
  ASSERT_TRUE(json.contains("vetoed")) << local.out.substr(0, 200);
  std::set<std::string> vetoes;
  for (const auto& pair : json["vetoed"]) {
    const std::string veto = pair["veto"].get<std::string>();
    vetoes.insert(veto);
    if (veto == "country") {
      EXPECT_THAT(pair["why"].get<std::string>(),
                  ::testing::StartsWith("different countries: "));
    } else if (veto == "website") {
      EXPECT_THAT(pair["why"].get<std::string>(),
                  ::testing::StartsWith("different websites: "));
    }
  }
  EXPECT_THAT(vetoes, ::testing::IsSupersetOf({"country", "website"}));
  EXPECT_EQ(json["vetoed_count"].get<size_t>(), json["vetoed"].size());
  // The pairs CSV lists them too, with the verdict and why.
  std::ifstream file(pairs_csv);
  std::stringstream csv;
  csv << file.rdbuf();
  EXPECT_THAT(csv.str(),
              ::testing::StartsWith("my_row,my_account_id,partner_row,"
                                    "partner_account_id,matched_on,keys,"
                                    "verdict,why\n"));
  EXPECT_THAT(csv.str(), HasSubstr(",country,different countries: "));
  EXPECT_THAT(csv.str(), HasSubstr(",website,different websites: "));
  EXPECT_THAT(csv.str(), HasSubstr(",match,"));
  // In text too; without --explain nothing of it.
  const ProcessResult text =
      RunCommand({BlindmapPath(), "--config", config, "match-local",
                  kHardData + "/vendor.csv", kHardData + "/partner.csv",
                  "--partner-config", config, "--explain"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("Look-alikes a veto kept apart: "));
  EXPECT_THAT(text.out, HasSubstr("different countries: "));
  const ProcessResult plain =
      RunCommand({BlindmapPath(), "--config", config, "match-local",
                  kHardData + "/vendor.csv", kHardData + "/partner.csv",
                  "--partner-config", config, "--format", "json"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_FALSE(
      nlohmann::json::parse(plain.out, nullptr, false).contains("vetoed"));
}

TEST_F(BrokerTest, MatchLocalPolicyChangesTheCountsAndShowsTheKeys) {
  const std::string config = kData + "/all_accounts.yaml";
  int previous = 0;
  for (const char* policy : {"strict", "standard", "broad"}) {
    const ProcessResult local = RunCommand(
        {BlindmapPath(), "--config", config, "match-local",
         kData + "/vendor.csv", kData + "/partner.csv", "--partner-config",
         config, "--policy", policy, "--format", "json"});
    ASSERT_EQ(local.exit_code, 0) << local.err;
    const auto json = nlohmann::json::parse(local.out, nullptr, false);
    const int pairs = json["pair_count"].get<int>();
    EXPECT_GT(pairs, previous) << policy;
    previous = pairs;
  }
  const ProcessResult text = RunCommand(
      {BlindmapPath(), "--config", config, "match-local", kData + "/vendor.csv",
       kData + "/partner.csv", "--partner-config", config});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("Matched pairs under the standard policy: "));
  EXPECT_THAT(text.out, HasSubstr("domain "));
  EXPECT_THAT(text.out, HasSubstr("Partner Coverage Matrix"));
}

}  // namespace
}  // namespace blindmap
