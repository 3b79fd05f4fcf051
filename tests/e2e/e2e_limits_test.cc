// Limits end to end, against a real blindmapd on 127.0.0.1 configured with
// small values: each limit exceeded gets its exact status with a message that
// names the limit, and the stored snapshots and report stay byte-identical.
#include <signal.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "blindmap/v1/broker.grpc.pb.h"
#include "common/crypto/key_schedule.h"
#include "common/crypto/partnership_secret.h"
#include "common/crypto/sync_period.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/broker_fixture.h"
#include "tests/support/raw_database.h"

namespace blindmap {
namespace {

using ::grpc::StatusCode;
using ::testing::HasSubstr;

// Small limits, so each is easy to exceed; the rate stays out of the way
// except where a test lowers it.
constexpr char kSmallLimits[] =
    "limits:\n"
    "  max_message_bytes: 65536\n"
    "  max_records_per_snapshot: 5\n"
    "  max_tokens_per_record: 4\n"
    "  max_concurrent_uploads_per_party: 2\n"
    "  requests_per_minute_per_party: 6000\n"
    "  request_burst_per_party: 1000\n"
    "  upload_idle_seconds: 1\n";

// What an upload sends.
struct UploadPlan {
  int records = 2;
  int tokens_per_record = 1;
  // The header's record count (default: `records`).
  int announced = -1;
  // Makes record ids and tokens differ between uploads.
  char fill = 'a';
  size_t sealed_detail_bytes = 0;
  bool commit = true;
};

UploadPlan Plan(char fill, int records = 2) {
  UploadPlan plan;
  plan.fill = fill;
  plan.records = records;
  return plan;
}

class LimitsTest : public BrokerTest {
 protected:
  // Starts the broker with `limits_yaml`, partners acme with globex, uploads
  // a snapshot for each, records globex's report, then restarts the broker
  // (fresh per-party counters) with the database dumped in between.
  void Prepare(const std::string& limits_yaml) {
    AddBrokerConfig(limits_yaml);
    StartBroker();
    Connect();
    AddParty("acme");
    AddParty("globex");
    Partner("acme", "globex", NoProbeLimitArgs());
    FindPartnership();
    ASSERT_TRUE(Upload("acme", Plan('a', 2)).ok());
    ASSERT_TRUE(Upload("globex", Plan('g', 3)).ok());
    report_before_ = GlobexReport();
    ASSERT_FALSE(report_before_.empty());
    stub_.reset();  // an open channel would hold up the broker's shutdown
    StopBroker(SIGTERM);
    stored_before_ = Stored();
    StartBroker();
    Connect();
  }

  // Stops the broker and checks that nothing stored changed since
  // Prepare(); globex's report first.
  void ExpectStoredDataUntouched() {
    EXPECT_EQ(GlobexReport(), report_before_);
    stub_.reset();
    StopBroker(SIGTERM);
    const std::map<std::string, std::string> after = Stored();
    EXPECT_FALSE(after.empty());
    EXPECT_TRUE(after == stored_before_)
        << "stored data changed: " << stored_before_.size() << " entries "
        << "before, " << after.size() << " after";
  }

  void Connect() {
    stub_ = v1::Broker::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port()),
                            grpc::InsecureChannelCredentials()));
  }

  void Authorize(grpc::ClientContext& context, const std::string& party) {
    context.AddMetadata("authorization", "Bearer " + api_token(party));
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
  }

  void FindPartnership() {
    grpc::ClientContext context;
    Authorize(context, "acme");
    v1::ListPartnershipsResponse list;
    ASSERT_TRUE(stub_->ListPartnerships(&context, {}, &list).ok());
    ASSERT_EQ(list.partnerships_size(), 1);
    partnership_id_ = list.partnerships(0).id();
    absl::StatusOr<PartnershipSecret> secret = PartnershipSecret::ReadFile(
        party_dir("acme") + "/state/partners/globex.secret");
    ASSERT_TRUE(secret.ok()) << secret.status();
    key_check_ = *KeySchedule(*secret).KeyCheck();
  }

  v1::UploadSnapshotRequest Header(const UploadPlan& plan) const {
    v1::UploadSnapshotRequest header;
    v1::SnapshotHeader* h = header.mutable_header();
    h->set_partnership_id(partnership_id_);
    h->set_period(MonthlyPeriod(absl::Now()));
    h->set_key_check(key_check_);
    h->set_record_count(plan.announced >= 0 ? plan.announced : plan.records);
    v1::PopulationSpec* population = h->add_populations();
    population->set_name("Customers");
    population->set_kind(v1::POPULATION_KIND_CUSTOMER);
    return header;
  }

  static v1::UploadSnapshotRequest Batch(const UploadPlan& plan) {
    v1::UploadSnapshotRequest batch;
    for (int i = 0; i < plan.records; ++i) {
      v1::Record* record = batch.mutable_batch()->add_records();
      record->set_record_id(absl::StrFormat("%c%015d", plan.fill, i));
      record->set_population_bits(1);
      record->set_sealed_detail(std::string(plan.sealed_detail_bytes, 'd'));
      for (int t = 0; t < plan.tokens_per_record; ++t) {
        v1::Token* token = record->add_tokens();
        token->set_kind(v1::KEY_KIND_DOMAIN);
        token->set_value(absl::StrFormat("%c%03d%012d", plan.fill, t, i));
      }
    }
    return batch;
  }

  // One whole upload stream as `party`.
  grpc::Status Upload(const std::string& party, const UploadPlan& plan) {
    grpc::ClientContext context;
    Authorize(context, party);
    v1::UploadSnapshotResponse response;
    auto writer = stub_->UploadSnapshot(&context, &response);
    v1::UploadSnapshotRequest commit;
    commit.mutable_commit()->set_record_count(plan.records);
    // A broker that refuses early ends the stream; later writes then fail.
    if (writer->Write(Header(plan)) && writer->Write(Batch(plan)) &&
        plan.commit) {
      writer->Write(commit);
    }
    writer->WritesDone();
    return writer->Finish();
  }

  grpc::Status WhoAmI(const std::string& party) {
    grpc::ClientContext context;
    Authorize(context, party);
    v1::WhoAmIResponse response;
    return stub_->WhoAmI(&context, {}, &response);
  }

  std::string GlobexReport() {
    grpc::ClientContext context;
    Authorize(context, "globex");
    v1::GetReportRequest request;
    request.set_partnership_id(partnership_id_);
    v1::OverlapReport report;
    const grpc::Status status = stub_->GetReport(&context, request, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report.SerializeAsString();
  }

  // Every stored entry but the parties' and partnerships' records (which
  // count upload attempts for the probe policy): "family/key" -> value.
  std::map<std::string, std::string> Stored() {
    std::map<std::string, std::string> stored;
    RawDatabase db(data_dir() + "/db");
    for (const char* family :
         {"snapshots", "heads", "tokens", "records", "record_index", "details",
          "overlaps", "history"}) {
      for (auto& [key, value] : db.Scan(family, "")) {
        stored[absl::StrCat(family, "/", key)] = value;
      }
    }
    return stored;
  }

  // Sends half an upload, then nothing; expects the broker to end it.
  void IdleUpload();

  std::unique_ptr<v1::Broker::Stub> stub_;
  std::string partnership_id_;
  std::string key_check_;
  std::string report_before_;
  std::map<std::string, std::string> stored_before_;
};

TEST_F(LimitsTest, OversizedMessageIsResourceExhaustedNamingTheMaximum) {
  Prepare(kSmallLimits);
  if (HasFatalFailure()) return;
  // One record whose sealed detail alone is beyond max_message_bytes.
  UploadPlan plan = Plan('x', 1);
  plan.sealed_detail_bytes = 70000;
  const grpc::Status status = Upload("acme", plan);
  EXPECT_EQ(status.error_code(), StatusCode::RESOURCE_EXHAUSTED)
      << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("larger than max"));
  EXPECT_THAT(status.error_message(), HasSubstr("65536"));
  ExpectStoredDataUntouched();
}

TEST_F(LimitsTest, TooManyRecordsIsInvalidArgumentNamingTheLimit) {
  Prepare(kSmallLimits);
  if (HasFatalFailure()) return;
  const grpc::Status status = Upload("acme", Plan('x', 6));
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("at most 5 records (max_records_per_snapshot)"));
  ExpectStoredDataUntouched();
}

TEST_F(LimitsTest, TooManyTokensInARecordIsInvalidArgumentNamingTheLimit) {
  Prepare(kSmallLimits);
  if (HasFatalFailure()) return;
  UploadPlan plan = Plan('x', 2);
  plan.tokens_per_record = 5;
  const grpc::Status status = Upload("acme", plan);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("1 to 4 tokens (max_tokens_per_record), not 5"));
  ExpectStoredDataUntouched();
}

TEST_F(LimitsTest, ThirdConcurrentUploadIsResourceExhaustedUntilOneEnds) {
  Prepare(kSmallLimits);
  if (HasFatalFailure()) return;
  // Two uploads admitted (the broker sends initial metadata on admission)
  // and kept open with a header sent.
  struct Open {
    grpc::ClientContext context;
    v1::UploadSnapshotResponse response;
    std::unique_ptr<grpc::ClientWriter<v1::UploadSnapshotRequest>> writer;
  };
  std::vector<std::unique_ptr<Open>> open;
  for (char fill : {'x', 'y'}) {
    auto stream = std::make_unique<Open>();
    Authorize(stream->context, "acme");
    stream->writer = stub_->UploadSnapshot(&stream->context, &stream->response);
    stream->writer->WaitForInitialMetadata();
    ASSERT_TRUE(stream->writer->Write(Header(Plan(fill))));
    open.push_back(std::move(stream));
  }
  const grpc::Status third = Upload("acme", Plan('z'));
  EXPECT_EQ(third.error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(third.error_message(),
              HasSubstr("max_concurrent_uploads_per_party (2) reached"));
  // Another party is not limited by acme's uploads.
  EXPECT_TRUE(WhoAmI("globex").ok());

  // Ending one (without a commit) frees its place before its status.
  open[0]->writer->WritesDone();
  const grpc::Status ended = open[0]->writer->Finish();
  EXPECT_EQ(ended.error_code(), StatusCode::CANCELLED);
  UploadPlan uncommitted = Plan('z');
  uncommitted.commit = false;
  const grpc::Status admitted = Upload("acme", uncommitted);
  EXPECT_EQ(admitted.error_code(), StatusCode::CANCELLED)
      << admitted.error_message();
  open[1]->writer->WritesDone();
  EXPECT_EQ(open[1]->writer->Finish().error_code(), StatusCode::CANCELLED);
  open.clear();  // their channel would hold up the broker's shutdown
  ExpectStoredDataUntouched();
}

TEST_F(LimitsTest, IdleUploadIsDeadlineExceededAndItsSnapshotAbandoned) {
  Prepare(kSmallLimits);
  if (HasFatalFailure()) return;
  IdleUpload();
  ExpectStoredDataUntouched();
}

void LimitsTest::IdleUpload() {
  grpc::ClientContext context;
  Authorize(context, "acme");
  v1::UploadSnapshotResponse response;
  auto writer = stub_->UploadSnapshot(&context, &response);
  // Half of the announced records, then nothing.
  ASSERT_TRUE(writer->Write(Header(Plan('x', 4))));
  ASSERT_TRUE(writer->Write(Batch(Plan('x', 2))));
  const absl::Time went_idle = absl::Now();
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  v1::UploadSnapshotRequest commit;
  commit.mutable_commit()->set_record_count(4);
  writer->Write(commit);  // too late: the broker has ended the stream
  const grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), StatusCode::DEADLINE_EXCEEDED);
  EXPECT_THAT(status.error_message(),
              HasSubstr("upload_idle_seconds (1) exceeded"));
  EXPECT_LT(absl::Now() - went_idle, absl::Seconds(10));
}

TEST_F(LimitsTest, BurstBeyondTheRateIsResourceExhaustedNamingTheLimit) {
  Prepare(
      "limits:\n"
      "  requests_per_minute_per_party: 1\n"
      "  request_burst_per_party: 10\n");
  if (HasFatalFailure()) return;
  // After the restart acme's bucket is full: exactly the burst is admitted.
  for (int i = 0; i < 10; ++i) {
    const grpc::Status status = WhoAmI("acme");
    ASSERT_TRUE(status.ok())
        << "request " << i << ": " << status.error_message();
  }
  const grpc::Status refused = WhoAmI("acme");
  EXPECT_EQ(refused.error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(),
              HasSubstr("requests_per_minute_per_party (1) exceeded (burst "
                        "10); retry in "));
  // An upload counts as a request too, and stores nothing.
  const grpc::Status upload = Upload("acme", Plan('x', 3));
  EXPECT_EQ(upload.error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(upload.error_message(),
              HasSubstr("requests_per_minute_per_party (1)"));
  // globex has its own bucket.
  EXPECT_TRUE(WhoAmI("globex").ok());
  ExpectStoredDataUntouched();
}

// The CLI keeps its upload messages under broker.max_message_bytes, sending
// a batch in pieces; a client allowed larger messages than the broker takes
// is told which setting to lower.
TEST_F(LimitsTest, TheClientSplitsBatchesToFitTheBrokersMessageLimit) {
  AddBrokerConfig("limits:\n  max_message_bytes: 65536\n");
  StartBroker();
  AddParty("acme");
  AddParty("globex");
  Partner("acme", "globex", NoProbeLimitArgs());
  // 3,000 accounts: a 2,000-record batch is about 200 KB.
  std::string csv = "Account ID,Account Name,Website,Type\n";
  for (int i = 0; i < 3000; ++i) {
    absl::StrAppendFormat(&csv, "A%d,Widget Works %d,widgets%d.com,Customer\n",
                          i, i, i);
  }
  const std::string input = root() + "/accounts.csv";
  WriteFile(input, csv);
  const std::vector<std::string> sync = {
      "sync", "--partner", "globex", "--input", input, "--format", "json"};
  const ProcessResult too_large = Blindmap("acme", sync);
  EXPECT_EQ(too_large.exit_code, 8);
  EXPECT_THAT(too_large.err, HasSubstr("65536"));
  EXPECT_THAT(too_large.err, HasSubstr("set broker.max_message_bytes (now "
                                       "1048576) to at most the broker's "
                                       "limit"));

  const std::string config = party_dir("acme") + "/blindmap.yaml";
  std::string text = ReadFileOrEmpty(config);
  const size_t at = text.find("  timeout_seconds:");
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "  max_message_bytes: 32768\n");
  WriteFile(config, text);
  const ProcessResult fits = Blindmap("acme", sync);
  ASSERT_EQ(fits.exit_code, 0) << fits.err;
  const auto json = nlohmann::json::parse(fits.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << fits.out;
  EXPECT_EQ(json["records_stored"], 3000);
  EXPECT_EQ(json["replaced_previous"], false);
}

}  // namespace
}  // namespace blindmap
