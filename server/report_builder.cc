#include "server/report_builder.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/overlap_report.h"
#include "common/status_macros.h"
#include "server/store.h"

namespace blindmap {
namespace {

absl::StatusOr<storage::OverlapRecord> CachedOverlap(
    Store& store, const storage::SnapshotRecord& low,
    const storage::SnapshotRecord& high, v1::MatchPolicy policy) {
  ASSIGN_OR_RETURN(auto cached, store.FindOverlap(low.id(), high.id()));
  if (cached.has_value() && cached->match_policy() == policy) return *cached;
  ASSIGN_OR_RETURN(OverlapCounts counts,
                   store.ComputeOverlap(low, high, policy));
  storage::OverlapRecord overlap;
  overlap.set_low_snapshot(low.id());
  overlap.set_high_snapshot(high.id());
  overlap.set_match_policy(policy);
  *overlap.mutable_low_cells() = {counts.a_cells.begin(), counts.a_cells.end()};
  *overlap.mutable_high_cells() = {counts.b_cells.begin(),
                                   counts.b_cells.end()};
  *overlap.mutable_low_overlap_by_population() = {
      counts.a_overlap_by_population.begin(),
      counts.a_overlap_by_population.end()};
  *overlap.mutable_high_overlap_by_population() = {
      counts.b_overlap_by_population.begin(),
      counts.b_overlap_by_population.end()};
  overlap.set_low_overlap_total(counts.a_overlap_total);
  overlap.set_high_overlap_total(counts.b_overlap_total);
  RETURN_IF_ERROR(store.PutOverlap(overlap));
  return overlap;
}

OverlapCounts CountsOf(const storage::OverlapRecord& overlap) {
  OverlapCounts counts;
  counts.a_cells = {overlap.low_cells().begin(), overlap.low_cells().end()};
  counts.b_cells = {overlap.high_cells().begin(), overlap.high_cells().end()};
  counts.a_overlap_by_population = {overlap.low_overlap_by_population().begin(),
                                    overlap.low_overlap_by_population().end()};
  counts.b_overlap_by_population = {
      overlap.high_overlap_by_population().begin(),
      overlap.high_overlap_by_population().end()};
  counts.a_overlap_total = overlap.low_overlap_total();
  counts.b_overlap_total = overlap.high_overlap_total();
  return counts;
}

ReportSide SideOf(const storage::SnapshotRecord& snapshot) {
  ReportSide side;
  side.populations = {snapshot.populations().begin(),
                      snapshot.populations().end()};
  side.population_sizes = {snapshot.population_sizes().begin(),
                           snapshot.population_sizes().end()};
  return side;
}

void FillSnapshotInfo(const storage::SnapshotRecord& snapshot,
                      v1::SnapshotInfo* info) {
  info->set_period(snapshot.period());
  info->set_uploaded_at_unix(snapshot.uploaded_at_unix());
  info->set_records(snapshot.record_count());
}

}  // namespace

absl::StatusOr<v1::OverlapReport> BuildReport(
    Store& store, const storage::PartnershipRecord& partnership,
    absl::string_view caller, const v1::Partnership& api_partnership) {
  const std::string partner = caller == partnership.inviter()
                                  ? partnership.invitee()
                                  : partnership.inviter();
  ASSIGN_OR_RETURN(auto my_heads, store.Heads(partnership.id(), caller));
  ASSIGN_OR_RETURN(auto their_heads, store.Heads(partnership.id(), partner));
  if (my_heads.empty() && their_heads.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "neither you nor ", partner, " has synced this partnership yet"));
  }
  if (my_heads.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("you have not synced this partnership yet (", partner,
                     " has synced period ", their_heads.rbegin()->first, ")"));
  }
  if (their_heads.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(partner,
                     " has not synced this partnership yet (you have "
                     "synced period ",
                     my_heads.rbegin()->first, ")"));
  }
  const std::string* common = nullptr;
  for (auto it = my_heads.rbegin(); it != my_heads.rend(); ++it) {
    if (their_heads.count(it->first) != 0) {
      common = &it->first;
      break;
    }
  }
  const std::string& my_latest = my_heads.rbegin()->first;
  const std::string& their_latest = their_heads.rbegin()->first;
  if (common == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("no sync period both sides have uploaded: your latest is ",
                     my_latest, ", ", partner, "'s latest is ", their_latest));
  }
  ASSIGN_OR_RETURN(auto mine, store.FindSnapshot(my_heads.at(*common)));
  ASSIGN_OR_RETURN(auto theirs, store.FindSnapshot(their_heads.at(*common)));
  if (!mine.has_value() || !theirs.has_value()) {
    return absl::AbortedError("a snapshot was replaced meanwhile; retry");
  }
  const bool mine_is_low = mine->id() < theirs->id();
  const storage::SnapshotRecord& low = mine_is_low ? *mine : *theirs;
  const storage::SnapshotRecord& high = mine_is_low ? *theirs : *mine;
  ASSIGN_OR_RETURN(storage::OverlapRecord overlap,
                   CachedOverlap(store, low, high, partnership.match_policy()));

  v1::OverlapReport report;
  *report.mutable_partnership() = api_partnership;
  report.set_partner(partner);
  report.set_period(*common);
  report.set_match_policy(partnership.match_policy());
  FillSnapshotInfo(*mine, report.mutable_mine());
  FillSnapshotInfo(*theirs, report.mutable_theirs());
  RETURN_IF_ERROR(FillReportCounts(CountsOf(overlap), SideOf(low), SideOf(high),
                                   mine_is_low, report));
  if (!partnership.key_check_problem().empty()) {
    report.add_notes(
        absl::StrCat("Warning: ", partnership.key_check_problem()));
  }
  if (my_latest != *common) {
    report.add_notes(absl::StrCat(partner, " has not synced period ", my_latest,
                                  " yet; this report shows period ", *common,
                                  ", the latest both sides have synced"));
  } else if (their_latest != *common) {
    report.add_notes(
        absl::StrCat(partner, " has synced period ", their_latest,
                     ", which you have not; run `blindmap sync` to see it"));
  }
  return report;
}

}  // namespace blindmap
