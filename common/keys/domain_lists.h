// Domains that many unrelated people or companies share (free mail,
// social networks, site hosting, directories), which therefore never
// identify one company.
#ifndef BLINDMAP_COMMON_KEYS_DOMAIN_LISTS_H_
#define BLINDMAP_COMMON_KEYS_DOMAIN_LISTS_H_

#include "absl/types/span.h"

namespace blindmap {

enum class SharedDomainKind {
  kFreeMail,         // addresses anyone can get: gmail.com, web.de
  kSocialOrHosting,  // profiles and hosted sites: linkedin.com, github.io
};

struct SharedDomain {
  // Either a domain ("gmail.com", "sites.google.com"), which matches itself
  // and every subdomain, or a brand followed by ".*" ("yahoo.*"), which
  // matches the brand under any ICANN public suffix (yahoo.com,
  // yahoo.co.uk, yahoo.com.br) and their subdomains. Lowercase ASCII.
  // Two markers narrow a pattern for providers whose own domain is also a
  // company's website:
  //  - a leading "*." matches subdomains other than "www" only:
  //    "*.freshdesk.com" matches the help desk "acme.freshdesk.com" but not
  //    "www.freshdesk.com";
  //  - a trailing "/" matches only URLs with a path: "x.com/" matches the
  //    profile "x.com/acme" but not "x.com" or "investor.x.com".
  const char* pattern;
  SharedDomainKind kind;
};

// The built-in list.
absl::Span<const SharedDomain> SharedDomainTable();

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_DOMAIN_LISTS_H_
