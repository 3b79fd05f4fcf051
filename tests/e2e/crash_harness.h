// A crash-test harness: a real blindmapd killed with SIGKILL while parties
// upload, ask for reports and revoke a partnership, restarted on the same
// data directory, and the checks that its stored state stays whole and its
// reports exact (see tests/e2e/e2e_crash_test.cc).
//
// Parties acme, globex and initech; acme-globex is the partnership revoked
// and re-invited (churn_id_), acme-initech the one that only stays
// (stable_id_).
#ifndef BLINDMAP_TESTS_E2E_CRASH_HARNESS_H_
#define BLINDMAP_TESTS_E2E_CRASH_HARNESS_H_

#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "blindmap/v1/broker.grpc.pb.h"
#include "blindmap/v1/storage.pb.h"
#include "grpcpp/grpcpp.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/subprocess.h"

namespace blindmap {

// A GetReport call's outcome.
struct ReportCall {
  grpc::Status status;
  v1::OverlapReport report;
};
// The report of the party holding API token `token` on `partnership_id`.
ReportCall FetchReport(v1::Broker::Stub& stub, const std::string& token,
                       const std::string& partnership_id);

// (partnership id, party, period) of a head.
using HeadKey = std::tuple<std::string, std::string, std::string>;

// What a stopped broker's database holds, read raw (RawDatabase).
struct StoredState {
  std::map<std::string, v1::storage::PartnershipRecord> partnerships;
  std::map<uint64_t, v1::storage::SnapshotRecord> snapshots;
  std::map<HeadKey, uint64_t> heads;
  // Family -> snapshot id -> entries stored under that id.
  std::map<std::string, std::map<uint64_t, uint64_t>> data_entries;
  std::vector<std::pair<uint64_t, uint64_t>> overlaps;       // low, high
  std::vector<std::pair<std::string, std::string>> history;  // id, period
  std::vector<std::string> malformed;
};
// Reads the database in `dir` of a stopped broker.
StoredState ReadStoredState(const std::string& dir);

// The operations the broker is killed in.
enum Operation { kUpload, kBothUpload, kReport, kRevoke, kOperations };
inline constexpr const char* kOperationNames[kOperations] = {
    "upload", "both-sides upload", "report", "revoke"};

// Kills of one operation kind: mid-operation (an upload session open on
// the broker, a report or revocation call outstanding) or outside it.
struct KillTally {
  int mid = 0;
  int outside = 0;
};

// What a crash test runs with.
struct CrashOptions {
  uint32_t seed;          // of every random choice
  const char* first_day;  // the clock at the start (BLINDMAP_FAKE_NOW)
  int min_records;        // records of a generated export: at least
  int max_records;        // and at most
};

// The fixture: three parties on a started broker, the two partnerships
// driven and checked by the methods below. Every inconsistency found is a
// test failure naming the seed and iteration_, counted in
// inconsistencies_.
class CrashHarness : public BrokerTest {
 protected:
  explicit CrashHarness(const CrashOptions& options);

  // Starts the broker with the clock at options' first day, adds the
  // parties and connects.
  void SetUp() override;
  void TearDown() override;

  // Every process started from now on (broker and clients) reads `day`.
  static void SetClock(const char* day);

  // Starts the broker again on the same data directory and reconnects.
  void Restart();
  // The id of `party`'s partnership with `partner`, "" if none.
  std::string PartnershipId(const std::string& party,
                            const std::string& partner);
  // `party` syncs a fresh export with `partner` in partnership `id`, and
  // the moving average of sync durations follows.
  void SyncNow(const std::string& party, const std::string& partner,
               const std::string& id);
  // A new acme-globex partnership, both sides synced.
  void Repartner();

  // Runs one randomly chosen operation and kills the broker in the middle.
  // `acme`: whether acme (or globex) uploads in kUpload and kReport.
  void RunAndKill(Operation operation, bool acme);
  // Restarted broker: the reports of both sides of every partnership.
  void FetchReports();
  // Stopped broker: the invariants, counting inconsistencies.
  void CheckStructure(const StoredState& state);
  void CheckCounts(const StoredState& state);

  const CrashOptions options_;
  // The decisions (operation, side, delay) draw a fixed number of values from
  // rng_ each, and the exports come from their own generator, so a seed
  // gives the same sequence of decisions whatever the timing did to the
  // previous ones (only where a kill lands in an operation varies).
  std::mt19937 rng_{options_.seed};
  std::mt19937 export_rng_{options_.seed ^ 0x9e3779b9u};
  int iteration_ = 0;
  int inconsistencies_ = 0;
  std::map<std::string, std::string> tokens_;  // party -> API token
  std::unique_ptr<v1::Broker::Stub> stub_;
  std::string churn_id_;   // acme-globex, revoked and re-invited
  std::string stable_id_;  // acme-initech, synced once
  std::vector<std::string> revoked_;
  std::set<std::pair<std::string, std::string>> superseded_;  // id, period
  absl::Duration sync_time_;    // of a completed sync
  absl::Duration report_time_;  // of a report computing its overlap
  KillTally kills_[kOperations];

 private:
  // A channel and stub to the broker's current port.
  void Connect();
  // Writes a fresh export for `party` and runs `blindmap sync` with it.
  // Call from the test thread; the returned function may run on any.
  std::function<ProcessResult()> PrepareSync(const std::string& party,
                                             const std::string& partner,
                                             const std::string& id);
  // Whether the broker has an upload session open (files in db-staging).
  bool UploadOpen() const;
  // Until the broker has an upload session open (or the syncs ended).
  void WaitForUploadOpen(const std::vector<std::future<ProcessResult>>& syncs);
  // A random delay in milliseconds, from 0 to `up_to` (one draw of rng_).
  int Delay(absl::Duration up_to);
  // Counts and reports one inconsistency.
  void Inconsistency(const std::string& what);

  std::shared_ptr<grpc::Channel> channel_;
  // Record counts of every upload started, by (partnership, party).
  std::map<std::pair<std::string, std::string>, std::set<uint64_t>> sent_;
  // Reports fetched from the restarted broker: (party, partnership) ->.
  std::map<std::pair<std::string, std::string>, ReportCall> reports_;
  std::map<HeadKey, uint64_t> previous_heads_;
  // Stored entries of each snapshot when first seen (data is immutable).
  std::map<uint64_t, std::pair<uint64_t, uint64_t>> first_seen_;
};

}  // namespace blindmap

#endif  // BLINDMAP_TESTS_E2E_CRASH_HARNESS_H_
