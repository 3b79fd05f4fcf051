// Sync periods: the unit for which token keys are derived and snapshots kept.
#ifndef BLINDMAP_COMMON_SYNC_PERIOD_H_
#define BLINDMAP_COMMON_SYNC_PERIOD_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace blindmap {

// The monthly period containing `t` in UTC, as "YYYY-MM" (e.g. "2026-11").
std::string MonthlyPeriod(absl::Time t);

// True for a well-formed "YYYY-MM" label with year 2000..9999, month 01..12.
// Labels of that form sort chronologically as strings.
bool IsMonthlyPeriod(absl::string_view label);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_SYNC_PERIOD_H_
