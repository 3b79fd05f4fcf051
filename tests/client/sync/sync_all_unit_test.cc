// The pieces of `blindmap sync --all` that need no broker: the sync lock,
// the exit codes it adds, and one read of the export serving every
// partner's sharing exactly as separate reads would.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/config/client_config.h"
#include "client/console/exit_codes.h"
#include "client/crm/crm_export.h"
#include "client/crm/shared_read.h"
#include "client/sync/run_lock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;

std::string Contents(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// ---------------------------------------------------------------------------
// client/sync/run_lock.h

class RunLockTest : public ::testing::Test {
 protected:
  std::string path() const { return dir_.path() + "/sync.lock"; }
  TempDir dir_;
};

TEST_F(RunLockTest, AcquireCreatesThePrivateFileWithThePid) {
  absl::StatusOr<std::unique_ptr<RunLock>> lock =
      RunLock::Acquire(path(), absl::ZeroDuration());
  ASSERT_TRUE(lock.ok()) << lock.status();
  EXPECT_EQ((*lock)->path(), path());
  EXPECT_EQ(Contents(path()), absl::StrCat(getpid(), "\n"));
  struct stat st;
  ASSERT_EQ(stat(path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(SyncLockPath("/var/lib/blindmap/state"),
            "/var/lib/blindmap/state/sync.lock");
}

TEST_F(RunLockTest, SecondAcquireIsRefusedAtOnceWithExitCodeTen) {
  auto first = RunLock::Acquire(path(), absl::ZeroDuration());
  ASSERT_TRUE(first.ok()) << first.status();
  const absl::Time start = absl::Now();
  auto second = RunLock::Acquire(path(), absl::ZeroDuration());
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ExitCodeFor(second.status()), kExitLocked);
  EXPECT_EQ(
      second.status().message(),
      absl::StrCat("another sync is running: ", path(), " is locked by PID ",
                   getpid(), " (pass --wait-lock SECONDS to wait)"));
  // The refused attempt left the holder's PID in place.
  EXPECT_EQ(Contents(path()), absl::StrCat(getpid(), "\n"));
}

TEST_F(RunLockTest, DestroyingTheLockReleasesIt) {
  auto first = RunLock::Acquire(path(), absl::ZeroDuration());
  ASSERT_TRUE(first.ok());
  first->reset();
  auto second = RunLock::Acquire(path(), absl::ZeroDuration());
  EXPECT_TRUE(second.ok()) << second.status();
}

TEST_F(RunLockTest, WaitingAcquireGetsTheLockWhenTheHolderLetsGo) {
  auto first = RunLock::Acquire(path(), absl::ZeroDuration());
  ASSERT_TRUE(first.ok());
  std::thread release([&first] {
    absl::SleepFor(absl::Milliseconds(300));
    first->reset();
  });
  const absl::Time start = absl::Now();
  auto second = RunLock::Acquire(path(), absl::Seconds(5));
  const absl::Duration waited = absl::Now() - start;
  release.join();
  EXPECT_TRUE(second.ok()) << second.status();
  EXPECT_GE(waited, absl::Milliseconds(250));
  EXPECT_LT(waited, absl::Seconds(4));
}

TEST_F(RunLockTest, WaitingAcquireGivesUpAfterItsTime) {
  auto first = RunLock::Acquire(path(), absl::ZeroDuration());
  ASSERT_TRUE(first.ok());
  const absl::Time start = absl::Now();
  auto second = RunLock::Acquire(path(), absl::Milliseconds(300));
  const absl::Duration waited = absl::Now() - start;
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(ExitCodeFor(second.status()), kExitLocked);
  EXPECT_THAT(second.status().message(), HasSubstr("(waited 300ms)"));
  EXPECT_GE(waited, absl::Milliseconds(290));
  EXPECT_LT(waited, absl::Seconds(3));
}

TEST_F(RunLockTest, AKilledHolderReleasesTheLockAndWasNamedWhileHeld) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto lock = RunLock::Acquire(path(), absl::ZeroDuration());
    const char byte = lock.ok() ? 'y' : 'n';
    if (write(ready[1], &byte, 1) != 1) _exit(1);
    pause();  // until SIGKILL: no destructor runs
    _exit(0);
  }
  close(ready[1]);
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  close(ready[0]);
  ASSERT_EQ(byte, 'y');
  auto refused = RunLock::Acquire(path(), absl::ZeroDuration());
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(),
              HasSubstr(absl::StrCat("locked by PID ", child, " ")));
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  auto acquired = RunLock::Acquire(path(), absl::ZeroDuration());
  EXPECT_TRUE(acquired.ok()) << acquired.status();
}

TEST_F(RunLockTest, AnUncreatableFileIsFailedPrecondition) {
  auto lock = RunLock::Acquire(dir_.path() + "/missing/dir/sync.lock",
                               absl::ZeroDuration());
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ExitCodeFor(lock.status()), kExitConflict);
}

// ---------------------------------------------------------------------------
// client/console/exit_codes.h: the codes sync --all adds

TEST(SyncExitCodesTest, LockedIsTenAndListedInTheHelp) {
  EXPECT_EQ(kExitLocked, 10);
  EXPECT_THAT(ExitCodeHelp(), HasSubstr(" 10  another sync holds the lock "
                                        "(<state_dir>/sync.lock)\n"));
}

TEST(SyncExitCodesTest, WithExitCodeOverridesTheStatusCode) {
  const absl::Status locked =
      WithExitCode(absl::AbortedError("held"), kExitLocked);
  EXPECT_EQ(locked.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(locked.message(), "held");
  EXPECT_EQ(ExitCodeFor(locked), 10);
  EXPECT_EQ(ExitCodeFor(absl::AbortedError("held")), kExitRetry);
}

TEST(SyncExitCodesTest, TheMostSevereCodeFollowsTheDocumentedOrder) {
  // Most to least severe: 1, 2, 4, 3, 5, 6, 8, 7, 9, 10, 0.
  const int order[] = {1, 2, 4, 3, 5, 6, 8, 7, 9, 10, 0};
  for (size_t i = 0; i < std::size(order); ++i) {
    for (size_t j = i; j < std::size(order); ++j) {
      EXPECT_EQ(MoreSevereExitCode(order[i], order[j]), order[i])
          << order[i] << " vs " << order[j];
      EXPECT_EQ(MoreSevereExitCode(order[j], order[i]), order[i])
          << order[j] << " vs " << order[i];
    }
  }
  // A refused upload (8) outranks an unreachable broker (7).
  EXPECT_EQ(MoreSevereExitCode(MoreSevereExitCode(0, 7), 8), 8);
}

// ---------------------------------------------------------------------------
// client/crm/shared_read.h

constexpr char kBroker[] =
    "broker: {address: 'localhost:7443', token_file: acme.token}\n";

constexpr char kCsv[] =
    "Account ID,Account Name,Type,Website,Account Owner,Industry,Partner "
    "Ready\n"
    "a1,Northwind Traders,Customer - Direct,northwind.com,Jordan,Retail,\n"
    "a2,Silverline Logistics,Customer,silverline.com,Maya,Transport,yes\n"
    "a3,Granite Peak,Prospect,granitepeak.com,Sam,Retail,\n"
    "a4,Blue Harbor Foods,Prospect,blueharbor.com,,Food,never\n"
    "a5,Copperleaf Software,Customer,copperleaf.io,Jordan,Software,never\n"
    "a6,Evergreen Clinics,Prospect,evergreen.org,Maya,Health,yes\n"
    "a7,Lakeside Tools,Customer,,Sam,Retail,\n";

class SharedReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    std::ofstream(csv_path()) << kCsv;
  }
  std::string csv_path() const { return dir_.path() + "/accounts.csv"; }

  void Configure(const std::string& yaml) {
    auto config = ParseClientConfig(absl::StrCat(kBroker, yaml), "c.yaml");
    ASSERT_TRUE(config.ok()) << config.status();
    config_ = *std::move(config);
  }

  absl::StatusOr<CrmExport> Read(const SharingConfig& sharing) {
    auto reader = CrmExportReader::Create(config_);
    if (!reader.ok()) return reader.status();
    return (*reader)->Read(csv_path(), {}, "", &sharing);
  }

  // Reads once for all, applies `sharing`, and compares with a read with
  // `sharing` alone: the same detail bytes, opt-ins and counts.
  void ExpectSameAsOwnRead(const SharingConfig& sharing,
                           int64_t expected_offered) {
    absl::StatusOr<CrmExport> own = Read(sharing);
    ASSERT_TRUE(own.ok()) << own.status();
    absl::StatusOr<CrmExport> shared = Read(ReadSharing(config_));
    ASSERT_TRUE(shared.ok()) << shared.status();
    SharedDetail detail(*shared);
    for (const ExportedAccount& account : shared->accounts) {
      EXPECT_EQ(account.detail, "");  // moved out until ApplyFor()
    }
    ASSERT_TRUE(detail.ApplyFor(sharing, config_, *shared).ok());
    ASSERT_EQ(shared->accounts.size(), own->accounts.size());
    for (size_t i = 0; i < own->accounts.size(); ++i) {
      EXPECT_EQ(shared->accounts[i].detail, own->accounts[i].detail)
          << own->accounts[i].account_id;
      EXPECT_EQ(shared->accounts[i].opted_in, own->accounts[i].opted_in)
          << own->accounts[i].account_id;
    }
    EXPECT_EQ(shared->summary.detail_offered, expected_offered);
    EXPECT_EQ(shared->summary.detail_offered, own->summary.detail_offered);
    EXPECT_EQ(shared->summary.opted_in, own->summary.opted_in);
    EXPECT_EQ(shared->summary.opted_out, own->summary.opted_out);
  }

  TempDir dir_;
  ClientConfig config_;
};

TEST_F(SharedReadTest, OneReadGivesEachPartnerTheDetailOfItsOwnRead) {
  Configure(
      "sharing:\n"
      "  fields: [account_name, website, populations, owner, industry]\n"
      "  opt_in: {where: {column: Partner Ready, equals: yes}}\n"
      "  opt_out: {where: {column: Partner Ready, equals: never}}\n");
  // globex: customers at overlaps, a1 opted out from this machine.
  SharingConfig globex = config_.SharingFor("globex");
  globex.levels["Customers"] = v1::SHARING_LEVEL_OVERLAPS;
  globex.opt_out.accounts.push_back("a1");
  // a2 and a7 (customers), a6 (filter); a5 opted out by the filter, a1 by
  // id.
  ExpectSameAsOwnRead(globex, 3);
  // initech: counts only, a3 opted in by id, a6 by the filter.
  SharingConfig initech = config_.SharingFor("initech");
  initech.opt_in.accounts.push_back("a3");
  initech.opt_in.accounts.push_back("a4");  // opted out by the filter
  ExpectSameAsOwnRead(initech, 3);          // a2, a3, a6
}

TEST_F(SharedReadTest, PartnerOverridesOfLevelsAndFieldsAreServed) {
  Configure(
      "partners:\n"
      "  globex:\n"
      "    sharing: {levels: {Prospects: overlaps}, fields: [industry]}\n");
  EXPECT_TRUE(CompatibleWithSharedRead(config_, "globex").ok());
  EXPECT_TRUE(CompatibleWithSharedRead(config_, "initech").ok());
  ExpectSameAsOwnRead(config_.SharingFor("globex"), 3);  // a3, a4, a6
  ExpectSameAsOwnRead(config_.SharingFor("initech"), 0);
}

TEST_F(SharedReadTest, APartnerWithItsOwnFiltersNeedsItsOwnRead) {
  Configure(
      "partners:\n"
      "  globex:\n"
      "    sharing:\n"
      "      opt_in: {where: {column: Partner Ready, equals: yes}}\n");
  const absl::Status status = CompatibleWithSharedRead(config_, "globex");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("partners.globex.sharing"));
  EXPECT_THAT(status.message(), HasSubstr("blindmap sync --partner globex"));
  EXPECT_TRUE(CompatibleWithSharedRead(config_, "initech").ok());
}

// Filters of the top-level sharing are the shared read's own: a partner
// without a sharing section is served (the demo's acme offers prospects
// with an opt_in filter and syncs both partners with sync --all).
TEST_F(SharedReadTest, TopLevelFiltersServeEveryPartnerWithoutItsOwnSection) {
  Configure(
      "sharing:\n"
      "  opt_in: {where: {column: Partner Ready, equals: yes}}\n");
  EXPECT_TRUE(CompatibleWithSharedRead(config_, "globex").ok());
  EXPECT_TRUE(CompatibleWithSharedRead(config_, "initech").ok());
}

}  // namespace
}  // namespace blindmap
