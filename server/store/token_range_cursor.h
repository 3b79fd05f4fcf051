// A TokenCursor over one snapshot's range of the tokens column family.
#ifndef BLINDMAP_SERVER_STORE_TOKEN_RANGE_CURSOR_H_
#define BLINDMAP_SERVER_STORE_TOKEN_RANGE_CURSOR_H_

#include <memory>
#include <string>

#include "common/match/overlap.h"
#include "rocksdb/db.h"

namespace blindmap {

// Iterates [SnapshotId(id), SnapshotRangeEnd(id)) of the tokens column
// family at the RocksDB snapshot given in `read_snapshot`, bypassing the
// block cache (a one-pass scan would only evict hot blocks). Malformed keys or
// values end iteration with a DataLoss status.
//
// Does not own the DB, column family or RocksDB snapshot. Not thread-safe.
class TokenRangeCursor final : public TokenCursor {
 public:
  TokenRangeCursor(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* tokens,
                   const rocksdb::Snapshot* read_snapshot,
                   uint64_t snapshot_id);

  bool Valid() const override { return valid_; }
  void Next() override;
  const TokenOccurrence& occurrence() const override { return current_; }
  absl::Status status() const override { return status_; }

 private:
  void Load();  // decodes the iterator's position into current_

  std::string upper_bound_;
  rocksdb::Slice upper_bound_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
  TokenOccurrence current_;
  bool valid_ = false;
  absl::Status status_;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_STORE_TOKEN_RANGE_CURSOR_H_
