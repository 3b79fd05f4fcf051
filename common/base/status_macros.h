// Early-return helpers for absl::Status and absl::StatusOr, which Debian's
// Abseil (20220623) does not ship.
#ifndef BLINDMAP_COMMON_BASE_STATUS_MACROS_H_
#define BLINDMAP_COMMON_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status) and returns it from the current function
// when it is not OK.
#define RETURN_IF_ERROR(expr)                            \
  do {                                                   \
    const ::absl::Status blindmap_status_ = (expr);      \
    if (!blindmap_status_.ok()) return blindmap_status_; \
  } while (false)

#define BLINDMAP_CONCAT_INNER_(a, b) a##b
#define BLINDMAP_CONCAT_(a, b) BLINDMAP_CONCAT_INNER_(a, b)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status when not OK,
// otherwise moves its value into `lhs` (which may be a declaration).
#define ASSIGN_OR_RETURN(lhs, rexpr)                                          \
  ASSIGN_OR_RETURN_IMPL_(BLINDMAP_CONCAT_(blindmap_statusor_, __LINE__), lhs, \
                         rexpr)

#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                           \
  if (!statusor.ok()) return statusor.status();      \
  lhs = std::move(statusor).value()

#endif  // BLINDMAP_COMMON_BASE_STATUS_MACROS_H_
