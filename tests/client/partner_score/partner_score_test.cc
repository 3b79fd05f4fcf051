// Partner ICP scoring: the scorecard file, the producing share from the
// opportunity partner field, and the ranking into recruit now / nurture /
// pass with thresholds and onboarding capacity.
#include "client/partner_score/partner_score.h"

#include <fstream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "client/partner_score/producing.h"
#include "client/partner_score/score_render.h"
#include "client/partner_score/scorecard.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;

std::string Write(const TempDir& dir, const std::string& name,
                  const std::string& text) {
  const std::string path = dir.path() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(ScorecardTest, ReadsEnteredDimensions) {
  TempDir dir;
  const std::string path =
      Write(dir, "scorecard.csv",
            "Partner,Segment Fit,Motion,Motion fit,Selling_Capacity,Notes\r\n"
            "globex,4,co-sell; refer,5,3,\"strong in banking, EMEA\"\r\n"
            "umbrella,2,resell,,1,\r\n"
            ",,,,,\r\n");
  const auto card = ReadScorecard(path);
  ASSERT_TRUE(card.ok()) << card.status();
  ASSERT_EQ(card->size(), 2u);
  const ScorecardEntry& globex = card->at("globex");
  EXPECT_EQ(globex.segment_fit, 4);
  EXPECT_EQ(globex.motion, "co-sell, refer");
  EXPECT_EQ(globex.motion_fit, 5);
  EXPECT_EQ(globex.selling_capacity, 3);
  EXPECT_EQ(globex.notes, "strong in banking, EMEA");
  EXPECT_FALSE(card->at("umbrella").motion_fit.has_value());
}

TEST(ScorecardTest, NamesTheRowAndColumnOfAMistake) {
  TempDir dir;
  EXPECT_THAT(
      std::string(
          ReadScorecard(Write(dir, "a.csv", "partner,segment_fit\nglobex,6\n"))
              .status()
              .message()),
      HasSubstr("a.csv: row 2, column 2 (segment_fit): a score is a whole "
                "number from 1 to 5"));
  EXPECT_THAT(
      std::string(ReadScorecard(Write(dir, "b.csv", "partner,size\nglobex,1\n"))
                      .status()
                      .message()),
      HasSubstr("b.csv: row 1, column 2: unknown column"));
  EXPECT_THAT(std::string(ReadScorecard(
                              Write(dir, "c.csv", "partner\nglobex\nglobex\n"))
                              .status()
                              .message()),
              HasSubstr("row 3 (partner): globex is listed twice"));
  EXPECT_THAT(std::string(ReadScorecard(Write(dir, "d.csv",
                                              "partner,motion\nX Corp,refer\n"))
                              .status()
                              .message()),
              HasSubstr("row 2 (partner)"));
  EXPECT_EQ(ReadScorecard(dir.path() + "/none.csv").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ProducingTest, CountsDealsPerPartnerByCrmName) {
  TempDir dir;
  ClientConfig config;
  config.portfolio.scoring.producing_file =
      Write(dir, "opps.csv",
            "Opportunity,Stage,Partner Account\n"
            "o1,Closed Won,Globex Consulting\n"
            "o2,Prospecting,globex\n"
            "o3,Closed Won,\n"
            "o4,Closed Won,Vandelay\n"
            "o5,Closed Lost, GLOBEX  consulting \n");
  config.portfolio.scoring.producing_partner_column = "partner account";
  config.portfolio.partners["globex"].crm_names = {"Globex Consulting"};
  const auto counts = CountProducing(config, {"globex", "initech"});
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->deals, 5);
  EXPECT_EQ(counts->partner_sourced, 4);
  EXPECT_EQ(counts->by_partner.at("globex"), 3);
  EXPECT_EQ(counts->by_partner.at("initech"), 0);
  EXPECT_EQ(counts->unknown_partner, 1);
  config.portfolio.scoring.producing_partner_column = "Partner";
  EXPECT_THAT(std::string(CountProducing(config, {}).status().message()),
              HasSubstr("no column \"Partner\""));
  config.portfolio.scoring.producing_partner_column = "";
  EXPECT_EQ(CountProducing(config, {}).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

RowFilter Every() {
  const absl::StatusOr<YamlConfig> yaml = YamlConfig::Parse("w: all", "t");
  return *RowFilter::FromYaml(*yaml, yaml->root()["w"], "w");
}

PartnerFetch Mapped(const std::string& partner, uint64_t icp_records,
                    uint64_t icp_overlap, uint64_t pipeline_records,
                    uint64_t pipeline_overlap) {
  PartnerFetch fetch;
  fetch.partner = partner;
  fetch.partnership.set_state(v1::PARTNERSHIP_STATE_ACTIVE);
  v1::OverlapReport& report = *fetch.entry.emplace().mutable_report();
  report.set_period("2026-11");
  v1::PopulationOverlap* icp = report.add_my_populations();
  icp->set_name("ICP");
  icp->set_records(icp_records);
  icp->set_overlapping_records(icp_overlap);
  v1::PopulationOverlap* pipeline = report.add_my_populations();
  pipeline->set_name("Open Opportunities");
  pipeline->set_records(pipeline_records);
  pipeline->set_overlapping_records(pipeline_overlap);
  return fetch;
}

class PartnerScoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [name, role, kind] : std::vector<
             std::tuple<std::string, v1::PopulationRole, v1::PopulationKind>>{
             {"Customers", v1::POPULATION_ROLE_UNSPECIFIED,
              v1::POPULATION_KIND_CUSTOMER},
             {"Open Opportunities", v1::POPULATION_ROLE_UNSPECIFIED,
              v1::POPULATION_KIND_PROSPECT},
             {"ICP", v1::POPULATION_ROLE_ICP, v1::POPULATION_KIND_OTHER}}) {
      config_.populations.push_back({name, kind, Every(), role});
    }
    config_.portfolio.scoring.onboarding_capacity_per_quarter = 1;
    config_.portfolio.partners["initech"].candidate = true;
    config_.portfolio.partners["hooli"].candidate = true;
    fetch_.me = "acme";
    // globex: signed; 60% of ICP, 30% of pipeline.
    fetch_.partners.push_back(Mapped("globex", 100, 60, 50, 15));
    // initech, hooli: candidates, both strong.
    fetch_.partners.push_back(Mapped("initech", 100, 54, 50, 30));
    fetch_.partners.push_back(Mapped("hooli", 100, 48, 50, 25));
    // wayne: signed, little overlap.
    fetch_.partners.push_back(Mapped("wayne", 100, 3, 50, 0));
    card_["globex"] = {"globex", 4, "co-sell", 5, 4, "", 2};
    card_["initech"] = {"initech", 5, "resell", 4, 4, "", 3};
    card_["hooli"] = {"hooli", 4, "refer", 3, 4, "", 4};
    card_["wayne"] = {"wayne", 2, "refer", 2, 1, "", 5};
    card_["umbrella"] = {"umbrella", 5, "co-sell", 5, 5, "", 6};
    ProducingCounts producing;
    producing.source = "opps.csv";
    producing.column = "Partner Account";
    producing.deals = 10;
    producing.partner_sourced = 4;
    producing.by_partner = {{"globex", 4}, {"wayne", 0}};
    producing_ = producing;
  }

  ClientConfig config_;
  PortfolioFetch fetch_;
  std::map<std::string, ScorecardEntry> card_;
  absl::StatusOr<ProducingCounts> producing_ = absl::UnknownError("unset");
};

TEST_F(PartnerScoreTest, RanksIntoRecruitNurtureAndPassWithinCapacity) {
  const PartnerScoreModel model =
      BuildPartnerScores(fetch_, config_, card_, producing_);
  EXPECT_EQ(model.target_market, std::vector<std::string>{"ICP"});
  EXPECT_EQ(model.open_pipeline,
            std::vector<std::string>{"Open Opportunities"});
  ASSERT_EQ(model.rows.size(), 5u);
  // Scores (weights 3, 3, 2, 1, 2 over 1 + 4 x rate / 60%):
  //   globex  5, 3, 4, 5, 4       -> (15+9+8+5+8)/11 = 45/11 = 4.09
  //   initech 4.6, 5, 5, 4, 4     -> (13.8+15+10+4+8)/11 = 4.62
  //   hooli   4.2, 4.33, 4, 3, 4  -> (12.6+13+8+3+8)/11 = 4.05
  //   wayne   1.2, 1, 2, 2, 1     -> (3.6+3+4+2+2)/11 = 1.33
  //   umbrella (not mapped)  5, 5, 5 over weights 5 -> 5
  EXPECT_EQ(model.rows[0].partner, "umbrella");
  EXPECT_EQ(model.rows[0].status, "not mapped");
  EXPECT_NEAR(*model.rows[0].score, 5.0, 1e-9);
  EXPECT_EQ(model.rows[0].decision, "nurture");
  EXPECT_THAT(model.rows[0].decision_note, HasSubstr("no measured overlap"));
  EXPECT_EQ(model.rows[1].partner, "initech");
  EXPECT_NEAR(*model.rows[1].score, 50.8 / 11, 1e-9);
  EXPECT_EQ(model.rows[1].decision, "recruit now");  // the one place
  EXPECT_EQ(model.rows[2].partner, "globex");
  EXPECT_NEAR(*model.rows[2].score, 45.0 / 11, 1e-9);
  EXPECT_EQ(model.rows[2].decision, "recruit now");  // signed: no onboarding
  EXPECT_EQ(model.rows[3].partner, "hooli");
  EXPECT_EQ(model.rows[3].decision, "nurture");
  EXPECT_THAT(model.rows[3].decision_note,
              HasSubstr("over the onboarding capacity (1 per quarter)"));
  EXPECT_EQ(model.rows[4].partner, "wayne");
  EXPECT_EQ(model.rows[4].decision, "pass");
  EXPECT_EQ(model.rows[4].rank, 5);
  ASSERT_TRUE(model.rows[2].dimensions[0].rate.has_value());
  EXPECT_DOUBLE_EQ(*model.rows[2].dimensions[0].rate, 0.6);
  EXPECT_EQ(model.rows[2].dimensions[0].source, "60 of 100 (60.0%) in ICP");
  // Producing share: of the signed partners globex and wayne, globex
  // sourced deals.
  EXPECT_TRUE(model.producing_available);
  EXPECT_EQ(model.signed_partners, 2);
  EXPECT_EQ(model.producing_partners, 1);
  EXPECT_DOUBLE_EQ(model.producing_share, 0.5);
  EXPECT_EQ(model.rows[2].deals_sourced, 4);
}

TEST_F(PartnerScoreTest, ThresholdsAreConfigurable) {
  config_.portfolio.scoring.recruit_now_threshold = 4.5;
  config_.portfolio.scoring.nurture_threshold = 1.2;
  config_.portfolio.scoring.onboarding_capacity_per_quarter = 0;
  const PartnerScoreModel model =
      BuildPartnerScores(fetch_, config_, card_, producing_);
  EXPECT_EQ(model.rows[1].decision, "recruit now");  // initech 4.62
  EXPECT_EQ(model.rows[2].decision, "nurture");      // globex 4.09
  EXPECT_EQ(model.rows[4].decision, "nurture");      // wayne 1.33
}

TEST_F(PartnerScoreTest, FormatsAgree) {
  const PartnerScoreModel model =
      BuildPartnerScores(fetch_, config_, card_, producing_);
  const std::string text = RenderPartnerScores(model, OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("|    2 | initech  | candidate"));
  EXPECT_THAT(text, HasSubstr("60.0% -> 5.0"));
  EXPECT_THAT(text, HasSubstr("Producing share: 1 of 2 signed partners "
                              "sourced a deal (50.0%)"));
  const nlohmann::json json =
      nlohmann::json::parse(RenderPartnerScores(model, OutputFormat::kJson));
  EXPECT_EQ(json["schema"], "blindmap.partner_score.v1");
  EXPECT_EQ(json["partners"][1]["partner"], "initech");
  EXPECT_EQ(json["partners"][1]["decision"], "recruit now");
  EXPECT_DOUBLE_EQ(
      json["partners"][2]["dimensions"]["target_market_overlap"]["rate"], 0.6);
  EXPECT_EQ(json["producing"]["producing_partners"], 1);
  const std::string csv = RenderPartnerScores(model, OutputFormat::kCsv);
  EXPECT_THAT(csv, HasSubstr("\r\n2,initech,candidate,2026-11,4.60,5.00,5.00,"
                             "4.00,4.00,4.62,recruit now,"));
  EXPECT_THAT(csv, HasSubstr(",producing_share,"));
}

}  // namespace
}  // namespace blindmap
