#include "client/plan/period_changes.h"

#include <algorithm>
#include <map>

namespace blindmap {
namespace {

template <typename T>
void SortByName(std::vector<T>& items) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) {
    if (a.name != b.name) return a.name < b.name;
    return a.account_id < b.account_id;
  });
}

}  // namespace

const char* MyStatusName(MyStatus status) {
  switch (status) {
    case MyStatus::kCustomer:
      return "customer";
    case MyStatus::kProspect:
      return "prospect";
    case MyStatus::kOther:
      return "other";
  }
  return "other";
}

std::optional<MyStatus> ParseMyStatus(const std::string& name) {
  if (name == "customer") return MyStatus::kCustomer;
  if (name == "prospect") return MyStatus::kProspect;
  if (name == "other") return MyStatus::kOther;
  return std::nullopt;
}

const PlannedAccount* PlanState::Find(const std::string& account_id) const {
  for (const PlannedAccount& account : accounts) {
    if (account.account_id == account_id) return &account;
  }
  return nullptr;
}

size_t TypeSlot(const std::optional<OverlapType>& type) {
  if (!type.has_value()) return 4;
  switch (*type) {
    case OverlapType::kProspectCustomer:
      return 0;
    case OverlapType::kCustomerProspect:
      return 1;
    case OverlapType::kProspectProspect:
      return 2;
    case OverlapType::kCustomerCustomer:
      return 3;
  }
  return 4;
}

const char* TypeSlotId(size_t slot) {
  static constexpr const char* kIds[kTypeSlots] = {
      "prospect_customer", "customer_prospect", "prospect_prospect",
      "customer_customer", "other"};
  return slot < kTypeSlots ? kIds[slot] : "other";
}

const char* TypeSlotLabel(size_t slot) {
  static constexpr const char* kLabels[kTypeSlots] = {
      "Prospect / Customer", "Customer / Prospect", "Prospect / Prospect",
      "Customer / Customer", "Other"};
  return slot < kTypeSlots ? kLabels[slot] : "Other";
}

size_t PeriodChanges::new_count() const {
  size_t n = 0;
  for (const auto& list : new_by_type) n += list.size();
  return n;
}

size_t PeriodChanges::lost_count() const {
  size_t n = 0;
  for (const auto& list : lost_by_type) n += list.size();
  return n;
}

bool PeriodChanges::empty() const {
  return new_count() == 0 && lost_count() == 0 && status_moves.empty() &&
         conversions.empty() && type_moves.empty();
}

PeriodChanges DiffPeriods(const PlanState& previous, const PlanState& now) {
  PeriodChanges changes;
  changes.previous_period = previous.period;
  changes.period = now.period;
  std::map<std::string, const PlannedAccount*> before;
  for (const PlannedAccount& account : previous.accounts) {
    before.emplace(account.account_id, &account);
  }
  std::map<std::string, const PlannedAccount*> after;
  for (const PlannedAccount& account : now.accounts) {
    after.emplace(account.account_id, &account);
  }
  std::map<std::string, const DepartedAccount*> departed;
  for (const DepartedAccount& account : now.departed) {
    departed.emplace(account.account_id, &account);
  }
  for (const auto& [id, account] : after) {
    auto old = before.find(id);
    if (old == before.end()) {
      changes.new_by_type[TypeSlot(account->type)].push_back(
          {id, account->name, ""});
      continue;
    }
    const PlannedAccount& was = *old->second;
    if (was.status != account->status) {
      changes.status_moves.push_back(
          {id, account->name, was.status, account->status});
    }
    if (was.type != account->type) {
      changes.type_moves.push_back(
          {id, account->name, was.type, account->type});
    }
    if (was.my_status == MyStatus::kProspect &&
        account->my_status == MyStatus::kCustomer) {
      changes.conversions.push_back({id, account->name, was.amount, true});
    }
  }
  for (const auto& [id, was] : before) {
    if (after.count(id) != 0) continue;
    auto gone = departed.find(id);
    const std::string reason = gone != departed.end()
                                   ? gone->second->reason
                                   : "no longer shared by both sides";
    changes.lost_by_type[TypeSlot(was->type)].push_back(
        {id, was->name, reason});
    if (was->my_status == MyStatus::kProspect && gone != departed.end() &&
        gone->second->my_status_now == MyStatus::kCustomer) {
      changes.conversions.push_back({id, was->name, was->amount, false});
    }
  }
  for (auto& list : changes.new_by_type) SortByName(list);
  for (auto& list : changes.lost_by_type) SortByName(list);
  SortByName(changes.status_moves);
  SortByName(changes.conversions);
  SortByName(changes.type_moves);
  return changes;
}

}  // namespace blindmap
