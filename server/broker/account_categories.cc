#include "server/broker/account_categories.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/status_macros.h"
#include "common/match/count_noise.h"
#include "common/match/probe_policy.h"
#include "server/broker/probe_policy.h"
#include "server/broker/sharing.h"
#include "server/store/store.h"

namespace blindmap {
namespace {

uint64_t Bit(int i) { return uint64_t{1} << i; }

std::vector<std::string> NamesIn(const storage::SnapshotRecord& snapshot,
                                 uint64_t mask) {
  std::vector<std::string> names;
  for (int i = 0; i < snapshot.populations_size() && i < 64; ++i) {
    if ((mask & Bit(i)) != 0) names.push_back(snapshot.populations(i).name());
  }
  return names;
}

// Distinct records of `snapshot` in a population of `mask`.
absl::StatusOr<uint64_t> RecordsIn(Store& store,
                                   const storage::SnapshotRecord& snapshot,
                                   uint64_t mask) {
  if (mask == 0) return 0;
  ASSIGN_OR_RETURN(std::vector<StoredRecord> records,
                   store.ReadRecords(snapshot));
  uint64_t count = 0;
  for (const StoredRecord& record : records) {
    if ((record.populations & mask) != 0) ++count;
  }
  return count;
}

// One side of the categories: its counted populations by purpose.
struct SideMasks {
  uint64_t visible = 0;       // not hidden from the partner
  uint64_t counted = 0;       // and at least the minimum size
  uint64_t relationship = 0;  // counted relationship populations
  uint64_t target = 0;        // counted target lists
};

SideMasks MasksOf(const storage::PartnershipRecord& partnership,
                  absl::string_view owner,
                  const storage::SnapshotRecord& snapshot,
                  const v1::ProbePolicy& policy) {
  SideMasks masks;
  masks.visible = MasksFor(SharingOf(partnership, owner), snapshot).visible;
  masks.counted =
      masks.visible & LargeEnoughMask(snapshot, policy.min_population_size());
  masks.relationship = masks.counted & RelationshipMask(snapshot);
  masks.target = masks.counted & TargetListMask(snapshot);
  return masks;
}

// Why the greenfield count is missing on one side, or "" if it is not.
std::string GreenfieldGap(const storage::SnapshotRecord& snapshot,
                          const SideMasks& masks, bool mine,
                          absl::string_view party, uint32_t min_size) {
  if (masks.target != 0) return "";
  const uint64_t defined = TargetListMask(snapshot);
  const std::string whose = mine ? "Your" : absl::StrCat(party, "'s");
  const uint64_t small = defined & masks.visible & ~masks.counted;
  if (small != 0) {
    return absl::StrCat(whose, " target list ",
                        absl::StrJoin(NamesIn(snapshot, small), ", "),
                        " has fewer than ", min_size,
                        " records: not counted (probe policy: minimum "
                        "population size), so Greenfield is not counted");
  }
  if (!mine) {
    return absl::StrCat(party,
                        " has no target list counted for you, so Greenfield "
                        "is not counted");
  }
  if (defined != 0) {
    return absl::StrCat("You hide your target list ",
                        absl::StrJoin(NamesIn(snapshot, defined), ", "),
                        " from ", party, ", so Greenfield is not counted");
  }
  return "You have no target list (a population with role target_list), so "
         "Greenfield is not counted";
}

}  // namespace

uint64_t RelationshipMask(const storage::SnapshotRecord& snapshot) {
  uint64_t mask = 0;
  for (int i = 0; i < snapshot.populations_size() && i < 64; ++i) {
    const v1::PopulationSpec& population = snapshot.populations(i);
    if (population.role() == v1::POPULATION_ROLE_UNSPECIFIED &&
        (population.kind() == v1::POPULATION_KIND_CUSTOMER ||
         population.kind() == v1::POPULATION_KIND_PROSPECT)) {
      mask |= Bit(i);
    }
  }
  return mask;
}

uint64_t TargetListMask(const storage::SnapshotRecord& snapshot) {
  uint64_t mask = 0;
  for (int i = 0; i < snapshot.populations_size() && i < 64; ++i) {
    if (snapshot.populations(i).role() == v1::POPULATION_ROLE_TARGET_LIST) {
      mask |= Bit(i);
    }
  }
  return mask;
}

bool HidesPopulations(const storage::PartnershipRecord& partnership,
                      absl::string_view owner,
                      const storage::SnapshotRecord& snapshot) {
  const uint64_t all = snapshot.populations_size() >= 64
                           ? ~uint64_t{0}
                           : Bit(snapshot.populations_size()) - 1;
  return (MasksFor(SharingOf(partnership, owner), snapshot).visible & all) !=
         all;
}

absl::StatusOr<v1::AccountCategories> BuildAccountCategories(
    Store& store, const storage::PartnershipRecord& partnership,
    absl::string_view caller, const CommonSnapshots& snapshots,
    absl::string_view noise_key) {
  const storage::SnapshotRecord& mine = snapshots.mine;
  const storage::SnapshotRecord& theirs = snapshots.theirs;
  const v1::ProbePolicy policy = WithDefaults(partnership.probe_policy());
  const SideMasks my_masks = MasksOf(partnership, caller, mine, policy);
  const SideMasks their_masks =
      MasksOf(partnership, snapshots.partner, theirs, policy);

  v1::AccountCategories out;
  out.set_partnership_id(partnership.id());
  out.set_partner(snapshots.partner);
  out.set_period(mine.period());
  *out.mutable_probe_policy() = policy;
  out.set_noisy(policy.noise_epsilon() > 0);
  for (const std::string& name : NamesIn(mine, my_masks.relationship)) {
    out.add_my_relationship_populations(name);
  }
  for (const std::string& name : NamesIn(theirs, their_masks.relationship)) {
    out.add_partner_relationship_populations(name);
  }
  for (const std::string& name : NamesIn(mine, my_masks.target)) {
    out.add_my_target_lists(name);
  }
  for (const std::string& name : NamesIn(theirs, their_masks.target)) {
    out.add_partner_target_lists(name);
  }
  ASSIGN_OR_RETURN(uint64_t my_records,
                   RecordsIn(store, mine, my_masks.relationship));
  ASSIGN_OR_RETURN(uint64_t their_records,
                   RecordsIn(store, theirs, their_masks.relationship));
  out.set_my_relationship_records(my_records);
  out.set_partner_relationship_records(their_records);

  // Noise labels name the pair by snapshot id and each side as low or high,
  // so both parties see the same noisy numbers.
  const bool mine_is_low = mine.id() < theirs.id();
  const std::string pair =
      absl::StrCat(mine_is_low ? mine.id() : theirs.id(), ":",
                   mine_is_low ? theirs.id() : mine.id(), "/categories/");
  const auto noisy = [&](uint64_t count, bool my_side, absl::string_view what) {
    return NoisyCount(
        count, policy.noise_epsilon(), noise_key,
        absl::StrCat(pair, what, "/", my_side == mine_is_low ? "low" : "high"));
  };
  if (my_masks.relationship != 0 && their_masks.relationship != 0) {
    ASSIGN_OR_RETURN(
        OverlapCounts overlap,
        store.ComputeOverlap(mine, theirs, partnership.match_policy(),
                             my_masks.relationship, their_masks.relationship));
    out.set_my_overlap_records(
        std::min(my_records, noisy(overlap.a_overlap_total, true, "overlap")));
    out.set_partner_overlap_records(std::min(
        their_records, noisy(overlap.b_overlap_total, false, "overlap")));
  }
  if (my_masks.relationship == 0) {
    out.add_notes(
        "You have no counted customer or prospect population: Overlap and "
        "Your accounts are 0");
  }
  if (their_masks.relationship == 0) {
    out.add_notes(absl::StrCat(
        snapshots.partner,
        " has no customer or prospect population counted for you: Overlap "
        "and Partner accounts are 0"));
  }

  const std::string my_gap = GreenfieldGap(
      mine, my_masks, true, snapshots.partner, policy.min_population_size());
  const std::string their_gap =
      GreenfieldGap(theirs, their_masks, false, snapshots.partner,
                    policy.min_population_size());
  if (!my_gap.empty()) out.add_notes(my_gap);
  if (!their_gap.empty()) out.add_notes(their_gap);
  if (my_gap.empty() && their_gap.empty()) {
    ASSIGN_OR_RETURN(
        OverlapCounts greenfield,
        store.ComputeOverlap(mine, theirs, partnership.match_policy(),
                             my_masks.target, their_masks.target));
    out.set_greenfield_counted(true);
    out.set_my_greenfield_records(
        noisy(greenfield.a_overlap_total, true, "greenfield"));
    out.set_partner_greenfield_records(
        noisy(greenfield.b_overlap_total, false, "greenfield"));
  }
  return out;
}

}  // namespace blindmap
