// The co-sell plan's model: CRM values, the weighted factors, ranking and
// tiers, statuses from the log and the CRM, carry-forward and "what
// changed", the ROI table, and the plan's files.
#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "client/plan/own_facts.h"
#include "client/plan/period_changes.h"
#include "client/plan/plan_model.h"
#include "client/plan/plan_store.h"
#include "client/plan/plan_values.h"
#include "client/plan/priority.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::CivilDay kToday(2026, 11, 20);

TEST(PlanValuesTest, ReadsAmountsDatesAndSizesAsCrmsWriteThem) {
  EXPECT_EQ(ParseAmount("120000"), 120000);
  EXPECT_EQ(ParseAmount("$120,000.50"), 120000.5);
  EXPECT_EQ(ParseAmount("EUR 95000"), 95000);
  EXPECT_EQ(ParseAmount("95,000 USD"), 95000);
  EXPECT_EQ(ParseAmount(""), std::nullopt);
  EXPECT_EQ(ParseAmount("n/a"), std::nullopt);
  EXPECT_EQ(ParseAmount("12:30"), std::nullopt);

  EXPECT_EQ(ParseCrmDate("2026-11-20"), absl::CivilDay(2026, 11, 20));
  EXPECT_EQ(ParseCrmDate("2026-11-20 14:05"), absl::CivilDay(2026, 11, 20));
  EXPECT_EQ(ParseCrmDate("11/20/2026"), absl::CivilDay(2026, 11, 20));
  EXPECT_EQ(ParseCrmDate("20.11.2026"), absl::CivilDay(2026, 11, 20));
  EXPECT_EQ(ParseCrmDate("2026-02-31"), std::nullopt);
  EXPECT_EQ(ParseCrmDate("next week"), std::nullopt);
  EXPECT_EQ(ParseCrmDate("20/11/26"), std::nullopt);

  EXPECT_EQ(ParseEmployees("40,000"), 40000);
  EXPECT_EQ(ParseEmployees("1001-5000"), 1001);
  EXPECT_EQ(ParseEmployees("10000+"), 10000);
  EXPECT_EQ(ParseEmployees("many"), std::nullopt);

  EXPECT_EQ(FormatAmount(1234567.6), "1,234,568");
  EXPECT_EQ(QuarterOf(absl::CivilDay(2026, 11, 20)), "2026-Q4");
  EXPECT_EQ(ParsePlanStatus("Meeting"), PlanStatus::kMeeting);
  EXPECT_EQ(ParsePlanStatus("done"), std::nullopt);
  EXPECT_EQ(ParseActivity("executive-briefing"), Activity::kExecutiveBriefing);
}

PlanConfig Config() {
  PlanConfig config;
  config.icp.industries = {"technology"};
  config.icp.employees.min = 1000;
  config.icp.employees.max = 100000;
  config.icp.countries = {"germany"};
  config.icp.budget.min = 50000;
  config.icp.budget.max = 500000;
  config.acv = 100000;
  config.strong_competitors = {"initrode"};
  return config;
}

OwnFacts FactsWithAllColumns() {
  OwnFacts facts;
  facts.source = "crm.csv";
  for (PlanColumn column : kAllPlanColumns) {
    facts.columns[column] = PlanColumnKey(column);
  }
  return facts;
}

OwnAccountFacts Account(const std::string& id, const std::string& name) {
  OwnAccountFacts a;
  a.account_id = id;
  a.name = name;
  a.prospect = true;
  a.populations = 2;
  return a;
}

TEST(PriorityTest, ScoresEachFactorAndWeighsIt) {
  const PlanConfig config = Config();
  OwnFacts facts = FactsWithAllColumns();
  OwnAccountFacts a = Account("A", "Alpha");
  a.industry = "Technology";
  a.employees = 5000;
  a.country = "DE";  // the same country as the ICP's "germany"
  a.amount = 150000;
  a.stage = "Negotiation";
  a.close_date = kToday + 30;
  const PriorityScore full =
      ScorePriority(config, &a, facts, "champion", "globex", kToday);
  EXPECT_EQ(full.score, 33);
  EXPECT_EQ(full.max, 33);
  EXPECT_EQ(full.unknown, 0);
  EXPECT_EQ(full.factors[0].label, "Champion");
  EXPECT_EQ(full.factors[1].basis, "4 of 4 ICP attributes match");
  EXPECT_EQ(full.factors[2].label, "Active need");
  EXPECT_EQ(full.factors[2].basis,
            "open opportunity, closes 2026-12-20 (in 30 days)");
  EXPECT_EQ(full.factors[3].label, "Above ACV");
  EXPECT_EQ(full.factors[4].label, "No competitor");

  // Each factor's other scores.
  OwnAccountFacts b = a;
  b.industry = "Mining";
  b.country = "Chile";
  b.close_date = kToday + 150;
  b.amount = 100000;
  b.competitor = "Initrode";
  const PriorityScore lower =
      ScorePriority(config, &b, facts, "Awareness", "globex", kToday);
  EXPECT_EQ(lower.factors[0].score, 1);
  EXPECT_EQ(lower.factors[1].score, 2);  // 2 of 4 match: Moderate
  EXPECT_EQ(lower.factors[2].label, "Upcoming budget");
  EXPECT_EQ(lower.factors[3].label, "At ACV");
  EXPECT_EQ(lower.factors[4].label, "Strong competitor");
  EXPECT_EQ(lower.score, 3 * 1 + 3 * 2 + 2 * 2 + 2 * 2 + 1 * 1);

  b.competitor = "Hooli";
  b.amount = 20000;
  b.close_date = kToday + 400;
  b.employees = 50;
  const PriorityScore weak =
      ScorePriority(config, &b, facts, "user", "globex", kToday);
  EXPECT_EQ(weak.factors[1].label, "Weak");  // 0 of 4
  EXPECT_EQ(weak.factors[2].label, "Long-term");
  EXPECT_EQ(weak.factors[3].label, "Below ACV");
  EXPECT_EQ(weak.factors[4].label, "Weak competitor");
}

TEST(PriorityTest, AFactorWithNoDataIsUnknownAndAddsNothing) {
  PlanConfig config;  // no ICP, no ACV
  OwnFacts facts;     // no plan columns at all
  OwnAccountFacts a = Account("A", "Alpha");
  const PriorityScore score =
      ScorePriority(config, &a, facts, "", "globex", kToday);
  EXPECT_EQ(score.score, 0);
  EXPECT_EQ(score.max, 33);
  EXPECT_EQ(score.unknown, 5);
  for (const FactorScore& f : score.factors) {
    EXPECT_EQ(f.score, std::nullopt);
    EXPECT_EQ(f.label, "unknown");
  }
  EXPECT_EQ(score.factors[0].basis,
            "globex does not share a relationship strength for this account");
  EXPECT_EQ(score.factors[1].basis, "no ICP in the config (plan.icp)");
  EXPECT_EQ(score.factors[2].basis,
            "no stage or close date column in your export");
  EXPECT_EQ(score.factors[3].basis, "no ACV in the config (plan.acv)");
  EXPECT_EQ(score.factors[4].basis, "no competitor column in your export");

  config.weights.competition = 0;
  const PriorityScore off =
      ScorePriority(config, &a, facts, "user", "globex", kToday);
  EXPECT_EQ(off.factors[4].label, "off");
  EXPECT_EQ(off.max, 30);
  EXPECT_EQ(off.score, 6);
  EXPECT_EQ(off.unknown, 3);
}

SharedPair Pair(const std::string& id, const std::string& name,
                std::optional<OverlapType> type, const std::string& strength,
                const std::string& partner_owner = "") {
  SharedPair pair;
  pair.my_account_id = id;
  pair.my_account_name = name;
  pair.type = type;
  pair.my_status = type == OverlapType::kCustomerCustomer ||
                           type == OverlapType::kCustomerProspect
                       ? MyStatus::kCustomer
                       : MyStatus::kProspect;
  pair.partner_status = type == OverlapType::kProspectCustomer ||
                                type == OverlapType::kCustomerCustomer
                            ? MyStatus::kCustomer
                            : MyStatus::kProspect;
  pair.partner.set_account_name(name + " (partner)");
  pair.partner.set_relationship(strength);
  pair.partner.set_owner_name(partner_owner);
  return pair;
}

// Five shared accounts with known factors, for ranking and tiers.
struct Fixture {
  PlanConfig config = Config();
  OwnFacts facts = FactsWithAllColumns();
  PlanInputs in;

  Fixture() {
    config.tier1_size = 2;
    config.tier2_size = 2;
    in.me = "acme";
    in.partner = "globex";
    in.partnership_id = "p1";
    in.period = "2026-11";
    in.today = kToday;
    const auto add = [&](const std::string& id, const std::string& name,
                         std::optional<OverlapType> type,
                         const std::string& strength, double amount,
                         int close_in_days) {
      in.shared.pairs.push_back(Pair(id, name, type, strength, "Rosa"));
      OwnAccountFacts a = Account(id, name);
      a.industry = "Technology";
      a.employees = 5000;
      a.country = "Germany";
      a.amount = amount;
      a.close_date = kToday + close_in_days;
      a.owner = "Dana";
      a.stage = "Qualification";
      facts.accounts[id] = a;
      in.offered.insert(id);
    };
    // Scores: 33, 30 (User), 27 (Awareness), 31 (At ACV, 2*2),
    // 29 (Long-term timing).
    add("A1", "Apex", OverlapType::kProspectCustomer, "champion", 150000, 30);
    add("B2", "Borealis", OverlapType::kCustomerProspect, "user", 150000, 30);
    add("C3", "Cobalt", OverlapType::kProspectCustomer, "awareness", 150000,
        30);
    add("D4", "Delta", OverlapType::kProspectProspect, "champion", 100000, 30);
    add("E5", "Ember", OverlapType::kCustomerCustomer, "champion", 150000, 400);
    in.facts = &facts;
  }
};

std::vector<std::string> Ranked(const CoSellPlan& plan) {
  std::vector<std::string> ids;
  for (const PlanAccount& a : plan.accounts) ids.push_back(a.my_account_id);
  return ids;
}

TEST(BuildPlanTest, RanksByWeightedScoreIntoTiersWithAnActivationEach) {
  Fixture f;
  const BuiltPlan built = BuildPlan(f.in, f.config);
  const CoSellPlan& plan = built.plan;
  EXPECT_THAT(Ranked(plan), ElementsAre("A1", "D4", "B2", "E5", "C3"));
  std::vector<int> scores, tiers;
  for (const PlanAccount& a : plan.accounts) {
    scores.push_back(a.priority.score);
    tiers.push_back(a.tier);
  }
  EXPECT_THAT(scores, ElementsAre(33, 31, 30, 29, 27));
  EXPECT_THAT(tiers, ElementsAre(1, 1, 2, 2, 3));
  EXPECT_EQ(plan.CountInTier(1), 2);

  const Activation& warm = plan.accounts[0].activation;
  EXPECT_EQ(warm.initiator_id, "partner_intro");
  EXPECT_EQ(warm.initiator, "Partner intro: Rosa (globex) introduces Dana");
  EXPECT_EQ(warm.ask, "A warm introduction to the buyer at Apex");
  EXPECT_EQ(warm.deadline, absl::CivilDay(2026, 12, 4));
  EXPECT_FALSE(warm.overdue);
  EXPECT_EQ(plan.accounts[1].activation.initiator_id, "joint_outreach");
  EXPECT_EQ(plan.accounts[2].activation.initiator_id,
            "my_ae_introduces_partner");
  // A warm path through a partner that barely knows the account: my AE
  // leads with a reference instead.
  EXPECT_EQ(plan.accounts[4].activation.initiator_id,
            "my_ae_partner_reference");
  EXPECT_EQ(plan.accounts[4].timeline, "close date 2026-12-20");
  EXPECT_EQ(plan.accounts[3].why,
            "Partner relationship strength: Champion, ICP fit: Strong, Deal "
            "size potential: Above ACV, Competitive situation: No competitor; "
            "held back by Timing / urgency: Long-term");
  for (const PlanAccount& a : plan.accounts) {
    EXPECT_EQ(a.status, PlanStatus::kNew) << a.my_account_id;
    EXPECT_EQ(a.mapped_on, kToday);
  }
  EXPECT_FALSE(plan.changes.has_value());
  EXPECT_EQ(built.state.accounts.size(), 5u);
  EXPECT_EQ(built.state.accounts[0].stage_at_mapping, "Qualification");
}

TEST(BuildPlanTest, StatusesComeFromTheLogAndFromCrmProgressSinceMapping) {
  Fixture f;
  BuiltPlan first = BuildPlan(f.in, f.config);
  // A month later: B2's opportunity is won, C3 moved from nothing to an
  // open stage, A1 was met (logged), D4 parked, E5 had an activity.
  Fixture later;
  later.in.period = "2026-12";
  later.in.today = kToday + 14;
  later.in.previous = first.state;
  later.facts.accounts["B2"].stage = "Closed Won";
  later.facts.accounts["B2"].close_date = kToday + 10;
  later.facts.accounts["C3"].stage = "Prospecting";
  first.state.accounts[4].stage_at_mapping = "";  // C3 had no stage
  later.in.previous = first.state;
  later.facts.accounts["E5"].last_activity = kToday + 3;
  EngagementEntry met;
  met.date = kToday + 5;
  met.account_id = "A1";
  met.account_name = "Apex";
  met.status = PlanStatus::kMeeting;
  met.activity = Activity::kDemo;
  met.next_step = "Send the proposal";
  EngagementEntry parked = met;
  parked.account_id = "D4";
  parked.status = PlanStatus::kParked;
  parked.activity.reset();
  parked.date = kToday + 6;
  later.in.log = {met, parked};
  const BuiltPlan built = BuildPlan(later.in, later.config);
  const CoSellPlan& plan = built.plan;
  std::map<std::string, const PlanAccount*> by_id;
  for (const PlanAccount& a : plan.accounts) by_id[a.my_account_id] = &a;
  EXPECT_EQ(by_id["A1"]->status, PlanStatus::kMeeting);
  EXPECT_EQ(by_id["A1"]->status_source, "plan update 2026-11-25");
  EXPECT_EQ(by_id["A1"]->first_touched, kToday + 5);
  EXPECT_EQ(by_id["A1"]->next_step, "Send the proposal");
  EXPECT_EQ(by_id["B2"]->status, PlanStatus::kWon);
  EXPECT_EQ(by_id["B2"]->status_source, "CRM stage Closed Won");
  EXPECT_EQ(by_id["B2"]->tier, 0);
  EXPECT_EQ(by_id["C3"]->status, PlanStatus::kOpportunity);
  EXPECT_EQ(by_id["D4"]->status, PlanStatus::kParked);
  EXPECT_EQ(by_id["D4"]->tier, 0);
  EXPECT_EQ(by_id["E5"]->status, PlanStatus::kContacted);
  EXPECT_EQ(by_id["E5"]->first_touched, kToday + 3);
  // Mapped in November: the deadlines stay where they were.
  EXPECT_EQ(by_id["A1"]->mapped_on, kToday);
  EXPECT_EQ(by_id["C3"]->activation.deadline, absl::CivilDay(2026, 12, 4));
  // Open: A1, C3, E5 ranked 1..3 (tiers 1, 1, 2); closed B2 and D4 after.
  EXPECT_THAT(Ranked(plan), ElementsAre("A1", "E5", "C3", "B2", "D4"));

  // ROI: Tier 1 is A1 and E5, both touched; 3 touched accounts (A1, E5 and
  // D4's parking is no touch; B2 won by the CRM without a logged touch).
  const RoiTable& roi = plan.roi;
  ASSERT_EQ(roi.metrics.size(), 5u);
  EXPECT_EQ(roi.metrics[1].id, "activation_rate");
  EXPECT_EQ(roi.metrics[1].value, "100.0%");
  EXPECT_EQ(roi.metrics[1].detail, "2 of 2 Tier 1 accounts touched");
  EXPECT_EQ(roi.metrics[2].value, "0.0%");  // A1 meeting, E5 contacted
  EXPECT_EQ(roi.metrics[2].assessment, "below");
  EXPECT_EQ(roi.metrics[3].value, "150,000");
  EXPECT_EQ(roi.metrics[4].value, "4 days");  // median of 5 and 3 -> 4
  EXPECT_EQ(roi.metrics[4].assessment, "on track");
  ASSERT_EQ(roi.by_quarter.size(), 1u);
  EXPECT_EQ(roi.by_quarter[0].quarter, "2026-Q4");
  // Open stages: A1, C3, E5 and the parked D4 (its opportunity is still
  // open in the CRM).
  EXPECT_EQ(roi.pipeline[0].value, "550,000");
  EXPECT_EQ(roi.pipeline[1].value, "4");
  EXPECT_EQ(roi.pipeline[3].value, "100.0%");  // 1 won, 0 lost
  ASSERT_EQ(built.state.wins.size(), 1u);
  EXPECT_EQ(built.state.wins[0].account_id, "B2");

  ASSERT_TRUE(plan.changes.has_value());
  std::vector<std::string> moves;
  for (const StatusMove& m : plan.changes->status_moves) {
    moves.push_back(m.account_id + ":" + PlanStatusName(m.to));
  }
  EXPECT_THAT(moves, ElementsAre("A1:meeting", "B2:won", "C3:opportunity",
                                 "D4:parked", "E5:contacted"));
}

TEST(BuildPlanTest,
     SaysHowManyOverlapsAreCountedButNotSharedAndWhatWouldListThem) {
  Fixture f;
  v1::OverlapReport report;
  report.mutable_mine()->set_records(200);
  report.set_my_overlapping_records(12);
  v1::PopulationOverlap* customers = report.add_my_populations();
  customers->set_name("Customers");
  customers->set_overlapping_records(5);
  v1::PopulationOverlap* prospects = report.add_my_populations();
  prospects->set_name("Prospects");
  prospects->set_overlapping_records(7);
  v1::PopulationOverlap* theirs = report.add_partner_populations();
  theirs->set_name("Leads");
  theirs->set_overlapping_records(4);
  f.in.report = report;
  f.in.my_levels = {{"Customers", v1::SHARING_LEVEL_OVERLAPS}};
  const CoSellPlan plan = BuildPlan(f.in, f.config).plan;
  EXPECT_EQ(plan.shared, 5u);
  EXPECT_EQ(plan.not_shared, 7u);
  EXPECT_THAT(plan.sharing_changes,
              ElementsAre("your Prospects (7 overlapping) are at `counts`: "
                          "blindmap sharing --partner globex --set "
                          "\"Prospects=overlaps\"",
                          "globex's Leads (4 overlapping) are at `counts`, "
                          "only what globex opts in is offered: ask globex to "
                          "set Leads=overlaps"));
  // With the export's counts: 5 of my 20 prospects are not offered; when
  // opt-ins offer all of them, the level is not what holds the rest back.
  f.facts.population_names = {"Customers", "Prospects"};
  f.facts.population_rows = {10, 20};
  f.facts.population_offered = {10, 15};
  EXPECT_EQ(BuildPlan(f.in, f.config).plan.sharing_changes.front(),
            "your Prospects (7 overlapping): 5 of its accounts are not "
            "offered (level `counts`, not opted in): blindmap sharing "
            "--partner globex --set \"Prospects=overlaps\"");
  f.facts.population_offered = {10, 20};
  EXPECT_THAT(BuildPlan(f.in, f.config).plan.sharing_changes,
              ElementsAre("globex's Leads (4 overlapping) are at `counts`, "
                          "only what globex opts in is offered: ask globex to "
                          "set Leads=overlaps"));
  EXPECT_EQ(plan.roi.metrics[0].value, "6.0%");
  EXPECT_EQ(plan.roi.metrics[0].assessment, "below");
}

TEST(PeriodChangesTest, NewLostMovesAndConversionsByType) {
  PlanState before;
  before.period = "2026-11";
  const auto planned = [](const std::string& id, std::optional<OverlapType> t,
                          MyStatus mine, PlanStatus status) {
    PlannedAccount a;
    a.account_id = id;
    a.name = "name " + id;
    a.type = t;
    a.my_status = mine;
    a.status = status;
    a.amount = 1000;
    return a;
  };
  before.accounts = {planned("1", OverlapType::kProspectCustomer,
                             MyStatus::kProspect, PlanStatus::kContacted),
                     planned("2", OverlapType::kProspectProspect,
                             MyStatus::kProspect, PlanStatus::kNew),
                     planned("3", OverlapType::kCustomerCustomer,
                             MyStatus::kCustomer, PlanStatus::kNew),
                     planned("4", OverlapType::kProspectCustomer,
                             MyStatus::kProspect, PlanStatus::kNew)};
  PlanState now;
  now.period = "2026-12";
  now.accounts = {planned("1", OverlapType::kCustomerCustomer,
                          MyStatus::kCustomer, PlanStatus::kWon),
                  planned("3", OverlapType::kCustomerCustomer,
                          MyStatus::kCustomer, PlanStatus::kNew),
                  planned("5", OverlapType::kCustomerProspect,
                          MyStatus::kCustomer, PlanStatus::kNew)};
  now.departed = {{"2", "name 2", OverlapType::kProspectProspect,
                   MyStatus::kProspect, "no longer in your CRM export"},
                  {"4", "name 4", OverlapType::kProspectCustomer,
                   MyStatus::kCustomer, "you no longer offer it"}};
  const PeriodChanges c = DiffPeriods(before, now);
  EXPECT_EQ(c.previous_period, "2026-11");
  EXPECT_EQ(c.new_count(), 1u);
  ASSERT_EQ(c.new_by_type[TypeSlot(OverlapType::kCustomerProspect)].size(), 1u);
  EXPECT_EQ(c.lost_count(), 2u);
  ASSERT_EQ(c.lost_by_type[TypeSlot(OverlapType::kProspectProspect)].size(),
            1u);
  EXPECT_EQ(c.lost_by_type[TypeSlot(OverlapType::kProspectProspect)][0].reason,
            "no longer in your CRM export");
  ASSERT_EQ(c.status_moves.size(), 1u);
  EXPECT_EQ(c.status_moves[0].from, PlanStatus::kContacted);
  EXPECT_EQ(c.status_moves[0].to, PlanStatus::kWon);
  ASSERT_EQ(c.conversions.size(), 2u);
  EXPECT_EQ(c.conversions[0].account_id, "1");
  EXPECT_TRUE(c.conversions[0].still_shared);
  EXPECT_EQ(c.conversions[1].account_id, "4");
  EXPECT_FALSE(c.conversions[1].still_shared);
  ASSERT_EQ(c.type_moves.size(), 1u);
  EXPECT_EQ(c.type_moves[0].to, OverlapType::kCustomerCustomer);
  EXPECT_FALSE(c.empty());
  EXPECT_TRUE(DiffPeriods(now, now).empty());
}

TEST(PlanStoreTest, KeepsPeriodsAndTheLogPrivatelyAndReadsThemBack) {
  TempDir dir;
  const PlanStore store(dir.path() + "/state", "globex");
  EXPECT_TRUE(absl::IsNotFound(store.Latest().status()));
  Fixture f;
  const BuiltPlan built = BuildPlan(f.in, f.config);
  ASSERT_TRUE(store.Save(built.state).ok());
  PlanState december = built.state;
  december.period = "2026-12";
  december.wins.push_back({"B2", "Borealis", 150000, "2026-Q4", "2026-12"});
  ASSERT_TRUE(store.Save(december).ok());
  EXPECT_THAT(store.Periods(), ElementsAre("2026-11", "2026-12"));
  absl::StatusOr<PlanState> latest = store.Latest();
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->period, "2026-12");
  ASSERT_EQ(latest->wins.size(), 1u);
  EXPECT_EQ(latest->wins[0].amount, 150000);
  absl::StatusOr<PlanState> before = store.LatestBefore("2026-12");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->period, "2026-11");
  ASSERT_EQ(before->accounts.size(), 5u);
  EXPECT_EQ(before->accounts[0].account_id, "A1");
  EXPECT_EQ(before->accounts[0].type, OverlapType::kProspectCustomer);
  EXPECT_EQ(before->accounts[0].mapped_on, kToday);
  EXPECT_EQ(before->accounts[0].amount, 150000);

  EngagementEntry entry;
  entry.date = kToday;
  entry.account_id = "A1";
  entry.account_name = "Apex \"quoted\"\nnewline";
  entry.status = PlanStatus::kMeeting;
  entry.activity = Activity::kWorkshop;
  entry.note = "caf\xC3\xA9";
  ASSERT_TRUE(store.AppendEngagement(entry).ok());
  ASSERT_TRUE(store.AppendEngagement(entry).ok());
  absl::StatusOr<std::vector<EngagementEntry>> log = store.ReadEngagement();
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[1].account_name, entry.account_name);
  EXPECT_EQ((*log)[1].activity, Activity::kWorkshop);
  EXPECT_EQ((*log)[1].note, "caf\xC3\xA9");
  EXPECT_THAT(PlanStore::PartnersWithPlans(dir.path() + "/state"),
              ElementsAre("globex"));
  for (const std::string& path : {store.dir() + "/engagement.jsonl",
                                  store.dir() + "/periods/2026-11.json"}) {
    struct stat info;
    ASSERT_EQ(stat(path.c_str(), &info), 0) << path;
    EXPECT_EQ(info.st_mode & 0777, 0600) << path;
  }
  struct stat info;
  ASSERT_EQ(stat(store.dir().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700);

  // A damaged file is DATA_LOSS naming it, not a crash or a silent reset.
  {
    FILE* out = fopen((store.dir() + "/engagement.jsonl").c_str(), "a");
    ASSERT_NE(out, nullptr);
    fputs("{not json\n", out);
    fclose(out);
  }
  absl::StatusOr<std::vector<EngagementEntry>> damaged = store.ReadEngagement();
  EXPECT_EQ(damaged.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(damaged.status().message(), HasSubstr("line 3"));
}

}  // namespace
}  // namespace blindmap
