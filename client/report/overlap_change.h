// What changed between a partnership's two latest sync periods, by overlap
// type: the view model the alerts render (and, with the plan's per-account
// lists, more reports may).
#ifndef BLINDMAP_CLIENT_REPORT_OVERLAP_CHANGE_H_
#define BLINDMAP_CLIENT_REPORT_OVERLAP_CHANGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/report/overlap_types.h"

namespace blindmap {

// One overlap type's count, in my records (as the report's "Mine" column),
// in the previous period and now.
struct TypeChange {
  const OverlapTypeInfo* info = nullptr;
  uint64_t previous = 0;
  uint64_t current = 0;

  int64_t change() const {
    return static_cast<int64_t>(current) - static_cast<int64_t>(previous);
  }
};

// Accounts both sides opted in to share, by name: those that appeared since
// the last time the change was taken, and how many are no longer shared.
// Filled by the caller (the broker knows no names); empty otherwise.
struct SharedAccountsChange {
  bool known = false;                  // false: no earlier list to compare with
  std::vector<std::string> new_names;  // sorted; this party's names
  int64_t new_count = 0;               // may exceed new_names.size()
  int64_t gone_count = 0;
};

struct OverlapChange {
  std::string me;
  std::string partner;
  std::string partnership_id;
  std::string period;                 // the latest period both sides synced
  std::string previous_period;        // the one before it with a report
  std::vector<TypeChange> types;      // always the four, in the seeds' order
  uint64_t overlapping_previous = 0;  // my records matching anything
  uint64_t overlapping_current = 0;
  bool noisy = false;  // either period's counts carry noise
  SharedAccountsChange shared;

  // Net changes summed over the types: counts cannot tell one account that
  // left from another that arrived within a type, so these are lower
  // bounds of the accounts that came and went.
  uint64_t new_overlaps() const;
  uint64_t lost_overlaps() const;
  bool HasNews() const;
};

// The change between the last two reports of `history` (the broker sends
// them oldest first, the last being the latest period both sides synced);
// nullopt with fewer than two. Counts come from the same view model as the
// report (a type sums its cells; cells match by population index within a
// period). Pure; never fails.
std::optional<OverlapChange> BuildOverlapChange(
    const v1::ReportHistory& history, absl::string_view me);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_OVERLAP_CHANGE_H_
