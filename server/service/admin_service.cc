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

}  // namespace blindmap
