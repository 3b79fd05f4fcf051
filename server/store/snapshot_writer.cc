#include "server/store/snapshot_writer.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <queue>

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/match/match_rule.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/sst_file_reader.h"
#include "rocksdb/sst_file_writer.h"
#include "server/store/rocksdb_status.h"

namespace blindmap {
namespace {

constexpr size_t kTokenValueBytes = 16;

rocksdb::Slice AsSlice(const std::string& s) { return {s.data(), s.size()}; }

std::unique_ptr<rocksdb::SstFileWriter> NewFileWriter(
    rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family) {
  const rocksdb::Options options(db->GetDBOptions(), db->GetOptions(family));
  return std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(),
                                                  options, family);
}

}  // namespace

SnapshotWriter::SnapshotWriter(rocksdb::DB* db, Families families,
                               uint64_t snapshot_id, std::string staging_dir,
                               size_t run_entries)
    : db_(db),
      cf_(families),
      snapshot_id_(snapshot_id),
      staging_dir_(std::move(staging_dir)),
      run_entries_(std::max<size_t>(run_entries, 1)) {}

SnapshotWriter::~SnapshotWriter() = default;

std::string SnapshotWriter::FilePath(absl::string_view name) const {
  return absl::StrCat(staging_dir_, "/", name);
}

absl::Status SnapshotWriter::Append(const v1::RecordBatch& batch) {
  if (records_file_ == nullptr) {
    records_file_ = NewFileWriter(db_, cf_.records);
    RETURN_IF_ERROR(FromRocksDb(records_file_->Open(FilePath("records.sst")),
                                "creating a snapshot's records file"));
  }
  std::string value;
  for (const v1::Record& record : batch.records()) {
    if (record.record_id().size() != store_keys::kRecordIdBytes) {
      return absl::InvalidArgumentError("record_id must be 16 bytes");
    }
    const uint32_t index = records_++;
    value.clear();
    store_keys::AppendVarint(value, record.population_bits());
    value.push_back(static_cast<char>(
        record.opted_in() ? store_keys::kRecordFlagOptedIn : 0));
    RETURN_IF_ERROR(FromRocksDb(
        records_file_->Put(store_keys::RecordKey(snapshot_id_, index),
                           absl::StrCat(record.record_id(), value)),
        "writing a snapshot's records file"));
    IndexEntry& id_entry = record_ids_.emplace_back();
    std::memcpy(id_entry.record_id.data(), record.record_id().data(),
                id_entry.record_id.size());
    id_entry.index = index;
    if (!record.sealed_detail().empty()) {
      if (details_file_ == nullptr) {
        details_file_ = NewFileWriter(db_, cf_.details);
        RETURN_IF_ERROR(
            FromRocksDb(details_file_->Open(FilePath("details.sst")),
                        "creating a snapshot's details file"));
      }
      RETURN_IF_ERROR(FromRocksDb(
          details_file_->Put(store_keys::RecordKey(snapshot_id_, index),
                             record.sealed_detail()),
          "writing a snapshot's details file"));
    }
    uint8_t record_ids = 0;
    for (const v1::Token& token : record.tokens()) {
      record_ids |= RecordEvidenceBit(token.kind());
    }
    for (const v1::Token& token : record.tokens()) {
      if (token.value().size() != kTokenValueBytes) {
        return absl::InvalidArgumentError("token value must be 16 bytes");
      }
      // A variant is stored as its base kind (a name variant as a name),
      // so it meets the other side's keys; the flag keeps it apart for the
      // match rule.
      const bool variant = IsVariantKind(token.kind());
      TokenEntry& entry = buffer_.emplace_back();
      entry.key[0] = static_cast<uint8_t>(StoredKind(token.kind()));
      std::memcpy(&entry.key[1], token.value().data(), kTokenValueBytes);
      for (int i = 0; i < 4; ++i) {
        entry.key[17 + i] = static_cast<uint8_t>(index >> (24 - 8 * i));
      }
      entry.populations = record.population_bits();
      entry.flags = static_cast<uint8_t>(
          record_ids | (variant ? store_keys::kTokenFlagVariant : 0));
      ++tokens_;
    }
    if (buffer_.size() >= run_entries_) RETURN_IF_ERROR(SpillRun());
  }
  return absl::OkStatus();
}

absl::Status SnapshotWriter::WriteTokens(const std::vector<TokenEntry>& sorted,
                                         const std::string& path) {
  auto writer = NewFileWriter(db_, cf_.tokens);
  RETURN_IF_ERROR(FromRocksDb(writer->Open(path), "creating a tokens file"));
  std::string key = store_keys::SnapshotId(snapshot_id_);
  const size_t prefix = key.size();
  std::string value;
  for (size_t i = 0; i < sorted.size(); ++i) {
    // A record carrying the same token twice stores it once.
    if (i > 0 && sorted[i].key == sorted[i - 1].key) continue;
    key.resize(prefix);
    key.append(reinterpret_cast<const char*>(sorted[i].key.data()),
               sorted[i].key.size());
    value.clear();
    store_keys::AppendVarint(value, sorted[i].populations);
    value.push_back(static_cast<char>(sorted[i].flags));
    RETURN_IF_ERROR(FromRocksDb(writer->Put(AsSlice(key), AsSlice(value)),
                                "writing a tokens file"));
  }
  return FromRocksDb(writer->Finish(), "finishing a tokens file");
}

absl::Status SnapshotWriter::SpillRun() {
  if (buffer_.empty()) return absl::OkStatus();
  std::sort(buffer_.begin(), buffer_.end(),
            [](const TokenEntry& x, const TokenEntry& y) {
              // Equal keys (a name equal to its own variant): the name,
              // without the variant flag, sorts first and is the one kept.
              const int order =
                  std::memcmp(x.key.data(), y.key.data(), x.key.size());
              return order != 0 ? order < 0 : x.flags < y.flags;
            });
  const std::string path = FilePath(absl::StrCat("run-", runs_.size(), ".sst"));
  RETURN_IF_ERROR(WriteTokens(buffer_, path));
  runs_.push_back(path);
  buffer_.clear();
  return absl::OkStatus();
}

absl::StatusOr<std::string> SnapshotWriter::MergeRuns() {
  const rocksdb::Options options(db_->GetDBOptions(),
                                 db_->GetOptions(cf_.tokens));
  std::vector<std::unique_ptr<rocksdb::SstFileReader>> readers;
  std::vector<std::unique_ptr<rocksdb::Iterator>> its;
  for (const std::string& run : runs_) {
    readers.push_back(std::make_unique<rocksdb::SstFileReader>(options));
    RETURN_IF_ERROR(
        FromRocksDb(readers.back()->Open(run), "opening a tokens run"));
    its.emplace_back(readers.back()->NewIterator(rocksdb::ReadOptions()));
    its.back()->SeekToFirst();
  }
  // Smallest current key first.
  auto later = [&its](size_t x, size_t y) {
    return its[x]->key().compare(its[y]->key()) > 0;
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(later)> heap(later);
  for (size_t i = 0; i < its.size(); ++i) {
    if (its[i]->Valid()) heap.push(i);
  }
  const std::string path = FilePath("tokens.sst");
  auto writer = NewFileWriter(db_, cf_.tokens);
  RETURN_IF_ERROR(FromRocksDb(writer->Open(path), "creating a tokens file"));
  std::string previous;
  while (!heap.empty()) {
    const size_t i = heap.top();
    heap.pop();
    if (previous.empty() || its[i]->key().ToString() != previous) {
      previous = its[i]->key().ToString();
      RETURN_IF_ERROR(FromRocksDb(writer->Put(its[i]->key(), its[i]->value()),
                                  "merging tokens runs"));
    }
    its[i]->Next();
    if (its[i]->Valid()) {
      heap.push(i);
    } else {
      RETURN_IF_ERROR(FromRocksDb(its[i]->status(), "reading a tokens run"));
    }
  }
  RETURN_IF_ERROR(FromRocksDb(writer->Finish(), "finishing a tokens file"));
  its.clear();
  readers.clear();
  for (const std::string& run : runs_) std::filesystem::remove(run);
  runs_.clear();
  return path;
}

absl::StatusOr<SnapshotFiles> SnapshotWriter::Finish() {
  SnapshotFiles files;
  if (records_file_ != nullptr && records_ > 0) {
    RETURN_IF_ERROR(FromRocksDb(records_file_->Finish(),
                                "finishing a snapshot's records file"));
    files.records.push_back(FilePath("records.sst"));
  }
  records_file_.reset();
  if (details_file_ != nullptr) {
    RETURN_IF_ERROR(FromRocksDb(details_file_->Finish(),
                                "finishing a snapshot's details file"));
    files.details.push_back(FilePath("details.sst"));
    details_file_.reset();
  }
  if (!record_ids_.empty()) {
    std::sort(record_ids_.begin(), record_ids_.end(),
              [](const IndexEntry& x, const IndexEntry& y) {
                // Bytewise, as RocksDB orders keys (char may be signed).
                return std::memcmp(x.record_id.data(), y.record_id.data(),
                                   x.record_id.size()) < 0;
              });
    auto writer = NewFileWriter(db_, cf_.record_index);
    const std::string path = FilePath("record_index.sst");
    RETURN_IF_ERROR(FromRocksDb(writer->Open(path), "creating a record index"));
    std::string value;
    for (const IndexEntry& entry : record_ids_) {
      value.clear();
      store_keys::AppendU32(value, entry.index);
      RETURN_IF_ERROR(FromRocksDb(
          writer->Put(
              store_keys::RecordIndexKey(
                  snapshot_id_, absl::string_view(entry.record_id.data(),
                                                  entry.record_id.size())),
              value),
          "writing a record index"));
    }
    RETURN_IF_ERROR(FromRocksDb(writer->Finish(), "finishing a record index"));
    files.record_index.push_back(path);
    std::vector<IndexEntry>().swap(record_ids_);
  }
  if (runs_.empty()) {
    if (!buffer_.empty()) {
      RETURN_IF_ERROR(SpillRun());
      const std::string path = FilePath("tokens.sst");
      std::filesystem::rename(runs_.front(), path);
      runs_.clear();
      files.tokens.push_back(path);
    }
  } else {
    RETURN_IF_ERROR(SpillRun());
    ASSIGN_OR_RETURN(std::string merged, MergeRuns());
    files.tokens.push_back(merged);
  }
  std::vector<TokenEntry>().swap(buffer_);
  return files;
}

}  // namespace blindmap
