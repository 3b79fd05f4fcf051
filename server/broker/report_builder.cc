#include "server/broker/report_builder.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/status_macros.h"
#include "common/crypto/sync_period.h"
#include "common/match/overlap_report.h"
#include "server/broker/common_period.h"
#include "server/broker/probe_policy.h"
#include "server/broker/sharing.h"
#include "server/store/store.h"

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
    if (!cached->has_low_counted_records() ||
        !cached->has_high_counted_records()) {
      // Cached before the totals were kept: add them once.
      ASSIGN_OR_RETURN(const uint64_t low_records,
                       store.CountRecordsIn(low, low_visible));
      ASSIGN_OR_RETURN(const uint64_t high_records,
                       store.CountRecordsIn(high, high_visible));
      cached->set_low_counted_records(low_records);
      cached->set_high_counted_records(high_records);
      RETURN_IF_ERROR(store.PutOverlap(*cached));
    }
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
  ASSIGN_OR_RETURN(const uint64_t low_records,
                   store.CountRecordsIn(low, low_visible));
  ASSIGN_OR_RETURN(const uint64_t high_records,
                   store.CountRecordsIn(high, high_visible));
  overlap.set_low_counted_records(low_records);
  overlap.set_high_counted_records(high_records);
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

// The records of `snapshot` a report may show: those in a population of
// `counted`, as the overlap record keeps them. For a record cached before
// it kept them: the snapshot's record count when no population is left out,
// else the largest counted population (a lower bound that says nothing of
// the populations left out).
uint64_t CountedRecords(const storage::SnapshotRecord& snapshot,
                        uint64_t counted, bool has_kept, uint64_t kept) {
  if (has_kept) return kept;
  const int populations = snapshot.populations_size();
  const uint64_t all =
      populations >= 64 ? ~uint64_t{0} : (uint64_t{1} << populations) - 1;
  if ((counted & all) == all) return snapshot.record_count();
  uint64_t largest = 0;
  for (int i = 0; i < snapshot.population_sizes_size() && i < 64; ++i) {
    if ((counted >> i) & 1) {
      largest = std::max<uint64_t>(largest, snapshot.population_sizes(i));
    }
  }
  return largest;
}

// `records`: the snapshot's records in counted populations (never the
// snapshot's own total, which would give away a hidden population's size).
void FillSnapshotInfo(const storage::SnapshotRecord& snapshot, uint64_t records,
                      v1::SnapshotInfo* info) {
  info->set_period(snapshot.period());
  info->set_uploaded_at_unix(snapshot.uploaded_at_unix());
  info->set_records(records);
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

// The populations of `owner`'s snapshot that count for the partner: not
// hidden by `owner`'s sharing and at least the policy's minimum size.
struct Counted {
  uint64_t visible = 0;  // by sharing level
  uint64_t counted = 0;  // and by size
};
Counted CountedOf(const storage::PartnershipRecord& partnership,
                  absl::string_view owner,
                  const storage::SnapshotRecord& snapshot,
                  const v1::ProbePolicy& policy) {
  Counted out;
  out.visible = MasksFor(SharingOf(partnership, owner), snapshot).visible;
  out.counted =
      out.visible & LargeEnoughMask(snapshot, policy.min_population_size());
  return out;
}

std::vector<std::string> NamesIn(const storage::SnapshotRecord& snapshot,
                                 uint64_t mask) {
  std::vector<std::string> names;
  for (int i = 0; i < snapshot.populations_size() && i < 64; ++i) {
    if ((mask >> i) & 1) names.push_back(snapshot.populations(i).name());
  }
  return names;
}

// The report for `caller` from the overlap of its snapshot `mine` and the
// partner's `theirs` (raw counts; noise is added here).
absl::StatusOr<v1::OverlapReport> Assemble(
    const storage::PartnershipRecord& partnership, absl::string_view caller,
    const v1::Partnership& api_partnership, const std::string& partner,
    const storage::SnapshotRecord& mine, const storage::SnapshotRecord& theirs,
    storage::OverlapRecord overlap, const v1::ProbePolicy& policy,
    absl::string_view noise_key) {
  const bool mine_is_low = mine.id() < theirs.id();
  const storage::SnapshotRecord& low = mine_is_low ? mine : theirs;
  const storage::SnapshotRecord& high = mine_is_low ? theirs : mine;
  const uint64_t my_counted =
      mine_is_low ? overlap.low_visible() : overlap.high_visible();
  const uint64_t their_counted =
      mine_is_low ? overlap.high_visible() : overlap.low_visible();
  const uint64_t my_records =
      CountedRecords(mine, my_counted,
                     mine_is_low ? overlap.has_low_counted_records()
                                 : overlap.has_high_counted_records(),
                     mine_is_low ? overlap.low_counted_records()
                                 : overlap.high_counted_records());
  const uint64_t their_records =
      CountedRecords(theirs, their_counted,
                     mine_is_low ? overlap.has_high_counted_records()
                                 : overlap.has_low_counted_records(),
                     mine_is_low ? overlap.high_counted_records()
                                 : overlap.low_counted_records());
  AddNoise(policy, noise_key, overlap);

  v1::OverlapReport report;
  *report.mutable_partnership() = api_partnership;
  report.set_partner(partner);
  report.set_period(mine.period());
  report.set_match_policy(partnership.match_policy());
  *report.mutable_probe_policy() = policy;
  report.set_noisy(policy.noise_epsilon() > 0);
  report.set_cadence(partnership.cadence());
  FillSnapshotInfo(mine, my_records, report.mutable_mine());
  FillSnapshotInfo(theirs, their_records, report.mutable_theirs());
  RETURN_IF_ERROR(FillReportCounts(CountsOf(overlap), SideOf(low), SideOf(high),
                                   mine_is_low, report));
  DropHiddenPopulations(my_counted, their_counted, report);
  // Too small to count, though not hidden.
  const uint64_t my_visible =
      MasksFor(SharingOf(partnership, caller), mine).visible;
  const uint64_t their_visible =
      MasksFor(SharingOf(partnership, partner), theirs).visible;
  for (const std::string& name : NamesIn(mine, my_visible & ~my_counted)) {
    report.add_my_suppressed_populations(name);
  }
  for (const std::string& name :
       NamesIn(theirs, their_visible & ~their_counted)) {
    report.add_partner_suppressed_populations(name);
  }
  const auto suppressed_note = [&](const auto& names, absl::string_view whose) {
    if (names.empty()) return;
    report.add_notes(absl::StrCat(
        whose, " ", absl::StrJoin(names, ", "), " ",
        names.size() == 1 ? "has" : "have", " fewer than ",
        policy.min_population_size(),
        " records: not counted (probe policy: minimum population size)"));
  };
  suppressed_note(report.my_suppressed_populations(), "Your");
  suppressed_note(report.partner_suppressed_populations(),
                  absl::StrCat(partner, "'s"));
  if (report.noisy()) {
    report.add_notes(absl::StrCat(
        "Counts carry two-sided geometric noise (epsilon ",
        policy.noise_epsilon(),
        "), the same for the same pair of uploads (probe policy)"));
  }
  if (!partnership.key_check_problem().empty()) {
    report.add_notes(
        absl::StrCat("Warning: ", partnership.key_check_problem()));
  }
  const std::vector<std::string> hidden = NamesIn(mine, ~my_visible);
  if (!hidden.empty()) {
    report.add_notes(absl::StrCat("You hide ", absl::StrJoin(hidden, ", "),
                                  " from ", partner,
                                  ": not counted, not listed to them"));
  }
  // The partner's hidden populations: only that there are some, never
  // which, how many or how large.
  if (!NamesIn(theirs, ~their_visible).empty()) {
    report.add_notes(absl::StrCat(
        partner,
        " hides some of its populations from you: they are in no count, "
        "total or rate of this report"));
  }
  return report;
}

}  // namespace

absl::StatusOr<v1::OverlapReport> BuildReport(
    Store& store, const storage::PartnershipRecord& partnership,
    absl::string_view caller, const v1::Partnership& api_partnership,
    absl::string_view noise_key, absl::Time now) {
  ASSIGN_OR_RETURN(CommonSnapshots snapshots,
                   LatestCommonSnapshots(store, partnership, caller));
  const storage::SnapshotRecord& mine = snapshots.mine;
  const storage::SnapshotRecord& theirs = snapshots.theirs;
  const v1::ProbePolicy policy = WithDefaults(partnership.probe_policy());
  const uint64_t my_counted =
      CountedOf(partnership, caller, mine, policy).counted;
  const uint64_t their_counted =
      CountedOf(partnership, snapshots.partner, theirs, policy).counted;
  const bool mine_is_low = mine.id() < theirs.id();
  ASSIGN_OR_RETURN(
      storage::OverlapRecord overlap,
      CachedOverlap(store, mine_is_low ? mine : theirs,
                    mine_is_low ? theirs : mine, partnership.match_policy(),
                    mine_is_low ? my_counted : their_counted,
                    mine_is_low ? their_counted : my_counted));
  ASSIGN_OR_RETURN(
      v1::OverlapReport report,
      Assemble(partnership, caller, api_partnership, snapshots.partner, mine,
               theirs, std::move(overlap), policy, noise_key));
  report.set_my_latest_period(snapshots.my_latest_period);
  report.set_partner_latest_period(snapshots.partner_latest_period);
  report.set_partner_latest_upload_unix(snapshots.partner_latest_upload_unix);
  const std::string current = PeriodOf(partnership.cadence(), now);
  report.set_current_period(current);
  for (std::string& note : snapshots.notes) report.add_notes(std::move(note));
  if (snapshots.my_latest_period < current &&
      snapshots.partner_latest_period < current) {
    report.add_notes(absl::StrCat(
        "Neither side has synced the current period, ", current, ", yet"));
  }
  return report;
}

absl::StatusOr<storage::HistoryRecord> MakeHistory(
    Store& store, const storage::PartnershipRecord& partnership,
    const storage::SnapshotRecord& inviter_snapshot,
    const storage::SnapshotRecord& invitee_snapshot) {
  const v1::ProbePolicy policy = WithDefaults(partnership.probe_policy());
  const uint64_t inviter_counted =
      CountedOf(partnership, partnership.inviter(), inviter_snapshot, policy)
          .counted;
  const uint64_t invitee_counted =
      CountedOf(partnership, partnership.invitee(), invitee_snapshot, policy)
          .counted;
  const bool inviter_is_low = inviter_snapshot.id() < invitee_snapshot.id();
  storage::HistoryRecord history;
  ASSIGN_OR_RETURN(
      *history.mutable_overlap(),
      CachedOverlap(store, inviter_is_low ? inviter_snapshot : invitee_snapshot,
                    inviter_is_low ? invitee_snapshot : inviter_snapshot,
                    partnership.match_policy(),
                    inviter_is_low ? inviter_counted : invitee_counted,
                    inviter_is_low ? invitee_counted : inviter_counted));
  history.set_partnership_id(partnership.id());
  history.set_period(inviter_snapshot.period());
  *history.mutable_inviter_snapshot() = inviter_snapshot;
  *history.mutable_invitee_snapshot() = invitee_snapshot;
  *history.mutable_probe_policy() = policy;
  return history;
}

absl::StatusOr<v1::OverlapReport> ReportFromHistory(
    const storage::PartnershipRecord& partnership, absl::string_view caller,
    const v1::Partnership& api_partnership,
    const storage::HistoryRecord& history, absl::string_view noise_key) {
  const bool inviter = caller == partnership.inviter();
  return Assemble(
      partnership, caller, api_partnership,
      inviter ? partnership.invitee() : partnership.inviter(),
      inviter ? history.inviter_snapshot() : history.invitee_snapshot(),
      inviter ? history.invitee_snapshot() : history.inviter_snapshot(),
      history.overlap(), history.probe_policy(), noise_key);
}

}  // namespace blindmap
