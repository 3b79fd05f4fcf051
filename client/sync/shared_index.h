// This machine's index of the accounts it offered to a partner, so that the
// shared-accounts view can name them (the broker knows only record ids).
#ifndef BLINDMAP_CLIENT_SYNC_SHARED_INDEX_H_
#define BLINDMAP_CLIENT_SYNC_SHARED_INDEX_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/detail.pb.h"

namespace blindmap {

struct IndexedAccount {
  std::string account_id;
  v1::AccountDetail detail;  // as offered (this party's own data)
};

// Record id (raw bytes) -> account, for one partnership and period.
using SharedIndex = std::map<std::string, IndexedAccount>;

// <state_dir>/shared/<partnership id>/<period>.tsv, mode 0600 in a 0700
// directory. It never leaves the machine.
std::string SharedIndexPath(absl::string_view state_dir,
                            absl::string_view partnership_id,
                            absl::string_view period);

// Replaces the file. FAILED_PRECONDITION naming it on I/O errors.
absl::Status WriteSharedIndex(const std::string& path,
                              const SharedIndex& index);
// NOT_FOUND if there is no index (nothing offered from this machine yet).
absl::StatusOr<SharedIndex> ReadSharedIndex(const std::string& path);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_SHARED_INDEX_H_
