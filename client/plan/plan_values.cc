#include "client/plan/plan_values.h"

#include <cmath>
#include <cstdlib>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace blindmap {
namespace {

struct StatusName {
  PlanStatus status;
  const char* name;
};
constexpr StatusName kStatuses[] = {
    {PlanStatus::kNew, "new"},
    {PlanStatus::kContacted, "contacted"},
    {PlanStatus::kMeeting, "meeting"},
    {PlanStatus::kOpportunity, "opportunity"},
    {PlanStatus::kWon, "won"},
    {PlanStatus::kLost, "lost"},
    {PlanStatus::kParked, "parked"},
};

struct ActivityEntry {
  Activity activity;
  const char* name;
  const char* label;
};
constexpr ActivityEntry kActivities[] = {
    {Activity::kDiscoveryCall, "discovery-call", "Discovery Call"},
    {Activity::kDemo, "demo", "Solution Demo"},
    {Activity::kExecutiveBriefing, "executive-briefing", "Executive Briefing"},
    {Activity::kWorkshop, "workshop", "Workshop"},
    {Activity::kProposal, "proposal", "Proposal Review"},
    {Activity::kNegotiation, "negotiation", "Negotiation"},
};

bool IsDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::optional<absl::CivilDay> Day(int64_t year, int64_t month, int64_t day) {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > 31) {
    return std::nullopt;
  }
  const absl::CivilDay civil(year, month, day);
  // CivilDay normalizes 2026-02-31 to March; such a date is not a date.
  if (civil.month() != month || civil.day() != day) return std::nullopt;
  return civil;
}

}  // namespace

const char* PlanStatusName(PlanStatus status) {
  for (const StatusName& s : kStatuses) {
    if (s.status == status) return s.name;
  }
  return "new";
}

std::optional<PlanStatus> ParsePlanStatus(absl::string_view name) {
  const std::string lower =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
  for (const StatusName& s : kStatuses) {
    if (lower == s.name) return s.status;
  }
  return std::nullopt;
}

bool IsClosedOrParked(PlanStatus status) {
  return status == PlanStatus::kWon || status == PlanStatus::kLost ||
         status == PlanStatus::kParked;
}

const char* ActivityName(Activity activity) {
  for (const ActivityEntry& a : kActivities) {
    if (a.activity == activity) return a.name;
  }
  return "";
}

const char* ActivityLabel(Activity activity) {
  for (const ActivityEntry& a : kActivities) {
    if (a.activity == activity) return a.label;
  }
  return "";
}

std::optional<Activity> ParseActivity(absl::string_view name) {
  const std::string lower =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
  for (const ActivityEntry& a : kActivities) {
    if (lower == a.name) return a.activity;
  }
  return std::nullopt;
}

std::optional<double> ParseAmount(absl::string_view text) {
  std::string digits;
  bool seen_digit = false;
  for (char c : absl::StripAsciiWhitespace(text)) {
    const auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isdigit(u) || c == '.') {
      digits.push_back(c);
      seen_digit |= absl::ascii_isdigit(u);
    } else if (c == '-' && digits.empty()) {
      digits.push_back(c);
    } else if (c == ',' || c == ' ' || c == '$' || c == '\'' ||
               absl::ascii_isalpha(u) || u >= 0x80) {
      // Thousands separators and currency symbols or codes ("EUR", "€").
      continue;
    } else {
      return std::nullopt;
    }
  }
  double value = 0;
  if (!seen_digit || !absl::SimpleAtod(digits, &value) ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<absl::CivilDay> ParseCrmDate(absl::string_view text) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  // Keep the date of a date-time ("2026-11-20 14:05", "2026-11-20T14:05Z").
  const size_t cut = s.find_first_of(" T");
  if (cut != absl::string_view::npos) s = s.substr(0, cut);
  for (char separator : {'-', '/', '.'}) {
    std::vector<absl::string_view> parts = absl::StrSplit(s, separator);
    if (parts.size() != 3) continue;
    if (!IsDigits(parts[0]) || !IsDigits(parts[1]) || !IsDigits(parts[2])) {
      return std::nullopt;
    }
    int64_t a = 0, b = 0, c = 0;
    if (!absl::SimpleAtoi(parts[0], &a) || !absl::SimpleAtoi(parts[1], &b) ||
        !absl::SimpleAtoi(parts[2], &c)) {
      return std::nullopt;
    }
    if (separator == '-' && parts[0].size() == 4) return Day(a, b, c);
    if (separator == '/' && parts[2].size() == 4) return Day(c, a, b);
    if (separator == '.' && parts[2].size() == 4) return Day(c, b, a);
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<int64_t> ParseEmployees(absl::string_view text) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  const size_t dash = s.find('-');
  if (dash != absl::string_view::npos && dash > 0) s = s.substr(0, dash);
  std::string digits;
  for (char c : s) {
    if (c == ',' || c == ' ' || c == '+') continue;
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
    digits.push_back(c);
  }
  int64_t value = 0;
  if (digits.empty() || !absl::SimpleAtoi(digits, &value)) return std::nullopt;
  return value;
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::optional<absl::CivilDay> ParseDay(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  if (parts.size() != 3 || parts[0].size() != 4 || parts[1].size() != 2 ||
      parts[2].size() != 2) {
    return std::nullopt;
  }
  int64_t y = 0, m = 0, d = 0;
  if (!IsDigits(parts[0]) || !IsDigits(parts[1]) || !IsDigits(parts[2]) ||
      !absl::SimpleAtoi(parts[0], &y) || !absl::SimpleAtoi(parts[1], &m) ||
      !absl::SimpleAtoi(parts[2], &d)) {
    return std::nullopt;
  }
  return Day(y, m, d);
}

std::string QuarterOf(absl::CivilDay day) {
  return absl::StrCat(day.year(), "-Q", (day.month() - 1) / 3 + 1);
}

std::string FormatAmount(double amount) {
  const bool negative = amount < 0;
  const auto whole = static_cast<uint64_t>(std::llround(std::fabs(amount)));
  const std::string digits = absl::StrCat(whole);
  std::string out = negative ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace blindmap
