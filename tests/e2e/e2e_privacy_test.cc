// Privacy promise 1, end to end: after a full mapping run, no account name,
// domain, CRM id, partnership secret or API token appears in any file under
// the broker's data directory or in its log.
#include <signal.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/crypto/partnership_secret.h"
#include "common/text/csv_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/broker_fixture.h"
#include "tests/support/file_scan.h"

namespace blindmap {
namespace {

const char kAcmeCanaries[] =
    "001CANARY0000ACME1,Zyxqwv Canary Holdings GmbH,Customer - Direct,"
    "https://www.zyxqwvcanary7731.de/kontakt,Software,Germany,Kim Canary,"
    "40,1000000\r\n";
const char kGlobexCanaries[] =
    "99917731,ZYXQWV CANARY HOLDINGS,zyxqwvcanary7731.de,"
    "http://zyxqwvcanary7731.de,Customer,Software,Germany,Lee Canary,40\n";

class PrivacyTest : public BrokerTest {};

TEST_F(PrivacyTest, BrokerFilesAndLogHoldNoAccountDataOrSecrets) {
  StartBroker();
  AddParty("acme");
  AddParty("globex");
  const std::string acme_csv = party_dir("acme") + "/accounts.csv";
  const std::string globex_csv = party_dir("globex") + "/accounts.csv";
  WriteFile(acme_csv,
            ReadFileOrEmpty(SourcePath("examples/acme-salesforce.csv")) +
                kAcmeCanaries);
  WriteFile(globex_csv,
            ReadFileOrEmpty(SourcePath("examples/globex-hubspot.csv")) +
                kGlobexCanaries);

  const ProcessResult invite =
      Blindmap("acme", {"partner", "invite", "globex"});
  ASSERT_EQ(invite.exit_code, 0) << invite.err;
  const std::string secret_text = SecretFromInviteOutput(invite.out);
  ASSERT_EQ(
      Blindmap("globex", {"partner", "accept", "acme"}, secret_text + "\n")
          .exit_code,
      0);
  const std::vector<std::tuple<std::string, std::string, std::string>> sides = {
      {"acme", "globex", acme_csv}, {"globex", "acme", globex_csv}};
  for (const auto& [party, partner, csv] : sides) {
    for (const char* dry : {"--dry-run", ""}) {
      std::vector<std::string> args = {"sync", "--partner", partner, "--input",
                                       csv};
      if (*dry != '\0') args.push_back(dry);
      const ProcessResult run = Blindmap(party, args);
      ASSERT_EQ(run.exit_code, 0) << run.err;
    }
  }
  for (const auto& [party, partner, csv] : sides) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"report", "--partner", partner, "--format",
                                   "json"},
          {"report", "--partner", partner, "--format", "markdown"},
          {"partner", "list"}}) {
      const ProcessResult run = Blindmap(party, args);
      ASSERT_EQ(run.exit_code, 0) << run.err;
    }
  }
  // The canaries did match: the run exercised them.
  const ProcessResult report =
      Blindmap("acme", {"report", "--partner", "globex", "--format", "json"});
  const auto json = nlohmann::json::parse(report.out, nullptr, false);
  EXPECT_EQ(json["matrix"]["my_records"][0][0], 17);  // 16 designed + canary
  ASSERT_EQ(StopBroker(SIGTERM), 0);

  // What must never be on the broker.
  std::vector<Needle> needles;
  for (const auto& [party, csv] :
       {std::pair<std::string, std::string>{"acme", acme_csv},
        {"globex", globex_csv}}) {
    const std::vector<Needle> keys = AccountKeyNeedles(party, csv);
    ASSERT_GT(keys.size(), 2 * 180u);  // 180+ records: ids, names, domains
    needles.insert(needles.end(), keys.begin(), keys.end());
    // Raw cells as typed in the CRM: every name, website, domain and
    // country cell (countries reach the broker only inside keyed tokens).
    const std::set<std::string> account_columns = {
        "Account Name",        "Website",     "Company name",
        "Company Domain Name", "Website URL", "Billing Country",
        "Country/Region"};
    auto reader = CsvReader::FromString(ReadFileOrEmpty(csv), csv);
    std::vector<size_t> columns;
    while (true) {
      auto row = reader->Next();
      ASSERT_TRUE(row.ok()) << row.status();
      if (!row->has_value()) break;
      const std::vector<std::string>& cells = (*row)->fields;
      if ((*row)->row == 1) {
        for (size_t i = 0; i < cells.size(); ++i) {
          if (account_columns.count(cells[i]) != 0) columns.push_back(i);
        }
        ASSERT_GE(columns.size(), 2u) << csv;
        continue;
      }
      for (size_t i : columns) {
        if (i < cells.size()) {
          AddNeedle(needles, std::string(absl::StripAsciiWhitespace(cells[i])),
                    party + " raw cell");
        }
      }
    }
    AddNeedle(needles, api_token(party), party + " API token");
    AddNeedle(needles,
              ReadFileOrEmpty(party_dir(party) + "/state/record-id.key")
                  .substr(0, 64),
              party + " record-id key");
  }
  AddNeedle(needles, "zyxqwv", "canary name fragment");
  AddNeedle(needles, "zyxqwvcanary7731", "canary domain fragment");
  AddNeedle(needles, "ZYXQWV", "canary name fragment");
  AddNeedle(needles, secret_text, "partnership secret");
  AddNeedle(needles, absl::StrReplaceAll(secret_text, {{"-", ""}}),
            "partnership secret (compact)");
  auto secret = PartnershipSecret::FromText(secret_text);
  ASSERT_TRUE(secret.ok());
  AddNeedle(needles, secret->bytes(), "partnership secret bytes");
  AddNeedle(needles, absl::BytesToHexString(secret->bytes()),
            "partnership secret hex");
  ASSERT_GT(needles.size(), 1000u);

  const auto files = ReadTree(data_dir(), {broker_log()});
  ASSERT_GT(files.size(), 5u);
  // Control: the scan does see what the broker stores by design (party
  // names, population labels), so an empty result means something.
  bool saw_party = false, saw_population = false;
  for (const auto& [path, contents] : files) {
    saw_party |= contents.find("globex") != std::string::npos &&
                 path.find("/db/") != std::string::npos;
    saw_population |= contents.find("Prospects") != std::string::npos &&
                      path.find("/db/") != std::string::npos;
  }
  EXPECT_TRUE(saw_party);
  EXPECT_TRUE(saw_population);

  EXPECT_THAT(FindNeedles(files, needles), ::testing::IsEmpty());
}

// Privacy promise 8: the plan, the engagement log and every factor of one's
// own side stay on that side's machine. Owners and notes travel only
// sealed (shared detail), amounts, stages and competitors never; a full
// plan run (every format, an update with a note) leaves none of them in
// the broker's files or log, while acme's own state directory does hold
// them (the needles are real).
TEST_F(PrivacyTest, PlanDataNeverReachesTheBroker) {
  StartBroker();
  const std::string sharing =
      "sharing:\n"
      "  levels: {Customers: overlaps, Prospects: overlaps}\n"
      "  fields: [account_name, populations, owner, note, relationship]\n"
      "plan:\n"
      "  acv: 100000\n";
  AddParty("acme", sharing);
  AddParty("globex", sharing);
  const std::string acme_csv = party_dir("acme") + "/accounts.csv";
  const std::string globex_csv = party_dir("globex") + "/accounts.csv";
  WriteFile(acme_csv,
            "Account ID,Account Name,Type,Website,Account Owner,Partner Note,"
            "Opportunity Stage,Amount,Close Date,Competitor,Relationship "
            "Strength\r\n"
            "001CANARYPLAN01,Qorvane Canary Systems,Prospect,qorvane-canary."
            "test,Ulfrida Canaryowner,Qorvane private partner note 4471,"
            "Zyxstage Negotiation,731904.37,12/15/2026,Zyxcompetitor Ltd,"
            "Champion\r\n"
            "001CANARYPLAN02,Wendell Canary Mills,Customer - Direct,wendell-"
            "canary.test,Ignatz Canaryowner,Wendell private note 5512,,"
            "268113.91,,,User\r\n");
  WriteFile(
      globex_csv,
      "Record ID,Company name,Company Domain Name,Lifecycle Stage,Company "
      "owner,Partner Note,Relationship Strength\n"
      "9901,Qorvane Canary Systems,qorvane-canary.test,Customer,Brunhild "
      "Canaryowner,Globex private note 6603,Champion\n"
      "9902,Wendell Canary Mills,wendell-canary.test,Lead,Oswin "
      "Canaryowner,Globex private note 7714,User\n");
  Partner("acme", "globex", NoProbeLimitArgs());
  for (const auto& [party, partner, csv] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"acme", "globex", acme_csv}, {"globex", "acme", globex_csv}}) {
    const ProcessResult run =
        Blindmap(party, {"sync", "--partner", partner, "--input", csv});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  for (const char* format : {"text", "json", "markdown", "csv", "html",
                             "salesforce-csv", "hubspot-csv"}) {
    const ProcessResult run =
        Blindmap("acme", {"plan", "--partner", "globex", "--input", acme_csv,
                          "--format", format});
    ASSERT_EQ(run.exit_code, 0) << format << ": " << run.err;
  }
  const ProcessResult update =
      Blindmap("acme", {"plan", "update", "001CANARYPLAN01", "--status",
                        "meeting", "--activity", "workshop", "--participants",
                        "Philomena Canaryguest", "--outcome",
                        "Qorvane canary outcome "
                        "8825",
                        "--next-step", "Qorvane canary next step 9936",
                        "--note", "Qorvane canary engagement note 1047"});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  const ProcessResult plan = Blindmap(
      "acme",
      {"plan", "--partner", "globex", "--input", acme_csv, "--format", "json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  // The plan did see both sides' data: the partner's owner (opened here)
  // and acme's amount.
  EXPECT_THAT(plan.out, ::testing::HasSubstr("Brunhild Canaryowner"));
  EXPECT_THAT(plan.out, ::testing::HasSubstr("731904.37"));
  ASSERT_EQ(StopBroker(SIGTERM), 0);

  std::vector<Needle> needles;
  for (const char* text : {"Ulfrida Canaryowner",
                           "Ignatz Canaryowner",
                           "Brunhild Canaryowner",
                           "Oswin Canaryowner",
                           "Canaryowner",
                           "private partner note 4471",
                           "Wendell private note 5512",
                           "Globex private note 6603",
                           "Globex private note 7714",
                           "731904.37",
                           "731904",
                           "731,904",
                           "268113.91",
                           "268113",
                           "Zyxstage",
                           "Zyxcompetitor",
                           "Philomena Canaryguest",
                           "canary outcome 8825",
                           "canary next step 9936",
                           "canary engagement note 1047",
                           "Champion",
                           "Qorvane",
                           "qorvane-canary",
                           "Wendell"}) {
    AddNeedle(needles, text, "plan canary");
  }
  const auto files = ReadTree(data_dir(), {broker_log()});
  ASSERT_GT(files.size(), 5u);
  EXPECT_THAT(FindNeedles(files, needles), ::testing::IsEmpty());

  // Control: acme's machine keeps what the broker must not see.
  const auto local = ReadTree(party_dir("acme") + "/state");
  EXPECT_TRUE(AnyFileContains(local, "Qorvane canary engagement note 1047"));
  EXPECT_TRUE(AnyFileContains(local, "731904.37"));
  EXPECT_TRUE(AnyFileContains(local, "Philomena Canaryguest"));
}

}  // namespace
}  // namespace blindmap
