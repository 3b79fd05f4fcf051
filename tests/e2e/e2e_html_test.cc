// The HTML report and plan in a real browser: two parties map over two
// periods through a real blindmapd on 127.0.0.1, the partner's population
// names and detail carry markup and terminal escapes, and headless Chromium
// (Debian's `chromium`) loads `report --format html` and `plan --format
// html` from disk. The test reads the rendered DOM (row counts, totals),
// proves from Chromium's net log that neither page fetched anything (and
// that the same check catches a page that does), and keeps a screenshot of
// each under the build directory.
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/headless_browser.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const char kAcmeCsv[] =
    "Account ID,Account Name,Type,Website,Industry,Billing Country,Account "
    "Owner,Employees,Opportunity Stage,Amount,Close Date\r\n"
    "001A,Apex Robotics,Prospect,apex-robotics.test,Technology,Germany,Dana "
    "Whitlock,5000,Qualification,150000,12/15/2026\r\n"
    "001B,Borealis Bank,Customer - Direct,borealis-bank.test,Banking,Germany,"
    "Evan Oduya,20000,,,\r\n"
    "001C,Cobalt Foods,Prospect,cobalt-foods.test,Food,France,Dana "
    "Whitlock,800,Prospecting,60000,3/1/2027\r\n"
    "001D,Delta Cloud,Prospect,delta-cloud.test,Technology,United States,Evan "
    "Oduya,3000,,,\r\n";

// The partner's detail, as hostile as a CRM cell can be: markup and an
// escape sequence that would clear a terminal.
const char kHostileOwner[] = "<script>alert(1)</script>\x1b[2J Mallory";

std::string GlobexCsv() {
  return absl::StrCat(
      "Record ID,Company name,Company Domain Name,Lifecycle Stage,Company "
      "owner,Relationship Strength\n"
      "7001,Apex Robotics GmbH,apex-robotics.test,Customer,",
      kHostileOwner,
      ",Champion\n"
      "7002,Borealis Bank,borealis-bank.test,Lead,Tomas Ferreira,User\n"
      "7003,Cobalt Foods,cobalt-foods.test,Customer,Rosa Lindqvist,"
      "Awareness\n"
      "7010,Kite Analytics,kite-analytics.test,Customer,Rosa Lindqvist,User\n");
}

const char kAcmeConfig[] =
    "sharing:\n"
    "  levels: {Customers: overlaps, Prospects: overlaps}\n"
    "  fields: [account_name, populations, owner, relationship]\n"
    "plan:\n"
    "  acv: 100000\n"
    "  tiers: {tier1: 2, tier2: 1}\n";

// The partner's population labels carry markup and an escape sequence too.
const char kGlobexConfig[] =
    "populations:\n"
    "  - name: \"Customers <script>document.title='pwned'</script>\"\n"
    "    kind: customer\n"
    "    where: {column: Lifecycle Stage, equals: customer}\n"
    "  - name: \"Leads \\e[31m\"\n"
    "    kind: prospect\n"
    "    where: {column: Lifecycle Stage, equals: lead}\n"
    "sharing:\n"
    "  levels: {\"Customers <script>document.title='pwned'</script>\": "
    "overlaps, \"Leads \\e[31m\": overlaps}\n"
    "  fields: [account_name, populations, owner, relationship]\n";

// The <tr>s in the <tbody> of the table with `id` (0 when there is none;
// an empty table's "none" row does not count).
int BodyRows(const std::string& dom, const std::string& id) {
  const size_t table = dom.find(absl::StrCat("id=\"", id, "\""));
  if (table == std::string::npos) return -1;
  const size_t body = dom.find("<tbody>", table);
  const size_t end = dom.find("</tbody>", body);
  if (body == std::string::npos || end == std::string::npos) return -1;
  const std::string rows = dom.substr(body, end - body);
  int n = 0;
  for (size_t at = rows.find("<tr"); at != std::string::npos;
       at = rows.find("<tr", at + 1)) {
    ++n;
  }
  return rows.find("class=\"empty\"") != std::string::npos ? n - 1 : n;
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// A loopback port nothing listens on (a request to it is refused at once).
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

std::string ArtifactPath(const std::string& name) {
  return absl::StrCat(BLINDMAP_BINARY_DIR, "/test-artifacts/", name);
}

class HtmlE2eTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    ASSERT_FALSE(ChromiumPath().empty())
        << "these tests need Chromium: bash tools/install-deps.sh";
    setenv("BLINDMAP_FAKE_NOW", "2026-11-20", 1);
    StartBroker();
    AddParty("acme", kAcmeConfig);
    AddParty("globex", kGlobexConfig);
    WriteFile(party_dir("acme") + "/accounts.csv", kAcmeCsv);
    WriteFile(party_dir("globex") + "/accounts.csv", GlobexCsv());
    Partner("acme", "globex", NoProbeLimitArgs());
    SyncBoth();
    // A second period, for the trend across periods.
    setenv("BLINDMAP_FAKE_NOW", "2026-12-03", 1);
    ASSERT_EQ(StopBroker(SIGTERM), 0);
    StartBroker();
    RepointClients();
    SyncBoth();
  }
  void TearDown() override {
    BrokerTest::TearDown();
    unsetenv("BLINDMAP_FAKE_NOW");
  }

  void SyncBoth() {
    for (const auto& [party, partner] :
         {std::pair<std::string, std::string>{"acme", "globex"},
          {"globex", "acme"}}) {
      const ProcessResult run =
          Blindmap(party, {"sync", "--partner", partner, "--input",
                           party_dir(party) + "/accounts.csv"});
      ASSERT_EQ(run.exit_code, 0) << run.err;
    }
  }

  LoadedPage Load(const std::string& html, const std::string& screenshot,
                  int height) {
    absl::StatusOr<LoadedPage> page =
        LoadInHeadlessChromium(html, ArtifactPath(screenshot), height);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return {};
    EXPECT_EQ(page->screenshot, ArtifactPath(screenshot));
    const std::string png = ReadFileOrEmpty(page->screenshot);
    EXPECT_GT(png.size(), 10000u);
    EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
    std::cout << "screenshot: " << page->screenshot << "\n";
    RecordProperty(screenshot, page->screenshot);
    return *std::move(page);
  }
};

TEST_F(HtmlE2eTest, ChromiumRendersTheReportAndThePlanAndFetchesNothing) {
  const std::string report_html = root() + "/report.html";
  const ProcessResult report =
      Blindmap("acme", {"report", "--partner", "globex", "--format", "html",
                        "--output", report_html});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const std::string plan_html = root() + "/plan.html";
  const ProcessResult plan =
      Blindmap("acme", {"plan", "--partner", "globex", "--input",
                        party_dir("acme") + "/accounts.csv", "--format", "html",
                        "--output", plan_html});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;

  // The report: the coverage heatmap (2 x 2), the four types, the trend
  // over both periods, all the partner's labels as text.
  const LoadedPage shown = Load(report_html, "report.png", 2000);
  EXPECT_THAT(shown.page_requests, IsEmpty());
  const std::string& dom = shown.dom;
  EXPECT_EQ(Count(dom, "class=\"cell\""), 4) << dom;
  EXPECT_EQ(Count(dom, "<table class=\"heatmap\" id=\"coverage-matrix\">"), 1);
  EXPECT_EQ(BodyRows(dom, "overlap-types"), 4);
  EXPECT_EQ(BodyRows(dom, "trend"), 2);
  EXPECT_EQ(Count(dom, "<circle"), 4);  // two series, two periods
  EXPECT_THAT(dom, HasSubstr("<title>Account Mapping: acme \xC3\x97 globex"
                             "</title>"));
  // (A browser serializes a text node's quotes as they are.)
  EXPECT_THAT(dom, HasSubstr("Customers &lt;script&gt;document.title='pwned'"
                             "&lt;/script&gt;"));
  EXPECT_THAT(dom, HasSubstr("Leads \\e[31m"));
  EXPECT_THAT(dom, Not(HasSubstr("<script")));
  EXPECT_THAT(dom, Not(HasSubstr("\x1b")));
  // Totals: acme's 4 records, 3 of them overlapping (75.0%).
  EXPECT_THAT(dom, HasSubstr("<tfoot>\n<tr><td>All accounts</td><td></td><td "
                             "class=\"n\">4</td><td class=\"n\">3</td><td "
                             "class=\"n\">75.0%</td>"));

  // The plan: three shared accounts in tiers of 2 and 1, the ROI table,
  // the partner's owner as text.
  const LoadedPage planned = Load(plan_html, "plan.png", 4000);
  EXPECT_THAT(planned.page_requests, IsEmpty());
  const std::string& plan_dom = planned.dom;
  EXPECT_EQ(BodyRows(plan_dom, "tier1"), 2) << plan_dom;
  EXPECT_EQ(BodyRows(plan_dom, "tier2"), 1);
  EXPECT_EQ(BodyRows(plan_dom, "activation"), 2);
  EXPECT_EQ(BodyRows(plan_dom, "roi"), 5);
  EXPECT_EQ(BodyRows(plan_dom, "pipeline"), 5);
  EXPECT_EQ(BodyRows(plan_dom, "trend"), 2);
  EXPECT_EQ(Count(plan_dom, "class=\"cell\""), 4);
  EXPECT_THAT(plan_dom, HasSubstr("data-shared=\"3\" data-not-shared=\"0\""));
  EXPECT_THAT(plan_dom,
              HasSubstr("data-metric=\"overlap_rate\" data-value=\"0.75\""));
  EXPECT_THAT(plan_dom, HasSubstr("data-metric=\"joint_pipeline\" "
                                  "data-value=\"210000\""));
  EXPECT_THAT(plan_dom,
              HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;\\e[2J Mallory"));
  EXPECT_THAT(plan_dom, Not(HasSubstr("<script")));
  EXPECT_THAT(plan_dom, Not(HasSubstr("\x1b")));

  // On a terminal the same owner is shown escaped.
  const ProcessResult text =
      Blindmap("acme", {"plan", "--partner", "globex", "--input",
                        party_dir("acme") + "/accounts.csv"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("<script>alert(1)</script>\\e[2J Mallory"));
  EXPECT_THAT(text.out, Not(HasSubstr("\x1b")));
}

// The check would see a fetch: a page with an external image and style
// sheet (and no Content-Security-Policy) is caught.
TEST(HtmlNetLogTest, TheNetLogCheckCatchesAPageThatFetches) {
  ASSERT_FALSE(ChromiumPath().empty())
      << "these tests need Chromium: bash tools/install-deps.sh";
  TempDir dir;
  const int port = ClosedPort();
  ASSERT_GT(port, 0);
  const std::string url = absl::StrCat("http://127.0.0.1:", port);
  const std::string control = dir.path() + "/control.html";
  WriteFile(control,
            absl::StrCat("<!DOCTYPE html><html><head><link rel=\"stylesheet\" "
                         "href=\"",
                         url,
                         "/style.css\"></head><body><p>control</p><img "
                         "src=\"",
                         url, "/pixel.png\"></body></html>"));
  absl::StatusOr<LoadedPage> page = LoadInHeadlessChromium(control);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->dom, HasSubstr("<p>control</p>"));
  std::vector<std::string> requests = page->page_requests;
  std::sort(requests.begin(), requests.end());
  requests.erase(std::unique(requests.begin(), requests.end()), requests.end());
  EXPECT_THAT(requests, ElementsAre(url + "/pixel.png", url + "/style.css"));
}

}  // namespace
}  // namespace blindmap
