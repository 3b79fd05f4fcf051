// Transport: TLS with a private CA from deploy/make-certs.sh, mutual TLS
// where the client certificate names the party, the rules on plaintext,
// and the health port (health_listen) that Kubernetes probes.
#include <chrono>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/broker_fixture.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;

// Runs deploy/make-certs.sh into `dir` with client certificates for
// `clients`.
void MakeCerts(const std::string& dir,
               const std::vector<std::string>& clients) {
  std::vector<std::string> argv = {"/bin/bash",
                                   SourcePath("deploy/make-certs.sh"), dir};
  for (const std::string& client : clients) {
    argv.push_back("--client");
    argv.push_back(client);
  }
  const ProcessResult made = RunCommand(argv);
  ASSERT_EQ(made.exit_code, 0) << made.err;
}

class TlsTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    certs_ = root() + "/certs";
    ASSERT_NO_FATAL_FAILURE(MakeCerts(certs_, ClientCertificates()));
    WriteFile(broker_config(),
              absl::StrCat("listen: 127.0.0.1:0\ndata_dir: ", data_dir(),
                           "\ntls:\n  cert_file: ", certs_,
                           "/broker.crt\n  key_file: ", certs_, "/broker.key\n",
                           ExtraTls()));
    StartBroker();
  }

  // Partners acme with globex, syncs both sample exports and puts acme's
  // report (csv) in `report`.
  void MapTheSamples(std::string& report) {
    Partner("acme", "globex", NoProbeLimitArgs());
    for (const auto& [party, partner, file] :
         {std::tuple<std::string, std::string, std::string>{
              "acme", "globex", "tests/data/e2e/alpha.csv"},
          {"globex", "acme", "tests/data/e2e/beta.csv"}}) {
      const ProcessResult sync = Blindmap(
          party, {"sync", "--partner", partner, "--input", SourcePath(file)});
      ASSERT_EQ(sync.exit_code, 0) << sync.err;
    }
    const ProcessResult run =
        Blindmap("acme", {"report", "--partner", "globex", "--format", "csv"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    report = run.out;
  }

  virtual std::vector<std::string> ClientCertificates() const { return {}; }
  std::string CaAndToken() const {
    return absl::StrCat("  ca_file: ", certs_, "/ca.crt\n",
                        "  token_file: api.token\n");
  }
  virtual std::string ExtraTls() const { return ""; }

  // Replaces the transport and credential lines of a party's broker
  // section with `lines` (its address and timeout stay).
  void UseTransport(const std::string& party, const std::string& lines) {
    const std::string path = party_dir(party) + "/blindmap.yaml";
    std::string text = ReadFileOrEmpty(path);
    const size_t begin = text.find("broker:\n");
    const size_t end = text.find("state_dir:");
    ASSERT_NE(begin, std::string::npos);
    ASSERT_NE(end, std::string::npos);
    std::string kept = "broker:\n";
    for (absl::string_view line :
         absl::StrSplit(text.substr(begin, end - begin), '\n')) {
      if (absl::StartsWith(line, "  address:") ||
          absl::StartsWith(line, "  timeout_seconds:")) {
        absl::StrAppend(&kept, line, "\n");
      }
    }
    text.replace(begin, end - begin, kept + lines);
    WriteFile(path, text);
  }

  std::string certs_;
};

TEST_F(TlsTest, MappingWorksOverTlsWithThePrivateCa) {
  AddParty("acme");
  AddParty("globex");
  UseTransport("acme", CaAndToken());
  UseTransport("globex", CaAndToken());
  std::string report;
  ASSERT_NO_FATAL_FAILURE(MapTheSamples(report));
  EXPECT_THAT(report, HasSubstr("matrix,"));
  EXPECT_THAT(report,
              HasSubstr(",Customers,Customers,,customer_customer,5,4,"));
}

TEST_F(TlsTest, ClientRefusesABrokerItCannotVerify) {
  AddParty("acme");
  // No ca_file: the system's roots do not know our private CA.
  UseTransport("acme", "  token_file: api.token\n");
  const ProcessResult unverified = Blindmap("acme", {"whoami"});
  EXPECT_EQ(unverified.exit_code, 7);
  EXPECT_THAT(unverified.err,
              HasSubstr("cannot reach the broker at 127.0.0.1:"));
  // Plaintext against a TLS broker does not get through either.
  UseTransport("acme", "  plaintext: true\n  token_file: api.token\n");
  EXPECT_EQ(Blindmap("acme", {"whoami"}).exit_code, 7);
}

TEST_F(TlsTest, PlaintextIsRefusedOffLoopbackOnBothSides) {
  const std::string config = root() + "/open.yaml";
  WriteFile(config, "listen: 0.0.0.0:7443\ndata_dir: d\nplaintext: true\n");
  const ProcessResult broker = Blindmapd({"check-config", "--config", config});
  EXPECT_EQ(broker.exit_code, 2);
  EXPECT_THAT(broker.err, HasSubstr("plaintext: refused: plaintext is only "
                                    "allowed on a loopback address"));
  WriteFile(config, "listen: 0.0.0.0:7443\ndata_dir: d\n");
  EXPECT_THAT(Blindmapd({"check-config", "--config", config}).err,
              HasSubstr("give tls.cert_file and tls.key_file"));

  AddParty("acme");
  const std::string path = party_dir("acme") + "/blindmap.yaml";
  WriteFile(path, absl::StrReplaceAll(ReadFileOrEmpty(path),
                                      {{"127.0.0.1:", "192.0.2.10:"}}));
  const ProcessResult client = Blindmap("acme", {"whoami"});
  EXPECT_EQ(client.exit_code, 3);
  EXPECT_THAT(client.err,
              HasSubstr("broker.plaintext is only allowed for a loopback"));
}

// Mutual TLS: the broker asks every client for a certificate from its CA
// and takes the party from the certificate's common name.
class MutualTlsTest : public TlsTest {
 protected:
  std::vector<std::string> ClientCertificates() const override {
    return {"acme", "globex", "mallory"};
  }
  std::string ExtraTls() const override {
    return absl::StrCat("  client_ca_file: ", certs_, "/ca.crt\n");
  }

  // The party's transport: the private CA and `credentials` (lines of the
  // broker section).
  void UseCredentials(const std::string& party,
                      const std::string& credentials) {
    UseTransport(party,
                 absl::StrCat("  ca_file: ", certs_, "/ca.crt\n", credentials));
  }
  std::string Certificate(const std::string& dir, const std::string& name) {
    return absl::StrCat("  cert_file: ", dir, "/", name, ".crt\n",
                        "  key_file: ", dir, "/", name, ".key\n");
  }
};

TEST_F(MutualTlsTest, TheCertificateAloneIdentifiesTheParty) {
  AddParty("acme");
  AddParty("globex");
  UseCredentials("acme", Certificate(certs_, "acme"));
  UseCredentials("globex", Certificate(certs_, "globex"));
  const ProcessResult whoami = Blindmap("acme", {"whoami"});
  ASSERT_EQ(whoami.exit_code, 0) << whoami.err;
  EXPECT_EQ(whoami.out, "acme\n");
  std::string report;
  ASSERT_NO_FATAL_FAILURE(MapTheSamples(report));
  EXPECT_THAT(report,
              HasSubstr(",Customers,Customers,,customer_customer,5,4,"));
  EXPECT_THAT(ReadFileOrEmpty(broker_log()), HasSubstr("(mutual TLS)"));
}

TEST_F(MutualTlsTest, ATokenBesideTheCertificateMustNameTheSameParty) {
  AddParty("acme");
  AddParty("globex");
  UseCredentials("acme", absl::StrCat("  token_file: api.token\n",
                                      Certificate(certs_, "acme")));
  const ProcessResult same = Blindmap("acme", {"whoami"});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(same.out, "acme\n");
  // acme's token on globex's certificate.
  UseCredentials("globex",
                 absl::StrCat("  token_file: ", party_dir("acme"),
                              "/api.token\n", Certificate(certs_, "globex")));
  const ProcessResult crossed = Blindmap("globex", {"whoami"});
  EXPECT_EQ(crossed.exit_code, 4);
  EXPECT_THAT(crossed.err, HasSubstr("the API token and the client "
                                     "certificate belong to different "
                                     "parties"));
}

TEST_F(MutualTlsTest, RefusesClientsWithoutACertificateFromItsCa) {
  AddParty("acme");
  // A valid token but no certificate: the handshake fails.
  UseCredentials("acme", "  token_file: api.token\n");
  const ProcessResult token_only = Blindmap("acme", {"whoami"});
  EXPECT_EQ(token_only.exit_code, 7);
  EXPECT_THAT(token_only.err, HasSubstr("cannot reach the broker at"));
  // A certificate named acme from another CA.
  const std::string foreign = root() + "/foreign";
  ASSERT_NO_FATAL_FAILURE(MakeCerts(foreign, {"acme"}));
  UseCredentials("acme", Certificate(foreign, "acme"));
  EXPECT_EQ(Blindmap("acme", {"whoami"}).exit_code, 7);
  // Our CA, but mallory is no party on this broker.
  UseCredentials("acme", Certificate(certs_, "mallory"));
  const ProcessResult stranger = Blindmap("acme", {"whoami"});
  EXPECT_EQ(stranger.exit_code, 4);
  EXPECT_THAT(stranger.err, HasSubstr("the client certificate's common name "
                                      "is not a party on this broker"));
}

TEST_F(MutualTlsTest, ADeletedPartysCertificateNoLongerWorks) {
  AddParty("acme");
  UseCredentials("acme", Certificate(certs_, "acme"));
  ASSERT_EQ(Blindmap("acme", {"whoami"}).exit_code, 0);
  const ProcessResult deleted =
      Blindmapd({"admin", "--config", broker_config(), "delete-party", "acme"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  const ProcessResult after = Blindmap("acme", {"whoami"});
  EXPECT_EQ(after.exit_code, 4);
  EXPECT_THAT(after.err, HasSubstr("is not a party on this broker"));
}

TEST_F(MutualTlsTest, ConfigsRejectHalfAndContradictorySettings) {
  const std::string config = root() + "/half.yaml";
  WriteFile(config, absl::StrCat("listen: 127.0.0.1:0\ndata_dir: d\n"
                                 "plaintext: true\ntls:\n  client_ca_file: ",
                                 certs_, "/ca.crt\n"));
  const ProcessResult broker = Blindmapd({"check-config", "--config", config});
  EXPECT_EQ(broker.exit_code, 2);
  EXPECT_THAT(broker.err, HasSubstr("tls.client_ca_file: mutual TLS needs the "
                                    "broker's own cert_file and key_file"));

  AddParty("acme");
  UseCredentials("acme", absl::StrCat("  cert_file: ", certs_, "/acme.crt\n"));
  const ProcessResult half = Blindmap("acme", {"whoami"});
  EXPECT_EQ(half.exit_code, 3);
  EXPECT_THAT(half.err, HasSubstr("cert_file and key_file must be given "
                                  "together"));
  UseCredentials("acme", "");
  const ProcessResult none = Blindmap("acme", {"whoami"});
  EXPECT_EQ(none.exit_code, 3);
  EXPECT_THAT(none.err, HasSubstr("broker.token_file: missing"));
}

// health_listen: the gRPC health service alone, without TLS, for
// Kubernetes' probes; the Broker service is not reachable there.
class HealthPortTest : public TlsTest {
 protected:
  std::string ExtraTls() const override {
    return "health_listen: 127.0.0.1:0\n";
  }

  // A unary call over plaintext with a raw request; its status and answer.
  static std::pair<grpc::Status, std::string> Call(int port,
                                                   const std::string& method,
                                                   const std::string& request) {
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                       grpc::InsecureChannelCredentials());
    grpc::GenericStub stub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    grpc::Slice slice(request);
    grpc::ByteBuffer in(&slice, 1);
    grpc::ByteBuffer out;
    grpc::Status status;
    absl::Notification done;
    stub.UnaryCall(&context, method, grpc::StubOptions(), &in, &out,
                   [&](grpc::Status s) {
                     status = std::move(s);
                     done.Notify();
                   });
    done.WaitForNotification();
    std::vector<grpc::Slice> slices;
    std::string answer;
    if (status.ok() && out.Dump(&slices).ok()) {
      for (const grpc::Slice& piece : slices) {
        answer.append(reinterpret_cast<const char*>(piece.begin()),
                      piece.size());
      }
    }
    return {status, answer};
  }
};

TEST_F(HealthPortTest, ServesTheHealthServiceAloneWithoutTls) {
  const std::string log = ReadFileOrEmpty(broker_log());
  const std::string marker = "health service (alone, plaintext) on port ";
  const size_t at = log.find(marker);
  ASSERT_NE(at, std::string::npos) << log;
  const int port = std::stoi(log.substr(at + marker.size()));
  ASSERT_GT(port, 0);
  EXPECT_NE(port, this->port());
  // grpc.health.v1.HealthCheckResponse{status: SERVING} is 08 01.
  const auto [health, answer] = Call(port, "/grpc.health.v1.Health/Check", "");
  ASSERT_TRUE(health.ok()) << health.error_message();
  EXPECT_EQ(answer, std::string("\x08\x01", 2));
  const auto [broker, nothing] = Call(port, "/blindmap.v1.Broker/WhoAmI", "");
  EXPECT_EQ(broker.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  // The TLS port does not answer plaintext at all.
  EXPECT_FALSE(
      Call(this->port(), "/grpc.health.v1.Health/Check", "").first.ok());
}

}  // namespace
}  // namespace blindmap
