// The co-sell plan end to end: a real blindmapd on 127.0.0.1, two parties
// with crafted exports (Salesforce and HubSpot, with the plan's columns),
// a fake clock for two monthly periods. November: the exact ranking,
// tiers, factors, activation and ROI figures; `plan update` records
// progress. December: the prospect that became a customer is a conversion,
// "what changed" lists the new and lost overlaps with their reasons and
// the status moves, and November's updates survive the re-sync.
#include <signal.h>
#include <stdlib.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/broker_fixture.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// acme's Salesforce export: 9 accounts, 8 of them also globex's.
const char kAcmeNovember[] =
    "Account ID,Account Name,Type,Website,Industry,Billing Country,Account "
    "Owner,Employees,Opportunity Stage,Amount,Close Date,Competitor,Last "
    "Activity\r\n"
    "001A,Apex Robotics,Prospect,apex-robotics.test,Technology,Germany,Dana "
    "Whitlock,5000,Qualification,150000,12/15/2026,,\r\n"
    "001B,Borealis Bank,Prospect,borealis-bank.test,Banking,Germany,Evan "
    "Oduya,20000,,,,,\r\n"
    "001C,Cobalt Foods,Customer - Direct,cobalt-foods.test,Food,France,Dana "
    "Whitlock,800,Negotiation/Review,60000,1/10/2027,Initrode,\r\n"
    "001D,Delta Cloud,Customer - Direct,delta-cloud.test,Technology,United "
    "States,Evan Oduya,3000,Proposal/Price Quote,110000,4/1/2027,Hooli,\r\n"
    "001E,Ember Media,Prospect,ember-media.test,Media,Spain,Dana "
    "Whitlock,2000,,,,,\r\n"
    "001F,Fjord Logistics,Prospect,fjord-logistics.test,Logistics,Norway,Evan "
    "Oduya,50000,Prospecting,200000,9/30/2027,,\r\n"
    "001G,Garnet Health,Customer - Direct,garnet-health.test,Healthcare,United "
    "States,Dana Whitlock,12000,,,,,\r\n"
    "001H,Helix Tools,Prospect,helix-tools.test,Technology,Germany,Evan "
    "Oduya,900,,,,,\r\n"
    "001J,Jade Systems,Prospect,jade-systems.test,Technology,Germany,Evan "
    "Oduya,4000,,,,,\r\n";

// globex's HubSpot export: customers at `overlaps`; a prospect is offered
// only when Partner Ready.
const char kGlobexNovember[] =
    "Record ID,Company name,Company Domain Name,Lifecycle Stage,Company "
    "owner,Relationship Strength,Partner Ready\n"
    "7001,Apex Robotics GmbH,apex-robotics.test,Customer,Rosa "
    "Lindqvist,Champion,no\n"
    "7002,Borealis Bank,borealis-bank.test,Customer,Tomas Ferreira,User,no\n"
    "7003,Cobalt Foods,cobalt-foods.test,Customer,Rosa Lindqvist,Awareness,"
    "no\n"
    "7004,Delta Cloud Inc,delta-cloud.test,Lead,Tomas Ferreira,Champion,yes\n"
    "7005,Ember Media,ember-media.test,Lead,Rosa Lindqvist,User,no\n"
    "7006,Fjord Logistics,fjord-logistics.test,Customer,Tomas "
    "Ferreira,User,no\n"
    "7007,Garnet Health,garnet-health.test,Marketing Qualified Lead,Rosa "
    "Lindqvist,Awareness,no\n"
    "7009,Jade Systems,jade-systems.test,Customer,Tomas Ferreira,,no\n"
    "7010,Kite Analytics,kite-analytics.test,Customer,Rosa Lindqvist,User,"
    "no\n";

const char kAcmeConfig[] =
    "sharing:\n"
    "  levels: {Customers: overlaps, Prospects: overlaps}\n"
    "  fields: [account_name, populations, owner, relationship]\n"
    "plan:\n"
    "  icp:\n"
    "    industries: [Technology]\n"
    "    employees: {min: 1000, max: 100000}\n"
    "    countries: [Germany, United States]\n"
    "  acv: 100000\n"
    "  strong_competitors: [Initrode]\n"
    "  tiers: {tier1: 3, tier2: 2}\n";

const char kGlobexConfig[] =
    "sharing:\n"
    "  levels: {Customers: overlaps}\n"
    "  fields: [account_name, populations, owner, relationship]\n"
    "  opt_in: {where: {column: Partner Ready, equals: \"yes\"}}\n";

class PlanE2eTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    SetClock("2026-11-20");
    StartBroker();
    AddParty("acme", kAcmeConfig);
    AddParty("globex", kGlobexConfig);
    Partner("acme", "globex", NoProbeLimitArgs());
  }
  void TearDown() override {
    BrokerTest::TearDown();
    unsetenv("BLINDMAP_FAKE_NOW");
  }

  // Every process started from now on (broker and clients) reads `day`.
  static void SetClock(const char* day) { setenv("BLINDMAP_FAKE_NOW", day, 1); }
  std::string Csv(const std::string& party) const {
    return party_dir(party) + "/accounts.csv";
  }

  void SyncBoth(const std::string& acme_csv, const std::string& globex_csv) {
    WriteFile(Csv("acme"), acme_csv);
    WriteFile(Csv("globex"), globex_csv);
    for (const auto& [party, partner] :
         {std::pair<std::string, std::string>{"acme", "globex"},
          {"globex", "acme"}}) {
      const ProcessResult run = Blindmap(
          party, {"sync", "--partner", partner, "--input", Csv(party)});
      ASSERT_EQ(run.exit_code, 0) << run.err;
    }
  }

  ProcessResult Plan(const std::string& format) {
    return Blindmap("acme", {"plan", "--partner", "globex", "--input",
                             Csv("acme"), "--format", format});
  }

  nlohmann::json PlanJson() {
    const ProcessResult run = Plan("json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out, nullptr, false);
  }

  void Update(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"plan", "update"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult run = Blindmap("acme", argv);
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
};

std::vector<std::string> Field(const nlohmann::json& accounts,
                               const std::string& key) {
  std::vector<std::string> values;
  for (const auto& a : accounts) {
    values.push_back(a[key].is_string() ? a[key].get<std::string>()
                                        : a[key].dump());
  }
  return values;
}

std::map<std::string, nlohmann::json> ById(const nlohmann::json& accounts) {
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& a : accounts) by_id[a["my_account_id"]] = a;
  return by_id;
}

std::map<std::string, nlohmann::json> Roi(const nlohmann::json& plan) {
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& m : plan["roi"]["metrics"]) by_id[m["id"]] = m;
  for (const auto& m : plan["roi"]["pipeline"]) by_id[m["id"]] = m;
  return by_id;
}

TEST_F(PlanE2eTest, TwoPeriodsRankTierMeasureAndCarryForward) {
  SyncBoth(kAcmeNovember, kGlobexNovember);

  // November, first plan: the six mutually shared accounts, ranked.
  nlohmann::json plan = PlanJson();
  ASSERT_EQ(plan["schema"], "blindmap.plan.v1") << plan.dump(2);
  EXPECT_EQ(plan["period"], "2026-11");
  EXPECT_EQ(plan["planned_on"], "2026-11-20");
  const nlohmann::json& accounts = plan["accounts"];
  EXPECT_THAT(Field(accounts, "my_account_id"),
              ElementsAre("001A", "001D", "001F", "001B", "001C", "001J"));
  EXPECT_THAT(Field(accounts, "score"),
              ElementsAre("33", "28", "20", "17", "15", "14"));
  EXPECT_THAT(Field(accounts, "tier"),
              ElementsAre("1", "1", "1", "2", "2", "3"));
  EXPECT_THAT(Field(accounts, "overlap_type"),
              ElementsAre("prospect_customer", "customer_prospect",
                          "prospect_customer", "prospect_customer",
                          "customer_customer", "prospect_customer"));
  EXPECT_THAT(Field(accounts, "unknown_factors"),
              ElementsAre("0", "0", "0", "1", "0", "2"));
  std::map<std::string, nlohmann::json> by_id = ById(accounts);
  const nlohmann::json& delta = by_id["001D"];
  EXPECT_EQ(delta["factors"]["partner_relationship"]["label"], "Champion");
  EXPECT_EQ(delta["factors"]["icp_fit"]["basis"],
            "3 of 3 ICP attributes match");
  EXPECT_EQ(delta["factors"]["timing"]["basis"],
            "open opportunity, closes 2027-04-01 (in 132 days)");
  EXPECT_EQ(delta["factors"]["deal_size"]["label"], "At ACV");
  EXPECT_EQ(delta["factors"]["competition"]["label"], "Weak competitor");
  EXPECT_EQ(delta["partner"]["owner"], "Tomas Ferreira");
  EXPECT_EQ(delta["activation"]["initiator_id"], "my_ae_introduces_partner");
  EXPECT_EQ(by_id["001A"]["activation"]["initiator"],
            "Partner intro: Rosa Lindqvist (globex) introduces Dana Whitlock");
  EXPECT_EQ(by_id["001A"]["activation"]["deadline"], "2026-12-04");
  EXPECT_TRUE(
      by_id["001J"]["factors"]["partner_relationship"]["score"].is_null());
  EXPECT_EQ(by_id["001C"]["factors"]["competition"]["label"],
            "Strong competitor");
  // Ember and Garnet overlap, but globex offers its prospects only when
  // Partner Ready.
  EXPECT_EQ(plan["coverage"]["shared"], 6);
  EXPECT_EQ(plan["coverage"]["not_shared"], 2);
  EXPECT_EQ(plan["coverage"]["not_shared_line"],
            "2 more overlapping accounts are counted but not shared by both "
            "sides.");
  EXPECT_THAT(plan["coverage"]["sharing_changes"],
              ElementsAre("globex's Prospects (3 overlapping) are at "
                          "`counts`, only what globex opts in is offered: ask "
                          "globex to set Prospects=overlaps"));
  std::map<std::string, nlohmann::json> roi = Roi(plan);
  EXPECT_EQ(roi["overlap_rate"]["value"], "88.9%");
  EXPECT_EQ(roi["overlap_rate"]["assessment"], "above");
  EXPECT_EQ(roi["activation_rate"]["value"], "0.0%");
  EXPECT_EQ(roi["conversion_rate"]["value"], "unknown");
  EXPECT_EQ(roi["revenue"]["value"], "0");
  EXPECT_EQ(roi["time_to_first_touch"]["value"], "unknown");
  EXPECT_EQ(roi["joint_pipeline"]["value"], "520,000");
  EXPECT_EQ(roi["opportunities"]["value"], "4");
  EXPECT_TRUE(plan["changes"].is_null());

  // The text and the CRM import say the same.
  const ProcessResult text = Plan("text");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("2 more overlapping accounts are counted "
                                  "but not shared by both sides."));
  EXPECT_THAT(text.out, HasSubstr("| 1 | Apex Robotics   |"));
  const ProcessResult salesforce = Plan("salesforce-csv");
  ASSERT_EQ(salesforce.exit_code, 0) << salesforce.err;
  std::vector<std::string> rows =
      absl::StrSplit(salesforce.out, "\r\n", absl::SkipEmpty());
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[2],
            "001D,globex,Customer / Prospect,1,28,new,Your AE introduces the "
            "partner: Evan Oduya introduces Tomas Ferreira (globex). Ask: A "
            "meeting for globex with your contact at Delta Cloud,2026-12-04");

  // Progress, recorded on acme's machine a week later.
  SetClock("2026-11-28");
  Update({"Apex Robotics", "--partner", "globex", "--status", "meeting",
          "--activity", "demo", "--date", "2026-11-25", "--participants",
          "Dana Whitlock, Rosa Lindqvist", "--next-step", "Send the proposal"});
  Update({"001D", "--status", "contacted", "--activity", "discovery-call",
          "--date", "2026-11-27"});
  plan = PlanJson();
  by_id = ById(plan["accounts"]);
  EXPECT_EQ(by_id["001A"]["status"], "meeting");
  EXPECT_EQ(by_id["001A"]["mapped_on"], "2026-11-20");
  EXPECT_EQ(by_id["001D"]["status"], "contacted");
  roi = Roi(plan);
  EXPECT_EQ(roi["activation_rate"]["value"], "66.7%");
  EXPECT_EQ(roi["activation_rate"]["assessment"], "on track");
  EXPECT_EQ(roi["conversion_rate"]["value"], "0.0%");
  EXPECT_EQ(roi["time_to_first_touch"]["value"], "6 days");
  ASSERT_EQ(plan["engagement"].size(), 2u);
  EXPECT_EQ(plan["engagement"][0]["account_id"], "001D");
  EXPECT_EQ(plan["engagement"][1]["participants"],
            "Dana Whitlock, Rosa Lindqvist");

  // December: Borealis became acme's customer, Cobalt left acme's CRM,
  // globex moved Fjord to its leads and made Ember Partner Ready, Delta
  // closed won, Jade had an activity.
  SetClock("2026-12-03");
  ASSERT_EQ(StopBroker(SIGTERM), 0);
  StartBroker();
  RepointClients();
  std::string acme = absl::StrReplaceAll(
      kAcmeNovember, {{"001B,Borealis Bank,Prospect,",
                       "001B,Borealis Bank,Customer - Direct,"},
                      {"Proposal/Price Quote,110000,4/1/2027,Hooli,",
                       "Closed Won,110000,12/1/2026,Hooli,"},
                      {"Oduya,4000,,,,,", "Oduya,4000,,,,,12/2/2026"}});
  const size_t cobalt = acme.find("001C,");
  acme.erase(cobalt, acme.find("\r\n", cobalt) + 2 - cobalt);
  const std::string globex = absl::StrReplaceAll(
      kGlobexNovember,
      {{"7005,Ember Media,ember-media.test,Lead,Rosa Lindqvist,User,no",
        "7005,Ember Media,ember-media.test,Lead,Rosa Lindqvist,User,yes"},
       {"7006,Fjord Logistics,fjord-logistics.test,Customer,",
        "7006,Fjord Logistics,fjord-logistics.test,Lead,"}});
  SyncBoth(acme, globex);
  plan = PlanJson();
  EXPECT_EQ(plan["period"], "2026-12");
  EXPECT_THAT(Field(plan["accounts"], "my_account_id"),
              ElementsAre("001A", "001B", "001E", "001J", "001D"));
  EXPECT_THAT(Field(plan["accounts"], "tier"),
              ElementsAre("1", "1", "1", "2", "0"));
  EXPECT_THAT(Field(plan["accounts"], "status"),
              ElementsAre("meeting", "new", "new", "contacted", "won"));
  by_id = ById(plan["accounts"]);
  EXPECT_EQ(by_id["001A"]["status_source"], "plan update 2026-11-25");
  EXPECT_EQ(by_id["001A"]["next_step"], "Send the proposal");
  EXPECT_EQ(by_id["001D"]["status_source"], "CRM stage Closed Won");
  EXPECT_EQ(by_id["001E"]["mapped_on"], "2026-12-03");
  EXPECT_EQ(by_id["001E"]["activation"]["deadline"], "2026-12-17");

  const nlohmann::json& changes = plan["changes"];
  ASSERT_FALSE(changes.is_null());
  EXPECT_EQ(changes["previous_period"], "2026-11");
  EXPECT_EQ(changes["new_count"], 1);
  EXPECT_EQ(changes["new"]["prospect_prospect"][0]["account_id"], "001E");
  EXPECT_EQ(changes["lost_count"], 2);
  ASSERT_EQ(changes["lost"]["customer_customer"].size(), 1u);
  EXPECT_EQ(changes["lost"]["customer_customer"][0]["account_id"], "001C");
  EXPECT_EQ(changes["lost"]["customer_customer"][0]["reason"],
            "no longer in your CRM export");
  ASSERT_EQ(changes["lost"]["prospect_customer"].size(), 1u);
  EXPECT_EQ(changes["lost"]["prospect_customer"][0]["account_id"], "001F");
  EXPECT_EQ(changes["lost"]["prospect_customer"][0]["reason"],
            "globex no longer offers it or no longer has it");
  ASSERT_EQ(changes["conversions"].size(), 1u);
  EXPECT_EQ(changes["conversions"][0]["account_id"], "001B");
  EXPECT_EQ(changes["conversions"][0]["still_shared"], true);
  std::vector<std::string> moves;
  for (const auto& m : changes["status_moves"]) {
    moves.push_back(absl::StrCat(m["account_id"].get<std::string>(), " ",
                                 m["from"].get<std::string>(), "->",
                                 m["to"].get<std::string>()));
  }
  EXPECT_THAT(moves, ElementsAre("001D contacted->won", "001J new->contacted"));
  ASSERT_EQ(changes["type_moves"].size(), 1u);
  EXPECT_EQ(changes["type_moves"][0]["to"], "customer_customer");

  roi = Roi(plan);
  EXPECT_EQ(roi["overlap_rate"]["value"], "87.5%");
  EXPECT_EQ(roi["overlap_rate"]["previous"], 8.0 / 9.0);
  EXPECT_EQ(roi["activation_rate"]["value"], "33.3%");
  EXPECT_EQ(roi["conversion_rate"]["value"], "33.3%");
  EXPECT_EQ(roi["conversion_rate"]["assessment"], "above");
  EXPECT_EQ(roi["revenue"]["value"], "110,000");
  EXPECT_EQ(roi["time_to_first_touch"]["value"], "5 days");
  EXPECT_EQ(roi["joint_pipeline"]["value"], "150,000");
  EXPECT_EQ(roi["win_rate"]["value"], "100.0%");
  ASSERT_EQ(plan["roi"]["revenue_by_quarter"].size(), 1u);
  EXPECT_EQ(plan["roi"]["revenue_by_quarter"][0]["quarter"], "2026-Q4");
  EXPECT_EQ(plan["roi"]["revenue_by_quarter"][0]["amount"], 110000);
  EXPECT_EQ(plan["trend"].size(), 2u);

  const ProcessResult markdown = Plan("markdown");
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_THAT(markdown.out, HasSubstr("From 2026-11 to 2026-12: 1 new and "
                                      "2 lost overlaps, 1 conversions, 2 "
                                      "status moves."));
  EXPECT_THAT(markdown.out,
              HasSubstr("| Lost overlap | Customer / Customer | Cobalt Foods "
                        "| no longer in your CRM export |"));
}

TEST_F(PlanE2eTest, UpdateNamesWhatIsWrongAndChangesNothing) {
  const ProcessResult early = Blindmap(
      "acme", {"plan", "update", "Apex Robotics", "--status", "meeting"});
  EXPECT_EQ(early.exit_code, 6) << early.err;
  EXPECT_THAT(early.err, HasSubstr("there is no co-sell plan on this machine "
                                   "yet: run blindmap plan --partner NAME"));
  SyncBoth(kAcmeNovember, kGlobexNovember);
  ASSERT_EQ(Plan("text").exit_code, 0);
  const ProcessResult unknown =
      Blindmap("acme", {"plan", "update", "Zenith", "--status", "meeting"});
  EXPECT_EQ(unknown.exit_code, 5) << unknown.err;
  EXPECT_THAT(unknown.err, HasSubstr("no account \"Zenith\" in the plan with "
                                     "globex (period 2026-11)"));
  const ProcessResult status =
      Blindmap("acme", {"plan", "update", "001A", "--status", "done"});
  EXPECT_EQ(status.exit_code, 3) << status.err;
  EXPECT_THAT(status.err, HasSubstr("--status must be contacted, meeting, "
                                    "opportunity, won, lost or parked"));
  const ProcessResult date = Blindmap(
      "acme",
      {"plan", "update", "001A", "--status", "meeting", "--date", "25.11."});
  EXPECT_EQ(date.exit_code, 3) << date.err;
  const ProcessResult no_partner = Blindmap("acme", {"plan"});
  EXPECT_EQ(no_partner.exit_code, 2);
  // Nothing was logged by the refused updates.
  const nlohmann::json plan = PlanJson();
  EXPECT_THAT(plan["engagement"], IsEmpty());
  const ProcessResult json_update =
      Blindmap("acme", {"plan", "update", "apex robotics", "--status",
                        "contacted", "--format", "json"});
  ASSERT_EQ(json_update.exit_code, 0) << json_update.err;
  const nlohmann::json recorded =
      nlohmann::json::parse(json_update.out, nullptr, false);
  EXPECT_EQ(recorded["account_id"], "001A");
  EXPECT_EQ(recorded["previous_status"], "new");
  EXPECT_EQ(recorded["date"], "2026-11-20");
}

}  // namespace
}  // namespace blindmap
