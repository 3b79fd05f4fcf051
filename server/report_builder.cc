#include "server/report_builder.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/overlap_report.h"
#include "common/status_macros.h"
#include "server/common_period.h"
#include "server/sharing.h"
#include "server/store.h"

namespace blindmap {
namespace {

// The intersection of two snapshots under a policy and visibility, from the
// cache or computed (and cached).
absl::StatusOr<storage::OverlapRecord> CachedOverlap(
    Store& store, const storage::SnapshotRecord& low,
    const storage::SnapshotRecord& high, v1::MatchPolicy policy,
    uint64_t low_visible, uint64_t high_visible) {
  ASSIGN_OR_RETURN(auto cached, store.FindOverlap(low.id(), high.id()));
  if (cached.has_value() && cached->match_policy() == policy &&
      cached->low_visible() == low_visible &&
      cached->high_visible() == high_visible) {
    return *cached;
  }
  ASSIGN_OR_RETURN(
      OverlapCounts counts,
      store.ComputeOverlap(low, high, policy, low_visible, high_visible));
  storage::OverlapRecord overlap;
  overlap.set_low_snapshot(low.id());
  overlap.set_high_snapshot(high.id());
  overlap.set_match_policy(policy);
  overlap.set_low_visible(low_visible);
  overlap.set_high_visible(high_visible);
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

// Removes hidden populations from the report: their rows, columns and
// population entries (the counts already leave them out).
void DropHiddenPopulations(uint64_t my_visible, uint64_t their_visible,
                           v1::OverlapReport& report) {
  const auto keep = [](uint64_t visible, uint32_t i) {
    return ((visible >> i) & 1) != 0;
  };
  std::vector<int> row_index(report.my_populations_size(), -1);
  std::vector<int> column_index(report.partner_populations_size(), -1);
  v1::OverlapReport kept;
  for (int i = 0; i < report.my_populations_size(); ++i) {
    if (keep(my_visible, i)) {
      row_index[i] = kept.my_populations_size();
      *kept.add_my_populations() = report.my_populations(i);
    }
  }
  for (int i = 0; i < report.partner_populations_size(); ++i) {
    if (keep(their_visible, i)) {
      column_index[i] = kept.partner_populations_size();
      *kept.add_partner_populations() = report.partner_populations(i);
    }
  }
  for (const v1::OverlapCell& cell : report.cells()) {
    if (row_index[cell.row()] < 0 || column_index[cell.column()] < 0) continue;
    v1::OverlapCell* copy = kept.add_cells();
    *copy = cell;
    copy->set_row(row_index[cell.row()]);
    copy->set_column(column_index[cell.column()]);
  }
  *report.mutable_my_populations() = kept.my_populations();
  *report.mutable_partner_populations() = kept.partner_populations();
  *report.mutable_cells() = kept.cells();
}

}  // namespace

absl::StatusOr<v1::OverlapReport> BuildReport(
    Store& store, const storage::PartnershipRecord& partnership,
    absl::string_view caller, const v1::Partnership& api_partnership) {
  ASSIGN_OR_RETURN(CommonSnapshots snapshots,
                   LatestCommonSnapshots(store, partnership, caller));
  const storage::SnapshotRecord& mine = snapshots.mine;
  const storage::SnapshotRecord& theirs = snapshots.theirs;
  const uint64_t my_visible =
      MasksFor(SharingOf(partnership, caller), mine).visible;
  const uint64_t their_visible =
      MasksFor(SharingOf(partnership, snapshots.partner), theirs).visible;
  const bool mine_is_low = mine.id() < theirs.id();
  const storage::SnapshotRecord& low = mine_is_low ? mine : theirs;
  const storage::SnapshotRecord& high = mine_is_low ? theirs : mine;
  ASSIGN_OR_RETURN(storage::OverlapRecord overlap,
                   CachedOverlap(store, low, high, partnership.match_policy(),
                                 mine_is_low ? my_visible : their_visible,
                                 mine_is_low ? their_visible : my_visible));

  v1::OverlapReport report;
  *report.mutable_partnership() = api_partnership;
  report.set_partner(snapshots.partner);
  report.set_period(snapshots.period);
  report.set_match_policy(partnership.match_policy());
  FillSnapshotInfo(mine, report.mutable_mine());
  FillSnapshotInfo(theirs, report.mutable_theirs());
  RETURN_IF_ERROR(FillReportCounts(CountsOf(overlap), SideOf(low), SideOf(high),
                                   mine_is_low, report));
  DropHiddenPopulations(my_visible, their_visible, report);
  if (!partnership.key_check_problem().empty()) {
    report.add_notes(
        absl::StrCat("Warning: ", partnership.key_check_problem()));
  }
  std::vector<std::string> hidden;
  for (int i = 0; i < mine.populations_size(); ++i) {
    if (((my_visible >> i) & 1) == 0) {
      hidden.push_back(mine.populations(i).name());
    }
  }
  if (!hidden.empty()) {
    report.add_notes(absl::StrCat("You hide ", absl::StrJoin(hidden, ", "),
                                  " from ", snapshots.partner,
                                  ": not counted, not listed to them"));
  }
  for (std::string& note : snapshots.notes) report.add_notes(std::move(note));
  return report;
}

}  // namespace blindmap
