#include "common/keys/web_domain.h"

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/keys/brand_label.h"
#include "common/keys/web_domain_internal.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

using V = DomainVerdict;

class WebDomainTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = DomainNormalizer::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    normalizer_ = created->release();
    auto icu = web_domain_internal::CreateNormalizer(
        web_domain_internal::IdnaPath::kAlwaysIcu);
    ASSERT_TRUE(icu.ok()) << icu.status();
    icu_normalizer_ = icu->release();
  }
  static void TearDownTestSuite() {
    delete normalizer_;
    delete icu_normalizer_;
    normalizer_ = nullptr;
    icu_normalizer_ = nullptr;
  }

  static const DomainNormalizer* normalizer_;
  static const DomainNormalizer* icu_normalizer_;
};

const DomainNormalizer* WebDomainTest::normalizer_ = nullptr;
const DomainNormalizer* WebDomainTest::icu_normalizer_ = nullptr;

struct DomainCase {
  const char* input;
  DomainVerdict verdict;
  const char* domain;  // expected when kOk, otherwise ""
};

const DomainCase kCases[] = {
    // URLs: scheme, user info, port, path, query, fragment, case, "www".
    {"https://WWW.Example.co.uk:8443/about?x=1", V::kOk, "example.co.uk"},
    {"acme.com", V::kOk, "acme.com"},
    {"WWW.ACME.COM", V::kOk, "acme.com"},
    {"www.acme.com/", V::kOk, "acme.com"},
    {"https://www.ACME.com/en-US/", V::kOk, "acme.com"},
    {"acme.com?ref=crm", V::kOk, "acme.com"},
    {"acme.com#contact", V::kOk, "acme.com"},
    {"acme.com\\about", V::kOk, "acme.com"},
    {"http://user:pw@acme.com:80/a#b", V::kOk, "acme.com"},
    {"https://acme.com:443", V::kOk, "acme.com"},
    {"acme.com:", V::kOk, "acme.com"},
    {"ftp://files.acme.com/pub", V::kOk, "acme.com"},
    {"//acme.com/path", V::kOk, "acme.com"},
    {"http:/acme.com", V::kOk, "acme.com"},
    {"http:\\\\acme.com", V::kOk, "acme.com"},
    {"https:acme.com", V::kOk, "acme.com"},
    {"acme.com.", V::kOk, "acme.com"},
    {"  acme.com \t", V::kOk, "acme.com"},
    {"\xC2\xA0"
     "acme.com"
     "\xE2\x80\x8B",
     V::kOk, "acme.com"},
    // Any subdomain goes; multi-level public suffixes stay.
    {"investor.x.com", V::kOk, "x.com"},
    {"x.com", V::kOk, "x.com"},
    {"a.b.c.acme.io", V::kOk, "acme.io"},
    {"HTTPS://Sub.Domain.Acme.CO.UK/", V::kOk, "acme.co.uk"},
    {"shop.acme.com.au", V::kOk, "acme.com.au"},
    {"acme.co.jp", V::kOk, "acme.co.jp"},
    {"blog.acme.k12.ca.us", V::kOk, "acme.k12.ca.us"},
    {"acme.us.com", V::kOk, "acme.us.com"},  // private-section suffix
    {"https://investor.acme.co.uk/results", V::kOk, "acme.co.uk"},
    {"https://www.acme.com.au:8080/a/b?x=1#y", V::kOk, "acme.com.au"},
    {"acme.com.br", V::kOk, "acme.com.br"},
    {"acme.com.cn", V::kOk, "acme.com.cn"},
    {"acme.co.nz", V::kOk, "acme.co.nz"},
    // Top-level domains known only through their second level.
    {"www.acme.co.za", V::kOk, "acme.co.za"},
    {"acme.com.bd", V::kOk, "acme.com.bd"},
    {"shop.acme.com.np", V::kOk, "acme.com.np"},
    {"acme.za", V::kNoRegistrable, ""},
    {"acme.bd", V::kNoRegistrable, ""},
    {"co.za", V::kNoRegistrable, ""},
    {"za", V::kNoRegistrable, ""},
    {"www.com", V::kOk, "www.com"},
    // E-mail addresses.
    {"info@acme.de", V::kOk, "acme.de"},
    {"Jane.Doe+crm@Mail.Acme-Corp.com", V::kOk, "acme-corp.com"},
    {"mailto:jane@acme.io", V::kOk, "acme.io"},
    {"Jane Doe <jane@acme.com>", V::kOk, "acme.com"},
    {"@acme.com", V::kOk, "acme.com"},
    // Internationalized names become punycode (UTS #46, nontransitional).
    {"bücher.de", V::kOk, "xn--bcher-kva.de"},
    {"https://www.BÜCHER.de/", V::kOk, "xn--bcher-kva.de"},
    {"xn--bcher-kva.de", V::kOk, "xn--bcher-kva.de"},
    {"faß.de", V::kOk, "xn--fa-hia.de"},
    {"例え.jp", V::kOk, "xn--r8jz45g.jp"},
    {"例え。jp", V::kOk, "xn--r8jz45g.jp"},
    {"пример.рф", V::kOk, "xn--e1afmkfd.xn--p1ai"},
    {"ｅｘａｍｐｌｅ．ｃｏｍ", V::kOk, "example.com"},
    {"https://www.münchen.de/rathaus?x=1", V::kOk, "xn--mnchen-3ya.de"},
    {"例子.中国", V::kOk, "xn--fsqu00a.xn--fiqs8s"},
    {"info@müller.co.uk", V::kOk, "xn--mller-kva.co.uk"},
    // Look-alikes of listed domains are ordinary domains.
    {"google.com", V::kOk, "google.com"},
    {"notgmail.com", V::kOk, "notgmail.com"},
    {"yahoo.acme.com", V::kOk, "acme.com"},
    {"me.com.au", V::kOk, "me.com.au"},
    {"linkedin.acme.com", V::kOk, "acme.com"},
    // Nothing there.
    {"", V::kEmpty, ""},
    {"   ", V::kEmpty, ""},
    {"\t\r\n", V::kEmpty, ""},
    {"\xC2\xA0", V::kEmpty, ""},
    // Not a host name.
    {"n/a", V::kInvalid, ""},
    {"-", V::kInvalid, ""},
    {"none", V::kInvalid, ""},
    {"acme", V::kInvalid, ""},
    {"localhost:3000", V::kInvalid, ""},
    {"acme .com", V::kInvalid, ""},
    {"acme.com, acme.de", V::kInvalid, ""},
    {"acme..com", V::kInvalid, ""},
    {".acme.com", V::kInvalid, ""},
    {"-acme.com", V::kInvalid, ""},
    {"acme-.com", V::kInvalid, ""},
    {"ab--cd.com", V::kInvalid, ""},
    {"xn--zz.com", V::kInvalid, ""},
    {"my_site.com", V::kInvalid, ""},
    {"acme.com:http", V::kInvalid, ""},
    {"http://", V::kInvalid, ""},
    {"www.", V::kInvalid, ""},
    {"jane@", V::kInvalid, ""},
    {"Jane <jane@acme.com", V::kInvalid, ""},
    {"acme\xFF.com", V::kInvalid, ""},
    {"acme\xEF\xBC\x8C"
     "com",
     V::kInvalid, ""},  // full-width comma
    {"acme.com..", V::kInvalid, ""},
    {"例え.jp.。", V::kInvalid, ""},
    {"999.1.1.1", V::kInvalid, ""},
    {"1.2.3", V::kInvalid, ""},
    {"[zz::1]", V::kInvalid, ""},
    {"[::1", V::kInvalid, ""},
    // IP literals.
    {"192.168.0.1", V::kIpAddress, ""},
    {"http://10.0.0.1:8080/admin", V::kIpAddress, ""},
    {"１２７.０.０.１", V::kIpAddress, ""},
    {"[::1]", V::kIpAddress, ""},
    {"http://[2001:db8::1]:443/", V::kIpAddress, ""},
    {"2001:db8::1", V::kIpAddress, ""},
    // Public suffixes and unknown top-level domains.
    {"com", V::kNoRegistrable, ""},
    {"co.uk", V::kNoRegistrable, ""},
    {"www.co.uk", V::kOk, "www.co.uk"},
    {"com.au", V::kNoRegistrable, ""},
    {"acme.notatld", V::kNoRegistrable, ""},
    {"printer.local", V::kNoRegistrable, ""},
    // Free mail, including brands under any suffix.
    {"john@gmail.com", V::kFreeMail, ""},
    {"googlemail.com", V::kFreeMail, ""},
    {"yahoo.com", V::kFreeMail, ""},
    {"yahoo.co.uk", V::kFreeMail, ""},
    {"jane@yahoo.com.br", V::kFreeMail, ""},
    {"mail.yahoo.com", V::kFreeMail, ""},
    {"jane@hotmail.co.uk", V::kFreeMail, ""},
    {"hotmail.fr", V::kFreeMail, ""},
    {"outlook.com", V::kFreeMail, ""},
    {"live.com", V::kFreeMail, ""},
    {"msn.com", V::kFreeMail, ""},
    {"aol.com", V::kFreeMail, ""},
    {"icloud.com", V::kFreeMail, ""},
    {"me.com", V::kFreeMail, ""},
    {"mac.com", V::kFreeMail, ""},
    {"proton.me", V::kFreeMail, ""},
    {"protonmail.com", V::kFreeMail, ""},
    {"gmx.net", V::kFreeMail, ""},
    {"gmx.de", V::kFreeMail, ""},
    {"web.de", V::kFreeMail, ""},
    {"mail.ru", V::kFreeMail, ""},
    {"yandex.ru", V::kFreeMail, ""},
    {"qq.com", V::kFreeMail, ""},
    {"163.com", V::kFreeMail, ""},
    {"126.com", V::kFreeMail, ""},
    {"naver.com", V::kFreeMail, ""},
    // Social networks, directories and hosted sites.
    {"linkedin.com/company/acme", V::kSocialOrHosting, ""},
    {"https://www.linkedin.com/in/jane", V::kSocialOrHosting, ""},
    {"https://www.facebook.com/acme", V::kSocialOrHosting, ""},
    {"twitter.com/acme", V::kSocialOrHosting, ""},
    {"instagram.com/acme", V::kSocialOrHosting, ""},
    {"youtube.com/@acme", V::kSocialOrHosting, ""},
    {"github.com/acme", V::kSocialOrHosting, ""},
    {"acme.github.io", V::kSocialOrHosting, ""},
    {"github.io", V::kSocialOrHosting, ""},
    {"sites.google.com/view/acme", V::kSocialOrHosting, ""},
    {"acme.blogspot.com", V::kSocialOrHosting, ""},
    {"acme.blogspot.co.uk", V::kSocialOrHosting, ""},
    {"acme.wordpress.com", V::kSocialOrHosting, ""},
    {"acme.wixsite.com/home", V::kSocialOrHosting, ""},
    {"acme.squarespace.com", V::kSocialOrHosting, ""},
    {"medium.com/@acme", V::kSocialOrHosting, ""},
    {"https://www.crunchbase.com/organization/acme", V::kSocialOrHosting, ""},
    {"angel.co/company/acme", V::kSocialOrHosting, ""},
    {"uk.linkedin.com/company/acme", V::kSocialOrHosting, ""},
    {"https://www.linkedin.com/company/acme/about/", V::kSocialOrHosting, ""},
    {"m.facebook.com/acme", V::kSocialOrHosting, ""},
    {"https://www.facebook.com/pages/Acme/12345", V::kSocialOrHosting, ""},
    {"acme.github.io/docs", V::kSocialOrHosting, ""},
    {"https://sites.google.com/site/acme", V::kSocialOrHosting, ""},
    {"https://www.bbb.org/us/ny/acme", V::kSocialOrHosting, ""},
    // Profiles, places and listings on a provider's own domain.
    {"https://x.com/acme", V::kSocialOrHosting, ""},
    {"https://x.com/", V::kOk, "x.com"},
    {"https://www.google.com/maps/place/Acme", V::kSocialOrHosting, ""},
    {"google.de/maps/place/Acme", V::kSocialOrHosting, ""},
    {"https://www.google.com", V::kOk, "google.com"},
    {"maps.google.com/?cid=123", V::kSocialOrHosting, ""},
    {"https://g.page/acme", V::kSocialOrHosting, ""},
    {"play.google.com/store/apps/details?id=com.acme", V::kSocialOrHosting, ""},
    {"https://apps.apple.com/us/app/acme/id123", V::kSocialOrHosting, ""},
    {"apple.com", V::kOk, "apple.com"},
    {"https://calendly.com/acme", V::kSocialOrHosting, ""},
    {"calendly.com", V::kOk, "calendly.com"},
    // Tenants of software-as-a-service products; the providers stay keys.
    {"https://acme.sharepoint.com/sites/x", V::kSocialOrHosting, ""},
    {"jane@acme.onmicrosoft.com", V::kSocialOrHosting, ""},
    {"https://acme.freshdesk.com", V::kSocialOrHosting, ""},
    {"https://www.freshdesk.com/pricing", V::kOk, "freshdesk.com"},
    {"freshdesk.com", V::kOk, "freshdesk.com"},
    {"acme.atlassian.net/wiki", V::kSocialOrHosting, ""},
    // Providers whose own subdomains are their company sites.
    {"https://corporate.hubspot.com/", V::kOk, "hubspot.com"},
    {"investors.zoom.us", V::kOk, "zoom.us"},
    {"investor.zendesk.com", V::kOk, "zendesk.com"},
    {"slack.com", V::kOk, "slack.com"},
    {"acme.my.salesforce.com", V::kSocialOrHosting, ""},
    {"salesforce.com", V::kOk, "salesforce.com"},
    {"https://jobs.lever.co/acme", V::kSocialOrHosting, ""},
};

std::string Describe(const NormalizedDomain& d) {
  return std::string(DomainVerdictName(d.verdict)) + " [" + d.domain + "]";
}

TEST_F(WebDomainTest, TableOfWebsitesAndDomains) {
  static_assert(std::size(kCases) >= 60, "keep the table large");
  for (const DomainCase& c : kCases) {
    const NormalizedDomain got = normalizer_->Normalize(c.input);
    EXPECT_EQ(got.verdict, c.verdict)
        << "input: " << c.input << " got " << Describe(got);
    EXPECT_EQ(got.domain, c.domain) << "input: " << c.input;
  }
}

TEST_F(WebDomainTest, TableCoversEveryVerdict) {
  std::vector<bool> seen(7, false);
  for (const DomainCase& c : kCases)
    seen[static_cast<size_t>(c.verdict)] = true;
  EXPECT_EQ(seen, std::vector<bool>(7, true));
}

TEST_F(WebDomainTest, IcuPathGivesTheSameResultsForTheTable) {
  for (const DomainCase& c : kCases) {
    const NormalizedDomain got = icu_normalizer_->Normalize(c.input);
    EXPECT_EQ(got.verdict, c.verdict)
        << "input: " << c.input << " got " << Describe(got);
    EXPECT_EQ(got.domain, c.domain) << "input: " << c.input;
  }
}

TEST_F(WebDomainTest, LabelAndNameLengthLimits) {
  const std::string label63(63, 'a');
  const std::string label64(64, 'a');
  EXPECT_EQ(normalizer_->Normalize(label63 + ".com").domain, label63 + ".com");
  EXPECT_EQ(normalizer_->Normalize(label64 + ".com").verdict, V::kInvalid);
  std::string long_host;
  for (int i = 0; i < 4; ++i) long_host += label63 + ".";
  long_host += "com";  // 4 * 64 + 3 = 259 characters
  EXPECT_EQ(normalizer_->Normalize(long_host).verdict, V::kInvalid);
}

TEST_F(WebDomainTest, VerdictNamesAreStable) {
  EXPECT_STREQ(DomainVerdictName(V::kOk), "ok");
  EXPECT_STREQ(DomainVerdictName(V::kEmpty), "empty");
  EXPECT_STREQ(DomainVerdictName(V::kInvalid), "invalid");
  EXPECT_STREQ(DomainVerdictName(V::kIpAddress), "ip_address");
  EXPECT_STREQ(DomainVerdictName(V::kNoRegistrable), "no_registrable");
  EXPECT_STREQ(DomainVerdictName(V::kFreeMail), "free_mail");
  EXPECT_STREQ(DomainVerdictName(V::kSocialOrHosting), "social_or_hosting");
}

// Random ASCII hosts and URLs built from pieces that hit every branch of the
// ASCII host check.
std::vector<std::string> AsciiWebsites() {
  std::vector<std::string> out;
  for (const DomainCase& c : kCases) out.push_back(c.input);
  const std::vector<std::string> labels = {"acme",
                                           "www",
                                           "co",
                                           "uk",
                                           "com",
                                           "de",
                                           "io",
                                           "xn--bcher-kva",
                                           "xn--zz",
                                           "a-b",
                                           "-a",
                                           "a-",
                                           "ab--cd",
                                           "1",
                                           "255",
                                           "a_b",
                                           "",
                                           "github",
                                           "yahoo",
                                           "gmail",
                                           "blogspot",
                                           "x",
                                           std::string(63, 'q'),
                                           std::string(64, 'q'),
                                           "A",
                                           "ACME",
                                           "k12",
                                           "ca",
                                           "us",
                                           "notatld"};
  const std::vector<std::string> prefixes = {
      "", "https://", "http://u@", "mail@", "//", "HTTP://www."};
  const std::vector<std::string> suffixes = {"",     "/",  ":8080", ".",
                                             "?q=1", ":x", "/a/b#c"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> label(0, labels.size() - 1);
  std::uniform_int_distribution<size_t> prefix(0, prefixes.size() - 1);
  std::uniform_int_distribution<size_t> suffix(0, suffixes.size() - 1);
  std::uniform_int_distribution<int> count(1, 5);
  for (int i = 0; i < 20000; ++i) {
    std::string host;
    const int n = count(rng);
    for (int k = 0; k < n; ++k) host += (k ? "." : "") + labels[label(rng)];
    out.push_back(prefixes[prefix(rng)] + host + suffixes[suffix(rng)]);
  }
  return out;
}

TEST_F(WebDomainTest, AsciiFastPathAgreesWithIcuPath) {
  int ok = 0;
  int invalid = 0;
  for (const std::string& website : AsciiWebsites()) {
    const NormalizedDomain fast = normalizer_->Normalize(website);
    const NormalizedDomain icu = icu_normalizer_->Normalize(website);
    ASSERT_EQ(Describe(fast), Describe(icu)) << "input: " << website;
    ok += fast.verdict == V::kOk;
    invalid += fast.verdict == V::kInvalid;
  }
  // Both outcomes are well represented, so agreement means something.
  EXPECT_GT(ok, 2000);
  EXPECT_GT(invalid, 2000);
}

TEST_F(WebDomainTest, NormalizeIsThreadSafe) {
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (const DomainCase& c : kCases) {
          const NormalizedDomain got = normalizer_->Normalize(c.input);
          if (got.verdict != c.verdict || got.domain != c.domain) {
            ++mismatches[t];
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

// Inputs for the shortcuts around libpsl and the shared-domain lists: any
// case of scheme, short and long top-level domains, brands and listed
// domains at several depths.
TEST_F(WebDomainTest, SchemesTopLevelDomainsAndListsOnBothPaths) {
  const DomainCase cases[] = {
      {"MAILTO:info@Acme.com", V::kOk, "acme.com"},
      {"HTTP:acme.com", V::kOk, "acme.com"},
      {"HtTpS:/ACME.com", V::kOk, "acme.com"},
      {"HTTP://[2001:DB8::1]/", V::kIpAddress, ""},
      {"2001:DB8::1", V::kIpAddress, ""},
      {"\xC2\xA0"
       "acme.com",
       V::kOk, "acme.com"},
      {"acme.com\xE3\x80\x80", V::kOk, "acme.com"},
      {"acme.info", V::kOk, "acme.info"},
      {"acme.online", V::kOk, "acme.online"},
      {"acme.zzz", V::kNoRegistrable, ""},
      {"acme.zz", V::kNoRegistrable, ""},
      {"acme.c0m", V::kNoRegistrable, ""},
      {"acme.a1", V::kNoRegistrable, ""},
      {"com", V::kNoRegistrable, ""},
      {"io", V::kNoRegistrable, ""},
      {"zzz", V::kInvalid, ""},
      {"mail.yahoo.co.uk", V::kFreeMail, ""},
      {"yahoo.zzz", V::kNoRegistrable, ""},
      {"yahoo.acme.com", V::kOk, "acme.com"},
      {"mail.google.com", V::kOk, "google.com"},
      {"a.sites.google.com", V::kSocialOrHosting, ""},
      {"foo.blogspot.co.uk", V::kSocialOrHosting, ""},
      {"blogspot.com", V::kSocialOrHosting, ""},
      {"gmail.com.au", V::kOk, "gmail.com.au"},
      {"www.acme.co", V::kOk, "acme.co"},
      {"x.y.z.acme.k12.ca.us", V::kOk, "acme.k12.ca.us"},
      {"acme.xn--p1ai", V::kOk, "acme.xn--p1ai"},
      {"ACME.COM.", V::kOk, "acme.com"},
  };
  for (const DomainNormalizer* normalizer : {normalizer_, icu_normalizer_}) {
    for (const DomainCase& c : cases) {
      const NormalizedDomain got = normalizer->Normalize(c.input);
      EXPECT_EQ(got.verdict, c.verdict)
          << "input: " << c.input << " got " << Describe(got);
      EXPECT_EQ(got.domain, c.domain) << "input: " << c.input;
    }
  }
}

// Normalize() reuses per-thread buffers; a result must not depend on the
// websites normalized before it, however long they were.
TEST_F(WebDomainTest, ResultsDoNotDependOnEarlierWebsites) {
  const std::string huge_host = std::string(200000, 'a') + ".com";
  const std::string huge_idn = "bücher" + std::string(100000, 'b') + ".de";
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(Describe(normalizer_->Normalize("www.northwind-traders.com")),
              "ok [northwind-traders.com]");
    EXPECT_EQ(normalizer_->Normalize(huge_host).verdict, V::kInvalid);
    EXPECT_EQ(Describe(normalizer_->Normalize("bücher.de")),
              "ok [xn--bcher-kva.de]");
    EXPECT_EQ(normalizer_->Normalize(huge_idn).verdict, V::kInvalid);
    EXPECT_EQ(Describe(normalizer_->Normalize("x.io")), "ok [x.io]");
  }
}

TEST(BrandLabelTest, TheLabelIsTheDomainWithoutItsSuffix) {
  struct Case {
    const char* domain;
    const char* label;
    std::vector<std::string> variants;
  } cases[] = {
      {"gxo.com", "gxo", {}},
      {"gxo.ca", "gxo", {}},
      {"bone-daddies.co.uk", "bonedaddies", {}},
      {"tescoplc.com", "tescoplc", {"tesco"}},
      {"getacme.io", "getacme", {"acme"}},
      {"acme-uk.com", "acmeuk", {"acme"}},
      {"acmegroupusa.com", "acmegroupusa", {"acmegroup", "acme"}},
      // Under a brand top-level domain the brand is the suffix.
      {"home.barclays", "barclays", {}},
      {"global.honda", "honda", {}},
      // IDN labels in Latin letters, as the names are.
      {"xn--80afnujfh.xn--p1ai", "gazprom", {}},
      // Too short to be a key on its own.
      {"ge.com", "", {"ge"}},
      {"com", "", {}},
  };
  for (const Case& c : cases) {
    const BrandLabelForms forms = BrandLabelsOf(c.domain);
    EXPECT_EQ(forms.label, c.label) << c.domain;
    EXPECT_EQ(forms.variants, c.variants) << c.domain;
  }
}

}  // namespace
}  // namespace blindmap
