// gRPC adapter for blindmap.v1.Admin, served only on the local admin socket.
#ifndef BLINDMAP_SERVER_SERVICE_ADMIN_SERVICE_H_
#define BLINDMAP_SERVER_SERVICE_ADMIN_SERVICE_H_

#include "blindmap/v1/admin.grpc.pb.h"
#include "server/broker/broker.h"

namespace blindmap {

// Operator calls. Whoever can connect to the admin Unix socket is the
// operator: the socket is created mode 0600 in a directory only the broker's
// user can enter. Never registered on the network listener.
//
// Does not own the Broker. Thread-safe.
class AdminService final : public v1::Admin::CallbackService {
 public:
  explicit AdminService(Broker* broker) : broker_(broker) {}

  grpc::ServerUnaryReactor* CreateParty(
      grpc::CallbackServerContext* context,
      const v1::CreatePartyRequest* request,
      v1::CreatePartyResponse* response) override;
  grpc::ServerUnaryReactor* ListParties(
      grpc::CallbackServerContext* context,
      const v1::ListPartiesRequest* request,
      v1::ListPartiesResponse* response) override;
  grpc::ServerUnaryReactor* DeleteParty(
      grpc::CallbackServerContext* context,
      const v1::DeletePartyRequest* request,
      v1::DeletePartyResponse* response) override;
  grpc::ServerUnaryReactor* Compact(grpc::CallbackServerContext* context,
                                    const v1::CompactRequest* request,
                                    v1::CompactResponse* response) override;

 private:
  Broker* const broker_;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_SERVICE_ADMIN_SERVICE_H_
