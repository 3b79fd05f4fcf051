// blindmapd: the blindmap broker, and its operator commands.
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "blindmap/v1/admin.grpc.pb.h"
#include "common/base/log.h"
#include "common/base/private_file.h"
#include "grpcpp/grpcpp.h"
#include "nlohmann/json.hpp"
#include "server/service/broker_config.h"
#include "server/service/broker_server.h"
#include "server/service/listen_probe.h"
#include "server/store/store.h"

namespace blindmap {
namespace {

constexpr int kExitRuntime = 1;
constexpr int kExitConfig = 2;

int Fail(const absl::Status& status, int code) {
  std::cerr << "blindmapd: " << status.message() << "\n";
  return code;
}

absl::Status WritePortFile(const std::string& path, int port) {
  std::ofstream out(path, std::ios::trunc);
  out << port << "\n";
  out.close();
  if (!out) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

int Serve(const std::string& config_path, const std::string& port_file,
          const std::string& metrics_port_file) {
  // Whatever the broker creates (database files, log, the admin socket) is
  // its own user's only; the socket is never, even briefly, open to others.
  umask(077);
  absl::StatusOr<BrokerConfig> config = LoadBrokerConfig(config_path);
  if (!config.ok()) return Fail(config.status(), kExitConfig);
  std::FILE* log = nullptr;
  if (!config->log_file.empty()) {
    log = std::fopen(config->log_file.c_str(), "a");
    if (log == nullptr) {
      return Fail(absl::FailedPreconditionError(
                      absl::StrCat("cannot open log file ", config->log_file)),
                  kExitConfig);
    }
    SetLogSink(log);
  }
  SetLogFormat(config->log_format == "json" ? LogFormat::kJson
                                            : LogFormat::kText);
  // Handle SIGTERM/SIGINT in this thread only: block them before gRPC starts
  // its threads, which inherit the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<std::unique_ptr<BrokerServer>> server =
      BrokerServer::Start(*config);
  if (!server.ok()) {
    LogError("cannot start: %s", server.status().message());
    return Fail(server.status(), kExitRuntime);
  }
  if (!metrics_port_file.empty()) {
    absl::Status written =
        WritePortFile(metrics_port_file, (*server)->metrics_port());
    if (!written.ok()) return Fail(written, kExitRuntime);
  }
  if (!port_file.empty()) {
    absl::Status written = WritePortFile(port_file, (*server)->port());
    if (!written.ok()) return Fail(written, kExitRuntime);
  }
  int received = 0;
  sigwait(&signals, &received);
  LogInfo("received %s, shutting down (up to 10s for running calls)",
          received == SIGTERM ? "SIGTERM" : "SIGINT");
  (*server)->Shutdown(absl::Seconds(10));
  server->reset();
  if (log != nullptr) {
    SetLogSink(nullptr);
    std::fclose(log);
  }
  return 0;
}

int CheckConfig(const std::string& config_path) {
  absl::StatusOr<BrokerConfig> config = LoadBrokerConfig(config_path);
  if (!config.ok()) return Fail(config.status(), kExitConfig);
  const absl::Status files = CheckBrokerConfigFiles(*config);
  if (!files.ok()) {
    return Fail(absl::Status(files.code(),
                             absl::StrCat(config_path, ": ", files.message())),
                kExitConfig);
  }
  std::cout << config_path << ": OK\n"
            << "  listen:       " << config->listen
            << (config->plaintext ? " (plaintext, loopback only)" : " (TLS)")
            << "\n  data_dir:     " << config->data_dir
            << "\n  admin_socket: " << config->admin_socket << "\n";
  if (!config->health_listen.empty()) {
    std::cout << "  health:       " << config->health_listen
              << " (gRPC health service only, plaintext)\n";
  }
  return 0;
}

// Operator commands talk to a running broker over its admin socket.
class AdminClient {
 public:
  explicit AdminClient(const std::string& socket)
      : stub_(v1::Admin::NewStub(grpc::CreateChannel(
            "unix:" + socket, grpc::InsecureChannelCredentials()))),
        socket_(socket) {}

  template <typename Request, typename Response, typename Method>
  absl::Status Call(Method method, const Request& request, Response* response,
                    absl::Duration timeout = absl::Seconds(10)) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    grpc::Status status = (stub_.get()->*method)(&context, request, response);
    if (status.ok()) return absl::OkStatus();
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
      return absl::UnavailableError(
          absl::StrCat("no broker answers on admin socket ", socket_,
                       " (is blindmapd running with this config?)"));
    }
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        status.error_message());
  }

 private:
  std::unique_ptr<v1::Admin::Stub> stub_;
  std::string socket_;
};

absl::StatusOr<std::string> AdminSocket(const std::string& socket,
                                        const std::string& config_path) {
  if (!socket.empty()) return socket;
  absl::StatusOr<BrokerConfig> config = LoadBrokerConfig(config_path);
  if (!config.ok()) return config.status();
  return config->admin_socket;
}

int CreateParty(const std::string& socket, const std::string& name,
                const std::string& token_file, const std::string& format) {
  AdminClient admin(socket);
  v1::CreatePartyRequest request;
  request.set_name(name);
  v1::CreatePartyResponse response;
  absl::Status status =
      admin.Call(&v1::Admin::Stub::CreateParty, request, &response);
  if (!status.ok()) return Fail(status, kExitRuntime);
  if (!token_file.empty()) {
    status = WritePrivateFile(token_file, response.api_token(), "API token");
    if (!status.ok()) {
      // The token exists only in this process now: show it rather than lose it.
      std::cerr << "blindmapd: " << status.message()
                << "; printing the token instead\n";
      std::cout << response.api_token() << "\n";
      return kExitRuntime;
    }
    std::cerr << "Created party \"" << name << "\"; its API token is in "
              << token_file << " (mode 0600). The broker keeps only a hash.\n";
    return 0;
  }
  if (format == "json") {
    std::cout << nlohmann::json{{"name", response.name()},
                                {"api_token", response.api_token()}}
                     .dump()
              << "\n";
  } else {
    std::cerr << "Created party \"" << name
              << "\". Its API token is shown once; the broker keeps only a "
                 "hash:\n";
    std::cout << response.api_token() << "\n";
  }
  return 0;
}

int ListParties(const std::string& socket, const std::string& format) {
  AdminClient admin(socket);
  v1::ListPartiesResponse response;
  absl::Status status = admin.Call(&v1::Admin::Stub::ListParties,
                                   v1::ListPartiesRequest(), &response);
  if (!status.ok()) return Fail(status, kExitRuntime);
  if (format == "json") {
    nlohmann::json parties = nlohmann::json::array();
    for (const auto& party : response.parties()) {
      parties.push_back({{"name", party.name()},
                         {"created_at_unix", party.created_at_unix()},
                         {"partnerships", party.partnerships()}});
    }
    std::cout << nlohmann::json{{"parties", parties}}.dump(2) << "\n";
    return 0;
  }
  std::printf("%-24s %-20s %s\n", "PARTY", "CREATED (UTC)", "PARTNERSHIPS");
  for (const auto& party : response.parties()) {
    std::printf("%-24s %-20s %u\n", party.name().c_str(),
                absl::FormatTime("%Y-%m-%d %H:%M",
                                 absl::FromUnixSeconds(party.created_at_unix()),
                                 absl::UTCTimeZone())
                    .c_str(),
                party.partnerships());
  }
  return 0;
}

int DeleteParty(const std::string& socket, const std::string& name,
                const std::string& format) {
  AdminClient admin(socket);
  v1::DeletePartyRequest request;
  request.set_name(name);
  v1::DeletePartyResponse response;
  absl::Status status =
      admin.Call(&v1::Admin::Stub::DeleteParty, request, &response);
  if (!status.ok()) return Fail(status, kExitRuntime);
  if (format == "json") {
    std::cout << nlohmann::json{{"name", name},
                                {"partnerships_deleted",
                                 response.partnerships_deleted()},
                                {"snapshots_deleted",
                                 response.snapshots_deleted()}}
                     .dump()
              << "\n";
  } else {
    std::cout << "Removed party \"" << name << "\" with "
              << response.partnerships_deleted() << " partnership(s) and "
              << response.snapshots_deleted()
              << " snapshot(s). Run `blindmapd admin compact` to purge the "
                 "deleted data from the database files now.\n";
  }
  return 0;
}

int Compact(const std::string& socket) {
  AdminClient admin(socket);
  v1::CompactResponse response;
  absl::Status status =
      admin.Call(&v1::Admin::Stub::Compact, v1::CompactRequest(), &response);
  if (!status.ok()) return Fail(status, kExitRuntime);
  std::cout << "Compacted: deleted data is gone from the database files.\n";
  return 0;
}

int Backup(const std::string& socket, const std::string& directory,
           const std::string& format) {
  std::error_code error;
  const std::string absolute =
      std::filesystem::absolute(directory, error).lexically_normal().string();
  AdminClient admin(socket);
  v1::BackupRequest request;
  request.set_directory(absolute);
  v1::BackupResponse response;
  // A large database takes a while to flush and link.
  absl::Status status = admin.Call(&v1::Admin::Stub::Backup, request, &response,
                                   absl::Minutes(30));
  if (!status.ok()) return Fail(status, kExitRuntime);
  if (format == "json") {
    std::cout << nlohmann::json{{"path", response.path()},
                                {"files", response.files()},
                                {"bytes", response.bytes()}}
                     .dump()
              << "\n";
  } else {
    std::cout << "Backup written to " << response.path() << " ("
              << response.files() << " files, " << response.bytes()
              << " bytes). It holds what the data directory holds: keep it "
                 "private. Restore with: blindmapd restore --config <config> "
              << response.path() << "\n";
  }
  return 0;
}

int Metrics(const std::string& socket) {
  AdminClient admin(socket);
  v1::GetMetricsResponse response;
  absl::Status status = admin.Call(&v1::Admin::Stub::GetMetrics,
                                   v1::GetMetricsRequest(), &response);
  if (!status.ok()) return Fail(status, kExitRuntime);
  std::cout << response.text();
  return 0;
}

// Offline: copies a backup into the config's (fresh) data directory.
int Restore(const std::string& config_path, const std::string& backup) {
  umask(077);
  absl::StatusOr<BrokerConfig> config = LoadBrokerConfig(config_path);
  if (!config.ok()) return Fail(config.status(), kExitConfig);
  // A running broker on this data directory must not be overwritten.
  absl::Status running = ProbeAdminSocket(config->admin_socket);
  if (!running.ok()) return Fail(running, kExitRuntime);
  std::error_code error;
  std::filesystem::create_directories(config->data_dir, error);
  chmod(config->data_dir.c_str(), 0700);
  absl::Status restored = RestoreBackup(backup, config->data_dir + "/db");
  if (!restored.ok()) return Fail(restored, kExitRuntime);
  std::cout << "Restored " << backup << " into " << config->data_dir
            << "/db. Start the broker with: blindmapd serve --config "
            << config_path << "\n";
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App app{
      "blindmapd: the blindmap broker. It stores only keyed tokens, opaque "
      "record ids and population membership, intersects two parties' "
      "snapshots and answers with overlap counts."};
  app.require_subcommand(1);

  std::string config_path = "/etc/blindmapd/blindmapd.yaml";
  std::string port_file;
  std::string metrics_port_file;
  CLI::App* serve = app.add_subcommand("serve", "Run the broker");
  serve->add_option("-c,--config", config_path, "Broker config file (YAML)")
      ->capture_default_str();
  serve->add_option("--port-file", port_file,
                    "Write the bound TCP port to this file once listening");
  serve->add_option("--metrics-port-file", metrics_port_file,
                    "Write the metrics endpoint's port to this file (0 "
                    "without metrics_listen)");

  CLI::App* check = app.add_subcommand(
      "check-config", "Validate a config file and print what it says");
  check->add_option("-c,--config", config_path, "Broker config file (YAML)")
      ->capture_default_str();

  std::string socket;
  std::string format = "text";
  CLI::App* admin = app.add_subcommand(
      "admin", "Operator commands, sent to a running broker's admin socket");
  admin->require_subcommand(1);
  admin
      ->add_option("-c,--config", config_path,
                   "Broker config file, to find the admin socket")
      ->capture_default_str();
  admin->add_option("--socket", socket,
                    "Admin socket path (instead of reading --config)");
  admin->add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  std::string party_name;
  std::string token_file;
  CLI::App* create = admin->add_subcommand(
      "create-party", "Create a party and print its API token (shown once)");
  create->add_option("name", party_name, "Party name (lowercase, e.g. acme)")
      ->required();
  create->add_option("--token-file", token_file,
                     "Write the token to this new file (mode 0600) instead of "
                     "printing it");
  CLI::App* list = admin->add_subcommand("list-parties", "List parties");
  CLI::App* remove = admin->add_subcommand(
      "delete-party",
      "Remove a party with its credentials and every partnership it is part "
      "of, with all their data");
  remove->add_option("name", party_name, "Party name")->required();
  CLI::App* compact = admin->add_subcommand(
      "compact", "Purge deleted data from the database files now");
  std::string directory;
  CLI::App* backup = admin->add_subcommand(
      "backup",
      "Write a consistent copy of the database, taken while the broker "
      "serves, to DIR/blindmapd-<UTC time> (on the broker's host)");
  backup->add_option("directory", directory, "Where backups are kept")
      ->required();
  CLI::App* metrics = admin->add_subcommand(
      "metrics", "Print the broker's metrics (Prometheus text format)");

  std::string backup_path;
  CLI::App* restore = app.add_subcommand(
      "restore",
      "Copy a backup into the config's data directory, which must be fresh "
      "(no database yet); the broker must not be running");
  restore->add_option("-c,--config", config_path, "Broker config file (YAML)")
      ->capture_default_str();
  restore
      ->add_option("backup", backup_path,
                   "The blindmapd-<time> directory `admin backup` printed")
      ->required();

  CLI11_PARSE(app, argc, argv);

  if (serve->parsed()) {
    return Serve(config_path, port_file, metrics_port_file);
  }
  if (check->parsed()) return CheckConfig(config_path);
  if (restore->parsed()) return Restore(config_path, backup_path);
  absl::StatusOr<std::string> admin_socket = AdminSocket(socket, config_path);
  if (!admin_socket.ok()) return Fail(admin_socket.status(), kExitConfig);
  if (create->parsed()) {
    return CreateParty(*admin_socket, party_name, token_file, format);
  }
  if (list->parsed()) return ListParties(*admin_socket, format);
  if (remove->parsed()) return DeleteParty(*admin_socket, party_name, format);
  if (compact->parsed()) return Compact(*admin_socket);
  if (backup->parsed()) return Backup(*admin_socket, directory, format);
  if (metrics->parsed()) return Metrics(*admin_socket);
  return kExitConfig;
}

}  // namespace
}  // namespace blindmap

int main(int argc, char** argv) { return blindmap::Main(argc, argv); }
