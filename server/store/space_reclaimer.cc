#include "server/store/space_reclaimer.h"

#include <set>
#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "common/base/log.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "rocksdb/options.h"
#include "server/store/store_keys.h"

namespace blindmap {

SpaceReclaimer::SpaceReclaimer(
    rocksdb::DB* db, std::vector<rocksdb::ColumnFamilyHandle*> families,
    std::function<bool(uint64_t)> snapshot_exists)
    : db_(db),
      families_(std::move(families)),
      snapshot_exists_(std::move(snapshot_exists)),
      thread_([this] { Run(); }) {}

SpaceReclaimer::~SpaceReclaimer() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  // Ends a running CompactRange() at its next step.
  db_->DisableManualCompaction();
  thread_.join();
  db_->EnableManualCompaction();
}

void SpaceReclaimer::Wake() {
  absl::MutexLock lock(&mutex_);
  wanted_ = true;
}

void SpaceReclaimer::WaitIdle() {
  absl::MutexLock lock(&mutex_);
  mutex_.Await(absl::Condition(this, &SpaceReclaimer::IdleOrStopping));
}

ReclaimStats SpaceReclaimer::stats() {
  absl::MutexLock lock(&mutex_);
  return stats_;
}

bool SpaceReclaimer::IdleOrStopping() const {
  return stopping_ || (!wanted_ && !running_);
}

bool SpaceReclaimer::WantedOrStopping() const { return stopping_ || wanted_; }

void SpaceReclaimer::Run() {
  while (true) {
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(this, &SpaceReclaimer::WantedOrStopping));
      if (stopping_) return;
      wanted_ = false;
      running_ = true;
    }
    const absl::Time started = absl::Now();
    const uint64_t compacted = Pass();
    absl::MutexLock lock(&mutex_);
    running_ = false;
    ++stats_.passes;
    stats_.ranges_compacted += compacted;
    stats_.seconds += absl::ToDoubleSeconds(absl::Now() - started);
  }
}

uint64_t SpaceReclaimer::Pass() {
  std::vector<rocksdb::LiveFileMetaData> files;
  db_->GetLiveFilesMetaData(&files);
  // (family, snapshot id) of every file that starts in a deleted snapshot.
  std::set<std::pair<std::string, uint64_t>> dead;
  for (const rocksdb::LiveFileMetaData& file : files) {
    // A file starts (and usually ends) in one snapshot's range; a range
    // tombstone's file ends at the next snapshot id.
    for (const std::string* key : {&file.smallestkey, &file.largestkey}) {
      if (key->size() < store_keys::kSnapshotIdBytes) continue;
      uint64_t id = store_keys::ReadU64(*key);
      // A bare id is a range's exclusive end: SnapshotRangeEnd(id - 1).
      if (key->size() == store_keys::kSnapshotIdBytes) {
        if (id == 0) continue;
        --id;
      }
      if (!snapshot_exists_(id)) dead.emplace(file.column_family_name, id);
    }
  }
  uint64_t compacted = 0;
  rocksdb::CompactRangeOptions options;
  // Let RocksDB's own compactions run beside this one.
  options.exclusive_manual_compaction = false;
  for (rocksdb::ColumnFamilyHandle* family : families_) {
    for (const auto& [name, id] : dead) {
      if (name != family->GetName()) continue;
      {
        absl::MutexLock lock(&mutex_);
        if (stopping_) return compacted;
      }
      const std::string begin = store_keys::SnapshotId(id);
      const std::string end = store_keys::SnapshotRangeEnd(id);
      const rocksdb::Slice begin_slice(begin);
      const rocksdb::Slice end_slice(end);
      const rocksdb::Status status =
          db_->CompactRange(options, family, &begin_slice, &end_slice);
      if (status.ok()) {
        ++compacted;
      } else if (!status.IsIncomplete()) {  // Incomplete: shutting down
        LogWarning("reclaiming the space of deleted snapshot %d in %s: %s", id,
                   name, status.ToString());
      }
    }
  }
  return compacted;
}

}  // namespace blindmap
