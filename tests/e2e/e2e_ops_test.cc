// What an operator relies on, end to end on loopback: one broker per
// address, backups that restore to identical reports, the metrics endpoint
// and the structured log with request ids.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/broker_fixture.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

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

// Bytes of the SST files under `dir` (the broker's database).
uint64_t SstBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(dir, error)) {
    if (entry.path().extension() == ".sst") total += entry.file_size(error);
  }
  return total;
}

// `rows` accounts as Salesforce exports them; `variant` changes every name
// and website, so each upload is new data.
std::string SyntheticExport(int rows, int variant) {
  std::string csv = "Account ID,Account Name,Type,Website\n";
  for (int i = 0; i < rows; ++i) {
    absl::StrAppend(&csv, "001SYN", variant, "x", i, ",Synthetic ", variant,
                    " Company ", i, " Ltd,",
                    i % 2 == 0 ? "Customer - Direct" : "Prospect",
                    ",https://synthetic", variant, "-", i, ".example.com/\n");
  }
  return csv;
}

TEST_F(OpsTest, ReplacedSnapshotsGiveTheirSpaceBackWithoutAnOperator) {
  StartBroker();
  AddParty("acme");
  AddParty("globex");
  Partner("acme", "globex", NoProbeLimitArgs());
  const std::string csv = party_dir("acme") + "/accounts.csv";
  const auto sync = [&](int variant) {
    WriteFile(csv, SyntheticExport(4000, variant));
    const ProcessResult run =
        Blindmap("acme", {"sync", "--partner", "globex", "--input", csv});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  };
  sync(0);
  const uint64_t one_snapshot = SstBytes(data_dir());
  ASSERT_GT(one_snapshot, 400'000u);  // 4,000 records with their tokens
  for (int variant = 1; variant <= 5; ++variant) sync(variant);
  // Six uploads of one period: only the last is kept, and its space is all
  // the database needs once the background reclaim has run (polled: it
  // runs right after each commit). Without it the files hold all six.
  uint64_t now = SstBytes(data_dir());
  for (int i = 0; i < 300 && now > one_snapshot * 3 / 2; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    now = SstBytes(data_dir());
  }
  EXPECT_LE(now, one_snapshot * 3 / 2)
      << "one snapshot: " << one_snapshot << " bytes";
}

nlohmann::json JsonOf(const ProcessResult& run) {
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return nlohmann::json::parse(run.out, nullptr, false);
}

// A backup taken while other partnerships keep syncing restores, into a
// fresh data directory, to a broker that gives identical reports.
TEST_F(OpsTest, BackupTakenWhileSyncsRunRestoresToIdenticalReports) {
  StartBroker();
  for (const char* party : {"acme", "globex", "initech", "umbrella"}) {
    AddParty(party);
  }
  Partner("acme", "globex", NoProbeLimitArgs());
  Partner("initech", "umbrella", NoProbeLimitArgs());
  const std::string acme_csv = SourcePath("examples/acme-salesforce.csv");
  const std::string globex_csv = SourcePath("examples/globex-hubspot.csv");
  ASSERT_EQ(
      Blindmap("acme", {"sync", "--partner", "globex", "--input", acme_csv})
          .exit_code,
      0);
  ASSERT_EQ(
      Blindmap("globex", {"sync", "--partner", "acme", "--input", globex_csv})
          .exit_code,
      0);
  const auto report = [&](const std::string& party,
                          const std::string& partner) {
    return JsonOf(
        Blindmap(party, {"report", "--partner", partner, "--format", "json"}));
  };
  const nlohmann::json acme_before = report("acme", "globex");
  const nlohmann::json globex_before = report("globex", "acme");
  ASSERT_EQ(acme_before["matrix"]["my_records"][0][0], 16);

  // initech and umbrella sync in a loop meanwhile (bounded: 12 uploads).
  std::atomic<bool> stop{false};
  std::atomic<bool> done{false};
  std::atomic<int> synced{0};
  std::thread syncing([&] {
    for (int i = 0; i < 12 && !stop; ++i) {
      const std::string party = i % 2 == 0 ? "initech" : "umbrella";
      const std::string csv = root() + "/" + party + ".csv";
      WriteFile(csv, SyntheticExport(600, i));
      const ProcessResult run = Blindmap(
          party, {"sync", "--partner",
                  party == "initech" ? "umbrella" : "initech", "--input", csv});
      if (run.exit_code == 0) ++synced;
    }
    done = true;
  });
  // The backup starts once both have uploaded, while the loop goes on.
  while (synced < 2 && !done) absl::SleepFor(absl::Milliseconds(20));
  EXPECT_GE(synced, 2);
  const ProcessResult backup =
      Blindmapd({"admin", "--config", broker_config(), "--format", "json",
                 "backup", root() + "/backups"});
  stop = true;
  syncing.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  const std::string path = nlohmann::json::parse(backup.out)["path"];
  EXPECT_THAT(path, ::testing::StartsWith(root() + "/backups/blindmapd-"));
  EXPECT_EQ(
      std::filesystem::status(path).permissions() & std::filesystem::perms::all,
      std::filesystem::perms::owner_all);
  ASSERT_EQ(StopBroker(SIGTERM), 0);

  // A fresh data directory; a second restore into it is refused.
  WriteFile(broker_config(),
            absl::StrCat("listen: 127.0.0.1:0\ndata_dir: ", root(),
                         "/restored\nplaintext: true\n"));
  const ProcessResult restored =
      Blindmapd({"restore", "--config", broker_config(), path});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  const ProcessResult again =
      Blindmapd({"restore", "--config", broker_config(), path});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.err, HasSubstr("already holds a database: restore into a "
                                   "fresh data_dir"));
  const ProcessResult not_backup =
      Blindmapd({"restore", "--config", broker_config(), root()});
  EXPECT_THAT(not_backup.err, HasSubstr("is not a blindmapd backup"));

  StartBroker();
  RepointClients();
  EXPECT_EQ(Blindmap("acme", {"whoami"}).out, "acme\n");
  EXPECT_EQ(report("acme", "globex"), acme_before);
  EXPECT_EQ(report("globex", "acme"), globex_before);
  // The other pair's state is whole: one of its uploads, with a report.
  const nlohmann::json other = report("initech", "umbrella");
  EXPECT_EQ(other["partner"], "umbrella");
  // And the restored broker takes new uploads.
  EXPECT_EQ(
      Blindmap("acme", {"sync", "--partner", "globex", "--input", acme_csv})
          .exit_code,
      0);
}

// GET `path` from 127.0.0.1:`port`: the whole response, headers included.
std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) ==
      0) {
    const std::string request =
        absl::StrCat("GET ", path, " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    if (send(fd, request.data(), request.size(), 0) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      ssize_t n;
      while ((n = recv(fd, buffer, sizeof(buffer), 0)) > 0) {
        response.append(buffer, static_cast<size_t>(n));
      }
    }
  }
  close(fd);
  return response;
}

// The value of the sample `series` (name and labels as written) in a
// Prometheus text, or -1 when absent.
double Sample(const std::string& text, const std::string& series) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, series + " ")) {
      double value = -1;
      EXPECT_TRUE(absl::SimpleAtod(line.substr(series.size() + 1), &value))
          << line;
      return value;
    }
  }
  return -1;
}

TEST_F(OpsTest, MetricsAndJsonLogsCountEveryCallAndNameNoParty) {
  AddBrokerConfig("log_format: json\nmetrics_listen: 127.0.0.1:0\n");
  StartBroker();
  AddParty("acme");
  AddParty("globex");
  Partner(
      "acme", "globex",
      {"--max-uploads", "1", "--min-changed", "0", "--min-population", "0"});
  const std::string csv = SourcePath("examples/acme-salesforce.csv");
  ASSERT_EQ(Blindmap("acme", {"sync", "--partner", "globex", "--input", csv})
                .exit_code,
            0);
  // The second upload of the period is refused by the probe policy; the
  // client prints the call's request id.
  const ProcessResult refused =
      Blindmap("acme", {"sync", "--partner", "globex", "--input", csv});
  EXPECT_EQ(refused.exit_code, 8);
  std::smatch match;
  const std::regex request_id_pattern("\\(request id ([0-9a-f]{16})\\)");
  ASSERT_TRUE(std::regex_search(refused.err, match, request_id_pattern))
      << refused.err;
  const std::string request_id = match[1];

  // The broker's log: JSON, one object per line; the refused call is there
  // under the same id.
  const std::string log = ReadFileOrEmpty(broker_log());
  int rpc_lines = 0;
  bool found = false;
  int metrics_port = 0;
  for (absl::string_view line : absl::StrSplit(log, '\n', absl::SkipEmpty())) {
    const auto json = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(json.is_object()) << line;
    EXPECT_TRUE(json.contains("ts") && json.contains("level")) << line;
    const std::string msg = json["msg"];
    std::smatch port;
    static const std::regex kPort("\\(port ([0-9]+)\\)");
    if (std::regex_search(msg, port, kPort)) metrics_port = std::stoi(port[1]);
    if (msg != "rpc") continue;
    ++rpc_lines;
    EXPECT_TRUE(json["request_id"].is_string()) << line;
    if (json["request_id"] == request_id) {
      found = true;
      EXPECT_EQ(json["method"], "UploadSnapshot");
      EXPECT_EQ(json["code"], "RESOURCE_EXHAUSTED");
      EXPECT_EQ(json["party"], "acme");
    }
  }
  EXPECT_TRUE(found) << log;
  EXPECT_GE(rpc_lines, 8);
  ASSERT_GT(metrics_port, 0) << log;

  const std::string scraped = HttpGet(metrics_port, "/metrics");
  ASSERT_THAT(scraped, ::testing::StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(scraped, HasSubstr("Content-Type: text/plain; version=0.0.4"));
  const std::string text = scraped.substr(scraped.find("\r\n\r\n") + 4);
  EXPECT_EQ(Sample(text,
                   "blindmapd_rpc_requests_total{method=\"UploadSnapshot\","
                   "code=\"OK\"}"),
            1);
  EXPECT_EQ(Sample(text,
                   "blindmapd_rpc_requests_total{method=\"UploadSnapshot\","
                   "code=\"RESOURCE_EXHAUSTED\"}"),
            1);
  EXPECT_EQ(Sample(text,
                   "blindmapd_rpc_duration_seconds_count{method="
                   "\"UploadSnapshot\",code=\"OK\"}"),
            1);
  EXPECT_EQ(Sample(text,
                   "blindmapd_rpc_duration_seconds_bucket{method="
                   "\"UploadSnapshot\",code=\"OK\",le=\"+Inf\"}"),
            1);
  EXPECT_EQ(Sample(text, "blindmapd_uploads_total{outcome=\"committed\"}"), 1);
  EXPECT_EQ(
      Sample(text, "blindmapd_uploads_total{outcome=\"refused_by_policy\"}"),
      1);
  EXPECT_EQ(Sample(text,
                   "blindmapd_probe_refusals_total{rule="
                   "\"max_uploads_per_period\"}"),
            1);
  EXPECT_EQ(Sample(text, "blindmapd_upload_records_total"), 187);
  EXPECT_GT(Sample(text, "blindmapd_rocksdb_live_sst_bytes"), 10000);
  EXPECT_GE(Sample(text, "blindmapd_reclaim_passes_total"), 0);
  EXPECT_GT(Sample(text,
                   "blindmapd_rpc_requests_total{method=\"WhoAmI\","
                   "code=\"OK\"}"),
            0);
  // No party, partnership, token or account in any label or value.
  const std::string partnership =
      JsonOf(Blindmap("acme", {"partner", "list", "--format",
                               "json"}))["partnerships"][0]["id"];
  for (const std::string& secret :
       {std::string("acme"), std::string("globex"), partnership,
        api_token("acme"), std::string("Carlsberg")}) {
    EXPECT_THAT(text, Not(HasSubstr(secret)));
  }
  EXPECT_THAT(HttpGet(metrics_port, "/"),
              ::testing::StartsWith("HTTP/1.1 404 Not Found\r\n"));
  // The admin socket gives the same families.
  const ProcessResult admin =
      Blindmapd({"admin", "--config", broker_config(), "metrics"});
  ASSERT_EQ(admin.exit_code, 0) << admin.err;
  EXPECT_THAT(admin.out, HasSubstr("# TYPE blindmapd_rpc_duration_seconds "
                                   "histogram\n"));
  EXPECT_EQ(Sample(admin.out, "blindmapd_upload_records_total"), 187);
}

}  // namespace
}  // namespace blindmap
