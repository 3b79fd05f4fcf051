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

}  // namespace
}  // namespace blindmap
