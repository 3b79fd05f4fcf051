// The seeds' account categories (Overlap, Your accounts, Partner accounts,
// Greenfield) of one partnership, counted by the broker.
#ifndef BLINDMAP_SERVER_BROKER_ACCOUNT_CATEGORIES_H_
#define BLINDMAP_SERVER_BROKER_ACCOUNT_CATEGORIES_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/storage.pb.h"
#include "server/broker/common_period.h"

namespace blindmap {

class Store;

// Bit i set for each population of `snapshot` that holds relationship
// accounts: kind CUSTOMER or PROSPECT, no role.
uint64_t RelationshipMask(const v1::storage::SnapshotRecord& snapshot);
// Bit i set for each population of `snapshot` with role TARGET_LIST.
uint64_t TargetListMask(const v1::storage::SnapshotRecord& snapshot);

// True when `owner` hides at least one population of its `snapshot` from
// its partner in `partnership`.
bool HidesPopulations(const v1::storage::PartnershipRecord& partnership,
                      absl::string_view owner,
                      const v1::storage::SnapshotRecord& snapshot);

// The categories of `snapshots` (the caller's and the partner's of their
// latest common period) for `caller`, as AccountCategories (broker.proto)
// defines them: two intersections restricted to the counted relationship
// and target-list populations, and one pass over each snapshot's records.
// Noise (keyed by `noise_key`, labelled by the snapshot pair and side, so
// both parties see the same numbers) when the policy has it. Not cached:
// each call intersects again.
//
// Errors: the store's; DEADLINE_EXCEEDED from an intersection past the
// call's deadline.
absl::StatusOr<v1::AccountCategories> BuildAccountCategories(
    Store& store, const v1::storage::PartnershipRecord& partnership,
    absl::string_view caller, const CommonSnapshots& snapshots,
    absl::string_view noise_key);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_ACCOUNT_CATEGORIES_H_
