// Alerts end to end: a real blindmapd on 127.0.0.1, real clients over two
// monthly periods (BLINDMAP_FAKE_NOW), and a webhook on 127.0.0.1 (HttpSink)
// that receives exactly one alert, with the counts the report history gives
// and no account name unless both sides opted in to share it; a webhook that
// answers 500 or never answers leaves the sync's upload and report intact
// and its URL unprinted.
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/broker_fixture.h"
#include "tests/support/http_sink.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Acme (Salesforce) opts in Delta Mining; Globex (HubSpot) too. The other
// overlapping accounts are never named: the canaries below.
const char kAcmeCsv[] =
    "Account ID,Account Name,Type,Website\n"
    "A1,Alpha Industries Canary,Customer - Direct,alpha-industries.com\n"
    "A2,Beta Logistics Canary,Prospect,beta-logistics.com\n"
    "A3,Gamma Foods Canary,Prospect,gamma-foods.com\n"
    "A4,Delta Mining,Customer - Direct,delta-mining.com\n"
    "A5,Epsilon Unshared Canary,Customer - Direct,epsilon-unshared.com\n";

// October: Alpha (customer/customer), Beta (prospect/customer), Epsilon
// (customer/prospect).
const char kGlobexOctober[] =
    "Record ID,Company name,Website URL,Lifecycle Stage\n"
    "G1,Alpha Industries,alpha-industries.com,customer\n"
    "G2,Beta Logistics,beta-logistics.com,customer\n"
    "G5,Epsilon Unshared,epsilon-unshared.com,lead\n";
// November: Gamma arrives as a lead (prospect/prospect), Delta as a
// customer (customer/customer), Epsilon leaves.
const char kGlobexNovember[] =
    "Record ID,Company name,Website URL,Lifecycle Stage\n"
    "G1,Alpha Industries,alpha-industries.com,customer\n"
    "G2,Beta Logistics,beta-logistics.com,customer\n"
    "G3,Gamma Foods,gamma-foods.com,lead\n"
    "G4,Delta Mining Corp,delta-mining.com,customer\n";

const std::vector<std::string> kCanaries = {
    "Alpha Industries", "Beta Logistics", "Gamma Foods",     "Epsilon",
    "alpha-industries", "gamma-foods",    "epsilon-unshared"};

// The webhook's secret path: never in any output.
const char kSecretPath[] = "/services/T0CANARY/B0CANARY/s3cr3tW3bh00kT0k3n";

class AlertsTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    SetClock("2026-10-20");
    StartBroker();
    AddParty("globex", "sharing: {opt_in: {accounts: [G4]}}\n");
  }
  void TearDown() override {
    BrokerTest::TearDown();
    unsetenv("BLINDMAP_FAKE_NOW");
  }

  static void SetClock(const char* day) { setenv("BLINDMAP_FAKE_NOW", day, 1); }

  // Acme with one webhook at `url`, each attempt `timeout` s.
  void AddAcme(const std::string& url, int timeout = 5, int retries = 1) {
    AddParty("acme", absl::StrCat("sharing: {opt_in: {accounts: [A4]}}\n"
                                  "alerts:\n"
                                  "  - kind: json\n"
                                  "    url_file: webhook.url\n"
                                  "    timeout_seconds: ",
                                  timeout, "\n    retries: ", retries, "\n"));
    WriteFile(Csv("acme"), kAcmeCsv);
    WriteFile(party_dir("acme") + "/webhook.url", url + "\n");
    ASSERT_EQ(chmod((party_dir("acme") + "/webhook.url").c_str(), 0600), 0);
  }

  std::string Csv(const std::string& party) const {
    return party_dir(party) + "/accounts.csv";
  }

  ProcessResult Sync(const std::string& party, const std::string& partner) {
    return Blindmap(party, {"sync", "--partner", partner, "--input", Csv(party),
                            "--format", "json"});
  }

  // Both sides sync October (globex first), then November: globex first,
  // so that acme's November sync sees the change.
  void TwoPeriods(int expected_acme_november_exit) {
    Partner("acme", "globex", NoProbeLimitArgs());
    WriteFile(Csv("globex"), kGlobexOctober);
    const ProcessResult globex_october = Sync("globex", "acme");
    ASSERT_EQ(globex_october.exit_code, 0) << globex_october.err;
    const ProcessResult october = Sync("acme", "globex");
    ASSERT_EQ(october.exit_code, 0) << october.err;
    EXPECT_EQ(nlohmann::json::parse(october.out)["alerts"][0]["status"],
              "nothing_new");

    SetClock("2026-11-20");
    ASSERT_EQ(StopBroker(SIGTERM), 0);
    StartBroker();
    RepointClients();
    WriteFile(Csv("globex"), kGlobexNovember);
    const ProcessResult globex_november = Sync("globex", "acme");
    ASSERT_EQ(globex_november.exit_code, 0) << globex_november.err;
    november_ = Sync("acme", "globex");
    EXPECT_EQ(november_.exit_code, expected_acme_november_exit)
        << november_.out << november_.err;
  }

  // Acme's report: the period shown and Customer / Customer, mine.
  std::pair<std::string, int> AcmeReport() {
    const ProcessResult report =
        Blindmap("acme", {"report", "--partner", "globex", "--format", "json"});
    EXPECT_EQ(report.exit_code, 0) << report.err;
    const nlohmann::json out = nlohmann::json::parse(report.out);
    for (const auto& type : out["overlap_types"]) {
      if (type["id"] == "customer_customer") {
        return {out["period"], type["my_records"].get<int>()};
      }
    }
    return {out["period"], -1};
  }

  void ExpectNoSecretIn(const ProcessResult& run) {
    EXPECT_THAT(run.out, Not(HasSubstr("s3cr3t")));
    EXPECT_THAT(run.err, Not(HasSubstr("s3cr3t")));
    EXPECT_THAT(run.out + run.err, Not(HasSubstr("B0CANARY")));
  }

  ProcessResult november_;
};

TEST_F(AlertsTest, OneAlertWithTheCountsAndOnlyMutuallySharedNames) {
  HttpSink sink(200);
  ASSERT_NE(sink.port(), 0);
  AddAcme(sink.Url(kSecretPath));
  ASSERT_NO_FATAL_FAILURE(TwoPeriods(0));
  ASSERT_EQ(sink.requests().size(), 1u);
  const HttpSink::Request request = sink.requests()[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, kSecretPath);
  EXPECT_EQ(request.content_type, "application/json");
  const nlohmann::json alert = nlohmann::json::parse(request.body);
  EXPECT_EQ(alert["schema"], "blindmap.alert.v1");
  EXPECT_EQ(alert["event"], "overlaps_changed");
  EXPECT_EQ(alert["me"], "acme");
  EXPECT_EQ(alert["partner"], "globex");
  EXPECT_EQ(alert["period"], "2026-11");
  EXPECT_EQ(alert["previous_period"], "2026-10");
  EXPECT_EQ(alert["new_overlaps"], 2);
  EXPECT_EQ(alert["lost_overlaps"], 1);
  std::map<std::string, std::vector<int>> types;
  for (const auto& type : alert["types"]) {
    types[type["id"]] = {type["previous"].get<int>(),
                         type["current"].get<int>(), type["change"].get<int>()};
  }
  EXPECT_EQ(types["prospect_customer"], (std::vector<int>{1, 1, 0}));
  EXPECT_EQ(types["customer_prospect"], (std::vector<int>{1, 0, -1}));
  EXPECT_EQ(types["prospect_prospect"], (std::vector<int>{0, 1, 1}));
  EXPECT_EQ(types["customer_customer"], (std::vector<int>{1, 2, 1}));
  // The one account both sides opted in to share, by acme's own name; no
  // other account's name or domain.
  EXPECT_EQ(alert["shared_accounts"]["new"],
            nlohmann::json::array({"Delta Mining"}));
  EXPECT_EQ(alert["shared_accounts"]["new_count"], 1);
  for (const std::string& canary : kCanaries) {
    EXPECT_THAT(request.body, Not(HasSubstr(canary))) << canary;
  }
  // The sync's own summary says where it went, redacted.
  const nlohmann::json summary = nlohmann::json::parse(november_.out);
  EXPECT_EQ(summary["alerts"][0]["status"], "sent");
  EXPECT_EQ(summary["alerts"][0]["destination"],
            absl::StrCat("http://127.0.0.1:", sink.port(), "/\xE2\x80\xA6"));
  ExpectNoSecretIn(november_);

  // Asking again tells nobody twice.
  const ProcessResult again =
      Blindmap("acme", {"alert", "--partner", "globex"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("not sent, period 2026-11 was already "
                                   "announced there"));
  const ProcessResult resync = Sync("acme", "globex");
  EXPECT_EQ(resync.exit_code, 0) << resync.err;
  EXPECT_EQ(sink.requests().size(), 1u);
  // The counts are the report's.
  EXPECT_EQ(AcmeReport(), (std::pair<std::string, int>{"2026-11", 2}));
}

TEST_F(AlertsTest, AWebhookAnswering500LeavesTheSyncIntact) {
  HttpSink sink(500);
  ASSERT_NE(sink.port(), 0);
  AddAcme(sink.Url(kSecretPath), /*timeout=*/5, /*retries=*/1);
  ASSERT_NO_FATAL_FAILURE(TwoPeriods(11));
  // Two attempts (one retry), then the step gives up; the upload stands.
  EXPECT_EQ(sink.requests().size(), 2u);
  const nlohmann::json summary = nlohmann::json::parse(november_.out);
  EXPECT_EQ(summary["period"], "2026-11");
  EXPECT_GT(summary["records_stored"].get<int>(), 0);
  EXPECT_EQ(summary["alerts"][0]["status"], "failed");
  EXPECT_THAT(summary["alerts"][0]["message"].get<std::string>(),
              HasSubstr("HTTP 500 (2 attempts)"));
  EXPECT_THAT(november_.err, HasSubstr("the sync is done, but an alert was "
                                       "not delivered"));
  ExpectNoSecretIn(november_);
  EXPECT_EQ(AcmeReport(), (std::pair<std::string, int>{"2026-11", 2}));
}

TEST_F(AlertsTest, AWebhookThatNeverAnswersLeavesTheSyncIntact) {
  HttpSink sink(200, HttpSink::Mode::kHang);
  ASSERT_NE(sink.port(), 0);
  AddAcme(sink.Url(kSecretPath), /*timeout=*/1, /*retries=*/1);
  ASSERT_NO_FATAL_FAILURE(TwoPeriods(11));
  EXPECT_EQ(sink.requests().size(), 2u);
  const nlohmann::json summary = nlohmann::json::parse(november_.out);
  EXPECT_EQ(summary["alerts"][0]["status"], "failed");
  EXPECT_THAT(summary["alerts"][0]["message"].get<std::string>(),
              HasSubstr("(timed out) (2 attempts)"));
  ExpectNoSecretIn(november_);
  EXPECT_EQ(AcmeReport(), (std::pair<std::string, int>{"2026-11", 2}));
}

}  // namespace
}  // namespace blindmap
