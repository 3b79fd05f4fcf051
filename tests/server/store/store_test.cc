// The RocksDB store: key layout, atomic commit, start-up sweep.
#include "server/store/store.h"

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

}  // namespace
}  // namespace blindmap
