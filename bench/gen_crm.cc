// gen_crm: writes a synthetic CRM export (Salesforce or HubSpot CSV) for
// benchmarks. Both sides draw from one fixed universe of synthetic companies
// (company k always has the same name, country and domain); side a takes
// companies [0, N), side b takes [N - S, 2N - S) where S = round(overlap * N),
// so exactly S companies are shared. Each side renders its own variation of a
// company (case, legal form, website spelling, missing or free-mail website,
// duplicate rows) and its own population, from --seed, the side and k only:
// output is deterministic for a given set of flags.

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr char kUsage[] =
    "usage: gen_crm --accounts N --side a|b --overlap F --seed S\n"
    "               --format salesforce|hubspot --out FILE.csv\n"
    "\n"
    "Writes N synthetic accounts (plus ~1% duplicate rows) as a Salesforce\n"
    "(CRLF) or HubSpot (UTF-8 BOM, LF) export. Side a holds companies\n"
    "[0,N), side b holds [N-S,2N-S) with S=round(F*N), so exactly S companies\n"
    "are shared. The company universe is fixed; --seed (default 42) only\n"
    "varies how each side renders names, websites and populations.\n"
    "--overlap defaults to 0.3, --format to salesforce; --out - is stdout.\n";

constexpr const char* kAdjectives[] = {
    "Northwind", "Blue",     "Silver",   "Granite",  "Crimson",  "Summit",
    "Harbor",    "Golden",   "Vertex",   "Pioneer",  "Atlas",    "Coastal",
    "Evergreen", "Polar",    "Quantum",  "Redwood",  "Sterling", "Union",
    "Lakeside",  "Orbit",    "Prairie",  "Beacon",   "Cedar",    "Falcon",
    "Ironwood",  "Juniper",  "Keystone", "Meridian", "Nova",     "Oakridge",
    "Pinnacle",  "Riverbend"};
constexpr const char* kNouns[] = {
    "Analytics", "Logistics", "Foods",     "Motors",      "Energy",
    "Health",    "Labs",      "Systems",   "Capital",     "Textiles",
    "Robotics",  "Pharma",    "Networks",  "Retail",      "Aerospace",
    "Insurance", "Media",     "Materials", "Hospitality", "Software",
    "Devices",   "Shipping",  "Bank",      "Chemicals",   "Outfitters",
    "Dynamics",  "Farms",     "Telecom",   "Instruments", "Brewing",
    "Mining",    "Studios"};

struct Country {
  const char* name;
  const char* tld;
  const char* forms[4];  // legal-form spellings; nullptr-terminated
};
constexpr Country kCountries[] = {
    {"United States", "com", {"Inc.", ", Inc.", "LLC", "Corporation"}},
    {"United States", "com", {"Inc", "Corp.", "Incorporated", nullptr}},
    {"United Kingdom", "co.uk", {"Ltd", "Limited", "plc", nullptr}},
    {"Germany", "de", {"GmbH", "AG", "SE", nullptr}},
    {"France", "fr", {"S.A.", "SA", "SAS", nullptr}},
    {"Japan", "co.jp", {"K.K.", "株式会社", "Co., Ltd.", nullptr}},
    {"Netherlands", "nl", {"B.V.", "N.V.", nullptr, nullptr}},
    {"Australia", "com.au", {"Pty Ltd", "Pty. Ltd.", "Limited", nullptr}},
    {"Brazil", "com.br", {"S.A.", "Ltda.", nullptr, nullptr}},
    {"Canada", "ca", {"Inc.", "Ltd.", nullptr, nullptr}},
};
constexpr const char* kFreeMail[] = {"gmail.com", "outlook.com", "yahoo.com",
                                     "hotmail.com"};
constexpr const char* kOwners[] = {
    "Dana Whitfield", "Marco Ferrante", "Priya Raman",   "Tom Okafor",
    "Lena Vogel",     "Hiro Tanaka",    "Sofia Alvarez", "Owen Gallagher"};
// Already CSV-quoted where needed.
constexpr const char* kIndustries[] = {
    "Technology", "Retail", "Manufacturing",  "\"Banking, Financial Services\"",
    "Healthcare", "Energy", "Transportation", "Media"};
constexpr const char* kSalesforceCustomerTypes[] = {"Customer - Direct",
                                                    "Customer - Channel"};
constexpr const char* kHubSpotProspectStages[] = {
    "Lead", "Marketing Qualified Lead", "Sales Qualified Lead", "Opportunity",
    "Subscriber"};

template <typename T, size_t kN>
constexpr size_t Count(const T (&)[kN]) {
  return kN;
}

// splitmix64: a fast, well-mixed generator; also used as a hash.
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  bool Chance(double p) {
    return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p;
  }
};

// The fixed universe: company k's words, country and disambiguating token.
struct Company {
  const char* adjective;
  const char* noun;
  const Country* country;
  bool has_legal_form;
  char token[16];  // a digit then base-36; unique per k, never a legal form
};

Company MakeCompany(uint64_t k) {
  Rng rng{k * 0x2545f4914f6cdd1dULL + 1};
  Company c;
  c.adjective = kAdjectives[rng.Below(Count(kAdjectives))];
  c.noun = kNouns[rng.Below(Count(kNouns))];
  c.country = &kCountries[rng.Below(Count(kCountries))];
  c.has_legal_form = rng.Chance(0.7);
  // A bijective scramble of k on 40 bits (add, xor-shifts, odd multipliers),
  // so tokens look random but stay unique for k < 2^40.
  constexpr uint64_t kMask = (1ULL << 40) - 1;
  uint64_t x = (k + 0x5bd1e995ULL) & kMask;
  x ^= x >> 20;
  x = (x * 0x9e3779b97f4a7c15ULL) & kMask;
  x ^= x >> 17;
  x = (x * 0xbf58476d1ce4e5b9ULL) & kMask;
  x ^= x >> 21;
  char* p = c.token;
  *p++ = static_cast<char>('0' + x % 10);
  x /= 10;
  constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (int i = 0; i < 4 || x != 0; ++i, x /= 36) *p++ = kDigits[x % 36];
  *p = '\0';
  return c;
}

// Appends ASCII `s` with letters folded to upper or lower case.
void AppendCased(std::string& out, const char* s, bool upper) {
  for (; *s != '\0'; ++s) {
    const char ch = *s;
    if (upper && ch >= 'a' && ch <= 'z') {
      out += static_cast<char>(ch - 'a' + 'A');
    } else if (!upper && ch >= 'A' && ch <= 'Z') {
      out += static_cast<char>(ch - 'A' + 'a');
    } else {
      out += ch;
    }
  }
}

void AppendCsvField(std::string& out, const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char ch : field) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

// One side's rendering of company `c` as (name, bare domain, website).
struct Rendered {
  std::string name, domain, website;
};

void Render(const Company& c, Rng& rng, Rendered& r) {
  r.name.clear();
  r.domain.clear();
  r.website.clear();
  std::string plain;
  if (rng.Chance(0.02)) plain += "The ";
  plain += c.adjective;
  plain += rng.Chance(0.03) ? "  " : " ";
  plain += c.noun;
  plain += ' ';
  plain += c.token;
  if (c.has_legal_form && !rng.Chance(0.2)) {
    const char* const* forms = c.country->forms;
    size_t n = 0;
    while (n < 4 && forms[n] != nullptr) ++n;
    const char* form = forms[rng.Below(n)];
    if (form[0] != ',') plain += ' ';
    plain += form;
  }
  const uint64_t case_roll = rng.Below(100);
  if (case_roll < 8) {
    AppendCased(r.name, plain.c_str(), /*upper=*/case_roll < 5);
  } else {
    r.name = plain;
  }

  const uint64_t site_roll = rng.Below(100);
  if (site_roll < 5) return;  // no website
  if (site_roll < 6) {
    r.domain = kFreeMail[rng.Below(Count(kFreeMail))];
    r.website = r.domain;
    return;
  }
  AppendCased(r.domain, c.adjective, false);
  AppendCased(r.domain, c.noun, false);
  AppendCased(r.domain, c.token, false);
  r.domain += '.';
  r.domain += c.country->tld;
  // How a CRM user types a website: {prefix, suffix, upper case}.
  struct Spelling {
    const char* prefix;
    const char* suffix;
    bool upper;
  };
  constexpr Spelling kSpellings[] = {{"https://www.", "/", false},
                                     {"http://", "/about", false},
                                     {"", "", true},
                                     {"www.", "", false},
                                     {"https://shop.", "/en", false},
                                     {"", "", false}};
  const Spelling& spelling = kSpellings[rng.Below(Count(kSpellings))];
  r.website = spelling.prefix;
  AppendCased(r.website, r.domain.c_str(), spelling.upper);
  r.website += spelling.suffix;
}

// 15-char Salesforce id from a counter (unique below 62^5), plus its 3-char
// case-sensitivity checksum.
void AppendSalesforceId(std::string& out, uint64_t n) {
  char id[19] = "0015g00000";
  constexpr char kBase62[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  for (int i = 14; i >= 10; --i, n /= 62) id[i] = kBase62[n % 62];
  constexpr char kSuffix[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  for (int chunk = 0; chunk < 3; ++chunk) {
    int bits = 0;
    for (int i = 0; i < 5; ++i) {
      const char ch = id[chunk * 5 + i];
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    id[15 + chunk] = kSuffix[bits];
  }
  id[18] = '\0';
  out += id;
}

struct Options {
  uint64_t accounts = 0;
  char side = '\0';
  double overlap = 0.3;
  uint64_t seed = 42;
  bool hubspot = false;
  std::string out;
};

bool ParseUnsigned(const char* s, uint64_t& value) {
  char* end = nullptr;
  errno = 0;
  value = std::strtoull(s, &end, 10);
  return errno == 0 && end != s && *end == '\0' && s[0] != '-';
}

// Returns 0 and fills `opts`, or the process exit code (2, or 0 for --help).
int ParseFlags(int argc, char** argv, Options& opts, bool& done) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::fputs(kUsage, stdout);
      done = true;
      return 0;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "gen_crm: %s needs a value\n%s", flag.c_str(),
                   kUsage);
      return 2;
    }
    const char* value = argv[++i];
    bool ok = true;
    if (flag == "--accounts") {
      ok = ParseUnsigned(value, opts.accounts) && opts.accounts > 0;
    } else if (flag == "--side") {
      ok = (std::strcmp(value, "a") == 0 || std::strcmp(value, "b") == 0);
      opts.side = value[0];
    } else if (flag == "--overlap") {
      char* end = nullptr;
      opts.overlap = std::strtod(value, &end);
      ok = end != value && *end == '\0' && opts.overlap >= 0.0 &&
           opts.overlap <= 1.0;
    } else if (flag == "--seed") {
      ok = ParseUnsigned(value, opts.seed);
    } else if (flag == "--format") {
      opts.hubspot = std::strcmp(value, "hubspot") == 0;
      ok = opts.hubspot || std::strcmp(value, "salesforce") == 0;
    } else if (flag == "--out") {
      opts.out = value;
    } else {
      ok = false;
    }
    if (!ok) {
      std::fprintf(stderr, "gen_crm: bad flag or value: %s %s\n%s",
                   flag.c_str(), value, kUsage);
      return 2;
    }
  }
  if (opts.accounts == 0 || opts.side == '\0' || opts.out.empty()) {
    std::fprintf(stderr,
                 "gen_crm: --accounts, --side and --out are required\n%s",
                 kUsage);
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options opts;
  bool done = false;
  if (const int code = ParseFlags(argc, argv, opts, done); code != 0 || done) {
    return code;
  }
  const auto start = std::chrono::steady_clock::now();
  const uint64_t n = opts.accounts;
  const uint64_t shared = static_cast<uint64_t>(
      std::llround(opts.overlap * static_cast<double>(n)));
  const uint64_t first = opts.side == 'a' ? 0 : n - shared;

  FILE* out = opts.out == "-" ? stdout : std::fopen(opts.out.c_str(), "wb");
  if (out == nullptr) {
    std::fprintf(stderr, "gen_crm: cannot open %s: %s\n", opts.out.c_str(),
                 std::strerror(errno));
    return 1;
  }
  const char* eol = opts.hubspot ? "\n" : "\r\n";
  std::string buf;
  buf.reserve(1 << 20);
  if (opts.hubspot) {
    buf += "\xEF\xBB\xBF";
    buf +=
        "Record ID,Company name,Company Domain Name,Website URL,"
        "Lifecycle Stage,Industry,Country/Region,Company owner,"
        "Number of Employees";
  } else {
    buf +=
        "Account ID,Account Name,Type,Website,Industry,Billing Country,"
        "Account Owner,Employees,Annual Revenue";
  }
  buf += eol;

  const uint64_t side_salt = opts.side == 'a' ? 0xa11ceULL : 0xb0bULL;
  uint64_t rows = 0;
  Rendered r;
  for (uint64_t k = first; k < first + n; ++k) {
    const Company c = MakeCompany(k);
    Rng rng{Rng{opts.seed ^ (side_salt << 40)}.Next() ^ (k * 0x9e3779b1ULL)};
    const int copies = rng.Chance(0.01) ? 2 : 1;
    const uint64_t pop = rng.Below(100);  // <40 customer, <90 prospect
    const uint64_t employees = 10 + rng.Below(1000) * rng.Below(200);
    const char* owner = kOwners[rng.Below(Count(kOwners))];
    const char* industry = kIndustries[rng.Below(Count(kIndustries))];
    for (int copy = 0; copy < copies; ++copy, ++rows) {
      Render(c, rng, r);
      if (opts.hubspot) {
        buf += std::to_string(5000000000ULL + rows * 7 + rng.Below(7));
        buf += ',';
        AppendCsvField(buf, r.name);
        buf += ',' + r.domain + ',' + r.website + ',';
        buf += pop < 40   ? "Customer"
               : pop < 90 ? kHubSpotProspectStages[pop % 5]
                          : (pop % 2 == 0 ? "Other" : "Evangelist");
      } else {
        AppendSalesforceId(buf, rows * 3 + rng.Below(3));
        buf += ',';
        AppendCsvField(buf, r.name);
        buf += ',';
        buf += pop < 40   ? kSalesforceCustomerTypes[pop % 2]
               : pop < 90 ? "Prospect"
                          : "Other";
        buf += ',' + r.website;
      }
      buf += ',';
      buf += industry;
      buf += ',';
      buf += c.country->name;
      buf += ',';
      buf += owner;
      buf += ',';
      buf += std::to_string(employees);
      if (!opts.hubspot) {
        buf += ',';
        if (pop % 3 != 0) buf += std::to_string(employees * 185000);
      }
      buf += eol;
    }
    if (buf.size() > (1 << 20) - 4096) {
      std::fwrite(buf.data(), 1, buf.size(), out);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), out);
  const bool write_failed = std::ferror(out) != 0;
  if ((out != stdout && std::fclose(out) != 0) || write_failed) {
    std::fprintf(stderr, "gen_crm: writing %s failed\n", opts.out.c_str());
    return 1;
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::fprintf(stderr,
               "gen_crm: side %c wrote %llu rows (%llu companies, %llu "
               "shared with the other side) to %s in %.2fs\n",
               opts.side, static_cast<unsigned long long>(rows),
               static_cast<unsigned long long>(n),
               static_cast<unsigned long long>(shared), opts.out.c_str(), secs);
  return 0;
}
