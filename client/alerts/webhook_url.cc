#include "client/alerts/webhook_url.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/base/net_address.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"

namespace blindmap {
namespace {

// The host of "scheme://host[:port]/...", brackets kept for IPv6.
absl::string_view HostPort(absl::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == absl::string_view::npos) return "";
  absl::string_view rest = url.substr(scheme + 3);
  const size_t end = rest.find_first_of("/?#");
  rest = rest.substr(0, end);
  const size_t at = rest.rfind('@');  // user:password@ is not shown either
  return at == absl::string_view::npos ? rest : rest.substr(at + 1);
}

}  // namespace

std::string RedactedUrl(absl::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == absl::string_view::npos) return "(a webhook URL)";
  return absl::StrCat(absl::AsciiStrToLower(url.substr(0, scheme)), "://",
                      HostPort(url), "/\xE2\x80\xA6");
}

std::string ScrubUrl(std::string text, absl::string_view url) {
  if (url.empty()) return text;
  const std::string redacted = RedactedUrl(url);
  text = absl::StrReplaceAll(text, {{url, redacted}});
  const size_t scheme = url.find("://");
  if (scheme != absl::string_view::npos) {
    absl::string_view rest = url.substr(scheme + 3);
    const size_t path = rest.find_first_of("/?#");
    if (path != absl::string_view::npos && rest.size() - path > 1) {
      text = absl::StrReplaceAll(text, {{rest.substr(path), "/\xE2\x80\xA6"}});
    }
  }
  return text;
}

absl::StatusOr<std::string> ReadWebhookUrl(const AlertConfig& alert) {
  std::string url;
  std::string where;
  if (!alert.url_file.empty()) {
    where = absl::StrCat("the file ", alert.url_file);
    ASSIGN_OR_RETURN(url, ReadPrivateFile(alert.url_file, "webhook URL file"));
  } else {
    where = absl::StrCat("$", alert.url_env);
    const char* value = std::getenv(alert.url_env.c_str());
    if (value == nullptr || *value == '\0') {
      return absl::FailedPreconditionError(absl::StrCat(
          alert.label, ": the environment variable ", alert.url_env,
          " that should hold the webhook URL is not set"));
    }
    url = std::string(absl::StripAsciiWhitespace(value));
  }
  const bool https = absl::StartsWithIgnoreCase(url, "https://");
  const bool http = absl::StartsWithIgnoreCase(url, "http://");
  std::string host(HostPort(url));
  if (!host.empty() && host.front() == '[') {
    host = host.substr(1, host.find(']') - 1);
  } else if (const size_t colon = host.rfind(':'); colon != std::string::npos) {
    host = host.substr(0, colon);
  }
  const bool loopback = IsLoopbackAddress(absl::StrCat(
      host.find(':') != std::string::npos ? absl::StrCat("[", host, "]") : host,
      ":1"));
  if (host.empty() || (!https && !(http && loopback)) ||
      url.find_first_of(" \t\r\n") != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        alert.label, ": the webhook URL in ", where,
        " must be an https:// address (http:// only to this machine); it is "
        "not shown here because it is a secret"));
  }
  return url;
}

}  // namespace blindmap
