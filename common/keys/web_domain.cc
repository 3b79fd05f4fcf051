#include "common/keys/web_domain.h"

#include <arpa/inet.h>
#include <libpsl.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/keys/domain_lists.h"
#include "common/keys/web_domain_internal.h"
#include "common/text/utf8.h"
#include "unicode/bytestream.h"
#include "unicode/idna.h"

namespace blindmap {
namespace {

constexpr size_t kMaxLabelLength = 63;
constexpr size_t kMaxHostLength = 253;

struct PslFree {
  void operator()(psl_ctx_t* psl) const { psl_free(psl); }
};

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

// Strips ASCII white space and the Unicode spaces spreadsheets leave behind
// (no-break space, ideographic space, zero-width space, byte order mark).
absl::string_view TrimSpace(absl::string_view text) {
  static constexpr absl::string_view kUnicodeSpaces[] = {
      "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x8B", "\xEF\xBB\xBF"};
  bool trimmed = true;
  while (trimmed && !text.empty()) {
    trimmed = false;
    if (IsAsciiSpace(text.front())) {
      text.remove_prefix(1);
      trimmed = true;
    } else if (IsAsciiSpace(text.back())) {
      text.remove_suffix(1);
      trimmed = true;
    }
    // Every Unicode space starts and ends with a byte from 0x80 up.
    if (trimmed || text.empty() ||
        (static_cast<unsigned char>(text.front()) < 0x80 &&
         static_cast<unsigned char>(text.back()) < 0x80)) {
      continue;
    }
    for (absl::string_view space : kUnicodeSpaces) {
      if (absl::ConsumePrefix(&text, space) ||
          absl::ConsumeSuffix(&text, space)) {
        trimmed = true;
      }
    }
  }
  return text;
}

bool IsSchemeChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '+' ||
         c == '-' || c == '.';
}

// Removes `prefix` (lowercase) from the start of `text` in any case.
bool ConsumePrefixIgnoringCase(absl::string_view* text,
                               absl::string_view prefix) {
  if (!absl::StartsWithIgnoreCase(*text, prefix)) return false;
  text->remove_prefix(prefix.size());
  return true;
}

// Removes "scheme://", "mailto:", a bare "http:"/"https:" with any number of
// slashes, and a leading "//". Schemes match in any case.
absl::string_view StripScheme(absl::string_view text) {
  const size_t separator = text.find("://");
  if (separator != absl::string_view::npos && separator > 0 &&
      absl::ascii_isalpha(static_cast<unsigned char>(text[0]))) {
    bool is_scheme = true;
    for (size_t i = 0; i < separator; ++i) is_scheme &= IsSchemeChar(text[i]);
    if (is_scheme) return text.substr(separator + 3);
  }
  if (ConsumePrefixIgnoringCase(&text, "mailto:")) return text;
  if (ConsumePrefixIgnoringCase(&text, "http:") ||
      ConsumePrefixIgnoringCase(&text, "https:")) {
    while (!text.empty() && (text.front() == '/' || text.front() == '\\')) {
      text.remove_prefix(1);
    }
    return text;
  }
  absl::ConsumePrefix(&text, "//");
  return text;
}

// Up to the first '/', '?', '#' or backslash: the authority of a URL without
// its scheme.
absl::string_view Authority(absl::string_view rest) {
  for (size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '/' || c == '?' || c == '#' || c == '\\') return rest.substr(0, i);
  }
  return rest;
}

bool IsIpv4(const std::string& host) {
  in_addr address;
  return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool IsIpv6(absl::string_view host) {
  in6_addr address;
  return inet_pton(AF_INET6, absl::AsciiStrToLower(host).c_str(), &address) ==
         1;
}

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// True if the lowercase ASCII `host` is a valid host name under the rules
// ICU's UTS #46 processing applies with STD3 rules: labels of 1 to 63
// letters, digits and hyphens, not starting or ending with a hyphen. Sets
// `needs_idna` instead of deciding when a label has "--" in positions 3-4
// (punycode "xn--" or an error, which ICU decides).
bool IsValidAsciiHost(absl::string_view host, bool& needs_idna) {
  if (host.size() > kMaxHostLength) return false;
  size_t label_start = 0;
  for (size_t i = 0; i <= host.size(); ++i) {
    if (i < host.size() && host[i] != '.') {
      const char c = host[i];
      if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
          !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '-') {
        return false;
      }
      continue;
    }
    const absl::string_view label = host.substr(label_start, i - label_start);
    if (label.empty() || label.size() > kMaxLabelLength) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    if (label.size() >= 4 && label[2] == '-' && label[3] == '-') {
      needs_idna = true;
    }
    label_start = i + 1;
  }
  return true;
}

// The last two labels of `host` ("example.co.uk" -> "co.uk"), or all of it.
absl::string_view LastTwoLabels(absl::string_view host) {
  const size_t last_dot = host.rfind('.');
  if (last_dot == absl::string_view::npos || last_dot == 0) return host;
  const size_t dot = host.rfind('.', last_dot - 1);
  return dot == absl::string_view::npos ? host : host.substr(dot + 1);
}

// A quick, exact "certainly not in the set" test for short strings: their
// length and first byte must both occur among the members'.
class LabelFilter {
 public:
  void Add(absl::string_view label) {
    if (label.empty()) return;
    lengths_ |= LengthBit(label.size());
    first_bytes_[static_cast<unsigned char>(label.front()) / 64] |=
        uint64_t{1} << (static_cast<unsigned char>(label.front()) % 64);
  }
  bool MayContain(absl::string_view label) const {
    if (label.empty() || (lengths_ & LengthBit(label.size())) == 0) {
      return false;
    }
    const auto first = static_cast<unsigned char>(label.front());
    return (first_bytes_[first / 64] >> (first % 64) & 1) != 0;
  }

 private:
  static uint64_t LengthBit(size_t length) {
    return uint64_t{1} << (length < 63 ? length : 63);
  }

  uint64_t lengths_ = 0;
  uint64_t first_bytes_[4] = {};
};

// Position of `tld` among the top-level domains of one to three letters a-z
// ("a" .. "z", "aa" .. "zz", "aaa" .. "zzz"), or -1 if it is not one.
constexpr int kShortTldCount = 26 + 26 * 26 + 26 * 26 * 26;
int ShortTldIndex(absl::string_view tld) {
  if (tld.empty() || tld.size() > 3) return -1;
  int index = 0;
  for (char c : tld) {
    if (c < 'a' || c > 'z') return -1;
    index = index * 26 + (c - 'a');
  }
  return index + (tld.size() >= 2 ? 26 : 0) + (tld.size() == 3 ? 26 * 26 : 0);
}

// Top-level domains the public suffix list knows only through the domains
// under them ("co.za", "*.bd"), so that none of them is a public suffix by
// itself. They are real top-level domains all the same.
constexpr absl::string_view kTldsWithoutOwnRule[] = {
    "bd", "ck", "er", "fk", "jm", "kh", "mm", "np", "pg", "za"};

// An entry of SharedDomainTable() without its markers.
struct SharedEntry {
  SharedDomainKind kind;
  bool subdomains_only = false;  // "*.freshdesk.com"
  bool with_path_only = false;   // "x.com/"
};

// True if the URL remainder after the authority (":8080/path?q#f" without
// the port) has a path with something in it: "/acme", not "/" or "?x=1".
bool HasPath(absl::string_view after_authority) {
  for (char c : after_authority) {
    if (c == '?' || c == '#') return false;
    if (c != '/' && c != '\\') return true;
  }
  return false;
}

// Buffers each thread reuses across Normalize() calls.
struct HostScratch {
  std::string host;  // the host, lowercased
  std::string idna;  // its UTS #46 form, when it needs one
};

constexpr size_t kMaxScratchBytes = 64 << 10;

class DomainNormalizerImpl final : public DomainNormalizer {
 public:
  DomainNormalizerImpl(std::unique_ptr<psl_ctx_t, PslFree> owned_psl,
                       const psl_ctx_t* psl, std::unique_ptr<icu::IDNA> idna,
                       bool always_idna)
      : owned_psl_(std::move(owned_psl)),
        psl_(psl),
        idna_(std::move(idna)),
        always_idna_(always_idna) {
    for (const SharedDomain& shared : SharedDomainTable()) {
      absl::string_view pattern = shared.pattern;
      SharedEntry entry{shared.kind};
      entry.with_path_only = absl::ConsumeSuffix(&pattern, "/");
      entry.subdomains_only = absl::ConsumePrefix(&pattern, "*.");
      if (absl::ConsumeSuffix(&pattern, ".*")) {
        brands_.emplace(pattern, entry);
        brand_filter_.Add(pattern);
      } else {
        domains_.emplace(pattern, entry);
        if (pattern.find('.') == absl::string_view::npos) {
          single_label_domains_ = true;
        }
        domain_endings_.emplace(LastTwoLabels(pattern));
      }
    }
    // Asking libpsl costs about as much as the rest of Normalize(); nearly
    // every website ends in a short top-level domain.
    short_tlds_.resize(kShortTldCount);
    std::string tld;
    for (size_t length = 1; length <= 3; ++length) {
      tld.assign(length, 'a');
      while (true) {
        short_tlds_[ShortTldIndex(tld)] =
            IsPublicSuffix(tld.c_str(), PSL_TYPE_ANY) ||
            std::find(std::begin(kTldsWithoutOwnRule),
                      std::end(kTldsWithoutOwnRule),
                      tld) != std::end(kTldsWithoutOwnRule);
        size_t i = length;  // next string of this length, in base 26
        while (i > 0 && tld[i - 1] == 'z') tld[--i] = 'a';
        if (i == 0) break;
        ++tld[i - 1];
      }
    }
  }

  NormalizedDomain Normalize(absl::string_view website) const override {
    try {
      NormalizedDomain result = NormalizeOrThrow(website);
      ReleaseLargeScratch();
      return result;
    } catch (const std::exception&) {
      ReleaseLargeScratch();
      return {DomainVerdict::kInvalid, ""};
    }
  }

 private:
  NormalizedDomain NormalizeOrThrow(absl::string_view website) const;

  // The lowercased host `host` as lowercase ASCII (punycode for IDNs):
  // `host` itself when it already is one, else `idna` holding the UTS #46
  // form; null if it is not a valid host name.
  const std::string* ToAscii(const std::string& host, std::string& idna) const;

  // `domain` is NUL-terminated, as libpsl wants it.
  bool IsPublicSuffix(const char* domain, int type) const {
    return psl_is_public_suffix2(psl_, domain, type | PSL_TYPE_NO_STAR_RULE) !=
           0;
  }

  // IsPublicSuffix(tld, PSL_TYPE_ANY) for the last label of a host.
  bool IsPublicTld(const char* tld) const {
    const int index = ShortTldIndex(tld);
    return index >= 0 ? short_tlds_[index] : IsPublicSuffix(tld, PSL_TYPE_ANY);
  }

  // The list entry `host` or one of its parent domains falls under;
  // `has_path` tells whether the URL had a path (see HasPath).
  const SharedDomainKind* FindShared(const std::string& host,
                                     bool has_path) const;

  // Whether `entry`, found for the suffix of `host` starting at `start`,
  // applies.
  static bool Applies(const SharedEntry& entry, absl::string_view host,
                      size_t start, bool has_path) {
    if (entry.with_path_only && !has_path) return false;
    // "www." is the provider's own site, not a tenant.
    if (entry.subdomains_only &&
        (start == 0 || host.substr(0, start) == "www.")) {
      return false;
    }
    return true;
  }

  static HostScratch& Scratch() {
    thread_local HostScratch scratch;
    return scratch;
  }
  // Keeps one odd, huge cell from pinning its memory to the thread.
  static void ReleaseLargeScratch() {
    HostScratch& scratch = Scratch();
    if (scratch.host.capacity() > kMaxScratchBytes ||
        scratch.idna.capacity() > kMaxScratchBytes) {
      scratch = HostScratch();
    }
  }

  std::unique_ptr<psl_ctx_t, PslFree> owned_psl_;  // null for built-in data
  const psl_ctx_t* psl_;
  std::unique_ptr<icu::IDNA> idna_;
  bool always_idna_;
  absl::flat_hash_map<std::string, SharedEntry> domains_;
  absl::flat_hash_map<std::string, SharedEntry> brands_;
  // LastTwoLabels() of every entry of domains_: a suffix of two or more
  // labels of a host can only be listed if the host ends with one of these.
  absl::flat_hash_set<std::string> domain_endings_;
  bool single_label_domains_ = false;  // domains_ has an entry like "com"
  LabelFilter brand_filter_;
  // IsPublicSuffix(tld, PSL_TYPE_ANY) by ShortTldIndex(tld).
  std::vector<bool> short_tlds_;
};

const std::string* DomainNormalizerImpl::ToAscii(const std::string& host,
                                                 std::string& idna) const {
  // The caller removed one trailing dot; another means an empty label.
  if (host.empty() || host.back() == '.') return nullptr;
  bool needs_idna = always_idna_;
  if (!needs_idna && IsAscii(host)) {
    if (!IsValidAsciiHost(host, needs_idna)) return nullptr;
    if (!needs_idna) return &host;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::IDNAInfo info;
  idna.clear();
  icu::StringByteSink<std::string> sink(&idna);
  idna_->nameToASCII_UTF8(
      icu::StringPiece(host.data(), static_cast<int32_t>(host.size())), sink,
      info, status);
  if (U_FAILURE(status) || info.hasErrors()) return nullptr;
  // Full stops that were not ASCII ("。") may have left a trailing dot.
  if (!idna.empty() && idna.back() == '.') idna.pop_back();
  bool unused = false;
  if (idna.empty() || !IsValidAsciiHost(idna, unused)) return nullptr;
  return &idna;
}

const SharedDomainKind* DomainNormalizerImpl::FindShared(
    const std::string& host, bool has_path) const {
  // Lookups that cannot succeed are skipped; the order of the others, and so
  // which entry wins, is that of a plain walk from the longest suffix.
  const bool may_list_suffix = domain_endings_.contains(LastTwoLabels(host));
  for (size_t start = 0; start < host.size();) {
    const absl::string_view domain = absl::string_view(host).substr(start);
    const size_t dot = domain.find('.');
    if (dot == absl::string_view::npos ? single_label_domains_
                                       : may_list_suffix) {
      if (auto it = domains_.find(domain);
          it != domains_.end() && Applies(it->second, host, start, has_path)) {
        return &it->second.kind;
      }
    }
    if (dot == absl::string_view::npos) break;
    // A brand directly under a public suffix: yahoo.co.uk.
    const absl::string_view label = domain.substr(0, dot);
    if (brand_filter_.MayContain(label)) {
      if (auto it = brands_.find(label);
          it != brands_.end() && Applies(it->second, host, start, has_path)) {
        if (IsPublicSuffix(host.c_str() + start + dot + 1, PSL_TYPE_ICANN)) {
          return &it->second.kind;
        }
      }
    }
    start += dot + 1;
  }
  return nullptr;
}

NormalizedDomain DomainNormalizerImpl::NormalizeOrThrow(
    absl::string_view website) const {
  const auto verdict = [](DomainVerdict v) { return NormalizedDomain{v, ""}; };
  absl::string_view text = TrimSpace(website);
  if (text.empty()) return verdict(DomainVerdict::kEmpty);
  if (!IsValidUtf8(text)) return verdict(DomainVerdict::kInvalid);

  // "Jane Doe <jane@acme.com>"
  if (const size_t open = text.rfind('<'); open != absl::string_view::npos) {
    const size_t close = text.find('>', open);
    if (close == absl::string_view::npos)
      return verdict(DomainVerdict::kInvalid);
    text = TrimSpace(text.substr(open + 1, close - open - 1));
  }
  // Nothing below depends on case until the host is lowercased.
  absl::string_view rest = StripScheme(text);

  // Authority: up to the path, query or fragment; then without user info.
  absl::string_view authority = Authority(rest);
  const bool has_path = HasPath(rest.substr(authority.size()));
  if (const size_t at = authority.rfind('@'); at != absl::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  for (char c : authority) {
    if (IsAsciiSpace(c)) return verdict(DomainVerdict::kInvalid);
  }
  if (authority.empty()) return verdict(DomainVerdict::kInvalid);

  // IPv6 literals, bracketed or (without a port) bare.
  if (authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == absl::string_view::npos)
      return verdict(DomainVerdict::kInvalid);
    return verdict(IsIpv6(authority.substr(1, close - 1))
                       ? DomainVerdict::kIpAddress
                       : DomainVerdict::kInvalid);
  }
  const size_t colon = authority.find(':');
  if (colon != absl::string_view::npos &&
      authority.find(':', colon + 1) != absl::string_view::npos) {
    return verdict(IsIpv6(authority) ? DomainVerdict::kIpAddress
                                     : DomainVerdict::kInvalid);
  }
  // Port.
  absl::string_view host_text = authority;
  if (colon != absl::string_view::npos) {
    const absl::string_view port = authority.substr(colon + 1);
    if (!port.empty() && !AllDigits(port)) {
      return verdict(DomainVerdict::kInvalid);
    }
    host_text = authority.substr(0, colon);
  }
  absl::ConsumeSuffix(&host_text, ".");
  if (host_text.empty()) return verdict(DomainVerdict::kInvalid);

  HostScratch& scratch = Scratch();
  scratch.host.assign(host_text.data(), host_text.size());
  absl::AsciiStrToLower(&scratch.host);
  const std::string* ascii = ToAscii(scratch.host, scratch.idna);
  if (ascii == nullptr) return verdict(DomainVerdict::kInvalid);
  const std::string& host = *ascii;

  // IPv4: a numeric last label makes it an address or nothing.
  const size_t last_dot = host.rfind('.');
  const size_t tld_start = last_dot == std::string::npos ? 0 : last_dot + 1;
  if (AllDigits(absl::string_view(host).substr(tld_start))) {
    return verdict(IsIpv4(host) ? DomainVerdict::kIpAddress
                                : DomainVerdict::kInvalid);
  }
  if (last_dot == std::string::npos) {
    // One label: a top-level domain on its own, or not a domain at all.
    return verdict(IsPublicTld(host.c_str()) ? DomainVerdict::kNoRegistrable
                                             : DomainVerdict::kInvalid);
  }
  if (!IsPublicTld(host.c_str() + tld_start)) {
    return verdict(DomainVerdict::kNoRegistrable);  // unknown top-level domain
  }
  if (const SharedDomainKind* kind = FindShared(host, has_path)) {
    return verdict(*kind == SharedDomainKind::kFreeMail
                       ? DomainVerdict::kFreeMail
                       : DomainVerdict::kSocialOrHosting);
  }
  const char* registrable = psl_registrable_domain(psl_, host.c_str());
  if (registrable == nullptr) return verdict(DomainVerdict::kNoRegistrable);
  // libpsl's default rule lets "acme.za" through; nothing is registered
  // directly under those top-level domains.
  const absl::string_view domain = registrable;
  if (std::count(domain.begin(), domain.end(), '.') == 1 &&
      std::find(std::begin(kTldsWithoutOwnRule), std::end(kTldsWithoutOwnRule),
                absl::string_view(host).substr(tld_start)) !=
          std::end(kTldsWithoutOwnRule)) {
    return verdict(DomainVerdict::kNoRegistrable);
  }
  return NormalizedDomain{DomainVerdict::kOk, std::string(registrable)};
}

}  // namespace

const char* DomainVerdictName(DomainVerdict verdict) {
  switch (verdict) {
    case DomainVerdict::kOk:
      return "ok";
    case DomainVerdict::kEmpty:
      return "empty";
    case DomainVerdict::kInvalid:
      return "invalid";
    case DomainVerdict::kIpAddress:
      return "ip_address";
    case DomainVerdict::kNoRegistrable:
      return "no_registrable";
    case DomainVerdict::kFreeMail:
      return "free_mail";
    case DomainVerdict::kSocialOrHosting:
      return "social_or_hosting";
  }
  return "invalid";
}

namespace web_domain_internal {

absl::StatusOr<std::unique_ptr<DomainNormalizer>> CreateNormalizer(
    IdnaPath path) {
  try {
    std::unique_ptr<psl_ctx_t, PslFree> owned(psl_latest(nullptr));
    for (const char* file :
         {"/usr/share/publicsuffix/public_suffix_list.dafsa",
          "/usr/share/publicsuffix/public_suffix_list.dat"}) {
      if (owned == nullptr) owned.reset(psl_load_file(file));
    }
    const psl_ctx_t* psl = owned != nullptr ? owned.get() : psl_builtin();
    if (psl == nullptr) {
      return absl::InternalError("no public suffix list could be loaded");
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::IDNA> idna(icu::IDNA::createUTS46Instance(
        UIDNA_USE_STD3_RULES | UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ |
            UIDNA_NONTRANSITIONAL_TO_ASCII,
        status));
    if (U_FAILURE(status) || idna == nullptr) {
      return absl::InternalError(absl::StrCat(
          "cannot create the ICU UTS #46 processor: ", u_errorName(status)));
    }
    return std::unique_ptr<DomainNormalizer>(new DomainNormalizerImpl(
        std::move(owned), psl, std::move(idna), path == IdnaPath::kAlwaysIcu));
  } catch (const std::exception&) {
    return absl::ResourceExhaustedError(
        "out of memory building the domain normalizer");
  }
}

}  // namespace web_domain_internal

absl::StatusOr<std::unique_ptr<DomainNormalizer>> DomainNormalizer::Create() {
  return web_domain_internal::CreateNormalizer(
      web_domain_internal::IdnaPath::kAuto);
}

}  // namespace blindmap
