#include "server/snapshot_writer.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <queue>

#include "absl/strings/str_cat.h"
#include "common/match_rule.h"
#include "common/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/sst_file_reader.h"
#include "rocksdb/sst_file_writer.h"
#include "server/rocksdb_status.h"

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

SnapshotWriter::SnapshotWriter(rocksdb::DB* db,
                               rocksdb::ColumnFamilyHandle* tokens,
                               rocksdb::ColumnFamilyHandle* records,
                               uint64_t snapshot_id, std::string staging_dir,
                               size_t run_entries)
    : db_(db),
      tokens_cf_(tokens),
      records_cf_(records),
      snapshot_id_(snapshot_id),
      staging_dir_(std::move(staging_dir)),
      run_entries_(std::max<size_t>(run_entries, 1)) {}

SnapshotWriter::~SnapshotWriter() = default;

std::string SnapshotWriter::FilePath(absl::string_view name) const {
  return absl::StrCat(staging_dir_, "/", name);
}

absl::Status SnapshotWriter::Append(const v1::RecordBatch& batch) {
  if (records_file_ == nullptr) {
    records_file_ = NewFileWriter(db_, records_cf_);
    RETURN_IF_ERROR(FromRocksDb(records_file_->Open(FilePath("records.sst")),
                                "creating a snapshot's records file"));
  }
  std::string value;
  for (const v1::Record& record : batch.records()) {
    const uint32_t index = records_++;
    value.clear();
    store_keys::AppendVarint(value, record.population_bits());
    RETURN_IF_ERROR(FromRocksDb(
        records_file_->Put(store_keys::RecordKey(snapshot_id_, index),
                           absl::StrCat(record.record_id(), value)),
        "writing a snapshot's records file"));
    uint8_t record_ids = 0;
    for (const v1::Token& token : record.tokens()) {
      record_ids |= IdKindBit(token.kind());
    }
    for (const v1::Token& token : record.tokens()) {
      if (token.value().size() != kTokenValueBytes) {
        return absl::InvalidArgumentError("token value must be 16 bytes");
      }
      // A name variant is stored as a name, so it meets the other side's
      // names; the flag keeps it apart for the match rule.
      const bool variant = token.kind() == v1::KEY_KIND_NAME_VARIANT;
      TokenEntry& entry = buffer_.emplace_back();
      entry.key[0] =
          static_cast<uint8_t>(variant ? v1::KEY_KIND_NAME : token.kind());
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
  auto writer = NewFileWriter(db_, tokens_cf_);
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
                                 db_->GetOptions(tokens_cf_));
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
  auto writer = NewFileWriter(db_, tokens_cf_);
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
