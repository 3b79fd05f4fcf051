// blindmapd's configuration file.
#ifndef BLINDMAP_SERVER_BROKER_CONFIG_H_
#define BLINDMAP_SERVER_BROKER_CONFIG_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace blindmap {

// Settings of one broker, from YAML such as:
//
//   listen: 0.0.0.0:7443          # host:port; port 0 picks a free port
//   data_dir: /var/lib/blindmapd  # RocksDB lives here (created 0700)
//   admin_socket: /run/blindmapd/admin.sock  # default <data_dir>/admin.sock
//   tls:
//     cert_file: /etc/blindmapd/broker.crt
//     key_file: /etc/blindmapd/broker.key
//   plaintext: false              # true only with a loopback `listen`
//   log_file: /var/log/blindmapd.log        # default: standard error
//
// Relative paths are relative to the config file's directory.
struct BrokerConfig {
  std::string listen = "127.0.0.1:7443";
  std::string data_dir;
  std::string admin_socket;
  std::string tls_cert_file;
  std::string tls_key_file;
  bool plaintext = false;
  std::string log_file;
};

// Loads and validates: INVALID_ARGUMENT naming file, line and key for
// unknown keys, a missing data_dir, TLS half configured, neither TLS nor
// plaintext, or plaintext on a non-loopback address. NOT_FOUND if the file
// is missing.
absl::StatusOr<BrokerConfig> LoadBrokerConfig(const std::string& path);
absl::StatusOr<BrokerConfig> ParseBrokerConfig(absl::string_view yaml,
                                               const std::string& source_name);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_CONFIG_H_
