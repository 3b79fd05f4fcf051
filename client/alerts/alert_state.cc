#include "client/alerts/alert_state.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"
#include "common/crypto/crypto.h"
#include "nlohmann/json.hpp"

namespace blindmap {

std::string AlertStatePath(absl::string_view state_dir,
                           absl::string_view partnership_id) {
  return (std::filesystem::path(std::string(state_dir)) / "alerts" /
          absl::StrCat(partnership_id, ".json"))
      .string();
}

std::string SharedAccountHash(absl::string_view partnership_id,
                              absl::string_view account_id) {
  return absl::BytesToHexString(Sha256(absl::StrCat(
      "blindmap alert state\n", partnership_id, "\n", account_id)));
}

absl::StatusOr<AlertState> ReadAlertState(const std::string& path) {
  AlertState state;
  std::ifstream in(path);
  if (!in) {
    if (!std::filesystem::exists(path)) return state;
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the alert state ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json parsed =
      nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  const auto bad = [&path] {
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        ": not an alert state file of blindmap (delete it to start "
        "afresh: the next sync then alerts about its period again)"));
  };
  if (!parsed.is_object() || !parsed.contains("done") ||
      !parsed["done"].is_object() || !parsed.contains("shared") ||
      !parsed["shared"].is_array() || !parsed.contains("shared_period") ||
      !parsed["shared_period"].is_string()) {
    return bad();
  }
  for (const auto& [label, period] : parsed["done"].items()) {
    if (!period.is_string()) return bad();
    state.done[label] = period.get<std::string>();
  }
  state.shared_period = parsed["shared_period"].get<std::string>();
  for (const nlohmann::json& hash : parsed["shared"]) {
    if (!hash.is_string()) return bad();
    state.shared.insert(hash.get<std::string>());
  }
  return state;
}

absl::Status WriteAlertState(const std::string& path, const AlertState& state) {
  const std::filesystem::path target(path);
  RETURN_IF_ERROR(EnsurePrivateDir(target.parent_path().string()));
  nlohmann::json out = {{"done", state.done},
                        {"shared_period", state.shared_period},
                        {"shared", state.shared}};
  const std::string text = out.dump(2) + "\n";
  const std::string temp = path + ".tmp";
  std::remove(temp.c_str());
  const int fd =
      open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write the alert state ", temp));
  }
  const bool written = write(fd, text.data(), text.size()) ==
                           static_cast<ssize_t>(text.size()) &&
                       fsync(fd) == 0;
  close(fd);
  if (!written || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write the alert state ", path));
  }
  return absl::OkStatus();
}

}  // namespace blindmap
