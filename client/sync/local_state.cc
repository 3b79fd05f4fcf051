#include "client/sync/local_state.h"

#include <sys/stat.h>

#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"
#include "common/crypto/crypto.h"

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

namespace {
std::string OptOutPath(const std::string& state_dir,
                       absl::string_view partner) {
  return absl::StrCat(state_dir, "/partners/", partner, ".optout");
}
}  // namespace

absl::StatusOr<std::vector<std::string>> ReadOptOuts(
    const std::string& state_dir, absl::string_view partner) {
  std::vector<std::string> ids;
  std::ifstream in(OptOutPath(state_dir, partner));
  std::string line;
  while (in && std::getline(in, line)) {
    const absl::string_view id = absl::StripAsciiWhitespace(line);
    if (!id.empty()) ids.emplace_back(id);
  }
  return ids;
}

absl::Status AddOptOuts(const std::string& state_dir, absl::string_view partner,
                        const std::vector<std::string>& account_ids) {
  RETURN_IF_ERROR(EnsurePrivateDir(state_dir + "/partners"));
  const std::string path = OptOutPath(state_dir, partner);
  std::ofstream out(path, std::ios::app);
  chmod(path.c_str(), 0600);
  for (const std::string& id : account_ids) out << id << "\n";
  if (!out) {
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace blindmap
