// The RocksDB store: key layout, atomic commit, start-up sweep.
#include "server/store/store.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/snapshot_writer.h"
#include "server/store/store_keys.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

TEST(StoreKeysTest, IntegersAreBigEndianAndVarintsRoundTrip) {
  EXPECT_EQ(store_keys::SnapshotId(0x0102030405060708),
            std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_LT(store_keys::SnapshotId(255), store_keys::SnapshotId(256));
  for (uint64_t value : {uint64_t{0}, uint64_t{127}, uint64_t{128},
                         uint64_t{1} << 63, ~uint64_t{0}}) {
    std::string bytes;
    store_keys::AppendVarint(bytes, value);
    absl::string_view view(bytes);
    uint64_t decoded = 1;
    ASSERT_TRUE(store_keys::ReadVarint(view, decoded));
    EXPECT_EQ(decoded, value);
    EXPECT_TRUE(view.empty());
  }
  absl::string_view truncated("\x80", 1);
  uint64_t ignored;
  EXPECT_FALSE(store_keys::ReadVarint(truncated, ignored));
}

TEST(StoreKeysTest, TokenKeysParseBackAndSortByTokenThenRecord) {
  TokenKey token{};
  token[0] = 2;
  token[16] = 9;
  const std::string key = store_keys::TokenKey(7, token, 0x01020304);
  EXPECT_EQ(key.size(), store_keys::kTokenKeyBytes);
  TokenKey parsed{};
  uint32_t record = 0;
  ASSERT_TRUE(store_keys::ParseTokenKey(key, parsed, record));
  EXPECT_EQ(parsed, token);
  EXPECT_EQ(record, 0x01020304u);
  EXPECT_LT(key, store_keys::TokenKey(7, token, 0x01020305));
  EXPECT_LT(key, store_keys::SnapshotRangeEnd(7));
  EXPECT_FALSE(store_keys::ParseTokenKey("short", parsed, record));
}

v1::RecordBatch OneRecord(uint8_t token) {
  v1::RecordBatch batch;
  v1::Record* record = batch.add_records();
  record->set_record_id(std::string(16, 'a'));
  record->set_population_bits(1);
  v1::Token* t = record->add_tokens();
  t->set_kind(v1::KEY_KIND_NAME);
  t->set_value(std::string(15, '\0') + static_cast<char>(token));
  return batch;
}

storage::PartnershipRecord ActivePartnership() {
  storage::PartnershipRecord partnership;
  partnership.set_id("p1");
  partnership.set_inviter("a");
  partnership.set_invitee("b");
  partnership.set_state(v1::PARTNERSHIP_STATE_ACTIVE);
  return partnership;
}

storage::SnapshotRecord Pending(const std::string& party) {
  storage::SnapshotRecord snapshot;
  snapshot.set_partnership_id("p1");
  snapshot.set_party(party);
  snapshot.set_period("2026-11");
  snapshot.add_populations()->set_name("Customers");
  snapshot.set_record_count(1);
  return snapshot;
}

TEST(StoreTest, UploadCutOffByACrashIsSweptAtTheNextOpen) {
  TempDir dir;
  const std::string path = dir.path() + "/db";
  uint64_t pending_id = 0;
  {
    auto store = Store::Open(path, StoreOptions());
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->PutPartnership(ActivePartnership()).ok());
    auto writer = (*store)->BeginSnapshot(Pending("a"));
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(OneRecord(1)).ok());
    pending_id = (*writer)->snapshot_id();
    // The process "dies" here: no commit, no abandon.
  }
  auto store = Store::Open(path, StoreOptions());
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->sweep_stats().pending_snapshots_removed, 1u);
  auto snapshot = (*store)->FindSnapshot(pending_id);
  ASSERT_TRUE(snapshot.ok());
  EXPECT_FALSE(snapshot->has_value());
  // Its data is gone too: a snapshot of the same shape counts no overlap.
  storage::SnapshotRecord ghost = Pending("a");
  ghost.set_id(pending_id);
  auto counts =
      (*store)->ComputeOverlap(ghost, ghost, v1::MATCH_POLICY_STANDARD);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->a_overlap_total, 0u);
}

TEST(StoreTest, CommitIsRefusedWhenThePartnershipWasRevokedMeanwhile) {
  TempDir dir;
  auto store = Store::Open(dir.path() + "/db", StoreOptions());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutPartnership(ActivePartnership()).ok());
  auto writer = (*store)->BeginSnapshot(Pending("a"));
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(OneRecord(1)).ok());
  auto deleted = (*store)->DeletePartnership("p1");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 1u);  // the pending snapshot
  storage::SnapshotRecord snapshot = Pending("a");
  snapshot.set_id((*writer)->snapshot_id());
  auto files = (*writer)->Finish();
  ASSERT_TRUE(files.ok()) << files.status();
  auto committed = (*store)->CommitSnapshot(snapshot, *files);
  EXPECT_EQ(committed.status().code(), absl::StatusCode::kFailedPrecondition);
  auto heads = (*store)->Heads("p1", "a");
  ASSERT_TRUE(heads.ok());
  EXPECT_TRUE(heads->empty());
}

TEST(StoreTest, SelfOverlapOfACommittedSnapshotCountsItsRecords) {
  TempDir dir;
  auto store = Store::Open(dir.path() + "/db", StoreOptions());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutPartnership(ActivePartnership()).ok());
  auto writer = (*store)->BeginSnapshot(Pending("a"));
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(OneRecord(3)).ok());
  storage::SnapshotRecord snapshot = Pending("a");
  snapshot.set_id((*writer)->snapshot_id());
  auto files = (*writer)->Finish();
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->tokens.size(), 1u);
  EXPECT_EQ(files->records.size(), 1u);
  auto replaced = (*store)->CommitSnapshot(snapshot, *files);
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_FALSE(*replaced);
  auto counts =
      (*store)->ComputeOverlap(snapshot, snapshot, v1::MATCH_POLICY_STANDARD);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->a_overlap_total, 1u);
  EXPECT_THAT(counts->a_cells, ::testing::ElementsAre(1));
}

TEST(StoreTest, SecondOpenOfTheSameDatabaseIsRefusedCleanly) {
  TempDir dir;
  const std::string path = dir.path() + "/db";
  { ASSERT_TRUE(Store::Open(path, StoreOptions()).ok()); }
  // Opening twice in one process is refused by RocksDB's lock, with a clear
  // error rather than a crash.
  auto first = Store::Open(path, StoreOptions());
  ASSERT_TRUE(first.ok());
  auto second = Store::Open(path, StoreOptions());
  EXPECT_FALSE(second.ok());
  EXPECT_THAT(std::string(second.status().message()),
              ::testing::HasSubstr("opening the broker database"));
}

// `records` records of party "a" (ids and tokens derived from `variant`),
// committed as period 2026-11: replaces the previous one.
uint64_t CommitRecords(Store& store, int records, int variant,
                       uint64_t population_bits = 1) {
  storage::SnapshotRecord pending = Pending("a");
  pending.add_populations()->set_name("Prospects");
  pending.set_record_count(records);
  auto writer = store.BeginSnapshot(pending);
  EXPECT_TRUE(writer.ok()) << writer.status();
  v1::RecordBatch batch;
  for (int i = 0; i < records; ++i) {
    v1::Record* record = batch.add_records();
    std::string id = absl::StrCat("v", variant, "r", i);
    id.resize(16, '.');
    record->set_record_id(id);
    record->set_population_bits(i % 3 == 0 ? population_bits : 1);
    v1::Token* token = record->add_tokens();
    token->set_kind(v1::KEY_KIND_DOMAIN);
    std::string value = absl::StrCat("t", variant, "-", i);
    value.resize(16, '#');
    token->set_value(value);
  }
  EXPECT_TRUE((*writer)->Append(batch).ok());
  storage::SnapshotRecord snapshot = pending;
  snapshot.set_id((*writer)->snapshot_id());
  snapshot.set_token_count(records);
  auto files = (*writer)->Finish();
  EXPECT_TRUE(files.ok()) << files.status();
  EXPECT_TRUE(store.CommitSnapshot(snapshot, *files).ok());
  return snapshot.id();
}

TEST(StoreTest, ReplacedSnapshotsGiveTheirSpaceBackInTheBackground) {
  TempDir dir;
  auto store = Store::Open(dir.path() + "/db", StoreOptions());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutPartnership(ActivePartnership()).ok());
  CommitRecords(**store, 5000, 0);
  (*store)->WaitForReclaim();
  const uint64_t one = (*store)->Stats().live_sst_bytes;
  ASSERT_GT(one, 100'000u);
  for (int variant = 1; variant <= 5; ++variant) {
    CommitRecords(**store, 5000, variant);
  }
  (*store)->WaitForReclaim();
  const StoreStats stats = (*store)->Stats();
  // Six commits, one snapshot's worth of files (without the reclaim: six).
  EXPECT_LE(stats.live_sst_bytes, one * 3 / 2) << "one snapshot: " << one;
  EXPECT_GE(stats.reclaim_ranges_compacted, 5u);
  EXPECT_GE(stats.reclaim_passes, 1u);
}

TEST(StoreTest, RecordsInAMaskCountEachRecordOnce) {
  TempDir dir;
  auto store = Store::Open(dir.path() + "/db", StoreOptions());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutPartnership(ActivePartnership()).ok());
  // 30 records: 10 (i % 3 == 0) in both populations, 20 in the first only.
  const uint64_t id = CommitRecords(**store, 30, 0, /*population_bits=*/3);
  auto snapshot = (*store)->FindSnapshot(id);
  ASSERT_TRUE(snapshot.ok() && snapshot->has_value());
  EXPECT_EQ(*(*store)->CountRecordsIn(**snapshot, 0b11), 30u);  // no read
  EXPECT_EQ(*(*store)->CountRecordsIn(**snapshot, 0b01), 30u);
  EXPECT_EQ(*(*store)->CountRecordsIn(**snapshot, 0b10), 10u);
  EXPECT_EQ(*(*store)->CountRecordsIn(**snapshot, 0), 0u);
}

TEST(StoreTest, BackupTakenWhileOpenRestoresIntoAFreshDirectoryOnly) {
  TempDir dir;
  std::string backup;
  {
    auto store = Store::Open(dir.path() + "/db", StoreOptions());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->PutPartnership(ActivePartnership()).ok());
    CommitRecords(**store, 100, 0);
    auto taken = (*store)->Backup(dir.path() + "/backups");
    ASSERT_TRUE(taken.ok()) << taken.status();
    backup = taken->path;
    EXPECT_GT(taken->files, 3u);
    EXPECT_GT(taken->bytes, 1000u);
    CommitRecords(**store, 7, 1);  // after the backup: not in it
  }
  EXPECT_EQ(RestoreBackup(dir.path(), dir.path() + "/fresh").code(),
            absl::StatusCode::kInvalidArgument);  // not a backup...
  EXPECT_EQ(RestoreBackup(backup, dir.path() + "/db").code(),
            absl::StatusCode::kFailedPrecondition);  // ...and not fresh
  ASSERT_TRUE(RestoreBackup(backup, dir.path() + "/restored").ok());
  auto restored = Store::Open(dir.path() + "/restored", StoreOptions());
  ASSERT_TRUE(restored.ok()) << restored.status();
  auto heads = (*restored)->Heads("p1", "a");
  ASSERT_TRUE(heads.ok());
  ASSERT_EQ(heads->size(), 1u);
  auto snapshot = (*restored)->FindSnapshot(heads->begin()->second);
  ASSERT_TRUE(snapshot.ok() && snapshot->has_value());
  EXPECT_EQ((*snapshot)->record_count(), 100u);
}

TEST(StoreTest, ARevocationIsRememberedWithoutItsPartnership) {
  TempDir dir;
  auto store = Store::Open(dir.path() + "/db", StoreOptions());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutPartnership(ActivePartnership()).ok());
  v1::RevokedPartnership tombstone;
  tombstone.set_inviter("a");
  tombstone.set_invitee("b");
  tombstone.set_revoked_by("b");
  tombstone.set_revoked_at_unix(1795132800);
  ASSERT_TRUE((*store)->DeletePartnership("p1", &tombstone).ok());
  auto of_a = (*store)->RevocationsOf("a");
  ASSERT_TRUE(of_a.ok());
  ASSERT_EQ(of_a->size(), 1u);
  EXPECT_EQ((*of_a)[0].revoked_by(), "b");
  EXPECT_EQ((*of_a)[0].revoked_at_unix(), 1795132800);
  EXPECT_TRUE((*store)->RevocationsOf("c")->empty());
  ASSERT_TRUE((*store)->ForgetRevocation("b", "a").ok());  // either order
  EXPECT_TRUE((*store)->RevocationsOf("a")->empty());
}

}  // namespace
}  // namespace blindmap
