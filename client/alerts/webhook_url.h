// A webhook URL: a secret (whoever holds it can post to the channel), read
// from its file or environment variable, checked, and shown only redacted.
#ifndef BLINDMAP_CLIENT_ALERTS_WEBHOOK_URL_H_
#define BLINDMAP_CLIENT_ALERTS_WEBHOOK_URL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/config/alert_config.h"

namespace blindmap {

// The URL of `alert`: the first line of url_file (which group and others
// may not read: FAILED_PRECONDITION with the chmod to run) or the value of
// url_env. It must be https://, or http:// to a loopback address (for a
// relay on this machine); anything else is INVALID_ARGUMENT. No message
// contains the URL.
absl::StatusOr<std::string> ReadWebhookUrl(const AlertConfig& alert);

// "https://hooks.slack.com/…": the scheme and host, never the path that
// holds the secret.
std::string RedactedUrl(absl::string_view url);

// `text` with every occurrence of `url`, and of its path and query, replaced
// by RedactedUrl(url): for messages built from a library's errors.
std::string ScrubUrl(std::string text, absl::string_view url);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_ALERTS_WEBHOOK_URL_H_
