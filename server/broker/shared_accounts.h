// The release rule for per-account detail.
#ifndef BLINDMAP_SERVER_BROKER_SHARED_ACCOUNTS_H_
#define BLINDMAP_SERVER_BROKER_SHARED_ACCOUNTS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/storage.pb.h"

namespace blindmap {

class Store;

// The mutually shared accounts of `caller` in `partnership`, over the latest
// common period. A record is *offered* by its party when it has a sealed
// detail stored and is opted in explicitly or belongs to a population that
// party set to OVERLAPS, and belongs to a population it does not hide. The
// caller receives the partner's sealed detail of partner record b only when
// b matches one of the caller's records a (the partnership's match policy)
// and both a and b are offered. One side offering alone releases nothing to
// either side, and the caller learns nothing about partner records it does
// not itself offer a match for.
//
// Population bits are over the caller's populations and over the partner's
// visible ones (its hidden populations are not listed). Errors as
// LatestCommonSnapshots() and the store's.
absl::StatusOr<v1::SharedAccounts> BuildSharedAccounts(
    Store& store, const v1::storage::PartnershipRecord& partnership,
    absl::string_view caller);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_SHARED_ACCOUNTS_H_
