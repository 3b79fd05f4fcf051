#include "client/local_state.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/crypto.h"
#include "common/private_file.h"
#include "common/status_macros.h"

namespace blindmap {
namespace {
constexpr size_t kRecordKeyBytes = 32;
}  // namespace

absl::StatusOr<std::string> LoadOrCreateRecordKey(
    const std::string& state_dir) {
  RETURN_IF_ERROR(EnsurePrivateDir(state_dir));
  const std::string path = state_dir + "/record-id.key";
  absl::StatusOr<std::string> hex = ReadPrivateFile(path, "record-id key");
  if (hex.ok()) {
    std::string key = absl::HexStringToBytes(*hex);
    if (hex->size() != 2 * kRecordKeyBytes || key.size() != kRecordKeyBytes) {
      return absl::FailedPreconditionError(
          absl::StrCat("record-id key file ", path,
                       " is malformed (expected 64 hex digits)"));
    }
    return key;
  }
  if (!absl::IsNotFound(hex.status())) return hex.status();
  ASSIGN_OR_RETURN(std::string key, RandomBytes(kRecordKeyBytes));
  RETURN_IF_ERROR(
      WritePrivateFile(path, absl::BytesToHexString(key), "record-id key"));
  return key;
}

}  // namespace blindmap
