// Writes one snapshot's records and tokens into the store.
#ifndef BLINDMAP_SERVER_SNAPSHOT_WRITER_H_
#define BLINDMAP_SERVER_SNAPSHOT_WRITER_H_

#include <cstdint>

#include "absl/status/status.h"
#include "blindmap/v1/broker.pb.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace blindmap {

// Created by Store::BeginSnapshot(). Numbers records densely in arrival
// order and writes, per batch, one RocksDB WriteBatch without the WAL (the
// commit flushes it). Validation of the records is the caller's job: the
// writer stores what it is given.
//
// Does not own the database or column families, which must outlive it. Not
// thread-safe. Destroying a writer does not delete what it wrote: call
// Store::AbandonSnapshot() or Store::CommitSnapshot().
class SnapshotWriter {
 public:
  SnapshotWriter(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* tokens,
                 rocksdb::ColumnFamilyHandle* records, uint64_t snapshot_id)
      : db_(db),
        tokens_cf_(tokens),
        records_cf_(records),
        snapshot_id_(snapshot_id) {}

  uint64_t snapshot_id() const { return snapshot_id_; }
  uint32_t records() const { return records_; }
  uint64_t tokens() const { return tokens_; }

  // Storage errors from FromRocksDb().
  absl::Status Append(const v1::RecordBatch& batch);

 private:
  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const tokens_cf_;
  rocksdb::ColumnFamilyHandle* const records_cf_;
  const uint64_t snapshot_id_;
  uint32_t records_ = 0;
  uint64_t tokens_ = 0;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_SNAPSHOT_WRITER_H_
