// Party names: how companies are known on a broker.
#ifndef BLINDMAP_COMMON_BASE_PARTY_NAME_H_
#define BLINDMAP_COMMON_BASE_PARTY_NAME_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace blindmap {

// 2 to 64 characters: lowercase ASCII letters, digits, '-' and '_',
// starting with a letter. Safe in file names and log lines.
bool IsValidPartyName(absl::string_view name);

// INVALID_ARGUMENT naming `what` ("party name", "--partner", ...) and the
// rule when `name` is not valid.
absl::Status CheckPartyName(absl::string_view name, absl::string_view what);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_BASE_PARTY_NAME_H_
