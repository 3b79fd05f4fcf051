// The co-sell plan with one partner for one period: the view model every
// plan renderer (text, Markdown, JSON, CSV, CRM import, HTML) is fed, and
// the state kept for the next period. Built by BuildPlan() from what the
// broker released (the mutually shared accounts, the counts), my export,
// the engagement log and the previous period's state.
#ifndef BLINDMAP_CLIENT_PLAN_PLAN_MODEL_H_
#define BLINDMAP_CLIENT_PLAN_PLAN_MODEL_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/time/civil_time.h"
#include "blindmap/v1/broker.pb.h"
#include "client/config/plan_config.h"
#include "client/plan/own_facts.h"
#include "client/plan/period_changes.h"
#include "client/plan/plan_state.h"
#include "client/plan/plan_store.h"
#include "client/plan/priority.h"
#include "client/plan/roi.h"
#include "client/plan/shared_pairs.h"

namespace blindmap {

// Who makes the first move on a Tier 1 account, what is asked, by when.
struct Activation {
  // "partner_intro", "joint_outreach", "my_ae_partner_reference" or
  // "my_ae_introduces_partner".
  std::string initiator_id;
  std::string initiator;  // in words, with the owners' names
  std::string ask;
  absl::CivilDay deadline;  // mapped_on + first_touch_days
  bool overdue = false;     // deadline passed, not touched
};

// One mutually shared account in the plan.
struct PlanAccount {
  int rank = 0;  // 1.. among the open accounts; 0 when closed or parked
  int tier = 0;  // 1, 2, 3; 0 when closed or parked
  std::string my_account_id;
  std::string my_account_name;
  bool in_export = false;  // my export has the account (my factors known)
  std::string industry;    // from my export
  std::string size;        // employees, "" when unknown
  std::string country;
  MyStatus my_status = MyStatus::kOther;
  MyStatus partner_status = MyStatus::kOther;
  std::optional<OverlapType> type;
  int partner_records = 1;  // partner records matching it (duplicates)
  // From the partner's sealed detail (partner-supplied text: escape it).
  std::string partner_account_name;
  std::string partner_owner;
  std::optional<RelationshipStrength> partner_relationship;
  // Mine.
  std::optional<RelationshipStrength> my_relationship;
  std::optional<double> amount;  // the joint opportunity's value (mine)
  std::string stage;
  std::string stage_at_mapping;  // see PlannedAccount
  std::optional<absl::CivilDay> close_date;
  std::optional<absl::CivilDay> created_date;
  std::string my_owner;
  PriorityScore priority;
  // From the engagement log (`blindmap plan update`, the latest entry) and
  // what my export's columns say happened since the mapping: a stage won or
  // lost since then decides; otherwise the logged status, lifted to
  // `opportunity` when an opportunity opened in the CRM since the mapping
  // and the log says only contacted or meeting; with nothing logged, the
  // CRM's (an opportunity opened: opportunity; a last activity on or after
  // the mapping day: contacted), else new.
  PlanStatus status = PlanStatus::kNew;
  std::string status_source;  // "plan update 2026-11-25", "CRM stage ..."
  absl::CivilDay mapped_on;
  std::optional<absl::CivilDay> first_touched;
  Activation activation;
  std::string next_step;  // the latest logged next step, else by type
  std::string why;        // why the account is a (long-term) target
  std::string timeline;
};

// One point of the overlap trend (from the report history).
struct TrendPoint {
  std::string period;
  uint64_t my_records = 0;
  uint64_t my_overlapping = 0;
  double rate = 0;
};

// Everything BuildPlan() needs; gathered by the caller (client/sync's
// plan refresh, or a test).
struct PlanInputs {
  std::string me;
  std::string partner;
  std::string partnership_id;
  std::string period;
  std::string cadence = "monthly";
  absl::CivilDay today;
  OpenedShared shared;
  // My export's facts for the shared accounts and the previous plan's; null
  // when no export was read (then every own factor is unknown).
  const OwnFacts* facts = nullptr;
  std::vector<EngagementEntry> log;      // this partner's, as recorded
  std::optional<PlanState> previous;     // latest state before `period`
  std::optional<PlanState> this_period;  // an earlier run of `period`
  // My account ids offered to the partner this period (my index), and
  // those opted out on this machine.
  absl::flat_hash_set<std::string> offered;
  absl::flat_hash_set<std::string> opted_out;
  std::optional<v1::OverlapReport> report;  // the period's counts
  std::vector<v1::OverlapReport> history;   // oldest first
  // Sharing levels by population name (mine; the partner's as the broker
  // lists them).
  std::map<std::string, v1::SharingLevel> my_levels;
  std::map<std::string, v1::SharingLevel> partner_levels;
  bool partner_shares_relationship = false;  // any detail carried one
};

struct CoSellPlan {
  std::string me;
  std::string partner;
  std::string partnership_id;
  std::string period;
  std::string cadence;
  absl::CivilDay today;
  FactorWeights weights;
  int max_score = 0;
  int tier1_size = 0;
  int tier2_size = 0;
  int first_touch_days = 0;
  // Tier 1, 2, 3 in rank order, then the won, lost and parked ones.
  std::vector<PlanAccount> accounts;
  // Coverage: my records that overlap (counted by the broker), the
  // mutually shared ones among them, and the difference.
  bool counts_known = false;
  uint64_t my_records = 0;
  uint64_t my_overlapping = 0;
  uint64_t shared = 0;
  uint64_t not_shared = 0;
  std::vector<std::string> sharing_changes;  // what would list the rest
  std::array<int, kTypeSlots> shared_by_type = {};
  std::optional<PeriodChanges> changes;  // nullopt for the first plan
  RoiTable roi;
  std::vector<EngagementEntry> engagement;  // this partner's, newest first
  std::vector<TrendPoint> trend;
  std::optional<v1::OverlapReport> report;
  std::vector<std::string> notes;

  int CountInTier(int tier) const;
};

struct BuiltPlan {
  CoSellPlan plan;
  PlanState state;  // to save for the next period
};

// Ranks, tiers and activates the shared accounts, carries the previous
// period forward and computes the ROI table. Pure; thread-safe.
BuiltPlan BuildPlan(const PlanInputs& inputs, const PlanConfig& config);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PLAN_PLAN_MODEL_H_
