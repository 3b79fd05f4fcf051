// gRPC adapter for blindmap.v1.Admin, served only on the local admin socket.
#ifndef BLINDMAP_SERVER_SERVICE_ADMIN_SERVICE_H_
#define BLINDMAP_SERVER_SERVICE_ADMIN_SERVICE_H_

#include <functional>
#include <string>
#include <utility>

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
  // What the server behind the broker offers the operator: a backup of
  // the database (Store::Backup) and the metrics text. Unset ones answer
  // UNIMPLEMENTED.
  struct Hooks {
    std::function<absl::StatusOr<v1::BackupResponse>(const std::string&)>
        backup;
    std::function<std::string()> metrics;
  };

  explicit AdminService(Broker* broker, Hooks hooks = {})
      : broker_(broker), hooks_(std::move(hooks)) {}

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
  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* context,
                                   const v1::BackupRequest* request,
                                   v1::BackupResponse* response) override;
  grpc::ServerUnaryReactor* GetMetrics(
      grpc::CallbackServerContext* context,
      const v1::GetMetricsRequest* request,
      v1::GetMetricsResponse* response) override;

 private:
  Broker* const broker_;
  const Hooks hooks_;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_SERVICE_ADMIN_SERVICE_H_
