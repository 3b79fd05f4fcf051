#include "client/sync/batch_producer.h"

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/sync/upload_pieces.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

std::vector<ExportedAccount> Accounts(int n) {
  std::vector<ExportedAccount> accounts(n);
  for (int i = 0; i < n; ++i) {
    accounts[i].row = i + 2;
    accounts[i].account_id = absl::StrCat("id-", i);
    accounts[i].populations = 1 + (i % 2);
    accounts[i].name_key = absl::StrCat("company ", i);
    if (i % 3 == 0) accounts[i].domain_keys = {absl::StrCat("c", i, ".com")};
  }
  return accounts;
}

std::unique_ptr<SnapshotTokenizer> Tokenizer() {
  auto tokenizer = SnapshotTokenizer::Create(
      std::string(32, 't'), std::string(32, 'r'), "p1", "2026-11");
  EXPECT_TRUE(tokenizer.ok());
  return std::move(tokenizer).value();
}

TEST(BatchProducerTest, DeliversEveryRecordOnceInOrderAsOneThreadWould) {
  const std::vector<ExportedAccount> accounts = Accounts(1003);
  v1::RecordBatch expected;
  auto single = Tokenizer();
  for (const ExportedAccount& account : accounts) {
    ASSERT_TRUE(single->Add(account, expected).ok());
  }

  for (int workers : {1, 2, 3}) {
    std::vector<std::unique_ptr<SnapshotTokenizer>> tokenizers;
    for (int w = 0; w < workers; ++w) tokenizers.push_back(Tokenizer());
    BatchProducer producer(accounts, std::move(tokenizers), 10);
    v1::RecordBatch batch;
    std::vector<int> sizes;
    int index = 0;
    while (producer.Next(batch)) {
      sizes.push_back(batch.records_size());
      for (const v1::Record& record : batch.records()) {
        ASSERT_LT(index, expected.records_size());
        EXPECT_EQ(record.SerializeAsString(),
                  expected.records(index).SerializeAsString())
            << "record " << index << " with " << workers << " workers";
        ++index;
      }
    }
    EXPECT_EQ(index, 1003);
    ASSERT_EQ(sizes.size(), 101u);
    EXPECT_EQ(sizes.front(), 10);
    EXPECT_EQ(sizes.back(), 3);
    EXPECT_FALSE(producer.Next(batch));
  }
}

TEST(BatchProducerTest, NoAccountsGiveNoBatchesAndStoppingEarlyJoins) {
  const std::vector<ExportedAccount> none;
  std::vector<std::unique_ptr<SnapshotTokenizer>> tokenizers;
  tokenizers.push_back(Tokenizer());
  BatchProducer empty(none, std::move(tokenizers), 10);
  v1::RecordBatch batch;
  EXPECT_FALSE(empty.Next(batch));

  // Destroyed after one batch while workers wait on full slots.
  const std::vector<ExportedAccount> many = Accounts(500);
  std::vector<std::unique_ptr<SnapshotTokenizer>> two;
  two.push_back(Tokenizer());
  two.push_back(Tokenizer());
  auto producer = std::make_unique<BatchProducer>(many, std::move(two), 5);
  ASSERT_TRUE(producer->Next(batch));
  EXPECT_EQ(batch.records_size(), 5);
  producer.reset();
}

// A record whose id is `n` and whose sealed detail is `detail_bytes` long.
v1::Record SizedRecord(int n, size_t detail_bytes) {
  v1::Record record;
  record.set_record_id(absl::StrCat("record-", n));
  record.set_population_bits(1);
  record.set_sealed_detail(std::string(detail_bytes, 'd'));
  return record;
}

TEST(SplitBatchTest, PiecesStayUnderTheLimitAndKeepEveryRecordInOrder) {
  v1::RecordBatch batch;
  for (int n = 0; n < 100; ++n) *batch.add_records() = SizedRecord(n, 1000);
  constexpr size_t kLimit = 10'000;
  const std::vector<v1::RecordBatch> pieces = SplitBatch(batch, kLimit);
  EXPECT_EQ(batch.records_size(), 0);
  // About 1,020 bytes a record: 9 fit under 10,000 bytes, so 12 pieces.
  ASSERT_EQ(pieces.size(), 12u);
  int next = 0;
  for (const v1::RecordBatch& piece : pieces) {
    v1::UploadSnapshotRequest request;
    *request.mutable_batch() = piece;
    EXPECT_LE(request.ByteSizeLong(), kLimit);
    EXPECT_GE(piece.records_size(), 1);
    for (const v1::Record& record : piece.records()) {
      EXPECT_EQ(record.record_id(), absl::StrCat("record-", next++));
      EXPECT_EQ(record.sealed_detail().size(), 1000u);
    }
  }
  EXPECT_EQ(next, 100);
  EXPECT_EQ(pieces[0].records_size(), 9);
  EXPECT_EQ(pieces[11].records_size(), 1);
}

TEST(SplitBatchTest, ARecordLargerThanTheLimitTravelsAlone) {
  v1::RecordBatch batch;
  *batch.add_records() = SizedRecord(0, 10);
  *batch.add_records() = SizedRecord(1, 5000);
  *batch.add_records() = SizedRecord(2, 10);
  const std::vector<v1::RecordBatch> pieces = SplitBatch(batch, 4096);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[1].records(0).record_id(), "record-1");
  EXPECT_EQ(pieces[2].records(0).record_id(), "record-2");
}

}  // namespace
}  // namespace blindmap
