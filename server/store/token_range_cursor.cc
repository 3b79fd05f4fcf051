#include "server/store/token_range_cursor.h"

#include "absl/strings/str_cat.h"
#include "common/match/match_rule.h"
#include "server/store/rocksdb_status.h"
#include "server/store/store_keys.h"

namespace blindmap {

TokenRangeCursor::TokenRangeCursor(rocksdb::DB* db,
                                   rocksdb::ColumnFamilyHandle* tokens,
                                   const rocksdb::Snapshot* read_snapshot,
                                   uint64_t snapshot_id)
    : upper_bound_(store_keys::SnapshotRangeEnd(snapshot_id)),
      upper_bound_slice_(upper_bound_) {
  rocksdb::ReadOptions options;
  options.snapshot = read_snapshot;
  options.iterate_upper_bound = &upper_bound_slice_;
  options.fill_cache = false;
  options.readahead_size = size_t{2} << 20;
  it_.reset(db->NewIterator(options, tokens));
  it_->Seek(store_keys::SnapshotId(snapshot_id));
  Load();
}

void TokenRangeCursor::Next() {
  it_->Next();
  Load();
}

void TokenRangeCursor::Load() {
  valid_ = it_->Valid();
  if (!valid_) {
    status_ = FromRocksDb(it_->status(), "reading snapshot tokens");
    return;
  }
  absl::string_view value(it_->value().data(), it_->value().size());
  const rocksdb::Slice key = it_->key();
  if (!store_keys::ParseTokenKey(absl::string_view(key.data(), key.size()),
                                 current_.token, current_.record) ||
      !store_keys::ReadVarint(value, current_.populations) ||
      value.size() != 1) {
    valid_ = false;
    status_ = absl::DataLossError(
        absl::StrCat("malformed entry in the tokens column family (key of ",
                     key.size(), " bytes)"));
    return;
  }
  const uint8_t flags = static_cast<uint8_t>(value[0]);
  current_.record_ids = flags & kRecordEvidenceBits;
  current_.variant = (flags & store_keys::kTokenFlagVariant) != 0;
}

}  // namespace blindmap
