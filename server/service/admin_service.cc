#include "server/service/admin_service.h"

#include <utility>

#include "common/base/log.h"
#include "server/service/grpc_status.h"

namespace blindmap {
namespace {

template <typename T>
grpc::ServerUnaryReactor* Respond(grpc::CallbackServerContext* context,
                                  absl::string_view method,
                                  absl::StatusOr<T> result, T* response) {
  if (result.ok()) *response = *std::move(result);
  LogInfo("admin %s code=%s", method,
          absl::StatusCodeToString(result.status().code()));
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

}  // namespace

grpc::ServerUnaryReactor* AdminService::CreateParty(
    grpc::CallbackServerContext* context, const v1::CreatePartyRequest* request,
    v1::CreatePartyResponse* response) {
  return Respond(context, "CreateParty", broker_->CreateParty(*request),
                 response);
}

grpc::ServerUnaryReactor* AdminService::ListParties(
    grpc::CallbackServerContext* context, const v1::ListPartiesRequest* request,
    v1::ListPartiesResponse* response) {
  return Respond(context, "ListParties", broker_->ListParties(), response);
}

grpc::ServerUnaryReactor* AdminService::DeleteParty(
    grpc::CallbackServerContext* context, const v1::DeletePartyRequest* request,
    v1::DeletePartyResponse* response) {
  return Respond(context, "DeleteParty", broker_->DeleteParty(*request),
                 response);
}

grpc::ServerUnaryReactor* AdminService::Compact(
    grpc::CallbackServerContext* context, const v1::CompactRequest* request,
    v1::CompactResponse* response) {
  const absl::Status status = broker_->Compact();
  return Respond(
      context, "Compact",
      status.ok() ? absl::StatusOr<v1::CompactResponse>(v1::CompactResponse())
                  : absl::StatusOr<v1::CompactResponse>(status),
      response);
}

grpc::ServerUnaryReactor* AdminService::Backup(
    grpc::CallbackServerContext* context, const v1::BackupRequest* request,
    v1::BackupResponse* response) {
  absl::StatusOr<v1::BackupResponse> result =
      absl::UnimplementedError("this broker takes no backups");
  if (request->directory().empty() || request->directory()[0] != '/') {
    result = absl::InvalidArgumentError(
        "the backup directory must be an absolute path on the broker's host");
  } else if (hooks_.backup) {
    result = hooks_.backup(request->directory());
  }
  if (result.ok()) {
    LogInfo("backup written to %s (%d files, %d bytes)", result->path(),
            result->files(), result->bytes());
  }
  return Respond(context, "Backup", std::move(result), response);
}

grpc::ServerUnaryReactor* AdminService::GetMetrics(
    grpc::CallbackServerContext* context, const v1::GetMetricsRequest* request,
    v1::GetMetricsResponse* response) {
  absl::StatusOr<v1::GetMetricsResponse> result =
      absl::UnimplementedError("this broker keeps no metrics");
  if (hooks_.metrics) {
    v1::GetMetricsResponse metrics;
    metrics.set_text(hooks_.metrics());
    result = std::move(metrics);
  }
  return Respond(context, "GetMetrics", std::move(result), response);
}

}  // namespace blindmap
