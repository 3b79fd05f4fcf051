#include "client/batch_producer.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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

}  // namespace
}  // namespace blindmap
