#include "server/service/broker_server.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/log.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"
#include "common/crypto/sync_period.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "server/broker/broker.h"
#include "server/service/admin_service.h"
#include "server/service/broker_service.h"
#include "server/service/listen_probe.h"
#include "server/store/store.h"

namespace blindmap {
namespace {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const BrokerConfig& config) {
  if (config.plaintext) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ASSIGN_OR_RETURN(pair.private_key,
                   ReadWholeFile(config.tls_key_file, "TLS key file"));
  ASSIGN_OR_RETURN(pair.cert_chain,
                   ReadWholeFile(config.tls_cert_file, "TLS certificate file"));
  options.pem_key_cert_pairs.push_back(std::move(pair));
  if (!config.tls_client_ca_file.empty()) {
    ASSIGN_OR_RETURN(
        options.pem_root_certs,
        ReadWholeFile(config.tls_client_ca_file, "TLS client CA file"));
    options.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

absl::Status PrepareDataDir(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create data directory ", dir, ": ", error.message()));
  }
  if (chmod(dir.c_str(), 0700) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot restrict data directory ", dir, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<BrokerServer>> BrokerServer::Start(
    const BrokerConfig& config) {
  // Before anything is opened: a second broker on a taken address (or
  // admin socket) must not start at all.
  RETURN_IF_ERROR(ProbeListenAddress(config.listen));
  RETURN_IF_ERROR(ProbeAdminSocket(config.admin_socket));
  RETURN_IF_ERROR(PrepareDataDir(config.data_dir));
  std::unique_ptr<BrokerServer> server(new BrokerServer());
  ASSIGN_OR_RETURN(server->store_,
                   Store::Open(config.data_dir + "/db", StoreOptions()));
  const SweepStats& sweep = server->store_->sweep_stats();
  if (sweep.pending_snapshots_removed + sweep.orphan_ranges_removed > 0) {
    LogInfo("start-up removed %d interrupted uploads and %d orphaned ranges",
            sweep.pending_snapshots_removed, sweep.orphan_ranges_removed);
  }
  UploadLimits upload_limits;
  upload_limits.max_records_per_snapshot =
      static_cast<uint64_t>(config.limits.max_records_per_snapshot);
  upload_limits.max_tokens_per_record =
      static_cast<uint32_t>(config.limits.max_tokens_per_record);
  server->broker_ = std::make_unique<Broker>(
      server->store_.get(), [] { return Now(); }, upload_limits);
  server->broker_service_ = std::make_unique<BrokerService>(
      server->broker_.get(), config.limits,
      /*party_from_certificate=*/!config.tls_client_ca_file.empty());
  server->admin_service_ =
      std::make_unique<AdminService>(server->broker_.get());

  ASSIGN_OR_RETURN(auto credentials, Credentials(config));
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  // gRPC sets SO_REUSEPORT by default, which lets a second broker bind the
  // same port and take half the calls: bind exclusively.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(config.listen, credentials, &server->port_);
  builder.RegisterService(server->broker_service_.get());
  // The config bounds max_message_bytes to 1 GiB, so it fits an int.
  builder.SetMaxReceiveMessageSize(
      static_cast<int>(config.limits.max_message_bytes));
  builder.SetMaxSendMessageSize(
      static_cast<int>(config.limits.max_message_bytes));
  server->public_server_ = builder.BuildAndStart();
  if (server->public_server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen,
                     " (address in use, or not an address of this host)"));
  }

  std::filesystem::remove(config.admin_socket);
  grpc::ServerBuilder admin_builder;
  admin_builder.AddListeningPort("unix:" + config.admin_socket,
                                 grpc::InsecureServerCredentials());
  admin_builder.RegisterService(server->admin_service_.get());
  server->admin_server_ = admin_builder.BuildAndStart();
  if (server->admin_server_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot create the admin socket ", config.admin_socket));
  }
  if (chmod(config.admin_socket.c_str(), 0600) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot restrict the admin socket ", config.admin_socket));
  }
  LogInfo("blindmapd listening on port %d (%s), admin socket %s", server->port_,
          config.plaintext                    ? "plaintext, loopback only"
          : config.tls_client_ca_file.empty() ? "TLS"
                                              : "mutual TLS",
          config.admin_socket);
  return server;
}

void BrokerServer::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  if (public_server_ != nullptr) {
    if (auto* health = public_server_->GetHealthCheckService()) {
      health->Shutdown();
    }
    public_server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  }
  if (admin_server_ != nullptr) {
    admin_server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  }
  public_server_.reset();
  admin_server_.reset();
  broker_service_.reset();
  admin_service_.reset();
  broker_.reset();
  store_.reset();
  LogInfo("blindmapd stopped");
}

BrokerServer::~BrokerServer() { Shutdown(absl::Seconds(5)); }

}  // namespace blindmap
