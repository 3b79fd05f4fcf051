#include "tests/support/broker_fixture.h"

#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace blindmap {

std::string BlindmapdPath() {
  return std::string(BLINDMAP_BINARY_DIR) + "/server/blindmapd";
}
std::string BlindmapPath() {
  return std::string(BLINDMAP_BINARY_DIR) + "/client/blindmap";
}
std::string SourcePath(const std::string& relative) {
  return std::string(BLINDMAP_SOURCE_DIR) + "/" + relative;
}

void BrokerTest::SetUp() {
  ASSERT_FALSE(root().empty()) << "cannot create a temporary directory";
  WriteFile(broker_config(),
            absl::StrCat("listen: 127.0.0.1:0\n", "data_dir: ", data_dir(),
                         "\n", "plaintext: true\n"));
}

void BrokerTest::AddBrokerConfig(const std::string& yaml) {
  WriteFile(broker_config(), ReadFileOrEmpty(broker_config()) + yaml);
}

void BrokerTest::TearDown() {
  if (broker_ != nullptr && broker_->running()) StopBroker(SIGTERM);
}

void BrokerTest::StartBroker() {
  const std::string port_file = root() + "/port";
  std::filesystem::remove(port_file);
  broker_ = std::make_unique<Daemon>(
      std::vector<std::string>{BlindmapdPath(), "serve", "--config",
                               broker_config(), "--port-file", port_file},
      broker_log());
  ASSERT_TRUE(broker_->running()) << "cannot spawn " << BlindmapdPath();
  const std::string port = WaitForFileLine(port_file, absl::Seconds(15));
  ASSERT_FALSE(port.empty()) << "blindmapd did not start; its log:\n"
                             << ReadFileOrEmpty(broker_log());
  port_ = std::stoi(port);
}

int BrokerTest::StopBroker(int signal) {
  if (broker_ == nullptr) return -1;
  const int code = broker_->Stop(signal);
  broker_.reset();
  return code;
}

std::string BrokerTest::api_token(const std::string& party) const {
  std::string token = ReadFileOrEmpty(party_dir(party) + "/api.token");
  while (!token.empty() && token.back() == '\n') token.pop_back();
  return token;
}

void BrokerTest::AddParty(const std::string& name,
                          const std::string& extra_yaml) {
  const std::string dir = party_dir(name);
  std::filesystem::create_directories(dir);
  const ProcessResult created =
      Blindmapd({"admin", "--config", broker_config(), "create-party", name,
                 "--token-file", dir + "/api.token"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  parties_.push_back(name);
  WriteFile(
      dir + "/blindmap.yaml",
      absl::StrCat("party: ", name, "\n", "broker:\n",
                   "  address: 127.0.0.1:", port_, "\n", "  plaintext: true\n",
                   "  token_file: api.token\n", "  timeout_seconds: 30\n",
                   "state_dir: state\n", extra_yaml));
}

void BrokerTest::RepointClients() {
  for (const std::string& party : parties_) {
    const std::string config = party_dir(party) + "/blindmap.yaml";
    std::string text = ReadFileOrEmpty(config);
    const size_t at = text.find("127.0.0.1:");
    ASSERT_NE(at, std::string::npos) << config;
    const size_t end = text.find('\n', at);
    text.replace(at, end - at, absl::StrCat("127.0.0.1:", port_));
    WriteFile(config, text);
  }
}

ProcessResult BrokerTest::Blindmap(const std::string& party,
                                   const std::vector<std::string>& args,
                                   const std::string& input) {
  std::vector<std::string> argv = {BlindmapPath(), "--config",
                                   party_dir(party) + "/blindmap.yaml"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, input, absl::Seconds(120));
}

std::vector<Needle> BrokerTest::AccountKeyNeedles(const std::string& party,
                                                  const std::string& csv) {
  std::vector<Needle> needles;
  const ProcessResult keys = Blindmap(party, {"keys", csv, "--format", "json"});
  EXPECT_EQ(keys.exit_code, 0) << keys.err;
  const auto parsed = nlohmann::json::parse(keys.out, nullptr, false);
  if (!parsed.is_object()) {
    ADD_FAILURE() << "blindmap keys printed no JSON: " << keys.out;
    return needles;
  }
  for (const auto& record : parsed["records"]) {
    AddNeedle(needles, record["account_id"], party + " account id");
    AddNeedle(needles, record["name"], party + " normalized name");
    std::string joined = record["name"].get<std::string>();
    joined.erase(std::remove(joined.begin(), joined.end(), ' '), joined.end());
    AddNeedle(needles, joined, party + " name as hashed (no spaces)");
    for (const auto& domain : record["domains"]) {
      AddNeedle(needles, domain, party + " domain key");
    }
    for (const char* field : {"name_forms", "brand_labels"}) {
      if (!record.contains(field)) continue;
      for (const auto& value : record[field]) {
        AddNeedle(needles, value, party + " " + field);
      }
    }
  }
  return needles;
}

ProcessResult BrokerTest::Blindmapd(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {BlindmapdPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, "", absl::Seconds(30));
}

std::string SecretFromInviteOutput(const std::string& out) {
  static const std::regex kSecret("bm1(-[0-9A-Z]{4}){14}");
  std::smatch match;
  return std::regex_search(out, match, kSecret) ? match.str() : "";
}

std::vector<std::string> NoProbeLimitArgs() {
  return {"--min-population", "0", "--max-uploads", "0", "--min-changed", "0"};
}

void BrokerTest::Partner(const std::string& inviter, const std::string& invitee,
                         const std::vector<std::string>& invite_args) {
  std::vector<std::string> args = {"partner", "invite", invitee};
  args.insert(args.end(), invite_args.begin(), invite_args.end());
  const ProcessResult invite = Blindmap(inviter, args);
  ASSERT_EQ(invite.exit_code, 0) << invite.err;
  const std::string secret = SecretFromInviteOutput(invite.out);
  ASSERT_FALSE(secret.empty()) << invite.out;
  const ProcessResult accept =
      Blindmap(invitee, {"partner", "accept", inviter}, secret + "\n");
  ASSERT_EQ(accept.exit_code, 0) << accept.err;
}

}  // namespace blindmap
