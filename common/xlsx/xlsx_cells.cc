#include "common/xlsx/xlsx_cells.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace blindmap {
namespace {

constexpr size_t kMaxPlainDigits = 40;
constexpr double kLastSerial = 2958465.0;  // 9999-12-31 (1900 system)

// Days since 1970-01-01 to a civil date (proleptic Gregorian).
void CivilFromDays(int64_t days, int64_t& year, unsigned& month,
                   unsigned& day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of "_xHHHH_" at text[i], or -1.
int EscapeAt(absl::string_view text, size_t i) {
  if (i + 7 > text.size() || text[i] != '_' || text[i + 1] != 'x' ||
      text[i + 6] != '_') {
    return -1;
  }
  int unit = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    const int digit = HexValue(text[k]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

int ColumnOfReference(absl::string_view ref, int64_t* row) {
  size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  int column = 0;
  size_t letters = 0;
  while (i < ref.size() && absl::ascii_isalpha(ref[i])) {
    column = column * 26 + (absl::ascii_toupper(ref[i]) - 'A' + 1);
    if (++letters > 3 || column > kMaxXlsxColumns) return -1;
    ++i;
  }
  if (letters == 0) return -1;
  if (i < ref.size() && ref[i] == '$') ++i;
  int64_t number = 0;
  size_t digits = 0;
  while (i < ref.size() && absl::ascii_isdigit(ref[i])) {
    number = number * 10 + (ref[i] - '0');
    if (++digits > 7) return -1;
    ++i;
  }
  if (digits == 0 || i != ref.size()) return -1;
  if (row != nullptr) *row = number;
  return column - 1;
}

std::string CellReference(int column, int64_t row) {
  std::string letters;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return absl::StrCat(letters, row);
}

std::string PlainNumber(absl::string_view value) {
  const size_t e = value.find_first_of("eE");
  if (e == absl::string_view::npos) return std::string(value);
  absl::string_view mantissa = value.substr(0, e);
  int exponent = 0;
  if (!absl::SimpleAtoi(value.substr(e + 1), &exponent) ||
      std::abs(exponent) > static_cast<int>(kMaxPlainDigits)) {
    return std::string(value);
  }
  std::string sign;
  if (!mantissa.empty() && (mantissa[0] == '-' || mantissa[0] == '+')) {
    if (mantissa[0] == '-') sign = "-";
    mantissa.remove_prefix(1);
  }
  // Digits with the decimal point at `point` (digits before it).
  std::string digits;
  int point = -1;
  for (char c : mantissa) {
    if (absl::ascii_isdigit(c)) {
      digits.push_back(c);
    } else if (c == '.' && point < 0) {
      point = static_cast<int>(digits.size());
    } else {
      return std::string(value);
    }
  }
  if (digits.empty() || digits.size() > kMaxPlainDigits) {
    return std::string(value);
  }
  if (point < 0) point = static_cast<int>(digits.size());
  point += exponent;
  std::string out;
  if (point <= 0) {
    out = "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (static_cast<size_t>(point) >= digits.size()) {
    out = digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    out = digits.substr(0, static_cast<size_t>(point)) + "." +
          digits.substr(static_cast<size_t>(point));
  }
  // Trim a fraction's trailing zeros and the integer part's leading ones.
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  size_t lead = 0;
  while (lead + 1 < out.size() && out[lead] == '0' && out[lead + 1] != '.') {
    ++lead;
  }
  out.erase(0, lead);
  if (out == "0") sign.clear();
  return sign + out;
}

bool IsDateFormat(int format_id, absl::string_view code) {
  if ((format_id >= 14 && format_id <= 22) ||
      (format_id >= 27 && format_id <= 36) ||
      (format_id >= 45 && format_id <= 47) ||
      (format_id >= 50 && format_id <= 58)) {
    return true;
  }
  if (format_id < 164) return false;  // other built-ins: numbers, text
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = absl::ascii_tolower(code[i]);
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == absl::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == absl::string_view::npos) return false;
      const absl::string_view inside = code.substr(i + 1, close - i - 1);
      if (!inside.empty() &&
          inside.find_first_not_of("hHmMsS") == absl::string_view::npos) {
        return true;  // elapsed time: [h]:mm
      }
      i = close;
    } else if (c == 'd' || c == 'm' || c == 'y' || c == 'h' || c == 's') {
      return true;
    } else if (c == ';') {
      return false;  // only the first section decides
    }
  }
  return false;
}

std::optional<std::string> SerialToIso(absl::string_view text, bool date1904) {
  double serial = 0;
  if (!absl::SimpleAtod(text, &serial) || !std::isfinite(serial) ||
      serial < 0 || serial > kLastSerial) {
    return std::nullopt;
  }
  // To whole seconds, rounding as Excel displays.
  int64_t seconds = std::llround(serial * 86400.0);
  int64_t days = seconds / 86400;
  seconds %= 86400;
  const std::string time = absl::StrFormat("%02d:%02d:%02d", seconds / 3600,
                                           (seconds / 60) % 60, seconds % 60);
  if (days == 0 && !date1904) return time;
  std::string date;
  if (!date1904 && days == 60) {
    date = "1900-02-29";  // the day Excel's 1900 system believes in
  } else {
    // Days from 1970-01-01: the 1900 system counts 1900-01-01 as 1 and
    // includes the false 1900-02-29; the 1904 system counts from 1904-01-01.
    const int64_t from_epoch =
        date1904 ? days - 24107 : days - (days > 60 ? 25569 : 25568);
    int64_t year = 0;
    unsigned month = 0, day = 0;
    CivilFromDays(from_epoch, year, month, day);
    date = absl::StrFormat("%04d-%02d-%02d", year, month, day);
  }
  return seconds == 0 ? date : absl::StrCat(date, "T", time);
}

std::string DecodeOoxmlEscapes(absl::string_view text) {
  if (text.find("_x") == absl::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const int unit = EscapeAt(text, i);
    if (unit < 0) {
      out.push_back(text[i++]);
      continue;
    }
    i += 7;
    uint32_t cp = static_cast<uint32_t>(unit);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const int low = EscapeAt(text, i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) +
             (static_cast<uint32_t>(low) - 0xDC00);
        i += 7;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    AppendUtf8(cp, out);
  }
  return out;
}

}  // namespace blindmap
