// Normalization of websites and e-mail domains into a registrable domain.
#ifndef BLINDMAP_COMMON_KEYS_WEB_DOMAIN_H_
#define BLINDMAP_COMMON_KEYS_WEB_DOMAIN_H_

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
// "investor.x.com" -> "x.com", "bücher.de" -> "xn--bcher-kva.de").
//
// Rules, in order:
//  - Leading and trailing white space (also no-break, ideographic and
//    zero-width spaces) is ignored; nothing left is kEmpty.
//  - "Name <addr>" is reduced to addr. "scheme://", "mailto:", a sloppy
//    "http:/" or "https:" and a leading "//" are removed; the host is what
//    comes before the first '/', '?', '#' or '\', after the last '@'.
//  - Bracketed or bare IPv6 and dotted-quad IPv4 literals are kIpAddress; a
//    host whose last label is numeric but is not an IPv4 address is
//    kInvalid.
//  - Host names are processed with UTS #46 (nontransitional, STD3 rules,
//    CheckHyphens, CheckBidi, CheckJoiners): labels of 1-63 letters, digits
//    and hyphens, 253 characters in all. Anything else (spaces, '_', ',',
//    two addresses in one cell, an empty label) is kInvalid.
//  - A single label is kNoRegistrable if it is a top-level domain ("com")
//    and kInvalid otherwise ("localhost", "n/a", "none"). A top-level domain
//    the public suffix list does not know ("acme.local") and a public suffix
//    itself ("co.uk") are kNoRegistrable. Top-level domains the list knows
//    only through the domains under them (".za" through "co.za", ".bd"
//    through "*.bd") are known: "acme.co.za" is kOk.
//  - The host or a parent domain listed in common/keys/domain_lists.h is
//    kFreeMail or kSocialOrHosting. Company domains of providers stay keys:
//    "google.com", "x.com", "freshdesk.com" are kOk; "sites.google.com",
//    "gmail.com", a tenant such as "acme.freshdesk.com" or
//    "acme.sharepoint.com", and a profile or place URL such as
//    "x.com/acme", "google.com/maps/place/..." or "linkedin.com/company/..."
//    are not.
//  - Otherwise kOk with the registrable domain under the whole public
//    suffix list, private section included ("acme.us.com").
// The result never depends on the locale. ASCII hosts are checked without
// calling ICU, with the result ICU would give.
//
// Construction loads the public suffix list (the newest of the system's
// /usr/share/publicsuffix copy and libpsl's built-in list).
// Normalize() is const and thread-safe after construction.
class DomainNormalizer {
 public:
  // InternalError if no public suffix list can be loaded.
  static absl::StatusOr<std::unique_ptr<DomainNormalizer>> Create();
  virtual ~DomainNormalizer() = default;

  virtual NormalizedDomain Normalize(absl::string_view website) const = 0;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_WEB_DOMAIN_H_
