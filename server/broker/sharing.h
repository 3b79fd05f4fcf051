// Sharing levels: what each party shares about its populations.
#ifndef BLINDMAP_SERVER_BROKER_SHARING_H_
#define BLINDMAP_SERVER_BROKER_SHARING_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/storage.pb.h"

namespace blindmap {

using SharingList = google::protobuf::RepeatedPtrField<v1::PopulationSharing>;

// `party`'s levels in `partnership` (inviter's or invitee's list).
const SharingList& SharingOf(const v1::storage::PartnershipRecord& partnership,
                             absl::string_view party);
SharingList* MutableSharingOf(v1::storage::PartnershipRecord& partnership,
                              absl::string_view party);

// The level of population `name` (COUNTS when not listed).
v1::SharingLevel LevelOf(const SharingList& levels, absl::string_view name);

// Bit masks over a snapshot's populations.
struct SharingMasks {
  uint64_t visible = 0;   // not HIDDEN: counted for the partner
  uint64_t overlaps = 0;  // OVERLAPS: detail offered
};
SharingMasks MasksFor(const SharingList& levels,
                      const v1::storage::SnapshotRecord& snapshot);

// Removes the entries of the populations in `names` from `levels` (they go
// back to COUNTS). INVALID_ARGUMENT for an empty or over-long name.
absl::Status UnsetSharing(
    const google::protobuf::RepeatedPtrField<std::string>& names,
    SharingList& levels);

// Sets the levels in `changes` on `levels` (others unchanged).
// INVALID_ARGUMENT for an empty or over-long population name or an unknown
// level.
absl::Status MergeSharing(const SharingList& changes, SharingList& levels);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_SHARING_H_
