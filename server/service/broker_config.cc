#include "server/service/broker_config.h"

#include <filesystem>
#include <fstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/net_address.h"
#include "common/base/status_macros.h"
#include "common/base/yaml_config.h"

namespace blindmap {
namespace {

// One integer key of `limits:`, its field and its allowed range.
struct LimitKey {
  const char* key;
  int64_t BrokerLimits::*field;
  int64_t min;
  int64_t max;
};

constexpr LimitKey kLimitKeys[] = {
    // gRPC takes an int; below 4 KiB not even a header fits.
    {"max_message_bytes", &BrokerLimits::max_message_bytes, 4096,
     int64_t{1} << 30},
    {"max_records_per_snapshot", &BrokerLimits::max_records_per_snapshot, 1,
     int64_t{1} << 40},
    {"max_tokens_per_record", &BrokerLimits::max_tokens_per_record, 1, 4096},
    {"max_concurrent_uploads_per_party",
     &BrokerLimits::max_concurrent_uploads_per_party, 1, 1000},
    {"requests_per_minute_per_party",
     &BrokerLimits::requests_per_minute_per_party, 1, 1'000'000},
    {"request_burst_per_party", &BrokerLimits::request_burst_per_party, 1,
     1'000'000},
    {"server_deadline_seconds", &BrokerLimits::server_deadline_seconds, 1,
     86400},
    {"upload_idle_seconds", &BrokerLimits::upload_idle_seconds, 1, 86400},
};

absl::StatusOr<BrokerLimits> LimitsFromYaml(const YamlConfig& yaml,
                                            const YAML::Node& limits) {
  BrokerLimits result;
  if (!limits.IsDefined() || limits.IsNull()) return result;
  RETURN_IF_ERROR(yaml.CheckKeys(
      limits, "limits",
      {"max_message_bytes", "max_records_per_snapshot", "max_tokens_per_record",
       "max_concurrent_uploads_per_party", "requests_per_minute_per_party",
       "request_burst_per_party", "server_deadline_seconds",
       "upload_idle_seconds"}));
  for (const LimitKey& limit : kLimitKeys) {
    ASSIGN_OR_RETURN(const int64_t value, yaml.Int(limits, "limits", limit.key,
                                                   result.*limit.field));
    if (value < limit.min || value > limit.max) {
      return yaml.Error(limits[limit.key], absl::StrCat("limits.", limit.key),
                        absl::StrCat("must be between ", limit.min, " and ",
                                     limit.max, ", not ", value));
    }
    result.*limit.field = value;
  }
  return result;
}

absl::StatusOr<BrokerConfig> FromYaml(const YamlConfig& yaml) {
  const YAML::Node& root = yaml.root();
  RETURN_IF_ERROR(yaml.CheckKeys(
      root, "",
      {"listen", "data_dir", "admin_socket", "tls", "plaintext", "log_file",
       "limits", "health_listen", "log_format", "metrics_listen"}));
  BrokerConfig config;
  ASSIGN_OR_RETURN(config.listen,
                   yaml.String(root, "", "listen", config.listen));
  ASSIGN_OR_RETURN(config.data_dir, yaml.Path(root, "", "data_dir", ""));
  ASSIGN_OR_RETURN(config.admin_socket,
                   yaml.Path(root, "", "admin_socket", ""));
  ASSIGN_OR_RETURN(config.plaintext, yaml.Bool(root, "", "plaintext", false));
  ASSIGN_OR_RETURN(config.log_file, yaml.Path(root, "", "log_file", ""));
  ASSIGN_OR_RETURN(config.health_listen,
                   yaml.String(root, "", "health_listen", ""));
  ASSIGN_OR_RETURN(config.log_format,
                   yaml.String(root, "", "log_format", config.log_format));
  if (config.log_format != "text" && config.log_format != "json") {
    return yaml.Error(root["log_format"], "log_format",
                      "expected text or json");
  }
  ASSIGN_OR_RETURN(config.metrics_listen,
                   yaml.String(root, "", "metrics_listen", ""));
  if (!config.metrics_listen.empty() && PortOf(config.metrics_listen) < 0) {
    return yaml.Error(root["metrics_listen"], "metrics_listen",
                      "expected host:port with a port from 0 to 65535, e.g. "
                      "127.0.0.1:9464");
  }
  ASSIGN_OR_RETURN(config.limits, LimitsFromYaml(yaml, root["limits"]));
  const YAML::Node tls = root["tls"];
  if (tls.IsDefined() && !tls.IsNull()) {
    RETURN_IF_ERROR(yaml.CheckKeys(
        tls, "tls", {"cert_file", "key_file", "client_ca_file"}));
    ASSIGN_OR_RETURN(config.tls_cert_file,
                     yaml.Path(tls, "tls", "cert_file", ""));
    ASSIGN_OR_RETURN(config.tls_key_file,
                     yaml.Path(tls, "tls", "key_file", ""));
    ASSIGN_OR_RETURN(config.tls_client_ca_file,
                     yaml.Path(tls, "tls", "client_ca_file", ""));
  }

  std::string host;
  if (!SplitHostPort(config.listen, host)) {
    return yaml.Error(root["listen"], "listen",
                      "expected host:port, e.g. 0.0.0.0:7443");
  }
  if (PortOf(config.listen) < 0) {
    return yaml.Error(root["listen"], "listen",
                      absl::StrCat("the port of ", config.listen,
                                   " is out of range: 0 to 65535 (0 picks a "
                                   "free port)"));
  }
  if (!config.health_listen.empty() &&
      (!SplitHostPort(config.health_listen, host) ||
       PortOf(config.health_listen) < 0 ||
       (config.health_listen == config.listen &&
        !absl::EndsWith(config.listen, ":0")))) {
    return yaml.Error(root["health_listen"], "health_listen",
                      "expected host:port other than listen's, e.g. "
                      "0.0.0.0:7444");
  }
  if (config.data_dir.empty()) {
    return yaml.Error(root, "data_dir",
                      "missing: the directory for the broker's database");
  }
  if (config.admin_socket.empty()) {
    config.admin_socket = config.data_dir + "/admin.sock";
  }
  if (config.tls_cert_file.empty() != config.tls_key_file.empty()) {
    return yaml.Error(tls, "tls",
                      "cert_file and key_file must be given together");
  }
  const bool has_tls = !config.tls_cert_file.empty();
  if (!has_tls && !config.tls_client_ca_file.empty()) {
    return yaml.Error(tls["client_ca_file"], "tls.client_ca_file",
                      "mutual TLS needs the broker's own cert_file and "
                      "key_file too");
  }
  if (has_tls && config.plaintext) {
    return yaml.Error(root["plaintext"], "plaintext",
                      "cannot be true when tls is configured");
  }
  if (!has_tls && !config.plaintext) {
    return yaml.Error(root, "tls",
                      "missing: give tls.cert_file and tls.key_file (or, on a "
                      "loopback address only, plaintext: true)");
  }
  if (config.plaintext && !IsLoopbackAddress(config.listen)) {
    return yaml.Error(root["plaintext"], "plaintext",
                      absl::StrCat("refused: plaintext is only allowed on a "
                                   "loopback address, and listen is ",
                                   config.listen));
  }
  return config;
}

}  // namespace

absl::StatusOr<BrokerConfig> LoadBrokerConfig(const std::string& path) {
  ASSIGN_OR_RETURN(YamlConfig yaml, YamlConfig::LoadFile(path));
  return FromYaml(yaml);
}

absl::Status CheckBrokerConfigFiles(const BrokerConfig& config) {
  const std::pair<const char*, const std::string*> files[] = {
      {"tls.cert_file", &config.tls_cert_file},
      {"tls.key_file", &config.tls_key_file},
      {"tls.client_ca_file", &config.tls_client_ca_file}};
  for (const auto& [key, path] : files) {
    if (path->empty()) continue;
    std::error_code error;
    const std::filesystem::file_status status =
        std::filesystem::status(*path, error);
    if (!std::filesystem::exists(status)) {
      return absl::NotFoundError(
          absl::StrCat(key, ": ", *path, ": no such file"));
    }
    if (!std::filesystem::is_regular_file(status)) {
      return absl::NotFoundError(
          absl::StrCat(key, ": ", *path, ": not a regular file"));
    }
    std::ifstream in(*path, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    if (in.bad() || (!in && in.gcount() == 0)) {
      return absl::PermissionDeniedError(
          absl::StrCat(key, ": ", *path, ": cannot be read"));
    }
    head.resize(static_cast<size_t>(in.gcount()));
    if (!absl::StrContains(head, "-----BEGIN ")) {
      return absl::InvalidArgumentError(absl::StrCat(
          key, ": ", *path, " is not a PEM file (no \"-----BEGIN\" line)"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<BrokerConfig> ParseBrokerConfig(absl::string_view text,
                                               const std::string& source_name) {
  ASSIGN_OR_RETURN(YamlConfig yaml, YamlConfig::Parse(text, source_name));
  return FromYaml(yaml);
}

}  // namespace blindmap
