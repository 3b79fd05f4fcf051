#include "common/base/party_name.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace blindmap {

bool IsValidPartyName(absl::string_view name) {
  if (name.size() < 2 || name.size() > 64 || !absl::ascii_islower(name[0])) {
    return false;
  }
  for (char c : name) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-' &&
        c != '_') {
      return false;
    }
  }
  return true;
}

absl::Status CheckPartyName(absl::string_view name, absl::string_view what) {
  if (IsValidPartyName(name)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      what,
      " must be a party name: 2-64 characters, lowercase letters, digits, "
      "'-' and '_', starting with a letter"));
}

}  // namespace blindmap
