#include "tests/e2e/crash_harness.h"

#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <system_error>
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
#include "server/store/store.h"
#include "server/store/store_keys.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/raw_database.h"

namespace blindmap {
namespace {

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

// A call as `token`'s party, with a 30 s deadline.
std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(30));
  return context;
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

}  // namespace

ReportCall FetchReport(v1::Broker::Stub& stub, const std::string& token,
                       const std::string& partnership_id) {
  v1::GetReportRequest request;
  request.set_partnership_id(partnership_id);
  ReportCall call;
  call.status = stub.GetReport(Context(token).get(), request, &call.report);
  return call;
}

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

CrashHarness::CrashHarness(const CrashOptions& options) : options_(options) {}

void CrashHarness::SetUp() {
  SetClock(options_.first_day);
  BrokerTest::SetUp();
  StartBroker();
  for (const char* party : {"acme", "globex", "initech"}) {
    AddParty(party);
    tokens_[party] = api_token(party);
  }
  Connect();
}

void CrashHarness::TearDown() {
  BrokerTest::TearDown();
  unsetenv("BLINDMAP_FAKE_NOW");
}

void CrashHarness::SetClock(const char* day) {
  setenv("BLINDMAP_FAKE_NOW", day, 1);
}

void CrashHarness::Connect() {
  channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port()),
                                 grpc::InsecureChannelCredentials());
  channel_->WaitForConnected(std::chrono::system_clock::now() +
                             std::chrono::seconds(10));
  stub_ = v1::Broker::NewStub(channel_);
}

void CrashHarness::Restart() {
  StartBroker();
  RepointClients();
  Connect();
}

std::string CrashHarness::PartnershipId(const std::string& party,
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

std::function<ProcessResult()> CrashHarness::PrepareSync(
    const std::string& party, const std::string& partner,
    const std::string& id) {
  const int count = std::uniform_int_distribution<int>(
      options_.min_records, options_.max_records)(export_rng_);
  const std::string csv = absl::StrCat(party_dir(party), "/", partner, ".csv");
  WriteFile(csv, GenerateExport(export_rng_, party, count));
  sent_[{id, party}].insert(count);
  return [this, party, partner, csv] {
    return Blindmap(party, {"sync", "--partner", partner, "--input", csv});
  };
}

void CrashHarness::SyncNow(const std::string& party, const std::string& partner,
                           const std::string& id) {
  const absl::Time start = absl::Now();
  const ProcessResult sync = PrepareSync(party, partner, id)();
  EXPECT_EQ(sync.exit_code, 0) << sync.err;
  // A moving average: kill delays follow the machine's current pace.
  const absl::Duration took = absl::Now() - start;
  sync_time_ =
      sync_time_ == absl::ZeroDuration() ? took : sync_time_ * 0.7 + took * 0.3;
}

void CrashHarness::Repartner() {
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

bool CrashHarness::UploadOpen() const {
  std::error_code error;
  return !std::filesystem::is_empty(data_dir() + "/db-staging", error) &&
         !error;
}

void CrashHarness::WaitForUploadOpen(
    const std::vector<std::future<ProcessResult>>& syncs) {
  const absl::Time deadline = absl::Now() + sync_time_ * 4;
  while (!UploadOpen() && absl::Now() < deadline &&
         !std::all_of(syncs.begin(), syncs.end(),
                      [](const auto& sync) { return Done(sync); })) {
    absl::SleepFor(absl::Milliseconds(1));
  }
}

int CrashHarness::Delay(absl::Duration up_to) {
  // Not uniform_int_distribution: its number of draws depends on the range,
  // which comes from measured times.
  const uint32_t range =
      static_cast<uint32_t>(absl::ToInt64Milliseconds(up_to)) + 1;
  return static_cast<int>(rng_() % range);
}

void CrashHarness::Inconsistency(const std::string& what) {
  ++inconsistencies_;
  ADD_FAILURE() << "[crash] seed " << options_.seed << ", iteration "
                << iteration_ << ": " << what;
}

void CrashHarness::RunAndKill(Operation operation, bool acme) {
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

void CrashHarness::FetchReports() {
  reports_.clear();
  for (const std::string& id : {churn_id_, stable_id_}) {
    if (id.empty()) continue;
    const std::string other = id == churn_id_ ? "globex" : "initech";
    for (const std::string& party : {std::string("acme"), other}) {
      reports_[{party, id}] = FetchReport(*stub_, tokens_[party], id);
    }
  }
}

void CrashHarness::CheckStructure(const StoredState& state) {
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

void CrashHarness::CheckCounts(const StoredState& state) {
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

}  // namespace blindmap
