#include "tests/support/raw_database.h"

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "server/store/store_keys.h"

namespace blindmap {

RawDatabase::RawDatabase(const std::string& dir) {
  std::vector<std::string> names;
  rocksdb::Status status =
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names);
  EXPECT_TRUE(status.ok()) << status.ToString();
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  rocksdb::DB* db = nullptr;
  status =
      rocksdb::DB::Open(rocksdb::Options(), dir, descriptors, &handles_, &db);
  EXPECT_TRUE(status.ok()) << status.ToString();
  db_.reset(db);
  for (size_t i = 0; i < handles_.size(); ++i) family_[names[i]] = i;
}

RawDatabase::~RawDatabase() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle);
  }
  db_->Close();
}

std::map<std::string, std::string> RawDatabase::Scan(
    const std::string& family, const std::string& prefix) {
  std::map<std::string, std::string> out;
  if (db_ == nullptr) return out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), Handle(family)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    out.emplace(it->key().ToString(), it->value().ToString());
  }
  return out;
}

void RawDatabase::Put(const std::string& family, const std::string& key,
                      const std::string& value) {
  ASSERT_NE(db_, nullptr);
  ASSERT_TRUE(
      db_->Put(rocksdb::WriteOptions(), Handle(family), key, value).ok());
}

std::vector<std::pair<std::string, std::string>> RawDatabase::Details(
    const std::string& partnership, const std::string& party) {
  const auto heads = Scan("heads", store_keys::HeadPrefix(partnership, party));
  EXPECT_EQ(heads.size(), 1u);
  if (heads.size() != 1) return {};
  const uint64_t snapshot = store_keys::ReadU64(heads.begin()->second);
  const auto details = Scan("details", store_keys::SnapshotId(snapshot));
  return {details.begin(), details.end()};
}

std::vector<Needle> RawDatabase::SnapshotData(const std::string& partnership,
                                              const std::string& period) {
  std::vector<Needle> needles;
  for (const auto& [head, id] :
       Scan("heads", store_keys::HeadPrefix(partnership))) {
    // Heads are partnership \0 party \0 period.
    if (!period.empty() &&
        head.compare(head.size() - period.size(), period.size(), period) != 0) {
      continue;
    }
    const std::string prefix = store_keys::SnapshotId(store_keys::ReadU64(id));
    for (const auto& [key, value] : Scan("tokens", prefix)) {
      // SST blocks store a key's prefix shared with the previous key only
      // once, so the needle is the token's last 14 bytes: two sorted
      // random tokens share more than 2 leading bytes with p = 2^-24.
      AddNeedle(needles, key.substr(store_keys::kSnapshotIdBytes + 3, 14),
                "token");
    }
    for (const auto& [key, value] : Scan("records", prefix)) {
      AddNeedle(needles, value.substr(0, store_keys::kRecordIdBytes),
                "record id");
    }
    for (const auto& [key, value] : Scan("details", prefix)) {
      AddNeedle(needles, value, "sealed detail");
    }
  }
  return needles;
}

rocksdb::ColumnFamilyHandle* RawDatabase::Handle(const std::string& family) {
  return handles_[family_.at(family)];
}

}  // namespace blindmap
