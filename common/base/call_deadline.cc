#include "common/base/call_deadline.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace blindmap {
namespace {

thread_local absl::Time call_deadline = absl::InfiniteFuture();

}  // namespace

ScopedCallDeadline::ScopedCallDeadline(absl::Time deadline)
    : previous_(call_deadline) {
  call_deadline = deadline;
}

ScopedCallDeadline::~ScopedCallDeadline() { call_deadline = previous_; }

absl::Status CheckCallDeadline(absl::string_view what) {
  if (call_deadline == absl::InfiniteFuture() || absl::Now() < call_deadline) {
    return absl::OkStatus();
  }
  return absl::DeadlineExceededError(
      absl::StrCat(what, " stopped: the call's deadline passed"));
}

}  // namespace blindmap
