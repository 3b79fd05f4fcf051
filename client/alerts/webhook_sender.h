// Posting an alert to a webhook over HTTPS (libcurl), with TLS
// verification, a timeout per attempt and bounded retries.
#ifndef BLINDMAP_CLIENT_ALERTS_WEBHOOK_SENDER_H_
#define BLINDMAP_CLIENT_ALERTS_WEBHOOK_SENDER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace blindmap {

struct WebhookPost {
  std::string url;   // a secret: appears in no message
  std::string body;  // JSON
  absl::Duration timeout = absl::Seconds(10);  // per attempt, connect included
  int retries = 2;                             // more attempts after the first
  absl::Duration first_backoff = absl::Seconds(1);  // doubles, at most 8 s
  std::string ca_file;                              // "" for the system's roots
};

struct WebhookDelivery {
  long http_status = 0;  // the accepted answer (2xx)
  int attempts = 0;
};

// POSTs `post.body` as application/json. The peer's certificate and host
// name are verified; redirects are not followed (a webhook that redirects
// is refused); only http and https are spoken. A 2xx answer is delivery.
// Retried, after 1 s, 2 s, 4 s...: a timeout, a failed connection or
// transfer, HTTP 429 and 5xx. Not retried: other 4xx (a revoked or wrong
// URL) and TLS verification failures.
// Errors: UNAVAILABLE (the last attempt's cause: "HTTP 500", "timed out
// after 10 s", curl's reason) or FAILED_PRECONDITION (a 4xx, TLS), with the
// number of attempts; messages name the host only, never the URL's path.
// Thread-safe.
absl::StatusOr<WebhookDelivery> PostWebhook(const WebhookPost& post);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_ALERTS_WEBHOOK_SENDER_H_
