#include "client/sync/run_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/console/exit_codes.h"

namespace blindmap {
namespace {

constexpr absl::Duration kPollInterval = absl::Milliseconds(100);
constexpr size_t kMaxPidText = 32;

// The holder's PID as written in the file ("" if none could be read).
std::string HolderPid(int fd) {
  char buffer[kMaxPidText] = {};
  const ssize_t n = pread(fd, buffer, sizeof(buffer) - 1, 0);
  if (n <= 0) return "";
  const std::string text(absl::StripAsciiWhitespace(
      absl::string_view(buffer, static_cast<size_t>(n))));
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return "";
  }
  return text;
}

absl::Status WritePid(int fd, const std::string& path) {
  const std::string pid = absl::StrCat(getpid(), "\n");
  if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) !=
                                   static_cast<ssize_t>(pid.size())) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write the PID into the lock file ", path, ": ",
                     std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace

std::string SyncLockPath(const std::string& state_dir) {
  return (std::filesystem::path(state_dir) / "sync.lock").string();
}

absl::StatusOr<std::unique_ptr<RunLock>> RunLock::Acquire(
    const std::string& path, absl::Duration wait) {
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot open the lock file ", path, ": ", std::strerror(errno)));
  }
  const absl::Time deadline = absl::Now() + wait;
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error == EINTR) continue;
    if (error != EWOULDBLOCK) {
      close(fd);
      return absl::FailedPreconditionError(
          absl::StrCat("cannot lock ", path, ": ", std::strerror(error)));
    }
    if (absl::Now() >= deadline) {
      const std::string pid = HolderPid(fd);
      close(fd);
      return WithExitCode(
          absl::AbortedError(absl::StrCat(
              "another sync is running: ", path, " is locked by ",
              pid.empty() ? "another process" : absl::StrCat("PID ", pid),
              wait > absl::ZeroDuration()
                  ? absl::StrCat(" (waited ", absl::FormatDuration(wait), ")")
                  : std::string(" (pass --wait-lock SECONDS to wait)"))),
          kExitLocked);
    }
    absl::SleepFor(std::min(kPollInterval, deadline - absl::Now()));
  }
  absl::Status written = WritePid(fd, path);
  if (!written.ok()) {
    close(fd);  // drops the lock too
    return written;
  }
  return std::unique_ptr<RunLock>(new RunLock(fd, path));
}

RunLock::~RunLock() {
  // Leave the PID: a stale number in an unlocked file is harmless, and
  // truncating here could race a new holder's write.
  flock(fd_, LOCK_UN);
  close(fd_);
}

}  // namespace blindmap
