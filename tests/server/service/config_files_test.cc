// Small plumbing: the broker's config file, host:port addresses, YAML
// access with located errors, sync periods, the CLI's exit codes and number
// formatting.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <regex>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "client/console/exit_codes.h"
#include "client/console/progress_line.h"
#include "common/base/log.h"
#include "common/base/net_address.h"
#include "common/base/yaml_config.h"
#include "common/crypto/sync_period.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/service/broker_config.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

void WriteFile(const std::string& path, const std::string& contents) {
  std::filesystem::create_directories(
      std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << contents;
  ASSERT_TRUE(out.good()) << path;
}

// ---------------------------------------------------------------------------
// server/service/broker_config.h

std::string BrokerError(const std::string& yaml) {
  absl::StatusOr<BrokerConfig> config = ParseBrokerConfig(yaml, "broker.yaml");
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(config.status().message());
}

TEST(BrokerConfigTest, DefaultsWithPlaintextOnLoopback) {
  absl::StatusOr<BrokerConfig> config = ParseBrokerConfig(
      "data_dir: /var/lib/blindmapd\nplaintext: true\n", "broker.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "127.0.0.1:7443");
  EXPECT_EQ(config->data_dir, "/var/lib/blindmapd");
  EXPECT_EQ(config->admin_socket, "/var/lib/blindmapd/admin.sock");
  EXPECT_EQ(config->tls_cert_file, "");
  EXPECT_EQ(config->tls_key_file, "");
  EXPECT_TRUE(config->plaintext);
  EXPECT_EQ(config->log_file, "");
}

TEST(BrokerConfigTest, EveryKeyWithTls) {
  absl::StatusOr<BrokerConfig> config = ParseBrokerConfig(R"yaml(
listen: 0.0.0.0:7443
data_dir: /var/lib/blindmapd
admin_socket: /run/blindmapd/admin.sock
tls:
  cert_file: /etc/blindmapd/broker.crt
  key_file: /etc/blindmapd/broker.key
plaintext: false
log_file: /var/log/blindmapd.log
)yaml",
                                                          "broker.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "0.0.0.0:7443");
  EXPECT_EQ(config->data_dir, "/var/lib/blindmapd");
  EXPECT_EQ(config->admin_socket, "/run/blindmapd/admin.sock");
  EXPECT_EQ(config->tls_cert_file, "/etc/blindmapd/broker.crt");
  EXPECT_EQ(config->tls_key_file, "/etc/blindmapd/broker.key");
  EXPECT_FALSE(config->plaintext);
  EXPECT_EQ(config->log_file, "/var/log/blindmapd.log");
}

TEST(BrokerConfigTest, RelativePathsResolveAgainstTheConfigFilesDirectory) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string etc = dir.path() + "/etc";
  WriteFile(etc + "/blindmapd.yaml",
            "listen: '[::]:7443'\n"
            "data_dir: data\n"
            "tls: {cert_file: certs/broker.crt, key_file: ./certs/broker.key}\n"
            "log_file: ../log/blindmapd.log\n");
  absl::StatusOr<BrokerConfig> config =
      LoadBrokerConfig(etc + "/blindmapd.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->data_dir, etc + "/data");
  EXPECT_EQ(config->admin_socket, etc + "/data/admin.sock");
  EXPECT_EQ(config->tls_cert_file, etc + "/certs/broker.crt");
  EXPECT_EQ(config->tls_key_file, etc + "/certs/broker.key");
  EXPECT_EQ(config->log_file, dir.path() + "/log/blindmapd.log");

  EXPECT_EQ(LoadBrokerConfig(etc + "/missing.yaml").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(BrokerConfigTest, TlsNeedsBothFiles) {
  EXPECT_EQ(BrokerError("data_dir: d\n"
                        "tls:\n"
                        "  cert_file: broker.crt\n"),
            "broker.yaml:3:3: tls: cert_file and key_file must be given "
            "together");
  EXPECT_EQ(BrokerError("data_dir: d\n"
                        "tls: {key_file: broker.key}\n"),
            "broker.yaml:2:6: tls: cert_file and key_file must be given "
            "together");
}

TEST(BrokerConfigTest, TlsAndPlaintextTogetherIsAnError) {
  EXPECT_EQ(BrokerError("data_dir: d\n"
                        "tls: {cert_file: a.crt, key_file: a.key}\n"
                        "plaintext: true\n"),
            "broker.yaml:3:12: plaintext: cannot be true when tls is "
            "configured");
}

TEST(BrokerConfigTest, NeitherTlsNorPlaintextIsAnError) {
  EXPECT_EQ(BrokerError("data_dir: d\n"),
            "broker.yaml:1:1: tls: missing: give tls.cert_file and "
            "tls.key_file (or, on a loopback address only, plaintext: true)");
  EXPECT_EQ(BrokerError("data_dir: d\nplaintext: false\n"),
            "broker.yaml:1:1: tls: missing: give tls.cert_file and "
            "tls.key_file (or, on a loopback address only, plaintext: true)");
}

TEST(BrokerConfigTest, PlaintextIsRefusedOffLoopback) {
  for (const char* listen : {"0.0.0.0:7443", "192.0.2.1:7443", "[::]:7443",
                             "broker.example.com:7443", "128.0.0.1:7443"}) {
    EXPECT_EQ(BrokerError(absl::StrCat("listen: '", listen,
                                       "'\ndata_dir: d\nplaintext: true\n")),
              absl::StrCat("broker.yaml:3:12: plaintext: refused: plaintext is "
                           "only allowed on a loopback address, and listen is ",
                           listen));
  }
}

TEST(BrokerConfigTest, PlaintextIsAllowedOnLoopback) {
  for (const char* listen :
       {"127.0.0.5:7443", "[::1]:7443", "localhost:7443", "127.0.0.1:0"}) {
    absl::StatusOr<BrokerConfig> config = ParseBrokerConfig(
        absl::StrCat("listen: '", listen, "'\ndata_dir: d\nplaintext: true\n"),
        "broker.yaml");
    ASSERT_TRUE(config.ok()) << listen << ": " << config.status();
    EXPECT_EQ(config->listen, listen);
    EXPECT_TRUE(config->plaintext);
  }
}

TEST(BrokerConfigTest, ListenMustBeHostColonPort) {
  for (const char* listen : {"7443", "broker.example.com", "host:", ":7443",
                             "::1:7443", "host:https"}) {
    EXPECT_EQ(BrokerError(absl::StrCat("listen: '", listen,
                                       "'\ndata_dir: d\nplaintext: true\n")),
              "broker.yaml:1:9: listen: expected host:port, e.g. 0.0.0.0:7443")
        << listen;
  }
}

TEST(BrokerConfigTest, ListenPortMustBeFrom0To65535) {
  for (const char* listen :
       {"127.0.0.1:70000", "0.0.0.0:65536", "[::1]:1000000"}) {
    EXPECT_EQ(BrokerError(absl::StrCat("listen: '", listen,
                                       "'\ndata_dir: d\nplaintext: true\n")),
              absl::StrCat("broker.yaml:1:9: listen: the port of ", listen,
                           " is out of range: 0 to 65535 (0 picks a free "
                           "port)"))
        << listen;
  }
  absl::StatusOr<BrokerConfig> config = ParseBrokerConfig(
      "listen: 127.0.0.1:65535\ndata_dir: d\nplaintext: true\n", "b.yaml");
  EXPECT_TRUE(config.ok()) << config.status();
}

TEST(BrokerConfigTest, CheckFilesNamesAMissingUnreadableOrNonPemTlsFile) {
  TempDir dir;
  const std::string pem = "-----BEGIN CERTIFICATE-----\nMIIB\n";
  WriteFile(dir.path() + "/broker.crt", pem);
  WriteFile(dir.path() + "/broker.key", pem);
  WriteFile(dir.path() + "/ca.crt", "not a certificate\n");
  BrokerConfig config;
  config.tls_cert_file = dir.path() + "/broker.crt";
  config.tls_key_file = dir.path() + "/broker.key";
  EXPECT_TRUE(CheckBrokerConfigFiles(config).ok());

  config.tls_client_ca_file = dir.path() + "/ca.crt";
  absl::Status status = CheckBrokerConfigFiles(config);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            absl::StrCat("tls.client_ca_file: ", dir.path(),
                         "/ca.crt is not a PEM file (no \"-----BEGIN\" line)"));

  config.tls_client_ca_file = "";
  config.tls_key_file = dir.path() + "/missing.key";
  status = CheckBrokerConfigFiles(config);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), absl::StrCat("tls.key_file: ", dir.path(),
                                           "/missing.key: no such file"));
  config.tls_key_file = dir.path();  // a directory
  status = CheckBrokerConfigFiles(config);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(),
            absl::StrCat("tls.key_file: ", dir.path(), ": not a regular file"));
}

TEST(BrokerConfigTest, LogFormatAndMetricsListen) {
  absl::StatusOr<BrokerConfig> config = ParseBrokerConfig(
      "data_dir: d\nplaintext: true\nlog_format: json\n"
      "metrics_listen: 127.0.0.1:9464\n",
      "broker.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->log_format, "json");
  EXPECT_EQ(config->metrics_listen, "127.0.0.1:9464");
  config = ParseBrokerConfig("data_dir: d\nplaintext: true\n", "b.yaml");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->log_format, "text");
  EXPECT_EQ(config->metrics_listen, "");
  EXPECT_EQ(BrokerError("data_dir: d\nplaintext: true\nlog_format: xml\n"),
            "broker.yaml:3:13: log_format: expected text or json");
  EXPECT_EQ(
      BrokerError("data_dir: d\nplaintext: true\nmetrics_listen: ':99999'\n"),
      "broker.yaml:3:17: metrics_listen: expected host:port with a port from "
      "0 to 65535, e.g. 127.0.0.1:9464");
}

TEST(BrokerConfigTest, DataDirIsRequired) {
  EXPECT_EQ(BrokerError("plaintext: true\n"),
            "broker.yaml:1:1: data_dir: missing: the directory for the "
            "broker's database");
}

TEST(BrokerConfigTest, UnknownKeysAreLocated) {
  EXPECT_EQ(BrokerError("data_dir: d\nplaintext: true\nlisten_on: x:1\n"),
            "broker.yaml:3:1: listen_on: unknown key; expected one of: "
            "listen, data_dir, admin_socket, tls, plaintext, log_file, "
            "limits, health_listen, log_format, metrics_listen");
  EXPECT_EQ(BrokerError("data_dir: d\ntls:\n  cert: a.crt\n"),
            "broker.yaml:3:3: tls.cert: unknown key; expected one of: "
            "cert_file, key_file, client_ca_file");
}

// ---------------------------------------------------------------------------
// common/base/net_address.h

TEST(NetAddressTest, SplitHostPortAcceptsHostNamesIpv4AndBracketedIpv6) {
  const std::pair<const char*, const char*> cases[] = {
      {"broker.example.com:7443", "broker.example.com"},
      {"127.0.0.1:0", "127.0.0.1"},
      {"[::1]:50051", "::1"},
      {"[2001:db8::7]:443", "2001:db8::7"},
      {"localhost:1", "localhost"},
  };
  for (const auto& [address, host] : cases) {
    std::string split = "unchanged";
    EXPECT_TRUE(SplitHostPort(address, split)) << address;
    EXPECT_EQ(split, host) << address;
  }
}

TEST(NetAddressTest, SplitHostPortRejectsMalformedAddresses) {
  for (const char* address : {"", "broker.example.com", "broker.example.com:",
                              ":7443", "[]:7443", "::1:7443", "2001:db8::7",
                              "host:74x3", "host:-1", "host: 80", "[::1]"}) {
    std::string host;
    EXPECT_FALSE(SplitHostPort(address, host)) << address;
  }
}

TEST(NetAddressTest, PortOfIsTheRangeCheckedPort) {
  const std::pair<const char*, int> cases[] = {
      {"host:0", 0},
      {"host:1", 1},
      {"[::1]:65535", 65535},
      {"host:65536", -1},
      {"host:99999", -1},
      {"host:070000", -1},
      {"host:000443", -1},
      {"host", -1},
      {"host:x", -1},
      {"[::1]:7443", 7443},
      {"127.0.0.1:7443", 7443},
  };
  for (const auto& [address, port] : cases) {
    EXPECT_EQ(PortOf(address), port) << address;
  }
}

TEST(NetAddressTest, LoopbackAddresses) {
  const std::pair<const char*, bool> cases[] = {
      {"127.0.0.1:7443", true},
      {"127.0.0.5:7443", true},
      {"127.255.255.254:1", true},
      {"[::1]:7443", true},
      {"localhost:7443", true},
      {"0.0.0.0:7443", false},
      {"128.0.0.1:7443", false},
      {"10.0.0.1:7443", false},
      {"192.0.2.1:7443", false},
      {"[::]:7443", false},
      {"[::2]:7443", false},
      {"[::ffff:127.0.0.1]:7443", false},
      {"::1:7443", false},  // IPv6 without brackets
      {"::1", false},
      {"127.0.0.1", false},  // no port
      {"localhost", false},
      {"localhost.example.com:7443", false},
      {"127.0.0.1.example.com:7443", false},
      {"", false},
  };
  for (const auto& [address, loopback] : cases) {
    EXPECT_EQ(IsLoopbackAddress(address), loopback) << address;
  }
}

// ---------------------------------------------------------------------------
// common/base/log.h

// The lines `log` writes, without their time stamps.
std::string LoggedWithoutTime(const std::function<void()>& log) {
  std::FILE* sink = std::tmpfile();
  SetLogSink(sink);
  log();
  SetLogSink(nullptr);
  SetLogFormat(LogFormat::kText);
  std::rewind(sink);
  std::string text;
  char buffer[512];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), sink)) > 0) {
    text.append(buffer, n);
  }
  std::fclose(sink);
  // "2026-...Z " in text lines, "\"ts\":\"...\"," in JSON ones.
  static const std::regex kStamp("([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z ?)");
  return std::regex_replace(text, kStamp, "T");
}

TEST(LogTest, EventsAreOneTextOrJsonLineWithTheirFields) {
  const LogFields fields = {{"method", std::string("GetReport")},
                            {"party", std::string("")},
                            {"ms", int64_t{12}}};
  EXPECT_EQ(LoggedWithoutTime([&] {
              SetLogFormat(LogFormat::kText);
              LogEvent(LogLevel::kInfo, "rpc", fields);
            }),
            "TINFO rpc method=GetReport party=- ms=12\n");
  EXPECT_EQ(LoggedWithoutTime([&] {
              SetLogFormat(LogFormat::kJson);
              LogEvent(LogLevel::kWarning, "say \"hi\"\n\x01\xff!", fields);
            }),
            "{\"ts\":\"T\",\"level\":\"warning\",\"msg\":\"say \\\"hi\\\"\\n"
            "\\u0001\xEF\xBF\xBD!\",\"method\":\"GetReport\",\"party\":\"\","
            "\"ms\":12}\n");
  EXPECT_EQ(LoggedWithoutTime([] {
              SetLogFormat(LogFormat::kJson);
              LogInfo("plain %d", 7);
            }),
            "{\"ts\":\"T\",\"level\":\"info\",\"msg\":\"plain 7\"}\n");
}

// ---------------------------------------------------------------------------
// common/base/yaml_config.h

absl::StatusOr<YamlConfig> ParseYaml(const std::string& text) {
  return YamlConfig::Parse(text, "cfg.yaml");
}

TEST(YamlConfigTest, TextThatIsNotYamlIsAnErrorWithItsLine) {
  absl::StatusOr<YamlConfig> yaml = ParseYaml("a: 1\nb: [1, 2\nc: 3\n");
  EXPECT_EQ(yaml.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(yaml.status().message()),
              StartsWith("cfg.yaml:3:2: not valid YAML: "));

  absl::StatusOr<YamlConfig> tab = ParseYaml("a: 1\n\tb: 2\n");
  EXPECT_EQ(tab.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(tab.status().message()), StartsWith("cfg.yaml:2:"));
  EXPECT_THAT(std::string(tab.status().message()),
              HasSubstr(": not valid YAML: "));
}

TEST(YamlConfigTest, TopLevelMustBeAMapping) {
  for (const char* text : {"- a\n- b\n", "just some words\n", "42\n"}) {
    absl::StatusOr<YamlConfig> yaml = ParseYaml(text);
    EXPECT_EQ(yaml.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(yaml.status().message(),
              "cfg.yaml: the top level must be a mapping of keys to values")
        << text;
  }
}

TEST(YamlConfigTest, EmptyDocumentIsAnEmptyMapping) {
  absl::StatusOr<YamlConfig> yaml = ParseYaml("# only a comment\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_TRUE(yaml->root().IsMap());
  EXPECT_EQ(yaml->root().size(), 0u);
  EXPECT_EQ(yaml->source(), "cfg.yaml");
  EXPECT_EQ(yaml->base_dir(), ".");
}

TEST(YamlConfigTest, BoolAcceptsBooleansAndRejectsOtherWords) {
  absl::StatusOr<YamlConfig> yaml =
      ParseYaml("enabled: true\ndisabled: false\nnull_value:\nbad: maybe\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  const YAML::Node& root = yaml->root();
  EXPECT_EQ(yaml->Bool(root, "", "enabled", false).value_or(false), true);
  EXPECT_EQ(yaml->Bool(root, "", "disabled", true).value_or(true), false);
  EXPECT_EQ(yaml->Bool(root, "", "null_value", true).value_or(false), true);
  EXPECT_EQ(yaml->Bool(root, "", "absent", true).value_or(false), true);
  absl::StatusOr<bool> bad = yaml->Bool(root, "", "bad", false);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            "cfg.yaml:4:6: bad: expected true or false");
}

TEST(YamlConfigTest, IntAcceptsWholeNumbersAndRejectsTheRest) {
  absl::StatusOr<YamlConfig> yaml = ParseYaml(
      "server:\n  port: 7443\n  retries: -3\n  ratio: 1.5\n  size: 12k\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  const YAML::Node server = yaml->root()["server"];
  EXPECT_EQ(yaml->Int(server, "server", "port", 0).value_or(0), 7443);
  EXPECT_EQ(yaml->Int(server, "server", "retries", 0).value_or(0), -3);
  EXPECT_EQ(yaml->Int(server, "server", "absent", 9).value_or(0), 9);
  absl::StatusOr<int64_t> ratio = yaml->Int(server, "server", "ratio", 0);
  EXPECT_EQ(ratio.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ratio.status().message(),
            "cfg.yaml:4:10: server.ratio: expected a whole number");
  absl::StatusOr<int64_t> size = yaml->Int(server, "server", "size", 0);
  EXPECT_EQ(size.status().message(),
            "cfg.yaml:5:9: server.size: expected a whole number");
}

TEST(YamlConfigTest, StringRejectsListsAndMappings) {
  absl::StatusOr<YamlConfig> yaml = ParseYaml("name: [a, b]\nparty: acme\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->String(yaml->root(), "", "party", "").value_or(""), "acme");
  EXPECT_EQ(yaml->String(yaml->root(), "", "absent", "x").value_or(""), "x");
  absl::StatusOr<std::string> name = yaml->String(yaml->root(), "", "name", "");
  EXPECT_EQ(name.status().message(),
            "cfg.yaml:1:7: name: expected a single value");
}

TEST(YamlConfigTest, CheckKeysNamesTheFirstUnknownKeyWithItsPath) {
  absl::StatusOr<YamlConfig> yaml =
      ParseYaml("outer:\n  inner: 1\n  typo: 2\nlist: [1]\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_TRUE(yaml->CheckKeys(yaml->root(), "", {"outer", "list"}).ok());
  absl::Status top = yaml->CheckKeys(yaml->root(), "", {"outer"});
  EXPECT_EQ(top.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(top.message(),
            "cfg.yaml:4:1: list: unknown key; expected one of: outer");
  absl::Status nested =
      yaml->CheckKeys(yaml->root()["outer"], "outer", {"inner"});
  EXPECT_EQ(nested.message(),
            "cfg.yaml:3:3: outer.typo: unknown key; expected one of: inner");
  absl::Status not_map = yaml->CheckKeys(yaml->root()["list"], "list", {"a"});
  EXPECT_EQ(not_map.message(),
            "cfg.yaml:4:7: list: expected a mapping of keys to values");
}

TEST(YamlConfigTest, PathsResolveAgainstTheFilesDirectory) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string file = dir.path() + "/conf/app.yaml";
  WriteFile(file,
            "relative: data/db\n"
            "dotted: ../shared/./x.pem\n"
            "absolute: /etc/app/x.pem\n"
            "empty: ''\n");
  absl::StatusOr<YamlConfig> yaml = YamlConfig::LoadFile(file);
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->source(), file);
  EXPECT_EQ(yaml->base_dir(), dir.path() + "/conf");
  const YAML::Node& root = yaml->root();
  EXPECT_EQ(yaml->Path(root, "", "relative", "").value_or(""),
            dir.path() + "/conf/data/db");
  EXPECT_EQ(yaml->Path(root, "", "dotted", "").value_or(""),
            dir.path() + "/shared/x.pem");
  EXPECT_EQ(yaml->Path(root, "", "absolute", "").value_or(""),
            "/etc/app/x.pem");
  EXPECT_EQ(yaml->Path(root, "", "empty", "fallback").value_or("?"), "");
  EXPECT_EQ(yaml->Path(root, "", "absent", "").value_or("?"), "");
  // A relative fallback is resolved like a configured value.
  EXPECT_EQ(yaml->Path(root, "", "absent", "state").value_or(""),
            dir.path() + "/conf/state");

  absl::StatusOr<YamlConfig> parsed = ParseYaml("relative: data/db\n");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Path(parsed->root(), "", "relative", "").value_or(""),
            "data/db");
}

TEST(YamlConfigTest, LoadFileOfAMissingFileIsNotFound) {
  TempDir dir;
  absl::StatusOr<YamlConfig> yaml = YamlConfig::LoadFile(dir.path() + "/x");
  EXPECT_EQ(yaml.status().code(), absl::StatusCode::kNotFound);
}

// ---------------------------------------------------------------------------
// common/crypto/sync_period.h

absl::Time Utc(int year, int month, int day, int hour, int minute, int second) {
  return absl::FromCivil(
      absl::CivilSecond(year, month, day, hour, minute, second),
      absl::UTCTimeZone());
}

TEST(SyncPeriodTest, MonthlyPeriodIsTheUtcMonth) {
  EXPECT_EQ(MonthlyPeriod(Utc(2026, 11, 15, 12, 0, 0)), "2026-11");
  EXPECT_EQ(MonthlyPeriod(Utc(2026, 11, 1, 0, 0, 0)), "2026-11");
  EXPECT_EQ(MonthlyPeriod(Utc(2026, 12, 31, 23, 59, 59)), "2026-12");
  EXPECT_EQ(MonthlyPeriod(Utc(2027, 1, 1, 0, 0, 0)), "2027-01");
  EXPECT_EQ(MonthlyPeriod(absl::FromUnixSeconds(0)), "1970-01");
  // 08:30 on 1 January in UTC+9 is still December in UTC.
  const absl::Time tokyo_new_year = absl::FromCivil(
      absl::CivilSecond(2027, 1, 1, 8, 30, 0), absl::FixedTimeZone(9 * 3600));
  EXPECT_EQ(MonthlyPeriod(tokyo_new_year), "2026-12");
}

TEST(SyncPeriodTest, IsMonthlyPeriodAcceptsOnlyYyyyMm) {
  const std::pair<const char*, bool> cases[] = {
      {"2026-11", true},   {"2000-01", true},     {"9999-12", true},
      {"1999-12", false},  {"2026-00", false},    {"2026-13", false},
      {"2026-1", false},   {"2026/11", false},    {"26-11", false},
      {"2026-11 ", false}, {" 2026-11", false},   {"2026-1a", false},
      {"+026-11", false},  {"2026-11-01", false}, {"", false},
      {"2026_11", false},
  };
  for (const auto& [label, valid] : cases) {
    EXPECT_EQ(IsMonthlyPeriod(label), valid) << "\"" << label << "\"";
  }
}

TEST(SyncPeriodTest, MonthlyPeriodsAreValidLabels) {
  EXPECT_TRUE(IsMonthlyPeriod(MonthlyPeriod(Utc(2026, 11, 15, 12, 0, 0))));
  EXPECT_TRUE(IsMonthlyPeriod(MonthlyPeriod(Utc(2099, 1, 1, 0, 0, 0))));
}

// ---------------------------------------------------------------------------
// client/console/exit_codes.h

TEST(ExitCodesTest, EveryStatusCodeMapsToItsDocumentedExitCode) {
  const std::pair<absl::StatusCode, int> cases[] = {
      {absl::StatusCode::kOk, 0},
      {absl::StatusCode::kCancelled, 9},
      {absl::StatusCode::kUnknown, 1},
      {absl::StatusCode::kInvalidArgument, 3},
      {absl::StatusCode::kDeadlineExceeded, 7},
      {absl::StatusCode::kNotFound, 5},
      {absl::StatusCode::kAlreadyExists, 6},
      {absl::StatusCode::kPermissionDenied, 4},
      {absl::StatusCode::kResourceExhausted, 8},
      {absl::StatusCode::kFailedPrecondition, 6},
      {absl::StatusCode::kAborted, 9},
      {absl::StatusCode::kOutOfRange, 3},
      {absl::StatusCode::kUnimplemented, 1},
      {absl::StatusCode::kInternal, 1},
      {absl::StatusCode::kUnavailable, 7},
      {absl::StatusCode::kDataLoss, 1},
      {absl::StatusCode::kUnauthenticated, 4},
  };
  for (const auto& [code, exit_code] : cases) {
    EXPECT_EQ(ExitCodeFor(absl::Status(
                  code, code == absl::StatusCode::kOk ? "" : "message")),
              exit_code)
        << absl::StatusCodeToString(code);
  }
}

TEST(ExitCodesTest, ExitCodeValuesAreStable) {
  EXPECT_EQ(kExitOk, 0);
  EXPECT_EQ(kExitInternal, 1);
  EXPECT_EQ(kExitUsage, 2);
  EXPECT_EQ(kExitBadInput, 3);
  EXPECT_EQ(kExitAuth, 4);
  EXPECT_EQ(kExitNotFound, 5);
  EXPECT_EQ(kExitConflict, 6);
  EXPECT_EQ(kExitUnavailable, 7);
  EXPECT_EQ(kExitRefused, 8);
  EXPECT_EQ(kExitRetry, 9);
}

TEST(ExitCodesTest, HelpListsEveryCode) {
  const std::string help = ExitCodeHelp();
  EXPECT_THAT(help, StartsWith("Exit codes:\n"));
  for (const char* line :
       {"  0  success\n", "  1  internal error\n", "  2  bad command line\n",
        "  3  bad input: CSV, config or argument\n",
        "  4  credentials refused\n",
        "  5  not found: party, partnership or file\n",
        "  6  not possible in this state: key-check mismatch",
        "  7  broker unreachable or too slow: retry later\n",
        "  8  refused by a limit or policy\n", "  9  interrupted: retry\n",
        " 10  another sync holds the lock (<state_dir>/sync.lock)\n",
        "  1, 2, 4, 3, 5, 6, 8, 7, 9, 10 (first listed wins)\n"}) {
    EXPECT_THAT(help, HasSubstr(line));
  }
}

// ---------------------------------------------------------------------------
// client/console/progress_line.h

TEST(WithThousandsTest, GroupsDigitsInThrees) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(7), "7");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(1000), "1,000");
  EXPECT_EQ(WithThousands(100000), "100,000");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
  EXPECT_EQ(WithThousands(std::numeric_limits<uint64_t>::max()),
            "18,446,744,073,709,551,615");
}

}  // namespace
}  // namespace blindmap
