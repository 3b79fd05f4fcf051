#include "server/report_builder.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "server/store.h"

namespace blindmap {
namespace {

absl::StatusOr<storage::OverlapRecord> CachedOverlap(
    Store& store, const storage::SnapshotRecord& low,
    const storage::SnapshotRecord& high) {
  ASSIGN_OR_RETURN(auto cached, store.FindOverlap(low.id(), high.id()));
  if (cached.has_value()) return *cached;
  ASSIGN_OR_RETURN(OverlapCounts counts, store.ComputeOverlap(low, high));
  storage::OverlapRecord overlap;
  overlap.set_low_snapshot(low.id());
  overlap.set_high_snapshot(high.id());
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

void FillPopulations(
    const storage::SnapshotRecord& snapshot,
    const google::protobuf::RepeatedField<uint64_t>& overlapping,
    google::protobuf::RepeatedPtrField<v1::PopulationOverlap>* out) {
  for (int i = 0; i < snapshot.populations_size(); ++i) {
    v1::PopulationOverlap* population = out->Add();
    population->set_name(snapshot.populations(i).name());
    population->set_kind(snapshot.populations(i).kind());
    population->set_records(i < snapshot.population_sizes_size()
                                ? snapshot.population_sizes(i)
                                : 0);
    population->set_overlapping_records(i < overlapping.size() ? overlapping[i]
                                                               : 0);
  }
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
                   CachedOverlap(store, low, high));

  v1::OverlapReport report;
  *report.mutable_partnership() = api_partnership;
  report.set_partner(partner);
  report.set_period(*common);
  report.set_match_rule(partnership.match_rule());
  FillSnapshotInfo(*mine, report.mutable_mine());
  FillSnapshotInfo(*theirs, report.mutable_theirs());
  FillPopulations(*mine,
                  mine_is_low ? overlap.low_overlap_by_population()
                              : overlap.high_overlap_by_population(),
                  report.mutable_my_populations());
  FillPopulations(*theirs,
                  mine_is_low ? overlap.high_overlap_by_population()
                              : overlap.low_overlap_by_population(),
                  report.mutable_partner_populations());
  report.set_my_overlapping_records(mine_is_low ? overlap.low_overlap_total()
                                                : overlap.high_overlap_total());
  report.set_partner_overlapping_records(
      mine_is_low ? overlap.high_overlap_total() : overlap.low_overlap_total());
  const int rows = mine->populations_size();
  const int columns = theirs->populations_size();
  const int high_populations = high.populations_size();
  for (int row = 0; row < rows; ++row) {
    for (int column = 0; column < columns; ++column) {
      // Stored cells are [low population][high population].
      const int index = mine_is_low ? row * high_populations + column
                                    : column * high_populations + row;
      if (index >= overlap.low_cells_size() ||
          index >= overlap.high_cells_size()) {
        return absl::DataLossError("cached overlap does not fit its snapshots");
      }
      v1::OverlapCell* cell = report.add_cells();
      cell->set_row(row);
      cell->set_column(column);
      cell->set_my_records(mine_is_low ? overlap.low_cells(index)
                                       : overlap.high_cells(index));
      cell->set_partner_records(mine_is_low ? overlap.high_cells(index)
                                            : overlap.low_cells(index));
    }
  }
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
