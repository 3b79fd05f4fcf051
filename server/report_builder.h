// Builds a party's overlap report from the two latest common snapshots.
#ifndef BLINDMAP_SERVER_REPORT_BUILDER_H_
#define BLINDMAP_SERVER_REPORT_BUILDER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/storage.pb.h"

namespace blindmap {

class Store;

// The report of `partnership` for `caller` (one of its two parties), over
// the latest sync period for which both parties have a visible snapshot.
// The intersection is computed once per pair of snapshots and cached in the
// store. `api_partnership` is copied into the report as is.
//
// FAILED_PRECONDITION naming who has not synced (and the latest period of
// each side) when there is no common period.
absl::StatusOr<v1::OverlapReport> BuildReport(
    Store& store, const v1::storage::PartnershipRecord& partnership,
    absl::string_view caller, const v1::Partnership& api_partnership);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_REPORT_BUILDER_H_
