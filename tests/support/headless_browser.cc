#include "tests/support/headless_browser.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

bool IsExecutable(const std::string& path) {
  return !path.empty() && access(path.c_str(), X_OK) == 0 &&
         !std::filesystem::is_directory(path);
}

// The net log as JSON; Chromium closes the array at a clean exit, and a log
// cut short loses only its last, partial event.
std::optional<nlohmann::json> ParseNetLog(std::string text) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_discarded()) return parsed;
  const size_t last = text.rfind("},\n");
  if (last == std::string::npos) return std::nullopt;
  text.resize(last + 1);
  text += "]}";
  parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

}  // namespace

std::string ChromiumPath() {
  if (const char* configured = std::getenv("BLINDMAP_CHROMIUM")) {
    return IsExecutable(configured) ? configured : "";
  }
  const char* path = std::getenv("PATH");
  const std::vector<std::string> dirs = absl::StrSplit(
      path != nullptr ? path : "/usr/bin:/bin", ':', absl::SkipEmpty());
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    for (const std::string& dir : dirs) {
      const std::string candidate = absl::StrCat(dir, "/", name);
      if (IsExecutable(candidate)) return candidate;
    }
  }
  return "";
}

absl::StatusOr<std::vector<std::string>> PageRequestsInNetLog(
    const std::string& net_log) {
  std::optional<nlohmann::json> log = ParseNetLog(net_log);
  if (!log.has_value() || !log->is_object()) {
    return absl::InternalError("the net log is not Chromium's JSON");
  }
  int start_job = -1;
  std::vector<std::string> requests;
  try {
    start_job = log->at("constants")
                    .at("logEventTypes")
                    .at("URL_REQUEST_START_JOB")
                    .get<int>();
    for (const nlohmann::json& event : log->at("events")) {
      if (!event.is_object() || !event.contains("type") ||
          !event.contains("params") || event.at("type") != start_job) {
        continue;
      }
      const nlohmann::json& params = event.at("params");
      if (!params.is_object() || !params.contains("url")) continue;
      const std::string url = params.at("url").get<std::string>();
      if (absl::StartsWith(url, "file:")) continue;
      // A request a page makes carries the page's origin: a file:// page's
      // is "null", and its isolation key names file://. The browser's own
      // requests ("not an origin") are not the page's.
      const std::string initiator =
          params.contains("initiator") ? params.at("initiator").dump() : "";
      const std::string isolation =
          params.contains("network_isolation_key")
              ? params.at("network_isolation_key").dump()
              : "";
      if (initiator == "\"null\"" || absl::StrContains(isolation, "file://")) {
        requests.push_back(url);
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return absl::InternalError(
        absl::StrCat("the net log is not as expected: ", e.what()));
  }
  return requests;
}

absl::StatusOr<LoadedPage> LoadInHeadlessChromium(
    const std::string& html_path, const std::string& screenshot_path,
    int window_height, absl::Duration timeout) {
  const std::string chromium = ChromiumPath();
  if (chromium.empty()) {
    return absl::NotFoundError(
        "no chromium on PATH (tools/install-deps.sh installs Debian's "
        "chromium; BLINDMAP_CHROMIUM names another)");
  }
  TempDir profile;
  const std::string net_log = profile.path() + "/netlog.json";
  std::vector<std::string> argv = {
      chromium,
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      "--host-resolver-rules=MAP * ~NOTFOUND",
      absl::StrCat("--user-data-dir=", profile.path(), "/profile"),
      absl::StrCat("--log-net-log=", net_log),
      "--net-log-capture-mode=Default",
      "--dump-dom"};
  if (!screenshot_path.empty()) {
    std::filesystem::create_directories(
        std::filesystem::path(screenshot_path).parent_path());
    std::filesystem::remove(screenshot_path);
    argv.push_back(absl::StrCat("--screenshot=", screenshot_path));
    argv.push_back(absl::StrCat("--window-size=1280,", window_height));
  }
  argv.push_back(absl::StrCat(
      "file://",
      std::filesystem::absolute(html_path).lexically_normal().string()));
  const ProcessResult run = RunCommand(argv, "", timeout);
  if (run.timed_out) {
    return absl::DeadlineExceededError(absl::StrCat(
        "chromium did not finish within ", absl::FormatDuration(timeout)));
  }
  if (run.exit_code != 0 || run.out.empty()) {
    return absl::InternalError(
        absl::StrCat("chromium exited ", run.exit_code, ": ", run.err));
  }
  LoadedPage page;
  page.dom = run.out;
  const std::string log = ReadFileOrEmpty(net_log);
  absl::StatusOr<std::vector<std::string>> requests = PageRequestsInNetLog(log);
  if (!requests.ok()) {
    return absl::InternalError(absl::StrCat(requests.status().message(),
                                            "; chromium said: ", run.err));
  }
  page.page_requests = *std::move(requests);
  if (!screenshot_path.empty() && std::filesystem::exists(screenshot_path)) {
    page.screenshot = screenshot_path;
  }
  return page;
}

}  // namespace blindmap
