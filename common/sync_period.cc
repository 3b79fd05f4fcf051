#include "common/sync_period.h"

#include "absl/strings/ascii.h"

namespace blindmap {

std::string MonthlyPeriod(absl::Time t) {
  return absl::FormatTime("%Y-%m", t, absl::UTCTimeZone());
}

bool IsMonthlyPeriod(absl::string_view label) {
  if (label.size() != 7 || label[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(label[i]))) {
      return false;
    }
  }
  const int year = (label[0] - '0') * 1000 + (label[1] - '0') * 100 +
                   (label[2] - '0') * 10 + (label[3] - '0');
  const int month = (label[5] - '0') * 10 + (label[6] - '0');
  return year >= 2000 && month >= 1 && month <= 12;
}

}  // namespace blindmap
