#include "client/config/alert_config.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/base/party_name.h"
#include "common/base/status_macros.h"

namespace blindmap {
namespace {

constexpr size_t kMaxAlerts = 16;

absl::StatusOr<AlertKind> ParseKind(const YamlConfig& yaml,
                                    const YAML::Node& item,
                                    const std::string& path) {
  ASSIGN_OR_RETURN(std::string kind, yaml.String(item, path, "kind", ""));
  kind = absl::AsciiStrToLower(kind);
  if (kind == "slack") return AlertKind::kSlack;
  if (kind == "teams") return AlertKind::kTeams;
  if (kind == "json") return AlertKind::kJson;
  return yaml.Error(item["kind"].IsDefined() ? item["kind"] : item,
                    path + ".kind",
                    "expected slack (incoming webhook), teams (workflow "
                    "webhook) or json (a plain JSON POST)");
}

}  // namespace

bool AlertConfig::ForPartner(const std::string& partner) const {
  return partners.empty() ||
         std::find(partners.begin(), partners.end(), partner) != partners.end();
}

const char* AlertKindName(AlertKind kind) {
  switch (kind) {
    case AlertKind::kSlack:
      return "slack";
    case AlertKind::kTeams:
      return "teams";
    case AlertKind::kJson:
      return "json";
  }
  return "json";
}

absl::StatusOr<std::vector<AlertConfig>> ParseAlertConfigs(
    const YamlConfig& yaml, const YAML::Node& node) {
  if (!node.IsSequence() || node.size() == 0) {
    return yaml.Error(node, "alerts",
                      "expected a list of webhooks: [{kind: slack, url_file: "
                      "...}]");
  }
  if (node.size() > kMaxAlerts) {
    return yaml.Error(node, "alerts",
                      absl::StrCat("at most ", kMaxAlerts, " webhooks"));
  }
  std::vector<AlertConfig> alerts;
  for (size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    const std::string path = absl::StrCat("alerts[", i, "]");
    RETURN_IF_ERROR(
        yaml.CheckKeys(item, path,
                       {"kind", "url", "url_file", "url_env", "partners",
                        "names", "timeout_seconds", "retries", "ca_file"}));
    if (item["url"]) {
      return yaml.Error(item["url"], path + ".url",
                        "a webhook URL is a secret: keep it in a file only "
                        "you can read (url_file) or in the environment "
                        "(url_env), not in the config");
    }
    AlertConfig alert;
    ASSIGN_OR_RETURN(alert.kind, ParseKind(yaml, item, path));
    ASSIGN_OR_RETURN(alert.url_file, yaml.Path(item, path, "url_file", ""));
    ASSIGN_OR_RETURN(alert.url_env, yaml.String(item, path, "url_env", ""));
    if (alert.url_file.empty() == alert.url_env.empty()) {
      return yaml.Error(item, path + ".url_file",
                        "give exactly one of url_file (a file holding the "
                        "webhook URL, mode 0600) and url_env (an environment "
                        "variable holding it)");
    }
    const YAML::Node partners = item["partners"];
    if (partners.IsDefined() && !partners.IsNull()) {
      if (!partners.IsSequence()) {
        return yaml.Error(partners, path + ".partners",
                          "expected a list of partner names");
      }
      for (const YAML::Node& partner : partners) {
        if (!partner.IsScalar() || !IsValidPartyName(partner.Scalar())) {
          return yaml.Error(partner, path + ".partners",
                            "not a party name (lowercase letters, digits, "
                            "'-' and '_', starting with a letter)");
        }
        alert.partners.push_back(partner.Scalar());
      }
    }
    ASSIGN_OR_RETURN(alert.names, yaml.Bool(item, path, "names", true));
    ASSIGN_OR_RETURN(int64_t timeout,
                     yaml.Int(item, path, "timeout_seconds", 10));
    if (timeout < 1 || timeout > 120) {
      return yaml.Error(item["timeout_seconds"], path + ".timeout_seconds",
                        "must be 1..120");
    }
    alert.timeout = absl::Seconds(timeout);
    ASSIGN_OR_RETURN(int64_t retries, yaml.Int(item, path, "retries", 2));
    if (retries < 0 || retries > 5) {
      return yaml.Error(item["retries"], path + ".retries", "must be 0..5");
    }
    alert.retries = static_cast<int>(retries);
    ASSIGN_OR_RETURN(alert.ca_file, yaml.Path(item, path, "ca_file", ""));
    alert.label = absl::StrCat(path, " (", AlertKindName(alert.kind), ")");
    alerts.push_back(std::move(alert));
  }
  return alerts;
}

}  // namespace blindmap
