// Tombstones of revoked partnerships: who revoked, and when, so that the
// other party learns it; nothing else of the partnership is kept.
#include <memory>
#include <string>
#include <vector>

#include "common/base/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "server/store/rocksdb_status.h"
#include "server/store/store.h"
#include "server/store/store_internal.h"
#include "server/store/store_keys.h"

namespace blindmap {

using store_internal::AsSlice;
using store_internal::ParseValue;
using store_internal::SyncWrite;

namespace {

// Calls `visit(key, tombstone)` for every tombstone; stops at an error.
template <typename Visit>
absl::Status ForEachRevocation(rocksdb::DB& db,
                               rocksdb::ColumnFamilyHandle* meta, Visit visit) {
  const rocksdb::Slice prefix = AsSlice(store_keys::kRevocationPrefix);
  std::unique_ptr<rocksdb::Iterator> it(
      db.NewIterator(rocksdb::ReadOptions(), meta));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    v1::RevokedPartnership tombstone;
    RETURN_IF_ERROR(
        ParseValue(it->value().ToString(), tombstone, "revoked partnership"));
    visit(it->key(), tombstone);
  }
  return FromRocksDb(it->status(), "reading revoked partnerships");
}

}  // namespace

absl::StatusOr<std::vector<v1::RevokedPartnership>> Store::RevocationsOf(
    absl::string_view party) {
  std::vector<v1::RevokedPartnership> found;
  RETURN_IF_ERROR(ForEachRevocation(
      *db_, cf_->meta,
      [&](const rocksdb::Slice&, const v1::RevokedPartnership& tombstone) {
        if (tombstone.inviter() == party || tombstone.invitee() == party) {
          found.push_back(tombstone);
        }
      }));
  return found;
}

absl::Status Store::ForgetRevocation(absl::string_view a, absl::string_view b) {
  return FromRocksDb(
      db_->Delete(SyncWrite(), cf_->meta, store_keys::RevocationKey(a, b)),
      "removing a revoked partnership");
}

absl::Status Store::AddRevocationDeletions(rocksdb::WriteBatch& batch,
                                           absl::string_view party) {
  return ForEachRevocation(
      *db_, cf_->meta,
      [&](const rocksdb::Slice& key, const v1::RevokedPartnership& tombstone) {
        if (tombstone.inviter() == party || tombstone.invitee() == party) {
          batch.Delete(cf_->meta, key);
        }
      });
}

}  // namespace blindmap
