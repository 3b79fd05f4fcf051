#include "server/store/store.h"

#include <filesystem>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/base/status_macros.h"
#include "common/crypto/crypto.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "rocksdb/write_buffer_manager.h"
#include "server/store/rocksdb_status.h"
#include "server/store/snapshot_writer.h"
#include "server/store/store_keys.h"
#include "server/store/token_range_cursor.h"

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

namespace {

constexpr absl::string_view kSchemaKey = "schema";
constexpr absl::string_view kSchemaVersion = "1";
constexpr absl::string_view kNextSnapshotIdKey = "next_snapshot_id";

rocksdb::Slice AsSlice(absl::string_view s) { return {s.data(), s.size()}; }
absl::string_view AsView(const rocksdb::Slice& s) {
  return {s.data(), s.size()};
}

rocksdb::WriteOptions SyncWrite() {
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
void DeleteSnapshotInBatch(
    rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* snapshots,
    const std::vector<rocksdb::ColumnFamilyHandle*>& data, uint64_t id) {
  const std::string begin = store_keys::SnapshotId(id);
  const std::string end = store_keys::SnapshotRangeEnd(id);
  batch.Delete(snapshots, begin);
  for (rocksdb::ColumnFamilyHandle* family : data) {
    batch.DeleteRange(family, begin, end);
  }
}

}  // namespace

Store::Store(std::unique_ptr<rocksdb::DB> db,
             std::unique_ptr<Families> families, std::string staging_root)
    : db_(std::move(db)),
      cf_(std::move(families)),
      staging_root_(std::move(staging_root)) {}

std::string Store::StagingDir(uint64_t id) const {
  return absl::StrCat(staging_root_, "/", id);
}

Store::~Store() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : cf_->all) {
    db_->DestroyColumnFamilyHandle(handle);
  }
  db_->Close();
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(
    const std::string& dir, const StoreOptions& options) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(
          options.memtable_budget_bytes);
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  db_options.keep_log_file_num = 5;
  // The MANIFEST logs every file ever added or deleted with its smallest
  // and largest key, so the keys of deleted data (record ids, tokens,
  // partnership ids) would outlive the data. Rolling it on every change
  // keeps only the live files' bounds plus the last change; CompactAll()
  // then ends with one harmless change to drop those too. The live state
  // is a few dozen files, so the rewrite costs little.
  db_options.max_manifest_file_size = 1;

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  table.cache_index_and_filter_blocks = true;
  table.block_size = 16 * 1024;

  rocksdb::ColumnFamilyOptions metadata;
  metadata.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  metadata.write_buffer_size = size_t{4} << 20;
  // No compression anywhere: tokens and record ids are uniformly random (it
  // would only cost CPU), metadata is tiny, and uncompressed files let the
  // privacy tests scan every byte the broker stores for plaintext.
  metadata.compression = rocksdb::kNoCompression;
  rocksdb::ColumnFamilyOptions bulk = metadata;
  bulk.write_buffer_size = size_t{64} << 20;
  bulk.max_write_buffer_number = 3;
  bulk.target_file_size_base = size_t{64} << 20;

  const std::vector<std::pair<std::string, rocksdb::ColumnFamilyOptions>>
      families = {{rocksdb::kDefaultColumnFamilyName, metadata},
                  {"parties", metadata},
                  {"party_tokens", metadata},
                  {"partnerships", metadata},
                  {"snapshots", metadata},
                  {"heads", metadata},
                  {"tokens", bulk},
                  {"records", bulk},
                  {"overlaps", metadata},
                  {"record_index", bulk},
                  {"details", bulk},
                  {"history", metadata}};
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& [name, cf_options] : families) {
    descriptors.emplace_back(name, cf_options);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  RETURN_IF_ERROR(FromRocksDb(
      rocksdb::DB::Open(db_options, dir, descriptors, &handles, &raw_db),
      absl::StrCat("opening the broker database in ", dir)));
  auto cf = std::make_unique<Families>();
  cf->meta = handles[0];
  cf->parties = handles[1];
  cf->party_tokens = handles[2];
  cf->partnerships = handles[3];
  cf->snapshots = handles[4];
  cf->heads = handles[5];
  cf->tokens = handles[6];
  cf->records = handles[7];
  cf->overlaps = handles[8];
  cf->record_index = handles[9];
  cf->details = handles[10];
  cf->history = handles[11];
  cf->snapshot_data = {cf->tokens, cf->records, cf->record_index, cf->details};
  cf->all = handles;
  std::unique_ptr<Store> store(new Store(std::unique_ptr<rocksdb::DB>(raw_db),
                                         std::move(cf), dir + "-staging"));

  std::string schema;
  rocksdb::Status s = store->db_->Get(rocksdb::ReadOptions(), store->cf_->meta,
                                      AsSlice(kSchemaKey), &schema);
  if (s.IsNotFound()) {
    RETURN_IF_ERROR(FromRocksDb(
        store->db_->Put(SyncWrite(), store->cf_->meta, AsSlice(kSchemaKey),
                        AsSlice(kSchemaVersion)),
        "writing the schema version"));
  } else if (!s.ok()) {
    return FromRocksDb(s, "reading the schema version");
  } else if (schema != kSchemaVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("broker database in ", dir, " has schema version ", schema,
                     "; this blindmapd understands ", kSchemaVersion));
  }
  RETURN_IF_ERROR(store->Sweep());
  return store;
}

absl::Status Store::Sweep() {
  absl::MutexLock lock(&mutex_);
  // Files of uploads that never reached their commit.
  std::error_code ignored;
  std::filesystem::remove_all(staging_root_, ignored);
  rocksdb::WriteBatch batch;
  std::set<uint64_t> committed;
  {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), cf_->snapshots));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      storage::SnapshotRecord snapshot;
      RETURN_IF_ERROR(
          ParseValue(it->value().ToString(), snapshot, "snapshot record"));
      if (snapshot.state() == storage::SNAPSHOT_STATE_COMMITTED) {
        committed.insert(snapshot.id());
      } else {
        DeleteSnapshotInBatch(batch, cf_->snapshots, cf_->snapshot_data,
                              snapshot.id());
        ++sweep_stats_.pending_snapshots_removed;
      }
    }
    RETURN_IF_ERROR(FromRocksDb(it->status(), "scanning snapshots"));
  }
  for (rocksdb::ColumnFamilyHandle* family : cf_->snapshot_data) {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), family));
    for (it->SeekToFirst(); it->Valid();) {
      const uint64_t id = store_keys::ReadU64(AsView(it->key()));
      const std::string end = store_keys::SnapshotRangeEnd(id);
      if (committed.count(id) == 0) {
        batch.DeleteRange(family, store_keys::SnapshotId(id), end);
        ++sweep_stats_.orphan_ranges_removed;
      }
      it->Seek(end);
    }
    RETURN_IF_ERROR(FromRocksDb(it->status(), "scanning snapshot data"));
  }
  RETURN_IF_ERROR(AddOverlapDeletions(batch, [&committed](uint64_t snapshot) {
    return committed.count(snapshot) == 0;
  }));
  if (batch.Count() == 0) return absl::OkStatus();
  return FromRocksDb(db_->Write(SyncWrite(), &batch),
                     "removing abandoned snapshots");
}

absl::Status Store::CreateParty(const storage::PartyRecord& party) {
  absl::MutexLock lock(&mutex_);
  std::string existing;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf_->parties, party.name(), &existing);
  if (s.ok()) {
    return absl::AlreadyExistsError(
        absl::StrCat("party \"", party.name(), "\" already exists"));
  }
  if (!s.IsNotFound()) return FromRocksDb(s, "looking up a party");
  rocksdb::WriteBatch batch;
  batch.Put(cf_->parties, party.name(), party.SerializeAsString());
  batch.Put(cf_->party_tokens, party.token_sha256(), party.name());
  return FromRocksDb(db_->Write(SyncWrite(), &batch), "creating a party");
}

absl::StatusOr<std::optional<storage::PartyRecord>> Store::FindParty(
    absl::string_view name) {
  std::string bytes;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf_->parties, AsSlice(name), &bytes);
  if (s.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(s, "looking up a party"));
  storage::PartyRecord party;
  RETURN_IF_ERROR(ParseValue(bytes, party, "party record"));
  return party;
}

absl::StatusOr<std::optional<std::string>> Store::FindPartyByTokenHash(
    absl::string_view token_sha256) {
  std::string name;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_->party_tokens,
                               AsSlice(token_sha256), &name);
  if (s.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(s, "looking up a credential"));
  return name;
}

absl::StatusOr<std::vector<storage::PartyRecord>> Store::ListParties() {
  std::vector<storage::PartyRecord> parties;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf_->parties));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    RETURN_IF_ERROR(ParseValue(it->value().ToString(), parties.emplace_back(),
                               "party record"));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "listing parties"));
  return parties;
}

absl::Status Store::PutPartnership(
    const storage::PartnershipRecord& partnership) {
  return FromRocksDb(db_->Put(SyncWrite(), cf_->partnerships, partnership.id(),
                              partnership.SerializeAsString()),
                     "storing a partnership");
}

absl::StatusOr<std::optional<storage::PartnershipRecord>>
Store::FindPartnership(absl::string_view id) {
  std::string bytes;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf_->partnerships, AsSlice(id), &bytes);
  if (s.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(s, "looking up a partnership"));
  storage::PartnershipRecord partnership;
  RETURN_IF_ERROR(ParseValue(bytes, partnership, "partnership record"));
  return partnership;
}

absl::StatusOr<std::vector<storage::PartnershipRecord>>
Store::ListPartnerships() {
  std::vector<storage::PartnershipRecord> partnerships;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf_->partnerships));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    RETURN_IF_ERROR(ParseValue(it->value().ToString(),
                               partnerships.emplace_back(),
                               "partnership record"));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "listing partnerships"));
  return partnerships;
}

absl::StatusOr<uint64_t> Store::AddPartnershipDeletion(
    rocksdb::WriteBatch& batch, absl::string_view id) {
  batch.Delete(cf_->partnerships, AsSlice(id));
  const std::string prefix = store_keys::HeadPrefix(id);
  std::unique_ptr<rocksdb::Iterator> heads(
      db_->NewIterator(rocksdb::ReadOptions(), cf_->heads));
  for (heads->Seek(prefix); heads->Valid() && heads->key().starts_with(prefix);
       heads->Next()) {
    batch.Delete(cf_->heads, heads->key());
  }
  RETURN_IF_ERROR(FromRocksDb(heads->status(), "scanning heads"));
  // Its history shares the heads' key prefix.
  std::unique_ptr<rocksdb::Iterator> history(
      db_->NewIterator(rocksdb::ReadOptions(), cf_->history));
  for (history->Seek(prefix);
       history->Valid() && history->key().starts_with(prefix);
       history->Next()) {
    batch.Delete(cf_->history, history->key());
  }
  RETURN_IF_ERROR(FromRocksDb(history->status(), "scanning history"));
  // Every snapshot of the partnership, visible or still uploading.
  std::set<uint64_t> doomed;
  std::unique_ptr<rocksdb::Iterator> snapshots(
      db_->NewIterator(rocksdb::ReadOptions(), cf_->snapshots));
  for (snapshots->SeekToFirst(); snapshots->Valid(); snapshots->Next()) {
    storage::SnapshotRecord snapshot;
    RETURN_IF_ERROR(
        ParseValue(snapshots->value().ToString(), snapshot, "snapshot record"));
    if (snapshot.partnership_id() == id) doomed.insert(snapshot.id());
  }
  RETURN_IF_ERROR(FromRocksDb(snapshots->status(), "scanning snapshots"));
  for (uint64_t snapshot : doomed) {
    DeleteSnapshotInBatch(batch, cf_->snapshots, cf_->snapshot_data, snapshot);
  }
  RETURN_IF_ERROR(AddOverlapDeletions(batch, [&doomed](uint64_t snapshot) {
    return doomed.count(snapshot) != 0;
  }));
  return doomed.size();
}

absl::Status Store::AddOverlapDeletions(
    rocksdb::WriteBatch& batch, const std::function<bool(uint64_t)>& doomed) {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf_->overlaps));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const absl::string_view key = AsView(it->key());
    if (doomed(store_keys::ReadU64(key)) ||
        doomed(store_keys::ReadU64(key.substr(8)))) {
      batch.Delete(cf_->overlaps, it->key());
    }
  }
  return FromRocksDb(it->status(), "scanning cached overlaps");
}

absl::StatusOr<uint64_t> Store::DeletePartnership(absl::string_view id) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(auto partnership, FindPartnership(id));
  if (!partnership.has_value()) {
    return absl::NotFoundError(absl::StrCat("no partnership ", id));
  }
  rocksdb::WriteBatch batch;
  ASSIGN_OR_RETURN(uint64_t deleted, AddPartnershipDeletion(batch, id));
  RETURN_IF_ERROR(
      FromRocksDb(db_->Write(SyncWrite(), &batch), "deleting a partnership"));
  return deleted;
}

absl::StatusOr<PartyDeletion> Store::DeleteParty(absl::string_view name) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(auto party, FindParty(name));
  if (!party.has_value()) {
    return absl::NotFoundError(absl::StrCat("no party named \"", name, "\""));
  }
  rocksdb::WriteBatch batch;
  batch.Delete(cf_->parties, AsSlice(name));
  batch.Delete(cf_->party_tokens, party->token_sha256());
  PartyDeletion deletion;
  ASSIGN_OR_RETURN(auto partnerships, ListPartnerships());
  for (const storage::PartnershipRecord& partnership : partnerships) {
    if (partnership.inviter() != name && partnership.invitee() != name) {
      continue;
    }
    ASSIGN_OR_RETURN(uint64_t snapshots,
                     AddPartnershipDeletion(batch, partnership.id()));
    ++deletion.partnerships;
    deletion.snapshots += snapshots;
  }
  RETURN_IF_ERROR(
      FromRocksDb(db_->Write(SyncWrite(), &batch), "deleting a party"));
  return deletion;
}

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
  return replaced;
}

absl::Status Store::AbandonSnapshot(uint64_t id) {
  absl::MutexLock lock(&mutex_);
  std::error_code ignored;
  std::filesystem::remove_all(StagingDir(id), ignored);
  rocksdb::WriteBatch batch;
  DeleteSnapshotInBatch(batch, cf_->snapshots, cf_->snapshot_data, id);
  return FromRocksDb(db_->Write(SyncWrite(), &batch), "abandoning a snapshot");
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

absl::StatusOr<bool> Store::SnapshotExists(uint64_t id) {
  ASSIGN_OR_RETURN(auto snapshot, FindSnapshot(id));
  return snapshot.has_value() &&
         snapshot->state() == storage::SNAPSHOT_STATE_COMMITTED;
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

absl::StatusOr<std::string> Store::NoiseKey() {
  absl::MutexLock lock(&mutex_);
  constexpr absl::string_view kNoiseKey = "noise_key";
  std::string key;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf_->meta, AsSlice(kNoiseKey), &key);
  if (s.ok() && key.size() == 32) return key;
  if (!s.ok() && !s.IsNotFound())
    return FromRocksDb(s, "reading the noise key");
  ASSIGN_OR_RETURN(key, RandomBytes(32));
  RETURN_IF_ERROR(
      FromRocksDb(db_->Put(SyncWrite(), cf_->meta, AsSlice(kNoiseKey), key),
                  "storing the noise key"));
  return key;
}

absl::Status Store::CompactAll() {
  rocksdb::FlushOptions flush;
  flush.wait = true;
  RETURN_IF_ERROR(FromRocksDb(db_->Flush(flush, cf_->all), "flushing"));
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction =
      rocksdb::BottommostLevelCompaction::kForce;
  for (rocksdb::ColumnFamilyHandle* family : cf_->all) {
    RETURN_IF_ERROR(FromRocksDb(
        db_->CompactRange(compact, family, nullptr, nullptr), "compacting"));
  }
  // One last change, to the metadata family, rolls the MANIFEST over to the
  // compacted state (see max_manifest_file_size in Open()).
  RETURN_IF_ERROR(
      FromRocksDb(db_->Put(rocksdb::WriteOptions(), cf_->meta,
                           "last_compaction", absl::FormatTime(absl::Now())),
                  "recording the compaction"));
  return FromRocksDb(db_->Flush(flush, cf_->meta), "flushing");
}

}  // namespace blindmap
