// The client's private state directory.
#ifndef BLINDMAP_CLIENT_SYNC_LOCAL_STATE_H_
#define BLINDMAP_CLIENT_SYNC_LOCAL_STATE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace blindmap {

// The 32-byte key this party's record ids are derived from, kept in
// <state_dir>/record-id.key (mode 0600, created on first use). It never
// leaves the machine; losing it only changes future record ids.
// FAILED_PRECONDITION if the file is readable by others or malformed.
absl::StatusOr<std::string> LoadOrCreateRecordKey(const std::string& state_dir);

// The accounts opted out for `partner` with `blindmap opt-out`, kept in
// <state_dir>/partners/<partner>.optout (one CRM id per line) so later syncs
// keep them out. An absent file is an empty list.
absl::StatusOr<std::vector<std::string>> ReadOptOuts(
    const std::string& state_dir, absl::string_view partner);
absl::Status AddOptOuts(const std::string& state_dir, absl::string_view partner,
                        const std::vector<std::string>& account_ids);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_LOCAL_STATE_H_
