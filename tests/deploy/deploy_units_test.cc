// The files in deploy/: the client's systemd service and timer (checked by
// `systemd-analyze verify` where it exists, and by our own reading of the
// keys everywhere), the cron line and the Kubernetes CronJob; the broker's
// sandboxed systemd unit (`systemd-analyze security --offline=yes` must rate
// it OK or better, the rating the README states) and its Kubernetes
// manifests (probes on the port the config serves health on, a volume, TLS
// from a Secret, a config the broker itself accepts).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"
#include "yaml-cpp/yaml.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Deploy(const std::string& relative) {
  return std::string(BLINDMAP_SOURCE_DIR) + "/deploy/" + relative;
}
std::string BuiltBlindmap() {
  return std::string(BLINDMAP_BINARY_DIR) + "/client/blindmap";
}
const std::string kService = Deploy("systemd/blindmap-sync.service");
const std::string kTimer = Deploy("systemd/blindmap-sync.timer");
const std::string kCron = Deploy("cron/blindmap-sync.cron");
const std::string kCronJob = Deploy("kubernetes/blindmap-sync-cronjob.yaml");
const std::string kBrokerUnit = Deploy("systemd/blindmapd.service");
const std::string kBrokerManifests = Deploy("kubernetes/broker");
constexpr char kInstalledBinary[] = "/usr/local/bin/blindmap";
constexpr char kInstalledBroker[] = "/usr/local/bin/blindmapd";
std::string BuiltBlindmapd() {
  return std::string(BLINDMAP_BINARY_DIR) + "/server/blindmapd";
}

// A unit file as "Section.Key" -> values (a key may repeat).
using UnitKeys = std::map<std::string, std::vector<std::string>>;

UnitKeys ReadUnit(const std::string& path) {
  UnitKeys keys;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::string section;
  std::string line;
  while (std::getline(in, line)) {
    const absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || text[0] == '#' || text[0] == ';') continue;
    if (text.front() == '[' && text.back() == ']') {
      section = std::string(text.substr(1, text.size() - 2));
      continue;
    }
    const size_t eq = text.find('=');
    EXPECT_NE(eq, absl::string_view::npos) << path << ": " << text;
    if (eq == absl::string_view::npos) continue;
    keys[absl::StrCat(section, ".",
                      absl::StripAsciiWhitespace(text.substr(0, eq)))]
        .push_back(
            std::string(absl::StripAsciiWhitespace(text.substr(eq + 1))));
  }
  return keys;
}

std::string One(const UnitKeys& keys, const std::string& key) {
  auto found = keys.find(key);
  EXPECT_NE(found, keys.end()) << key;
  if (found == keys.end()) return "";
  EXPECT_EQ(found->second.size(), 1u) << key;
  return found->second.back();
}

// "monthly", or a calendar event on one fixed day of every month (a day
// every month has).
bool IsMonthlyCalendar(const std::string& spec) {
  static const std::regex kOneDayEveryMonth(
      R"(\*-\*-(0?[1-9]|1[0-9]|2[0-8]) [0-2]?[0-9]:[0-5][0-9](:[0-5][0-9])?)");
  return spec == "monthly" || std::regex_match(spec, kOneDayEveryMonth);
}

// A five-field cron schedule that fires once a month: fixed minute, hour
// and day of month (1-28), every month, any weekday.
bool IsMonthlyCron(const std::vector<std::string>& fields) {
  static const std::regex kNumber(R"([0-9]{1,2})");
  if (fields.size() != 5) return false;
  for (size_t i = 0; i < 3; ++i) {
    if (!std::regex_match(fields[i], kNumber)) return false;
  }
  const int day = std::stoi(fields[2]);
  return std::stoi(fields[0]) < 60 && std::stoi(fields[1]) < 24 && day >= 1 &&
         day <= 28 && fields[3] == "*" && fields[4] == "*";
}

std::string FindSystemdAnalyze() {
  for (const char* dir : {"/usr/bin", "/bin", "/usr/local/bin"}) {
    const std::string path = absl::StrCat(dir, "/systemd-analyze");
    if (access(path.c_str(), X_OK) == 0) return path;
  }
  return "";
}

TEST(DeployUnitsTest, TimerFiresMonthlyPersistentlyWithARandomDelay) {
  const UnitKeys timer = ReadUnit(kTimer);
  const std::string calendar = One(timer, "Timer.OnCalendar");
  EXPECT_TRUE(IsMonthlyCalendar(calendar)) << calendar;
  EXPECT_EQ(One(timer, "Timer.Persistent"), "true");
  EXPECT_EQ(One(timer, "Timer.RandomizedDelaySec"), "6h");
  EXPECT_EQ(One(timer, "Timer.Unit"), "blindmap-sync.service");
  EXPECT_EQ(One(timer, "Install.WantedBy"), "timers.target");
}

TEST(DeployUnitsTest, ServiceRunsOneSyncOfEveryPartnership) {
  const UnitKeys service = ReadUnit(kService);
  EXPECT_EQ(One(service, "Service.Type"), "oneshot");
  EXPECT_EQ(One(service, "Service.ExecStart"),
            absl::StrCat(kInstalledBinary,
                         " --config /etc/blindmap/blindmap.yaml sync --all "
                         "--format json --wait-lock 600"));
  // The monthly routine: the portfolio after a successful sync.
  EXPECT_EQ(One(service, "Service.ExecStartPost"),
            absl::StrCat(kInstalledBinary,
                         " --config /etc/blindmap/blindmap.yaml portfolio "
                         "--format markdown --output "
                         "/var/lib/blindmap/portfolio.md"));
  EXPECT_EQ(One(service, "Service.User"), "blindmap");
  EXPECT_EQ(One(service, "Service.StateDirectory"), "blindmap");
  EXPECT_EQ(One(service, "Service.StateDirectoryMode"), "0700");
  EXPECT_EQ(One(service, "Service.UMask"), "0077");
}

// Where systemd-analyze exists, it verifies copies of the units whose
// ExecStart runs the blindmap just built (the installed path need not
// exist here), and expands the calendar: three runs, a month apart.
// Without it, the key checks above are the whole check.
TEST(DeployUnitsTest, SystemdAnalyzeAcceptsTheUnits) {
  const std::string analyze = FindSystemdAnalyze();
  RecordProperty("systemd_analyze", analyze.empty() ? "absent" : analyze);
  if (analyze.empty()) {
    // The fallback: our reading of the keys, as in the tests above.
    EXPECT_TRUE(IsMonthlyCalendar(One(ReadUnit(kTimer), "Timer.OnCalendar")));
    EXPECT_THAT(One(ReadUnit(kService), "Service.ExecStart"),
                HasSubstr(" sync --all "));
    return;
  }
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string service = dir.path() + "/blindmap-sync.service";
  const std::string timer = dir.path() + "/blindmap-sync.timer";
  {
    const std::string text = ReadFileOrEmpty(kService);
    ASSERT_THAT(text, HasSubstr(kInstalledBinary));
    std::ofstream(service) << absl::StrReplaceAll(
        text, {{kInstalledBinary, BuiltBlindmap()}});
  }
  std::filesystem::copy_file(kTimer, timer);
  const ProcessResult verify = RunCommand(
      {analyze, "verify", "--man=no", service, timer}, "", absl::Seconds(30));
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_EQ(verify.err, "");

  const ProcessResult calendar =
      RunCommand({analyze, "calendar", "--iterations=3",
                  One(ReadUnit(kTimer), "Timer.OnCalendar")},
                 "", absl::Seconds(30));
  ASSERT_EQ(calendar.exit_code, 0) << calendar.err;
  static const std::regex kWhen(R"(([0-9]{4})-([0-9]{2})-([0-9]{2}) 03:00:00)");
  std::vector<int> months;
  for (std::sregex_iterator it(calendar.out.begin(), calendar.out.end(), kWhen),
       end;
       it != end; ++it) {
    EXPECT_EQ((*it)[3].str(), "02") << calendar.out;
    months.push_back(std::stoi((*it)[1].str()) * 12 +
                     std::stoi((*it)[2].str()));
  }
  ASSERT_EQ(months.size(), 3u) << calendar.out;
  EXPECT_EQ(months[1] - months[0], 1);
  EXPECT_EQ(months[2] - months[1], 1);
}

TEST(DeployUnitsTest, CronLineRunsSyncAllMonthlyAsBlindmap) {
  std::ifstream in(kCron);
  ASSERT_TRUE(in.good()) << kCron;
  std::vector<std::string> entries;
  std::string line;
  while (std::getline(in, line)) {
    const absl::string_view text = absl::StripAsciiWhitespace(line);
    if (!text.empty() && text[0] != '#') entries.emplace_back(text);
  }
  ASSERT_EQ(entries.size(), 1u);
  std::vector<std::string> fields =
      absl::StrSplit(entries[0], ' ', absl::SkipEmpty());
  ASSERT_GE(fields.size(), 7u);
  EXPECT_TRUE(IsMonthlyCron({fields.begin(), fields.begin() + 5}))
      << entries[0];
  EXPECT_EQ(fields[5], "blindmap");  // /etc/cron.d lines name the user
  EXPECT_EQ(fields[6], kInstalledBinary);
  EXPECT_THAT(entries[0], HasSubstr(" sync --all --format json "));
  EXPECT_THAT(entries[0], HasSubstr(" >> /var/log/blindmap/sync.log 2>&1"));
  // Then, if the sync succeeded, the portfolio.
  EXPECT_THAT(entries[0],
              HasSubstr(absl::StrCat(" 2>&1 && ", kInstalledBinary,
                                     " --config /etc/blindmap/blindmap.yaml "
                                     "portfolio --format markdown ")));
}

TEST(DeployUnitsTest, CronJobRunsSyncAllMonthlyNeverTwiceAtOnce) {
  const YAML::Node job = YAML::LoadFile(kCronJob);
  EXPECT_EQ(job["apiVersion"].as<std::string>(), "batch/v1");
  EXPECT_EQ(job["kind"].as<std::string>(), "CronJob");
  const YAML::Node spec = job["spec"];
  const std::vector<std::string> schedule =
      absl::StrSplit(spec["schedule"].as<std::string>(), ' ');
  EXPECT_TRUE(IsMonthlyCron(schedule)) << spec["schedule"].as<std::string>();
  EXPECT_EQ(spec["timeZone"].as<std::string>(), "Etc/UTC");
  EXPECT_EQ(spec["concurrencyPolicy"].as<std::string>(), "Forbid");

  const YAML::Node job_spec = spec["jobTemplate"]["spec"];
  const YAML::Node pod = job_spec["template"]["spec"];
  // podFailurePolicy needs restartPolicy Never; only 7 and 9 are retried.
  EXPECT_EQ(pod["restartPolicy"].as<std::string>(), "Never");
  const YAML::Node rules = job_spec["podFailurePolicy"]["rules"];
  ASSERT_EQ(rules.size(), 2u);
  for (size_t i = 0; i < rules.size(); ++i) {
    const YAML::Node rule = rules[i];
    EXPECT_EQ(rule["action"].as<std::string>(), "FailJob");
    EXPECT_EQ(rule["onExitCodes"]["containerName"].as<std::string>(),
              i == 0 ? "blindmap" : "portfolio");
    EXPECT_EQ(rule["onExitCodes"]["operator"].as<std::string>(), "NotIn");
    EXPECT_THAT(rule["onExitCodes"]["values"].as<std::vector<int>>(),
                ElementsAre(7, 9));
  }

  // The sync is the last init container (they run in order, each after the
  // one before succeeded); the portfolio runs after it.
  const YAML::Node inits = pod["initContainers"];
  ASSERT_EQ(inits.size(), 2u);
  const YAML::Node container = inits[1];
  EXPECT_EQ(container["name"].as<std::string>(), "blindmap");
  const std::string args =
      absl::StrJoin(container["args"].as<std::vector<std::string>>(), " ");
  EXPECT_EQ(args,
            "--config /etc/blindmap/blindmap.yaml sync --all --format json");
  const YAML::Node portfolio = pod["containers"][0];
  EXPECT_EQ(portfolio["name"].as<std::string>(), "portfolio");
  EXPECT_EQ(
      absl::StrJoin(portfolio["args"].as<std::vector<std::string>>(), " "),
      "--config /etc/blindmap/blindmap.yaml portfolio --format markdown "
      "--output /var/lib/blindmap/portfolio.md");
  // The token reaches the client mode 0600 (a copy), as it requires.
  const YAML::Node init = pod["initContainers"][0];
  EXPECT_THAT(
      absl::StrJoin(init["command"].as<std::vector<std::string>>(), " "),
      HasSubstr("chmod 0600 /etc/blindmap/*"));
  EXPECT_EQ(pod["securityContext"]["fsGroupChangePolicy"].as<std::string>(),
            "OnRootMismatch");
}

TEST(DeployUnitsTest, BrokerUnitIsSandboxed) {
  const UnitKeys unit = ReadUnit(kBrokerUnit);
  EXPECT_EQ(One(unit, "Service.ExecStart"),
            absl::StrCat(kInstalledBroker,
                         " serve --config "
                         "${CREDENTIALS_DIRECTORY}/blindmapd.yaml"));
  EXPECT_THAT(unit.at("Service.LoadCredential"),
              ElementsAre("blindmapd.yaml:/etc/blindmapd/blindmapd.yaml",
                          "broker.crt:/etc/blindmapd/tls/broker.crt",
                          "broker.key:/etc/blindmapd/tls/broker.key"));
  EXPECT_EQ(One(unit, "Service.DynamicUser"), "yes");
  EXPECT_EQ(One(unit, "Service.StateDirectory"), "blindmapd");
  EXPECT_EQ(One(unit, "Service.StateDirectoryMode"), "0700");
  EXPECT_EQ(One(unit, "Service.ProtectSystem"), "strict");
  EXPECT_EQ(One(unit, "Service.NoNewPrivileges"), "yes");
  EXPECT_EQ(One(unit, "Service.CapabilityBoundingSet"), "");
  EXPECT_EQ(One(unit, "Service.UMask"), "0077");
  EXPECT_EQ(One(unit, "Service.RestrictAddressFamilies"),
            "AF_INET AF_INET6 AF_UNIX");
  EXPECT_THAT(unit.at("Service.SystemCallFilter"),
              ElementsAre("@system-service", "~@privileged @resources"));
  EXPECT_EQ(One(unit, "Install.WantedBy"), "multi-user.target");
}

// systemd's own rating of the broker unit's sandbox, on a copy whose
// ExecStart runs the blindmapd just built: "OK" or better (exposure below
// 5.0), and the figure the README states. Where systemd-analyze is absent
// the test says so and is skipped: the key checks above still ran.
TEST(DeployUnitsTest, SystemdAnalyzeRatesTheBrokerUnitOk) {
  const std::string analyze = FindSystemdAnalyze();
  if (analyze.empty()) {
    std::cout << "[ SKIPPED ] systemd-analyze is not installed here (no "
                 "systemd): the broker unit's security rating is not "
                 "checked\n";
    GTEST_SKIP() << "systemd-analyze absent";
  }
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string unit = dir.path() + "/blindmapd.service";
  {
    const std::string text = ReadFileOrEmpty(kBrokerUnit);
    ASSERT_THAT(text, HasSubstr(kInstalledBroker));
    std::ofstream(unit) << absl::StrReplaceAll(
        text, {{kInstalledBroker, BuiltBlindmapd()}});
  }
  const ProcessResult verify =
      RunCommand({analyze, "verify", "--man=no", unit}, "", absl::Seconds(30));
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_EQ(verify.err, "");

  const ProcessResult security =
      RunCommand({analyze, "security", "--offline=yes", "--no-pager", unit}, "",
                 absl::Seconds(30));
  ASSERT_EQ(security.exit_code, 0) << security.out << security.err;
  static const std::regex kOverall(
      R"(Overall exposure level for blindmapd\.service: ([0-9]+\.[0-9]) ([A-Z]+))");
  std::smatch match;
  const std::string out = security.out + security.err;
  ASSERT_TRUE(std::regex_search(out, match, kOverall)) << out;
  const std::string exposure = match[1].str();
  const std::string rating = match[2].str();
  RecordProperty("exposure", exposure);
  EXPECT_LT(std::stod(exposure), 5.0) << out;
  EXPECT_THAT(rating, ::testing::AnyOf("OK", "SAFE", "PERFECT")) << out;
  const std::string readme =
      ReadFileOrEmpty(std::string(BLINDMAP_SOURCE_DIR) + "/README.md");
  EXPECT_THAT(readme,
              HasSubstr(absl::StrCat("exposure level ", exposure, " ", rating)))
      << "README.md should state the rating systemd-analyze gives now";
}

// Every manifest of the broker's base, by kind and name.
std::map<std::string, YAML::Node> BrokerManifests() {
  std::map<std::string, YAML::Node> by_kind;
  const YAML::Node kustomization =
      YAML::LoadFile(kBrokerManifests + "/kustomization.yaml");
  for (const YAML::Node& file : kustomization["resources"]) {
    for (const YAML::Node& doc : YAML::LoadAllFromFile(
             kBrokerManifests + "/" + file.as<std::string>())) {
      by_kind[absl::StrCat(doc["kind"].as<std::string>(), "/",
                           doc["metadata"]["name"].as<std::string>())] = doc;
    }
  }
  return by_kind;
}

TEST(DeployUnitsTest, KubernetesBrokerIsOneStatefulPodProbedOverGrpc) {
  std::map<std::string, YAML::Node> manifests = BrokerManifests();
  std::vector<std::string> names;
  for (const auto& [name, doc] : manifests) names.push_back(name);
  EXPECT_THAT(names,
              ElementsAre("ConfigMap/blindmapd-config", "Service/blindmapd",
                          "Service/blindmapd-pods", "StatefulSet/blindmapd"));
  // The config is one the broker accepts, serving health on its own port.
  const std::string config_text =
      manifests["ConfigMap/blindmapd-config"]["data"]["blindmapd.yaml"]
          .as<std::string>();
  // The broker itself checks it, with the Secret's files standing in at a
  // temporary path (a certificate from deploy/make-certs.sh).
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const ProcessResult certs =
      RunCommand({"/bin/bash", Deploy("make-certs.sh"), dir.path() + "/certs"},
                 "", absl::Seconds(60));
  ASSERT_EQ(certs.exit_code, 0) << certs.err;
  std::filesystem::copy_file(dir.path() + "/certs/broker.crt",
                             dir.path() + "/tls.crt");
  std::filesystem::copy_file(dir.path() + "/certs/broker.key",
                             dir.path() + "/tls.key");
  WriteFile(dir.path() + "/blindmapd.yaml",
            absl::StrReplaceAll(config_text,
                                {{"/etc/blindmapd/tls/", dir.path() + "/"}}));
  const ProcessResult check =
      RunCommand({BuiltBlindmapd(), "check-config", "--config",
                  dir.path() + "/blindmapd.yaml"},
                 "", absl::Seconds(30));
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_THAT(check.out, HasSubstr("listen:       0.0.0.0:7443 (TLS)"));
  EXPECT_THAT(check.out, HasSubstr("data_dir:     /var/lib/blindmapd/data"));
  EXPECT_THAT(check.out,
              HasSubstr("health:       0.0.0.0:7444 (gRPC health service "
                        "only, plaintext)"));
  const YAML::Node parsed = YAML::Load(config_text);
  EXPECT_EQ(parsed["tls"]["cert_file"].as<std::string>(),
            "/etc/blindmapd/tls/tls.crt");
  EXPECT_EQ(parsed["tls"]["key_file"].as<std::string>(),
            "/etc/blindmapd/tls/tls.key");

  const YAML::Node set = manifests["StatefulSet/blindmapd"];
  EXPECT_EQ(set["apiVersion"].as<std::string>(), "apps/v1");
  EXPECT_EQ(set["spec"]["replicas"].as<int>(), 1);
  EXPECT_EQ(set["spec"]["serviceName"].as<std::string>(), "blindmapd-pods");
  const YAML::Node pod = set["spec"]["template"]["spec"];
  EXPECT_TRUE(pod["securityContext"]["runAsNonRoot"].as<bool>());
  const YAML::Node container = pod["containers"][0];
  EXPECT_EQ(
      absl::StrJoin(container["args"].as<std::vector<std::string>>(), " "),
      "serve --config /etc/blindmapd/blindmapd.yaml");
  for (const char* probe :
       {"startupProbe", "livenessProbe", "readinessProbe"}) {
    EXPECT_EQ(container[probe]["grpc"]["port"].as<int>(), 7444) << probe;
  }
  EXPECT_FALSE(
      container["securityContext"]["allowPrivilegeEscalation"].as<bool>());
  EXPECT_TRUE(
      container["securityContext"]["readOnlyRootFilesystem"].as<bool>());
  std::map<std::string, std::string> mounts;
  for (const YAML::Node& mount : container["volumeMounts"]) {
    mounts[mount["name"].as<std::string>()] =
        mount["mountPath"].as<std::string>();
  }
  EXPECT_EQ(mounts["tls"], "/etc/blindmapd/tls");
  EXPECT_EQ(mounts["data"], "/var/lib/blindmapd");
  EXPECT_EQ(mounts["config"], "/etc/blindmapd/blindmapd.yaml");
  std::map<std::string, YAML::Node> volumes;
  for (const YAML::Node& volume : pod["volumes"]) {
    volumes[volume["name"].as<std::string>()] = volume;
  }
  EXPECT_EQ(volumes["tls"]["secret"]["secretName"].as<std::string>(),
            "blindmapd-tls");
  EXPECT_EQ(volumes["config"]["configMap"]["name"].as<std::string>(),
            "blindmapd-config");
  const YAML::Node claim = set["spec"]["volumeClaimTemplates"][0];
  EXPECT_EQ(claim["metadata"]["name"].as<std::string>(), "data");
  EXPECT_EQ(claim["spec"]["accessModes"][0].as<std::string>(), "ReadWriteOnce");

  // Clients reach the TLS port; nothing exposes the health port.
  const YAML::Node service = manifests["Service/blindmapd"];
  ASSERT_EQ(service["spec"]["ports"].size(), 1u);
  EXPECT_EQ(service["spec"]["ports"][0]["port"].as<int>(), 7443);
  EXPECT_EQ(service["spec"]["selector"]["app"].as<std::string>(), "blindmapd");
  EXPECT_EQ(manifests["Service/blindmapd-pods"]["spec"]["clusterIP"]
                .as<std::string>(),
            "None");
}

// The broker's backup: a daily timer starting the backup script as the
// broker's user, which takes one backup and keeps the newest KEEP.
TEST(DeployUnitsTest, BackupTimerRunsTheBackupScriptDailyAsTheBroker) {
  const UnitKeys timer = ReadUnit(Deploy("systemd/blindmapd-backup.timer"));
  EXPECT_EQ(One(timer, "Timer.OnCalendar"), "*-*-* 02:30:00");
  EXPECT_EQ(One(timer, "Timer.Persistent"), "true");
  EXPECT_EQ(One(timer, "Timer.Unit"), "blindmapd-backup.service");
  const UnitKeys service = ReadUnit(Deploy("systemd/blindmapd-backup.service"));
  EXPECT_EQ(One(service, "Service.Type"), "oneshot");
  EXPECT_EQ(One(service, "Service.User"), "blindmapd");
  EXPECT_EQ(One(service, "Service.ExecStart"),
            "/usr/local/lib/blindmapd/blindmapd-backup.sh "
            "/var/backups/blindmapd 14");
  EXPECT_EQ(One(service, "Service.UMask"), "0077");
  const YAML::Node job =
      YAML::LoadAllFromFile(Deploy("kubernetes/blindmapd-backup-cronjob.yaml"))
          .back();
  EXPECT_EQ(job["kind"].as<std::string>(), "CronJob");
  EXPECT_EQ(job["spec"]["concurrencyPolicy"].as<std::string>(), "Forbid");
  const std::string args =
      absl::StrJoin(job["spec"]["jobTemplate"]["spec"]["template"]["spec"]
                       ["containers"][0]["args"]
                           .as<std::vector<std::string>>(),
                    " ");
  EXPECT_EQ(args,
            "exec deploy/blindmapd --container=blindmapd -- "
            "/usr/local/lib/blindmapd/blindmapd-backup.sh "
            "/var/lib/blindmapd-backups 14");
}

TEST(DeployUnitsTest, BackupScriptTakesOneBackupAndKeepsTheNewest) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string backups = dir.path() + "/backups";
  std::filesystem::create_directories(backups);
  for (int day = 1; day <= 5; ++day) {
    std::filesystem::create_directories(
        absl::StrCat(backups, "/blindmapd-2026110", day, "T023000Z"));
  }
  // Stands in for `blindmapd admin --config C backup DIR`: records its
  // arguments and makes the newest backup.
  const std::string fake = dir.path() + "/blindmapd";
  {
    std::ofstream out(fake);
    out << "#!/bin/sh\necho \"$@\" > " << dir.path()
        << "/called\nmkdir \"$5/blindmapd-20261106T023000Z\"\n";
  }
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  const ProcessResult run = RunCommand(
      {"/usr/bin/env", "BLINDMAPD=" + fake, "BLINDMAPD_CONFIG=/etc/b.yaml",
       "/bin/sh", Deploy("backup/blindmapd-backup.sh"), backups, "3"},
      "", absl::Seconds(30));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadFileOrEmpty(dir.path() + "/called"),
            absl::StrCat("admin --config /etc/b.yaml backup ", backups, "\n"));
  std::vector<std::string> kept;
  for (const auto& entry : std::filesystem::directory_iterator(backups)) {
    kept.push_back(entry.path().filename().string());
  }
  std::sort(kept.begin(), kept.end());
  EXPECT_THAT(kept, ElementsAre("blindmapd-20261104T023000Z",
                                "blindmapd-20261105T023000Z",
                                "blindmapd-20261106T023000Z"));
  EXPECT_EQ(RunCommand(
                {"/bin/sh", Deploy("backup/blindmapd-backup.sh"), backups, "0"},
                "", absl::Seconds(30))
                .exit_code,
            2);
}

}  // namespace
}  // namespace blindmap
