#include "server/admin_service.h"

#include <utility>

#include "common/log.h"
#include "server/grpc_status.h"

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

}  // namespace blindmap
