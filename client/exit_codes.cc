#include "client/exit_codes.h"

namespace blindmap {

int ExitCodeFor(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return kExitBadInput;
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      return kExitAuth;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      return kExitConflict;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    case absl::StatusCode::kResourceExhausted:
      return kExitRefused;
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kCancelled:
      return kExitRetry;
    default:
      return kExitInternal;
  }
}

const char* ExitCodeHelp() {
  return "Exit codes:\n"
         "  0  success\n"
         "  1  internal error\n"
         "  2  bad command line\n"
         "  3  bad input: CSV, config or argument\n"
         "  4  credentials refused\n"
         "  5  not found: party, partnership or file\n"
         "  6  not possible in this state: key-check mismatch, not accepted,\n"
         "     partner not synced, already exists\n"
         "  7  broker unreachable or too slow: retry later\n"
         "  8  refused by a limit or policy\n"
         "  9  interrupted: retry\n";
}

}  // namespace blindmap
