// The blindmap CLI's exit codes, for people and schedulers.
#ifndef BLINDMAP_CLIENT_CONSOLE_EXIT_CODES_H_
#define BLINDMAP_CLIENT_CONSOLE_EXIT_CODES_H_

#include "absl/status/status.h"

namespace blindmap {

// Stable: scripts and cron alerts depend on them. Documented in README.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,      // a bug or an unexpected failure
  kExitUsage = 2,         // bad command line
  kExitBadInput = 3,      // bad CSV, config or argument (INVALID_ARGUMENT)
  kExitAuth = 4,          // credentials refused (UNAUTHENTICATED,
                          // PERMISSION_DENIED)
  kExitNotFound = 5,      // no such party, partnership or file
  kExitConflict = 6,      // state does not allow it: key-check mismatch, not
                          // accepted yet, partner not synced, already exists
  kExitUnavailable = 7,   // broker unreachable or too slow: retry later
  kExitRefused = 8,       // a limit or policy refused it (RESOURCE_EXHAUSTED)
  kExitRetry = 9,         // interrupted (ABORTED, CANCELLED): retry
  kExitLocked = 10,       // another sync holds the lock (see run_lock.h)
  kExitAlertFailed = 11,  // the sync is done, but an alert was not delivered
};

// The exit code for a failed operation (kExitOk for OK): the one attached
// with WithExitCode(), else the status code's.
int ExitCodeFor(const absl::Status& status);

// `status` (not OK) marked so that ExitCodeFor() returns `code`: for
// conditions the status codes do not tell apart, such as kExitLocked.
absl::Status WithExitCode(absl::Status status, ExitCode code);

// Of two exit codes, the one a scheduler should alert on first (for a run
// over several partnerships): one a person must fix before the next run
// outranks one that a retry may clear. From most to least severe:
//   1 internal, 2 usage, 4 auth, 3 bad input, 5 not found, 6 conflict,
//   8 refused, 7 unavailable, 9 retry, 10 locked, 11 alert failed, 0 ok.
int MoreSevereExitCode(int a, int b);

// Multi-line table of the codes, for --help.
const char* ExitCodeHelp();

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CONSOLE_EXIT_CODES_H_
