// Giving back the disk space of deleted snapshots without an operator.
#ifndef BLINDMAP_SERVER_STORE_SPACE_RECLAIMER_H_
#define BLINDMAP_SERVER_STORE_SPACE_RECLAIMER_H_

#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace blindmap {

// What the reclaimer has done since the broker started.
struct ReclaimStats {
  uint64_t passes = 0;            // scans of the live files after a Wake()
  uint64_t ranges_compacted = 0;  // one snapshot's range in one family
  double seconds = 0;             // spent compacting
};

// A snapshot's data is deleted with range deletions (replaced, superseded,
// revoked or abandoned snapshots), which RocksDB's own compactions seldom
// reach: the snapshot's ingested SST files sit in the bottom level, where
// nothing else overlaps them, and would stay on disk until a manual
// compaction. After each Wake(), a background thread lists the live SST
// files of the snapshot-data families, finds those whose first key belongs
// to a snapshot that no longer exists (`snapshot_exists` says which) and
// compacts exactly that snapshot's key range, so its files (and the range
// tombstone) are dropped. Compactions respect open read snapshots, so a
// report still reading the old data sees it whole.
//
// Does not own the database or families, which must outlive it; the
// destructor cancels a running compaction and joins the thread. Wake() and
// WaitIdle() are thread-safe.
class SpaceReclaimer {
 public:
  SpaceReclaimer(rocksdb::DB* db,
                 std::vector<rocksdb::ColumnFamilyHandle*> families,
                 std::function<bool(uint64_t)> snapshot_exists);
  ~SpaceReclaimer();
  SpaceReclaimer(const SpaceReclaimer&) = delete;
  SpaceReclaimer& operator=(const SpaceReclaimer&) = delete;

  // Asks for a pass (after snapshots were deleted); returns at once.
  void Wake();
  // Blocks until no pass is asked for or running (for tests and backups).
  void WaitIdle();
  ReclaimStats stats();

 private:
  void Run();
  bool IdleOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  bool WantedOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // One pass: compacts the ranges of deleted snapshots that still have
  // files. Returns the number of ranges compacted.
  uint64_t Pass();

  rocksdb::DB* const db_;
  const std::vector<rocksdb::ColumnFamilyHandle*> families_;
  const std::function<bool(uint64_t)> snapshot_exists_;

  absl::Mutex mutex_;
  bool wanted_ ABSL_GUARDED_BY(mutex_) = false;
  bool running_ ABSL_GUARDED_BY(mutex_) = false;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  ReclaimStats stats_ ABSL_GUARDED_BY(mutex_);
  std::thread thread_;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_STORE_SPACE_RECLAIMER_H_
