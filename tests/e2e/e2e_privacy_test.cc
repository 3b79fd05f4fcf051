// Privacy promise 1, end to end: after a full mapping run, no account name,
// domain, CRM id, partnership secret or API token appears in any file under
// the broker's data directory or in its log.
#include <signal.h>
#include <stdlib.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

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

// Every number in a JSON document.
void CollectNumbers(const nlohmann::json& j, std::vector<int64_t>& out) {
  if (j.is_number_integer()) out.push_back(j.get<int64_t>());
  if (j.is_structured()) {
    for (const auto& item : j) CollectNumbers(item, out);
  }
}

// Privacy promise 6: a population acme hides from globex is in no count,
// total, rate, history entry or field that globex sees, in any format; globex
// learns only that something is hidden.
TEST_F(PrivacyTest, HiddenPopulationIsInNothingThePartnerSees) {
  setenv("BLINDMAP_FAKE_NOW", "2026-11-20", 1);
  StartBroker();
  AddParty("acme",
           "populations:\n"
           "  - {name: Customers, kind: customer, where: {column: Type, "
           "prefix: Customer}}\n"
           "  - {name: Secret Pipeline, kind: prospect, where: {column: Type, "
           "equals: Prospect}}\n"
           "sharing: {levels: {Secret Pipeline: hidden}}\n");
  AddParty("globex");
  // 40 prospects more than the example, so that the hidden size (131) and
  // acme's total (227) are figures no count of this run happens to equal.
  const std::string acme_csv = party_dir("acme") + "/accounts.csv";
  std::string rows =
      ReadFileOrEmpty(SourcePath("examples/acme-salesforce.csv"));
  for (int i = 0; i < 40; ++i) {
    absl::StrAppend(&rows, "001HIDDEN", 1000 + i, ",Qorvanth Prospect ", i,
                    " Ltd,Prospect,https://qorvanth", i,
                    ".example.org/,Software,Ireland,Ann Other,10,1000\n");
  }
  WriteFile(acme_csv, rows);
  const std::string globex_csv = SourcePath("examples/globex-hubspot.csv");
  Partner("acme", "globex");
  // Two periods, so that one is in the history.
  nlohmann::json acme_sync;
  for (const char* period : {"2026-10", "2026-11"}) {
    const ProcessResult acme =
        Blindmap("acme", {"sync", "--partner", "globex", "--input", acme_csv,
                          "--period", period, "--format", "json"});
    ASSERT_EQ(acme.exit_code, 0) << acme.err;
    acme_sync = nlohmann::json::parse(acme.out);
    const ProcessResult globex =
        Blindmap("globex", {"sync", "--partner", "acme", "--input", globex_csv,
                            "--period", period});
    ASSERT_EQ(globex.exit_code, 0) << globex.err;
  }
  const int64_t acme_total = acme_sync["records_stored"];
  const int64_t visible = acme_sync["populations"][0]["records"];
  const int64_t hidden = acme_sync["populations"][1]["records"];
  ASSERT_EQ(acme_sync["populations"][1]["name"], "Secret Pipeline");
  ASSERT_EQ(hidden, 131);
  ASSERT_EQ(visible + hidden, acme_total);  // Type is one value per row

  // What globex can ask for, in every format.
  std::vector<std::pair<std::string, std::string>> seen;  // (command, output)
  const std::vector<std::vector<std::string>> commands = {
      {"report", "--partner", "acme", "--format", "json"},
      {"report", "--partner", "acme", "--format", "text"},
      {"report", "--partner", "acme", "--format", "markdown"},
      {"report", "--partner", "acme", "--format", "csv"},
      {"report", "--partner", "acme", "--history", "--format", "json"},
      {"report", "--partner", "acme", "--history", "--format", "text"},
      {"report", "--partner", "acme", "--history", "--format", "csv"},
      {"partner", "list", "--format", "json"},
      {"partner", "list"},
      {"sharing", "--partner", "acme", "--format", "json"},
      {"sharing", "--partner", "acme"},
      {"shared", "--partner", "acme", "--format", "json"},
  };
  for (const std::vector<std::string>& args : commands) {
    const ProcessResult run = Blindmap("globex", args);
    ASSERT_EQ(run.exit_code, 0) << absl::StrJoin(args, " ") << ": " << run.err;
    seen.emplace_back(absl::StrJoin(args, " "), run.out + run.err);
  }
  for (const auto& [command, output] : seen) {
    EXPECT_THAT(output, Not(HasSubstr("Secret Pipeline"))) << command;
    EXPECT_THAT(output, Not(HasSubstr("Secret"))) << command;
    const auto json = nlohmann::json::parse(output, nullptr, false);
    if (json.is_discarded()) continue;
    std::vector<int64_t> numbers;
    CollectNumbers(json, numbers);
    EXPECT_THAT(numbers, Not(Contains(hidden))) << command;
    EXPECT_THAT(numbers, Not(Contains(acme_total))) << command;
  }
  // The figures globex sees are those of acme's visible records.
  const auto report = nlohmann::json::parse(seen[0].second);
  EXPECT_EQ(report["partner_snapshot"]["records"], visible);
  ASSERT_EQ(report["partner_populations"].size(), 1u);
  EXPECT_EQ(report["partner_populations"][0]["name"], "Customers");
  EXPECT_THAT(report["notes"],
              Contains("acme hides some of its populations from you: they "
                       "are in no count, total or rate of this report"));
  const auto history = nlohmann::json::parse(seen[4].second);
  ASSERT_EQ(history["periods"].size(), 2u) << seen[4].second;
  for (const auto& period : history["periods"]) {
    ASSERT_FALSE(period["cells"].empty()) << period;
    for (const auto& cell : period["cells"]) {
      EXPECT_EQ(cell["partner_population"], "Customers") << cell;
    }
  }
  // Control: acme itself is told what it hides.
  const ProcessResult own = Blindmap("acme", {"report", "--partner", "globex"});
  ASSERT_EQ(own.exit_code, 0) << own.err;
  EXPECT_THAT(own.out, HasSubstr("You hide Secret Pipeline from globex"));
  unsetenv("BLINDMAP_FAKE_NOW");
}

// Privacy promise 7: text from a partner (sealed detail, population names),
// a CSV (ids, names, header names) or a config reaches the terminal with
// its control characters escaped, never raw: no OSC retitle (ESC ] 0; ...
// BEL), no screen clear (ESC [ 2J). JSON and CSV carry the exact text. The
// broker's files hold none of it.
TEST_F(PrivacyTest, TerminalEscapesFromAPartnerOrACsvAreShownEscaped) {
  const std::string kTitle = "\x1b]0;pwned by globex\x07";
  const std::string kClear = "\x1b[2J";
  StartBroker();
  AddParty("acme",
           "sharing:\n"
           "  fields: [account_name, website, note]\n"
           "  opt_in: {where: {column: Partner Ready, equals: \"yes\"}}\n");
  AddParty("globex",
           "populations:\n"
           "  - {name: \"Cust\\e[2Jomers\", kind: customer, where: {column: "
           "Lifecycle Stage, equals: customer}}\n"
           "sharing:\n"
           "  fields: [account_name, website, note]\n"
           "  opt_in: {where: {column: Partner Ready, equals: \"yes\"}}\n");
  const std::string evil_name = "Quillfeather " + kTitle + "Robotics" + kClear;
  const std::string evil_note = "call me " + kClear + "now";
  const std::string acme_csv = party_dir("acme") + "/accounts.csv";
  const std::string globex_csv = party_dir("globex") + "/accounts.csv";
  WriteFile(acme_csv,
            "Account ID,Account Name,Type,Website,Partner Note,Partner Ready\n"
            "0015g00000s0001AAA,Quillfeather Robotics GmbH,Customer - Direct,"
            "quillfeather-robotics.com,ours,yes\n"
            "001ESC" +
                kClear + ",Marrowind " + kTitle +
                " Analytics,Prospect,marrowind-analytics.com,x,yes\n");
  WriteFile(
      globex_csv,
      "Record ID,Company name,Company Domain Name,Lifecycle Stage,"
      "Partner Note,Partner Ready\n"
      "8801,\"" +
          evil_name + "\",quillfeather-robotics.com,Customer,\"" + evil_note +
          "\",yes\n"
          "8802,Marrowind Analytics,marrowind-analytics.com,Customer,y,yes\n");
  Partner("acme", "globex", NoProbeLimitArgs());
  for (const auto& [party, partner, csv] :
       {std::tuple<std::string, std::string, std::string>{"acme", "globex",
                                                          acme_csv},
        {"globex", "acme", globex_csv}}) {
    const ProcessResult run =
        Blindmap(party, {"sync", "--partner", partner, "--input", csv});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << party;
  }

  // What acme sees on its terminal.
  const std::vector<std::vector<std::string>> terminal = {
      {"shared", "--partner", "globex"},
      {"report", "--partner", "globex"},
      {"report", "--partner", "globex", "--format", "markdown"},
      {"report", "--partner", "globex", "--history"},
      {"sharing", "--partner", "globex"},
      {"keys", acme_csv},
      {"match-local", acme_csv, globex_csv},
      {"sync", "--partner", "globex", "--input", acme_csv, "--dry-run"},
      {"sharing", "--partner", "globex", "--set", "Evil" + kClear + "=hidden"},
      {"opt-out", "--partner", "globex", "--account", "001NOPE" + kTitle},
  };
  for (const std::vector<std::string>& args : terminal) {
    const ProcessResult run = Blindmap("acme", args);
    const std::string shown = run.out + run.err;
    EXPECT_EQ(shown.find('\x1b'), std::string::npos)
        << absl::StrJoin(args, " ") << ":\n"
        << shown;
    EXPECT_EQ(shown.find('\x07'), std::string::npos) << args[0];
  }
  // Escaped, so a person still sees what was there.
  const ProcessResult shared =
      Blindmap("acme", {"shared", "--partner", "globex"});
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  EXPECT_THAT(shared.out, HasSubstr("Quillfeather \\e]0;pwned by globex\\x07"
                                    "Robotics\\e[2J"));
  EXPECT_THAT(shared.out, HasSubstr("note:        call me \\e[2Jnow"));
  const ProcessResult sharing = Blindmap(
      "acme",
      {"sharing", "--partner", "globex", "--set", "Evil" + kClear + "=hidden"});
  EXPECT_EQ(sharing.exit_code, 3);
  EXPECT_THAT(sharing.err, HasSubstr("no population \"Evil\\e[2J\""));

  // JSON and CSV carry the exact text.
  const ProcessResult json =
      Blindmap("acme", {"shared", "--partner", "globex", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto parsed = nlohmann::json::parse(json.out);
  std::set<std::string> names;
  for (const auto& account : parsed["accounts"]) {
    names.insert(account["partner"]["account_name"].get<std::string>());
  }
  EXPECT_THAT(names, Contains(evil_name));
  const ProcessResult csv =
      Blindmap("acme", {"shared", "--partner", "globex", "--format", "csv"});
  EXPECT_THAT(csv.out, HasSubstr(evil_note));
  const ProcessResult report =
      Blindmap("acme", {"report", "--partner", "globex", "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(report.out)["partner_populations"][0]["name"],
            "Cust" + kClear + "omers");

  // The broker holds none of the escaped names or notes.
  ASSERT_EQ(StopBroker(SIGTERM), 0);
  std::vector<Needle> needles;
  AddNeedle(needles, evil_name, "globex account name");
  AddNeedle(needles, evil_note, "globex note");
  AddNeedle(needles, "pwned by globex", "escape payload");
  EXPECT_THAT(FindNeedles(ReadTree(data_dir(), {broker_log()}), needles),
              ::testing::IsEmpty());
}

}  // namespace
}  // namespace blindmap
