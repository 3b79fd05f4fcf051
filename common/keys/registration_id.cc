#include "common/keys/registration_id.h"

#include <cstddef>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/keys/countries.h"

namespace blindmap {
namespace {

constexpr size_t kDunsLength = 9;
constexpr size_t kDunsPlusFourLength = 13;
constexpr size_t kLeiLength = 20;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

// Removes white space, including the no-break space spreadsheets use, and
// the separators `separators` lists. Other characters are kept.
std::string RemoveSeparators(absl::string_view raw,
                             absl::string_view separators) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (IsSpace(c) || separators.find(c) != absl::string_view::npos) continue;
    if (c == '\xC2' && i + 1 < raw.size() && raw[i + 1] == '\xA0') {
      ++i;  // U+00A0
      continue;
    }
    out += c;
  }
  return out;
}

bool AllDigits(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

IdKey Ok(std::string value) { return IdKey{IdVerdict::kOk, std::move(value)}; }
IdKey Invalid() { return IdKey{IdVerdict::kInvalid, ""}; }
IdKey Empty() { return IdKey{IdVerdict::kEmpty, ""}; }

}  // namespace

const char* IdVerdictName(IdVerdict verdict) {
  switch (verdict) {
    case IdVerdict::kOk:
      return "ok";
    case IdVerdict::kEmpty:
      return "empty";
    case IdVerdict::kInvalid:
      return "invalid";
  }
  return "invalid";
}

IdKey NormalizeDuns(absl::string_view raw) {
  std::string digits = RemoveSeparators(raw, "-./");
  if (digits.empty())
    return RemoveSeparators(raw, "").empty() ? Empty() : Invalid();
  if (!AllDigits(digits)) return Invalid();
  if (digits.size() == kDunsPlusFourLength) digits.resize(kDunsLength);
  if (digits.size() == kDunsLength - 1 || digits.size() == kDunsLength - 2) {
    digits.insert(0, kDunsLength - digits.size(), '0');
  }
  if (digits.size() != kDunsLength) return Invalid();
  if (digits.find_first_not_of('0') == std::string::npos) return Invalid();
  return Ok(std::move(digits));
}

IdKey NormalizeLei(absl::string_view raw) {
  std::string lei = RemoveSeparators(raw, "");
  if (lei.empty()) return Empty();
  if (lei.size() != kLeiLength) return Invalid();
  // ISO 7064 MOD 97-10: letters count as 10..35; the number is 1 mod 97.
  int remainder = 0;
  for (char& c : lei) {
    c = absl::ascii_toupper(static_cast<unsigned char>(c));
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else if (c >= 'A' && c <= 'Z') {
      remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
    } else {
      return Invalid();
    }
  }
  if (remainder != 1) return Invalid();
  return Ok(std::move(lei));
}

IdKey NormalizeRegistrationId(absl::string_view country, absl::string_view id) {
  std::string cleaned = RemoveSeparators(id, "-./");
  if (cleaned.empty()) {
    // Only separators (or nothing) in the cell.
    return RemoveSeparators(id, "").empty() ? Empty() : Invalid();
  }
  for (char& c : cleaned) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return Invalid();
    c = absl::ascii_toupper(static_cast<unsigned char>(c));
  }
  const char* alpha2 = FindCountryAlpha2(country);
  if (alpha2 == nullptr) return Invalid();
  return Ok(absl::StrCat(alpha2, ":", cleaned));
}

}  // namespace blindmap
