#include "client/sync/shared_index.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"

namespace blindmap {

std::string SharedIndexPath(absl::string_view state_dir,
                            absl::string_view partnership_id,
                            absl::string_view period) {
  return absl::StrCat(state_dir, "/shared/", partnership_id, "/", period,
                      ".tsv");
}

absl::Status WriteSharedIndex(const std::string& path,
                              const SharedIndex& index) {
  RETURN_IF_ERROR(
      EnsurePrivateDir(std::filesystem::path(path).parent_path().string()));
  const std::string temporary = path + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    chmod(temporary.c_str(), 0600);
    for (const auto& [record_id, account] : index) {
      out << absl::BytesToHexString(record_id) << '\t'
          << absl::Base64Escape(account.account_id) << '\t'
          << absl::Base64Escape(account.detail.SerializeAsString()) << '\n';
    }
    if (!out) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot write the shared-accounts index ", temporary));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot replace the shared-accounts index ", path, ": ",
                     error.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<SharedIndex> ReadSharedIndex(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("no shared-accounts index at ", path));
  }
  SharedIndex index;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    IndexedAccount account;
    std::string detail;
    if (fields.size() != 3 ||
        !absl::Base64Unescape(fields[1], &account.account_id) ||
        !absl::Base64Unescape(fields[2], &detail) ||
        !account.detail.ParseFromString(detail)) {
      return absl::DataLossError(
          absl::StrCat(path, ": line ", number, " is malformed"));
    }
    index[absl::HexStringToBytes(fields[0])] = std::move(account);
  }
  return index;
}

}  // namespace blindmap
