#include "server/broker_config.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/net_address.h"
#include "common/status_macros.h"
#include "common/yaml_config.h"

namespace blindmap {
namespace {

absl::StatusOr<BrokerConfig> FromYaml(const YamlConfig& yaml) {
  const YAML::Node& root = yaml.root();
  RETURN_IF_ERROR(yaml.CheckKeys(
      root, "",
      {"listen", "data_dir", "admin_socket", "tls", "plaintext", "log_file"}));
  BrokerConfig config;
  ASSIGN_OR_RETURN(config.listen,
                   yaml.String(root, "", "listen", config.listen));
  ASSIGN_OR_RETURN(config.data_dir, yaml.Path(root, "", "data_dir", ""));
  ASSIGN_OR_RETURN(config.admin_socket,
                   yaml.Path(root, "", "admin_socket", ""));
  ASSIGN_OR_RETURN(config.plaintext, yaml.Bool(root, "", "plaintext", false));
  ASSIGN_OR_RETURN(config.log_file, yaml.Path(root, "", "log_file", ""));
  const YAML::Node tls = root["tls"];
  if (tls.IsDefined() && !tls.IsNull()) {
    RETURN_IF_ERROR(yaml.CheckKeys(tls, "tls", {"cert_file", "key_file"}));
    ASSIGN_OR_RETURN(config.tls_cert_file,
                     yaml.Path(tls, "tls", "cert_file", ""));
    ASSIGN_OR_RETURN(config.tls_key_file,
                     yaml.Path(tls, "tls", "key_file", ""));
  }

  std::string host;
  if (!SplitHostPort(config.listen, host)) {
    return yaml.Error(root["listen"], "listen",
                      "expected host:port, e.g. 0.0.0.0:7443");
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

absl::StatusOr<BrokerConfig> ParseBrokerConfig(absl::string_view text,
                                               const std::string& source_name) {
  ASSIGN_OR_RETURN(YamlConfig yaml, YamlConfig::Parse(text, source_name));
  return FromYaml(yaml);
}

}  // namespace blindmap
