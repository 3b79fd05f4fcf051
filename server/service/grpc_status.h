// The one conversion from absl::Status to grpc::Status on the broker.
#ifndef BLINDMAP_SERVER_SERVICE_GRPC_STATUS_H_
#define BLINDMAP_SERVER_SERVICE_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace blindmap {

// Same code (absl's codes are gRPC's), same message.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_SERVICE_GRPC_STATUS_H_
