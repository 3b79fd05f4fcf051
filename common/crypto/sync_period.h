// Sync periods: the unit for which token keys are derived and snapshots kept.
#ifndef BLINDMAP_COMMON_CRYPTO_SYNC_PERIOD_H_
#define BLINDMAP_COMMON_CRYPTO_SYNC_PERIOD_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "blindmap/v1/broker.pb.h"

namespace blindmap {

// The period of `cadence` containing `t` in UTC:
//   weekly     ISO 8601 week, "2026-W47" (weeks start on Monday; the week
//              belongs to the year of its Thursday)
//   monthly    "2026-11" (also for SYNC_CADENCE_UNSPECIFIED)
//   quarterly  "2026-Q4"
// Labels of one cadence sort chronologically as strings.
std::string PeriodOf(v1::SyncCadence cadence, absl::Time t);

// The first instant of the period of `cadence` containing `t`.
absl::Time PeriodStart(v1::SyncCadence cadence, absl::Time t);

// The period just before the one containing `t`.
std::string PreviousPeriodOf(v1::SyncCadence cadence, absl::Time t);

// True for a well-formed label of `cadence` with year 2000..9999.
bool IsPeriod(v1::SyncCadence cadence, absl::string_view label);

// "weekly", "monthly", "quarterly"; Parse: INVALID_ARGUMENT otherwise.
const char* CadenceName(v1::SyncCadence cadence);
bool ParseCadence(absl::string_view name, v1::SyncCadence& cadence);

// Monthly shorthands.
std::string MonthlyPeriod(absl::Time t);
bool IsMonthlyPeriod(absl::string_view label);

// The current time, or the one in the BLINDMAP_FAKE_NOW environment
// variable ("2026-12-05" or "2026-12-05T10:00:00Z"), which exists for tests
// of period rollover. Read once per process.
absl::Time Now();

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_CRYPTO_SYNC_PERIOD_H_
