// Crash safety end to end: a real blindmapd is killed with SIGKILL at random
// moments while parties upload, ask for reports and revoke their
// partnership, and restarted on the same data directory. After every restart
// the stored state must be whole (ReadStoredState, CheckStructure): every
// head points to a committed snapshot whose records and tokens are all
// there, nothing pending, orphaned or half-deleted is left, and a cut-off
// upload leaves the previous snapshot visible. Every report the restarted
// broker gives, and every overlap it has cached, must equal the counts
// computed from scratch on its database while it is stopped (CheckCounts).
//
// Parties acme and globex share a partnership that is revoked and
// re-invited; acme and initech one that only stays; every 15 iterations the
// clock moves on a month, so that uploads also supersede old periods.
//
// The seed is fixed; a failure names the seed and the iteration. Kill
// delays follow the sync and report durations measured as the test runs, so
// the kills land mid-operation on a slow machine too; the summary line says
// how many did. BLINDMAP_CRASH_ITERATIONS and BLINDMAP_CRASH_SEED override
// the defaults for longer runs.
//
// The harness (the broker's kills and restarts, the checks) is
// tests/e2e/crash_harness.h.
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <iterator>
#include <random>
#include <regex>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/e2e/crash_harness.h"

namespace blindmap {
namespace {

constexpr uint32_t kDefaultSeed = 20260611;
constexpr int kDefaultIterations = 60;
// Every this many iterations the clock moves on a month (see the test).
constexpr int kIterationsPerMonth = 15;
constexpr const char* kMonths[] = {"2026-11-10", "2026-12-10", "2027-01-10",
                                   "2027-02-10", "2027-03-10", "2027-04-10"};
constexpr int kMinRecords = 2000;
constexpr int kMaxRecords = 3500;

int EnvOr(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::atoi(value) : fallback;
}

class CrashTest : public CrashHarness {
 protected:
  CrashTest()
      : CrashHarness(
            {static_cast<uint32_t>(EnvOr("BLINDMAP_CRASH_SEED", kDefaultSeed)),
             kMonths[0], kMinRecords, kMaxRecords}) {}
};

TEST_F(CrashTest, KilledBrokerRestartsWithWholeSnapshotsAndExactReports) {
  const int iterations = EnvOr("BLINDMAP_CRASH_ITERATIONS", kDefaultIterations);
  const absl::Time start = absl::Now();
  ASSERT_NO_FATAL_FAILURE(Repartner());
  Partner("acme", "initech", NoProbeLimitArgs());
  stable_id_ = PartnershipId("acme", "initech");
  ASSERT_FALSE(stable_id_.empty());
  SyncNow("acme", "initech", stable_id_);
  SyncNow("initech", "acme", stable_id_);
  const absl::Time before_report = absl::Now();
  const ReportCall first = FetchReport(*stub_, tokens_["acme"], churn_id_);
  report_time_ = absl::Now() - before_report;
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  ASSERT_GT(first.report.my_overlapping_records(), 0u);

  int revoked_count = 0;
  bool globex_supersedes = false;
  int restarts = 0;
  for (iteration_ = 0; iteration_ <= iterations; ++iteration_) {
    // Iteration 0 checks the state set up, without a kill.
    if (iteration_ > 0) {
      Operation operation = static_cast<Operation>(
          std::discrete_distribution<int>({35, 20, 30, 15})(rng_));
      bool acme = rng_() % 2 == 0;
      if (globex_supersedes) {
        operation = kUpload;
        acme = false;
        globex_supersedes = false;
      }
      ASSERT_NO_FATAL_FAILURE(RunAndKill(operation, acme));
      ASSERT_NO_FATAL_FAILURE(Restart());
      ++restarts;
      if (PartnershipId("acme", "globex").empty()) {
        revoked_.push_back(churn_id_);
        churn_id_.clear();
        ++revoked_count;
      }
    }
    FetchReports();
    StopBroker(SIGKILL);
    const StoredState state = ReadStoredState(data_dir() + "/db");
    CheckStructure(state);
    CheckCounts(state);
    // A new month: acme syncs it, so that globex's next upload, killed,
    // supersedes the previous month (its counts kept in the history, its
    // snapshots deleted).
    const int month =
        std::min<int>(iteration_ / kIterationsPerMonth, std::size(kMonths) - 1);
    const bool new_month =
        iteration_ > 0 && iteration_ % kIterationsPerMonth == 0;
    if (new_month) SetClock(kMonths[month]);
    ASSERT_NO_FATAL_FAILURE(Restart());
    ++restarts;
    if (churn_id_.empty()) {
      ASSERT_NO_FATAL_FAILURE(Repartner());
    } else if (new_month) {
      SyncNow("acme", "globex", churn_id_);
      globex_supersedes = true;
    }
  }
  const absl::Duration took = absl::Now() - start;
  // What the broker's start-up sweeps removed, from its log.
  static const std::regex kSwept(
      "start-up removed (\\d+) interrupted uploads and (\\d+) orphaned");
  const std::string log = ReadFileOrEmpty(broker_log());
  int swept_uploads = 0;
  int swept_ranges = 0;
  for (std::sregex_iterator it(log.begin(), log.end(), kSwept), end; it != end;
       ++it) {
    swept_uploads += std::stoi((*it)[1]);
    swept_ranges += std::stoi((*it)[2]);
  }

  std::string line = absl::StrCat(
      "[crash] seed ", options_.seed, ", ", iterations, " iterations, ",
      restarts, " restarts in ", absl::ToInt64Seconds(took), " s:");
  for (int i = 0; i < kOperations; ++i) {
    absl::StrAppend(&line, " ", kOperationNames[i], " ",
                    kills_[i].mid + kills_[i].outside, " kills (",
                    kills_[i].mid, " mid-operation),");
  }
  absl::StrAppend(&line, " ", revoked_count, " partnerships revoked, ",
                  superseded_.size(), " periods superseded, ", swept_uploads,
                  " interrupted uploads swept at start-up (", swept_ranges,
                  " data ranges without a committed snapshot; sync ",
                  absl::FormatDuration(sync_time_), ", report ",
                  absl::FormatDuration(report_time_), "), ", inconsistencies_,
                  " inconsistencies");
  std::cout << line << std::endl;
  EXPECT_EQ(inconsistencies_, 0);
}

}  // namespace
}  // namespace blindmap
