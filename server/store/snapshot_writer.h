// Builds one snapshot's records and tokens as SST files for ingestion.
#ifndef BLINDMAP_SERVER_STORE_SNAPSHOT_WRITER_H_
#define BLINDMAP_SERVER_STORE_SNAPSHOT_WRITER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "blindmap/v1/broker.pb.h"
#include "server/store/store_keys.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class SstFileWriter;
}  // namespace rocksdb

namespace blindmap {

// The SST files of a finished snapshot, ready for IngestExternalFiles().
// Either list may be empty (a snapshot without records).
struct SnapshotFiles {
  std::vector<std::string> tokens;
  std::vector<std::string> records;
  std::vector<std::string> record_index;
  std::vector<std::string> details;
};

// Created by Store::BeginSnapshot(). Numbers records densely in arrival
// order. Records and sealed details go straight into their SST files (their
// keys arrive in order); record ids are sorted into a record_index file at
// the end (20 bytes per record); token entries are buffered, sorted and
// written as one tokens SST file, spilling sorted runs to disk and merging them
// when a snapshot has more than `run_entries` tokens, so memory stays bounded
// (about 40 bytes per buffered token). Everything lives in `staging_dir`, which
// the store deletes after ingestion or abandonment (and sweeps at start-up).
//
// Validation of the records is the caller's job, except that malformed
// tokens are refused (INVALID_ARGUMENT) rather than stored. Does not own the
// database or column families. Not thread-safe.
class SnapshotWriter {
 public:
  static constexpr size_t kDefaultRunEntries = size_t{4} << 20;

  // The column families the files are for.
  struct Families {
    rocksdb::ColumnFamilyHandle* tokens = nullptr;
    rocksdb::ColumnFamilyHandle* records = nullptr;
    rocksdb::ColumnFamilyHandle* record_index = nullptr;
    rocksdb::ColumnFamilyHandle* details = nullptr;
  };

  SnapshotWriter(rocksdb::DB* db, Families families, uint64_t snapshot_id,
                 std::string staging_dir,
                 size_t run_entries = kDefaultRunEntries);
  ~SnapshotWriter();
  SnapshotWriter(const SnapshotWriter&) = delete;
  SnapshotWriter& operator=(const SnapshotWriter&) = delete;

  uint64_t snapshot_id() const { return snapshot_id_; }
  const std::string& staging_dir() const { return staging_dir_; }
  uint32_t records() const { return records_; }
  uint64_t tokens() const { return tokens_; }

  // Storage errors from FromRocksDb(); INVALID_ARGUMENT for a token that is
  // not 16 bytes.
  absl::Status Append(const v1::RecordBatch& batch);

  // Writes what is buffered and returns the files to ingest. The writer
  // must not be used afterwards.
  absl::StatusOr<SnapshotFiles> Finish();

 private:
  // One buffered token: its key without the snapshot prefix, and the value.
  struct TokenEntry {
    std::array<uint8_t, 21> key;  // kind, token, record index (big-endian)
    uint64_t populations;
    uint8_t flags;  // see store_keys::kTokenFlagVariant
  };

  absl::Status SpillRun();
  absl::Status WriteTokens(const std::vector<TokenEntry>& sorted,
                           const std::string& path);
  absl::StatusOr<std::string> MergeRuns();
  std::string FilePath(absl::string_view name) const;

  // A record id and its index, sorted into the record_index file.
  struct IndexEntry {
    std::array<char, 16> record_id;
    uint32_t index;
  };

  rocksdb::DB* const db_;
  const Families cf_;
  const uint64_t snapshot_id_;
  const std::string staging_dir_;
  const size_t run_entries_;
  std::unique_ptr<rocksdb::SstFileWriter> records_file_;
  std::unique_ptr<rocksdb::SstFileWriter> details_file_;
  std::vector<IndexEntry> record_ids_;
  std::vector<TokenEntry> buffer_;
  std::vector<std::string> runs_;
  uint32_t records_ = 0;
  uint64_t tokens_ = 0;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_STORE_SNAPSHOT_WRITER_H_
