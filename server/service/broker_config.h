// blindmapd's configuration file.
#ifndef BLINDMAP_SERVER_SERVICE_BROKER_CONFIG_H_
#define BLINDMAP_SERVER_SERVICE_BROKER_CONFIG_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace blindmap {

// What the broker allows one call or one party; the `limits:` section of
// BrokerConfig's YAML and the README's "Broker configuration".
struct BrokerLimits {
  // The largest gRPC message received or sent.
  int64_t max_message_bytes = 4 << 20;
  // Per upload (enforced by Broker through UploadLimits).
  int64_t max_records_per_snapshot = 20'000'000;
  int64_t max_tokens_per_record = 64;
  // Per authenticated party: uploads streaming at once, and a token bucket
  // of requests (every RPC, an upload stream counting once) refilled at
  // requests_per_minute_per_party and holding at most request_burst_per_party.
  int64_t max_concurrent_uploads_per_party = 2;
  int64_t requests_per_minute_per_party = 600;
  int64_t request_burst_per_party = 120;
  // A unary call not started by then is refused; an upload stream that sends
  // nothing for upload_idle_seconds is cancelled and its snapshot abandoned.
  int64_t server_deadline_seconds = 60;
  int64_t upload_idle_seconds = 120;
};

// Settings of one broker, from YAML such as:
//
//   listen: 0.0.0.0:7443          # host:port; port 0 picks a free port
//   data_dir: /var/lib/blindmapd  # RocksDB lives here (created 0700)
//   admin_socket: /run/blindmapd/admin.sock  # default <data_dir>/admin.sock
//   tls:
//     cert_file: /etc/blindmapd/broker.crt
//     key_file: /etc/blindmapd/broker.key
//     client_ca_file: /etc/blindmapd/ca.crt  # optional: mutual TLS
//   plaintext: false              # true only with a loopback `listen`
//   health_listen: 0.0.0.0:7444   # optional: the gRPC health service
//                                 # alone, plaintext (for Kubernetes'
//                                 # gRPC probes, which cannot do TLS)
//   log_file: /var/log/blindmapd.log        # default: standard error
//   log_format: json              # text (default) or json, one line per RPC
//   metrics_listen: 127.0.0.1:9464  # Prometheus GET /metrics; default none
//   limits:                       # every key optional; defaults below
//     max_message_bytes: 4194304
//     max_records_per_snapshot: 20000000
//     max_tokens_per_record: 64
//     max_concurrent_uploads_per_party: 2
//     requests_per_minute_per_party: 600
//     request_burst_per_party: 120
//     server_deadline_seconds: 60
//     upload_idle_seconds: 120
//
// Relative paths are relative to the config file's directory.
struct BrokerConfig {
  std::string listen = "127.0.0.1:7443";
  std::string data_dir;
  std::string admin_socket;
  std::string tls_cert_file;
  std::string tls_key_file;
  // Mutual TLS when set: every connection must present a client
  // certificate signed by this CA, and the certificate's common name is the
  // calling party (a bearer token becomes optional; one that is sent must
  // belong to the same party).
  std::string tls_client_ca_file;
  bool plaintext = false;
  // "" for none: otherwise host:port serving only grpc.health.v1.Health,
  // without TLS on any address: it answers SERVING or NOT_SERVING and
  // nothing else (no Broker call is reachable there).
  std::string health_listen;
  std::string log_file;
  // "text" (default) or "json": one JSON object per line, with a request
  // id per RPC (call_log.h).
  std::string log_format = "text";
  // Where Prometheus scrapes GET /metrics ("host:port"); empty (default):
  // no HTTP endpoint, metrics only through `blindmapd admin metrics` on
  // the admin socket.
  std::string metrics_listen;
  BrokerLimits limits;
};

// Loads and validates: INVALID_ARGUMENT naming file, line and key for
// unknown keys, a missing data_dir, TLS half configured (or a client CA
// without a certificate), neither TLS nor
// plaintext, plaintext on a non-loopback address, or a limit outside its
// range (the message names the key and the range), a listen port outside
// 0-65535. NOT_FOUND if the file is missing.
absl::StatusOr<BrokerConfig> LoadBrokerConfig(const std::string& path);
absl::StatusOr<BrokerConfig> ParseBrokerConfig(absl::string_view yaml,
                                               const std::string& source_name);

// What `check-config` verifies beyond the syntax: each TLS file configured
// exists, can be read and holds PEM. NOT_FOUND, PERMISSION_DENIED or
// INVALID_ARGUMENT naming the key and the path.
absl::Status CheckBrokerConfigFiles(const BrokerConfig& config);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_SERVICE_BROKER_CONFIG_H_
