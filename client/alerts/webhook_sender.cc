#include "client/alerts/webhook_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "absl/base/call_once.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/alerts/webhook_url.h"

namespace blindmap {
namespace {

constexpr absl::Duration kMaxBackoff = absl::Seconds(8);

struct CurlEasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct CurlListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// The answer's body is not read: it may echo what was sent, and nothing in
// it is needed.
size_t DiscardBody(char*, size_t size, size_t count, void*) {
  return size * count;
}

void InitCurlOnce() {
  static absl::once_flag once;
  absl::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Attempt {
  CURLcode code = CURLE_OK;
  long http_status = 0;
  std::string error;  // curl's reason
};

Attempt PostOnce(const WebhookPost& post) {
  Attempt attempt;
  std::unique_ptr<CURL, CurlEasyDeleter> curl(curl_easy_init());
  if (curl == nullptr) {
    attempt.code = CURLE_FAILED_INIT;
    attempt.error = "cannot start libcurl";
    return attempt;
  }
  std::unique_ptr<curl_slist, CurlListDeleter> headers(curl_slist_append(
      curl_slist_append(nullptr, "Content-Type: application/json"), "Expect:"));
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  const long timeout_ms = static_cast<long>(
      absl::ToInt64Milliseconds(std::max(post.timeout, absl::Milliseconds(1))));
  curl_easy_setopt(c, CURLOPT_URL, post.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!post.ca_file.empty()) {
    curl_easy_setopt(c, CURLOPT_CAINFO, post.ca_file.c_str());
  }
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, post.body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_USERAGENT, "blindmap-alerts/1");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &DiscardBody);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  attempt.code = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &attempt.http_status);
  attempt.error = error[0] != '\0' ? error : curl_easy_strerror(attempt.code);
  return attempt;
}

bool Retryable(const Attempt& attempt) {
  switch (attempt.code) {
    case CURLE_OK:
      return attempt.http_status == 429 || attempt.http_status >= 500;
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

std::string Cause(const Attempt& attempt, const WebhookPost& post) {
  if (attempt.code == CURLE_OK) {
    return absl::StrCat("HTTP ", attempt.http_status);
  }
  if (attempt.code == CURLE_OPERATION_TIMEDOUT) {
    return absl::StrCat("no answer within ", absl::FormatDuration(post.timeout),
                        " (timed out)");
  }
  return ScrubUrl(attempt.error, post.url);
}

}  // namespace

absl::StatusOr<WebhookDelivery> PostWebhook(const WebhookPost& post) {
  InitCurlOnce();
  WebhookDelivery delivery;
  absl::Duration backoff = post.first_backoff;
  Attempt attempt;
  const int attempts = 1 + std::max(0, post.retries);
  for (int i = 0; i < attempts; ++i) {
    if (i > 0) {
      absl::SleepFor(backoff);
      backoff = std::min(backoff * 2, kMaxBackoff);
    }
    attempt = PostOnce(post);
    delivery.attempts = i + 1;
    if (attempt.code == CURLE_OK && attempt.http_status >= 200 &&
        attempt.http_status < 300) {
      delivery.http_status = attempt.http_status;
      return delivery;
    }
    if (!Retryable(attempt)) break;
  }
  const std::string message = absl::StrCat(
      "the webhook at ", RedactedUrl(post.url),
      " did not take the alert: ", Cause(attempt, post), " (",
      delivery.attempts, delivery.attempts == 1 ? " attempt)" : " attempts)");
  if (Retryable(attempt)) return absl::UnavailableError(message);
  return absl::FailedPreconditionError(message);
}

}  // namespace blindmap
