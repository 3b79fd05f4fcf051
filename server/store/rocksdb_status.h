// The one conversion from rocksdb::Status to absl::Status.
#ifndef BLINDMAP_SERVER_STORE_ROCKSDB_STATUS_H_
#define BLINDMAP_SERVER_STORE_ROCKSDB_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace blindmap {

// Maps RocksDB's codes onto the closest absl code (NotFound, Corruption ->
// DataLoss, IOError/NoSpace -> Unavailable or ResourceExhausted, Busy/TryAgain
// -> Aborted, ...) and prefixes the message with `what` ("writing snapshot
// 42", ...). RocksDB messages name files and keys' lengths, never contents of
// values, so they are safe to pass on.
absl::Status FromRocksDb(const rocksdb::Status& status, absl::string_view what);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_STORE_ROCKSDB_STATUS_H_
