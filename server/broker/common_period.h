// The snapshots a report or a shared-accounts view compares.
#ifndef BLINDMAP_SERVER_BROKER_COMMON_PERIOD_H_
#define BLINDMAP_SERVER_BROKER_COMMON_PERIOD_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/storage.pb.h"

namespace blindmap {

class Store;

// The caller's and the partner's visible snapshots of the latest sync
// period both have uploaded.
struct CommonSnapshots {
  std::string partner;
  std::string period;
  v1::storage::SnapshotRecord mine;
  v1::storage::SnapshotRecord theirs;
  // Each side's latest period, and when the partner uploaded its latest.
  std::string my_latest_period;
  std::string partner_latest_period;
  int64_t partner_latest_upload_unix = 0;
  // For people: who is ahead of the common period.
  std::vector<std::string> notes;
};

// FAILED_PRECONDITION naming who has not synced (and each side's latest
// period) when there is no common period; ABORTED if a snapshot was replaced
// while reading (retry).
absl::StatusOr<CommonSnapshots> LatestCommonSnapshots(
    Store& store, const v1::storage::PartnershipRecord& partnership,
    absl::string_view caller);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_COMMON_PERIOD_H_
