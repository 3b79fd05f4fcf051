#include "server/broker/sharing.h"

#include "absl/strings/str_cat.h"

namespace blindmap {
namespace {
constexpr size_t kMaxPopulationNameBytes = 80;
}  // namespace

const SharingList& SharingOf(const v1::storage::PartnershipRecord& partnership,
                             absl::string_view party) {
  return party == partnership.inviter() ? partnership.inviter_sharing()
                                        : partnership.invitee_sharing();
}

SharingList* MutableSharingOf(v1::storage::PartnershipRecord& partnership,
                              absl::string_view party) {
  return party == partnership.inviter() ? partnership.mutable_inviter_sharing()
                                        : partnership.mutable_invitee_sharing();
}

v1::SharingLevel LevelOf(const SharingList& levels, absl::string_view name) {
  for (const v1::PopulationSharing& entry : levels) {
    if (entry.population() == name) {
      return entry.level() == v1::SHARING_LEVEL_UNSPECIFIED
                 ? v1::SHARING_LEVEL_COUNTS
                 : entry.level();
    }
  }
  return v1::SHARING_LEVEL_COUNTS;
}

SharingMasks MasksFor(const SharingList& levels,
                      const v1::storage::SnapshotRecord& snapshot) {
  SharingMasks masks;
  for (int i = 0; i < snapshot.populations_size(); ++i) {
    const v1::SharingLevel level =
        LevelOf(levels, snapshot.populations(i).name());
    if (level != v1::SHARING_LEVEL_HIDDEN) masks.visible |= uint64_t{1} << i;
    if (level == v1::SHARING_LEVEL_OVERLAPS) masks.overlaps |= uint64_t{1} << i;
  }
  return masks;
}

absl::Status UnsetSharing(
    const google::protobuf::RepeatedPtrField<std::string>& names,
    SharingList& levels) {
  for (const std::string& name : names) {
    if (name.empty() || name.size() > kMaxPopulationNameBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("unset needs a population name of 1 to ",
                       kMaxPopulationNameBytes, " bytes"));
    }
  }
  SharingList kept;
  for (const v1::PopulationSharing& entry : levels) {
    bool removed = false;
    for (const std::string& name : names) removed |= entry.population() == name;
    if (!removed) *kept.Add() = entry;
  }
  levels.Swap(&kept);
  return absl::OkStatus();
}

absl::Status MergeSharing(const SharingList& changes, SharingList& levels) {
  for (const v1::PopulationSharing& change : changes) {
    if (change.population().empty() ||
        change.population().size() > kMaxPopulationNameBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("a sharing level needs a population name of 1 to ",
                       kMaxPopulationNameBytes, " bytes"));
    }
    if (!v1::SharingLevel_IsValid(change.level()) ||
        change.level() == v1::SHARING_LEVEL_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat("population \"", change.population(),
                       "\": the level must be hidden, counts or overlaps"));
    }
    bool found = false;
    for (v1::PopulationSharing& entry : levels) {
      if (entry.population() == change.population()) {
        entry.set_level(change.level());
        found = true;
      }
    }
    if (!found) *levels.Add() = change;
  }
  return absl::OkStatus();
}

}  // namespace blindmap
