// Where a sync's news goes: the `alerts:` section of blindmap.yaml.
#ifndef BLINDMAP_CLIENT_CONFIG_ALERT_CONFIG_H_
#define BLINDMAP_CLIENT_CONFIG_ALERT_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/base/yaml_config.h"

namespace blindmap {

enum class AlertKind { kSlack, kTeams, kJson };

// One webhook, from YAML such as:
//
//   alerts:
//     - kind: slack                  # slack | teams | json
//       url_file: state/slack.url    # the webhook URL, mode 0600
//       # url_env: BLINDMAP_SLACK_URL  (instead: an environment variable)
//       partners: [globex]           # default: every partner
//       names: true                  # name accounts both sides share
//       timeout_seconds: 10          # per attempt, 1..120
//       retries: 2                   # more attempts, 0..5 (5xx, 429,
//                                    # timeouts, connection errors)
//       ca_file: ca.pem              # default: the system's roots
//
// The URL is a secret (anyone holding it can post to the channel): it is
// never in the config itself, never printed in full, never logged.
struct AlertConfig {
  AlertKind kind = AlertKind::kSlack;
  std::string url_file;
  std::string url_env;
  std::vector<std::string> partners;  // empty: every partner
  bool names = true;
  absl::Duration timeout = absl::Seconds(10);
  int retries = 2;
  std::string ca_file;
  std::string label;  // "alerts[0] (slack)", for messages

  bool ForPartner(const std::string& partner) const;
};

// INVALID_ARGUMENT located in the config for anything malformed.
absl::StatusOr<std::vector<AlertConfig>> ParseAlertConfigs(
    const YamlConfig& yaml, const YAML::Node& node);

// "slack", "teams", "json".
const char* AlertKindName(AlertKind kind);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CONFIG_ALERT_CONFIG_H_
