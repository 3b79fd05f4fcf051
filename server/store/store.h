// The broker's persistent state in RocksDB (see store_keys.h for the layout).
#ifndef BLINDMAP_SERVER_STORE_STORE_H_
#define BLINDMAP_SERVER_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/storage.pb.h"
#include "common/match/overlap.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class Statistics;
class WriteBatch;
}  // namespace rocksdb

namespace blindmap {

namespace storage = ::blindmap::v1::storage;

class SnapshotWriter;
class SpaceReclaimer;
struct SnapshotFiles;

struct StoreOptions {
  // Shared LRU cache for data, index and filter blocks.
  size_t block_cache_bytes = size_t{64} << 20;
  // Cap on all memtables together (RocksDB WriteBufferManager).
  size_t memtable_budget_bytes = size_t{256} << 20;
};

// What the broker knows of one record of a snapshot.
struct StoredRecord {
  uint64_t populations = 0;
  bool opted_in = false;    // explicitly, by its party
  bool has_detail = false;  // a sealed detail is stored (and not opted out)
};

// What removing a party deleted.
struct PartyDeletion {
  uint32_t partnerships = 0;
  uint64_t snapshots = 0;
};

// The database's size and work (Store::Stats()).
struct StoreStats {
  uint64_t live_sst_bytes = 0;   // SST files of the current version
  uint64_t total_sst_bytes = 0;  // all SST files, obsolete ones not yet gone
  uint64_t memtable_bytes = 0;
  uint64_t pending_compaction_bytes = 0;  // RocksDB's estimate
  uint64_t running_compactions = 0;
  uint64_t compaction_read_bytes = 0;   // since start
  uint64_t compaction_write_bytes = 0;  // since start
  uint64_t reclaim_passes = 0;
  uint64_t reclaim_ranges_compacted = 0;
  double reclaim_seconds = 0;
};

// A backup Store::Backup() made.
struct BackupInfo {
  std::string path;  // the backup's own directory
  uint64_t files = 0;
  uint64_t bytes = 0;
};

// Copies the backup in `backup` (a directory Store::Backup() made) to
// `db_dir`, which must not exist or be empty, and opens it once to check
// it. For `blindmapd restore`, with no broker running on `db_dir`.
// INVALID_ARGUMENT if `backup` is not a database backup,
// FAILED_PRECONDITION if `db_dir` holds files; the copy is written beside
// `db_dir` and renamed into place, so a failure leaves no half database.
absl::Status RestoreBackup(const std::string& backup,
                           const std::string& db_dir);

// What start-up found and removed.
struct SweepStats {
  uint64_t pending_snapshots_removed = 0;  // uploads cut off by a crash
  uint64_t orphan_ranges_removed = 0;      // token/record data without record
};

// Typed access to the broker's RocksDB database.
//
// Atomicity: every metadata change is one RocksDB WriteBatch written with
// sync, so a crash leaves either the old or the new state. Snapshot data is
// built as SST files in a staging directory (<dir>-staging/<snapshot id>)
// and ingested by CommitSnapshot() just before its commit record; Open()
// removes staging directories and the data of snapshots that never
// committed.
//
// Thread-safe. Changes that read before they write (commit, deletion,
// caching) are serialized by an internal mutex.
//
// Errors: NotFound / AlreadyExists / FailedPrecondition as documented per
// method; storage failures come from FromRocksDb().
//
// Implemented by what it stores: store.cc (opening, sweeping, the noise key,
// compaction), store_parties.cc (parties and partnerships, and deleting
// them), store_revocations.cc (tombstones of revoked partnerships),
// store_snapshots.cc (snapshots, records and details) and
// store_overlaps.cc (intersections, cached overlaps and history).
class Store {
 public:
  // Opens or creates the database in `dir` and sweeps abandoned snapshots.
  static absl::StatusOr<std::unique_ptr<Store>> Open(
      const std::string& dir, const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const SweepStats& sweep_stats() const { return sweep_stats_; }

  // Parties. CreateParty: AlreadyExistsError if the name is taken.
  absl::Status CreateParty(const storage::PartyRecord& party);
  absl::StatusOr<std::optional<storage::PartyRecord>> FindParty(
      absl::string_view name);
  absl::StatusOr<std::optional<std::string>> FindPartyByTokenHash(
      absl::string_view token_sha256);
  absl::StatusOr<std::vector<storage::PartyRecord>> ListParties();

  // Partnerships.
  absl::Status PutPartnership(const storage::PartnershipRecord& partnership);
  absl::StatusOr<std::optional<storage::PartnershipRecord>> FindPartnership(
      absl::string_view id);
  absl::StatusOr<std::vector<storage::PartnershipRecord>> ListPartnerships();
  // Deletes the partnership with every snapshot (committed or pending),
  // head and cached overlap of it, in one batch, and stores `tombstone` (if
  // given) in the same batch. Returns the number of snapshots deleted.
  // NotFoundError if there is no such partnership.
  absl::StatusOr<uint64_t> DeletePartnership(
      absl::string_view id, const v1::RevokedPartnership* tombstone = nullptr);
  // Tombstones of revoked partnerships (store_revocations.cc): one per pair
  // of parties, the latest; kept until the two partner again or one of them
  // is deleted (DeleteParty removes them). RevocationsOf: those `party` is
  // part of.
  absl::StatusOr<std::vector<v1::RevokedPartnership>> RevocationsOf(
      absl::string_view party);
  absl::Status ForgetRevocation(absl::string_view a, absl::string_view b);
  // Deletes the party, its credentials and every partnership it is part of
  // (as DeletePartnership), in one batch. NotFoundError if there is none.
  absl::StatusOr<PartyDeletion> DeleteParty(absl::string_view name);

  // Snapshots. BeginSnapshot assigns an id to `pending` (state PENDING) and
  // stores it; data then goes through the returned writer, whose Finish()
  // gives the files to commit.
  absl::StatusOr<std::unique_ptr<SnapshotWriter>> BeginSnapshot(
      storage::SnapshotRecord pending);
  // Ingests `files` and makes `snapshot` (its id from BeginSnapshot, its
  // counts filled in) the visible head for (partnership, party, period),
  // replacing and deleting the previous head in the same batch. Returns
  // whether one was replaced. FailedPreconditionError if the partnership is
  // gone or no longer active, or the pending snapshot was deleted meanwhile
  // (then nothing is ingested).
  absl::StatusOr<bool> CommitSnapshot(storage::SnapshotRecord snapshot,
                                      const SnapshotFiles& files);
  // Deletes a snapshot that will not be committed (pending or not), with
  // its staging directory.
  absl::Status AbandonSnapshot(uint64_t id);
  absl::StatusOr<std::optional<storage::SnapshotRecord>> FindSnapshot(
      uint64_t id);
  // Period -> snapshot id of the visible snapshots of one party in one
  // partnership.
  absl::StatusOr<std::map<std::string, uint64_t>> Heads(
      absl::string_view partnership_id, absl::string_view party);

  // Overlap of two committed snapshots, streaming both token ranges at one
  // consistent point in time; only populations in the `visible` masks count.
  absl::StatusOr<OverlapCounts> ComputeOverlap(
      const storage::SnapshotRecord& a, const storage::SnapshotRecord& b,
      v1::MatchPolicy policy, uint64_t a_visible = ~uint64_t{0},
      uint64_t b_visible = ~uint64_t{0}, const MatchSink& on_match = {});

  // How many records of committed snapshot `snapshot` belong to at least
  // one population of `mask` (all of them, without reading, when `mask`
  // covers every population of the snapshot).
  absl::StatusOr<uint64_t> CountRecordsIn(
      const storage::SnapshotRecord& snapshot, uint64_t mask);

  // Every record of a committed snapshot, by index.
  absl::StatusOr<std::vector<StoredRecord>> ReadRecords(
      const storage::SnapshotRecord& snapshot);
  absl::StatusOr<std::string> ReadRecordId(uint64_t snapshot, uint32_t index);
  // The sealed detail of a record, or nullopt if it has none.
  absl::StatusOr<std::optional<std::string>> ReadDetail(uint64_t snapshot,
                                                        uint32_t index);
  // Deletes the sealed details of `record_ids` in every visible snapshot of
  // (partnership, party). Returns how many were removed.
  absl::StatusOr<uint64_t> RemoveDetails(
      absl::string_view partnership_id, absl::string_view party,
      const std::vector<std::string>& record_ids);
  // The ids of `record_ids` that are in no visible snapshot of
  // (partnership, party), in the order given.
  absl::StatusOr<std::vector<std::string>> UnknownRecordIds(
      absl::string_view partnership_id, absl::string_view party,
      const std::vector<std::string>& record_ids);
  absl::StatusOr<std::optional<storage::OverlapRecord>> FindOverlap(
      uint64_t low, uint64_t high);
  // Caches `overlap` unless one of its snapshots was deleted meanwhile (then
  // it is silently dropped: it could never be read).
  absl::Status PutOverlap(const storage::OverlapRecord& overlap);

  // Superseding old periods: in one batch, stores `history` (the counts of
  // the periods being superseded) and deletes every snapshot of the
  // partnership whose period sorts before `period`, with its head, data and
  // cached overlaps. Returns the number of snapshots deleted (0, writing
  // nothing, if the partnership is gone).
  absl::StatusOr<uint64_t> SupersedePeriods(
      absl::string_view partnership_id, absl::string_view period,
      const std::vector<storage::HistoryRecord>& history);
  // The kept counts of superseded periods, oldest first.
  absl::StatusOr<std::vector<storage::HistoryRecord>> History(
      absl::string_view partnership_id);

  // How many record ids of committed snapshot `snapshot` fail `present`,
  // counting no further than `stop_at`.
  absl::StatusOr<uint64_t> CountRecordIdsMissing(
      uint64_t snapshot, const std::function<bool(absl::string_view)>& present,
      uint64_t stop_at);

  // The broker's secret key for count noise (created on first use, kept in
  // the database; never leaves the broker).
  absl::StatusOr<std::string> NoiseKey();

  // Test and benchmark hooks: flushes memtables and compacts every column
  // family so deleted data is physically gone from the files.
  absl::Status CompactAll();

  // A consistent copy of the whole database as it is now (a RocksDB
  // checkpoint: SST files hard-linked when `directory` is on the same file
  // system, copied otherwise), taken while the broker serves: in
  // <directory>/blindmapd-<UTC time> (created mode 0700; `directory` is
  // created if missing). The copy holds what the data directory holds
  // (tokens, record ids, sealed detail, credential hashes): keep it as
  // private. Uploads still streaming are not in it (their pending snapshots
  // are swept when it is restored). store_backup.cc.
  absl::StatusOr<BackupInfo> Backup(const std::string& directory);

  // The space of deleted snapshots is given back in the background after
  // each deletion (see SpaceReclaimer); this waits until that is done.
  void WaitForReclaim();
  // What the database holds and does, for the metrics endpoint: sizes from
  // RocksDB's properties, compaction work from its statistics, and the
  // reclaimer's passes.
  StoreStats Stats();

 private:
  struct Families;

  Store(std::unique_ptr<rocksdb::DB> db, std::unique_ptr<Families> families,
        std::string staging_root);
  std::string StagingDir(uint64_t id) const;
  absl::Status Sweep();
  // Adds the deletion of partnership `id` with all its data to `batch`;
  // returns the number of snapshots it deletes. Requires mutex_.
  absl::StatusOr<uint64_t> AddPartnershipDeletion(rocksdb::WriteBatch& batch,
                                                  absl::string_view id);
  absl::StatusOr<bool> SnapshotExists(uint64_t id);
  // Adds to `batch` the deletion of every tombstone `party` is part of.
  absl::Status AddRevocationDeletions(rocksdb::WriteBatch& batch,
                                      absl::string_view party);
  // Adds to `batch` the deletion of every cached overlap one of whose
  // snapshots is `doomed`.
  absl::Status AddOverlapDeletions(rocksdb::WriteBatch& batch,
                                   const std::function<bool(uint64_t)>& doomed);

  // Asks the reclaimer for a pass after snapshots were deleted.
  void Reclaim();

  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<Families> cf_;
  // Runs against db_; destroyed first.
  std::unique_ptr<SpaceReclaimer> reclaimer_;
  std::shared_ptr<rocksdb::Statistics> statistics_;
  const std::string staging_root_;
  SweepStats sweep_stats_;
  absl::Mutex mutex_;  // serializes read-modify-write of metadata
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_STORE_STORE_H_
