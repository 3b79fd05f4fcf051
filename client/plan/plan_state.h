// What a co-sell plan keeps of each period on this machine, so that the
// next period's plan can carry it forward: the accounts with their tier,
// score and status, when each was first mapped and touched, the accounts
// that left since the period before and why, the wins so far, and the ROI
// figures. Stored by PlanStore (plan_store.h); compared by DiffPeriods()
// (period_changes.h). Holds my own data: it never leaves the machine.
#ifndef BLINDMAP_CLIENT_PLAN_PLAN_STATE_H_
#define BLINDMAP_CLIENT_PLAN_PLAN_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "client/plan/plan_values.h"
#include "client/report/overlap_types.h"

namespace blindmap {

// My commercial status with an account: from the kinds of my populations
// it is in (customer wins over prospect).
enum class MyStatus { kOther, kProspect, kCustomer };
const char* MyStatusName(MyStatus status);  // "other", "prospect", "customer"
std::optional<MyStatus> ParseMyStatus(const std::string& name);

// One mutually shared account of the period's plan.
struct PlannedAccount {
  std::string account_id;  // my CRM id: the key across periods
  std::string name;        // my account name
  std::string partner_name;
  std::optional<OverlapType> type;
  MyStatus my_status = MyStatus::kOther;
  int tier = 0;  // 1-3; 0 when won, lost or parked
  int rank = 0;  // 0 when won, lost or parked
  int score = 0;
  PlanStatus status = PlanStatus::kNew;
  absl::CivilDay mapped_on;  // the day a plan first listed it
  std::optional<absl::CivilDay> first_touched;
  std::optional<double> amount;  // my opportunity amount
  // My CRM stage when the account was first mapped: a stage reached after
  // the mapping (an opportunity opened, a deal won or lost) is progress the
  // plan counts; one that was already there is not.
  std::string stage_at_mapping;
};

// An account of the previous period's plan that this period's does not
// list, and why.
struct DepartedAccount {
  std::string account_id;
  std::string name;
  std::optional<OverlapType> type;            // its type in the previous period
  MyStatus my_status_now = MyStatus::kOther;  // from this period's export
  std::string reason;
};

// A won deal of a mapped account (kept across periods: the revenue from
// mapped accounts accumulates).
struct WonDeal {
  std::string account_id;
  std::string name;
  double amount = 0;
  std::string quarter;  // "2026-Q4", of the close date (else the win date)
  std::string period;   // the plan period that first saw it won
};

// The ROI figures of a period (nullopt: unknown).
struct RoiFigures {
  std::optional<double> overlap_rate;     // fraction
  std::optional<double> activation_rate;  // fraction of Tier 1 touched
  std::optional<double> conversion_rate;  // fraction of touched in pipeline
  std::optional<double> revenue;          // won amounts, all quarters
  std::optional<double> median_days_to_first_touch;
};

struct PlanState {
  std::string partner;
  std::string partnership_id;
  std::string period;
  absl::CivilDay generated_on;
  std::vector<PlannedAccount> accounts;
  std::vector<DepartedAccount> departed;  // since `previous_period`
  std::string previous_period;            // "" for the first plan
  std::vector<WonDeal> wins;
  RoiFigures roi;
  uint64_t my_records = 0;       // my records in the period's report
  uint64_t my_overlapping = 0;   // of which overlap (counted)
  uint64_t shared_accounts = 0;  // mutually shared

  const PlannedAccount* Find(const std::string& account_id) const;
};

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PLAN_PLAN_STATE_H_
