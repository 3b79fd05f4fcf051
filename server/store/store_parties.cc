#include <set>

#include "absl/strings/str_cat.h"
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
using store_internal::AsView;
using store_internal::DeleteSnapshotInBatch;
using store_internal::ParseValue;
using store_internal::SyncWrite;

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

absl::StatusOr<uint64_t> Store::DeletePartnership(
    absl::string_view id, const v1::RevokedPartnership* tombstone) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(auto partnership, FindPartnership(id));
  if (!partnership.has_value()) {
    return absl::NotFoundError(absl::StrCat("no partnership ", id));
  }
  rocksdb::WriteBatch batch;
  ASSIGN_OR_RETURN(uint64_t deleted, AddPartnershipDeletion(batch, id));
  if (tombstone != nullptr) {
    batch.Put(
        cf_->meta,
        store_keys::RevocationKey(tombstone->inviter(), tombstone->invitee()),
        tombstone->SerializeAsString());
  }
  RETURN_IF_ERROR(
      FromRocksDb(db_->Write(SyncWrite(), &batch), "deleting a partnership"));
  Reclaim();
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
  RETURN_IF_ERROR(AddRevocationDeletions(batch, name));
  RETURN_IF_ERROR(
      FromRocksDb(db_->Write(SyncWrite(), &batch), "deleting a party"));
  Reclaim();
  return deletion;
}

}  // namespace blindmap
