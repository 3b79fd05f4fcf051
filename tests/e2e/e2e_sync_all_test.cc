// End to end: `blindmap sync --all` against a real blindmapd on 127.0.0.1
// with RocksDB in a temp dir: one read of the export for three partners, the
// skipped pending partnership, the exit codes, and the sync lock.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/crypto/sync_period.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/broker_fixture.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;

const std::string kAlpha = SourcePath("tests/data/e2e/alpha.csv");
constexpr int64_t kAlphaRows = 34;  // data rows, header excluded

// Writes `contents` into the FIFO at `path` once: waits up to `timeout` for
// a reader to open it, then closes it. A client that opened the export a
// second time would find no writer and hang (and time out).
void FeedFifoOnce(const std::string& path, const std::string& contents,
                  absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  int fd = -1;
  while (fd < 0 && absl::Now() < deadline) {
    fd = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) absl::SleepFor(absl::Milliseconds(10));
  }
  if (fd < 0) return;     // nobody read it; the test's assertions say so
  fcntl(fd, F_SETFL, 0);  // blocking writes from here on
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n =
        write(fd, contents.data() + written, contents.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  close(fd);
}

class SyncAllTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    StartBroker();
    // Globex sees the detail of acme's customers that overlap; the others
    // only counts.
    AddParty("acme",
             "partners:\n  globex:\n    sharing:\n      levels: {Customers: "
             "overlaps}\n");
    for (const char* party : {"globex", "initech", "umbrella", "hooli"}) {
      AddParty(party);
    }
    Partner("acme", "globex");
    Partner("acme", "initech");
    Partner("acme", "umbrella");
    // Invited, never accepted: skipped with a note.
    const ProcessResult invite =
        Blindmap("acme", {"partner", "invite", "hooli"});
    ASSERT_EQ(invite.exit_code, 0) << invite.err;
    period_ = MonthlyPeriod(absl::Now());
  }

  std::string LockPath() const {
    return party_dir("acme") + "/state/sync.lock";
  }

  // acme's latest period with each partner, from `partner list`.
  std::map<std::string, std::string> MyLatestPeriods() {
    const ProcessResult list =
        Blindmap("acme", {"partner", "list", "--format", "json"});
    EXPECT_EQ(list.exit_code, 0) << list.err;
    const auto json = nlohmann::json::parse(list.out, nullptr, false);
    std::map<std::string, std::string> periods;
    if (json.is_discarded()) return periods;
    for (const auto& p : json["partnerships"]) {
      periods[p["partner"].get<std::string>()] =
          p["my_latest_period"].get<std::string>();
    }
    return periods;
  }

  std::string period_;
};

TEST_F(SyncAllTest, ReadsTheExportOnceAndSyncsEveryActivePartnership) {
  const std::string fifo = root() + "/export.csv";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::thread feeder(FeedFifoOnce, fifo, ReadFileOrEmpty(kAlpha),
                     absl::Seconds(60));
  const ProcessResult sync = RunCommand(
      {BlindmapPath(), "--config", party_dir("acme") + "/blindmap.yaml", "sync",
       "--all", "--input", fifo, "--format", "json"},
      "", absl::Seconds(60));
  feeder.join();
  ASSERT_FALSE(sync.timed_out) << "the export was opened more than once?";
  ASSERT_EQ(sync.exit_code, 0) << sync.err << sync.out;
  const auto json = nlohmann::json::parse(sync.out, nullptr, false);
  ASSERT_TRUE(json.is_array()) << sync.out;
  ASSERT_EQ(json.size(), 4u) << sync.out;

  // Sorted by partner: globex, hooli (pending), initech, umbrella.
  const std::vector<std::string> synced = {"globex", "initech", "umbrella"};
  EXPECT_EQ(json[1]["partner"], "hooli");
  EXPECT_EQ(json[1]["status"], "skipped");
  EXPECT_THAT(json[1]["message"].get<std::string>(), HasSubstr("pending"));
  int64_t customers = -1;
  for (size_t i : {0u, 2u, 3u}) {
    const auto& run = json[i];
    EXPECT_EQ(run["partner"], synced[i == 0 ? 0 : i - 1]);
    EXPECT_EQ(run["status"], "synced") << run.dump();
    EXPECT_EQ(run["exit_code"], 0);
    EXPECT_EQ(run["period"], period_);
    // One read: every partnership reports the same single read of 34 rows.
    EXPECT_EQ(run["export_reads"], 1);
    EXPECT_EQ(run["rows_read"], kAlphaRows);
    EXPECT_EQ(run["rows"], kAlphaRows);
    EXPECT_EQ(run["records_stored"], run["records"]);
    EXPECT_GT(run["records_stored"].get<int64_t>(), 20);
    EXPECT_EQ(run["replaced_previous"], false);
    customers = run["populations"][0]["records"].get<int64_t>();
  }
  // Each partner's own sharing: globex is offered the customers' detail.
  EXPECT_EQ(json[0]["detail_offered"].get<int64_t>(), customers);
  EXPECT_GT(customers, 10);
  EXPECT_EQ(json[2]["detail_offered"], 0);
  EXPECT_EQ(json[3]["detail_offered"], 0);

  const auto periods = MyLatestPeriods();
  EXPECT_EQ(periods.at("globex"), period_);
  EXPECT_EQ(periods.at("initech"), period_);
  EXPECT_EQ(periods.at("umbrella"), period_);
  EXPECT_EQ(periods.at("hooli"), "");
}

TEST_F(SyncAllTest, TextOutputHasOneLinePerPartnershipAndAFinalLine) {
  const ProcessResult sync =
      Blindmap("acme", {"sync", "--all", "--input", kAlpha});
  ASSERT_EQ(sync.exit_code, 0) << sync.err;
  EXPECT_THAT(sync.out, HasSubstr("Read " + kAlpha +
                                  " once for 3 "
                                  "partnerships"));
  for (const char* partner : {"globex", "initech", "umbrella"}) {
    EXPECT_THAT(sync.out,
                HasSubstr(absl::StrCat(partner, ", period ", period_,
                                       ": synced, the broker stored ")));
  }
  EXPECT_THAT(sync.out, HasSubstr("hooli: skipped, pending: hooli has not "
                                  "accepted the invitation yet"));
  EXPECT_THAT(sync.out,
              HasSubstr("sync --all: 3 synced, 1 skipped, 0 failed; exit 0\n"));
}

TEST_F(SyncAllTest, DryRunUploadsNothing) {
  const ProcessResult sync = Blindmap(
      "acme",
      {"sync", "--all", "--dry-run", "--input", kAlpha, "--format", "json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.err;
  const auto json = nlohmann::json::parse(sync.out, nullptr, false);
  ASSERT_TRUE(json.is_array()) << sync.out;
  ASSERT_EQ(json.size(), 4u);
  EXPECT_EQ(json[0]["status"], "dry_run");
  EXPECT_EQ(json[0]["period"], period_);
  EXPECT_EQ(json[0]["rows_read"], kAlphaRows);
  const auto periods = MyLatestPeriods();
  EXPECT_EQ(periods.at("globex"), "");
  EXPECT_EQ(periods.at("umbrella"), "");
}

TEST_F(SyncAllTest, EveryFailingPartnershipFailsTheRunWithItsCode) {
  // A weekly label for monthly partnerships: each fails with 3 (bad input)
  // before anything is read or sent.
  const ProcessResult sync =
      Blindmap("acme", {"sync", "--all", "--input", kAlpha, "--period",
                        "2026-W05", "--format", "json"});
  EXPECT_EQ(sync.exit_code, 3) << sync.err;
  const auto json = nlohmann::json::parse(sync.out, nullptr, false);
  ASSERT_TRUE(json.is_array()) << sync.out;
  ASSERT_EQ(json.size(), 4u);
  EXPECT_EQ(json[0]["status"], "failed");
  EXPECT_EQ(json[0]["exit_code"], 3);
  EXPECT_THAT(json[0]["message"].get<std::string>(),
              HasSubstr("--period must be a monthly period"));
  EXPECT_FALSE(json[0].contains("rows_read"));  // the export was not read
  EXPECT_EQ(json[1]["status"], "skipped");
  EXPECT_EQ(json[1]["exit_code"], 0);
  EXPECT_THAT(sync.err, HasSubstr("3 of 3 partnerships failed"));
}

// The test process holds <state_dir>/sync.lock as a running sync would.
class HeldLock {
 public:
  explicit HeldLock(const std::string& path) {
    fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    EXPECT_GE(fd_, 0) << path;
    EXPECT_EQ(flock(fd_, LOCK_EX | LOCK_NB), 0);
    const std::string pid = absl::StrCat(getpid(), "\n");
    EXPECT_EQ(ftruncate(fd_, 0), 0);
    EXPECT_EQ(write(fd_, pid.data(), pid.size()),
              static_cast<ssize_t>(pid.size()));
  }
  ~HeldLock() { Release(); }
  void Release() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

TEST_F(SyncAllTest, ASecondRunExitsWithTenNamingTheLockAndItsHolder) {
  HeldLock held(LockPath());
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"sync", "--all", "--input", kAlpha},
        std::vector<std::string>{"sync", "--partner", "globex", "--input",
                                 kAlpha}}) {
    const absl::Time start = absl::Now();
    const ProcessResult sync = Blindmap("acme", args);
    EXPECT_EQ(sync.exit_code, 10) << sync.err;
    EXPECT_LT(absl::Now() - start, absl::Seconds(10));  // at once
    EXPECT_THAT(sync.err, HasSubstr(LockPath()));
    EXPECT_THAT(sync.err, HasSubstr(absl::StrCat("locked by PID ", getpid())));
    EXPECT_EQ(sync.out, "");
  }
  EXPECT_EQ(MyLatestPeriods().at("globex"), "");
}

TEST_F(SyncAllTest, WaitLockWaitsForTheHolderToFinish) {
  auto held = std::make_unique<HeldLock>(LockPath());
  std::thread release([&held] {
    absl::SleepFor(absl::Seconds(1));
    held->Release();
  });
  const absl::Time start = absl::Now();
  const ProcessResult sync = Blindmap(
      "acme", {"sync", "--all", "--input", kAlpha, "--wait-lock", "5"});
  const absl::Duration took = absl::Now() - start;
  release.join();
  EXPECT_EQ(sync.exit_code, 0) << sync.err;
  EXPECT_GE(took, absl::Milliseconds(900));
  EXPECT_EQ(MyLatestPeriods().at("umbrella"), period_);
  // The lock file now names the run that held it last.
  EXPECT_THAT(ReadFileOrEmpty(LockPath()), ::testing::MatchesRegex("[0-9]+\n"));
}

TEST_F(SyncAllTest, WaitLockGivesUpAfterItsTimeWithTen) {
  HeldLock held(LockPath());
  const absl::Time start = absl::Now();
  const ProcessResult sync = Blindmap(
      "acme",
      {"sync", "--partner", "globex", "--input", kAlpha, "--wait-lock", "1"});
  EXPECT_EQ(sync.exit_code, 10) << sync.err;
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(900));
  EXPECT_THAT(sync.err, HasSubstr("(waited 1s)"));
}

// True once process `pid` has `path` open (it reached that point).
bool HasOpen(pid_t pid, const std::string& path) {
  std::error_code error;
  const std::string fds = absl::StrCat("/proc/", pid, "/fd");
  for (const auto& entry : std::filesystem::directory_iterator(fds, error)) {
    std::error_code ignored;
    if (std::filesystem::read_symlink(entry.path(), ignored) == path) {
      return true;
    }
  }
  return false;
}

TEST_F(SyncAllTest, InterruptingASyncExitsNineWithAMessage) {
  for (const int signal : {SIGINT, SIGTERM}) {
    for (const char* target : {"--all", "--partner"}) {
      HeldLock held(LockPath());
      std::vector<std::string> argv = {BlindmapPath(), "--config",
                                       party_dir("acme") + "/blindmap.yaml",
                                       "sync", target};
      if (std::string(target) == "--partner") argv.push_back("globex");
      argv.insert(argv.end(), {"--input", kAlpha, "--wait-lock", "60"});
      const std::string log = root() + "/interrupted.log";
      Daemon sync(argv, log);
      ASSERT_TRUE(sync.running());
      // Interrupt it while it waits for the lock: mid-run, whatever the
      // machine's speed.
      const std::string lock = std::filesystem::canonical(LockPath()).string();
      for (int i = 0; i < 600 && !HasOpen(sync.pid(), lock); ++i) {
        absl::SleepFor(absl::Milliseconds(50));
      }
      ASSERT_TRUE(HasOpen(sync.pid(), lock)) << ReadFileOrEmpty(log);
      EXPECT_EQ(sync.Stop(signal), 9) << target << " " << signal;
      EXPECT_THAT(ReadFileOrEmpty(log),
                  HasSubstr("blindmap: sync interrupted: an upload cut off is "
                            "discarded by the broker and the previous one "
                            "stays; run the sync again (exit 9)"));
    }
  }
  EXPECT_EQ(MyLatestPeriods().at("globex"), "");
}

TEST_F(SyncAllTest, SyncHelpListsEveryExitCodeInTheOrderOfAll) {
  const ProcessResult help = Blindmap("acme", {"sync", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr(" 10  another sync holds the lock"));
  EXPECT_THAT(help.out, HasSubstr("1, 2, 4, 3, 5, 6, 8, 7, 9, 10 (first listed "
                                  "wins)"));
}

TEST_F(SyncAllTest, PartnerAndAllAreExclusive) {
  EXPECT_EQ(Blindmap("acme", {"sync", "--input", kAlpha}).exit_code, 2);
  EXPECT_EQ(Blindmap("acme", {"sync", "--all", "--partner", "globex", "--input",
                              kAlpha})
                .exit_code,
            2);
}

}  // namespace
}  // namespace blindmap
