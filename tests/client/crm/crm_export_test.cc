#include "client/crm/crm_export.h"

#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "client/config/client_config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr char kBroker[] =
    "broker: {address: 'localhost:7443', token_file: acme.token}\n";

// "row <n> [<column>]: <reason>", to compare problems in one line.
std::string Describe(const RowProblem& problem) {
  return absl::StrCat("row ", problem.row, " [", problem.column,
                      "]: ", problem.reason);
}

std::vector<std::string> Describe(const std::vector<RowProblem>& problems) {
  std::vector<std::string> out;
  for (const RowProblem& problem : problems) out.push_back(Describe(problem));
  return out;
}

std::vector<std::string> Ids(const std::vector<ExportedAccount>& accounts) {
  std::vector<std::string> ids;
  for (const ExportedAccount& account : accounts) {
    ids.push_back(account.account_id);
  }
  return ids;
}

constexpr char kNoKeyReason[] =
    "no usable match key: no company name left after normalization, no "
    "usable website and no registration id";

class CrmExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    Configure("");
  }

  // Replaces the config with the broker settings plus `yaml`.
  void Configure(const std::string& yaml) {
    absl::StatusOr<ClientConfig> config =
        ParseClientConfig(absl::StrCat(kBroker, yaml), "client.yaml");
    ASSERT_TRUE(config.ok()) << config.status();
    config_ = *std::move(config);
  }

  // Writes `csv` to accounts.csv in the temp dir and reads it.
  absl::StatusOr<CrmExport> Read(const std::string& csv,
                                 const ReadProgress& progress = {}) {
    {
      std::ofstream out(path(), std::ios::binary | std::ios::trunc);
      out << csv;
      if (!out.good()) return absl::InternalError("cannot write " + path());
    }
    absl::StatusOr<std::unique_ptr<CrmExportReader>> reader =
        CrmExportReader::Create(config_);
    if (!reader.ok()) return reader.status();
    return (*reader)->Read(path(), progress);
  }

  // The message of the error reading `csv` gives; fails the test if
  // reading succeeds or the code is not INVALID_ARGUMENT.
  std::string ReadErrorMessage(const std::string& csv) {
    absl::StatusOr<CrmExport> read = Read(csv);
    EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(read.status().message());
  }

  std::string path() const { return dir_.path() + "/accounts.csv"; }

  TempDir dir_;
  ClientConfig config_;
};

TEST_F(CrmExportTest, ReadsASalesforceExport) {
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type,Website,Industry\n"
      "001A,\"Acme Holdings, Inc.\",Customer - Direct,"
      "https://www.acme.com/about,Software\n"
      "001B,Globex GmbH,Prospect,globex.de,Manufacturing\n"
      "001C,Initech,Other,initech.com,Software\n");
  ASSERT_TRUE(read.ok()) << read.status();
  const ExportSummary& summary = read->summary;
  EXPECT_EQ(summary.source, path());
  EXPECT_EQ(summary.columns.id, 0);
  EXPECT_EQ(summary.columns.name, 1);
  EXPECT_THAT(summary.columns.websites, ElementsAre(3));
  EXPECT_THAT(
      summary.columns.header,
      ElementsAre("Account ID", "Account Name", "Type", "Website", "Industry"));
  EXPECT_EQ(summary.rows, 3);
  EXPECT_EQ(summary.no_population, 1);
  EXPECT_EQ(summary.excluded, 0);
  EXPECT_EQ(summary.rejected, 0);
  EXPECT_EQ(summary.no_key, 0);
  EXPECT_EQ(summary.ragged_rows, 0);
  EXPECT_THAT(summary.population_sizes, ElementsAre(1u, 1u));
  EXPECT_EQ(summary.name_and_domain, 2);
  EXPECT_EQ(summary.name_keys, 2);
  EXPECT_EQ(summary.domain_keys, 2);
  EXPECT_THAT(summary.problems, IsEmpty());

  ASSERT_EQ(read->accounts.size(), 2u);
  const ExportedAccount& acme = read->accounts[0];
  EXPECT_EQ(acme.row, 2);
  EXPECT_EQ(acme.account_id, "001A");
  EXPECT_EQ(acme.populations, 0b01u);  // Customers
  EXPECT_EQ(acme.name_key, "acme holdings");
  EXPECT_THAT(acme.domain_keys, ElementsAre("acme.com"));
  const ExportedAccount& globex = read->accounts[1];
  EXPECT_EQ(globex.row, 3);
  EXPECT_EQ(globex.account_id, "001B");
  EXPECT_EQ(globex.populations, 0b10u);  // Prospects
  EXPECT_EQ(globex.name_key, "globex");
  EXPECT_THAT(globex.domain_keys, ElementsAre("globex.de"));
}

TEST_F(CrmExportTest, ReadsAHubSpotExportWithByteOrderMarkAndBothWebsites) {
  absl::StatusOr<CrmExport> read = Read(
      "\xEF\xBB\xBFRecord ID,Company name,Lifecycle Stage,Website URL,"
      "Company Domain Name\n"
      "9001,Initech,customer,https://initech.com,initech.com\n"
      "9002,Hooli,Lead,https://www.hooli.xyz/,hooli.com\n");
  ASSERT_TRUE(read.ok()) << read.status();
  const ExportSummary& summary = read->summary;
  EXPECT_EQ(summary.columns.header[0], "Record ID");
  EXPECT_EQ(summary.columns.id, 0);
  EXPECT_EQ(summary.columns.name, 1);
  EXPECT_THAT(summary.columns.websites, ElementsAre(3, 4));
  ASSERT_EQ(read->accounts.size(), 2u);
  EXPECT_EQ(read->accounts[0].account_id, "9001");
  EXPECT_EQ(read->accounts[0].populations, 0b01u);
  EXPECT_EQ(read->accounts[0].name_key, "initech");
  // The same domain in both columns is one key.
  EXPECT_THAT(read->accounts[0].domain_keys, ElementsAre("initech.com"));
  EXPECT_EQ(read->accounts[1].account_id, "9002");
  EXPECT_EQ(read->accounts[1].populations, 0b10u);
  EXPECT_THAT(read->accounts[1].domain_keys,
              ElementsAre("hooli.xyz", "hooli.com"));
  EXPECT_EQ(summary.domain_keys, 3);
  EXPECT_EQ(summary.name_keys, 2);
  EXPECT_THAT(summary.population_sizes, ElementsAre(1u, 1u));
}

TEST_F(CrmExportTest, DetectionPrefersTheFirstKnownNameNotTheFirstColumn) {
  absl::StatusOr<ExportColumns> columns =
      ResolveColumns({"Name", "Id", "Account Name", "Domain", "Website"},
                     config_, "accounts.csv");
  ASSERT_TRUE(columns.ok()) << columns.status();
  EXPECT_EQ(columns->id, 1);
  EXPECT_EQ(columns->name, 2);                        // "Account Name" > "Name"
  EXPECT_THAT(columns->websites, ElementsAre(4, 3));  // "Website" > "Domain"
}

TEST_F(CrmExportTest, DetectionIgnoresCaseAndSpacesAndMayFindNoId) {
  absl::StatusOr<ExportColumns> columns = ResolveColumns(
      {" company NAME ", "WEBSITE", "Type"}, config_, "accounts.csv");
  ASSERT_TRUE(columns.ok()) << columns.status();
  EXPECT_EQ(columns->id, -1);
  EXPECT_EQ(columns->name, 0);
  EXPECT_THAT(columns->websites, ElementsAre(1));
}

TEST_F(CrmExportTest, ConfiguredColumnsOverrideDetection) {
  Configure(
      "export:\n"
      "  columns:\n"
      "    id: CRM Key\n"
      "    name: legal name\n"
      "    website: [Homepage, Email Domain]\n");
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,CRM Key,Legal Name,Homepage,Email Domain,"
      "Website,Type\n"
      "A1,Wrong Name,K-77,Umbrella Corporation,umbrella.com,umbrella.co.uk,"
      "wrong.example.net,Customer\n");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.columns.id, 2);
  EXPECT_EQ(read->summary.columns.name, 3);
  EXPECT_THAT(read->summary.columns.websites, ElementsAre(4, 5));
  ASSERT_EQ(read->accounts.size(), 1u);
  EXPECT_EQ(read->accounts[0].account_id, "K-77");
  EXPECT_EQ(read->accounts[0].name_key, "umbrella");
  EXPECT_THAT(read->accounts[0].domain_keys,
              ElementsAre("umbrella.com", "umbrella.co.uk"));
}

TEST_F(CrmExportTest, ConfiguredColumnMissingFromTheHeaderIsAnError) {
  Configure("export: {columns: {name: Firm}}\n");
  EXPECT_EQ(ReadErrorMessage("Account ID,Account Name,Type\n1,Acme,Customer\n"),
            absl::StrCat(path(),
                         ": column \"Firm\" (export.columns.name in the "
                         "config) is not in the header; the header has: "
                         "Account ID, Account Name, Type"));
  Configure("export: {columns: {website: [Website, Domain]}}\n");
  EXPECT_EQ(ReadErrorMessage("Account Name,Type,Website\nAcme,Customer,a.io\n"),
            absl::StrCat(path(),
                         ": column \"Domain\" (export.columns.website in the "
                         "config) is not in the header; the header has: "
                         "Account Name, Type, Website"));
  Configure("export: {columns: {id: SFDC Id}}\n");
  EXPECT_THAT(ReadErrorMessage("Account Name,Type\nAcme,Customer\n"),
              HasSubstr("column \"SFDC Id\" (export.columns.id in the "
                        "config) is not in the header"));
}

TEST_F(CrmExportTest, NoNameOrWebsiteColumnIsAnError) {
  EXPECT_EQ(ReadErrorMessage("Account ID,Type,Industry\n1,Customer,Retail\n"),
            absl::StrCat(path(),
                         ": no company name, website or registration id "
                         "column found (looked for \"Account Name\", "
                         "\"Company name\", \"Website\", \"Website URL\", "
                         "\"DUNS\", ...); the header has: Account ID, Type, "
                         "Industry. Name the columns under export.columns in "
                         "the config."));
}

TEST_F(CrmExportTest, DefaultPopulationsNeedTypeOrLifecycleStage) {
  EXPECT_EQ(ReadErrorMessage("Account Name,Website\nAcme,acme.com\n"),
            absl::StrCat(path(),
                         ": the default populations need a Salesforce "
                         "\"Type\" or HubSpot \"Lifecycle Stage\" column, and "
                         "the header has neither; define populations in the "
                         "config"));
}

TEST_F(CrmExportTest, CustomPopulationOnAMissingColumnIsAnError) {
  Configure(
      "populations:\n"
      "  - name: Strategic\n"
      "    kind: customer\n"
      "    where: {column: Tier, equals: gold}\n");
  EXPECT_EQ(ReadErrorMessage("Account Name,Type\nAcme,Customer\n"),
            absl::StrCat(path(),
                         ": population \"Strategic\": column \"Tier\" is not "
                         "in the header"));
}

TEST_F(CrmExportTest, ExclusionOnAMissingColumnIsAnError) {
  Configure("exclude: {column: Do Not Share, equals: yes}\n");
  EXPECT_EQ(ReadErrorMessage("Account Name,Type\nAcme,Customer\n"),
            absl::StrCat(path(),
                         ": exclude: column \"Do Not Share\" is not in the "
                         "header"));
}

TEST_F(CrmExportTest, ExcludedRowsAreCountedAndNeverExported) {
  Configure("exclude: {column: Do Not Share, equals: [yes, true]}\n");
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type,Do Not Share\n"
      "1,Alpha,Customer,Yes\n"
      "2,Bravo,Prospect,\n"
      "3,Charlie,Other,TRUE\n"
      "4,Delta,Customer,no\n");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.rows, 4);
  EXPECT_EQ(read->summary.excluded, 2);
  EXPECT_EQ(read->summary.no_population, 0);  // row 4 counts as excluded
  EXPECT_THAT(Ids(read->accounts), ElementsAre("2", "4"));
  EXPECT_THAT(read->summary.population_sizes, ElementsAre(1u, 1u));
}

TEST_F(CrmExportTest, RowsInNoPopulationAreCountedAndNotExported) {
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type\n"
      "1,Alpha,Other\n"
      "2,Bravo,\n"
      "3,Charlie,Technology Partner\n"
      "4,Delta,Prospect\n");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.rows, 4);
  EXPECT_EQ(read->summary.no_population, 3);
  EXPECT_THAT(Ids(read->accounts), ElementsAre("4"));
  EXPECT_THAT(read->summary.population_sizes, ElementsAre(0u, 1u));
  EXPECT_THAT(read->summary.problems, IsEmpty());
}

TEST_F(CrmExportTest, ShortRowsArePaddedAndCounted) {
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type,Website,Industry\n"
      "1,Alpha,Prospect\n"
      "2,Bravo,Customer,bravo.io,Retail\n"
      "3,Charlie\n");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.rows, 3);
  EXPECT_EQ(read->summary.ragged_rows, 2);
  EXPECT_EQ(read->summary.no_population, 1);  // row 4 has no Type
  EXPECT_EQ(read->summary.rejected, 0);
  ASSERT_EQ(read->accounts.size(), 2u);
  EXPECT_EQ(read->accounts[0].account_id, "1");
  EXPECT_EQ(read->accounts[0].name_key, "alpha");
  EXPECT_THAT(read->accounts[0].domain_keys, IsEmpty());
  EXPECT_EQ(read->summary.name_only, 1);
  EXPECT_EQ(read->summary.name_and_domain, 1);
}

TEST_F(CrmExportTest, RowWithTooManyFieldsIsRejectedWithItsRowNumber) {
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type,Website\n"
      "1,Bravo,Customer,bravo.io\n"
      "2,Acme, Inc.,Customer,acme.com\n");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.rows, 2);
  EXPECT_EQ(read->summary.rejected, 1);
  EXPECT_THAT(Describe(read->summary.problems),
              ElementsAre("row 3 []: the row has 5 fields but the header has "
                          "4 (an unquoted comma?)"));
  EXPECT_THAT(Ids(read->accounts), ElementsAre("1"));
}

TEST_F(CrmExportTest, DuplicateAccountIdIsRejectedNamingTheFirstRow) {
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type\n"
      "001,Alpha,Customer\n"
      "002,Bravo,Prospect\n"
      "001,Alpha Again,Customer\n"
      " 002 ,Bravo Again,Prospect\n");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.rejected, 2);
  EXPECT_THAT(
      Describe(read->summary.problems),
      ElementsAre(
          "row 4 [Account ID]: the same account id as row 2 (duplicate row?)",
          "row 5 [Account ID]: the same account id as row 3 (duplicate "
          "row?)"));
  ASSERT_EQ(read->accounts.size(), 2u);
  EXPECT_EQ(read->accounts[0].name_key, "alpha");
  EXPECT_EQ(read->accounts[1].name_key, "bravo");
  EXPECT_THAT(read->summary.population_sizes, ElementsAre(1u, 1u));
}

TEST_F(CrmExportTest, DroppedRowDoesNotMakeALaterRowADuplicate) {
  // Row 2 has no usable key and is dropped; row 3 reuses its id and is kept.
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type\n"
      "001,Inc.,Customer\n"
      "001,Alpha,Customer\n");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.no_key, 1);
  EXPECT_EQ(read->summary.rejected, 0);
  ASSERT_EQ(read->accounts.size(), 1u);
  EXPECT_EQ(read->accounts[0].row, 3);
}

TEST_F(CrmExportTest, RowsWithoutAUsableKeyAreCountedAndListed) {
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type,Website\n"
      "1,Inc.,Customer,\n"
      "2,,Prospect,n/a\n"
      "3,Acme,Customer,\n");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.no_key, 2);
  EXPECT_EQ(read->summary.rejected, 0);
  EXPECT_THAT(Describe(read->summary.problems),
              ElementsAre(absl::StrCat("row 2 []: ", kNoKeyReason),
                          absl::StrCat("row 3 []: ", kNoKeyReason)));
  EXPECT_THAT(read->summary.unusable_websites, ElementsAre(Pair("invalid", 1)));
  EXPECT_THAT(Ids(read->accounts), ElementsAre("3"));
  // Dropped accounts are in no population size.
  EXPECT_THAT(read->summary.population_sizes, ElementsAre(1u, 0u));
}

TEST_F(CrmExportTest, UnusableWebsitesAreCountedByVerdictAndKeysPerRecord) {
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type,Website,Company Domain Name\n"
      "1,Solo Consulting,Customer,https://gmail.com,\n"
      "2,Foo Labs,Prospect,linkedin.com/company/foo-labs,foolabs.io\n"
      "3,,Customer,,barworks.net\n"
      "4,Qux,Customer,192.168.1.1,sites.google.com/view/qux\n");
  ASSERT_TRUE(read.ok()) << read.status();
  const ExportSummary& summary = read->summary;
  EXPECT_THAT(summary.unusable_websites,
              ElementsAre(Pair("free_mail", 1), Pair("ip_address", 1),
                          Pair("social_or_hosting", 2)));
  EXPECT_EQ(summary.name_and_domain, 1);
  EXPECT_EQ(summary.name_only, 2);
  EXPECT_EQ(summary.domain_only, 1);
  EXPECT_EQ(summary.name_keys, 3);
  EXPECT_EQ(summary.domain_keys, 2);
  EXPECT_EQ(summary.no_key, 0);
  ASSERT_EQ(read->accounts.size(), 4u);
  EXPECT_THAT(read->accounts[0].domain_keys, IsEmpty());
  EXPECT_THAT(read->accounts[1].domain_keys, ElementsAre("foolabs.io"));
  EXPECT_EQ(read->accounts[2].name_key, "");
  EXPECT_THAT(read->accounts[2].domain_keys, ElementsAre("barworks.net"));
}

TEST_F(CrmExportTest, PopulationBitsAndSizesFollowTheConfiguredOrder) {
  Configure(
      "populations:\n"
      "  - {name: Customers, kind: customer,"
      " where: {column: Type, prefix: customer}}\n"
      "  - {name: Enterprise, where: {column: Segment, equals: enterprise}}\n"
      "  - {name: Europe, where: {column: Region, equals: emea}}\n");
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type,Segment,Region\n"
      "1,Alpha,Customer - Direct,Enterprise,AMER\n"
      "2,Bravo,Customer - Channel,SMB,EMEA\n"
      "3,Charlie,Prospect,Enterprise,EMEA\n"
      "4,Inc.,Customer,Enterprise,EMEA\n"
      "5,Delta,Prospect,SMB,APAC\n");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->accounts.size(), 3u);
  EXPECT_EQ(read->accounts[0].populations, 0b011u);
  EXPECT_EQ(read->accounts[1].populations, 0b101u);
  EXPECT_EQ(read->accounts[2].populations, 0b110u);
  EXPECT_THAT(read->summary.population_sizes, ElementsAre(2u, 2u, 2u));
  EXPECT_EQ(read->summary.no_population, 1);
  EXPECT_EQ(read->summary.no_key, 1);
}

TEST_F(CrmExportTest, RowNumbersAreSpreadsheetRowsNotLines) {
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type,Notes\r\n"
      "1,Alpha,Customer,\"line one\nline two\"\r\n"
      "\r\n"
      "2,Bravo,Customer,\r\n"
      "3,,Customer,\r\n");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->accounts.size(), 2u);
  EXPECT_EQ(read->accounts[0].row, 2);  // the header is row 1
  EXPECT_EQ(read->accounts[1].row, 3);
  EXPECT_THAT(Describe(read->summary.problems),
              ElementsAre(absl::StrCat("row 4 []: ", kNoKeyReason)));
}

TEST_F(CrmExportTest, AccountsWithoutAnIdAreNamedByRow) {
  absl::StatusOr<CrmExport> read = Read(
      "Company name,Lifecycle Stage,Website URL\n"
      "Initech,customer,initech.com\n"
      "Hooli,lead,hooli.com\n");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.columns.id, -1);
  EXPECT_THAT(Ids(read->accounts), ElementsAre("row:2", "row:3"));

  absl::StatusOr<CrmExport> blank_ids = Read(
      "Account ID,Account Name,Type\n"
      ",Alpha,Customer\n"
      "  ,Bravo,Customer\n");
  ASSERT_TRUE(blank_ids.ok()) << blank_ids.status();
  EXPECT_THAT(Ids(blank_ids->accounts), ElementsAre("row:2", "row:3"));
}

TEST_F(CrmExportTest, ProgressIsReportedWithTheRowsRead) {
  std::vector<int64_t> calls;
  absl::StatusOr<CrmExport> read =
      Read("Account Name,Type\nAlpha,Customer\nBravo,Prospect\nCharlie,Other\n",
           [&calls](int64_t rows) { calls.push_back(rows); });
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(calls, ElementsAre(3));
}

TEST_F(CrmExportTest, EmptyAndMissingFilesAreErrors) {
  EXPECT_EQ(
      ReadErrorMessage(""),
      absl::StrCat(path(), ": the file is empty (expected a header row)"));
  absl::StatusOr<std::unique_ptr<CrmExportReader>> reader =
      CrmExportReader::Create(config_);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->Read(dir_.path() + "/missing.csv").status().code(),
            absl::StatusCode::kNotFound);
}

// Values that appear in the CSV and must appear in no problem or error.
const char* const kCellValues[] = {
    "ZQX",
    "7731",
    "8842",
    "9953",
    "Zanzibarian",
    "Quokka",
    "quokkazanzibar",
    "PurpleElephant",
    "OrangeGiraffe",
    "Vermillion",
    "TealNarwhal",
    "Wombat",
    "\u2605\u2606\u2605",  // a name of symbols only: no name key
};

TEST_F(CrmExportTest, ProblemsNeverContainCellValues) {
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type,Website,Notes\n"
      "ZQX-7731,Zanzibarian Quokka Holdings,Customer,"
      "https://quokkazanzibar.com,PurpleElephantNote\n"
      "ZQX-7731,Zanzibarian Quokka Holdings,Customer,"
      "https://quokkazanzibar.com,PurpleElephantNote\n"
      "ZQX-8842,\u2605\u2606\u2605 Inc.,Customer,"
      "https://mail.gmail.com/?OrangeGiraffe,"
      "PurpleElephantNote\n"
      "ZQX-9953,Vermillion,Wombat,Prospect,x.com,TealNarwhalNote\n");
  ASSERT_TRUE(read.ok()) << read.status();
  // A duplicate id, no usable key, too many fields.
  std::vector<int64_t> rows;
  for (const RowProblem& problem : read->summary.problems) {
    rows.push_back(problem.row);
  }
  ASSERT_THAT(rows, UnorderedElementsAre(3, 4, 5));
  for (const RowProblem& problem : read->summary.problems) {
    for (const char* value : kCellValues) {
      EXPECT_THAT(problem.reason, Not(HasSubstr(value))) << Describe(problem);
      EXPECT_THAT(problem.column, Not(HasSubstr(value))) << Describe(problem);
    }
  }
  for (const auto& [verdict, count] : read->summary.unusable_websites) {
    for (const char* value : kCellValues) {
      EXPECT_THAT(verdict, Not(HasSubstr(value)));
    }
  }
  EXPECT_THAT(read->summary.unusable_websites,
              ElementsAre(Pair("free_mail", 1)));
}

TEST_F(CrmExportTest, InvalidUtf8FailsNamingRowAndColumnButNotTheBytes) {
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type\n"
      "1,Alpha,Customer\n"
      "2,Zanzibarian \xff\xfe Quokka,Customer\n");
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(read.status().message(),
            absl::StrCat(path(), ": row 3, line 3, column 2: invalid UTF-8"));
  // After the path (a random temp dir name): no value, no raw byte.
  const std::string after_path =
      std::string(read.status().message()).substr(path().size());
  for (const char* value : kCellValues) {
    EXPECT_THAT(after_path, Not(HasSubstr(value)));
  }
  EXPECT_THAT(after_path, Not(HasSubstr("\xff")));
}

// An .xlsx (a ZIP) or an .xls renamed .csv is named for what it is, not
// reported as invalid UTF-8: a broken workbook by the XLSX reader, an .xls
// with the way out.
TEST_F(CrmExportTest, AnExcelWorkbookSavedAsCsvIsNamedForWhatItIs) {
  const std::string xlsx(
      "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"
      "\xbd\xe7\x9a\x8e[Content_Types].xml\xad\x92",
      40);
  EXPECT_THAT(
      ReadErrorMessage(xlsx),
      AllOf(HasSubstr(path()), HasSubstr("workbook"), Not(HasSubstr("UTF-8"))));
  const std::string xls("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00", 12);
  EXPECT_THAT(ReadErrorMessage(xls),
              HasSubstr(": an Excel 97-2003 workbook (.xls) or a "
                        "password-protected one, which blindmap does not "
                        "read"));
  EXPECT_THAT(ReadErrorMessage(std::string("\xFF\xFE"
                                           "A\0c\0",
                                           6)),
              HasSubstr(": this file is UTF-16 text (Excel's \"Unicode "
                        "Text\"), not UTF-8 CSV"));
}

TEST_F(CrmExportTest, SemicolonAndTabSeparatedFilesNameTheirDelimiter) {
  EXPECT_EQ(ReadErrorMessage("Account ID;Account Name;Type;Website\n"
                             "1;Alpha GmbH;Customer;alpha.de\n"),
            absl::StrCat(path(),
                         ": the header has one column holding 3 semicolons: "
                         "the file is semicolon-separated (as Excel writes "
                         "CSV in many European locales), and blindmap reads "
                         "comma-separated CSV. Save it as \"CSV UTF-8 (Comma "
                         "delimited)\", or export CSV with commas from the "
                         "CRM"));
  EXPECT_THAT(ReadErrorMessage("Account ID\tAccount Name\tType\n"
                               "1\tAlpha\tCustomer\n"),
              HasSubstr(": the header has one column holding 2 tabs: the "
                        "file is tab-separated, and blindmap reads "
                        "comma-separated CSV"));
}

TEST_F(CrmExportTest, RepeatedHeaderNamesAreRefusedForKeysAndWarnedOtherwise) {
  EXPECT_EQ(ReadErrorMessage("Account ID,Account Name,Type,Website,website\n"
                             "1,Alpha,Customer,alpha.com,beta.com\n"),
            absl::StrCat(path(),
                         ": the header names \"Website\" more than once "
                         "(columns 4, 5), so which one holds the key cannot "
                         "be told: rename or remove the others"));
  absl::StatusOr<CrmExport> read = Read(
      "Account ID,Account Name,Type,Notes,Type ,notes\n"
      "1,Alpha,Customer,x,Prospect,y\n");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(read->summary.warnings,
              ElementsAre("the header has Type (columns 3, 5) more than once: "
                          "filters and detail use the first",
                          "the header has Notes (columns 4, 6) more than "
                          "once: filters and detail use the first"));
  EXPECT_EQ(read->accounts.size(), 1u);
}

TEST_F(CrmExportTest, OptInAndOptOutIdsNotAmongTheAccountsAreWarnedOf) {
  {
    std::ofstream ids(dir_.path() + "/never.txt");
    ids << "2\nGHOST-7\n";
  }
  Configure(
      absl::StrCat("sharing:\n  opt_in: {accounts: ['1', 'NOPE-1', "
                   "'NOPE-2']}\n  opt_out: {file: ",
                   dir_.path(), "/never.txt}\n"));
  {
    std::ofstream out(path(), std::ios::binary | std::ios::trunc);
    out << "Account ID,Account Name,Type\n1,Alpha,Customer\n2,Beta,Prospect\n";
  }
  auto reader = CrmExportReader::Create(config_);
  ASSERT_TRUE(reader.ok());
  absl::StatusOr<CrmExport> read =
      (*reader)->Read(path(), {}, "", &config_.sharing);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(read->summary.warnings,
              ElementsAre("sharing.opt_in: 2 of 3 account ids are not among "
                          "the accounts this export sends (not in it, "
                          "excluded or in no population), so they select "
                          "nothing: NOPE-1, NOPE-2",
                          "sharing.opt_out: 1 of 2 account ids are not among "
                          "the accounts this export sends (not in it, "
                          "excluded or in no population), so they select "
                          "nothing: GHOST-7"));
}

}  // namespace
}  // namespace blindmap
