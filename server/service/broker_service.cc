#include "server/service/broker_service.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/base/call_deadline.h"
#include "common/base/log.h"
#include "common/base/status_macros.h"
#include "server/service/call_log.h"
#include "server/service/grpc_status.h"

namespace blindmap {
namespace {

constexpr absl::string_view kBearer = "Bearer ";
// gRPC's name for the subject common name of a verified peer certificate.
constexpr char kCommonNameProperty[] = "x509_common_name";

// The calling party: from the bearer token, or (under mutual TLS, when
// `certificates`) from the verified client certificate's common name, in
// which case a token is optional but must name the same party.
absl::StatusOr<std::string> CallerOf(blindmap::Broker& broker,
                                     grpc::CallbackServerContext& context,
                                     bool certificates) {
  std::optional<std::string> certified;
  if (certificates) {
    const auto auth = context.auth_context();
    const std::vector<grpc::string_ref> names =
        auth == nullptr ? std::vector<grpc::string_ref>()
                        : auth->FindPropertyValues(kCommonNameProperty);
    if (names.size() != 1) {
      return absl::UnauthenticatedError(
          "mutual TLS: the client certificate must carry one common name, "
          "the party's name");
    }
    ASSIGN_OR_RETURN(certified,
                     broker.AuthenticateCertificate(
                         absl::string_view(names[0].data(), names[0].size())));
  }
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    if (certified.has_value()) return *certified;
    return absl::UnauthenticatedError(
        "no credentials: send \"authorization: Bearer <API token>\"");
  }
  const absl::string_view value(it->second.data(), it->second.size());
  if (!absl::StartsWith(value, kBearer)) {
    return absl::UnauthenticatedError(
        "authorization metadata must be \"Bearer <API token>\"");
  }
  ASSIGN_OR_RETURN(std::string party,
                   broker.Authenticate(value.substr(kBearer.size())));
  if (certified.has_value() && *certified != party) {
    return absl::UnauthenticatedError(
        "the API token and the client certificate belong to different "
        "parties");
  }
  return party;
}

// Assigns the value of `result` to `*out`, or returns its error.
template <typename T>
absl::Status Deliver(absl::StatusOr<T> result, T* out) {
  if (!result.ok()) return result.status();
  *out = std::move(result).value();
  return absl::OkStatus();
}

class UploadReactor;

}  // namespace

class UploadStreams {
 public:
  explicit UploadStreams(absl::Duration idle_limit);
  ~UploadStreams();
  UploadStreams(const UploadStreams&) = delete;
  UploadStreams& operator=(const UploadStreams&) = delete;

  void Add(UploadReactor* stream);
  // Once this returns, the thread no longer touches `stream`.
  void Remove(UploadReactor* stream);

 private:
  void WatchIdle();

  const absl::Duration idle_limit_;
  absl::Mutex mutex_;
  absl::flat_hash_set<UploadReactor*> streams_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

namespace {

// Reads header, batches and commit of one upload into an UploadSession.
// Deletes itself when gRPC is done with it; the session's destructor then
// removes the pending data unless the commit succeeded. Holds one of the
// party's upload places until it concludes.
class UploadReactor final
    : public grpc::ServerReadReactor<v1::UploadSnapshotRequest> {
 public:
  UploadReactor(blindmap::Broker& broker, PartyLimits& party_limits,
                UploadStreams& streams, const BrokerLimits& limits,
                bool certificates, BrokerMetrics* metrics,
                grpc::CallbackServerContext& context,
                v1::UploadSnapshotResponse* response)
      : broker_(broker),
        streams_(streams),
        limits_(limits),
        metrics_(metrics),
        response_(response),
        started_(absl::Now()),
        request_id_(RequestIdOf(context)) {
    context.AddTrailingMetadata(kRequestIdKey, request_id_);
    absl::MutexLock lock(&mutex_);
    absl::Status admitted = Admit(party_limits, context, certificates);
    if (!admitted.ok()) {
      Conclude(admitted);
      return;
    }
    last_activity_ = absl::Now();
    registered_ = true;
    streams_.Add(this);
    // Tells the client the stream was admitted.
    StartSendInitialMetadata();
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    absl::MutexLock lock(&mutex_);
    if (finished_) return;  // ended as idle meanwhile
    if (!ok) {
      // Half-close or broken stream before the commit.
      Conclude(absl::CancelledError(
          "the upload ended before its commit; nothing was stored"));
      return;
    }
    absl::Status status = Handle();
    if (!status.ok() || committed_) {
      Conclude(status);
      return;
    }
    last_activity_ = absl::Now();
    StartRead(&request_);
  }

  void OnDone() override {
    if (registered_) streams_.Remove(this);
    delete this;
  }

  // Called by UploadStreams' thread: ends the stream if it has sent nothing
  // for upload_idle_seconds. A stream busy with a message is not idle.
  void EndIfIdle(absl::Time now) {
    if (!mutex_.TryLock()) return;
    if (!finished_ &&
        now - last_activity_ >= absl::Seconds(limits_.upload_idle_seconds)) {
      Conclude(absl::DeadlineExceededError(absl::StrCat(
          "upload_idle_seconds (", limits_.upload_idle_seconds,
          ") exceeded: no upload message for ", limits_.upload_idle_seconds,
          " s; the pending snapshot was abandoned")));
    }
    mutex_.Unlock();
  }

 private:
  absl::Status Admit(PartyLimits& party_limits,
                     grpc::CallbackServerContext& context, bool certificates)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    ASSIGN_OR_RETURN(caller_, CallerOf(broker_, context, certificates));
    RETURN_IF_ERROR(party_limits.AdmitRequest(caller_));
    ASSIGN_OR_RETURN(slot_, party_limits.AcquireUpload(caller_));
    return absl::OkStatus();
  }

  absl::Status Handle() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    switch (request_.part_case()) {
      case v1::UploadSnapshotRequest::kHeader: {
        if (session_ != nullptr) {
          return absl::InvalidArgumentError("an upload has exactly one header");
        }
        absl::StatusOr<std::unique_ptr<UploadSession>> session =
            broker_.BeginUpload(caller_, request_.header());
        if (!session.ok()) return session.status();
        session_ = std::move(session).value();
        partnership_ = request_.header().partnership_id();
        return absl::OkStatus();
      }
      case v1::UploadSnapshotRequest::kBatch:
        if (session_ == nullptr) {
          return absl::InvalidArgumentError(
              "the first message of an upload must be its header");
        }
        return session_->AddBatch(request_.batch());
      case v1::UploadSnapshotRequest::kCommit: {
        if (session_ == nullptr) {
          return absl::InvalidArgumentError(
              "the first message of an upload must be its header");
        }
        absl::StatusOr<v1::UploadSnapshotResponse> response =
            session_->Commit(request_.commit());
        if (!response.ok()) return response.status();
        *response_ = *std::move(response);
        committed_ = true;
        return absl::OkStatus();
      }
      default:
        return absl::InvalidArgumentError("empty upload message");
    }
  }

  void Conclude(const absl::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (finished_) return;
    finished_ = true;
    const uint64_t records = session_ ? session_->records_received() : 0;
    // Drop the session now so an abandoned upload is deleted before the
    // client learns the outcome, and free the upload place.
    session_.reset();
    slot_.Release();
    CallRecord call;
    call.method = "UploadSnapshot";
    call.party = caller_;
    call.request_id = request_id_;
    call.status = status;
    call.started = started_;
    // Both branches string_views: a ternary of "-" and a std::string would
    // be a temporary string that dies before RecordCall reads it.
    call.partnership = partnership_.empty() ? absl::string_view("-")
                                            : absl::string_view(partnership_);
    call.records = static_cast<int64_t>(records);
    RecordCall(call, metrics_);
    Finish(ToGrpcStatus(status));
  }

  blindmap::Broker& broker_;
  UploadStreams& streams_;
  const BrokerLimits& limits_;
  BrokerMetrics* const metrics_;
  v1::UploadSnapshotResponse* const response_;
  const absl::Time started_;
  const std::string request_id_;
  // Set before the stream is shared with UploadStreams' thread.
  bool registered_ = false;

  absl::Mutex mutex_;
  std::string caller_ ABSL_GUARDED_BY(mutex_);
  std::string partnership_ ABSL_GUARDED_BY(mutex_);
  v1::UploadSnapshotRequest request_ ABSL_GUARDED_BY(mutex_);
  std::unique_ptr<UploadSession> session_ ABSL_GUARDED_BY(mutex_);
  PartyLimits::UploadSlot slot_ ABSL_GUARDED_BY(mutex_);
  absl::Time last_activity_ ABSL_GUARDED_BY(mutex_);
  bool committed_ ABSL_GUARDED_BY(mutex_) = false;
  bool finished_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace

UploadStreams::UploadStreams(absl::Duration idle_limit)
    : idle_limit_(idle_limit), thread_([this] { WatchIdle(); }) {}

UploadStreams::~UploadStreams() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

void UploadStreams::Add(UploadReactor* stream) {
  absl::MutexLock lock(&mutex_);
  streams_.insert(stream);
}

void UploadStreams::Remove(UploadReactor* stream) {
  absl::MutexLock lock(&mutex_);
  streams_.erase(stream);
}

void UploadStreams::WatchIdle() {
  // Idleness is noticed within a quarter of the limit, at most 1 s late.
  const absl::Duration period =
      std::clamp(idle_limit_ / 4, absl::Milliseconds(50), absl::Seconds(1));
  absl::MutexLock lock(&mutex_);
  while (!mutex_.AwaitWithTimeout(absl::Condition(&stopping_), period)) {
    // Holding mutex_ keeps every listed stream alive (OnDone removes it
    // first); ending one only schedules its OnDone on another thread.
    const absl::Time now = absl::Now();
    for (UploadReactor* stream : streams_) stream->EndIfIdle(now);
  }
}

BrokerService::BrokerService(Broker* broker, const BrokerLimits& limits,
                             bool party_from_certificate,
                             BrokerMetrics* metrics)
    : broker_(broker),
      limits_(limits),
      party_from_certificate_(party_from_certificate),
      metrics_(metrics),
      party_limits_(PartyLimitsOptions{limits.requests_per_minute_per_party,
                                       limits.request_burst_per_party,
                                       limits.max_concurrent_uploads_per_party},
                    [] { return absl::Now(); }),
      upload_streams_(std::make_unique<UploadStreams>(
          absl::Seconds(limits.upload_idle_seconds))) {}

BrokerService::~BrokerService() = default;

absl::StatusOr<std::string> BrokerService::AdmitUnary(
    grpc::CallbackServerContext& context, absl::Time started) {
  ASSIGN_OR_RETURN(std::string caller,
                   CallerOf(*broker_, context, party_from_certificate_));
  if (context.IsCancelled()) {
    return absl::CancelledError("the client cancelled the call");
  }
  const absl::Time server_deadline =
      started + absl::Seconds(limits_.server_deadline_seconds);
  if (context.deadline() <= std::chrono::system_clock::now() ||
      absl::Now() >= server_deadline) {
    return absl::DeadlineExceededError(
        "the call's deadline passed before the broker began it; nothing was "
        "done");
  }
  RETURN_IF_ERROR(party_limits_.AdmitRequest(caller));
  return caller;
}

template <typename Handler>
grpc::ServerUnaryReactor* BrokerService::Unary(
    grpc::CallbackServerContext* context, absl::string_view method,
    Handler handler) {
  const absl::Time started = absl::Now();
  const std::string request_id = RequestIdOf(*context);
  context->AddTrailingMetadata(kRequestIdKey, request_id);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<std::string> caller = AdmitUnary(*context, started);
  absl::Status status = caller.status();
  if (caller.ok()) {
    // Intersections stop at the sooner of the client's deadline and ours.
    const absl::Time deadline =
        std::min(absl::FromChrono(context->deadline()),
                 started + absl::Seconds(limits_.server_deadline_seconds));
    ScopedCallDeadline scoped(deadline);
    status = handler(*caller);
    if (absl::IsDeadlineExceeded(status)) {
      status = absl::DeadlineExceededError(
          absl::StrCat(status.message(),
                       " (the client's deadline, or server_deadline_seconds (",
                       limits_.server_deadline_seconds,
                       ") after the call began); nothing was stored"));
    }
  }
  const std::string party = caller.ok() ? *caller : "";
  const absl::Duration took = absl::Now() - started;
  if (took > absl::Seconds(limits_.server_deadline_seconds)) {
    // Work other than intersections is not interrupted; tell the operator.
    LogWarning("rpc %s party=%s took %d s, beyond server_deadline_seconds (%d)",
               method, party.empty() ? "-" : party, absl::ToInt64Seconds(took),
               limits_.server_deadline_seconds);
  }
  CallRecord call;
  call.method = method;
  call.party = party;
  call.request_id = request_id;
  call.status = status;
  call.started = started;
  RecordCall(call, metrics_);
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* BrokerService::WhoAmI(
    grpc::CallbackServerContext* context, const v1::WhoAmIRequest* request,
    v1::WhoAmIResponse* response) {
  return Unary(context, "WhoAmI", [&](const std::string& caller) {
    response->set_party(caller);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BrokerService::InvitePartner(
    grpc::CallbackServerContext* context,
    const v1::InvitePartnerRequest* request, v1::Partnership* response) {
  return Unary(context, "InvitePartner", [&](const std::string& caller) {
    return Deliver(broker_->Invite(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::AcceptPartnership(
    grpc::CallbackServerContext* context,
    const v1::AcceptPartnershipRequest* request, v1::Partnership* response) {
  return Unary(context, "AcceptPartnership", [&](const std::string& caller) {
    return Deliver(broker_->Accept(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::RevokePartnership(
    grpc::CallbackServerContext* context,
    const v1::RevokePartnershipRequest* request,
    v1::RevokePartnershipResponse* response) {
  return Unary(context, "RevokePartnership", [&](const std::string& caller) {
    return Deliver(broker_->Revoke(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::ListPartnerships(
    grpc::CallbackServerContext* context,
    const v1::ListPartnershipsRequest* request,
    v1::ListPartnershipsResponse* response) {
  return Unary(context, "ListPartnerships", [&](const std::string& caller) {
    return Deliver(broker_->ListPartnerships(caller), response);
  });
}

grpc::ServerReadReactor<v1::UploadSnapshotRequest>*
BrokerService::UploadSnapshot(grpc::CallbackServerContext* context,
                              v1::UploadSnapshotResponse* response) {
  return new UploadReactor(*broker_, party_limits_, *upload_streams_, limits_,
                           party_from_certificate_, metrics_, *context,
                           response);
}

grpc::ServerUnaryReactor* BrokerService::GetReport(
    grpc::CallbackServerContext* context, const v1::GetReportRequest* request,
    v1::OverlapReport* response) {
  return Unary(context, "GetReport", [&](const std::string& caller) {
    return Deliver(broker_->Report(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::SetSharing(
    grpc::CallbackServerContext* context, const v1::SetSharingRequest* request,
    v1::Partnership* response) {
  return Unary(context, "SetSharing", [&](const std::string& caller) {
    return Deliver(broker_->SetSharing(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::OptOut(
    grpc::CallbackServerContext* context, const v1::OptOutRequest* request,
    v1::OptOutResponse* response) {
  return Unary(context, "OptOut", [&](const std::string& caller) {
    return Deliver(broker_->OptOut(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::GetSharedAccounts(
    grpc::CallbackServerContext* context,
    const v1::GetSharedAccountsRequest* request, v1::SharedAccounts* response) {
  return Unary(context, "GetSharedAccounts", [&](const std::string& caller) {
    return Deliver(broker_->SharedAccounts(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::ProposePolicy(
    grpc::CallbackServerContext* context,
    const v1::ProposePolicyRequest* request, v1::Partnership* response) {
  return Unary(context, "ProposePolicy", [&](const std::string& caller) {
    return Deliver(broker_->ProposePolicy(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::GetHistory(
    grpc::CallbackServerContext* context, const v1::GetHistoryRequest* request,
    v1::ReportHistory* response) {
  return Unary(context, "GetHistory", [&](const std::string& caller) {
    return Deliver(broker_->History(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::GetAccountCategories(
    grpc::CallbackServerContext* context,
    const v1::GetAccountCategoriesRequest* request,
    v1::AccountCategories* response) {
  return Unary(context, "GetAccountCategories", [&](const std::string& caller) {
    return Deliver(broker_->AccountCategories(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::GetPortfolioEntry(
    grpc::CallbackServerContext* context,
    const v1::GetPortfolioEntryRequest* request, v1::PortfolioEntry* response) {
  return Unary(context, "GetPortfolioEntry", [&](const std::string& caller) {
    return Deliver(broker_->PortfolioEntry(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::ShareIcp(
    grpc::CallbackServerContext* context, const v1::ShareIcpRequest* request,
    v1::IcpExchange* response) {
  return Unary(context, "ShareIcp", [&](const std::string& caller) {
    return Deliver(broker_->ShareIcp(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::WithdrawIcp(
    grpc::CallbackServerContext* context, const v1::WithdrawIcpRequest* request,
    v1::IcpExchange* response) {
  return Unary(context, "WithdrawIcp", [&](const std::string& caller) {
    return Deliver(broker_->WithdrawIcp(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::GetIcpExchange(
    grpc::CallbackServerContext* context,
    const v1::GetIcpExchangeRequest* request, v1::IcpExchange* response) {
  return Unary(context, "GetIcpExchange", [&](const std::string& caller) {
    return Deliver(broker_->GetIcpExchange(caller, *request), response);
  });
}

}  // namespace blindmap
