#include "client/console/exit_codes.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace blindmap {
namespace {

// Status payload carrying an explicit exit code (decimal).
constexpr char kExitCodePayload[] = "type.blindmap.dev/blindmap.ExitCode";

// Position in the severity order of MoreSevereExitCode(); higher is worse.
int Severity(int code) {
  switch (code) {
    case kExitOk:
      return 0;
    case kExitAlertFailed:
      return 1;
    case kExitLocked:
      return 2;
    case kExitRetry:
      return 3;
    case kExitUnavailable:
      return 4;
    case kExitRefused:
      return 5;
    case kExitConflict:
      return 6;
    case kExitNotFound:
      return 7;
    case kExitBadInput:
      return 8;
    case kExitAuth:
      return 9;
    case kExitUsage:
      return 10;
    default:  // kExitInternal and anything unknown
      return 11;
  }
}

}  // namespace

absl::Status WithExitCode(absl::Status status, ExitCode code) {
  status.SetPayload(kExitCodePayload, absl::Cord(absl::StrCat(code)));
  return status;
}

int MoreSevereExitCode(int a, int b) {
  return Severity(b) > Severity(a) ? b : a;
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  const absl::optional<absl::Cord> payload =
      status.GetPayload(kExitCodePayload);
  int explicit_code = 0;
  if (payload.has_value() &&
      absl::SimpleAtoi(std::string(*payload), &explicit_code)) {
    return explicit_code;
  }
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
         "  9  interrupted: retry\n"
         " 10  another sync holds the lock (<state_dir>/sync.lock)\n"
         " 11  synced, but an alert (alerts: in the config) was not "
         "delivered;\n"
         "     the next run tries it again\n"
         "sync --all exits with the most severe code of its partnerships:\n"
         "  1, 2, 4, 3, 5, 6, 8, 7, 9, 10 (first listed wins)\n";
}

}  // namespace blindmap
