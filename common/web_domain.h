// Normalization of websites and e-mail domains into a registrable domain.
#ifndef BLINDMAP_COMMON_WEB_DOMAIN_H_
#define BLINDMAP_COMMON_WEB_DOMAIN_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace blindmap {

// Why a website did or did not yield a domain key.
enum class DomainVerdict {
  kOk,               // `domain` holds the registrable domain
  kEmpty,            // nothing in the cell
  kInvalid,          // not a URL or host name we can parse
  kIpAddress,        // an IPv4/IPv6 literal, never a key
  kNoRegistrable,    // a public suffix itself, or an unknown top-level domain
  kFreeMail,         // gmail.com, outlook.com, ...: shared by unrelated people
  kSocialOrHosting,  // linkedin.com, facebook.com, sites.google.com, ...
};

// Stable lowercase words for messages and JSON ("free_mail", ...).
const char* DomainVerdictName(DomainVerdict verdict);

struct NormalizedDomain {
  DomainVerdict verdict = DomainVerdict::kEmpty;
  std::string domain;  // ASCII (IDNs as punycode); set only when kOk
};

// Reduces a website, URL, host name or e-mail address to its registrable
// domain with the public suffix list: scheme, user info, port, path, query,
// fragment, trailing dot, "www." and any other subdomain are removed, case is
// folded, internationalized names become punycode ("https://WWW.Example.co.uk:
// 8443/about?x=1" -> "example.co.uk", "info@acme.de" -> "acme.de",
// "bücher.de" -> "xn--bcher-kva.de"). Free-mail, social-network and hosting
// domains are recognised and never returned as keys.
//
// Construction loads the public suffix list (the system's
// /usr/share/publicsuffix copy, falling back to libpsl's built-in list).
// Normalize() is const and thread-safe after construction.
class DomainNormalizer {
 public:
  // InternalError if no public suffix list can be loaded.
  static absl::StatusOr<std::unique_ptr<DomainNormalizer>> Create();
  virtual ~DomainNormalizer() = default;

  virtual NormalizedDomain Normalize(absl::string_view website) const = 0;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_WEB_DOMAIN_H_
