// load_bench: a bounded load test of one broker over loopback gRPC.
//
// Creates PARTNERSHIPS partnerships among PARTIES parties (whose API tokens
// bench/run_load.sh wrote to --token-dir/<party>.token), then has --workers
// threads upload both sides of every partnership (ACCOUNTS synthetic records
// each, ROUNDS times, each round a re-sync replacing the one before) while
// --report-threads threads request reports of random partnerships. After the
// last round it checks every report's overlap against the records the two
// sides share. Prints one line:
//
//   uploads U in X s (Y/s), reports N p50 A ms p99 B ms, errors E
//
// An error is any non-OK status except FAILED_PRECONDITION for a report
// requested before both sides of that partnership had uploaded, and any
// overlap that differs from the expected one. Exits 1 on errors or when
// --deadline-seconds passes first. Synthetic data only; no raw names.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "blindmap/v1/broker.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace blindmap {
namespace {

namespace v1 = ::blindmap::v1;

constexpr int kBatchRecords = 1000;
constexpr double kSharedFraction = 0.3;
// In every round after the first, one shared record in kChangedEvery gets a
// token of its own, so re-syncs change the overlap.
constexpr int kChangedEvery = 10;
constexpr absl::Duration kRpcTimeout = absl::Seconds(120);

struct Options {
  std::string address;
  std::string token_dir;
  int parties = 50;
  int partnerships = 100;
  int accounts = 10'000;
  int rounds = 2;
  int workers = 8;
  int report_threads = 4;
  int deadline_seconds = 600;
};

struct PartnershipPlan {
  int inviter = 0;
  int invitee = 0;
  std::string id;
  std::string key_check;
  std::atomic<int> sides_uploaded{0};
};

struct UploadTask {
  int partnership = 0;
  int side = 0;  // 0 inviter, 1 invitee
  int round = 0;
};

std::string PartyName(int index) {
  return absl::StrFormat("party-%02d", index);
}

// 16 bytes from a 64-bit generator.
std::string RandomBytes16(std::mt19937_64& rng) {
  std::string out(16, '\0');
  const uint64_t a = rng();
  const uint64_t b = rng();
  std::memcpy(out.data(), &a, 8);
  std::memcpy(out.data() + 8, &b, 8);
  return out;
}

// Records of one side in one round: the first kSharedFraction of them carry
// tokens both sides draw from the partnership's generator (except the ones
// changed in later rounds); the rest carry tokens of this side alone.
std::vector<v1::Record> MakeRecords(int partnership, int side, int round,
                                    int accounts) {
  std::mt19937_64 shared(0x5eed0000u + static_cast<uint64_t>(partnership));
  std::mt19937_64 own(0x0bad0000u + static_cast<uint64_t>(partnership) * 131 +
                      static_cast<uint64_t>(side) * 17 +
                      static_cast<uint64_t>(round));
  const int shared_count = static_cast<int>(accounts * kSharedFraction);
  std::vector<v1::Record> records(static_cast<size_t>(accounts));
  for (int j = 0; j < accounts; ++j) {
    v1::Record& record = records[static_cast<size_t>(j)];
    record.set_record_id(RandomBytes16(own));
    record.set_population_bits(1 + own() % 2);
    v1::Token* token = record.add_tokens();
    token->set_kind(v1::KEY_KIND_DOMAIN);
    std::string shared_token = j < shared_count ? RandomBytes16(shared) : "";
    const bool changed = round > 0 && j % kChangedEvery == 0;
    token->set_value(j < shared_count && !changed ? shared_token
                                                  : RandomBytes16(own));
  }
  return records;
}

uint64_t ExpectedOverlap(int accounts, int rounds) {
  const int shared_count = static_cast<int>(accounts * kSharedFraction);
  if (rounds <= 1) return static_cast<uint64_t>(shared_count);
  return static_cast<uint64_t>(
      shared_count - (shared_count + kChangedEvery - 1) / kChangedEvery);
}

class LoadRun {
 public:
  explicit LoadRun(Options options)
      : options_(std::move(options)),
        deadline_(absl::Now() + absl::Seconds(options_.deadline_seconds)) {}

  int Run();

 private:
  bool ReadTokens();
  std::unique_ptr<v1::Broker::Stub> NewStub(int channel) const;
  void Prepare(grpc::ClientContext& context, int party) const;
  void Error(absl::string_view what, const grpc::Status& status);
  bool CreatePartnerships();
  void UploadWorker(int worker, const std::vector<UploadTask>& tasks,
                    std::atomic<size_t>& next);
  grpc::Status Upload(v1::Broker::Stub& stub, const UploadTask& task);
  void ReportWorker(int worker);
  void CheckFinalReports();
  bool Expired() const { return absl::Now() >= deadline_; }

  const Options options_;
  const absl::Time deadline_;
  const std::string period_ =
      absl::FormatTime("%Y-%m", absl::Now(), absl::UTCTimeZone());
  std::vector<std::string> bearers_;
  std::vector<std::unique_ptr<PartnershipPlan>> plans_;
  std::atomic<bool> uploads_done_{false};
  std::atomic<int> uploads_{0};
  std::atomic<int> errors_{0};
  std::atomic<int> not_ready_{0};
  absl::Mutex mutex_;
  std::vector<double> report_ms_ ABSL_GUARDED_BY(mutex_);
};

bool LoadRun::ReadTokens() {
  for (int i = 0; i < options_.parties; ++i) {
    const std::string path =
        absl::StrCat(options_.token_dir, "/", PartyName(i), ".token");
    std::ifstream in(path);
    if (!in) {
      std::fprintf(stderr, "load_bench: cannot read %s\n", path.c_str());
      return false;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string token = text.str();
    absl::string_view trimmed = absl::StripAsciiWhitespace(token);
    bearers_.push_back(absl::StrCat("Bearer ", trimmed));
  }
  return true;
}

std::unique_ptr<v1::Broker::Stub> LoadRun::NewStub(int channel) const {
  grpc::ChannelArguments arguments;
  // A distinct argument gives each worker its own connection.
  arguments.SetInt("blindmap.load_bench_channel", channel);
  arguments.SetMaxReceiveMessageSize(16 << 20);
  return v1::Broker::NewStub(grpc::CreateCustomChannel(
      options_.address, grpc::InsecureChannelCredentials(), arguments));
}

void LoadRun::Prepare(grpc::ClientContext& context, int party) const {
  context.set_deadline(
      absl::ToChronoTime(std::min(absl::Now() + kRpcTimeout, deadline_)));
  context.AddMetadata("authorization", bearers_[static_cast<size_t>(party)]);
}

void LoadRun::Error(absl::string_view what, const grpc::Status& status) {
  if (errors_.fetch_add(1) < 10) {
    std::fprintf(stderr, "load_bench: %s: code %d: %s\n",
                 std::string(what).c_str(), status.error_code(),
                 status.error_message().c_str());
  }
}

bool LoadRun::CreatePartnerships() {
  // Pairs (a, a + step) for step 1, 2, ... until enough distinct pairs.
  std::set<std::pair<int, int>> used;
  for (int step = 1; step < options_.parties &&
                     static_cast<int>(plans_.size()) < options_.partnerships;
       ++step) {
    for (int a = 0; a < options_.parties &&
                    static_cast<int>(plans_.size()) < options_.partnerships;
         ++a) {
      const int b = (a + step) % options_.parties;
      if (!used.insert({std::min(a, b), std::max(a, b)}).second) continue;
      auto plan = std::make_unique<PartnershipPlan>();
      plan->inviter = a;
      plan->invitee = b;
      plans_.push_back(std::move(plan));
    }
  }
  if (static_cast<int>(plans_.size()) < options_.partnerships) {
    std::fprintf(stderr, "load_bench: %d parties allow only %zu partnerships\n",
                 options_.parties, plans_.size());
    return false;
  }
  std::mt19937_64 rng(42);
  std::unique_ptr<v1::Broker::Stub> stub = NewStub(-1);
  for (size_t i = 0; i < plans_.size(); ++i) {
    PartnershipPlan& plan = *plans_[i];
    plan.key_check = RandomBytes16(rng);
    v1::InvitePartnerRequest invite;
    invite.set_partner(PartyName(plan.invitee));
    invite.set_key_check(plan.key_check);
    invite.set_cadence(v1::SYNC_CADENCE_MONTHLY);
    invite.set_match_policy(v1::MATCH_POLICY_STANDARD);
    // Re-syncs must be allowed: no upload cap, no minimum change or size.
    invite.mutable_probe_policy()->set_min_population_size(0);
    invite.mutable_probe_policy()->set_max_uploads_per_period(0);
    invite.mutable_probe_policy()->set_min_changed_records(0);
    v1::Partnership partnership;
    grpc::ClientContext invite_context;
    Prepare(invite_context, plan.inviter);
    grpc::Status status =
        stub->InvitePartner(&invite_context, invite, &partnership);
    if (!status.ok()) {
      Error("InvitePartner", status);
      return false;
    }
    plan.id = partnership.id();
    v1::AcceptPartnershipRequest accept;
    accept.set_partnership_id(plan.id);
    accept.set_key_check(plan.key_check);
    grpc::ClientContext accept_context;
    Prepare(accept_context, plan.invitee);
    status = stub->AcceptPartnership(&accept_context, accept, &partnership);
    if (!status.ok()) {
      Error("AcceptPartnership", status);
      return false;
    }
  }
  return true;
}

grpc::Status LoadRun::Upload(v1::Broker::Stub& stub, const UploadTask& task) {
  PartnershipPlan& plan = *plans_[static_cast<size_t>(task.partnership)];
  std::vector<v1::Record> records =
      MakeRecords(task.partnership, task.side, task.round, options_.accounts);
  grpc::ClientContext context;
  Prepare(context, task.side == 0 ? plan.inviter : plan.invitee);
  v1::UploadSnapshotResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::UploadSnapshotRequest>> writer =
      stub.UploadSnapshot(&context, &response);
  v1::UploadSnapshotRequest request;
  v1::SnapshotHeader* header = request.mutable_header();
  header->set_partnership_id(plan.id);
  header->set_period(period_);
  header->set_key_check(plan.key_check);
  header->set_record_count(records.size());
  v1::PopulationSpec* customers = header->add_populations();
  customers->set_name("Customers");
  customers->set_kind(v1::POPULATION_KIND_CUSTOMER);
  v1::PopulationSpec* prospects = header->add_populations();
  prospects->set_name("Prospects");
  prospects->set_kind(v1::POPULATION_KIND_PROSPECT);
  bool open = writer->Write(request);
  for (size_t start = 0; open && start < records.size();
       start += kBatchRecords) {
    request.Clear();
    v1::RecordBatch* batch = request.mutable_batch();
    const size_t end = std::min(records.size(), start + kBatchRecords);
    for (size_t j = start; j < end; ++j) *batch->add_records() = records[j];
    open = writer->Write(request);
  }
  if (open) {
    request.Clear();
    request.mutable_commit()->set_record_count(records.size());
    writer->Write(request);
  }
  writer->WritesDone();
  return writer->Finish();
}

void LoadRun::UploadWorker(int worker, const std::vector<UploadTask>& tasks,
                           std::atomic<size_t>& next) {
  std::unique_ptr<v1::Broker::Stub> stub = NewStub(worker);
  for (size_t i = next.fetch_add(1); i < tasks.size() && !Expired();
       i = next.fetch_add(1)) {
    const UploadTask& task = tasks[i];
    const grpc::Status status = Upload(*stub, task);
    if (!status.ok()) {
      Error(absl::StrCat("UploadSnapshot round ", task.round + 1), status);
      continue;
    }
    uploads_.fetch_add(1);
    if (task.round == 0) {
      plans_[static_cast<size_t>(task.partnership)]->sides_uploaded.fetch_add(
          1);
    }
  }
}

void LoadRun::ReportWorker(int worker) {
  std::unique_ptr<v1::Broker::Stub> stub = NewStub(1000 + worker);
  std::mt19937_64 rng(static_cast<uint64_t>(worker) + 7);
  while (!uploads_done_.load() && !Expired()) {
    const size_t index = rng() % plans_.size();
    const PartnershipPlan& plan = *plans_[index];
    const bool synced = plan.sides_uploaded.load() == 2;
    v1::GetReportRequest request;
    request.set_partnership_id(plan.id);
    v1::OverlapReport report;
    grpc::ClientContext context;
    Prepare(context, rng() % 2 == 0 ? plan.inviter : plan.invitee);
    const absl::Time start = absl::Now();
    const grpc::Status status = stub->GetReport(&context, request, &report);
    const double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
    if (status.ok()) {
      absl::MutexLock lock(&mutex_);
      report_ms_.push_back(ms);
    } else if (!synced &&
               status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
      not_ready_.fetch_add(1);
    } else {
      Error("GetReport", status);
    }
  }
}

void LoadRun::CheckFinalReports() {
  std::unique_ptr<v1::Broker::Stub> stub = NewStub(-2);
  const uint64_t expected = ExpectedOverlap(options_.accounts, options_.rounds);
  for (const auto& plan : plans_) {
    for (int party : {plan->inviter, plan->invitee}) {
      v1::GetReportRequest request;
      request.set_partnership_id(plan->id);
      v1::OverlapReport report;
      grpc::ClientContext context;
      Prepare(context, party);
      const grpc::Status status = stub->GetReport(&context, request, &report);
      if (!status.ok()) {
        Error("final GetReport", status);
      } else if (report.my_overlapping_records() != expected) {
        Error(absl::StrCat("final report of ", plan->id, " overlaps ",
                           report.my_overlapping_records(), ", expected ",
                           expected),
              grpc::Status::OK);
      }
    }
  }
}

int LoadRun::Run() {
  if (!ReadTokens() || !CreatePartnerships()) return 1;
  std::vector<std::thread> reporters;
  for (int i = 0; i < options_.report_threads; ++i) {
    reporters.emplace_back([this, i] { ReportWorker(i); });
  }
  const absl::Time start = absl::Now();
  for (int round = 0; round < options_.rounds && !Expired(); ++round) {
    std::vector<UploadTask> tasks;
    for (int p = 0; p < static_cast<int>(plans_.size()); ++p) {
      for (int side = 0; side < 2; ++side) tasks.push_back({p, side, round});
    }
    // Interleave partnerships so one party's uploads spread over time.
    std::shuffle(tasks.begin(), tasks.end(),
                 std::mt19937_64(static_cast<uint64_t>(round) + 1));
    std::atomic<size_t> next{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < options_.workers; ++w) {
      workers.emplace_back(
          [this, w, &tasks, &next] { UploadWorker(w, tasks, next); });
    }
    for (std::thread& worker : workers) worker.join();
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  uploads_done_.store(true);
  for (std::thread& reporter : reporters) reporter.join();
  const bool expired = Expired();
  if (!expired) CheckFinalReports();

  std::vector<double> ms;
  {
    absl::MutexLock lock(&mutex_);
    ms = report_ms_;
  }
  std::sort(ms.begin(), ms.end());
  auto percentile = [&ms](double q) {
    if (ms.empty()) return 0.0;
    const size_t index = static_cast<size_t>(q * (ms.size() - 1) + 0.5);
    return ms[std::min(index, ms.size() - 1)];
  };
  std::fprintf(stderr,
               "load_bench: %d reports refused before both sides "
               "had synced (not counted as errors)\n",
               not_ready_.load());
  if (expired) {
    std::fprintf(stderr, "load_bench: deadline of %d s passed\n",
                 options_.deadline_seconds);
  }
  std::printf(
      "uploads %d in %.1f s (%.1f/s), reports %zu p50 %.1f ms p99 %.1f ms, "
      "errors %d\n",
      uploads_.load(), seconds, uploads_.load() / std::max(seconds, 1e-9),
      ms.size(), percentile(0.50), percentile(0.99), errors_.load());
  return errors_.load() == 0 && !expired ? 0 : 1;
}

bool ParseInt(absl::string_view arg, absl::string_view name, int& out) {
  absl::string_view value = arg;
  if (!absl::ConsumePrefix(&value, name) || !absl::ConsumePrefix(&value, "=")) {
    return false;
  }
  if (!absl::SimpleAtoi(value, &out) || out < 1) {
    std::fprintf(stderr, "load_bench: %s needs a positive integer\n",
                 std::string(name).c_str());
    std::exit(2);
  }
  return true;
}

}  // namespace
}  // namespace blindmap

int main(int argc, char** argv) {
  blindmap::Options options;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    absl::string_view value = arg;
    if (absl::ConsumePrefix(&value, "--address=")) {
      options.address = std::string(value);
    } else if (absl::ConsumePrefix(&value, "--token-dir=")) {
      options.token_dir = std::string(value);
    } else if (!blindmap::ParseInt(arg, "--parties", options.parties) &&
               !blindmap::ParseInt(arg, "--partnerships",
                                   options.partnerships) &&
               !blindmap::ParseInt(arg, "--accounts", options.accounts) &&
               !blindmap::ParseInt(arg, "--rounds", options.rounds) &&
               !blindmap::ParseInt(arg, "--workers", options.workers) &&
               !blindmap::ParseInt(arg, "--report-threads",
                                   options.report_threads) &&
               !blindmap::ParseInt(arg, "--deadline-seconds",
                                   options.deadline_seconds)) {
      std::fprintf(stderr,
                   "usage: load_bench --address=127.0.0.1:PORT "
                   "--token-dir=DIR [--parties=50] [--partnerships=100] "
                   "[--accounts=10000] [--rounds=2] [--workers=8] "
                   "[--report-threads=4] [--deadline-seconds=600]\n");
      return 2;
    }
  }
  if (options.address.empty() || options.token_dir.empty()) {
    std::fprintf(stderr, "load_bench: --address and --token-dir are needed\n");
    return 2;
  }
  return blindmap::LoadRun(std::move(options)).Run();
}
