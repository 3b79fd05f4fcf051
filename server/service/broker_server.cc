#include "server/service/broker_server.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/log.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"
#include "common/crypto/sync_period.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "server/broker/broker.h"
#include "server/metrics/broker_metrics.h"
#include "server/metrics/metrics_http_server.h"
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

// The database's figures for the metrics endpoint.
std::vector<ScrapedValue> StoreMetrics(Store& store) {
  const StoreStats stats = store.Stats();
  const auto value = [](uint64_t v) { return static_cast<double>(v); };
  return {
      {"blindmapd_rocksdb_live_sst_bytes", "gauge",
       "Bytes of the SST files the database uses now.",
       value(stats.live_sst_bytes)},
      {"blindmapd_rocksdb_total_sst_bytes", "gauge",
       "Bytes of all SST files, obsolete ones not yet deleted included.",
       value(stats.total_sst_bytes)},
      {"blindmapd_rocksdb_memtable_bytes", "gauge", "Bytes held in memtables.",
       value(stats.memtable_bytes)},
      {"blindmapd_rocksdb_pending_compaction_bytes", "gauge",
       "RocksDB's estimate of the bytes compaction still has to rewrite.",
       value(stats.pending_compaction_bytes)},
      {"blindmapd_rocksdb_running_compactions", "gauge",
       "Compactions running now.", value(stats.running_compactions)},
      {"blindmapd_rocksdb_compaction_read_bytes_total", "counter",
       "Bytes compactions read since the broker started.",
       value(stats.compaction_read_bytes)},
      {"blindmapd_rocksdb_compaction_write_bytes_total", "counter",
       "Bytes compactions wrote since the broker started.",
       value(stats.compaction_write_bytes)},
      {"blindmapd_reclaim_passes_total", "counter",
       "Passes giving back the space of deleted snapshots.",
       value(stats.reclaim_passes)},
      {"blindmapd_reclaim_ranges_compacted_total", "counter",
       "Deleted snapshots' key ranges compacted away (one per family).",
       value(stats.reclaim_ranges_compacted)},
      {"blindmapd_reclaim_seconds_total", "counter",
       "Time spent giving back the space of deleted snapshots.",
       stats.reclaim_seconds},
  };
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
  server->metrics_ = std::make_unique<BrokerMetrics>(absl::Now());
  Store* store = server->store_.get();
  server->metrics_->AddSource([store] { return StoreMetrics(*store); });
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
      /*party_from_certificate=*/!config.tls_client_ca_file.empty(),
      server->metrics_.get());
  AdminService::Hooks hooks;
  hooks.backup =
      [store](
          const std::string& directory) -> absl::StatusOr<v1::BackupResponse> {
    ASSIGN_OR_RETURN(BackupInfo backup, store->Backup(directory));
    v1::BackupResponse response;
    response.set_path(backup.path);
    response.set_files(backup.files);
    response.set_bytes(backup.bytes);
    return response;
  };
  BrokerMetrics* metrics = server->metrics_.get();
  hooks.metrics = [metrics] { return metrics->Render(); };
  server->admin_service_ =
      std::make_unique<AdminService>(server->broker_.get(), std::move(hooks));

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

  if (!config.health_listen.empty()) {
    // Only the default health service: it reports this process's serving
    // state, and Shutdown() turns it to NOT_SERVING with the public one.
    server->health_fallback_ = std::make_unique<grpc::CallbackGenericService>();
    grpc::ServerBuilder health_builder;
    health_builder.RegisterCallbackGenericService(
        server->health_fallback_.get());
    health_builder.AddListeningPort(config.health_listen,
                                    grpc::InsecureServerCredentials(),
                                    &server->health_port_);
    server->health_server_ = health_builder.BuildAndStart();
    if (server->health_server_ == nullptr || server->health_port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on health_listen ", config.health_listen,
                       " (address in use, or not an address of this host)"));
    }
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
  if (!config.metrics_listen.empty()) {
    ASSIGN_OR_RETURN(server->metrics_server_,
                     MetricsHttpServer::Start(config.metrics_listen, [metrics] {
                       return metrics->Render();
                     }));
    LogInfo("metrics on http://%s/metrics (port %d)", config.metrics_listen,
            server->metrics_server_->port());
  }
  LogInfo("blindmapd listening on port %d (%s), admin socket %s", server->port_,
          config.plaintext                    ? "plaintext, loopback only"
          : config.tls_client_ca_file.empty() ? "TLS"
                                              : "mutual TLS",
          config.admin_socket);
  if (server->health_port_ != 0) {
    LogInfo("health service (alone, plaintext) on port %d",
            server->health_port_);
  }
  return server;
}

int BrokerServer::metrics_port() const {
  return metrics_server_ == nullptr ? 0 : metrics_server_->port();
}

void BrokerServer::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  if (health_server_ != nullptr) {
    if (auto* health = health_server_->GetHealthCheckService()) {
      health->Shutdown();
    }
  }
  metrics_server_.reset();
  if (public_server_ != nullptr) {
    if (auto* health = public_server_->GetHealthCheckService()) {
      health->Shutdown();
    }
    public_server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  }
  if (admin_server_ != nullptr) {
    admin_server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  }
  if (health_server_ != nullptr) {
    health_server_->Shutdown(absl::ToChronoTime(absl::Now()));
  }
  public_server_.reset();
  admin_server_.reset();
  health_server_.reset();
  health_fallback_.reset();
  broker_service_.reset();
  admin_service_.reset();
  broker_.reset();
  metrics_.reset();
  store_.reset();
  LogInfo("blindmapd stopped");
}

BrokerServer::~BrokerServer() { Shutdown(absl::Seconds(5)); }

}  // namespace blindmap
