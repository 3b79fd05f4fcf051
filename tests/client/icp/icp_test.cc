// ICP alignment: sealing one side's definition for a partner, the 1-5
// scores (set overlap, range overlap, manual for free text), the average,
// and the measured alignment from the overlap report.
#include <string>

#include "client/config/portfolio_config.h"
#include "client/icp/icp_compare.h"
#include "client/icp/icp_render.h"
#include "client/icp/icp_seal.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using ::testing::HasSubstr;

v1::IcpRange Range(uint64_t min, uint64_t max) {
  v1::IcpRange range;
  range.set_min(min);
  range.set_max(max);
  return range;
}

TEST(IcpScoreTest, ShareMapsOntoOneToFive) {
  EXPECT_EQ(ScoreOfShare(0), 1);
  EXPECT_EQ(ScoreOfShare(0.2), 2);
  EXPECT_EQ(ScoreOfShare(0.5), 3);
  EXPECT_EQ(ScoreOfShare(2.0 / 3), 4);
  EXPECT_EQ(ScoreOfShare(1), 5);
}

TEST(IcpScoreTest, ListsOverlapOnTheShorterListIgnoringCase) {
  const auto overlap = CompareLists({"Banking", "Insurance", "Retail"},
                                    {"insurance ", "BANKING"});
  ASSERT_TRUE(overlap.has_value());
  EXPECT_DOUBLE_EQ(overlap->share, 1.0);
  EXPECT_THAT(overlap->shared, testing::ElementsAre("Banking", "Insurance"));
  const auto some = CompareLists({"EMEA", "North  America"},
                                 {"north america", "APAC", "LATAM"});
  ASSERT_TRUE(some.has_value());
  EXPECT_DOUBLE_EQ(some->share, 0.5);
  EXPECT_FALSE(CompareLists({}, {"x"}).has_value());
}

TEST(IcpScoreTest, RangesOverlapOnTheShorterRange) {
  EXPECT_DOUBLE_EQ(*CompareRanges(Range(500, 5000), Range(1000, 3000)), 1.0);
  EXPECT_DOUBLE_EQ(*CompareRanges(Range(500, 5000), Range(4000, 8000)),
                   1000.0 / 4000);
  EXPECT_DOUBLE_EQ(*CompareRanges(Range(100, 200), Range(300, 400)), 0.0);
  EXPECT_DOUBLE_EQ(*CompareRanges(Range(1000, 0), Range(500, 2000)),
                   1000.0 / 1500);  // open above
  EXPECT_DOUBLE_EQ(*CompareRanges(Range(1000, 0), Range(5000, 0)), 1.0);
  EXPECT_DOUBLE_EQ(*CompareRanges(Range(700, 700), Range(500, 800)), 1.0);
  EXPECT_FALSE(CompareRanges(Range(0, 0), Range(1, 2)).has_value());
}

v1::IcpDefinition Acme() {
  IcpDefinitionConfig config;
  config.defined = true;
  config.industry = {"Banking", "Insurance", "Retail"};
  config.company_size = {500, 5000, true};
  config.geography = {"EMEA", "North America"};
  config.technology_stack = {"Salesforce", "AWS"};
  config.business_challenges = "compliance reporting";
  config.buying_center = {"CFO", "CTO"};
  config.budget_range = {50000, 500000, true};
  config.budget_currency = "EUR";
  config.population = "ICP";
  return IcpFromConfig(config, "acme", absl::FromUnixSeconds(1795000000));
}

v1::IcpDefinition Globex() {
  v1::IcpDefinition icp;
  icp.set_party("globex");
  icp.add_industry("banking");
  icp.add_industry("Healthcare");
  *icp.mutable_company_size() = Range(1000, 0);
  icp.add_geography("EMEA");
  icp.add_technology_stack("AWS");
  icp.add_technology_stack("Azure");
  icp.set_business_challenges("regulatory change");
  *icp.mutable_budget_range() = Range(100000, 200000);
  icp.set_budget_currency("eur");
  icp.set_population("Target ICP");
  return icp;
}

v1::OverlapReport ReportWithIcps() {
  v1::OverlapReport report;
  report.set_period("2026-11");
  report.set_my_overlapping_records(62);
  report.set_partner_overlapping_records(61);
  const auto add = [](auto* list, const char* name, v1::PopulationRole role) {
    v1::PopulationOverlap* p = list->Add();
    p->set_name(name);
    p->set_role(role);
  };
  add(report.mutable_my_populations(), "Customers",
      v1::POPULATION_ROLE_UNSPECIFIED);
  add(report.mutable_my_populations(), "ICP", v1::POPULATION_ROLE_ICP);
  add(report.mutable_partner_populations(), "Customers",
      v1::POPULATION_ROLE_UNSPECIFIED);
  add(report.mutable_partner_populations(), "Target ICP",
      v1::POPULATION_ROLE_ICP);
  for (uint32_t row = 0; row < 2; ++row) {
    for (uint32_t column = 0; column < 2; ++column) {
      v1::OverlapCell* cell = report.add_cells();
      cell->set_row(row);
      cell->set_column(column);
      cell->set_my_records(row == 1 && column == 1 ? 40 : 5);
      cell->set_partner_records(row == 1 && column == 1 ? 39 : 5);
    }
  }
  return report;
}

TEST(IcpCompareTest, ScoresEachAttributeAndAverages) {
  const v1::IcpDefinition globex = Globex();
  const v1::OverlapReport report = ReportWithIcps();
  const IcpComparison c = CompareIcps(
      Acme(), &globex, {{"business_challenges", 4}}, "acme", "globex", &report);
  ASSERT_EQ(c.attributes.size(), 7u);
  EXPECT_EQ(c.attributes[0].label, "Industry");
  EXPECT_EQ(c.attributes[0].score, 3);  // 1 of 2 (Banking): share 0.5
  EXPECT_THAT(c.attributes[0].method, HasSubstr("1 of 2 in common (Banking)"));
  EXPECT_EQ(c.attributes[1].score, 5);  // 1,000+ over 500-5,000: 4000 / 4500
  EXPECT_EQ(c.attributes[1].theirs, "1,000+ employees");
  EXPECT_EQ(c.attributes[2].score, 5);  // EMEA
  EXPECT_EQ(c.attributes[3].score, 3);  // AWS, of 2
  EXPECT_EQ(c.attributes[4].score, 4);  // manual
  EXPECT_THAT(c.attributes[4].method,
              HasSubstr("manual (partners.globex.icp_scores)"));
  EXPECT_FALSE(c.attributes[5].score.has_value());  // globex gave none
  EXPECT_EQ(c.attributes[5].method, "not given by globex");
  EXPECT_EQ(c.attributes[6].score, 5);  // 100k-200k inside 50k-500k
  EXPECT_EQ(c.scored, 6);
  ASSERT_TRUE(c.average.has_value());
  EXPECT_DOUBLE_EQ(*c.average, (3 + 5 + 5 + 3 + 4 + 5) / 6.0);
  ASSERT_TRUE(c.measured.available);
  EXPECT_EQ(c.measured.my_population, "ICP");
  EXPECT_EQ(c.measured.partner_population, "Target ICP");
  EXPECT_EQ(c.measured.my_inside_both, 40u);
  EXPECT_NEAR(c.measured.my_share, 40.0 / 62, 1e-9);
  EXPECT_EQ(c.measured.partner_inside_both, 39u);
}

TEST(IcpCompareTest, FreeTextWithoutAManualScoreIsNotScored) {
  const v1::IcpDefinition globex = Globex();
  const IcpComparison c =
      CompareIcps(Acme(), &globex, {}, "acme", "globex", nullptr);
  EXPECT_FALSE(c.attributes[4].score.has_value());
  EXPECT_THAT(c.attributes[4].method,
              HasSubstr("partners.globex.icp_scores.business_challenges"));
  EXPECT_FALSE(c.measured.available);
}

TEST(IcpCompareTest, WithoutThePartnersIcpOnlyManualScoresCount) {
  const v1::OverlapReport report = ReportWithIcps();
  const IcpComparison c =
      CompareIcps(Acme(), nullptr, {}, "acme", "globex", &report);
  EXPECT_FALSE(c.partner_icp);
  EXPECT_EQ(c.scored, 0);
  EXPECT_FALSE(c.average.has_value());
  EXPECT_THAT(c.attributes[0].method, HasSubstr("has not shared its ICP"));
  // Measured from the role alone.
  EXPECT_TRUE(c.measured.available);
  EXPECT_EQ(c.measured.partner_population, "Target ICP");
}

TEST(IcpCompareTest, MeasuredSaysWhyWhenAnIcpPopulationIsNotCounted) {
  v1::OverlapReport report = ReportWithIcps();
  report.mutable_partner_populations()->RemoveLast();
  report.add_partner_suppressed_populations("Target ICP");
  report.mutable_probe_policy()->set_min_population_size(25);
  const MeasuredAlignment m =
      MeasureAlignment(report, "ICP", "Target ICP", "globex");
  EXPECT_FALSE(m.available);
  EXPECT_EQ(m.reason,
            "globex's ICP population Target ICP has fewer than 25 records: "
            "not counted (probe policy)");
}

TEST(IcpSealTest, OpensOnlyForTheSamePartnershipAndAuthor) {
  const auto secret = PartnershipSecret::Generate();
  ASSERT_TRUE(secret.ok());
  const v1::IcpDefinition acme = Acme();
  const auto sealed = SealIcp(*secret, "p1", "acme", acme);
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  EXPECT_EQ(sealed->find("Banking"), std::string::npos);
  const auto opened = OpenIcp(*secret, "p1", "acme", *sealed);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->SerializeAsString(), acme.SerializeAsString());
  EXPECT_EQ(OpenIcp(*secret, "p2", "acme", *sealed).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(OpenIcp(*secret, "p1", "globex", *sealed).status().code(),
            absl::StatusCode::kDataLoss);
  const auto other = PartnershipSecret::Generate();
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(OpenIcp(*other, "p1", "acme", *sealed).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(IcpRenderTest, FormatsAgreeOnScoresAndTheMeasuredShare) {
  const v1::IcpDefinition globex = Globex();
  const v1::OverlapReport report = ReportWithIcps();
  IcpView view;
  view.comparison = CompareIcps(Acme(), &globex, {{"business_challenges", 4}},
                                "acme", "globex", &report);
  view.i_shared = view.partner_shared = true;
  view.my_shared_at_unix = 1795000000;
  view.partner_shared_at_unix = 1795100000;
  view.partner_written_at_unix = 1795090000;
  const std::string text = RenderIcp(view, OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("globex's definition was written on "
                              "2026-11-19 "));
  EXPECT_THAT(text, HasSubstr("ICP Definition Comparison"));
  EXPECT_THAT(text, HasSubstr("| Overall Alignment "));
  EXPECT_THAT(text, HasSubstr("4.2"));  // 25 / 6
  EXPECT_THAT(text, HasSubstr("40 (64.5%) are inside both ICPs"));
  const nlohmann::json json =
      nlohmann::json::parse(RenderIcp(view, OutputFormat::kJson));
  EXPECT_EQ(json["schema"], "blindmap.icp.v1");
  EXPECT_EQ(json["attributes"][0]["score"], 3);
  EXPECT_TRUE(json["attributes"][5]["score"].is_null());
  EXPECT_NEAR(json["average"].get<double>(), 25.0 / 6, 1e-9);
  EXPECT_EQ(json["measured"]["my_inside_both"], 40);
  const std::string csv = RenderIcp(view, OutputFormat::kCsv);
  EXPECT_THAT(csv, HasSubstr("average,overall_alignment,,,4.17,6 attributes"));
  EXPECT_THAT(RenderIcp(view, OutputFormat::kMarkdown),
              HasSubstr("## ICP Definition Comparison"));
}

}  // namespace
}  // namespace blindmap
