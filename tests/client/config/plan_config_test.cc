// The co-sell plan's section of blindmap.yaml: defaults, every key, errors
// that say where, and the relationship column or rules.
#include "client/config/plan_config.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/config/client_config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kBroker[] =
    "broker:\n"
    "  address: broker.example.com:7443\n"
    "  token_file: acme.token\n";

absl::StatusOr<PlanConfig> Parse(const std::string& plan_yaml) {
  absl::StatusOr<ClientConfig> config =
      ParseClientConfig(std::string(kBroker) + plan_yaml, "client.yaml");
  if (!config.ok()) return config.status();
  return config->plan;
}

TEST(PlanConfigTest, DefaultsAreTheGuidesWeightsAndTheTrackersTiers) {
  absl::StatusOr<PlanConfig> plan = Parse("");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->weights.partner_relationship, 3);
  EXPECT_EQ(plan->weights.icp_fit, 3);
  EXPECT_EQ(plan->weights.timing, 2);
  EXPECT_EQ(plan->weights.deal_size, 2);
  EXPECT_EQ(plan->weights.competition, 1);
  EXPECT_EQ(plan->tier1_size, 10);
  EXPECT_EQ(plan->tier2_size, 15);
  EXPECT_EQ(plan->first_touch_days, 14);
  EXPECT_FALSE(plan->acv.has_value());
  EXPECT_EQ(plan->icp.attributes(), 0);
  EXPECT_TRUE(plan->columns.empty());
}

TEST(PlanConfigTest, EveryKeyIsRead) {
  absl::StatusOr<PlanConfig> plan = Parse(R"yaml(
plan:
  columns: {stage: Deal Phase, amount: ACV Estimate, close_date: Expected,
            competitor: Rival, owner: AE, last_activity: Touched}
  relationship:
    rules:
      - {strength: champion, where: {column: Sponsor, empty: false}}
      - {strength: User, where: {column: Type, prefix: customer}}
  icp:
    industries: [Technology, Banking]
    employees: {min: 500, max: 50000}
    countries: Germany
    budget: {min: 50000}
  acv: 120000
  acv_band_percent: 10
  stages: {won: [Signed], lost: [Dropped, No Decision]}
  strong_competitors: [Initrode]
  timing: {active_days: 60, upcoming_days: 120}
  weights: {partner_relationship: 2, competition: 0}
  tiers: {tier1: 12, tier2: 5}
  first_touch_days: 10
)yaml");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->columns.at(PlanColumn::kStage), "Deal Phase");
  EXPECT_EQ(plan->columns.at(PlanColumn::kAmount), "ACV Estimate");
  EXPECT_EQ(plan->columns.at(PlanColumn::kLastActivity), "Touched");
  ASSERT_EQ(plan->relationship.rules.size(), 2u);
  EXPECT_EQ(plan->relationship.rules[0].strength,
            RelationshipStrength::kChampion);
  EXPECT_EQ(plan->relationship.rules[1].strength, RelationshipStrength::kUser);
  EXPECT_THAT(plan->icp.industries, ElementsAre("technology", "banking"));
  EXPECT_EQ(*plan->icp.employees.min, 500);
  EXPECT_EQ(*plan->icp.employees.max, 50000);
  EXPECT_THAT(plan->icp.countries, ElementsAre("germany"));
  EXPECT_EQ(*plan->icp.budget.min, 50000);
  EXPECT_FALSE(plan->icp.budget.max.has_value());
  EXPECT_EQ(plan->icp.attributes(), 4);
  EXPECT_EQ(*plan->acv, 120000);
  EXPECT_EQ(plan->acv_band_percent, 10);
  EXPECT_THAT(plan->won_stages, ElementsAre("signed"));
  EXPECT_THAT(plan->lost_stages, ElementsAre("dropped", "no decision"));
  EXPECT_THAT(plan->strong_competitors, ElementsAre("initrode"));
  EXPECT_EQ(plan->active_days, 60);
  EXPECT_EQ(plan->upcoming_days, 120);
  EXPECT_EQ(plan->weights.partner_relationship, 2);
  EXPECT_EQ(plan->weights.icp_fit, 3);
  EXPECT_EQ(plan->weights.competition, 0);
  EXPECT_EQ(plan->tier1_size, 12);
  EXPECT_EQ(plan->tier2_size, 5);
  EXPECT_EQ(plan->first_touch_days, 10);
}

// One ICP for a party: without plan.icp the plan reads the portfolio's
// top-level icp: section; a plan.icp of its own wins.
TEST(PlanConfigTest, WithoutItsOwnIcpThePlanUsesTheTopLevelIcp) {
  const std::string icp =
      "icp:\n"
      "  industry: [Technology, Banking]\n"
      "  company_size: 500-5000\n"
      "  geography: [Germany]\n"
      "  budget_range: \"50000+\"\n";
  absl::StatusOr<PlanConfig> plan = Parse(icp);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->icp.industries, ElementsAre("technology", "banking"));
  EXPECT_THAT(plan->icp.countries, ElementsAre("germany"));
  EXPECT_EQ(plan->icp.employees.min, 500);
  EXPECT_EQ(plan->icp.employees.max, 5000);
  EXPECT_EQ(plan->icp.budget.min, 50000);
  EXPECT_FALSE(plan->icp.budget.max.has_value());
  EXPECT_EQ(plan->icp.attributes(), 4);

  plan = Parse(icp + "plan:\n  icp: {countries: [France]}\n");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->icp.countries, ElementsAre("france"));
  EXPECT_TRUE(plan->icp.industries.empty());
  EXPECT_EQ(plan->icp.attributes(), 1);
}

TEST(PlanConfigTest, ErrorsNameTheFileLineAndKey) {
  struct Case {
    const char* yaml;
    const char* message;
  };
  const Case cases[] = {
      {"plan:\n  weigths: {icp_fit: 3}\n", "weigths"},
      {"plan:\n  weights: {icp_fit: 11}\n",
       "plan.weights.icp_fit: must be 0 to 10"},
      {"plan:\n  tiers: {tier1: 0}\n", "plan.tiers.tier1: must be 1 to 100"},
      {"plan:\n  acv: -5\n", "plan.acv: must be above 0"},
      {"plan:\n  icp: {employees: {min: 10, max: 5}}\n",
       "plan.icp.employees: min is greater than max"},
      {"plan:\n  relationship: {rules: [{strength: besties, where: all}]}\n",
       "plan.relationship.rules[0].strength: expected champion, user or "
       "awareness"},
      {"plan:\n  timing: {active_days: 90, upcoming_days: 30}\n",
       "upcoming_days must not be below active_days"},
      {"plan:\n  columns: {amout: Amount}\n", "amout"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<PlanConfig> plan = Parse(c.yaml);
    ASSERT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument)
        << c.yaml;
    EXPECT_THAT(plan.status().message(), HasSubstr("client.yaml:"));
    EXPECT_THAT(plan.status().message(), HasSubstr(c.message)) << c.yaml;
  }
}

TEST(PlanConfigTest, RelationshipComesFromTheColumnElseTheFirstMatchingRule) {
  absl::StatusOr<PlanConfig> plan = Parse(R"yaml(
plan:
  relationship:
    rules:
      - {strength: champion, where: {column: Sponsor, empty: false}}
      - {strength: awareness, where: all}
)yaml");
  ASSERT_TRUE(plan.ok()) << plan.status();
  RelationshipRule rule = plan->relationship;
  const std::vector<std::string> header = {"Name", "Relationship Strength",
                                           "Sponsor"};
  ASSERT_TRUE(rule.Bind(header, "crm.csv").ok());
  EXPECT_TRUE(rule.bound());
  EXPECT_EQ(rule.Evaluate({"A", "User", ""}), RelationshipStrength::kUser);
  EXPECT_EQ(rule.Evaluate({"A", " HIGH ", ""}),
            RelationshipStrength::kChampion);
  // An unreadable or empty cell falls through to the rules.
  EXPECT_EQ(rule.Evaluate({"A", "", "CFO"}), RelationshipStrength::kChampion);
  EXPECT_EQ(rule.Evaluate({"A", "friends", ""}),
            RelationshipStrength::kAwareness);

  RelationshipRule missing;
  missing.column = "Closeness";
  const absl::Status bound = missing.Bind(header, "crm.csv");
  EXPECT_EQ(bound.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bound.message(),
              HasSubstr("crm.csv: column \"Closeness\" "
                        "(plan.relationship.column) is not in the header"));
  RelationshipRule none;
  ASSERT_TRUE(none.Bind({"Name"}, "crm.csv").ok());
  EXPECT_FALSE(none.bound());
  EXPECT_EQ(none.Evaluate({"A"}), std::nullopt);
}

TEST(PlanConfigTest, SharingAcceptsTheRelationshipField) {
  absl::StatusOr<ClientConfig> config =
      ParseClientConfig(std::string(kBroker) +
                            "sharing: {fields: [account_name, relationship]}\n",
                        "client.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->sharing.Shares(DetailField::kRelationship));
  EXPECT_FALSE(config->sharing.Shares(DetailField::kOwner));
}

}  // namespace
}  // namespace blindmap
