// "What changed since last period": the difference between two periods'
// co-sell plans of one partnership.
//
// Reusable on purpose: the plan prints it at every re-sync, and the alerts
// after `blindmap sync --all` (issue #20, Slack/Teams) call DiffPeriods()
// with the partnership's two latest PlanStates (PlanStore::Latest() and
// PlanStore::LatestBefore()) to post new and lost overlaps and status
// moves. Such an alert may carry counts, and account names only of
// accounts both sides opted in to share (every account here is one of
// those: a plan lists only mutually shared accounts). The `reason` of a
// lost account and the amounts are my own data: keep them off any channel
// the partner can read.
#ifndef BLINDMAP_CLIENT_PLAN_PERIOD_CHANGES_H_
#define BLINDMAP_CLIENT_PLAN_PERIOD_CHANGES_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "client/plan/plan_state.h"

namespace blindmap {

// The four overlap types in the seeds' order, then accounts of no type
// (a population of kind "other" on one side).
inline constexpr size_t kTypeSlots = 5;
// Index of `type` in a by-type array: the seeds' order, 4 for none.
size_t TypeSlot(const std::optional<OverlapType>& type);
// The stable id of a slot: "prospect_customer", ..., "other".
const char* TypeSlotId(size_t slot);
// "Prospect / Customer", ..., "Other".
const char* TypeSlotLabel(size_t slot);

struct AccountRef {
  std::string account_id;
  std::string name;
  std::string reason;  // lost overlaps only
};

struct StatusMove {
  std::string account_id;
  std::string name;
  PlanStatus from = PlanStatus::kNew;
  PlanStatus to = PlanStatus::kNew;
};

// A prospect in the previous period's plan that is a customer now.
struct Conversion {
  std::string account_id;
  std::string name;
  std::optional<double> amount;  // my amount in the previous period's plan
  bool still_shared = false;     // in this period's plan
};

struct TypeMove {
  std::string account_id;
  std::string name;
  std::optional<OverlapType> from;
  std::optional<OverlapType> to;
};

struct PeriodChanges {
  std::string previous_period;
  std::string period;
  std::array<std::vector<AccountRef>, kTypeSlots> new_by_type;
  std::array<std::vector<AccountRef>, kTypeSlots> lost_by_type;
  std::vector<StatusMove> status_moves;
  std::vector<Conversion> conversions;
  std::vector<TypeMove> type_moves;

  size_t new_count() const;
  size_t lost_count() const;
  bool empty() const;
};

// `now` against `previous` (the latest earlier period's plan), matched by
// my CRM account id. New: in `now` only; lost: in `previous` only, with the
// reason `now.departed` gives (else "no longer shared by both sides");
// status moves: in both with another status; type moves: in both with
// another overlap type; conversions: my prospect in `previous` that is my
// customer in `now` (still listed, or departed with my_status_now
// customer). Every list is sorted by account name, then id. Pure;
// thread-safe.
PeriodChanges DiffPeriods(const PlanState& previous, const PlanState& now);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PLAN_PERIOD_CHANGES_H_
