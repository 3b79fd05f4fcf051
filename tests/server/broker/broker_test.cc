// The broker's protocol over a real RocksDB in a temp dir, without gRPC.
#include "server/broker/broker.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/call_deadline.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/server/broker/broker_harness.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kOtherKeyCheck[] = "fedcba9876543210";

std::string Token(uint8_t id) {
  std::string token(16, '\0');
  token[15] = static_cast<char>(id);
  return token;
}

std::string RecordId(uint32_t n) {
  std::string id(16, 'r');
  id[12] = static_cast<char>(n >> 24);
  id[13] = static_cast<char>(n >> 16);
  id[14] = static_cast<char>(n >> 8);
  id[15] = static_cast<char>(n);
  return id;
}

void AddRecord(v1::RecordBatch& batch, uint32_t n, uint64_t populations,
               std::initializer_list<uint8_t> tokens,
               v1::KeyKind kind = v1::KEY_KIND_DOMAIN) {
  v1::Record* record = batch.add_records();
  record->set_record_id(RecordId(n));
  record->set_population_bits(populations);
  for (uint8_t t : tokens) {
    v1::Token* token = record->add_tokens();
    token->set_kind(kind);
    token->set_value(Token(t));
  }
}

void AddToken(v1::RecordBatch& batch, v1::KeyKind kind, uint8_t t) {
  v1::Token* token =
      batch.mutable_records(batch.records_size() - 1)->add_tokens();
  token->set_kind(kind);
  token->set_value(Token(t));
}

class BrokerTest : public BrokerHarness {
 protected:
  // acme invites globex; globex accepts with the same key check.
  std::string ActivePartnership(
      v1::MatchPolicy policy = v1::MATCH_POLICY_UNSPECIFIED) {
    PartnershipTerms terms;
    terms.match = policy;
    return Partnership(terms);
  }
};

TEST_F(BrokerTest, AuthenticatesByTokenAndRejectsOthers) {
  auto acme = broker_->Authenticate(tokens_["acme"]);
  ASSERT_TRUE(acme.ok());
  EXPECT_EQ(*acme, "acme");
  EXPECT_EQ(broker_->Authenticate("bm_not-a-real-token").status().code(),
            absl::StatusCode::kUnauthenticated);
  auto malformed = broker_->Authenticate("secret-looking-value");
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(malformed.status().message()),
              ::testing::Not(HasSubstr("secret-looking-value")));
}

TEST_F(BrokerTest, PartyNamesAreValidatedAndUnique) {
  v1::CreatePartyRequest request;
  request.set_name("Acme Corp");
  EXPECT_EQ(broker_->CreateParty(request).status().code(),
            absl::StatusCode::kInvalidArgument);
  request.set_name("acme");
  EXPECT_EQ(broker_->CreateParty(request).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(BrokerTest, InviteAcceptAndListShowTheLifecycle) {
  v1::InvitePartnerRequest invite;
  invite.set_partner("globex");
  invite.set_key_check(kKeyCheck);
  auto invited = broker_->Invite("acme", invite);
  ASSERT_TRUE(invited.ok());
  EXPECT_EQ(invited->state(), v1::PARTNERSHIP_STATE_PENDING);
  EXPECT_EQ(invited->id().size(), 32u);
  // A second invitation either way is refused.
  EXPECT_EQ(broker_->Invite("acme", invite).status().code(),
            absl::StatusCode::kAlreadyExists);
  invite.set_partner("acme");
  EXPECT_EQ(broker_->Invite("globex", invite).status().code(),
            absl::StatusCode::kAlreadyExists);
  // Only the invitee accepts.
  v1::AcceptPartnershipRequest accept;
  accept.set_partnership_id(invited->id());
  accept.set_key_check(kKeyCheck);
  EXPECT_EQ(broker_->Accept("acme", accept).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(broker_->Accept("initech", accept).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto accepted = broker_->Accept("globex", accept);
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->state(), v1::PARTNERSHIP_STATE_ACTIVE);
  EXPECT_EQ(accepted->accepted_at_unix(), absl::ToUnixSeconds(now_));

  auto acme_list = broker_->ListPartnerships("acme");
  auto initech_list = broker_->ListPartnerships("initech");
  ASSERT_TRUE(acme_list.ok() && initech_list.ok());
  ASSERT_EQ(acme_list->partnerships_size(), 1);
  EXPECT_EQ(acme_list->partnerships(0).invitee(), "globex");
  EXPECT_EQ(initech_list->partnerships_size(), 0);
}

TEST_F(BrokerTest, DifferentKeyCheckIsRefusedAndShownToBothSides) {
  v1::InvitePartnerRequest invite;
  invite.set_partner("globex");
  invite.set_key_check(kKeyCheck);
  auto invited = broker_->Invite("acme", invite);
  ASSERT_TRUE(invited.ok());
  v1::AcceptPartnershipRequest accept;
  accept.set_partnership_id(invited->id());
  accept.set_key_check(kOtherKeyCheck);
  auto refused = broker_->Accept("globex", accept);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("key-check mismatch"));
  for (const char* party : {"acme", "globex"}) {
    auto list = broker_->ListPartnerships(party);
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->partnerships_size(), 1);
    EXPECT_EQ(list->partnerships(0).state(), v1::PARTNERSHIP_STATE_PENDING);
    EXPECT_THAT(list->partnerships(0).key_check_problem(),
                HasSubstr("globex holds a different partnership secret"));
  }
}

TEST_F(BrokerTest, UploadWithDifferentKeyCheckIsRefused) {
  const std::string id = ActivePartnership();
  v1::SnapshotHeader header = Header(id, 1);
  header.set_key_check(kOtherKeyCheck);
  auto session = broker_->BeginUpload("globex", header);
  EXPECT_EQ(session.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(session.status().message()),
              HasSubstr("key-check mismatch"));
}

TEST_F(BrokerTest, OutsidersCannotReadOrWriteAPartnership) {
  const std::string id = ActivePartnership();
  v1::GetReportRequest report;
  report.set_partnership_id(id);
  EXPECT_EQ(broker_->Report("initech", report).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(broker_->BeginUpload("initech", Header(id, 1)).status().code(),
            absl::StatusCode::kPermissionDenied);
  v1::RevokePartnershipRequest revoke;
  revoke.set_partnership_id(id);
  EXPECT_EQ(broker_->Revoke("initech", revoke).status().code(),
            absl::StatusCode::kPermissionDenied);
  report.set_partnership_id("00000000000000000000000000000000");
  EXPECT_EQ(broker_->Report("acme", report).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(BrokerTest, ReportCountsBothSidesAndMirrors) {
  const std::string id = ActivePartnership();
  // acme: r0 customer {1}, r1 prospect {2}, r2 prospect {2, 3}.
  v1::RecordBatch acme;
  AddRecord(acme, 0, 0b01, {1});
  AddRecord(acme, 1, 0b10, {2});
  AddRecord(acme, 2, 0b10, {2, 3});
  // globex: r0 customer {2} (matches two acme prospects), r1 prospect {1},
  // r2 prospect {9}.
  v1::RecordBatch globex;
  AddRecord(globex, 0, 0b01, {2});
  AddRecord(globex, 1, 0b10, {1});
  AddRecord(globex, 2, 0b10, {9});
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());

  const v1::OverlapReport mine = ReportFor("acme", id);
  EXPECT_EQ(mine.partner(), "globex");
  EXPECT_EQ(mine.period(), "2026-11");
  ASSERT_EQ(mine.my_populations_size(), 2);
  EXPECT_EQ(mine.my_populations(0).records(), 1u);
  EXPECT_EQ(mine.my_populations(1).records(), 2u);
  EXPECT_EQ(mine.my_populations(1).overlapping_records(), 2u);
  EXPECT_EQ(mine.partner_populations(1).records(), 2u);
  EXPECT_EQ(mine.partner_populations(1).overlapping_records(), 1u);
  ASSERT_EQ(mine.cells_size(), 4);
  // (my row, partner column): my records / partner records.
  EXPECT_EQ(mine.cells(0).my_records(), 0u);  // customers x customers
  EXPECT_EQ(mine.cells(1).my_records(), 1u);  // customers x prospects
  EXPECT_EQ(mine.cells(1).partner_records(), 1u);
  EXPECT_EQ(mine.cells(2).my_records(), 2u);  // prospects x customers
  EXPECT_EQ(mine.cells(2).partner_records(), 1u);
  EXPECT_EQ(mine.cells(3).my_records(), 0u);
  EXPECT_EQ(mine.my_overlapping_records(), 3u);
  EXPECT_EQ(mine.partner_overlapping_records(), 2u);

  const v1::OverlapReport theirs = ReportFor("globex", id);
  EXPECT_EQ(theirs.partner(), "acme");
  // globex's customers x acme's prospects is acme's prospects x customers.
  EXPECT_EQ(theirs.cells(1).my_records(), 1u);
  EXPECT_EQ(theirs.cells(1).partner_records(), 2u);
  EXPECT_EQ(theirs.cells(2).my_records(), 1u);
  EXPECT_EQ(theirs.cells(2).partner_records(), 1u);
  EXPECT_EQ(theirs.my_overlapping_records(), 2u);
}

TEST_F(BrokerTest, AReportPastItsCallDeadlineStopsAndCachesNothing) {
  const std::string id = ActivePartnership();
  v1::RecordBatch acme;
  AddRecord(acme, 0, 0b01, {1});
  AddRecord(acme, 1, 0b10, {2});
  v1::RecordBatch globex;
  AddRecord(globex, 0, 0b01, {2});
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());
  v1::GetReportRequest request;
  request.set_partnership_id(id);
  {
    ScopedCallDeadline passed(absl::Now() - absl::Milliseconds(1));
    auto late = broker_->Report("acme", request);
    EXPECT_EQ(late.status().code(), absl::StatusCode::kDeadlineExceeded);
    EXPECT_THAT(late.status().message(), HasSubstr("the intersection stopped"));
  }
  auto snapshots = store_->Heads(id, "acme");
  ASSERT_TRUE(snapshots.ok());
  ASSERT_EQ(snapshots->size(), 1u);
  auto partner = store_->Heads(id, "globex");
  ASSERT_TRUE(partner.ok());
  const uint64_t mine = snapshots->begin()->second;
  const uint64_t theirs = partner->begin()->second;
  auto cached =
      store_->FindOverlap(std::min(mine, theirs), std::max(mine, theirs));
  ASSERT_TRUE(cached.ok());
  EXPECT_FALSE(cached->has_value());
  // Without the deadline the same report is computed in full.
  const v1::OverlapReport report = ReportFor("acme", id);
  EXPECT_EQ(report.cells(2).my_records(), 1u);  // prospects x customers
  EXPECT_EQ(report.my_overlapping_records(), 1u);
}

TEST_F(BrokerTest, AbandonedUploadLeavesThePreviousSnapshotVisible) {
  const std::string id = ActivePartnership();
  v1::RecordBatch acme;
  AddRecord(acme, 0, 0b01, {1});
  v1::RecordBatch globex;
  AddRecord(globex, 0, 0b01, {1});
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());
  ASSERT_EQ(ReportFor("acme", id).my_overlapping_records(), 1u);
  {
    // Half an upload that matches nothing, then the stream breaks.
    auto session = broker_->BeginUpload("acme", Header(id, 4));
    ASSERT_TRUE(session.ok());
    v1::RecordBatch half;
    AddRecord(half, 10, 0b01, {7});
    AddRecord(half, 11, 0b01, {8});
    ASSERT_TRUE((*session)->AddBatch(half).ok());
  }
  const v1::OverlapReport after = ReportFor("acme", id);
  EXPECT_EQ(after.my_overlapping_records(), 1u);
  EXPECT_EQ(after.mine().records(), 1u);
}

TEST_F(BrokerTest, CommitWithWrongCountIsRejectedAndNothingChanges) {
  const std::string id = ActivePartnership();
  auto session = broker_->BeginUpload("acme", Header(id, 3));
  ASSERT_TRUE(session.ok());
  v1::RecordBatch batch;
  AddRecord(batch, 0, 0b01, {1});
  ASSERT_TRUE((*session)->AddBatch(batch).ok());
  v1::SnapshotCommit commit;
  commit.set_record_count(1);
  auto committed = (*session)->Commit(commit);
  EXPECT_EQ(committed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(committed.status().message()),
              HasSubstr("the header announced 3 records"));
  session->reset();
  auto heads = store_->Heads(id, "acme");
  ASSERT_TRUE(heads.ok());
  EXPECT_TRUE(heads->empty());
}

TEST_F(BrokerTest, InvalidRecordsAreRejectedWithTheRuleBroken) {
  const std::string id = ActivePartnership();
  struct Case {
    std::function<void(v1::Record&)> damage;
    std::string message;
  } cases[] = {
      {[](v1::Record& r) { r.set_record_id("short"); },
       "record_id must be 16 bytes"},
      {[](v1::Record& r) { r.set_population_bits(0); },
       "population_bits must name at least one"},
      {[](v1::Record& r) { r.set_population_bits(0b100); },
       "population_bits must name at least one"},
      {[](v1::Record& r) { r.clear_tokens(); },
       "a record needs 1 to 64 tokens"},
      {[](v1::Record& r) { r.mutable_tokens(0)->set_value("x"); },
       "token value must be 16 bytes"},
      {[](v1::Record& r) {
         r.mutable_tokens(0)->set_kind(static_cast<v1::KeyKind>(42));
       },
       "unknown token kind 42"},
  };
  for (const Case& c : cases) {
    auto session = broker_->BeginUpload("acme", Header(id, 1));
    ASSERT_TRUE(session.ok());
    v1::RecordBatch batch;
    AddRecord(batch, 0, 0b01, {1});
    c.damage(*batch.mutable_records(0));
    const absl::Status status = (*session)->AddBatch(batch);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.message));
    EXPECT_THAT(std::string(status.message()), HasSubstr("record 1 of"));
  }
  // A repeated record id.
  auto session = broker_->BeginUpload("acme", Header(id, 2));
  ASSERT_TRUE(session.ok());
  v1::RecordBatch batch;
  AddRecord(batch, 5, 0b01, {1});
  AddRecord(batch, 5, 0b01, {2});
  EXPECT_THAT(std::string((*session)->AddBatch(batch).message()),
              HasSubstr("record 2 of the upload: record_id repeats"));
}

TEST_F(BrokerTest, HeaderValidationNamesTheProblem) {
  const std::string id = ActivePartnership();
  v1::SnapshotHeader bad_period = Header(id, 1, "2026-13");
  EXPECT_EQ(broker_->BeginUpload("acme", bad_period).status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::SnapshotHeader twice = Header(id, 1);
  twice.mutable_populations(1)->set_name("Customers");
  EXPECT_THAT(
      std::string(broker_->BeginUpload("acme", twice).status().message()),
      HasSubstr("\"Customers\" is used twice"));
  v1::SnapshotHeader none = Header(id, 1);
  none.clear_populations();
  EXPECT_EQ(broker_->BeginUpload("acme", none).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(BrokerTest, ReportNeedsBothSidesAndUsesTheLatestCommonPeriod) {
  const std::string id = ActivePartnership();
  v1::GetReportRequest request;
  request.set_partnership_id(id);
  auto nobody = broker_->Report("acme", request);
  EXPECT_EQ(nobody.status().code(), absl::StatusCode::kFailedPrecondition);
  v1::RecordBatch one;
  AddRecord(one, 0, 0b01, {1});
  ASSERT_TRUE(Upload("acme", id, one, "2026-10").ok());
  auto partner_missing = broker_->Report("acme", request);
  EXPECT_THAT(std::string(partner_missing.status().message()),
              HasSubstr("globex has not synced this partnership yet"));
  ASSERT_TRUE(Upload("globex", id, one, "2026-10").ok());
  ASSERT_TRUE(Upload("acme", id, one, "2026-11").ok());
  const v1::OverlapReport report = ReportFor("acme", id);
  EXPECT_EQ(report.period(), "2026-10");
  EXPECT_THAT(
      report.notes(),
      ElementsAre(HasSubstr("globex has not synced period 2026-11 yet")));
}

TEST_F(BrokerTest, ReuploadReplacesTheSnapshotAndTheCachedResult) {
  const std::string id = ActivePartnership();
  v1::RecordBatch acme;
  AddRecord(acme, 0, 0b01, {1});
  v1::RecordBatch globex;
  AddRecord(globex, 0, 0b01, {1});
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());
  EXPECT_EQ(ReportFor("acme", id).my_overlapping_records(), 1u);
  v1::RecordBatch replaced;
  AddRecord(replaced, 0, 0b01, {5});
  AddRecord(replaced, 1, 0b10, {6});
  ASSERT_TRUE(Upload("acme", id, replaced).ok());
  const v1::OverlapReport after = ReportFor("acme", id);
  EXPECT_EQ(after.my_overlapping_records(), 0u);
  EXPECT_EQ(after.mine().records(), 2u);
  auto heads = store_->Heads(id, "acme");
  ASSERT_TRUE(heads.ok());
  EXPECT_EQ(heads->size(), 1u);
}

TEST_F(BrokerTest, RevokeDeletesEverythingOfThePartnership) {
  const std::string id = ActivePartnership();
  v1::RecordBatch batch;
  AddRecord(batch, 0, 0b01, {1});
  ASSERT_TRUE(Upload("acme", id, batch).ok());
  ASSERT_TRUE(Upload("globex", id, batch).ok());
  ReportFor("acme", id);
  v1::RevokePartnershipRequest revoke;
  revoke.set_partnership_id(id);
  auto revoked = broker_->Revoke("globex", revoke);
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->snapshots_deleted(), 2u);
  auto found = store_->FindPartnership(id);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  auto heads = store_->Heads(id, "acme");
  ASSERT_TRUE(heads.ok());
  EXPECT_TRUE(heads->empty());
  for (uint64_t snapshot = 1; snapshot <= 2; ++snapshot) {
    auto record = store_->FindSnapshot(snapshot);
    ASSERT_TRUE(record.ok());
    EXPECT_FALSE(record->has_value());
  }
}

TEST_F(BrokerTest, MatchPolicyIsAgreedAtInvitationAndShownInTheReport) {
  const std::string standard = ActivePartnership();
  auto list = broker_->ListPartnerships("globex");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->partnerships(0).match_policy(), v1::MATCH_POLICY_STANDARD);
  v1::RecordBatch one;
  AddRecord(one, 0, 0b01, {1}, v1::KEY_KIND_NAME);
  ASSERT_TRUE(Upload("acme", standard, one).ok());
  ASSERT_TRUE(Upload("globex", standard, one).ok());
  const v1::OverlapReport report = ReportFor("acme", standard);
  EXPECT_EQ(report.match_policy(), v1::MATCH_POLICY_STANDARD);
  EXPECT_EQ(report.my_overlapping_records(), 1u);  // names count

  v1::InvitePartnerRequest bad;
  bad.set_partner("initech");
  bad.set_key_check(kKeyCheck);
  bad.set_match_policy(static_cast<v1::MatchPolicy>(9));
  EXPECT_EQ(broker_->Invite("acme", bad).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(BrokerTest, StrictIgnoresNamesAndDifferentDunsVetoADomainMatch) {
  const std::string id = ActivePartnership(v1::MATCH_POLICY_STRICT);
  // r0/r0 share a name only; r1/r1 share a domain but carry different DUNS;
  // r2/r2 share a DUNS.
  v1::RecordBatch acme, globex;
  AddRecord(acme, 0, 0b01, {1}, v1::KEY_KIND_NAME);
  AddRecord(acme, 1, 0b01, {2});
  AddToken(acme, v1::KEY_KIND_DUNS, 20);
  AddRecord(acme, 2, 0b10, {30}, v1::KEY_KIND_DUNS);
  AddRecord(globex, 0, 0b01, {1}, v1::KEY_KIND_NAME);
  AddRecord(globex, 1, 0b01, {2});
  AddToken(globex, v1::KEY_KIND_DUNS, 21);
  AddRecord(globex, 2, 0b01, {30}, v1::KEY_KIND_DUNS);
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());
  const v1::OverlapReport report = ReportFor("acme", id);
  EXPECT_EQ(report.match_policy(), v1::MATCH_POLICY_STRICT);
  EXPECT_EQ(report.my_overlapping_records(), 1u);
  EXPECT_EQ(report.cells(2).my_records(), 1u);  // my prospects x customers
}

TEST_F(BrokerTest, NameVariantsMeetNamesOnlyUnderBroad) {
  const std::string id = ActivePartnership(v1::MATCH_POLICY_BROAD);
  v1::RecordBatch acme, globex;
  AddRecord(acme, 0, 0b01, {1}, v1::KEY_KIND_NAME);    // "siemens deutschland"
  AddToken(acme, v1::KEY_KIND_NAME_VARIANT, 2);        // "siemens"
  AddRecord(globex, 0, 0b01, {2}, v1::KEY_KIND_NAME);  // "siemens"
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());
  EXPECT_EQ(ReportFor("globex", id).my_overlapping_records(), 1u);
}

}  // namespace
}  // namespace blindmap
