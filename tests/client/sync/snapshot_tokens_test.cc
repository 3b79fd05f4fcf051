#include "client/sync/snapshot_tokens.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/crm/crm_export.h"
#include "common/crypto/crypto.h"
#include "common/crypto/key_schedule.h"
#include "common/crypto/partnership_secret.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

// The fixed secret of tests/common/crypto/partnership_secret_test.cc (bytes
// 0x00..0x1f).
constexpr char kSecretText[] =
    "bm1-000G-40R4-0M30-E209-185G-R38E-1W81-24GK-2GAH-C5RR-34D1-P70X-3RFT-WXM1";
constexpr char kPartnership[] = "p-acme-globex";
constexpr char kPeriod[] = "2026-11";

std::string TokenKeyFor(absl::string_view period) {
  absl::StatusOr<PartnershipSecret> secret =
      PartnershipSecret::FromText(kSecretText);
  EXPECT_TRUE(secret.ok()) << secret.status();
  if (!secret.ok()) return "";
  absl::StatusOr<std::string> key = KeySchedule(*secret).TokenKey(period);
  EXPECT_TRUE(key.ok()) << key.status();
  return key.ok() ? *key : "";
}

const std::string& RecordKey() {
  static const std::string* const key = new std::string(32, '\x5a');
  return *key;
}

std::unique_ptr<SnapshotTokenizer> Tokenizer(
    absl::string_view period = kPeriod,
    absl::string_view partnership = kPartnership,
    const std::string& record_key = RecordKey()) {
  absl::StatusOr<std::unique_ptr<SnapshotTokenizer>> tokenizer =
      SnapshotTokenizer::Create(TokenKeyFor(period), record_key, partnership,
                                period);
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status();
  return tokenizer.ok() ? *std::move(tokenizer) : nullptr;
}

ExportedAccount Account(std::string id, std::string name,
                        std::vector<std::string> domains,
                        uint64_t populations = 0b1) {
  ExportedAccount account;
  account.row = 2;
  account.account_id = std::move(id);
  account.populations = populations;
  account.name_key = std::move(name);
  account.domain_keys = std::move(domains);
  return account;
}

// The first 16 bytes of HMAC-SHA256(key, data).
std::string Hmac16(absl::string_view key, absl::string_view data) {
  absl::StatusOr<std::string> mac = HmacSha256(key, data);
  EXPECT_TRUE(mac.ok()) << mac.status();
  return mac.ok() ? mac->substr(0, 16) : "";
}

std::string AsBytes(const TruncatedHmac::Output& output) {
  return std::string(reinterpret_cast<const char*>(output.data()),
                     output.size());
}

// The record id `tokenizer` gives the account `id`.
std::string RecordId(SnapshotTokenizer& tokenizer, const std::string& id) {
  v1::RecordBatch batch;
  EXPECT_TRUE(tokenizer.Add(Account(id, "acme", {}), batch).ok());
  return batch.records(0).record_id();
}

TEST(SnapshotTokenizerTest, EmptyKeysAreInvalid) {
  EXPECT_EQ(SnapshotTokenizer::Create("", RecordKey(), kPartnership, kPeriod)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      SnapshotTokenizer::Create(TokenKeyFor(kPeriod), "", kPartnership, kPeriod)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(SnapshotTokenizerTest, OneRecordPerAccountWithNameThenDomainTokens) {
  std::unique_ptr<SnapshotTokenizer> tokenizer = Tokenizer();
  ASSERT_NE(tokenizer, nullptr);
  v1::RecordBatch batch;
  ASSERT_TRUE(
      tokenizer
          ->Add(Account("001A", "acme", {"acme.com", "acme.de"}, 0b101), batch)
          .ok());
  ASSERT_TRUE(
      tokenizer->Add(Account("001B", "", {"globex.de"}, 0b10), batch).ok());
  ASSERT_EQ(batch.records_size(), 2);

  const v1::Record& acme = batch.records(0);
  EXPECT_EQ(acme.record_id().size(), 16u);
  EXPECT_EQ(acme.population_bits(), 0b101u);
  ASSERT_EQ(acme.tokens_size(), 3);
  EXPECT_EQ(acme.tokens(0).kind(), v1::KEY_KIND_NAME);
  EXPECT_EQ(acme.tokens(1).kind(), v1::KEY_KIND_DOMAIN);
  EXPECT_EQ(acme.tokens(2).kind(), v1::KEY_KIND_DOMAIN);
  for (const v1::Token& token : acme.tokens()) {
    EXPECT_EQ(token.value().size(), 16u);
  }
  EXPECT_NE(acme.tokens(1).value(), acme.tokens(2).value());

  const v1::Record& globex = batch.records(1);
  EXPECT_EQ(globex.population_bits(), 0b10u);
  ASSERT_EQ(globex.tokens_size(), 1);  // no name key: domain only
  EXPECT_EQ(globex.tokens(0).kind(), v1::KEY_KIND_DOMAIN);
  EXPECT_NE(globex.record_id(), acme.record_id());
}

TEST(SnapshotTokenizerTest, TokenIsTruncatedHmacOfKindByteAndValue) {
  const std::string token_key = TokenKeyFor(kPeriod);
  ASSERT_EQ(token_key.size(), 32u);
  std::unique_ptr<SnapshotTokenizer> tokenizer = Tokenizer();
  ASSERT_NE(tokenizer, nullptr);
  v1::RecordBatch batch;
  ASSERT_TRUE(
      tokenizer->Add(Account("001A", "acme holdings", {"acme.com"}), batch)
          .ok());
  ASSERT_EQ(batch.records(0).tokens_size(), 2);
  // A name is hashed without its spaces (Bone Daddies = BoneDaddies, #15).
  EXPECT_EQ(batch.records(0).tokens(0).value(),
            Hmac16(token_key, std::string("\x01") + "acmeholdings"));
  EXPECT_EQ(batch.records(0).tokens(1).value(),
            Hmac16(token_key, std::string("\x02") + "acme.com"));
  EXPECT_EQ(AsBytes(tokenizer->Token(v1::KEY_KIND_DUNS, "150483782")),
            Hmac16(token_key, std::string("\x03") + "150483782"));
}

TEST(SnapshotTokenizerTest, TokensAreDeterministicAndDifferAcrossKeysAndKinds) {
  std::unique_ptr<SnapshotTokenizer> first = Tokenizer();
  std::unique_ptr<SnapshotTokenizer> second = Tokenizer();
  std::unique_ptr<SnapshotTokenizer> next_month = Tokenizer("2026-12");
  ASSERT_TRUE(first && second && next_month);
  const std::string acme = AsBytes(first->Token(v1::KEY_KIND_NAME, "acme"));
  EXPECT_EQ(AsBytes(first->Token(v1::KEY_KIND_NAME, "acme")), acme);
  EXPECT_EQ(AsBytes(second->Token(v1::KEY_KIND_NAME, "acme")), acme);
  EXPECT_NE(AsBytes(next_month->Token(v1::KEY_KIND_NAME, "acme")), acme);
  EXPECT_NE(AsBytes(first->Token(v1::KEY_KIND_NAME, "acme2")), acme);
  EXPECT_NE(AsBytes(first->Token(v1::KEY_KIND_DOMAIN, "acme")), acme);
  // The partnership id and record key do not enter the tokens: both
  // partners must get the same token for the same key.
  std::unique_ptr<SnapshotTokenizer> other_side =
      Tokenizer(kPeriod, "p-other", std::string(32, '\x01'));
  ASSERT_NE(other_side, nullptr);
  EXPECT_EQ(AsBytes(other_side->Token(v1::KEY_KIND_NAME, "acme")), acme);
}

TEST(SnapshotTokenizerTest, SameNormalizedNameInTwoAccountsGivesEqualTokens) {
  std::unique_ptr<SnapshotTokenizer> tokenizer = Tokenizer();
  ASSERT_NE(tokenizer, nullptr);
  v1::RecordBatch batch;
  ASSERT_TRUE(
      tokenizer->Add(Account("001A", "acme", {"acme.com"}), batch).ok());
  ASSERT_TRUE(tokenizer->Add(Account("001B", "acme", {"acme.de"}), batch).ok());
  ASSERT_EQ(batch.records_size(), 2);
  EXPECT_EQ(batch.records(0).tokens(0).value(),
            batch.records(1).tokens(0).value());
  EXPECT_NE(batch.records(0).tokens(1).value(),
            batch.records(1).tokens(1).value());
  EXPECT_NE(batch.records(0).record_id(), batch.records(1).record_id());
}

TEST(SnapshotTokenizerTest, RecordIdIsTruncatedHmacUnderTheRecordKey) {
  std::unique_ptr<SnapshotTokenizer> tokenizer = Tokenizer();
  ASSERT_NE(tokenizer, nullptr);
  const std::string data = std::string("\0", 1) + kPartnership +
                           std::string("\0", 1) + kPeriod +
                           std::string("\0", 1) + "001A";
  EXPECT_EQ(RecordId(*tokenizer, "001A"), Hmac16(RecordKey(), data));
}

TEST(SnapshotTokenizerTest, RecordIdsAreStableAndChangeWithEachInput) {
  std::unique_ptr<SnapshotTokenizer> base = Tokenizer();
  std::unique_ptr<SnapshotTokenizer> again = Tokenizer();
  std::unique_ptr<SnapshotTokenizer> other_period = Tokenizer("2026-12");
  std::unique_ptr<SnapshotTokenizer> other_partnership =
      Tokenizer(kPeriod, "p-acme-initech");
  std::unique_ptr<SnapshotTokenizer> other_record_key =
      Tokenizer(kPeriod, kPartnership, std::string(32, '\x01'));
  ASSERT_TRUE(base && again && other_period && other_partnership &&
              other_record_key);
  const std::string id = RecordId(*base, "001A");
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(RecordId(*base, "001A"), id);
  EXPECT_EQ(RecordId(*again, "001A"), id);
  EXPECT_NE(RecordId(*base, "001B"), id);
  EXPECT_NE(RecordId(*other_period, "001A"), id);
  EXPECT_NE(RecordId(*other_partnership, "001A"), id);
  EXPECT_NE(RecordId(*other_record_key, "001A"), id);
  // The separators keep the fields apart: moving a character from the
  // period into the account id changes the id.
  std::unique_ptr<SnapshotTokenizer> short_period =
      Tokenizer("2026-1", kPartnership);
  ASSERT_NE(short_period, nullptr);
  EXPECT_NE(RecordId(*short_period, "1001A"), id);
}

}  // namespace
}  // namespace blindmap
