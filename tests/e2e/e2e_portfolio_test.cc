// The partner portfolio end to end, against a real blindmapd on 127.0.0.1:
// acme maps three partners from crafted exports with known overlaps (globex
// with a previous period, initech without a target list, hooli a
// counts-only candidate under a minimum population of 12) and gets the
// asserted coverage, white space, account categories and partner scores;
// the ICP exchange round-trips sealed, and the broker's files hold no ICP
// text and no exclusion reason.
#include <stdlib.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/broker_fixture.h"
#include "tests/support/file_scan.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

constexpr char kSegment[] = "Prospects \xC2\xB7 Financial Services";

// One account: a company code ("C001" for companies several parties have,
// "G001" for one party's own), its type, industry and flags.
struct Account {
  std::string code;
  std::string type;
  std::string industry;
  bool target = false;
  bool do_not_share = false;
};

// Accounts `prefix` first..last with the same type and industry.
void AddRange(std::vector<Account>& out, const char* prefix, int first,
              int last, const std::string& type, const std::string& industry,
              bool target = false) {
  for (int i = first; i <= last; ++i) {
    out.push_back(
        {absl::StrFormat("%s%03d", prefix, i), type, industry, target});
  }
}

std::string Csv(const std::vector<Account>& accounts) {
  std::string csv =
      "Account ID,Account Name,Type,Website,Industry,Target,Do Not Share\n";
  for (const Account& a : accounts) {
    absl::StrAppend(&csv, "id-", a.code, ",Zentrix ", a.code, " Group,", a.type,
                    ",https://www.zentrix-", a.code, ".com/,", a.industry, ",",
                    a.target ? "yes" : "", ",", a.do_not_share ? "yes" : "",
                    "\n");
  }
  return csv;
}

std::vector<Account> AcmeAccounts() {
  std::vector<Account> acme;
  AddRange(acme, "C", 1, 10, "Customer", "Software");
  AddRange(acme, "C", 11, 20, "Customer", "Banking");
  AddRange(acme, "C", 21, 30, "Prospect", "Retail");
  AddRange(acme, "C", 31, 40, "Prospect", "Banking");
  AddRange(acme, "C", 41, 50, "Other", "Energy", /*target=*/true);
  for (int i = 1; i <= 3; ++i) {
    acme.push_back({absl::StrFormat("X%03d", i), "Customer", "Software", false,
                    /*do_not_share=*/true});
  }
  AddRange(acme, "X", 4, 5, "Competitor", "Software");
  return acme;
}

std::vector<Account> GlobexAccounts(bool october) {
  std::vector<Account> globex;
  AddRange(globex, "C", october ? 5 : 1, 10, "Customer", "Software");
  AddRange(globex, "C", 21, 25, "Customer", "Retail");
  AddRange(globex, "G", 1, 15, "Customer", "Banking");
  AddRange(globex, "C", 11, 13, "Prospect", "Banking");
  AddRange(globex, "C", 26, 27, "Prospect", "Retail");
  AddRange(globex, "C", 41, 41, "Prospect", "Energy");
  AddRange(globex, "C", 42, 46, "Other", "Energy", /*target=*/true);
  return globex;
}

std::vector<Account> InitechAccounts() {
  std::vector<Account> initech;
  AddRange(initech, "C", 15, 24, "Customer", "Software");
  AddRange(initech, "I", 1, 5, "Customer", "Software");
  AddRange(initech, "C", 31, 36, "Prospect", "Banking");
  return initech;
}

std::vector<Account> HooliAccounts() {
  std::vector<Account> hooli;
  AddRange(hooli, "C", 1, 5, "Customer", "Software");
  AddRange(hooli, "C", 31, 33, "Customer", "Banking");
  AddRange(hooli, "H", 1, 10, "Customer", "Software");
  AddRange(hooli, "C", 16, 20, "Prospect", "Software");
  AddRange(hooli, "H", 11, 14, "Prospect", "Software");
  return hooli;
}

constexpr char kPopulations[] = R"yaml(export: {file: accounts.csv}
populations:
  - {name: Customers, kind: customer, where: {column: Type, equals: Customer}}
  - {name: Prospects, kind: prospect, where: {column: Type, equals: Prospect}}
)yaml";

constexpr char kAcmeYaml[] =
    R"yaml(  - {name: Targets, role: target_list, where: {column: Target, equals: yes}}
  - {name: ICP, role: icp, where: {column: Industry, equals: Banking}}
segments:
  - {name: Financial Services, of: Prospects, where: {column: Industry, equals: Banking}}
exclusions:
  - {reason: Zeqlar legal hold, where: {column: Do Not Share, equals: yes}}
  - {reason: Competitor, where: {column: Type, equals: Competitor}}
icp:
  industry: [Banking, Insurance, Quxiomics]
  company_size: 500-5000
  geography: [EMEA, North America]
  technology_stack: [Salesforce, AWS]
  business_challenges: Quxiom canary challenge
  buying_center: [CFO, CTO]
  budget_range: {min: 50000, max: 500000, currency: EUR}
partner_scoring:
  scorecard: scorecard.csv
  onboarding_capacity_per_quarter: 1
  producing: {file: opportunities.csv, partner_column: Partner Account}
partners:
  hooli: {candidate: {until: 2026-12-31}}
  globex: {crm_names: [Globex Corp], icp_scores: {business_challenges: 4}}
sharing:
  levels: {Customers: overlaps}
)yaml";

constexpr char kGlobexYaml[] =
    R"yaml(  - {name: Targets, role: target_list, where: {column: Target, equals: yes}}
  - {name: ICP, role: icp, where: {column: Industry, equals: Banking}}
segments:
  - {name: Financial Services, of: Customers, where: {column: Industry, equals: Banking}}
icp:
  industry: [Banking, Healthcare]
  company_size: 1000+
  geography: EMEA
  technology_stack: [AWS, Azure]
  business_challenges: Vexlor canary regulation
  budget_range: {min: 100000, max: 200000, currency: EUR}
)yaml";

class PortfolioTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    setenv("BLINDMAP_FAKE_NOW", "2026-11-20", 1);
    StartBroker();
    AddParty("acme", std::string(kPopulations) + kAcmeYaml);
    AddParty("globex", std::string(kPopulations) + kGlobexYaml);
    AddParty("initech", kPopulations);
    AddParty("hooli", kPopulations);
    WriteFile(party_dir("acme") + "/accounts.csv", Csv(AcmeAccounts()));
    WriteFile(party_dir("initech") + "/accounts.csv", Csv(InitechAccounts()));
    WriteFile(party_dir("hooli") + "/accounts.csv", Csv(HooliAccounts()));
    WriteFile(party_dir("acme") + "/scorecard.csv",
              "partner,segment_fit,motion,motion_fit,selling_capacity\n"
              "globex,1,refer,1,1\n"
              "initech,5,co-sell,4,3\n"
              "hooli,4,resell,5,5\n"
              "umbrella,5,co-sell,5,5\n");
    WriteFile(party_dir("acme") + "/opportunities.csv",
              "Opportunity,Stage,Partner Account\n"
              "o1,Closed Won,Globex Corp\n"
              "o2,Negotiation,globex corp\n"
              "o3,Closed Won,\n"
              "o4,Prospecting,Wayne Enterprises\n");
  }
  void TearDown() override {
    BrokerTest::TearDown();
    unsetenv("BLINDMAP_FAKE_NOW");
  }

  Json RunJson(const std::string& party, std::vector<std::string> args) {
    args.insert(args.end(), {"--format", "json"});
    const ProcessResult run = Blindmap(party, args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return Json::parse(run.out, nullptr, false);
  }

  void Sync(const std::string& party, const std::string& partner,
            const std::string& period = "") {
    std::vector<std::string> args = {"sync", "--partner", partner};
    if (!period.empty()) args.insert(args.end(), {"--period", period});
    const ProcessResult run = Blindmap(party, args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }

  // The three partnerships, October for acme and globex, then `sync --all`.
  void MapThePortfolio() {
    Partner("acme", "globex", NoProbeLimitArgs());
    Partner("acme", "initech", NoProbeLimitArgs());
    Partner(
        "acme", "hooli",
        {"--min-population", "12", "--max-uploads", "0", "--min-changed", "0"});
    WriteFile(party_dir("globex") + "/accounts.csv",
              Csv(GlobexAccounts(/*october=*/true)));
    ASSERT_NO_FATAL_FAILURE(Sync("acme", "globex", "2026-10"));
    ASSERT_NO_FATAL_FAILURE(Sync("globex", "acme", "2026-10"));
    WriteFile(party_dir("globex") + "/accounts.csv",
              Csv(GlobexAccounts(/*october=*/false)));
    // The monthly routine: one read of the export, every partnership.
    const Json all = RunJson("acme", {"sync", "--all"});
    ASSERT_EQ(all.size(), 3u) << all.dump(2);
    for (const Json& run : all) {
      EXPECT_EQ(run["status"], "synced") << run.dump();
      // hooli is a candidate: counts only, whatever the sharing levels.
      EXPECT_EQ(run["detail_offered"].get<int>(),
                run["partner"] == "hooli" ? 0 : 20)
          << run.dump();
    }
    for (const char* partner : {"globex", "initech", "hooli"}) {
      ASSERT_NO_FATAL_FAILURE(Sync(partner, "acme"));
    }
  }

  void CheckPortfolio();
  void CheckCategoriesAndScore();
  void CheckIcpExchange();
};

const Json* Find(const Json& list, const std::string& key,
                 const std::string& value) {
  for (const Json& item : list) {
    if (item[key] == value) return &item;
  }
  return nullptr;
}

// One mapping (it takes a dozen syncs), three views of it.
TEST_F(PortfolioTest, OnePartyWithThreePartnersGetsItsPortfolio) {
  ASSERT_NO_FATAL_FAILURE(MapThePortfolio());
  {
    SCOPED_TRACE("portfolio");
    CheckPortfolio();
  }
  {
    SCOPED_TRACE("report categories and partner score");
    CheckCategoriesAndScore();
  }
  {
    SCOPED_TRACE("sealed ICP exchange");
    CheckIcpExchange();
  }
}

void PortfolioTest::CheckPortfolio() {
  const Json portfolio = RunJson("acme", {"portfolio"});
  ASSERT_EQ(portfolio["schema"], "blindmap.portfolio.v1");
  EXPECT_EQ(portfolio["counts"]["mapped"], 3);
  // Partner Coverage, by my overlap rate.
  const Json& partners = portfolio["partners"];
  ASSERT_EQ(partners.size(), 3u);
  EXPECT_EQ(partners[0]["partner"], "globex");
  EXPECT_EQ(partners[1]["partner"], "initech");
  EXPECT_EQ(partners[2]["partner"], "hooli");
  const Json& globex = partners[0];
  EXPECT_EQ(globex["period"], "2026-11");
  EXPECT_EQ(globex["my_records"], 50);
  EXPECT_EQ(globex["partner_records"], 41);
  EXPECT_EQ(globex["my_shared"], 26);
  EXPECT_EQ(globex["partner_shared"], 26);
  EXPECT_EQ(globex["score"], "Medium");
  EXPECT_EQ(globex["partner_score"], "High");
  // prospect/customer, customer/prospect, prospect/prospect,
  // customer/customer.
  std::vector<int> types;
  for (const Json& type : globex["overlap_types"]) {
    types.push_back(type["my_records"]);
  }
  EXPECT_EQ(types, (std::vector<int>{5, 3, 2, 10}));
  EXPECT_EQ(globex["trend"]["previous_period"], "2026-10");
  EXPECT_EQ(globex["trend"]["shared_change"], 4);
  EXPECT_NEAR(globex["trend"]["rate_change"].get<double>(), 0.08, 1e-9);
  EXPECT_FALSE(globex["partner_hides_populations"]);
  const Json& initech = partners[1];
  EXPECT_EQ(initech["my_shared"], 16);
  EXPECT_EQ(initech["partner_records"], 21);
  EXPECT_TRUE(initech["trend"].is_null());
  const Json& hooli = partners[2];
  EXPECT_EQ(hooli["candidate"], true);
  EXPECT_EQ(hooli["candidate_until"], "2026-12-31");
  EXPECT_EQ(hooli["my_shared"], 8);
  EXPECT_EQ(hooli["partner_shared"], 8);
  EXPECT_EQ(hooli["score"], "Low");
  EXPECT_EQ(hooli["suppressed_populations"]["mine"],
            Json({"Targets", kSegment}));
  EXPECT_EQ(hooli["suppressed_populations"]["partner"], Json({"Prospects"}));

  // Coverage of my populations.
  const Json& populations = portfolio["populations"];
  ASSERT_EQ(populations.size(), 5u);
  const auto coverage = [&](int i) {
    std::vector<Json> cells;
    for (const Json& cell : populations[i]["partners"]) {
      cells.push_back(cell["counted"] ? cell["covered"] : Json("n/c"));
    }
    return Json(cells);
  };
  EXPECT_EQ(populations[0]["population"], "Customers");
  EXPECT_EQ(coverage(0), Json({13, 6, 5}));
  EXPECT_EQ(populations[0]["covered_low"], 13);
  EXPECT_EQ(populations[0]["covered_high"], 20);
  EXPECT_EQ(populations[0]["partners_covering"], 3);
  EXPECT_EQ(coverage(1), Json({7, 10, 3}));
  EXPECT_EQ(populations[2]["population"], "Targets");
  EXPECT_EQ(coverage(2), Json({6, 0, "n/c"}));
  EXPECT_EQ(populations[2]["exact"], true);
  EXPECT_EQ(populations[2]["uncovered_low"], 4);
  EXPECT_EQ(populations[2]["partners"][2]["reason"],
            "not counted: fewer than 12 records (probe policy)");
  EXPECT_EQ(populations[3]["population"], "ICP");
  EXPECT_EQ(coverage(3), Json({3, 12, 3}));
  EXPECT_EQ(populations[4]["population"], kSegment);
  EXPECT_EQ(populations[4]["role"], "segment");
  EXPECT_EQ(coverage(4), Json({0, 6, "n/c"}));
  EXPECT_EQ(populations[4]["covered_low"], 6);
  EXPECT_EQ(populations[4]["uncovered_low"], 4);

  // White space: what each partner has that acme does not.
  const Json& space = portfolio["white_space"];
  const auto lack = [&](const std::string& partner,
                        const std::string& population) {
    for (const Json& row : space) {
      if (row["partner"] == partner && row["population"] == population) {
        return row["counted"] ? row["you_lack"] : Json("n/c");
      }
    }
    return Json(nullptr);
  };
  EXPECT_EQ(lack("globex", "Customers"), 15);
  EXPECT_EQ(lack("globex", "Prospects"), 0);
  EXPECT_EQ(lack("globex", "Customers \xC2\xB7 Financial Services"), 15);
  EXPECT_EQ(lack("globex", "ICP"), 15);
  EXPECT_EQ(lack("initech", "Customers"), 5);
  EXPECT_EQ(lack("hooli", "Customers"), 10);
  EXPECT_EQ(lack("hooli", "Prospects"), "n/c");
  ASSERT_EQ(portfolio["signals"].size(), 1u);
  EXPECT_THAT(portfolio["signals"][0].get<std::string>(),
              HasSubstr("globex has 15 accounts in Customers \xC2\xB7 "
                        "Financial Services that you do not have"));

  // Account categories per partner.
  const Json& gc = globex["categories"];
  EXPECT_EQ(gc["overlap_mine"], 20);
  EXPECT_EQ(gc["your_accounts"], 20);
  EXPECT_EQ(gc["partner_accounts"], 16);
  EXPECT_EQ(gc["greenfield_mine"], 5);
  EXPECT_EQ(initech["categories"]["greenfield_counted"], false);
  EXPECT_EQ(initech["categories"]["your_accounts"], 24);
  EXPECT_EQ(hooli["categories"]["overlap_mine"], 8);
  EXPECT_EQ(hooli["categories"]["partner_accounts"], 10);

  // The same numbers in the other formats.
  const ProcessResult text = Blindmap("acme", {"portfolio"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("Partner Coverage"));
  EXPECT_THAT(text.out, HasSubstr("| globex  | 2026-11 | 26 / 26"));
  EXPECT_THAT(text.out, HasSubstr("+4 (+8.0 pts) since 2026-10"));
  EXPECT_THAT(text.out, HasSubstr("13-20"));
  EXPECT_THAT(text.out, HasSubstr("candidate until 2026-12-31"));
  const ProcessResult csv =
      Blindmap("acme", {"portfolio", "--format", "csv", "--sort", "partner"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("\r\npartner,globex,,,mapped,2026-11,,26,26,"
                                 "50,"));
  const ProcessResult markdown =
      Blindmap("acme", {"portfolio", "--format", "markdown"});
  EXPECT_THAT(markdown.out, HasSubstr("## Coverage of my populations"));
}

void PortfolioTest::CheckCategoriesAndScore() {
  const Json report = RunJson("acme", {"report", "--partner", "globex"});
  const Json& categories = report["account_categories"]["categories"];
  ASSERT_EQ(categories.size(), 5u);
  const auto row = [&](const char* id) { return *Find(categories, "id", id); };
  EXPECT_EQ(row("greenfield")["my_records"], 5);
  EXPECT_EQ(row("your_accounts")["my_records"], 20);
  EXPECT_EQ(row("partner_accounts")["partner_records"], 16);
  EXPECT_EQ(row("overlap")["my_records"], 20);
  EXPECT_EQ(row("exclusions")["my_records"], 5);
  EXPECT_EQ(report["account_categories"]["exclusions"],
            Json::parse(R"([{"reason": "Zeqlar legal hold", "accounts": 3},
                            {"reason": "Competitor", "accounts": 2}])"));
  const Json hooli = RunJson("acme", {"report", "--partner", "hooli"});
  const Json& greenfield = hooli["account_categories"]["categories"][0];
  EXPECT_EQ(greenfield["counted"], false);
  EXPECT_THAT(greenfield["reason"].get<std::string>(),
              HasSubstr("Your target list Targets has fewer than 12 records"));
  const ProcessResult text =
      Blindmap("acme", {"report", "--partner", "globex"});
  EXPECT_THAT(text.out, HasSubstr("Account Categories"));
  EXPECT_THAT(text.out, HasSubstr("Zeqlar legal hold: 3; Competitor: 2."));

  const Json score = RunJson("acme", {"partner", "score"});
  ASSERT_EQ(score["schema"], "blindmap.partner_score.v1");
  std::vector<std::string> order;
  std::vector<std::string> decisions;
  for (const Json& p : score["partners"]) {
    order.push_back(p["partner"]);
    decisions.push_back(p["decision"]);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"umbrella", "initech", "hooli",
                                             "globex"}));
  EXPECT_EQ(decisions, (std::vector<std::string>{"nurture", "recruit now",
                                                 "nurture", "pass"}));
  const Json& initech = score["partners"][1];
  EXPECT_NEAR(initech["score"].get<double>(), 48.0 / 11, 1e-9);
  EXPECT_DOUBLE_EQ(
      initech["dimensions"]["target_market_overlap"]["rate"].get<double>(),
      0.6);
  EXPECT_DOUBLE_EQ(
      initech["dimensions"]["pipeline_overlap"]["rate"].get<double>(), 0.5);
  EXPECT_EQ(score["partners"][2]["status"], "candidate");
  EXPECT_EQ(score["partners"][0]["status"], "not mapped");
  EXPECT_EQ(score["producing"]["signed_partners"], 2);
  EXPECT_EQ(score["producing"]["producing_partners"], 1);
  EXPECT_EQ(score["producing"]["partner_sourced_deals"], 3);
  EXPECT_EQ(score["partners"][3]["deals_sourced"], 2);
}

void PortfolioTest::CheckIcpExchange() {
  // acme shares first: globex learns that, not what.
  ASSERT_EQ(
      Blindmap("acme", {"icp", "--partner", "globex", "--share"}).exit_code, 0);
  Json globex = RunJson("globex", {"icp", "--partner", "acme"});
  EXPECT_EQ(globex["exchange"]["partner_shared"], true);
  EXPECT_EQ(globex["exchange"]["i_shared"], false);
  EXPECT_EQ(globex["attributes"][0]["theirs"], "");
  ASSERT_EQ(
      Blindmap("globex", {"icp", "--partner", "acme", "--share"}).exit_code, 0);
  globex = RunJson("globex", {"icp", "--partner", "acme"});
  EXPECT_EQ(globex["attributes"][0]["theirs"], "Banking, Insurance, Quxiomics");

  const Json acme = RunJson("acme", {"icp", "--partner", "globex"});
  const Json& attributes = acme["attributes"];
  std::vector<Json> scores;
  for (const Json& a : attributes) scores.push_back(a["score"]);
  EXPECT_EQ(Json(scores), Json({3, 5, 5, 3, 4, nullptr, 5}));
  EXPECT_EQ(attributes[4]["theirs"], "Vexlor canary regulation");
  EXPECT_NEAR(acme["average"].get<double>(), 25.0 / 6, 1e-9);
  EXPECT_EQ(acme["measured"]["available"], true);
  EXPECT_EQ(acme["measured"]["my_inside_both"], 3);
  EXPECT_EQ(acme["measured"]["my_overlap"], 26);
  // The written time comes sealed with globex's definition.
  EXPECT_EQ(acme["exchange"]["partner_written_at"], "2026-11-20T00:00:00Z");

  // Nothing of either ICP, and no exclusion reason, on the broker.
  std::vector<Needle> needles;
  for (const char* text :
       {"Quxiomics", "Quxiom canary challenge", "Vexlor canary regulation",
        "Healthcare", "Salesforce", "Zeqlar legal hold", "Globex Corp"}) {
    AddNeedle(needles, text, "ICP or local text");
  }
  const auto files = ReadTree(data_dir(), {broker_log()});
  EXPECT_THAT(FindNeedles(files, needles), testing::IsEmpty());
  // The scan sees what is stored by design (a segment's name).
  EXPECT_TRUE(AnyFileContains(files, kSegment));

  // Withdrawing: globex no longer sees acme's.
  ASSERT_EQ(
      Blindmap("acme", {"icp", "--partner", "globex", "--withdraw"}).exit_code,
      0);
  globex = RunJson("globex", {"icp", "--partner", "acme"});
  EXPECT_EQ(globex["exchange"]["partner_shared"], false);
  EXPECT_EQ(globex["attributes"][0]["theirs"], "");
}

TEST_F(PortfolioTest, AnExpiredCandidateMappingIsRefused) {
  Partner("acme", "hooli", NoProbeLimitArgs());
  std::string config = ReadFileOrEmpty(party_dir("acme") + "/blindmap.yaml");
  const size_t at = config.find("until: 2026-12-31");
  ASSERT_NE(at, std::string::npos);
  config.replace(at, 17, "until: 2026-11-19");
  WriteFile(party_dir("acme") + "/blindmap.yaml", config);
  const ProcessResult sync = Blindmap("acme", {"sync", "--partner", "hooli"});
  EXPECT_EQ(sync.exit_code, 6) << sync.err;
  EXPECT_THAT(sync.err, HasSubstr("the candidate mapping with hooli ended on "
                                  "2026-11-19"));
}

// The demo's second partner matches Acme as examples/README.md says: 45
// companies, 15 / 10 / 12 / 8 by overlap type, each once on both sides.
TEST(ExampleFilesTest, InitechMatchesAcmeAsDesigned) {
  TempDir dir;
  WriteFile(dir.path() + "/blindmap.yaml", "state_dir: state\n");
  const ProcessResult local =
      RunCommand({BlindmapPath(), "--config", dir.path() + "/blindmap.yaml",
                  "match-local", SourcePath("examples/acme-salesforce.csv"),
                  SourcePath("examples/initech-salesforce.csv"), "--no-pairs",
                  "--format", "json"});
  ASSERT_EQ(local.exit_code, 0) << local.err;
  const Json report = Json::parse(local.out, nullptr, false)["report"];
  EXPECT_EQ(report["my_snapshot"]["records"], 187);
  EXPECT_EQ(report["partner_snapshot"]["records"], 120);
  EXPECT_EQ(report["my_snapshot"]["overlapping_records"], 45);
  EXPECT_EQ(report["partner_snapshot"]["overlapping_records"], 45);
  // Rows Customers, Prospects; columns the same.
  EXPECT_EQ(report["matrix"]["my_records"], Json::parse("[[15, 10], [12, 8]]"));
  EXPECT_EQ(report["matrix"]["partner_records"],
            Json::parse("[[15, 10], [12, 8]]"));
}

}  // namespace
}  // namespace blindmap
