#include "server/broker_service.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "server/grpc_status.h"

namespace blindmap {
namespace {

constexpr absl::string_view kBearer = "Bearer ";

absl::StatusOr<std::string> CallerOf(blindmap::Broker& broker,
                                     grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        "no credentials: send \"authorization: Bearer <API token>\"");
  }
  const absl::string_view value(it->second.data(), it->second.size());
  if (!absl::StartsWith(value, kBearer)) {
    return absl::UnauthenticatedError(
        "authorization metadata must be \"Bearer <API token>\"");
  }
  return broker.Authenticate(value.substr(kBearer.size()));
}

void LogCall(absl::string_view method, absl::string_view party,
             const absl::Status& status, absl::Time started,
             absl::string_view detail = "") {
  LogInfo("rpc %s party=%s code=%s %dms%s%s", method,
          party.empty() ? "-" : party, absl::StatusCodeToString(status.code()),
          absl::ToInt64Milliseconds(absl::Now() - started),
          detail.empty() ? "" : " ", detail);
}

// Authenticates, runs `handler(caller)`, logs and finishes the call.
template <typename Handler>
grpc::ServerUnaryReactor* Unary(blindmap::Broker& broker,
                                grpc::CallbackServerContext* context,
                                absl::string_view method, Handler handler) {
  const absl::Time started = absl::Now();
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<std::string> caller = CallerOf(broker, *context);
  absl::Status status = caller.status();
  if (caller.ok()) status = handler(*caller);
  LogCall(method, caller.ok() ? *caller : "", status, started);
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// Assigns the value of `result` to `*out`, or returns its error.
template <typename T>
absl::Status Deliver(absl::StatusOr<T> result, T* out) {
  if (!result.ok()) return result.status();
  *out = std::move(result).value();
  return absl::OkStatus();
}

// Reads header, batches and commit of one upload into an UploadSession.
// Deletes itself when gRPC is done with it; the session's destructor then
// removes the pending data unless the commit succeeded.
class UploadReactor final
    : public grpc::ServerReadReactor<v1::UploadSnapshotRequest> {
 public:
  UploadReactor(blindmap::Broker& broker, grpc::CallbackServerContext& context,
                v1::UploadSnapshotResponse* response)
      : broker_(broker), response_(response), started_(absl::Now()) {
    absl::StatusOr<std::string> caller = CallerOf(broker_, context);
    if (!caller.ok()) {
      Conclude(caller.status());
      return;
    }
    caller_ = *caller;
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
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
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  absl::Status Handle() {
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

  void Conclude(const absl::Status& status) {
    if (finished_) return;
    finished_ = true;
    const uint64_t records = session_ ? session_->records_received() : 0;
    // Drop the session now so an abandoned upload is deleted before the
    // client learns the outcome.
    session_.reset();
    LogCall(
        "UploadSnapshot", caller_, status, started_,
        absl::StrCat("partnership=", partnership_.empty() ? "-" : partnership_,
                     " records=", records));
    Finish(ToGrpcStatus(status));
  }

  blindmap::Broker& broker_;
  v1::UploadSnapshotResponse* const response_;
  const absl::Time started_;
  std::string caller_;
  std::string partnership_;
  v1::UploadSnapshotRequest request_;
  std::unique_ptr<UploadSession> session_;
  bool committed_ = false;
  bool finished_ = false;
};

}  // namespace

grpc::ServerUnaryReactor* BrokerService::WhoAmI(
    grpc::CallbackServerContext* context, const v1::WhoAmIRequest* request,
    v1::WhoAmIResponse* response) {
  return Unary(*broker_, context, "WhoAmI", [&](const std::string& caller) {
    response->set_party(caller);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BrokerService::InvitePartner(
    grpc::CallbackServerContext* context,
    const v1::InvitePartnerRequest* request, v1::Partnership* response) {
  return Unary(*broker_, context, "InvitePartner",
               [&](const std::string& caller) {
                 return Deliver(broker_->Invite(caller, *request), response);
               });
}

grpc::ServerUnaryReactor* BrokerService::AcceptPartnership(
    grpc::CallbackServerContext* context,
    const v1::AcceptPartnershipRequest* request, v1::Partnership* response) {
  return Unary(*broker_, context, "AcceptPartnership",
               [&](const std::string& caller) {
                 return Deliver(broker_->Accept(caller, *request), response);
               });
}

grpc::ServerUnaryReactor* BrokerService::RevokePartnership(
    grpc::CallbackServerContext* context,
    const v1::RevokePartnershipRequest* request,
    v1::RevokePartnershipResponse* response) {
  return Unary(*broker_, context, "RevokePartnership",
               [&](const std::string& caller) {
                 return Deliver(broker_->Revoke(caller, *request), response);
               });
}

grpc::ServerUnaryReactor* BrokerService::ListPartnerships(
    grpc::CallbackServerContext* context,
    const v1::ListPartnershipsRequest* request,
    v1::ListPartnershipsResponse* response) {
  return Unary(*broker_, context, "ListPartnerships",
               [&](const std::string& caller) {
                 return Deliver(broker_->ListPartnerships(caller), response);
               });
}

grpc::ServerReadReactor<v1::UploadSnapshotRequest>*
BrokerService::UploadSnapshot(grpc::CallbackServerContext* context,
                              v1::UploadSnapshotResponse* response) {
  return new UploadReactor(*broker_, *context, response);
}

grpc::ServerUnaryReactor* BrokerService::GetReport(
    grpc::CallbackServerContext* context, const v1::GetReportRequest* request,
    v1::OverlapReport* response) {
  return Unary(*broker_, context, "GetReport", [&](const std::string& caller) {
    return Deliver(broker_->Report(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::SetSharing(
    grpc::CallbackServerContext* context, const v1::SetSharingRequest* request,
    v1::Partnership* response) {
  return Unary(*broker_, context, "SetSharing", [&](const std::string& caller) {
    return Deliver(broker_->SetSharing(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::OptOut(
    grpc::CallbackServerContext* context, const v1::OptOutRequest* request,
    v1::OptOutResponse* response) {
  return Unary(*broker_, context, "OptOut", [&](const std::string& caller) {
    return Deliver(broker_->OptOut(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* BrokerService::GetSharedAccounts(
    grpc::CallbackServerContext* context,
    const v1::GetSharedAccountsRequest* request, v1::SharedAccounts* response) {
  return Unary(
      *broker_, context, "GetSharedAccounts", [&](const std::string& caller) {
        return Deliver(broker_->SharedAccounts(caller, *request), response);
      });
}

grpc::ServerUnaryReactor* BrokerService::ProposePolicy(
    grpc::CallbackServerContext* context,
    const v1::ProposePolicyRequest* request, v1::Partnership* response) {
  return Unary(
      *broker_, context, "ProposePolicy", [&](const std::string& caller) {
        return Deliver(broker_->ProposePolicy(caller, *request), response);
      });
}

grpc::ServerUnaryReactor* BrokerService::GetHistory(
    grpc::CallbackServerContext* context, const v1::GetHistoryRequest* request,
    v1::ReportHistory* response) {
  return Unary(*broker_, context, "GetHistory", [&](const std::string& caller) {
    return Deliver(broker_->History(caller, *request), response);
  });
}

}  // namespace blindmap
