// Headless Chromium for tests of the HTML reports: loads a local file the
// way a person would open it, returns the DOM after rendering, keeps a
// screenshot, and lists every request the page made (from Chromium's net
// log), so a test can prove that a page fetched nothing.
#ifndef BLINDMAP_TESTS_SUPPORT_HEADLESS_BROWSER_H_
#define BLINDMAP_TESTS_SUPPORT_HEADLESS_BROWSER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace blindmap {

// The first of $BLINDMAP_CHROMIUM, chromium, chromium-browser and
// google-chrome found on PATH (an absolute path), or "" when none is.
// tools/install-deps.sh installs Debian's `chromium`.
std::string ChromiumPath();

struct LoadedPage {
  std::string dom;  // the serialized DOM after load (--dump-dom)
  // URLs the page itself asked for that are not file: URLs (requests of
  // the browser's own, such as update checks, are not the page's and are
  // left out: the net log tells them apart by their initiator).
  std::vector<std::string> page_requests;
  std::string screenshot;  // its path, when one was asked for and written
};

// Runs `chromium --headless --no-sandbox --disable-gpu --disable-quic
// --no-first-run --disable-background-networking --disable-component-update
// --disable-sync --disable-dev-shm-usage --host-resolver-rules=MAP *
// ~NOTFOUND --user-data-dir=<fresh temp dir> --log-net-log=<temp>
// --dump-dom [--screenshot=<screenshot_path> --window-size=1280,<height>]
// file://<html_path>`, killed after `timeout`. The host resolver rule keeps
// every name lookup on this machine; a page's request still shows in the
// net log. Errors: NOT_FOUND without Chromium, DEADLINE_EXCEEDED on the
// timeout, INTERNAL when Chromium fails or writes no readable net log
// (with its standard error).
absl::StatusOr<LoadedPage> LoadInHeadlessChromium(
    const std::string& html_path, const std::string& screenshot_path = "",
    int window_height = 2400, absl::Duration timeout = absl::Seconds(90));

// The page requests in a Chromium net log (JSON, as --log-net-log writes
// it; a log cut short by an exit is read up to its last whole event).
absl::StatusOr<std::vector<std::string>> PageRequestsInNetLog(
    const std::string& net_log);

}  // namespace blindmap

#endif  // BLINDMAP_TESTS_SUPPORT_HEADLESS_BROWSER_H_
