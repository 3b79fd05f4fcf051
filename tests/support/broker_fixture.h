// A real blindmapd on 127.0.0.1 with its RocksDB in a temporary directory,
// and real blindmap clients talking to it, for end-to-end tests.
#ifndef BLINDMAP_TESTS_SUPPORT_BROKER_FIXTURE_H_
#define BLINDMAP_TESTS_SUPPORT_BROKER_FIXTURE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/file_scan.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace blindmap {

std::string BlindmapdPath();
std::string BlindmapPath();
std::string SourcePath(const std::string& relative);

// Per test: a temp dir holding the broker's config, data and log, and one
// directory per party with its token, config and state.
class BrokerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Appends `yaml` (e.g. a `limits:` section) to the broker's config; call
  // before StartBroker().
  void AddBrokerConfig(const std::string& yaml);
  // Starts blindmapd (plaintext on 127.0.0.1, port 0) on data_dir(); fails
  // the test if it does not come up within 15 s.
  void StartBroker();
  // Sends `signal` and waits for the exit; returns its exit code.
  int StopBroker(int signal);
  // After a restart (on a new port): points every party's client config at
  // the broker's current port.
  void RepointClients();

  // Creates the party through the admin socket and writes its client
  // config; `extra_yaml` is appended to the config.
  void AddParty(const std::string& name, const std::string& extra_yaml = "");
  // Runs `blindmap --config <party config> args...`.
  ProcessResult Blindmap(const std::string& party,
                         const std::vector<std::string>& args,
                         const std::string& input = "");
  // Account ids, normalized names and domain keys of `party`'s export
  // `csv`, from `blindmap keys` (local only): what must never reach the
  // broker. Fails the test if the command does.
  std::vector<Needle> AccountKeyNeedles(const std::string& party,
                                        const std::string& csv);
  // Runs blindmapd with `args`.
  ProcessResult Blindmapd(const std::vector<std::string>& args);

  // `inviter` invites `invitee` (with `invite_args` added to `partner
  // invite`), which accepts with the secret printed.
  void Partner(const std::string& inviter, const std::string& invitee,
               const std::vector<std::string>& invite_args = {});

  const std::string& root() const { return dir_.path(); }
  std::string data_dir() const { return root() + "/broker-data"; }
  std::string broker_log() const { return root() + "/blindmapd.log"; }
  std::string broker_config() const { return root() + "/broker.yaml"; }
  std::string party_dir(const std::string& party) const {
    return root() + "/" + party;
  }
  std::string api_token(const std::string& party) const;
  int port() const { return port_; }

 private:
  TempDir dir_;
  std::vector<std::string> parties_;
  std::unique_ptr<Daemon> broker_;
  int port_ = 0;
};

// `partner invite` arguments switching every probe limit off, for tests of
// other things on crafted populations smaller than the default minimum.
std::vector<std::string> NoProbeLimitArgs();

// The partnership secret ("bm1-...") in `blindmap partner invite` output.
std::string SecretFromInviteOutput(const std::string& out);

}  // namespace blindmap

#endif  // BLINDMAP_TESTS_SUPPORT_BROKER_FIXTURE_H_
