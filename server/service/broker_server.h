// A running broker: store, protocol and the two gRPC servers.
#ifndef BLINDMAP_SERVER_SERVICE_BROKER_SERVER_H_
#define BLINDMAP_SERVER_SERVICE_BROKER_SERVER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/service/broker_config.h"

namespace grpc {
class CallbackGenericService;
class Server;
}  // namespace grpc

namespace blindmap {

class AdminService;
class Broker;
class BrokerMetrics;
class BrokerService;
class MetricsHttpServer;
class Store;

// Opens the store in config.data_dir (created 0700 if missing), then serves
// blindmap.v1.Broker and the gRPC health service on config.listen (TLS, or
// plaintext on loopback), blindmap.v1.Admin on config.admin_socket
// (mode 0600), when config.health_listen is set the health service alone
// on that address without TLS, and when config.metrics_listen is set the
// Prometheus metrics over HTTP. Start() returns once all listen; it refuses
// to start (FAILED_PRECONDITION) when another process serves the address or
// admin socket.
//
// Shutdown() stops accepting calls, gives running calls `grace` to finish,
// cancels the rest and closes the store; the destructor does it too. Not
// thread-safe: start and shut down from one thread (blindmapd's main).
class BrokerServer {
 public:
  static absl::StatusOr<std::unique_ptr<BrokerServer>> Start(
      const BrokerConfig& config);
  ~BrokerServer();

  // The TCP port actually bound (useful with port 0).
  int port() const { return port_; }
  // The health-only port (0 without health_listen).
  int health_port() const { return health_port_; }
  // The metrics endpoint's port (config.metrics_listen), 0 without one.
  int metrics_port() const;
  void Shutdown(absl::Duration grace);

 private:
  BrokerServer() = default;

  std::unique_ptr<Store> store_;
  std::unique_ptr<BrokerMetrics> metrics_;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<BrokerService> broker_service_;
  std::unique_ptr<AdminService> admin_service_;
  std::unique_ptr<grpc::Server> public_server_;
  std::unique_ptr<grpc::Server> admin_server_;
  std::unique_ptr<grpc::Server> health_server_;
  // Answers every other method on the health port with UNIMPLEMENTED (and
  // gives that server the polled queue gRPC needs beside the health
  // service).
  std::unique_ptr<grpc::CallbackGenericService> health_fallback_;
  std::unique_ptr<MetricsHttpServer> metrics_server_;
  int port_ = 0;
  int health_port_ = 0;
  bool shut_down_ = false;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_SERVICE_BROKER_SERVER_H_
