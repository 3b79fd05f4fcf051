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
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "blindmap/v1/broker.grpc.pb.h"
#include "blindmap/v1/storage.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "server/store.h"
#include "server/store_keys.h"
#include "tests/broker_fixture.h"
#include "tests/raw_database.h"

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

// Companies [first, last) a party's exports draw from; the ranges overlap.
struct CompanyRange {
  int first;
  int last;
};
const std::map<std::string, CompanyRange>& Ranges() {
  static const auto* ranges =
      new std::map<std::string, CompanyRange>{{"acme", {0, 6500}},
                                              {"globex", {3500, 10000}},
                                              {"initech", {2000, 8000}}};
  return *ranges;
}

// A pronounceable name for company k: four syllables, no digits.
std::string CompanyName(int k) {
  static constexpr const char* kSyllables[] = {
      "ka",  "lo",  "mi", "ra",  "ven", "tor", "sa",  "qui",
      "del", "bro", "nu", "zen", "pha", "lux", "dor", "wi"};
  std::string name;
  for (int digit = 0; digit < 4; ++digit) {
    name += kSyllables[(k >> (4 * digit)) & 15];
  }
  return name;
}

// A Salesforce export of `count` distinct companies of `party`'s range,
// two thirds customers, a third prospects.
std::string GenerateExport(std::mt19937& rng, const std::string& party,
                           int count) {
  const CompanyRange range = Ranges().at(party);
  std::vector<int> companies;
  for (int k = range.first; k < range.last; ++k) companies.push_back(k);
  std::shuffle(companies.begin(), companies.end(), rng);
  companies.resize(count);
  std::sort(companies.begin(), companies.end());
  std::string csv = "Account ID,Account Name,Type,Website,Billing Country\n";
  for (int k : companies) {
    const std::string name = CompanyName(k);
    absl::StrAppend(&csv, "0015g", party, k, ",",
                    std::string(1, static_cast<char>(name[0] - 'a' + 'A')),
                    name.substr(1), " Industries,",
                    k % 3 == 0 ? "Prospect" : "Customer - Direct",
                    ",https://www.", name, ".com/,United States\n");
  }
  return csv;
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(30));
  return context;
}

struct ReportCall {
  grpc::Status status;
  v1::OverlapReport report;
};
ReportCall FetchReport(v1::Broker::Stub& stub, const std::string& token,
                       const std::string& partnership_id) {
  v1::GetReportRequest request;
  request.set_partnership_id(partnership_id);
  ReportCall call;
  call.status = stub.GetReport(Context(token).get(), request, &call.report);
  return call;
}

grpc::Status Revoke(v1::Broker::Stub& stub, const std::string& token,
                    const std::string& partnership_id) {
  v1::RevokePartnershipRequest request;
  request.set_partnership_id(partnership_id);
  v1::RevokePartnershipResponse response;
  return stub.RevokePartnership(Context(token).get(), request, &response);
}

template <typename T>
bool Done(const std::future<T>& future) {
  return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

uint64_t AllPopulations(const storage::SnapshotRecord& snapshot) {
  const int n = snapshot.populations_size();
  return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
}

// (partnership id, party, period) of a head.
using HeadKey = std::tuple<std::string, std::string, std::string>;

// What a stopped broker's database holds, read raw (RawDatabase).
struct StoredState {
  std::map<std::string, storage::PartnershipRecord> partnerships;
  std::map<uint64_t, storage::SnapshotRecord> snapshots;
  std::map<HeadKey, uint64_t> heads;
  // Family -> snapshot id -> entries stored under that id.
  std::map<std::string, std::map<uint64_t, uint64_t>> data_entries;
  std::vector<std::pair<uint64_t, uint64_t>> overlaps;       // low, high
  std::vector<std::pair<std::string, std::string>> history;  // id, period
  std::vector<std::string> malformed;
};

StoredState ReadStoredState(const std::string& dir) {
  RawDatabase db(dir);
  StoredState state;
  for (const auto& [key, value] : db.Scan("partnerships", "")) {
    if (!state.partnerships[key].ParseFromString(value)) {
      state.malformed.push_back("unparsable partnership record");
    }
  }
  for (const auto& [key, value] : db.Scan("snapshots", "")) {
    storage::SnapshotRecord snapshot;
    if (key.size() != 8 || !snapshot.ParseFromString(value)) {
      state.malformed.push_back("unparsable snapshot record");
      continue;
    }
    state.snapshots[store_keys::ReadU64(key)] = snapshot;
  }
  for (const auto& [key, value] : db.Scan("heads", "")) {
    const size_t first = key.find('\0');
    const size_t second = key.find('\0', first + 1);
    if (second == std::string::npos || value.size() != 8) {
      state.malformed.push_back("malformed head entry");
      continue;
    }
    state
        .heads[{key.substr(0, first), key.substr(first + 1, second - first - 1),
                key.substr(second + 1)}] = store_keys::ReadU64(value);
  }
  for (const char* family : {"tokens", "records", "record_index", "details"}) {
    auto& entries = state.data_entries[family];
    for (const auto& [key, value] : db.Scan(family, "")) {
      ++entries[store_keys::ReadU64(key)];
    }
  }
  for (const auto& [key, value] : db.Scan("overlaps", "")) {
    state.overlaps.emplace_back(store_keys::ReadU64(key),
                                store_keys::ReadU64(key.substr(8)));
  }
  for (const auto& [key, value] : db.Scan("history", "")) {
    const size_t separator = key.find('\0');
    state.history.emplace_back(key.substr(0, separator),
                               key.substr(separator + 1));
  }
  return state;
}

// The latest period in which both parties of `partnership` have a head, or
// "" if none.
std::string LatestCommonPeriod(const StoredState& state,
                               const storage::PartnershipRecord& partnership) {
  std::string common;
  for (const auto& [key, id] : state.heads) {
    const auto& [partnership_id, party, period] = key;
    if (partnership_id == partnership.id() && party == partnership.inviter() &&
        state.heads.count({partnership_id, partnership.invitee(), period}) !=
            0) {
      common = std::max(common, period);
    }
  }
  return common;
}

// Differences between counts the broker gave (`got`, from a low/high or
// mine/theirs orientation) and those computed from scratch.
class CountComparison {
 public:
  void Expect(const std::string& what, uint64_t got, uint64_t want) {
    if (got != want) {
      differences_.push_back(
          absl::StrCat(what, ": broker ", got, ", from scratch ", want));
    }
  }
  template <typename Repeated>
  void ExpectAll(const std::string& what, const Repeated& got,
                 const std::vector<uint64_t>& want) {
    Expect(what + " size", got.size(), want.size());
    for (size_t i = 0; i < want.size() && i < static_cast<size_t>(got.size());
         ++i) {
      Expect(absl::StrCat(what, "[", i, "]"), got[i], want[i]);
    }
  }
  std::vector<std::string> differences() && { return std::move(differences_); }

 private:
  std::vector<std::string> differences_;
};

std::vector<std::string> CompareReport(const v1::OverlapReport& report,
                                       const storage::SnapshotRecord& mine,
                                       const storage::SnapshotRecord& theirs,
                                       const OverlapCounts& scratch) {
  CountComparison compare;
  compare.Expect("my records", report.mine().records(), mine.record_count());
  compare.Expect("partner records", report.theirs().records(),
                 theirs.record_count());
  const size_t columns = theirs.populations_size();
  compare.Expect("cells", report.cells_size(),
                 mine.populations_size() * columns);
  for (const v1::OverlapCell& cell : report.cells()) {
    const size_t index = cell.row() * columns + cell.column();
    if (index >= scratch.a_cells.size()) {
      compare.Expect("cell index", index, scratch.a_cells.size());
      continue;
    }
    const std::string where =
        absl::StrCat("cell ", cell.row(), ",", cell.column());
    compare.Expect(where + " mine", cell.my_records(), scratch.a_cells[index]);
    compare.Expect(where + " partner's", cell.partner_records(),
                   scratch.b_cells[index]);
  }
  const auto compare_side = [&compare](
                                const std::string& side,
                                const auto& populations,
                                const storage::SnapshotRecord& snapshot,
                                const std::vector<uint64_t>& overlapping) {
    compare.Expect(side + " populations", populations.size(),
                   snapshot.populations_size());
    for (int i = 0; i < populations.size() && i < snapshot.populations_size();
         ++i) {
      compare.Expect(absl::StrCat(side, " population ", i, " records"),
                     populations[i].records(), snapshot.population_sizes(i));
      if (static_cast<size_t>(i) < overlapping.size()) {
        compare.Expect(absl::StrCat(side, " population ", i, " overlapping"),
                       populations[i].overlapping_records(), overlapping[i]);
      }
    }
  };
  compare_side("my", report.my_populations(), mine,
               scratch.a_overlap_by_population);
  compare_side("partner", report.partner_populations(), theirs,
               scratch.b_overlap_by_population);
  compare.Expect("my overlapping records", report.my_overlapping_records(),
                 scratch.a_overlap_total);
  compare.Expect("partner overlapping records",
                 report.partner_overlapping_records(), scratch.b_overlap_total);
  return std::move(compare).differences();
}

std::vector<std::string> CompareCachedOverlap(
    const storage::OverlapRecord& cached, const OverlapCounts& scratch) {
  CountComparison compare;
  compare.ExpectAll("low cells", cached.low_cells(), scratch.a_cells);
  compare.ExpectAll("high cells", cached.high_cells(), scratch.b_cells);
  compare.ExpectAll("low overlap by population",
                    cached.low_overlap_by_population(),
                    scratch.a_overlap_by_population);
  compare.ExpectAll("high overlap by population",
                    cached.high_overlap_by_population(),
                    scratch.b_overlap_by_population);
  compare.Expect("low overlap total", cached.low_overlap_total(),
                 scratch.a_overlap_total);
  compare.Expect("high overlap total", cached.high_overlap_total(),
                 scratch.b_overlap_total);
  return std::move(compare).differences();
}

enum Operation { kUpload, kBothUpload, kReport, kRevoke, kOperations };
constexpr const char* kOperationNames[kOperations] = {
    "upload", "both-sides upload", "report", "revoke"};

// Kills of one operation kind: mid-operation (an upload session open on
// the broker, a report or revocation call outstanding) or outside it.
struct KillTally {
  int mid = 0;
  int outside = 0;
};

class CrashTest : public BrokerTest {
 protected:
  void SetUp() override {
    SetClock(kMonths[0]);
    BrokerTest::SetUp();
    StartBroker();
    for (const char* party : {"acme", "globex", "initech"}) {
      AddParty(party);
      tokens_[party] = api_token(party);
    }
    Connect();
  }
  void TearDown() override {
    BrokerTest::TearDown();
    unsetenv("BLINDMAP_FAKE_NOW");
  }

  // Every process started from now on (broker and clients) reads `day`.
  static void SetClock(const char* day) { setenv("BLINDMAP_FAKE_NOW", day, 1); }

  void Connect() {
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port()),
                                   grpc::InsecureChannelCredentials());
    channel_->WaitForConnected(std::chrono::system_clock::now() +
                               std::chrono::seconds(10));
    stub_ = v1::Broker::NewStub(channel_);
  }
  void Restart() {
    StartBroker();
    RepointClients();
    Connect();
  }

  std::string PartnershipId(const std::string& party,
                            const std::string& partner) {
    v1::ListPartnershipsResponse list;
    const grpc::Status status = stub_->ListPartnerships(
        Context(tokens_[party]).get(), v1::ListPartnershipsRequest(), &list);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const v1::Partnership& p : list.partnerships()) {
      if (p.inviter() == partner || p.invitee() == partner) return p.id();
    }
    return "";
  }

  // Writes a fresh export for `party` and runs `blindmap sync` with it.
  // Call from the test thread; the returned function may run on any.
  std::function<ProcessResult()> PrepareSync(const std::string& party,
                                             const std::string& partner,
                                             const std::string& id) {
    const int count =
        std::uniform_int_distribution<int>(kMinRecords, kMaxRecords)(rng_);
    const std::string csv =
        absl::StrCat(party_dir(party), "/", partner, ".csv");
    WriteFile(csv, GenerateExport(rng_, party, count));
    sent_[{id, party}].insert(count);
    return [this, party, partner, csv] {
      return Blindmap(party, {"sync", "--partner", partner, "--input", csv});
    };
  }
  void SyncNow(const std::string& party, const std::string& partner,
               const std::string& id) {
    const absl::Time start = absl::Now();
    const ProcessResult sync = PrepareSync(party, partner, id)();
    EXPECT_EQ(sync.exit_code, 0) << sync.err;
    // A moving average: kill delays follow the machine's current pace.
    const absl::Duration took = absl::Now() - start;
    sync_time_ = sync_time_ == absl::ZeroDuration()
                     ? took
                     : sync_time_ * 0.7 + took * 0.3;
  }

  // A new acme-globex partnership, both sides synced.
  void Repartner() {
    for (const auto& [party, partner] :
         {std::pair{"acme", "globex"}, std::pair{"globex", "acme"}}) {
      std::filesystem::remove(party_dir(party) + "/state/partners/" + partner +
                              ".secret");
    }
    Partner("acme", "globex", NoProbeLimitArgs());
    churn_id_ = PartnershipId("acme", "globex");
    ASSERT_FALSE(churn_id_.empty());
    SyncNow("acme", "globex", churn_id_);
    SyncNow("globex", "acme", churn_id_);
  }

  bool UploadOpen() const {
    std::error_code error;
    return !std::filesystem::is_empty(data_dir() + "/db-staging", error) &&
           !error;
  }

  // Until the broker has an upload session open (or the syncs ended).
  void WaitForUploadOpen(const std::vector<std::future<ProcessResult>>& syncs) {
    const absl::Time deadline = absl::Now() + sync_time_ * 4;
    while (!UploadOpen() && absl::Now() < deadline &&
           !std::all_of(syncs.begin(), syncs.end(),
                        [](const auto& sync) { return Done(sync); })) {
      absl::SleepFor(absl::Milliseconds(1));
    }
  }

  int Delay(absl::Duration up_to) {
    return std::uniform_int_distribution<int>(
        0, static_cast<int>(absl::ToInt64Milliseconds(up_to)))(rng_);
  }

  // Runs one randomly chosen operation and kills the broker in the middle.
  // `acme`: whether acme (or globex) uploads in kUpload and kReport.
  void RunAndKill(Operation operation, bool acme);
  // Restarted broker: the reports of both sides of every partnership.
  void FetchReports();
  // Stopped broker: the invariants, counting inconsistencies.
  void CheckStructure(const StoredState& state);
  void CheckCounts(const StoredState& state);

  void Inconsistency(const std::string& what) {
    ++inconsistencies_;
    ADD_FAILURE() << "[crash] seed " << seed_ << ", iteration " << iteration_
                  << ": " << what;
  }

  uint32_t seed_ =
      static_cast<uint32_t>(EnvOr("BLINDMAP_CRASH_SEED", kDefaultSeed));
  std::mt19937 rng_{seed_};
  int iteration_ = 0;
  int inconsistencies_ = 0;
  std::map<std::string, std::string> tokens_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Broker::Stub> stub_;
  std::string churn_id_;   // acme-globex, revoked and re-invited
  std::string stable_id_;  // acme-initech, synced once
  std::vector<std::string> revoked_;
  // Record counts of every upload started, by (partnership, party).
  std::map<std::pair<std::string, std::string>, std::set<uint64_t>> sent_;
  // Reports fetched from the restarted broker: (party, partnership) ->.
  std::map<std::pair<std::string, std::string>, ReportCall> reports_;
  std::map<HeadKey, uint64_t> previous_heads_;
  std::set<std::pair<std::string, std::string>> superseded_;  // id, period
  // Stored entries of each snapshot when first seen (data is immutable).
  std::map<uint64_t, std::pair<uint64_t, uint64_t>> first_seen_;
  absl::Duration sync_time_;    // of a completed sync
  absl::Duration report_time_;  // of a report computing its overlap
  KillTally kills_[kOperations];
};

void CrashTest::RunAndKill(Operation operation, bool acme) {
  std::vector<std::future<ProcessResult>> syncs;
  std::vector<std::future<ReportCall>> reports;
  std::future<grpc::Status> revoke;
  const auto start_sync = [&](const std::string& party,
                              const std::string& partner) {
    syncs.push_back(
        std::async(std::launch::async, PrepareSync(party, partner, churn_id_)));
  };
  const auto start_report = [&](const std::string& party,
                                const std::string& id) {
    reports.push_back(std::async(std::launch::async, FetchReport,
                                 std::ref(*stub_), tokens_[party], id));
  };
  int delay = 0;
  switch (operation) {
    case kUpload:
    case kBothUpload:
      if (operation == kBothUpload || acme) start_sync("acme", "globex");
      if (operation == kBothUpload || !acme) start_sync("globex", "acme");
      // Half the kills at any moment of the sync, half while the broker
      // receives and commits it.
      if (rng_() % 2 == 0) {
        delay = Delay(sync_time_ * 1.3);
      } else {
        WaitForUploadOpen(syncs);
        delay = Delay(sync_time_ / 4);
      }
      break;
    case kReport: {
      // A new pair of snapshots, so that the reports compute the overlap.
      SyncNow(acme ? "acme" : "globex", acme ? "globex" : "acme", churn_id_);
      for (const char* party : {"acme", "globex", "acme", "globex"}) {
        start_report(party, churn_id_);
      }
      start_report("initech", stable_id_);
      delay = Delay(report_time_ * 2);
      break;
    }
    case kRevoke:
      if (rng_() % 2 == 0) {  // while globex uploads
        start_sync("globex", "acme");
        WaitForUploadOpen(syncs);
      }
      revoke =
          std::async(std::launch::async, Revoke, std::ref(*stub_),
                     tokens_[rng_() % 2 == 0 ? "acme" : "globex"], churn_id_);
      delay = Delay(absl::Milliseconds(6));  // a revocation takes a few ms
      break;
    default:
      break;
  }
  absl::SleepFor(absl::Milliseconds(delay));
  bool in_flight = false;
  for (const auto& report : reports) in_flight |= !Done(report);
  if (revoke.valid()) in_flight = !Done(revoke);
  ASSERT_EQ(StopBroker(SIGKILL), 128 + SIGKILL);
  if (operation == kUpload || operation == kBothUpload) {
    in_flight = UploadOpen();
  }
  ++(in_flight ? kills_[operation].mid : kills_[operation].outside);
  for (auto& sync : syncs) sync.get();
  for (auto& report : reports) report.get();
  if (revoke.valid()) revoke.get();
}

void CrashTest::FetchReports() {
  reports_.clear();
  for (const std::string& id : {churn_id_, stable_id_}) {
    if (id.empty()) continue;
    const std::string other = id == churn_id_ ? "globex" : "initech";
    for (const std::string& party : {std::string("acme"), other}) {
      reports_[{party, id}] = FetchReport(*stub_, tokens_[party], id);
    }
  }
}

void CrashTest::CheckStructure(const StoredState& state) {
  for (const std::string& problem : state.malformed) Inconsistency(problem);
  std::error_code error;
  if (!std::filesystem::is_empty(data_dir() + "/db-staging", error) && !error) {
    Inconsistency("staging files left after the start-up sweep");
  }
  // (1) Heads point to complete committed snapshots; nothing else is kept.
  std::set<uint64_t> visible;
  for (const auto& [key, id] : state.heads) {
    const auto& [partnership_id, party, period] = key;
    const std::string head = absl::StrCat("head of ", party, " for ", period,
                                          " in ", partnership_id);
    const auto partnership = state.partnerships.find(partnership_id);
    if (partnership == state.partnerships.end()) {
      Inconsistency(head + ": the partnership is gone");
    } else if (partnership->second.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
      Inconsistency(head + ": the partnership is not active");
    }
    const auto snapshot = state.snapshots.find(id);
    if (snapshot == state.snapshots.end()) {
      Inconsistency(absl::StrCat(head, ": snapshot ", id, " is missing"));
      continue;
    }
    const storage::SnapshotRecord& record = snapshot->second;
    if (record.state() != storage::SNAPSHOT_STATE_COMMITTED ||
        record.partnership_id() != partnership_id || record.party() != party ||
        record.period() != period) {
      Inconsistency(absl::StrCat(head, ": snapshot ", id,
                                 " is not that head's committed snapshot"));
    }
    visible.insert(id);
  }
  for (const auto& [id, record] : state.snapshots) {
    if (record.state() != storage::SNAPSHOT_STATE_COMMITTED) {
      Inconsistency(absl::StrCat("snapshot ", id,
                                 " still pending after the start-up sweep"));
    } else if (visible.count(id) == 0) {
      Inconsistency(absl::StrCat("committed snapshot ", id, " of ",
                                 record.partnership_id(), " has no head"));
    }
    const auto entries = [&state, snapshot_id = id](const char* family) {
      const auto& by_id = state.data_entries.at(family);
      const auto found = by_id.find(snapshot_id);
      return found == by_id.end() ? uint64_t{0} : found->second;
    };
    const uint64_t records = entries("records");
    const uint64_t tokens = entries("tokens");
    if (records != record.record_count() ||
        entries("record_index") != record.record_count()) {
      Inconsistency(absl::StrCat("snapshot ", id, " announces ",
                                 record.record_count(), " records, ", records,
                                 " are stored"));
    }
    if (tokens == 0 || tokens > record.token_count()) {
      Inconsistency(absl::StrCat("snapshot ", id, " has ", tokens,
                                 " stored tokens of ", record.token_count()));
    }
    const auto [seen, inserted] = first_seen_.try_emplace(id, records, tokens);
    if (!inserted && seen->second != std::pair{records, tokens}) {
      Inconsistency(absl::StrCat(
          "snapshot ", id, " changed: ", seen->second.first, "/",
          seen->second.second, " records/tokens, now ", records, "/", tokens));
    }
  }
  for (const auto& [family, by_id] : state.data_entries) {
    for (const auto& [id, count] : by_id) {
      if (state.snapshots.count(id) == 0) {
        Inconsistency(absl::StrCat(count, " ", family,
                                   " entries of deleted snapshot ", id));
      }
    }
  }
  for (const auto& [low, high] : state.overlaps) {
    if (state.snapshots.count(low) == 0 || state.snapshots.count(high) == 0) {
      Inconsistency(
          absl::StrCat("cached overlap of deleted snapshots ", low, "/", high));
    }
  }
  for (const auto& [id, period] : state.history) {
    if (state.partnerships.count(id) == 0) {
      Inconsistency(absl::StrCat("history of deleted partnership ", id));
    }
  }
  // (3) Nothing of a revoked partnership remains.
  for (const std::string& id : revoked_) {
    uint64_t left = state.partnerships.count(id);
    for (const auto& [key, snapshot] : state.heads) {
      left += std::get<0>(key) == id;
    }
    for (const auto& [snapshot_id, record] : state.snapshots) {
      left += record.partnership_id() == id;
    }
    for (const auto& [history_id, period] : state.history) {
      left += history_id == id;
    }
    if (left > 0) {
      Inconsistency(
          absl::StrCat("revoked partnership ", id, " left ", left, " entries"));
    }
  }
  // (4) A head changes only to a newer complete upload, or goes with a
  // superseded period.
  for (const auto& [key, id] : state.heads) {
    const auto previous = previous_heads_.find(key);
    if (previous != previous_heads_.end() && previous->second == id) continue;
    if (previous != previous_heads_.end() && id < previous->second) {
      Inconsistency(absl::StrCat("head went back from snapshot ",
                                 previous->second, " to ", id));
    }
    const auto snapshot = state.snapshots.find(id);
    const auto& sent = sent_[{std::get<0>(key), std::get<1>(key)}];
    if (snapshot != state.snapshots.end() &&
        sent.count(snapshot->second.record_count()) == 0) {
      Inconsistency(absl::StrCat("snapshot ", id, " has ",
                                 snapshot->second.record_count(),
                                 " records; no upload sent that many"));
    }
  }
  for (const auto& [key, id] : previous_heads_) {
    const auto& [partnership_id, party, period] = key;
    const auto partnership = state.partnerships.find(partnership_id);
    if (state.heads.count(key) != 0 ||
        partnership == state.partnerships.end()) {
      continue;  // kept, or revoked (checked above)
    }
    if (LatestCommonPeriod(state, partnership->second) <= period) {
      Inconsistency(absl::StrCat("snapshot ", id, " of ", party, " for ",
                                 period, " vanished without being replaced"));
    }
  }
  previous_heads_ = state.heads;
  superseded_.insert(state.history.begin(), state.history.end());
}

void CrashTest::CheckCounts(const StoredState& state) {
  absl::StatusOr<std::unique_ptr<Store>> store =
      Store::Open(data_dir() + "/db", StoreOptions{8 << 20, 32 << 20});
  if (!store.ok()) {
    Inconsistency(
        absl::StrCat("cannot open the store: ", store.status().ToString()));
    return;
  }
  const SweepStats& sweep = (*store)->sweep_stats();
  if (sweep.pending_snapshots_removed + sweep.orphan_ranges_removed > 0) {
    Inconsistency(absl::StrCat("the broker's start-up left ",
                               sweep.pending_snapshots_removed,
                               " pending snapshots and ",
                               sweep.orphan_ranges_removed, " orphan ranges"));
  }
  // (2) Every report equals the counts computed from scratch.
  for (const auto& [who, call] : reports_) {
    const auto& [party, id] = who;
    const std::string label = absl::StrCat("report of ", party, " on ", id);
    const auto partnership = state.partnerships.find(id);
    if (partnership == state.partnerships.end()) continue;
    const std::string period = LatestCommonPeriod(state, partnership->second);
    if (!call.status.ok()) {
      if (call.status.error_code() != grpc::StatusCode::FAILED_PRECONDITION ||
          !period.empty()) {
        Inconsistency(absl::StrCat(label, " failed (", call.status.error_code(),
                                   "): ", call.status.error_message()));
      }
      continue;
    }
    const std::string partner = party == partnership->second.inviter()
                                    ? partnership->second.invitee()
                                    : partnership->second.inviter();
    if (call.report.period() != period) {
      Inconsistency(absl::StrCat(label, " is for ", call.report.period(),
                                 ", the latest common period is ", period));
      continue;
    }
    const storage::SnapshotRecord& mine =
        state.snapshots.at(state.heads.at({id, party, period}));
    const storage::SnapshotRecord& theirs =
        state.snapshots.at(state.heads.at({id, partner, period}));
    const absl::StatusOr<OverlapCounts> scratch = (*store)->ComputeOverlap(
        mine, theirs, partnership->second.match_policy(), AllPopulations(mine),
        AllPopulations(theirs));
    if (!scratch.ok()) {
      Inconsistency(absl::StrCat(
          label, ": no count from scratch: ", scratch.status().ToString()));
      continue;
    }
    for (const std::string& difference :
         CompareReport(call.report, mine, theirs, *scratch)) {
      Inconsistency(absl::StrCat(label, ": ", difference));
    }
  }
  // Every cached overlap equals its count from scratch.
  for (const auto& [low, high] : state.overlaps) {
    const auto cached = (*store)->FindOverlap(low, high);
    const auto low_snapshot = state.snapshots.find(low);
    const auto high_snapshot = state.snapshots.find(high);
    if (!cached.ok() || !cached->has_value() ||
        low_snapshot == state.snapshots.end() ||
        high_snapshot == state.snapshots.end()) {
      continue;  // reported by CheckStructure
    }
    const storage::OverlapRecord& overlap = **cached;
    const absl::StatusOr<OverlapCounts> scratch = (*store)->ComputeOverlap(
        low_snapshot->second, high_snapshot->second, overlap.match_policy(),
        overlap.low_visible(), overlap.high_visible());
    if (!scratch.ok()) {
      Inconsistency(absl::StrCat(
          "cached overlap ", low, "/", high,
          ": no count from scratch: ", scratch.status().ToString()));
      continue;
    }
    for (const std::string& difference :
         CompareCachedOverlap(overlap, *scratch)) {
      Inconsistency(
          absl::StrCat("cached overlap ", low, "/", high, ": ", difference));
    }
  }
}

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

  std::string line = absl::StrCat("[crash] seed ", seed_, ", ", iterations,
                                  " iterations, ", restarts, " restarts in ",
                                  absl::ToInt64Seconds(took), " s:");
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
