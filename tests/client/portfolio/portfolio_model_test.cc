// The portfolio's view model and renderers over crafted broker answers:
// Partner Coverage with trend and sorting, coverage of my populations with
// its range, white space and its signals, categories, and every format
// agreeing on the numbers.
#include "client/portfolio/portfolio_model.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/portfolio/portfolio_render.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSegment[] = "Prospects \xC2\xB7 Financial Services";
constexpr char kTheirSegment[] = "Customers \xC2\xB7 Financial Services";

void AddPopulation(
    google::protobuf::RepeatedPtrField<v1::PopulationOverlap>* populations,
    const std::string& name, v1::PopulationKind kind, uint64_t records,
    uint64_t overlapping,
    v1::PopulationRole role = v1::POPULATION_ROLE_UNSPECIFIED) {
  v1::PopulationOverlap* p = populations->Add();
  p->set_name(name);
  p->set_kind(kind);
  p->set_role(role);
  p->set_records(records);
  p->set_overlapping_records(overlapping);
}

void AddCell(v1::OverlapReport& report, uint32_t row, uint32_t column,
             uint64_t mine, uint64_t theirs) {
  v1::OverlapCell* cell = report.add_cells();
  cell->set_row(row);
  cell->set_column(column);
  cell->set_my_records(mine);
  cell->set_partner_records(theirs);
}

v1::Partnership Partnership(const std::string& id, const std::string& partner,
                            v1::PartnershipState state) {
  v1::Partnership p;
  p.set_id(id);
  p.set_inviter("acme");
  p.set_invitee(partner);
  p.set_state(state);
  p.mutable_probe_policy()->set_min_population_size(25);
  return p;
}

class PortfolioModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.populations.clear();
    const absl::StatusOr<YamlConfig> yaml = YamlConfig::Parse("w: all", "t");
    ASSERT_TRUE(yaml.ok());
    const absl::StatusOr<RowFilter> every =
        RowFilter::FromYaml(*yaml, yaml->root()["w"], "w");
    ASSERT_TRUE(every.ok());
    for (const char* name : {"Customers", "Prospects", kSegment}) {
      config_.populations.push_back({name, v1::POPULATION_KIND_OTHER, *every});
    }
    config_.portfolio.partners["initech"].candidate = true;
    config_.portfolio.partners["initech"].candidate_until =
        absl::CivilDay(2026, 12, 31);

    fetch_.me = "acme";
    // globex: mapped, a previous period, a suppressed population of theirs.
    PartnerFetch& globex = fetch_.partners.emplace_back();
    globex.partner = "globex";
    globex.partnership =
        Partnership("p-globex", "globex", v1::PARTNERSHIP_STATE_ACTIVE);
    v1::PortfolioEntry& g = globex.entry.emplace();
    v1::OverlapReport& report = *g.mutable_report();
    *report.mutable_partnership() = globex.partnership;
    report.set_partner("globex");
    report.set_period("2026-11");
    report.mutable_mine()->set_records(180);
    report.mutable_mine()->set_uploaded_at_unix(1795000000);
    report.mutable_theirs()->set_records(90);
    report.mutable_theirs()->set_uploaded_at_unix(1795100000);
    report.set_my_overlapping_records(50);
    report.set_partner_overlapping_records(27);
    AddPopulation(report.mutable_my_populations(), "Customers",
                  v1::POPULATION_KIND_CUSTOMER, 100, 30);
    AddPopulation(report.mutable_my_populations(), "Prospects",
                  v1::POPULATION_KIND_PROSPECT, 80, 20);
    AddPopulation(report.mutable_my_populations(), kSegment,
                  v1::POPULATION_KIND_OTHER, 26, 0,
                  v1::POPULATION_ROLE_SEGMENT);
    AddPopulation(report.mutable_partner_populations(), "Customers",
                  v1::POPULATION_KIND_CUSTOMER, 50, 25);
    AddPopulation(report.mutable_partner_populations(), kTheirSegment,
                  v1::POPULATION_KIND_OTHER, 40, 2,
                  v1::POPULATION_ROLE_SEGMENT);
    AddCell(report, 0, 0, 18, 17);  // customer / customer
    AddCell(report, 0, 1, 1, 1);
    AddCell(report, 1, 0, 12, 12);  // prospect / customer
    AddCell(report, 1, 1, 1, 1);
    AddCell(report, 2, 0, 0, 0);
    AddCell(report, 2, 1, 0, 0);
    report.add_partner_suppressed_populations("Churned");
    *report.mutable_probe_policy() = globex.partnership.probe_policy();
    v1::OverlapReport& previous = *g.mutable_previous();
    previous.set_period("2026-10");
    previous.mutable_mine()->set_records(170);
    previous.set_my_overlapping_records(40);
    v1::AccountCategories& categories = *g.mutable_categories();
    categories.set_my_relationship_records(180);
    categories.set_partner_relationship_records(90);
    categories.set_my_overlap_records(50);
    categories.set_partner_overlap_records(27);
    categories.set_greenfield_counted(true);
    categories.set_my_greenfield_records(7);
    categories.set_partner_greenfield_records(6);

    // initech: mapped candidate; my segment too small there.
    PartnerFetch& initech = fetch_.partners.emplace_back();
    initech.partner = "initech";
    initech.partnership =
        Partnership("p-initech", "initech", v1::PARTNERSHIP_STATE_ACTIVE);
    v1::PortfolioEntry& i = initech.entry.emplace();
    v1::OverlapReport& other = *i.mutable_report();
    *other.mutable_partnership() = initech.partnership;
    other.set_partner("initech");
    other.set_period("2026-11");
    other.mutable_mine()->set_records(180);
    other.mutable_theirs()->set_records(60);
    other.set_my_overlapping_records(45);
    other.set_partner_overlapping_records(50);
    AddPopulation(other.mutable_my_populations(), "Customers",
                  v1::POPULATION_KIND_CUSTOMER, 100, 10);
    AddPopulation(other.mutable_my_populations(), "Prospects",
                  v1::POPULATION_KIND_PROSPECT, 80, 40);
    AddPopulation(other.mutable_partner_populations(), "Customers",
                  v1::POPULATION_KIND_CUSTOMER, 60, 50);
    AddCell(other, 0, 0, 10, 12);
    AddCell(other, 1, 0, 35, 38);
    other.add_my_suppressed_populations(kSegment);
    *other.mutable_probe_policy() = initech.partnership.probe_policy();
    i.set_partner_hides_populations(true);
    i.mutable_categories()->add_notes(
        "initech has no target list counted for you, so Greenfield is not "
        "counted");

    // hooli: invited, not accepted.
    PartnerFetch& hooli = fetch_.partners.emplace_back();
    hooli.partner = "hooli";
    hooli.partnership =
        Partnership("p-hooli", "hooli", v1::PARTNERSHIP_STATE_PENDING);
    hooli.status =
        absl::FailedPreconditionError("invited; waiting for hooli to accept");
  }

  ClientConfig config_;
  PortfolioFetch fetch_;
};

TEST_F(PortfolioModelTest, PartnerCoverageHasRatesTypesTrendAndFlags) {
  const PortfolioModel model =
      BuildPortfolioModel(fetch_, config_, PortfolioSort::kRate);
  ASSERT_EQ(model.partners.size(), 3u);
  EXPECT_EQ(model.mapped, 2);
  EXPECT_EQ(model.pending, 1);
  const PartnerCoverage& globex = model.partners[0];  // 27.8% before 25.0%
  EXPECT_EQ(globex.partner, "globex");
  EXPECT_EQ(globex.my_shared, 50u);
  EXPECT_EQ(globex.partner_shared, 27u);
  EXPECT_NEAR(globex.my_rate, 50.0 / 180, 1e-9);
  EXPECT_NEAR(globex.partner_rate, 0.3, 1e-9);
  EXPECT_STREQ(globex.score, "Low");
  EXPECT_STREQ(globex.partner_score, "Medium");
  // prospect/customer 12, customer/prospect 0, prospect/prospect 0,
  // customer/customer 18 (the segments are of kind other: no type).
  EXPECT_THAT(globex.types, ElementsAre(12, 0, 0, 18));
  ASSERT_TRUE(globex.has_previous);
  EXPECT_EQ(globex.previous_period, "2026-10");
  EXPECT_EQ(globex.shared_change, 10);
  EXPECT_NEAR(globex.rate_change, 50.0 / 180 - 40.0 / 170, 1e-9);
  EXPECT_EQ(globex.greenfield_mine, 7u);
  EXPECT_EQ(globex.your_accounts, 130u);
  EXPECT_EQ(globex.partner_accounts, 63u);
  EXPECT_THAT(globex.partner_suppressed, ElementsAre("Churned"));

  const PartnerCoverage& initech = model.partners[1];
  EXPECT_EQ(initech.partner, "initech");
  EXPECT_TRUE(initech.candidate);
  EXPECT_EQ(initech.candidate_until, "2026-12-31");
  EXPECT_TRUE(initech.partner_hides);
  EXPECT_FALSE(initech.has_previous);
  EXPECT_FALSE(initech.greenfield_counted);

  EXPECT_EQ(model.partners[2].status, "pending");
  EXPECT_THAT(model.partners[2].status_detail, HasSubstr("waiting for hooli"));
  EXPECT_THAT(
      model.notes,
      testing::Contains(HasSubstr("initech hides some of its populations")));

  // Sorted by the partner's rate, initech (83.3%) comes first.
  const PortfolioModel by_partner_rate =
      BuildPortfolioModel(fetch_, config_, PortfolioSort::kPartnerRate);
  EXPECT_EQ(by_partner_rate.partners[0].partner, "initech");
  EXPECT_EQ(by_partner_rate.partners[2].partner, "hooli");
}

TEST_F(PortfolioModelTest, PopulationCoverageIsARangeWhenPartnersOverlap) {
  const PortfolioModel model =
      BuildPortfolioModel(fetch_, config_, PortfolioSort::kRate);
  ASSERT_EQ(model.populations.size(), 3u);
  const PopulationCoverage& customers = model.populations[0];
  EXPECT_EQ(customers.population, "Customers");
  EXPECT_EQ(customers.records, 100u);
  EXPECT_EQ(customers.partners_covering, 2);
  EXPECT_FALSE(customers.exact);
  EXPECT_EQ(customers.covered_low, 30u);   // globex alone
  EXPECT_EQ(customers.covered_high, 40u);  // 30 + 10
  EXPECT_EQ(customers.uncovered_low, 60u);
  EXPECT_EQ(customers.uncovered_high, 70u);
  const PopulationCoverage& segment = model.populations[2];
  EXPECT_EQ(segment.population, kSegment);
  EXPECT_EQ(segment.role, "segment");
  EXPECT_EQ(segment.partners_counted, 1);
  EXPECT_EQ(segment.partners_covering, 0);
  EXPECT_TRUE(segment.exact);
  EXPECT_EQ(segment.uncovered_low, 26u);  // nobody helps here
  ASSERT_EQ(segment.partners.size(), 2u);
  EXPECT_FALSE(segment.partners[1].counted);
  EXPECT_EQ(segment.partners[1].reason,
            "not counted: fewer than 25 records (probe policy)");
}

TEST_F(PortfolioModelTest, WhiteSpaceShowsWhatPartnersHaveThatIDoNot) {
  const PortfolioModel model =
      BuildPortfolioModel(fetch_, config_, PortfolioSort::kRate);
  ASSERT_EQ(model.white_space.size(), 4u);
  const WhiteSpaceRow& segment = model.white_space[1];
  EXPECT_EQ(segment.partner, "globex");
  EXPECT_EQ(segment.population, kTheirSegment);
  EXPECT_EQ(segment.you_have, 2u);
  EXPECT_EQ(segment.you_lack, 38u);
  EXPECT_NEAR(segment.lack_rate, 0.95, 1e-9);
  EXPECT_FALSE(model.white_space[2].counted);     // globex's Churned
  EXPECT_EQ(model.white_space[3].you_lack, 10u);  // initech's customers
  // Only globex's segment is a gap (initech's customers: 83% covered).
  ASSERT_EQ(model.signals.size(), 1u);
  EXPECT_THAT(model.signals[0],
              HasSubstr(absl::StrCat("globex has 38 accounts in ",
                                     kTheirSegment, " that you do not have")));
}

TEST_F(PortfolioModelTest, EveryFormatShowsTheSameNumbers) {
  // A partner-supplied population name with a terminal escape in it.
  fetch_.partners[0]
      .entry->mutable_report()
      ->mutable_partner_populations(0)
      ->set_name("Customers\x1b]0;owned\x07");
  const PortfolioModel model =
      BuildPortfolioModel(fetch_, config_, PortfolioSort::kRate);
  const std::string text = RenderPortfolio(model, OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("Partner Coverage"));
  EXPECT_THAT(text, HasSubstr("| globex "));
  EXPECT_THAT(text, HasSubstr("50 / 27"));
  EXPECT_THAT(text, HasSubstr("+10 (+4.2 pts) since 2026-10"));
  EXPECT_THAT(text, HasSubstr("30-40"));  // customers covered by >= 1
  EXPECT_THAT(text, HasSubstr("candidate until 2026-12-31"));
  EXPECT_THAT(text, HasSubstr("Customers\\e]0;owned\\x07"));
  EXPECT_THAT(text, Not(HasSubstr("\x1b")));

  const std::string markdown = RenderPortfolio(model, OutputFormat::kMarkdown);
  EXPECT_THAT(markdown, HasSubstr("## Complementary coverage (white space)"));
  EXPECT_THAT(markdown, HasSubstr("| globex | 2026-11 | 50 / 27 |"));

  const nlohmann::json json =
      nlohmann::json::parse(RenderPortfolio(model, OutputFormat::kJson));
  EXPECT_EQ(json["schema"], "blindmap.portfolio.v1");
  EXPECT_EQ(json["partners"][0]["my_shared"], 50);
  EXPECT_EQ(json["partners"][0]["trend"]["shared_change"], 10);
  EXPECT_EQ(json["partners"][0]["categories"]["greenfield_mine"], 7);
  EXPECT_EQ(json["partners"][0]["overlap_types"][3]["my_records"], 18);
  EXPECT_EQ(json["populations"][0]["covered_high"], 40);
  EXPECT_EQ(json["white_space"][0]["population"], "Customers\x1b]0;owned\x07");
  EXPECT_EQ(json["partners"][2]["status"], "pending");

  const std::string csv = RenderPortfolio(model, OutputFormat::kCsv);
  EXPECT_THAT(csv,
              HasSubstr("\r\npartner,globex,,,mapped,2026-11,,50,27,180,"));
  EXPECT_THAT(
      csv, HasSubstr("population,,Customers,customer,,,,,,100,,,,,30,40,2,"));
  EXPECT_THAT(csv,
              HasSubstr("category,globex,,,counted,2026-11,greenfield,7,6"));
}

TEST(PortfolioSortTest, NamesRoundTrip) {
  for (const char* name :
       {"rate", "shared", "partner-rate", "partner", "trend", "synced"}) {
    absl::StatusOr<PortfolioSort> sort = ParsePortfolioSort(name);
    ASSERT_TRUE(sort.ok()) << name;
    EXPECT_STREQ(PortfolioSortName(*sort), name);
  }
  EXPECT_EQ(ParsePortfolioSort("size").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace blindmap
