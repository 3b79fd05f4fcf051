#include "server/store/store.h"

#include <filesystem>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/status_macros.h"
#include "common/crypto/crypto.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/statistics.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "rocksdb/write_buffer_manager.h"
#include "server/store/rocksdb_status.h"
#include "server/store/space_reclaimer.h"
#include "server/store/store_internal.h"
#include "server/store/store_keys.h"

namespace blindmap {

using store_internal::AsSlice;
using store_internal::AsView;
using store_internal::DeleteSnapshotInBatch;
using store_internal::kSchemaKey;
using store_internal::kSchemaVersion;
using store_internal::ParseValue;
using store_internal::SyncWrite;

Store::Store(std::unique_ptr<rocksdb::DB> db,
             std::unique_ptr<Families> families, std::string staging_root)
    : db_(std::move(db)),
      cf_(std::move(families)),
      staging_root_(std::move(staging_root)) {}

std::string Store::StagingDir(uint64_t id) const {
  return absl::StrCat(staging_root_, "/", id);
}

Store::~Store() {
  reclaimer_.reset();
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
  // Counters only (no timers), for the compaction figures of Stats().
  std::shared_ptr<rocksdb::Statistics> statistics =
      rocksdb::CreateDBStatistics();
  statistics->set_stats_level(rocksdb::StatsLevel::kExceptTimers);
  db_options.statistics = statistics;
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
  store->statistics_ = std::move(statistics);

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
  Store* raw = store.get();
  store->reclaimer_ = std::make_unique<SpaceReclaimer>(
      store->db_.get(), store->cf_->snapshot_data, [raw](uint64_t id) {
        const auto snapshot = raw->FindSnapshot(id);
        // When in doubt, keep: a failed read never triggers a compaction.
        return !snapshot.ok() || snapshot->has_value();
      });
  // Deletions of an earlier run whose space was not yet given back.
  store->reclaimer_->Wake();
  return store;
}

void Store::Reclaim() {
  if (reclaimer_ != nullptr) reclaimer_->Wake();
}

void Store::WaitForReclaim() {
  if (reclaimer_ != nullptr) reclaimer_->WaitIdle();
}

StoreStats Store::Stats() {
  StoreStats stats;
  const auto sum = [this](const std::string& property) {
    uint64_t total = 0;
    for (rocksdb::ColumnFamilyHandle* family : cf_->all) {
      uint64_t value = 0;
      if (db_->GetIntProperty(family, property, &value)) total += value;
    }
    return total;
  };
  stats.live_sst_bytes = sum(rocksdb::DB::Properties::kLiveSstFilesSize);
  stats.total_sst_bytes = sum(rocksdb::DB::Properties::kTotalSstFilesSize);
  stats.memtable_bytes = sum(rocksdb::DB::Properties::kCurSizeAllMemTables);
  stats.pending_compaction_bytes =
      sum(rocksdb::DB::Properties::kEstimatePendingCompactionBytes);
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kNumRunningCompactions,
                                &stats.running_compactions);
  if (statistics_ != nullptr) {
    stats.compaction_read_bytes =
        statistics_->getTickerCount(rocksdb::COMPACT_READ_BYTES);
    stats.compaction_write_bytes =
        statistics_->getTickerCount(rocksdb::COMPACT_WRITE_BYTES);
  }
  if (reclaimer_ != nullptr) {
    const ReclaimStats reclaim = reclaimer_->stats();
    stats.reclaim_passes = reclaim.passes;
    stats.reclaim_ranges_compacted = reclaim.ranges_compacted;
    stats.reclaim_seconds = reclaim.seconds;
  }
  return stats;
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
