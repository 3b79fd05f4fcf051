// The portfolio's config sections: population roles, ICP segments, target
// lists without relationship accounts, exclusions with reasons, the ICP,
// partner scoring and per-partner settings.
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

absl::StatusOr<ClientConfig> Parse(const std::string& yaml) {
  return ParseClientConfig(std::string(kBroker) + yaml, "client.yaml");
}

std::string ErrorOf(const std::string& yaml) {
  absl::StatusOr<ClientConfig> config = Parse(yaml);
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(config.status().message());
}

const std::vector<std::string> kHeader = {"Type", "Industry", "Target",
                                          "Do Not Share", "Competitor"};

// The populations `fields` belongs to.
std::vector<std::string> Members(const ClientConfig& config,
                                 const std::vector<std::string>& fields) {
  std::vector<std::string> names;
  for (PopulationConfig population : config.populations) {
    EXPECT_TRUE(population.filter.Bind(kHeader, true).ok());
    if (population.filter.Matches(fields)) names.push_back(population.name);
  }
  return names;
}

constexpr char kPortfolioYaml[] = R"yaml(
populations:
  - {name: Customers, kind: customer, where: {column: Type, equals: Customer}}
  - {name: Prospects, kind: prospect, where: {column: Type, equals: Prospect}}
  - name: Targets
    role: target_list
    where: {column: Target, equals: yes}
  - name: ICP
    role: icp
    where: {column: Industry, equals: [Banking, Insurance]}
segments:
  - {name: Financial Services, of: Prospects, where: {column: Industry, equals: [Banking, Insurance]}}
exclusions:
  - {reason: Legal hold, where: {column: Do Not Share, equals: yes}}
  - {reason: Competitor, where: {column: Competitor, equals: yes}}
icp:
  industry: [Banking, Insurance]
  company_size: 500-5000
  geography: EMEA
  business_challenges: compliance reporting
  budget_range: {min: 50000, max: 500000, currency: EUR}
partner_scoring:
  scorecard: scorecard.csv
  thresholds: {recruit_now: 4, nurture: 3}
  onboarding_capacity_per_quarter: 2
  producing: {file: opps.csv, partner_column: Partner Account, where: {column: Stage, prefix: Closed}}
partners:
  initech:
    candidate: {until: 2026-12-31}
    icp_scores: {business_challenges: 4}
    crm_names: [Initech Inc, INITECH]
)yaml";

TEST(PortfolioConfigTest, SegmentsTargetListsAndRolesBecomePopulations) {
  absl::StatusOr<ClientConfig> config = Parse(kPortfolioYaml);
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->populations.size(), 5u);
  const PopulationConfig& segment = config->populations[4];
  EXPECT_EQ(segment.name, "Prospects \xC2\xB7 Financial Services");
  EXPECT_EQ(segment.kind, v1::POPULATION_KIND_OTHER);
  EXPECT_EQ(segment.role, v1::POPULATION_ROLE_SEGMENT);
  EXPECT_EQ(config->populations[2].role, v1::POPULATION_ROLE_TARGET_LIST);
  EXPECT_EQ(config->populations[3].role, v1::POPULATION_ROLE_ICP);
  // A banking prospect on the target list: in the segment, not in the
  // target list (it has a relationship).
  EXPECT_THAT(
      Members(*config, {"Prospect", "Banking", "yes", "", ""}),
      ElementsAre("Prospects", "ICP", "Prospects \xC2\xB7 Financial Services"));
  // A target without a relationship stays on the target list.
  EXPECT_THAT(Members(*config, {"", "Retail", "yes", "", ""}),
              ElementsAre("Targets"));
  EXPECT_THAT(Members(*config, {"Customer", "Insurance", "", "", ""}),
              ElementsAre("Customers", "ICP"));
}

TEST(PortfolioConfigTest, ExclusionsJoinExcludeAndKeepTheirReasons) {
  absl::StatusOr<ClientConfig> config =
      Parse(std::string(kPortfolioYaml) +
            "exclude: {column: Type, equals: Partner}\n");
  ASSERT_TRUE(config.ok()) << config.status();
  const auto& exclusions = config->portfolio.exclusions;
  ASSERT_EQ(exclusions.size(), 3u);
  EXPECT_THAT(exclusions[0].reason, HasSubstr("`exclude`"));
  EXPECT_EQ(exclusions[1].reason, "Legal hold");
  EXPECT_EQ(exclusions[2].reason, "Competitor");
  ASSERT_TRUE(config->exclude.has_value());
  RowFilter exclude = *config->exclude;
  ASSERT_TRUE(exclude.Bind(kHeader, true).ok());
  EXPECT_TRUE(exclude.Matches({"Partner", "", "", "", ""}));
  EXPECT_TRUE(exclude.Matches({"Customer", "", "", "yes", ""}));
  EXPECT_TRUE(exclude.Matches({"Customer", "", "", "", "yes"}));
  EXPECT_FALSE(exclude.Matches({"Customer", "", "", "", ""}));
}

TEST(PortfolioConfigTest, IcpScoringAndPartnerSettingsAreRead) {
  absl::StatusOr<ClientConfig> config = Parse(kPortfolioYaml);
  ASSERT_TRUE(config.ok()) << config.status();
  const IcpDefinitionConfig& icp = config->portfolio.icp;
  EXPECT_TRUE(icp.defined);
  EXPECT_THAT(icp.industry, ElementsAre("Banking", "Insurance"));
  EXPECT_EQ(icp.company_size.min, 500u);
  EXPECT_EQ(icp.company_size.max, 5000u);
  EXPECT_THAT(icp.geography, ElementsAre("EMEA"));
  EXPECT_EQ(icp.business_challenges, "compliance reporting");
  EXPECT_EQ(icp.budget_range.min, 50000u);
  EXPECT_EQ(icp.budget_range.max, 500000u);
  EXPECT_EQ(icp.budget_currency, "EUR");
  EXPECT_EQ(icp.population, "ICP");  // the population with role icp
  const PartnerScoringConfig& scoring = config->portfolio.scoring;
  EXPECT_EQ(scoring.recruit_now_threshold, 4);
  EXPECT_EQ(scoring.nurture_threshold, 3);
  EXPECT_EQ(scoring.onboarding_capacity_per_quarter, 2);
  EXPECT_EQ(scoring.weight_target_market, 3);  // default
  EXPECT_EQ(scoring.producing_partner_column, "Partner Account");
  EXPECT_TRUE(scoring.producing_where.has_value());
  const PartnerPortfolioConfig& initech = config->portfolio.For("initech");
  EXPECT_TRUE(initech.candidate);
  ASSERT_TRUE(initech.candidate_until.has_value());
  EXPECT_EQ(*initech.candidate_until, absl::CivilDay(2026, 12, 31));
  EXPECT_EQ(initech.icp_scores.at("business_challenges"), 4);
  EXPECT_THAT(initech.crm_names, ElementsAre("Initech Inc", "INITECH"));
  EXPECT_FALSE(config->portfolio.For("globex").candidate);
}

TEST(PortfolioConfigTest, ACandidateSharesCountsOnly) {
  absl::StatusOr<ClientConfig> config =
      Parse(std::string(kPortfolioYaml) + R"yaml(
sharing:
  levels: {Customers: overlaps, Prospects: hidden}
  opt_in: {accounts: [a1]}
)yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  const SharingConfig globex = config->SharingFor("globex");
  EXPECT_EQ(globex.LevelOf("Customers"), v1::SHARING_LEVEL_OVERLAPS);
  EXPECT_THAT(globex.opt_in.accounts, ElementsAre("a1"));
  const SharingConfig initech = config->SharingFor("initech");
  EXPECT_EQ(initech.LevelOf("Customers"), v1::SHARING_LEVEL_COUNTS);
  EXPECT_EQ(initech.LevelOf("Prospects"), v1::SHARING_LEVEL_HIDDEN);
  EXPECT_TRUE(initech.opt_in.empty());
}

TEST(PortfolioConfigTest, MistakesAreNamedWhereTheyAre) {
  EXPECT_THAT(ErrorOf("populations:\n  - {name: T, kind: customer, role: "
                      "target_list, where: all}\n"),
              HasSubstr("a population with a role is of kind other"));
  EXPECT_THAT(ErrorOf("populations:\n  - {name: T, role: vip, where: all}\n"),
              HasSubstr("expected target_list, icp or segment"));
  EXPECT_THAT(ErrorOf("segments:\n  - {name: FS, of: Nobody, where: all}\n"),
              HasSubstr("segments[0].of"));
  EXPECT_THAT(ErrorOf("exclusions:\n  - {where: all}\n"),
              HasSubstr("exclusions[0].reason"));
  EXPECT_THAT(ErrorOf("icp:\n  company_size: 5000-500\n"),
              HasSubstr("icp.company_size"));
  EXPECT_THAT(ErrorOf("icp:\n  population: Nobody\n"),
              HasSubstr("no population has this name"));
  EXPECT_THAT(ErrorOf("partner_scoring:\n  thresholds: {recruit_now: 2, "
                      "nurture: 3}\n"),
              HasSubstr("nurture must not be above recruit_now"));
  EXPECT_THAT(ErrorOf("partners:\n  globex: {icp_scores: {industry: 6}}\n"),
              HasSubstr("a score is 1 to 5"));
  EXPECT_THAT(ErrorOf("partners:\n  globex: {candidate: {until: soon}}\n"),
              HasSubstr("YYYY-MM-DD"));
  // Errors say where: file and line.
  EXPECT_THAT(ErrorOf("\n\nicp:\n  industri: [x]\n"),
              HasSubstr("client.yaml:"));
}

}  // namespace
}  // namespace blindmap
