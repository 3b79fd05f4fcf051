#include <set>

#include "common/base/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "server/store/rocksdb_status.h"
#include "server/store/store.h"
#include "server/store/store_internal.h"
#include "server/store/store_keys.h"
#include "server/store/token_range_cursor.h"

namespace blindmap {

using store_internal::AsView;
using store_internal::DeleteSnapshotInBatch;
using store_internal::ParseValue;
using store_internal::ScopedReadSnapshot;
using store_internal::SyncWrite;

absl::StatusOr<OverlapCounts> Store::ComputeOverlap(
    const storage::SnapshotRecord& a, const storage::SnapshotRecord& b,
    v1::MatchPolicy policy, uint64_t a_visible, uint64_t b_visible,
    const MatchSink& on_match) {
  ScopedReadSnapshot read(db_.get());
  TokenRangeCursor a_cursor(db_.get(), cf_->tokens, read.get(), a.id());
  TokenRangeCursor b_cursor(db_.get(), cf_->tokens, read.get(), b.id());
  const SnapshotShape a_shape{static_cast<uint32_t>(a.record_count()),
                              static_cast<uint32_t>(a.populations_size()),
                              a_visible};
  const SnapshotShape b_shape{static_cast<uint32_t>(b.record_count()),
                              static_cast<uint32_t>(b.populations_size()),
                              b_visible};
  return CountOverlap(a_cursor, a_shape, b_cursor, b_shape, policy, on_match);
}

absl::StatusOr<std::optional<storage::OverlapRecord>> Store::FindOverlap(
    uint64_t low, uint64_t high) {
  std::string bytes;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_->overlaps,
                               store_keys::OverlapKey(low, high), &bytes);
  if (s.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(s, "looking up a cached overlap"));
  storage::OverlapRecord overlap;
  RETURN_IF_ERROR(ParseValue(bytes, overlap, "overlap record"));
  return overlap;
}

absl::Status Store::PutOverlap(const storage::OverlapRecord& overlap) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(bool low_exists, SnapshotExists(overlap.low_snapshot()));
  ASSIGN_OR_RETURN(bool high_exists, SnapshotExists(overlap.high_snapshot()));
  if (!low_exists || !high_exists) return absl::OkStatus();
  return FromRocksDb(db_->Put(rocksdb::WriteOptions(), cf_->overlaps,
                              store_keys::OverlapKey(overlap.low_snapshot(),
                                                     overlap.high_snapshot()),
                              overlap.SerializeAsString()),
                     "caching an overlap");
}

absl::StatusOr<uint64_t> Store::SupersedePeriods(
    absl::string_view partnership_id, absl::string_view period,
    const std::vector<storage::HistoryRecord>& history) {
  absl::MutexLock lock(&mutex_);
  // Revoked meanwhile: its data is gone and no history may outlive it.
  ASSIGN_OR_RETURN(auto partnership, FindPartnership(partnership_id));
  if (!partnership.has_value()) return 0;
  rocksdb::WriteBatch batch;
  for (const storage::HistoryRecord& record : history) {
    batch.Put(cf_->history,
              store_keys::HeadPrefix(partnership_id) + record.period(),
              record.SerializeAsString());
  }
  // Heads: partnership \0 party \0 period.
  const std::string prefix = store_keys::HeadPrefix(partnership_id);
  std::set<uint64_t> doomed;
  std::unique_ptr<rocksdb::Iterator> heads(
      db_->NewIterator(rocksdb::ReadOptions(), cf_->heads));
  for (heads->Seek(prefix); heads->Valid() && heads->key().starts_with(prefix);
       heads->Next()) {
    const absl::string_view rest = AsView(heads->key()).substr(prefix.size());
    const size_t separator = rest.find('\0');
    if (separator == absl::string_view::npos || heads->value().size() != 8) {
      return absl::DataLossError("malformed head entry");
    }
    if (rest.substr(separator + 1) < period) {
      batch.Delete(cf_->heads, heads->key());
      doomed.insert(store_keys::ReadU64(AsView(heads->value())));
    }
  }
  RETURN_IF_ERROR(FromRocksDb(heads->status(), "scanning heads"));
  for (uint64_t snapshot : doomed) {
    DeleteSnapshotInBatch(batch, cf_->snapshots, cf_->snapshot_data, snapshot);
  }
  RETURN_IF_ERROR(AddOverlapDeletions(batch, [&doomed](uint64_t snapshot) {
    return doomed.count(snapshot) != 0;
  }));
  RETURN_IF_ERROR(
      FromRocksDb(db_->Write(SyncWrite(), &batch), "superseding old periods"));
  if (!doomed.empty()) Reclaim();
  return doomed.size();
}

absl::StatusOr<std::vector<storage::HistoryRecord>> Store::History(
    absl::string_view partnership_id) {
  std::vector<storage::HistoryRecord> out;
  const std::string prefix = store_keys::HeadPrefix(partnership_id);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf_->history));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    RETURN_IF_ERROR(ParseValue(it->value().ToString(), out.emplace_back(),
                               "history record"));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading history"));
  return out;
}

}  // namespace blindmap
