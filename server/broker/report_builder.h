// Builds a party's overlap report from the two latest common snapshots.
#ifndef BLINDMAP_SERVER_BROKER_REPORT_BUILDER_H_
#define BLINDMAP_SERVER_BROKER_REPORT_BUILDER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/storage.pb.h"

namespace blindmap {

class Store;

// The report of `partnership` for `caller` (one of its two parties), over
// the latest sync period for which both parties have a visible snapshot.
// The intersection is computed once per pair of snapshots and cached in the
// store. `api_partnership` is copied into the report as is. The probe
// policy applies: populations below the minimum size are not counted, and
// counts carry noise keyed by `noise_key` when the policy says so. `now`
// decides the current period for the notes.
//
// FAILED_PRECONDITION naming who has not synced (and the latest period of
// each side) when there is no common period.
absl::StatusOr<v1::OverlapReport> BuildReport(
    Store& store, const v1::storage::PartnershipRecord& partnership,
    absl::string_view caller, const v1::Partnership& api_partnership,
    absl::string_view noise_key, absl::Time now);

// The counts of one period's pair of snapshots as kept when the period is
// superseded (before its tokens are deleted).
absl::StatusOr<v1::storage::HistoryRecord> MakeHistory(
    Store& store, const v1::storage::PartnershipRecord& partnership,
    const v1::storage::SnapshotRecord& inviter_snapshot,
    const v1::storage::SnapshotRecord& invitee_snapshot);

// The report of a superseded period for `caller`, from its kept counts.
absl::StatusOr<v1::OverlapReport> ReportFromHistory(
    const v1::storage::PartnershipRecord& partnership, absl::string_view caller,
    const v1::Partnership& api_partnership,
    const v1::storage::HistoryRecord& history, absl::string_view noise_key);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_REPORT_BUILDER_H_
