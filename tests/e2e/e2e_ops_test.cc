// What an operator relies on, end to end on loopback: one broker per
// address, backups that restore to identical reports, the metrics endpoint
// and the structured log with request ids.
#include <signal.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/broker_fixture.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;

class OpsTest : public BrokerTest {};

TEST_F(OpsTest, SecondBrokerOnTheSameAddressRefusesToStart) {
  StartBroker();
  AddParty("acme");
  // Another broker, its own data, the live broker's address.
  const std::string other = root() + "/other.yaml";
  WriteFile(other, absl::StrCat("listen: 127.0.0.1:", port(), "\n",
                                "data_dir: ", root(), "/other-data\n",
                                "plaintext: true\n"));
  const ProcessResult second = RunCommand(
      {BlindmapdPath(), "serve", "--config", other}, "", absl::Seconds(10));
  EXPECT_FALSE(second.timed_out) << "the second broker kept running";
  EXPECT_NE(second.exit_code, 0);
  EXPECT_THAT(second.err,
              HasSubstr(absl::StrCat("cannot listen on 127.0.0.1:", port(),
                                     ": the address is already in use")));
  // Nothing of it was created, and the first broker answers every call.
  EXPECT_FALSE(std::filesystem::exists(root() + "/other-data"));
  for (int i = 0; i < 8; ++i) {
    const ProcessResult whoami = Blindmap("acme", {"whoami"});
    ASSERT_EQ(whoami.exit_code, 0) << whoami.err;
    EXPECT_EQ(whoami.out, "acme\n");
  }
}

TEST_F(OpsTest, PortsOutOfRangeAndMissingTlsFilesAreBadInput) {
  const std::string config = root() + "/check.yaml";
  WriteFile(config, absl::StrCat("listen: 127.0.0.1:70000\ndata_dir: ", root(),
                                 "/d\nplaintext: true\n"));
  ProcessResult checked = Blindmapd({"check-config", "--config", config});
  EXPECT_EQ(checked.exit_code, 2);
  EXPECT_THAT(checked.err, HasSubstr("listen: the port of 127.0.0.1:70000 is "
                                     "out of range: 0 to 65535"));
  WriteFile(config, absl::StrCat("listen: 0.0.0.0:7443\ndata_dir: ", root(),
                                 "/d\ntls:\n  cert_file: tls/broker.crt\n"
                                 "  key_file: tls/broker.key\n"));
  checked = Blindmapd({"check-config", "--config", config});
  EXPECT_EQ(checked.exit_code, 2);
  EXPECT_THAT(checked.err,
              HasSubstr(absl::StrCat("tls.cert_file: ", root(),
                                     "/tls/broker.crt: no such file")));

  // A client address with port 99999 is a config error (exit 3), not an
  // unreachable broker (exit 7).
  StartBroker();
  AddParty("acme");
  const std::string client = party_dir("acme") + "/blindmap.yaml";
  std::string text = ReadFileOrEmpty(client);
  const std::string live = absl::StrCat("127.0.0.1:", port());
  text.replace(text.find(live), live.size(), "127.0.0.1:99999");
  WriteFile(client, text);
  const ProcessResult whoami = Blindmap("acme", {"whoami"});
  EXPECT_EQ(whoami.exit_code, 3);
  EXPECT_THAT(whoami.err, HasSubstr("broker.address: expected host:port with a "
                                    "port from 1 to 65535, not "
                                    "\"127.0.0.1:99999\""));
}

}  // namespace
}  // namespace blindmap
