#include "common/crypto/sync_period.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"

namespace blindmap {
namespace {

const absl::TimeZone kUtc = absl::UTCTimeZone();

absl::CivilDay IsoThursday(absl::CivilDay day) {
  // Monday = 0 ... Sunday = 6.
  const int weekday = (static_cast<int>(absl::GetWeekday(day)) + 7 -
                       static_cast<int>(absl::Weekday::monday)) %
                      7;
  return day - weekday + 3;
}

bool Digits(absl::string_view s, int& value) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !s.empty() && absl::SimpleAtoi(s, &value);
}

}  // namespace

std::string PeriodOf(v1::SyncCadence cadence, absl::Time t) {
  const absl::CivilDay day = absl::ToCivilDay(t, kUtc);
  switch (cadence) {
    case v1::SYNC_CADENCE_WEEKLY: {
      const absl::CivilDay thursday = IsoThursday(day);
      const int week = (absl::GetYearDay(thursday) - 1) / 7 + 1;
      return absl::StrFormat("%04d-W%02d", thursday.year(), week);
    }
    case v1::SYNC_CADENCE_QUARTERLY:
      return absl::StrFormat("%04d-Q%d", day.year(), (day.month() - 1) / 3 + 1);
    default:
      return absl::StrFormat("%04d-%02d", day.year(), day.month());
  }
}

absl::Time PeriodStart(v1::SyncCadence cadence, absl::Time t) {
  const absl::CivilDay day = absl::ToCivilDay(t, kUtc);
  switch (cadence) {
    case v1::SYNC_CADENCE_WEEKLY:
      return absl::FromCivil(IsoThursday(day) - 3, kUtc);
    case v1::SYNC_CADENCE_QUARTERLY:
      return absl::FromCivil(
          absl::CivilMonth(day.year(), (day.month() - 1) / 3 * 3 + 1), kUtc);
    default:
      return absl::FromCivil(absl::CivilMonth(day), kUtc);
  }
}

std::string PreviousPeriodOf(v1::SyncCadence cadence, absl::Time t) {
  return PeriodOf(cadence, PeriodStart(cadence, t) - absl::Seconds(1));
}

bool IsPeriod(v1::SyncCadence cadence, absl::string_view label) {
  int year = 0, number = 0;
  if (label.size() < 6 || label[4] != '-' ||
      !Digits(label.substr(0, 4), year) || year < 2000) {
    return false;
  }
  switch (cadence) {
    case v1::SYNC_CADENCE_WEEKLY: {
      if (label.size() != 8 || label[5] != 'W' ||
          !Digits(label.substr(6), number) || number < 1 || number > 53) {
        return false;
      }
      // Week 53 exists only in years whose last Thursday is in week 53.
      return number < 53 ||
             PeriodOf(cadence, absl::FromCivil(absl::CivilDay(year, 12, 28),
                                               kUtc)) == label;
    }
    case v1::SYNC_CADENCE_QUARTERLY:
      return label.size() == 7 && label[5] == 'Q' &&
             Digits(label.substr(6), number) && number >= 1 && number <= 4;
    default:
      return label.size() == 7 && Digits(label.substr(5), number) &&
             number >= 1 && number <= 12;
  }
}

const char* CadenceName(v1::SyncCadence cadence) {
  switch (cadence) {
    case v1::SYNC_CADENCE_WEEKLY:
      return "weekly";
    case v1::SYNC_CADENCE_QUARTERLY:
      return "quarterly";
    default:
      return "monthly";
  }
}

bool ParseCadence(absl::string_view name, v1::SyncCadence& cadence) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "weekly") {
    cadence = v1::SYNC_CADENCE_WEEKLY;
  } else if (lower == "monthly") {
    cadence = v1::SYNC_CADENCE_MONTHLY;
  } else if (lower == "quarterly") {
    cadence = v1::SYNC_CADENCE_QUARTERLY;
  } else {
    return false;
  }
  return true;
}

std::string MonthlyPeriod(absl::Time t) {
  return PeriodOf(v1::SYNC_CADENCE_MONTHLY, t);
}

bool IsMonthlyPeriod(absl::string_view label) {
  return IsPeriod(v1::SYNC_CADENCE_MONTHLY, label);
}

absl::Time Now() {
  static const absl::Time* fake = []() -> const absl::Time* {
    const char* value = std::getenv("BLINDMAP_FAKE_NOW");
    if (value == nullptr || *value == '\0') return nullptr;
    absl::Time parsed;
    std::string error;
    if (absl::ParseTime("%Y-%m-%dT%H:%M:%SZ", value, &parsed, &error) ||
        absl::ParseTime("%Y-%m-%d", value, &parsed, &error)) {
      return new absl::Time(parsed);
    }
    return nullptr;
  }();
  return fake != nullptr ? *fake : absl::Now();
}

}  // namespace blindmap
