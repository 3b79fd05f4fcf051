#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "server/store/rocksdb_status.h"
#include "server/store/snapshot_writer.h"
#include "server/store/store.h"
#include "server/store/store_internal.h"
#include "server/store/store_keys.h"

namespace blindmap {

using store_internal::AsSlice;
using store_internal::AsView;
using store_internal::DeleteSnapshotInBatch;
using store_internal::kNextSnapshotIdKey;
using store_internal::ParseValue;
using store_internal::SyncWrite;

absl::StatusOr<std::unique_ptr<SnapshotWriter>> Store::BeginSnapshot(
    storage::SnapshotRecord pending) {
  absl::MutexLock lock(&mutex_);
  uint64_t id = 1;
  std::string next;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_->meta,
                               AsSlice(kNextSnapshotIdKey), &next);
  if (s.ok() && next.size() == 8) {
    id = store_keys::ReadU64(next);
  } else if (!s.IsNotFound()) {
    return s.ok() ? absl::DataLossError("malformed next snapshot id")
                  : FromRocksDb(s, "reading the next snapshot id");
  }
  pending.set_id(id);
  pending.set_state(storage::SNAPSHOT_STATE_PENDING);
  rocksdb::WriteBatch batch;
  batch.Put(cf_->meta, AsSlice(kNextSnapshotIdKey),
            store_keys::SnapshotId(id + 1));
  batch.Put(cf_->snapshots, store_keys::SnapshotId(id),
            pending.SerializeAsString());
  const std::string staging = StagingDir(id);
  std::error_code error;
  std::filesystem::create_directories(staging, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat(
        "cannot create staging directory ", staging, ": ", error.message()));
  }
  RETURN_IF_ERROR(
      FromRocksDb(db_->Write(SyncWrite(), &batch), "starting a snapshot"));
  return std::make_unique<SnapshotWriter>(
      db_.get(),
      SnapshotWriter::Families{cf_->tokens, cf_->records, cf_->record_index,
                               cf_->details},
      id, staging);
}

absl::StatusOr<bool> Store::CommitSnapshot(storage::SnapshotRecord snapshot,
                                           const SnapshotFiles& files) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(auto partnership,
                   FindPartnership(snapshot.partnership_id()));
  if (!partnership.has_value() ||
      partnership->state() != v1::PARTNERSHIP_STATE_ACTIVE) {
    return absl::FailedPreconditionError(
        "the partnership was revoked while the snapshot was uploading");
  }
  ASSIGN_OR_RETURN(auto pending, FindSnapshot(snapshot.id()));
  if (!pending.has_value() ||
      pending->state() != storage::SNAPSHOT_STATE_PENDING) {
    return absl::FailedPreconditionError(
        "the snapshot was deleted while it was uploading");
  }
  // The data first: a crash between ingestion and the commit record leaves
  // a pending snapshot, which the next start-up deletes.
  std::vector<rocksdb::IngestExternalFileArg> ingest;
  for (const auto& [family, paths] :
       {std::pair{cf_->tokens, &files.tokens},
        std::pair{cf_->records, &files.records},
        std::pair{cf_->record_index, &files.record_index},
        std::pair{cf_->details, &files.details}}) {
    if (paths->empty()) continue;
    rocksdb::IngestExternalFileArg& arg = ingest.emplace_back();
    arg.column_family = family;
    arg.external_files = *paths;
    arg.options.move_files = true;
  }
  if (!ingest.empty()) {
    RETURN_IF_ERROR(FromRocksDb(db_->IngestExternalFiles(ingest),
                                "ingesting snapshot files"));
  }
  snapshot.set_state(storage::SNAPSHOT_STATE_COMMITTED);
  const std::string head = store_keys::HeadKey(
      snapshot.partnership_id(), snapshot.party(), snapshot.period());
  std::string previous;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf_->heads, head, &previous);
  if (!s.ok() && !s.IsNotFound()) return FromRocksDb(s, "reading a head");
  const bool replaced = s.ok() && previous.size() == 8;

  rocksdb::WriteBatch batch;
  batch.Put(cf_->snapshots, store_keys::SnapshotId(snapshot.id()),
            snapshot.SerializeAsString());
  batch.Put(cf_->heads, head, store_keys::SnapshotId(snapshot.id()));
  if (replaced) {
    const uint64_t old_id = store_keys::ReadU64(previous);
    DeleteSnapshotInBatch(batch, cf_->snapshots, cf_->snapshot_data, old_id);
    RETURN_IF_ERROR(AddOverlapDeletions(
        batch, [old_id](uint64_t other) { return other == old_id; }));
  }
  RETURN_IF_ERROR(
      FromRocksDb(db_->Write(SyncWrite(), &batch), "committing a snapshot"));
  std::error_code ignored;
  std::filesystem::remove_all(StagingDir(snapshot.id()), ignored);
  if (replaced) Reclaim();
  return replaced;
}

absl::Status Store::AbandonSnapshot(uint64_t id) {
  absl::MutexLock lock(&mutex_);
  std::error_code ignored;
  std::filesystem::remove_all(StagingDir(id), ignored);
  rocksdb::WriteBatch batch;
  DeleteSnapshotInBatch(batch, cf_->snapshots, cf_->snapshot_data, id);
  RETURN_IF_ERROR(
      FromRocksDb(db_->Write(SyncWrite(), &batch), "abandoning a snapshot"));
  Reclaim();
  return absl::OkStatus();
}

absl::StatusOr<std::optional<storage::SnapshotRecord>> Store::FindSnapshot(
    uint64_t id) {
  std::string bytes;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_->snapshots,
                               store_keys::SnapshotId(id), &bytes);
  if (s.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(s, "looking up a snapshot"));
  storage::SnapshotRecord snapshot;
  RETURN_IF_ERROR(ParseValue(bytes, snapshot, "snapshot record"));
  return snapshot;
}

absl::StatusOr<std::map<std::string, uint64_t>> Store::Heads(
    absl::string_view partnership_id, absl::string_view party) {
  std::map<std::string, uint64_t> heads;
  const std::string prefix = store_keys::HeadPrefix(partnership_id, party);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf_->heads));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    if (it->value().size() != 8) {
      return absl::DataLossError("malformed head entry");
    }
    heads[std::string(AsView(it->key()).substr(prefix.size()))] =
        store_keys::ReadU64(AsView(it->value()));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading heads"));
  return heads;
}

absl::StatusOr<std::vector<StoredRecord>> Store::ReadRecords(
    const storage::SnapshotRecord& snapshot) {
  std::vector<StoredRecord> records(snapshot.record_count());
  const std::string begin = store_keys::SnapshotId(snapshot.id());
  const std::string end = store_keys::SnapshotRangeEnd(snapshot.id());
  const rocksdb::Slice upper(end);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper;
  options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(options, cf_->records));
  for (it->Seek(begin); it->Valid(); it->Next()) {
    const uint32_t index = store_keys::ReadU32(
        AsView(it->key()).substr(store_keys::kSnapshotIdBytes));
    absl::string_view value = AsView(it->value());
    uint64_t populations = 0;
    if (index >= records.size() || value.size() < store_keys::kRecordIdBytes) {
      return absl::DataLossError("malformed entry in the records family");
    }
    value.remove_prefix(store_keys::kRecordIdBytes);
    if (!store_keys::ReadVarint(value, populations) || value.size() != 1) {
      return absl::DataLossError("malformed entry in the records family");
    }
    records[index].populations = populations;
    records[index].opted_in =
        (static_cast<uint8_t>(value[0]) & store_keys::kRecordFlagOptedIn) != 0;
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading records"));
  std::unique_ptr<rocksdb::Iterator> details(
      db_->NewIterator(options, cf_->details));
  for (details->Seek(begin); details->Valid(); details->Next()) {
    const uint32_t index = store_keys::ReadU32(
        AsView(details->key()).substr(store_keys::kSnapshotIdBytes));
    if (index < records.size()) records[index].has_detail = true;
  }
  RETURN_IF_ERROR(FromRocksDb(details->status(), "reading details"));
  return records;
}

absl::StatusOr<uint64_t> Store::CountRecordsIn(
    const storage::SnapshotRecord& snapshot, uint64_t mask) {
  const int populations = snapshot.populations_size();
  const uint64_t all =
      populations >= 64 ? ~uint64_t{0} : (uint64_t{1} << populations) - 1;
  if ((mask & all) == all) return snapshot.record_count();
  if ((mask & all) == 0) return 0;
  const std::string begin = store_keys::SnapshotId(snapshot.id());
  const std::string end = store_keys::SnapshotRangeEnd(snapshot.id());
  const rocksdb::Slice upper(end);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper;
  options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(options, cf_->records));
  uint64_t count = 0;
  for (it->Seek(begin); it->Valid(); it->Next()) {
    absl::string_view value = AsView(it->value());
    uint64_t bits = 0;
    if (value.size() < store_keys::kRecordIdBytes) {
      return absl::DataLossError("malformed entry in the records family");
    }
    value.remove_prefix(store_keys::kRecordIdBytes);
    if (!store_keys::ReadVarint(value, bits)) {
      return absl::DataLossError("malformed entry in the records family");
    }
    if ((bits & mask) != 0) ++count;
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "counting records"));
  return count;
}

absl::StatusOr<std::string> Store::ReadRecordId(uint64_t snapshot,
                                                uint32_t index) {
  std::string value;
  RETURN_IF_ERROR(
      FromRocksDb(db_->Get(rocksdb::ReadOptions(), cf_->records,
                           store_keys::RecordKey(snapshot, index), &value),
                  "reading a record"));
  if (value.size() < store_keys::kRecordIdBytes) {
    return absl::DataLossError("malformed entry in the records family");
  }
  return value.substr(0, store_keys::kRecordIdBytes);
}

absl::StatusOr<std::optional<std::string>> Store::ReadDetail(uint64_t snapshot,
                                                             uint32_t index) {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_->details,
                               store_keys::RecordKey(snapshot, index), &value);
  if (s.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(s, "reading a detail"));
  return value;
}

absl::StatusOr<uint64_t> Store::RemoveDetails(
    absl::string_view partnership_id, absl::string_view party,
    const std::vector<std::string>& record_ids) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(auto heads, Heads(partnership_id, party));
  rocksdb::WriteBatch batch;
  uint64_t removed = 0;
  for (const auto& [period, snapshot] : heads) {
    for (const std::string& record_id : record_ids) {
      std::string index;
      rocksdb::Status s =
          db_->Get(rocksdb::ReadOptions(), cf_->record_index,
                   store_keys::RecordIndexKey(snapshot, record_id), &index);
      if (s.IsNotFound()) continue;
      RETURN_IF_ERROR(FromRocksDb(s, "looking up a record"));
      if (index.size() != 4) {
        return absl::DataLossError("malformed entry in the record index");
      }
      const std::string key =
          store_keys::RecordKey(snapshot, store_keys::ReadU32(index));
      std::string detail;
      s = db_->Get(rocksdb::ReadOptions(), cf_->details, key, &detail);
      if (s.IsNotFound()) continue;
      RETURN_IF_ERROR(FromRocksDb(s, "looking up a detail"));
      batch.Delete(cf_->details, key);
      ++removed;
    }
  }
  if (removed > 0) {
    RETURN_IF_ERROR(
        FromRocksDb(db_->Write(SyncWrite(), &batch), "removing details"));
  }
  return removed;
}

absl::StatusOr<std::vector<std::string>> Store::UnknownRecordIds(
    absl::string_view partnership_id, absl::string_view party,
    const std::vector<std::string>& record_ids) {
  ASSIGN_OR_RETURN(auto heads, Heads(partnership_id, party));
  std::vector<std::string> unknown;
  for (const std::string& record_id : record_ids) {
    bool found = false;
    for (const auto& [period, snapshot] : heads) {
      std::string index;
      rocksdb::Status s =
          db_->Get(rocksdb::ReadOptions(), cf_->record_index,
                   store_keys::RecordIndexKey(snapshot, record_id), &index);
      if (s.IsNotFound()) continue;
      RETURN_IF_ERROR(FromRocksDb(s, "looking up a record"));
      found = true;
      break;
    }
    if (!found) unknown.push_back(record_id);
  }
  return unknown;
}

absl::StatusOr<bool> Store::SnapshotExists(uint64_t id) {
  ASSIGN_OR_RETURN(auto snapshot, FindSnapshot(id));
  return snapshot.has_value() &&
         snapshot->state() == storage::SNAPSHOT_STATE_COMMITTED;
}

absl::StatusOr<uint64_t> Store::CountRecordIdsMissing(
    uint64_t snapshot, const std::function<bool(absl::string_view)>& present,
    uint64_t stop_at) {
  const std::string begin = store_keys::SnapshotId(snapshot);
  const std::string end = store_keys::SnapshotRangeEnd(snapshot);
  rocksdb::ReadOptions options;
  const rocksdb::Slice upper(end);
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(options, cf_->record_index));
  uint64_t missing = 0;
  for (it->Seek(begin); it->Valid() && missing < stop_at; it->Next()) {
    if (!present(AsView(it->key()).substr(store_keys::kSnapshotIdBytes))) {
      ++missing;
    }
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading record ids"));
  return missing;
}

}  // namespace blindmap
