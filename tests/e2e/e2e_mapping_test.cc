// End to end: a real blindmapd on 127.0.0.1 with RocksDB in a temp dir, and
// real blindmap clients, mapping crafted CRM exports.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "blindmap/v1/broker.grpc.pb.h"
#include "common/crypto/key_schedule.h"
#include "common/crypto/partnership_secret.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/broker_fixture.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kAlpha = SourcePath("tests/data/e2e/alpha.csv");
const std::string kBeta = SourcePath("tests/data/e2e/beta.csv");

class MappingTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    StartBroker();
    AddParty("acme");
    AddParty("globex");
  }

  void Sync(const std::string& party, const std::string& partner,
            const std::string& file) {
    const ProcessResult sync =
        Blindmap(party, {"sync", "--partner", partner, "--input", file});
    ASSERT_EQ(sync.exit_code, 0) << sync.err;
  }

  nlohmann::json Report(const std::string& party, const std::string& partner) {
    const ProcessResult report =
        Blindmap(party, {"report", "--partner", partner, "--format", "json"});
    EXPECT_EQ(report.exit_code, 0) << report.err;
    return nlohmann::json::parse(report.out, nullptr, false);
  }

  std::unique_ptr<v1::Broker::Stub> RawStub() {
    return v1::Broker::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port()),
                            grpc::InsecureChannelCredentials()));
  }

  std::string PartnershipId(const std::string& party) {
    const ProcessResult list =
        Blindmap(party, {"partner", "list", "--format", "json"});
    EXPECT_EQ(list.exit_code, 0) << list.err;
    const auto json = nlohmann::json::parse(list.out, nullptr, false);
    return json["partnerships"][0]["id"].get<std::string>();
  }

  std::string KeyCheck(const std::string& party, const std::string& partner) {
    auto secret = PartnershipSecret::ReadFile(
        party_dir(party) + "/state/partners/" + partner + ".secret");
    EXPECT_TRUE(secret.ok()) << secret.status();
    return *KeySchedule(*secret).KeyCheck();
  }
};

// Population i's field in a report's populations array.
uint64_t Field(const nlohmann::json& populations, size_t i, const char* field) {
  return populations.at(i).at(field).get<uint64_t>();
}

TEST_F(MappingTest, RevokeAsksFirstAndThePartnerLearnsWhoRevokedAndWhen) {
  Partner("acme", "globex", NoProbeLimitArgs());
  Sync("acme", "globex", kAlpha);
  Sync("globex", "acme", kBeta);
  // Anything but yes keeps the partnership.
  for (const char* answer : {"no\n", "", "revoke\n"}) {
    const ProcessResult kept =
        Blindmap("acme", {"partner", "revoke", "globex"}, answer);
    EXPECT_EQ(kept.exit_code, 2) << answer;
    EXPECT_THAT(kept.err, HasSubstr("Revoke the active partnership with "
                                    "globex"));
    EXPECT_THAT(kept.err, HasSubstr("not revoked: the partnership with globex "
                                    "is unchanged"));
    EXPECT_EQ(Report("globex", "acme")["partner"], "acme");
  }
  const ProcessResult revoked =
      Blindmap("acme", {"partner", "revoke", "globex"}, "yes\n");
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_THAT(revoked.out, HasSubstr("deleted it with 2 snapshot(s)"));

  // globex learns who revoked it and when, wherever it asks.
  const ProcessResult report =
      Blindmap("globex", {"report", "--partner", "acme"});
  EXPECT_EQ(report.exit_code, 5);
  EXPECT_THAT(report.err,
              testing::MatchesRegex(
                  ".*no partnership with \"acme\": acme revoked the "
                  "partnership on 20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] "
                  "[0-9][0-9]:[0-9][0-9] UTC; the broker deleted its data.*"));
  const ProcessResult list =
      Blindmap("globex", {"partner", "list", "--format", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto json = nlohmann::json::parse(list.out);
  EXPECT_TRUE(json["partnerships"].empty());
  ASSERT_EQ(json["revoked"].size(), 1u);
  EXPECT_EQ(json["revoked"][0]["partner"], "acme");
  EXPECT_EQ(json["revoked"][0]["revoked_by"], "acme");
  const int64_t when = json["revoked"][0]["revoked_at_unix"];
  EXPECT_LE(std::abs(when - absl::ToUnixSeconds(absl::Now())), 300);
  const ProcessResult mine = Blindmap("acme", {"partner", "list"});
  EXPECT_THAT(mine.out, HasSubstr("Revoked: globex: you revoked the "
                                  "partnership on "));

  // Partnering again (with a new secret: both delete the old one, as the
  // revoke output suggests) forgets the revocation; --yes skips the
  // question.
  for (const char* party : {"acme", "globex"}) {
    const std::string other = std::string(party) == "acme" ? "globex" : "acme";
    ASSERT_EQ(std::remove(absl::StrCat(party_dir(party), "/state/partners/",
                                       other, ".secret")
                              .c_str()),
              0)
        << party;
  }
  Partner("globex", "acme");
  EXPECT_TRUE(nlohmann::json::parse(
                  Blindmap("acme", {"partner", "list", "--format", "json"})
                      .out)["revoked"]
                  .empty());
  const ProcessResult scripted =
      Blindmap("globex", {"partner", "revoke", "acme", "--yes"});
  EXPECT_EQ(scripted.exit_code, 0) << scripted.err;
  EXPECT_THAT(scripted.err, Not(HasSubstr("[yes/no]")));
}

TEST_F(MappingTest, AConfigNamingAnotherPartyThanTheTokensIsRefused) {
  Partner("acme", "globex", NoProbeLimitArgs());
  // acme's token under a config that says it is globex.
  const std::string config = party_dir("acme") + "/blindmap.yaml";
  std::string text = ReadFileOrEmpty(config);
  text.replace(text.find("party: acme"), 11, "party: globex");
  WriteFile(config, text);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"whoami"},
        {"report", "--partner", "acme"},
        {"partner", "list"},
        {"sync", "--partner", "acme", "--input", kAlpha},
        {"sync", "--all", "--input", kAlpha}}) {
    const ProcessResult run = Blindmap("acme", args);
    EXPECT_EQ(run.exit_code, 3) << args[0];
    EXPECT_THAT(run.err, HasSubstr(absl::StrCat(
                             "the config says party: globex, but the "
                             "broker at 127.0.0.1:",
                             port(), " knows these credentials as acme")))
        << args[0];
  }
  // Nothing was uploaded as either party.
  EXPECT_EQ(Blindmap("globex", {"report", "--partner", "acme"}).exit_code, 6);
}

TEST_F(MappingTest, AnEmptyOrShrunkenExportIsRefusedWithoutSpendingAnUpload) {
  // Two uploads per period, no difference check.
  Partner(
      "acme", "globex",
      {"--max-uploads", "2", "--min-changed", "0", "--min-population", "0"});
  const std::string full = SourcePath("examples/acme-salesforce.csv");
  const ProcessResult first =
      Blindmap("acme", {"sync", "--partner", "globex", "--input", full});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string text = ReadFileOrEmpty(full);
  const std::string header = text.substr(0, text.find('\n') + 1);
  const std::string header_only = root() + "/header-only.csv";
  WriteFile(header_only, header);
  // The first 60 lines (59 rows, one with a quoted line break; 3 rows in no
  // population): 56 records instead of 187, 70% fewer.
  std::string head = header;
  size_t at = header.size();
  for (int i = 0; i < 60; ++i) {
    const size_t end = text.find('\n', at) + 1;
    head += text.substr(at, end - at);
    at = end;
  }
  const std::string shrunk = root() + "/shrunk.csv";
  WriteFile(shrunk, head);

  const ProcessResult empty =
      Blindmap("acme", {"sync", "--partner", "globex", "--input", header_only});
  EXPECT_EQ(empty.exit_code, 3);
  EXPECT_THAT(empty.err,
              HasSubstr("not uploaded to globex: this export gives no record "
                        "to upload: of its 0 rows"));
  EXPECT_THAT(empty.err, HasSubstr("your last upload for globex (period "));
  EXPECT_THAT(empty.err, HasSubstr(") had 187 records"));
  EXPECT_THAT(empty.err, HasSubstr("none of the period's uploads was used"));
  const ProcessResult small =
      Blindmap("acme", {"sync", "--partner", "globex", "--input", shrunk});
  EXPECT_EQ(small.exit_code, 3);
  EXPECT_THAT(small.err, HasSubstr("this export gives 56 records, 70% fewer "
                                   "than the 187 of your last upload for "
                                   "globex (period "));
  EXPECT_THAT(small.err, HasSubstr("losing more than 50% "
                                   "(export.max_shrink_percent)"));
  // sync --all refuses it the same way.
  const ProcessResult all = Blindmap(
      "acme", {"sync", "--all", "--input", shrunk, "--format", "json"});
  EXPECT_EQ(all.exit_code, 3);
  // The dry runs say so too, and still exit 0.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"sync", "--partner", "globex", "--input",
                                 shrunk, "--dry-run"},
        {"sync", "--all", "--input", shrunk, "--dry-run"}}) {
    const ProcessResult dry = Blindmap("acme", args);
    EXPECT_EQ(dry.exit_code, 0) << dry.err;
    EXPECT_THAT(dry.out, HasSubstr("sync would refuse this upload: this "
                                   "export gives 56 records, 70% fewer"))
        << args[1];
  }
  // Nothing of it reached the broker: the period's second upload is still
  // there for the deliberate one.
  const ProcessResult allowed = Blindmap(
      "acme",
      {"sync", "--partner", "globex", "--input", shrunk, "--allow-shrink"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  const ProcessResult third =
      Blindmap("acme", {"sync", "--partner", "globex", "--input", full});
  EXPECT_EQ(third.exit_code, 8) << "the allowance is 2: this is the third";
}

TEST_F(MappingTest, CraftedPairGivesTheHandDerivedCounts) {
  Partner("acme", "globex", NoProbeLimitArgs());
  Sync("acme", "globex", kAlpha);
  Sync("globex", "acme", kBeta);

  // tests/data/e2e/EXPECTED.md, keyless rows left out of the populations.
  const nlohmann::json mine = Report("acme", "globex");
  ASSERT_TRUE(mine.is_object());
  EXPECT_EQ(mine["schema"], "blindmap.report.v1");
  EXPECT_EQ(mine["me"], "acme");
  EXPECT_EQ(mine["partner"], "globex");
  const nlohmann::json& my_pops = mine["my_populations"];
  const nlohmann::json& their_pops = mine["partner_populations"];
  EXPECT_EQ(my_pops[0]["name"], "Customers");
  EXPECT_EQ(Field(my_pops, 0, "records"), 15u);
  EXPECT_EQ(Field(my_pops, 1, "records"), 14u);
  EXPECT_EQ(Field(their_pops, 0, "records"), 13u);
  EXPECT_EQ(Field(their_pops, 1, "records"), 16u);
  EXPECT_EQ(Field(my_pops, 0, "overlapping_records"), 9u);
  EXPECT_EQ(Field(my_pops, 1, "overlapping_records"), 8u);
  EXPECT_EQ(Field(their_pops, 0, "overlapping_records"), 8u);
  EXPECT_EQ(Field(their_pops, 1, "overlapping_records"), 9u);
  // Rows: my Customers, Prospects; columns: partner Customers, Prospects.
  EXPECT_EQ(mine["matrix"]["my_records"],
            nlohmann::json::parse("[[5, 5], [4, 4]]"));
  EXPECT_EQ(mine["matrix"]["partner_records"],
            nlohmann::json::parse("[[4, 5], [4, 4]]"));
  EXPECT_EQ(mine["my_snapshot"]["records"], 29);
  EXPECT_EQ(mine["partner_snapshot"]["records"], 29);

  // The partner's view is the same matrix transposed, sides swapped.
  const nlohmann::json theirs = Report("globex", "acme");
  EXPECT_EQ(theirs["matrix"]["my_records"],
            nlohmann::json::parse("[[4, 4], [5, 4]]"));
  EXPECT_EQ(theirs["matrix"]["partner_records"],
            nlohmann::json::parse("[[5, 4], [5, 4]]"));
  EXPECT_EQ(Field(theirs["my_populations"], 0, "overlapping_records"), 8u);
}

TEST_F(MappingTest, DryRunShowsWhatWouldLeaveAndSendsNothing) {
  Partner("acme", "globex", NoProbeLimitArgs());
  const ProcessResult dry =
      Blindmap("acme", {"sync", "--partner", "globex", "--input", kAlpha,
                        "--dry-run", "--format", "json"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  const auto json = nlohmann::json::parse(dry.out, nullptr, false);
  EXPECT_EQ(json["dry_run"], true);
  EXPECT_EQ(json["rows"], 34);
  EXPECT_EQ(json["records"], 29);
  EXPECT_EQ(json["populations"][0]["records"], 15);
  EXPECT_EQ(json["populations"][1]["records"], 14);
  EXPECT_EQ(json["not_sent"]["no_population"], 3);
  EXPECT_EQ(json["not_sent"]["no_key"], 2);
  std::vector<int64_t> dropped_rows;
  for (const auto& problem : json["problems"]) {
    dropped_rows.push_back(problem["row"].get<int64_t>());
    // Reasons name rows and columns, never the values.
    EXPECT_THAT(problem["reason"].get<std::string>(), Not(HasSubstr("Inc.")));
  }
  // A17 and A18 are spreadsheet rows 18 and 19 (the header is row 1).
  EXPECT_THAT(dropped_rows, ::testing::ElementsAre(18, 19));
  // Nothing reached the broker.
  const ProcessResult report =
      Blindmap("acme", {"report", "--partner", "globex"});
  EXPECT_EQ(report.exit_code, 6);
  EXPECT_THAT(report.err, HasSubstr("neither you nor globex has synced"));
}

TEST_F(MappingTest, InterruptedUploadLeavesTheOldSnapshotAndReportIntact) {
  Partner("acme", "globex", NoProbeLimitArgs());
  Sync("acme", "globex", kAlpha);
  Sync("globex", "acme", kBeta);
  const nlohmann::json before = Report("acme", "globex");
  const std::string id = PartnershipId("acme");

  // A client that dies halfway: header and one batch, then the stream is
  // cancelled without a commit.
  auto stub = RawStub();
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + api_token("acme"));
    v1::UploadSnapshotResponse response;
    auto writer = stub->UploadSnapshot(&context, &response);
    v1::UploadSnapshotRequest header;
    header.mutable_header()->set_partnership_id(id);
    header.mutable_header()->set_period(before["period"]);
    header.mutable_header()->set_key_check(KeyCheck("acme", "globex"));
    header.mutable_header()->set_record_count(1000);
    header.mutable_header()->add_populations()->set_name("Customers");
    ASSERT_TRUE(writer->Write(header));
    v1::UploadSnapshotRequest batch;
    for (int i = 0; i < 10; ++i) {
      v1::Record* record = batch.mutable_batch()->add_records();
      record->set_record_id(std::string(15, 'x') + static_cast<char>(i));
      record->set_population_bits(1);
      v1::Token* token = record->add_tokens();
      token->set_kind(v1::KEY_KIND_NAME);
      token->set_value(std::string(16, static_cast<char>(i)));
    }
    ASSERT_TRUE(writer->Write(batch));
    context.TryCancel();
    EXPECT_FALSE(writer->Finish().ok());
  }
  EXPECT_EQ(Report("acme", "globex"), before);
  EXPECT_EQ(Report("globex", "acme")["partner_snapshot"]["records"], 29);

  // The broker itself dies halfway through an upload and restarts on the
  // same data directory.
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + api_token("globex"));
    v1::UploadSnapshotResponse response;
    auto writer = stub->UploadSnapshot(&context, &response);
    v1::UploadSnapshotRequest header;
    header.mutable_header()->set_partnership_id(id);
    header.mutable_header()->set_period(before["period"]);
    header.mutable_header()->set_key_check(KeyCheck("globex", "acme"));
    header.mutable_header()->set_record_count(1000);
    header.mutable_header()->add_populations()->set_name("Customers");
    ASSERT_TRUE(writer->Write(header));
    // Wait until the broker has stored the pending snapshot.
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (
        absl::Now() < deadline &&
        ReadFileOrEmpty(broker_log()).find("by globex started (1000 records") ==
            std::string::npos) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    ASSERT_THAT(ReadFileOrEmpty(broker_log()),
                HasSubstr("by globex started (1000 records"));
    EXPECT_EQ(StopBroker(SIGKILL), 128 + SIGKILL);
    EXPECT_FALSE(writer->Finish().ok());
  }
  StartBroker();
  AddParty("initech");  // proves the broker is back
  RepointClients();     // the clients' configs name the old port
  EXPECT_EQ(Report("acme", "globex"), before);
  EXPECT_THAT(ReadFileOrEmpty(broker_log()),
              HasSubstr("start-up removed 1 interrupted uploads"));
}

TEST_F(MappingTest, DifferentSecretsGiveTheKeyCheckErrorNotZero) {
  const ProcessResult invite =
      Blindmap("acme", {"partner", "invite", "globex"});
  ASSERT_EQ(invite.exit_code, 0) << invite.err;
  const std::string secret = SecretFromInviteOutput(invite.out);
  auto wrong = PartnershipSecret::Generate();
  ASSERT_TRUE(wrong.ok());

  const ProcessResult refused =
      Blindmap("globex", {"partner", "accept", "acme"}, wrong->ToText() + "\n");
  EXPECT_EQ(refused.exit_code, 6);
  EXPECT_THAT(refused.err, HasSubstr("key-check mismatch"));
  EXPECT_THAT(refused.err, Not(HasSubstr(wrong->ToText())));
  // The inviter sees the problem too.
  const ProcessResult list =
      Blindmap("acme", {"partner", "list", "--format", "json"});
  const auto json = nlohmann::json::parse(list.out, nullptr, false);
  EXPECT_EQ(json["partnerships"][0]["state"], "pending");
  EXPECT_THAT(json["partnerships"][0]["key_check_problem"].get<std::string>(),
              HasSubstr("globex holds a different partnership secret"));

  // The right secret works, and the wrong one is not left behind.
  const ProcessResult accepted =
      Blindmap("globex", {"partner", "accept", "acme"}, secret + "\n");
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;

  // A sync with another secret is refused instead of reporting zero.
  const std::string wrong_file = party_dir("globex") + "/wrong.secret";
  ASSERT_TRUE(wrong->WriteFile(wrong_file).ok());
  Sync("acme", "globex", kAlpha);
  const ProcessResult sync =
      Blindmap("globex", {"sync", "--partner", "acme", "--input", kBeta,
                          "--secret-file", wrong_file});
  EXPECT_EQ(sync.exit_code, 6);
  EXPECT_THAT(sync.err, HasSubstr("key-check mismatch"));
  const ProcessResult report =
      Blindmap("acme", {"report", "--partner", "globex"});
  EXPECT_EQ(report.exit_code, 6);
  EXPECT_THAT(report.err, HasSubstr("globex has not synced"));

  // With the right secret the report works; a later refused attempt shows
  // as a warning on the last good report until globex syncs right again,
  // and acme's own syncs do not clear globex's problem.
  Sync("globex", "acme", kBeta);
  EXPECT_THAT(Blindmap("acme", {"report", "--partner", "globex"}).out,
              Not(HasSubstr("Warning")));
  EXPECT_EQ(Blindmap("globex", {"sync", "--partner", "acme", "--input", kBeta,
                                "--secret-file", wrong_file})
                .exit_code,
            6);
  Sync("acme", "globex", kAlpha);
  const ProcessResult warned =
      Blindmap("acme", {"report", "--partner", "globex"});
  EXPECT_EQ(warned.exit_code, 0) << warned.err;
  EXPECT_THAT(warned.out, HasSubstr("Warning: key-check mismatch: globex holds "
                                    "a different partnership secret"));
  Sync("globex", "acme", kBeta);
  EXPECT_THAT(Blindmap("acme", {"report", "--partner", "globex"}).out,
              Not(HasSubstr("Warning")));
}

TEST_F(MappingTest, CredentialsAndMembershipAreEnforced) {
  Partner("acme", "globex", NoProbeLimitArgs());
  Sync("acme", "globex", kAlpha);
  Sync("globex", "acme", kBeta);
  AddParty("initech");
  const std::string id = PartnershipId("acme");
  auto stub = RawStub();

  // No credentials, and a token the broker never issued.
  for (const std::string& bearer :
       {std::string(), std::string("Bearer bm_forged")}) {
    grpc::ClientContext context;
    if (!bearer.empty()) context.AddMetadata("authorization", bearer);
    v1::GetReportRequest request;
    request.set_partnership_id(id);
    v1::OverlapReport report;
    EXPECT_EQ(stub->GetReport(&context, request, &report).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  // A real party that is not in the partnership.
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + api_token("initech"));
    v1::GetReportRequest request;
    request.set_partnership_id(id);
    v1::OverlapReport report;
    const grpc::Status status = stub->GetReport(&context, request, &report);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_THAT(status.error_message(), HasSubstr("initech is not part"));
  }
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + api_token("initech"));
    v1::RevokePartnershipRequest request;
    request.set_partnership_id(id);
    v1::RevokePartnershipResponse response;
    EXPECT_EQ(
        stub->RevokePartnership(&context, request, &response).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
  // Through the CLI: a wrong token file, and a partnership that is not yours.
  WriteFile(party_dir("initech") + "/forged.token", "bm_forged\n");
  chmod((party_dir("initech") + "/forged.token").c_str(), 0600);
  std::string config = ReadFileOrEmpty(party_dir("initech") + "/blindmap.yaml");
  config.replace(config.find("api.token"), 9, "forged.token");
  WriteFile(party_dir("initech") + "/forged.yaml", config);
  const ProcessResult forged =
      RunCommand({BlindmapPath(), "--config",
                  party_dir("initech") + "/forged.yaml", "whoami"});
  EXPECT_EQ(forged.exit_code, 4);
  EXPECT_THAT(forged.err, HasSubstr("unknown API token"));
  const ProcessResult outsider =
      Blindmap("initech", {"report", "--partner", "acme"});
  EXPECT_EQ(outsider.exit_code, 5);
  // The partnership is untouched.
  EXPECT_EQ(Report("acme", "globex")["my_snapshot"]["records"], 29);
}

// grpc.health.v1.Health/Check for the whole server, sent as raw bytes: the
// empty request, and the response's status field (1 = SERVING).
grpc::Status HealthCheck(int port, std::string& response_bytes) {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                     grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request, &response,
                 [&done](grpc::Status status) { done.set_value(status); });
  grpc::Status status = done.get_future().get();
  std::vector<grpc::Slice> slices;
  response_bytes.clear();
  if (status.ok() && response.Dump(&slices).ok()) {
    for (const grpc::Slice& slice : slices) {
      response_bytes.append(reinterpret_cast<const char*>(slice.begin()),
                            slice.size());
    }
  }
  return status;
}

TEST_F(MappingTest, HealthServiceSaysServingAndSigtermStopsGracefully) {
  std::string response;
  ASSERT_TRUE(HealthCheck(port(), response).ok());
  EXPECT_EQ(response, std::string("\x08\x01", 2));  // status: SERVING
  Partner("acme", "globex", NoProbeLimitArgs());
  EXPECT_EQ(StopBroker(SIGTERM), 0);
  EXPECT_THAT(ReadFileOrEmpty(broker_log()),
              HasSubstr("received SIGTERM, shutting down"));
  EXPECT_THAT(ReadFileOrEmpty(broker_log()), HasSubstr("blindmapd stopped"));
}

}  // namespace
}  // namespace blindmap
