// Transport: TLS with a private CA from deploy/make-certs.sh, and the rules
// on plaintext.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/broker_fixture.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;

class TlsTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    certs_ = root() + "/certs";
    const ProcessResult made =
        RunCommand({"/bin/bash", SourcePath("deploy/make-certs.sh"), certs_});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    WriteFile(
        broker_config(),
        absl::StrCat("listen: 127.0.0.1:0\ndata_dir: ", data_dir(),
                     "\ntls:\n  cert_file: ", certs_,
                     "/broker.crt\n  key_file: ", certs_, "/broker.key\n"));
    StartBroker();
  }

  // Rewrites a party's transport lines.
  void UseTransport(const std::string& party, const std::string& lines) {
    const std::string path = party_dir(party) + "/blindmap.yaml";
    WriteFile(path, absl::StrReplaceAll(ReadFileOrEmpty(path),
                                        {{"  plaintext: true\n", lines}}));
  }

  std::string certs_;
};

TEST_F(TlsTest, MappingWorksOverTlsWithThePrivateCa) {
  AddParty("acme");
  AddParty("globex");
  UseTransport("acme", "  ca_file: " + certs_ + "/ca.crt\n");
  UseTransport("globex", "  ca_file: " + certs_ + "/ca.crt\n");
  Partner("acme", "globex", NoProbeLimitArgs());
  for (const auto& [party, partner, file] :
       {std::tuple<std::string, std::string, std::string>{
            "acme", "globex", "tests/data/e2e/alpha.csv"},
        {"globex", "acme", "tests/data/e2e/beta.csv"}}) {
    const ProcessResult sync = Blindmap(
        party, {"sync", "--partner", partner, "--input", SourcePath(file)});
    ASSERT_EQ(sync.exit_code, 0) << sync.err;
  }
  const ProcessResult report =
      Blindmap("acme", {"report", "--partner", "globex", "--format", "csv"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_THAT(report.out, HasSubstr("matrix,"));
  EXPECT_THAT(report.out,
              HasSubstr(",Customers,Customers,,customer_customer,5,4,"));
}

TEST_F(TlsTest, ClientRefusesABrokerItCannotVerify) {
  AddParty("acme");
  // No ca_file: the system's roots do not know our private CA.
  UseTransport("acme", "");
  const ProcessResult unverified = Blindmap("acme", {"whoami"});
  EXPECT_EQ(unverified.exit_code, 7);
  EXPECT_THAT(unverified.err,
              HasSubstr("cannot reach the broker at 127.0.0.1:"));
  // Plaintext against a TLS broker does not get through either.
  UseTransport("acme", "  plaintext: true\n");
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

}  // namespace
}  // namespace blindmap
