// The deadline of the call a thread is running, for long loops deep inside
// it (the intersection) to stop at instead of working for a caller that has
// given up.
#ifndef BLINDMAP_COMMON_BASE_CALL_DEADLINE_H_
#define BLINDMAP_COMMON_BASE_CALL_DEADLINE_H_

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace blindmap {

// Sets the current thread's call deadline for its lifetime (restoring the
// previous one after). The broker's service sets one around each call;
// without one, the deadline is infinitely far.
class ScopedCallDeadline {
 public:
  explicit ScopedCallDeadline(absl::Time deadline);
  ~ScopedCallDeadline();
  ScopedCallDeadline(const ScopedCallDeadline&) = delete;
  ScopedCallDeadline& operator=(const ScopedCallDeadline&) = delete;

 private:
  absl::Time previous_;
};

// DEADLINE_EXCEEDED saying `what` was stopped if the current thread's call
// deadline has passed; OK otherwise. Costs a clock read.
absl::Status CheckCallDeadline(absl::string_view what);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_BASE_CALL_DEADLINE_H_
