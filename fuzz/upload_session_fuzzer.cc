// The broker's request handling without gRPC: frames of serialized requests
// (see upload_frames.h) drive Broker::BeginUpload, UploadSession::AddBatch
// and Commit, Report, SetSharing, OptOut, SharedAccounts and History on a
// real Store in a temporary directory, created once with an active
// partnership between "acme" and "globex" and no probe limits. Requests that
// do not parse are skipped; refused ones are fine; crashes, sanitizer
// findings and broken invariants are not.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "blindmap/v1/broker.pb.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/upload_frames.h"
#include "google/protobuf/stubs/logging.h"
#include "server/broker/broker.h"
#include "server/store/store.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

constexpr char kKeyCheck[] = "0123456789abcdef";

// The broker under fuzzing and its active partnership; lives for the process.
struct FuzzBroker {
  TempDir dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<Broker> broker;
  std::string partnership_id;
};

absl::Time FixedNow() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 20, 9, 0, 0),
                         absl::UTCTimeZone());
}

FuzzBroker* CreateFuzzBroker() {
  // Fuzzed strings are often invalid UTF-8; protobuf would log every one.
  google::protobuf::SetLogHandler(nullptr);
  auto* state = new FuzzBroker;
  FUZZ_CHECK(!state->dir.path().empty());
  StoreOptions options;
  options.block_cache_bytes = size_t{8} << 20;
  options.memtable_budget_bytes = size_t{16} << 20;
  auto store = Store::Open(state->dir.path() + "/db", options);
  FUZZ_CHECK(store.ok());
  state->store = *std::move(store);
  state->broker = std::make_unique<Broker>(state->store.get(), FixedNow);
  for (const char* party : {"acme", "globex", "initech"}) {
    v1::CreatePartyRequest request;
    request.set_name(party);
    FUZZ_CHECK(state->broker->CreateParty(request).ok());
  }
  v1::InvitePartnerRequest invite;
  invite.set_partner("globex");
  invite.set_key_check(kKeyCheck);
  invite.mutable_probe_policy()->set_min_population_size(0);
  invite.mutable_probe_policy()->set_max_uploads_per_period(0);
  invite.mutable_probe_policy()->set_min_changed_records(0);
  auto invited = state->broker->Invite("acme", invite);
  FUZZ_CHECK(invited.ok());
  v1::AcceptPartnershipRequest accept;
  accept.set_partnership_id(invited->id());
  accept.set_key_check(kKeyCheck);
  FUZZ_CHECK(state->broker->Accept("globex", accept).ok());
  state->partnership_id = invited->id();
  return state;
}

FuzzBroker* fuzz_broker = nullptr;

// At a normal exit (-runs, -max_total_time): closes the store and removes
// the directory. Registered after RocksDB's statics exist, so it runs first.
void DeleteFuzzBroker() {
  delete fuzz_broker;
  fuzz_broker = nullptr;
}

// Parses `payload` into `request`; an empty partnership_id becomes the
// active partnership's.
template <typename Request>
bool ParseRequest(const uint8_t* payload, size_t size, const FuzzBroker& state,
                  Request& request) {
  if (!request.ParseFromArray(payload, static_cast<int>(size))) return false;
  if (request.partnership_id().empty()) {
    request.set_partnership_id(state.partnership_id);
  }
  return true;
}

}  // namespace
}  // namespace blindmap

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using blindmap::fuzz::UploadOp;
  namespace v1 = blindmap::v1;
  if (blindmap::fuzz_broker == nullptr) {
    blindmap::fuzz_broker = blindmap::CreateFuzzBroker();
    std::atexit(blindmap::DeleteFuzzBroker);
  }
  blindmap::FuzzBroker* const state = blindmap::fuzz_broker;
  blindmap::Broker& broker = *state->broker;

  std::unique_ptr<blindmap::UploadSession> session;
  size_t pos = 0;
  uint8_t op_byte = 0;
  const uint8_t* payload = nullptr;
  size_t payload_size = 0;
  while (blindmap::fuzz::NextFrame(data, size, pos, op_byte, payload,
                                   payload_size)) {
    const std::string caller =
        (op_byte & blindmap::fuzz::kCallerIsInvitee) != 0 ? "globex" : "acme";
    switch (static_cast<UploadOp>(op_byte & 0x7)) {
      case UploadOp::kBeginUpload: {
        v1::SnapshotHeader header;
        if (!blindmap::ParseRequest(payload, payload_size, *state, header)) {
          break;
        }
        if (header.key_check().empty()) {
          header.set_key_check(blindmap::kKeyCheck);
        }
        session.reset();
        auto begun = broker.BeginUpload(caller, header);
        if (begun.ok()) session = *std::move(begun);
        break;
      }
      case UploadOp::kAddBatch: {
        v1::RecordBatch batch;
        if (session == nullptr ||
            !batch.ParseFromArray(payload, static_cast<int>(payload_size))) {
          break;
        }
        const uint64_t before = session->records_received();
        const absl::Status added = session->AddBatch(batch);
        if (added.ok()) {
          FUZZ_CHECK(session->records_received() ==
                     before + static_cast<uint64_t>(batch.records_size()));
        } else {
          session.reset();
        }
        break;
      }
      case UploadOp::kCommit: {
        v1::SnapshotCommit commit;
        if (session == nullptr ||
            !commit.ParseFromArray(payload, static_cast<int>(payload_size))) {
          break;
        }
        const uint64_t received = session->records_received();
        auto committed = session->Commit(commit);
        if (committed.ok()) {
          FUZZ_CHECK(committed->records_stored() == received);
          FUZZ_CHECK(commit.record_count() == received);
        }
        session.reset();
        break;
      }
      case UploadOp::kReport: {
        v1::GetReportRequest request;
        if (blindmap::ParseRequest(payload, payload_size, *state, request)) {
          broker.Report(caller, request).status().IgnoreError();
        }
        break;
      }
      case UploadOp::kSetSharing: {
        v1::SetSharingRequest request;
        if (blindmap::ParseRequest(payload, payload_size, *state, request)) {
          broker.SetSharing(caller, request).status().IgnoreError();
        }
        break;
      }
      case UploadOp::kOptOut: {
        v1::OptOutRequest request;
        if (blindmap::ParseRequest(payload, payload_size, *state, request)) {
          broker.OptOut(caller, request).status().IgnoreError();
        }
        break;
      }
      case UploadOp::kSharedAccounts: {
        v1::GetSharedAccountsRequest request;
        if (blindmap::ParseRequest(payload, payload_size, *state, request)) {
          broker.SharedAccounts(caller, request).status().IgnoreError();
        }
        break;
      }
      case UploadOp::kHistory: {
        v1::GetHistoryRequest request;
        if (blindmap::ParseRequest(payload, payload_size, *state, request)) {
          broker.History(caller, request).status().IgnoreError();
        }
        break;
      }
    }
  }
  return 0;
}
