// Raw access to a stopped broker's RocksDB, as an attacker with the broker's
// disk would have: to read what is stored and to alter it.
#ifndef BLINDMAP_TESTS_SUPPORT_RAW_DATABASE_H_
#define BLINDMAP_TESTS_SUPPORT_RAW_DATABASE_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/file_scan.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace blindmap {

class RawDatabase {
 public:
  // Opens every column family of the database in `dir` (test failure if it
  // cannot).
  explicit RawDatabase(const std::string& dir);
  ~RawDatabase();
  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;

  // Key -> value of every entry of `family` whose key starts with `prefix`.
  std::map<std::string, std::string> Scan(const std::string& family,
                                          const std::string& prefix);
  void Put(const std::string& family, const std::string& key,
           const std::string& value);

  // The sealed details of `party`'s visible snapshot in `partnership`, by
  // record index (the order of the party's export).
  std::vector<std::pair<std::string, std::string>> Details(
      const std::string& partnership, const std::string& party);

  // Every byte string that belongs to the snapshots of `partnership`
  // (only those of `period` when given): tokens, record ids and sealed
  // details.
  std::vector<Needle> SnapshotData(const std::string& partnership,
                                   const std::string& period = "");

 private:
  rocksdb::ColumnFamilyHandle* Handle(const std::string& family);

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::map<std::string, size_t> family_;
};

}  // namespace blindmap

#endif  // BLINDMAP_TESTS_SUPPORT_RAW_DATABASE_H_
