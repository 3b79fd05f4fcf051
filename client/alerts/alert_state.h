// What the alert step remembers per partnership, on this machine only:
// the period each webhook was last told about, and which accounts both
// sides shared then (as salted hashes of this party's account ids, never
// the ids or names themselves).
#ifndef BLINDMAP_CLIENT_ALERTS_ALERT_STATE_H_
#define BLINDMAP_CLIENT_ALERTS_ALERT_STATE_H_

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace blindmap {

struct AlertState {
  // Webhook label ("alerts[0] (slack)") -> the latest period it was told
  // about, or found nothing new in.
  std::map<std::string, std::string> done;
  // The period `shared` was taken in ("" when never), and the accounts both
  // sides shared then.
  std::string shared_period;
  std::set<std::string> shared;
};

// <state_dir>/alerts/<partnership id>.json (mode 0600, in a 0700
// directory).
std::string AlertStatePath(absl::string_view state_dir,
                           absl::string_view partnership_id);

// An empty state when the file does not exist; INVALID_ARGUMENT naming it
// when it is not one of ours.
absl::StatusOr<AlertState> ReadAlertState(const std::string& path);
// Replaces the file atomically. FAILED_PRECONDITION naming it on I/O
// errors.
absl::Status WriteAlertState(const std::string& path, const AlertState& state);

// The hash a shared account is remembered by: SHA-256 of the partnership id
// and this party's account id, hex.
std::string SharedAccountHash(absl::string_view partnership_id,
                              absl::string_view account_id);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_ALERTS_ALERT_STATE_H_
