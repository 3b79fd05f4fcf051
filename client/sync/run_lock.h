// One sync at a time per state directory: an advisory lock file.
#ifndef BLINDMAP_CLIENT_SYNC_RUN_LOCK_H_
#define BLINDMAP_CLIENT_SYNC_RUN_LOCK_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace blindmap {

// An exclusive flock(2) on a lock file (for sync: <state_dir>/sync.lock),
// held from Acquire() until the RunLock is destroyed or the process exits,
// however it exits: the kernel drops the lock with the last descriptor. The
// holder writes its PID into the file so that a refused run can name it.
// The file itself stays; its presence means nothing.
//
// Owns the descriptor. Not thread-safe; one RunLock per file per process
// (flock locks belong to the open file description, so a second Acquire()
// in the same process on the same path is refused like another process's).
class RunLock {
 public:
  // Takes the lock, waiting up to `wait` for a holder to let go (zero: do
  // not wait). Creates the file (mode 0600) if needed.
  //   ABORTED, with ExitCodeFor() == kExitLocked: another process holds it;
  //     the message names the file and the holder's PID.
  //   FAILED_PRECONDITION: the file cannot be created or locked.
  static absl::StatusOr<std::unique_ptr<RunLock>> Acquire(
      const std::string& path, absl::Duration wait);

  ~RunLock();  // unlocks and closes
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  RunLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  int fd_;
  std::string path_;
};

// <state_dir>/sync.lock
std::string SyncLockPath(const std::string& state_dir);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_RUN_LOCK_H_
