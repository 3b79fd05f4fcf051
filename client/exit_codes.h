// The blindmap CLI's exit codes, for people and schedulers.
#ifndef BLINDMAP_CLIENT_EXIT_CODES_H_
#define BLINDMAP_CLIENT_EXIT_CODES_H_

#include "absl/status/status.h"

namespace blindmap {

// Stable: scripts and cron alerts depend on them. Documented in README.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,     // a bug or an unexpected failure
  kExitUsage = 2,        // bad command line
  kExitBadInput = 3,     // bad CSV, config or argument (INVALID_ARGUMENT)
  kExitAuth = 4,         // credentials refused (UNAUTHENTICATED,
                         // PERMISSION_DENIED)
  kExitNotFound = 5,     // no such party, partnership or file
  kExitConflict = 6,     // state does not allow it: key-check mismatch, not
                         // accepted yet, partner not synced, already exists
  kExitUnavailable = 7,  // broker unreachable or too slow: retry later
  kExitRefused = 8,      // a limit or policy refused it (RESOURCE_EXHAUSTED)
  kExitRetry = 9,        // interrupted (ABORTED, CANCELLED): retry
};

// The exit code for a failed operation (kExitOk for OK).
int ExitCodeFor(const absl::Status& status);

// Multi-line table of the codes, for --help.
const char* ExitCodeHelp();

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_EXIT_CODES_H_
