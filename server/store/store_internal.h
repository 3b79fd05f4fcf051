// Internals shared by the Store's implementation files (store*.cc): the
// column family handles and small RocksDB helpers. Not for other users.
#ifndef BLINDMAP_SERVER_STORE_STORE_INTERNAL_H_
#define BLINDMAP_SERVER_STORE_STORE_INTERNAL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "server/store/store.h"
#include "server/store/store_keys.h"

namespace blindmap {

struct Store::Families {
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* parties = nullptr;
  rocksdb::ColumnFamilyHandle* party_tokens = nullptr;
  rocksdb::ColumnFamilyHandle* partnerships = nullptr;
  rocksdb::ColumnFamilyHandle* snapshots = nullptr;
  rocksdb::ColumnFamilyHandle* heads = nullptr;
  rocksdb::ColumnFamilyHandle* tokens = nullptr;
  rocksdb::ColumnFamilyHandle* records = nullptr;
  rocksdb::ColumnFamilyHandle* overlaps = nullptr;
  rocksdb::ColumnFamilyHandle* record_index = nullptr;
  rocksdb::ColumnFamilyHandle* details = nullptr;
  rocksdb::ColumnFamilyHandle* history = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> all;
  // The families keyed by snapshot id first: a snapshot's data is the range
  // [SnapshotId(id), SnapshotRangeEnd(id)) of each.
  std::vector<rocksdb::ColumnFamilyHandle*> snapshot_data;
};

namespace store_internal {

inline constexpr absl::string_view kSchemaKey = "schema";
inline constexpr absl::string_view kSchemaVersion = "1";
inline constexpr absl::string_view kNextSnapshotIdKey = "next_snapshot_id";

inline rocksdb::Slice AsSlice(absl::string_view s) {
  return {s.data(), s.size()};
}
inline absl::string_view AsView(const rocksdb::Slice& s) {
  return {s.data(), s.size()};
}

inline rocksdb::WriteOptions SyncWrite() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

template <typename Message>
absl::Status ParseValue(const std::string& bytes, Message& message,
                        absl::string_view what) {
  if (!message.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat("cannot parse stored ", what));
  }
  return absl::OkStatus();
}

// Releases a RocksDB snapshot on scope exit.
class ScopedReadSnapshot {
 public:
  explicit ScopedReadSnapshot(rocksdb::DB* db)
      : db_(db), snapshot_(db->GetSnapshot()) {}
  ~ScopedReadSnapshot() { db_->ReleaseSnapshot(snapshot_); }
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

// Adds to `batch` the deletion of a snapshot's record and data ranges.
inline void DeleteSnapshotInBatch(
    rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* snapshots,
    const std::vector<rocksdb::ColumnFamilyHandle*>& data, uint64_t id) {
  const std::string begin = store_keys::SnapshotId(id);
  const std::string end = store_keys::SnapshotRangeEnd(id);
  batch.Delete(snapshots, begin);
  for (rocksdb::ColumnFamilyHandle* family : data) {
    batch.DeleteRange(family, begin, end);
  }
}

}  // namespace store_internal
}  // namespace blindmap

#endif  // BLINDMAP_SERVER_STORE_STORE_INTERNAL_H_
