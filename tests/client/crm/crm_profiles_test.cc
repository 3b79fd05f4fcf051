// CRM profiles: each shipped profile recognizes its CRM's export header
// (the samples in tests/data/crm_profiles, header as the CRM writes it) with
// no config, both in the reader and through `blindmap keys`; Salesforce and
// HubSpot exports read exactly as without profiles; the config overrides;
// a user's own profile; and the errors.
#include "client/crm/crm_profiles.h"

#include <fstream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/config/client_config.h"
#include "client/crm/crm_export.h"
#include "common/text/csv_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"
#include "tests/support/xlsx_writer.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kBroker[] =
    "broker: {address: 'localhost:7443', token_file: acme.token}\n";

std::string Source(const std::string& relative) {
  return std::string(BLINDMAP_SOURCE_DIR) + "/" + relative;
}
std::string ShippedDir() { return Source("client/crm/profiles"); }
std::string Sample(const std::string& profile) {
  return Source("tests/data/crm_profiles/" + profile + ".csv");
}

ClientConfig Config(const std::string& yaml = "") {
  absl::StatusOr<ClientConfig> config =
      ParseClientConfig(absl::StrCat(kBroker, yaml), "client.yaml");
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : ClientConfig();
}

std::vector<CrmProfile> Shipped() {
  absl::StatusOr<std::vector<CrmProfile>> profiles =
      LoadCrmProfiles({ShippedDir()});
  EXPECT_TRUE(profiles.ok()) << profiles.status();
  return profiles.ok() ? *std::move(profiles) : std::vector<CrmProfile>();
}

absl::StatusOr<CrmExport> ReadWith(const ClientConfig& config,
                                   std::vector<CrmProfile> profiles,
                                   const std::string& path) {
  absl::StatusOr<std::unique_ptr<CrmExportReader>> reader =
      CrmExportReader::Create(config, std::move(profiles));
  if (!reader.ok()) return reader.status();
  return (*reader)->Read(path);
}

// One exported account as "id|populations bits|name key|domains".
std::vector<std::string> Describe(const CrmExport& exported) {
  std::vector<std::string> out;
  for (const ExportedAccount& a : exported.accounts) {
    std::string line =
        absl::StrCat(a.account_id, "|", a.populations, "|", a.name_key, "|");
    for (const std::string& d : a.domain_keys) absl::StrAppend(&line, d, ";");
    for (const AccountKey& k : a.more_keys) {
      absl::StrAppend(&line, "|", k.kind, ":", k.value);
    }
    out.push_back(line);
  }
  return out;
}

TEST(CrmProfilesTest, ShipsOneProfilePerCrm) {
  std::vector<std::string> names;
  for (const CrmProfile& profile : Shipped()) names.push_back(profile.name);
  EXPECT_THAT(names, ElementsAre("dynamics365", "hubspot", "pipedrive",
                                 "salesforce-api", "salesforce", "zoho-crm"));
}

// What each sample must give: the profile, the columns found and the
// accounts (the samples share four companies: two customers, a prospect and
// a partner in no population).
struct SampleCase {
  std::string profile;
  std::string id_column;
  std::string name_column;
  std::vector<std::string> website_columns;
  std::string country_column;
  std::string northwind_id;
};

// gtest prints a case by its profile (not its bytes, which hold pointers and
// would make the test names ctest lists change from build to build).
void PrintTo(const SampleCase& c, std::ostream* os) { *os << c.profile; }

class ShippedProfileTest : public ::testing::TestWithParam<SampleCase> {};

TEST_P(ShippedProfileTest, RecognizesItsSampleWithNoConfig) {
  const SampleCase& c = GetParam();
  ClientConfig config;  // no config file: the default populations
  config.populations = DefaultPopulations();
  absl::StatusOr<CrmExport> read =
      ReadWith(config, Shipped(), Sample(c.profile));
  ASSERT_TRUE(read.ok()) << read.status();
  const ExportSummary& s = read->summary;
  EXPECT_EQ(s.profile, c.profile);
  EXPECT_THAT(s.profile_reason, HasSubstr("recognized from the header"));
  EXPECT_EQ(s.columns.Name(s.columns.id), c.id_column);
  EXPECT_EQ(s.columns.Name(s.columns.name), c.name_column);
  std::vector<std::string> websites;
  for (int index : s.columns.websites)
    websites.push_back(s.columns.Name(index));
  EXPECT_EQ(websites, c.website_columns);
  EXPECT_EQ(s.columns.Name(s.columns.registration_country), c.country_column);
  EXPECT_EQ(s.rows, 4);
  EXPECT_THAT(s.population_sizes, ElementsAre(2u, 1u));  // Customers, Prospects
  EXPECT_EQ(s.no_population, 1);
  EXPECT_THAT(s.notes, IsEmpty());
  ASSERT_EQ(read->accounts.size(), 3u);
  const ExportedAccount& northwind = read->accounts[0];
  EXPECT_EQ(northwind.account_id, c.northwind_id);
  EXPECT_EQ(northwind.populations, 1u);
  EXPECT_EQ(northwind.name_key, "northwind traders");
  EXPECT_THAT(northwind.domain_keys, ElementsAre("northwind-traders.com"));
  EXPECT_EQ(read->accounts[1].name_key, "contoso pharmaceuticals");
  EXPECT_EQ(read->accounts[1].populations, 2u);
  EXPECT_EQ(read->accounts[2].name_key, "fabrikam");
  EXPECT_EQ(read->accounts[2].populations, 1u);
}

// The real binary, with no config, finds the profiles installed beside it
// (build/share/blindmap/profiles) and says which one it read with.
TEST_P(ShippedProfileTest, BlindmapKeysRecognizesTheSample) {
  const SampleCase& c = GetParam();
  TempDir dir;
  const ProcessResult keys =
      RunCommand({std::string(BLINDMAP_BINARY_DIR) + "/client/blindmap",
                  "--config", dir.path() + "/absent.yaml", "keys",
                  Sample(c.profile), "--format", "json"});
  ASSERT_EQ(keys.exit_code, 0) << keys.err;
  const nlohmann::json out = nlohmann::json::parse(keys.out);
  EXPECT_EQ(out["profile"]["name"], c.profile);
  ASSERT_EQ(out["records"].size(), 3u);
  EXPECT_EQ(out["records"][0]["account_id"], c.northwind_id);
  EXPECT_EQ(out["records"][0]["populations"],
            nlohmann::json::array({"Customers"}));
  EXPECT_EQ(out["records"][1]["populations"],
            nlohmann::json::array({"Prospects"}));
  EXPECT_EQ(out["records"][2]["domains"],
            nlohmann::json::array({"fabrikam.de"}));

  const ProcessResult text = RunCommand(
      {std::string(BLINDMAP_BINARY_DIR) + "/client/blindmap", "--config",
       dir.path() + "/absent.yaml", "keys", Sample(c.profile)});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr(absl::StrCat("  CRM profile: ")));
  EXPECT_THAT(text.out, HasSubstr(absl::StrCat(
                            "[", c.profile, "], recognized from the header")));
}

INSTANTIATE_TEST_SUITE_P(
    Samples, ShippedProfileTest,
    ::testing::Values(SampleCase{"salesforce",
                                 "Account ID",
                                 "Account Name",
                                 {"Website"},
                                 "Billing Country",
                                 "0015g00000AbCdEAAV"},
                      SampleCase{"salesforce-api",
                                 "Id",
                                 "Name",
                                 {"Website"},
                                 "BillingCountry",
                                 "0015g00000AbCdEAAV"},
                      SampleCase{"hubspot",
                                 "Record ID",
                                 "Company name",
                                 {"Website URL", "Company Domain Name"},
                                 "Country/Region",
                                 "5102337861"},
                      SampleCase{"dynamics365",
                                 "(Do Not Modify) Account",
                                 "Account Name",
                                 {"Website"},
                                 "Address 1: Country/Region",
                                 "4f2c6a1e-1b2d-ef11-8409-000d3a5c1a11"},
                      SampleCase{"zoho-crm",
                                 "Record Id",
                                 "Account Name",
                                 {"Website"},
                                 "Billing Country",
                                 "zcrm_4876876000000412001"},
                      SampleCase{"pipedrive",
                                 "Organization - ID",
                                 "Organization - Name",
                                 {"Organization - Website"},
                                 "Organization - Country of Address",
                                 "101"}),
    [](const ::testing::TestParamInfo<SampleCase>& param_info) {
      std::string name = param_info.param.profile;
      for (char& ch : name) {
        if (ch == '-') ch = '_';
      }
      return name;
    });

// Salesforce and HubSpot exports read exactly as they did before profiles.
TEST(CrmProfilesTest, SalesforceAndHubspotReadAsWithoutProfiles) {
  for (const std::string& file : {Source("examples/acme-salesforce.csv"),
                                  Source("examples/globex-hubspot.csv"),
                                  Source("tests/data/matching/vendor.csv"),
                                  Source("tests/data/matching/partner.csv"),
                                  Sample("salesforce"), Sample("hubspot")}) {
    const ClientConfig config = Config();
    absl::StatusOr<CrmExport> with = ReadWith(config, Shipped(), file);
    absl::StatusOr<CrmExport> without = ReadWith(config, {}, file);
    ASSERT_TRUE(with.ok()) << file << ": " << with.status();
    ASSERT_TRUE(without.ok()) << file << ": " << without.status();
    EXPECT_FALSE(with->summary.profile.empty()) << file;
    EXPECT_TRUE(without->summary.profile.empty()) << file;
    EXPECT_EQ(Describe(*with), Describe(*without)) << file;
    EXPECT_EQ(with->summary.population_sizes,
              without->summary.population_sizes);
    EXPECT_EQ(with->summary.no_population, without->summary.no_population);
    const ExportColumns& a = with->summary.columns;
    const ExportColumns& b = without->summary.columns;
    EXPECT_EQ(a.id, b.id) << file;
    EXPECT_EQ(a.name, b.name) << file;
    EXPECT_EQ(a.websites, b.websites) << file;
    EXPECT_EQ(a.duns, b.duns) << file;
    EXPECT_EQ(a.registration_id, b.registration_id) << file;
    EXPECT_EQ(a.registration_country, b.registration_country) << file;
  }
}

class ProfileFilesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(dir_.path().empty()); }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.path() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  TempDir dir_;
};

TEST_F(ProfileFilesTest, UnknownHeaderGetsTodaysMessage) {
  const std::string path = Write("odd.csv", "Code,Label\n1,x\n");
  absl::StatusOr<CrmExport> read = ReadWith(Config(), Shipped(), path);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(read.status().message(),
            absl::StrCat(path,
                         ": no company name, website or registration id "
                         "column found (looked for \"Account Name\", "
                         "\"Company name\", \"Website\", \"Website URL\", "
                         "\"DUNS\", ...); the header has: Code, Label. Name "
                         "the columns under export.columns in the config."));
  const std::string nameless =
      Write("names.csv", "Account Name,Website\nA,a.io\n");
  read = ReadWith(Config(), Shipped(), nameless);
  EXPECT_EQ(read.status().message(),
            absl::StrCat(nameless,
                         ": the default populations need a Salesforce "
                         "\"Type\" or HubSpot \"Lifecycle Stage\" column, and "
                         "the header has neither; define populations in the "
                         "config"));
}

TEST_F(ProfileFilesTest, ConfigChoosesTheProfile) {
  // A Zoho-shaped file without Zoho's record id is not recognized, and reads
  // with the Zoho profile when the config names it.
  const std::string path =
      Write("zoho.csv",
            "Account Name,Account Type,Website\nAcme,Customer,acme.com\n");
  absl::StatusOr<CrmExport> read = ReadWith(Config(), Shipped(), path);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  read = ReadWith(Config("export: {profile: zoho-crm}\n"), Shipped(), path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.profile, "zoho-crm");
  EXPECT_EQ(read->summary.profile_reason, "export.profile in the config");
  EXPECT_THAT(read->summary.population_sizes, ElementsAre(1u, 0u));

  // "none" keeps the built-in names only, even for a recognized CRM.
  read = ReadWith(Config("export: {profile: none}\n"), Shipped(),
                  Sample("dynamics365"));
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);

  read = ReadWith(Config("export: {profile: sugarcrm}\n"), Shipped(), path);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(read.status().message(),
              HasSubstr("export.profile \"sugarcrm\" in the config names no "
                        "CRM profile; known: dynamics365, hubspot, pipedrive, "
                        "salesforce-api, salesforce, zoho-crm"));
}

TEST_F(ProfileFilesTest, AUsersOwnProfileFileOrDirectory) {
  const std::string custom =
      "name: in-house\n"
      "title: In-house CRM\n"
      "detect: [Kunde, Webseite]\n"
      "columns: {id: Nummer, name: Kunde, website: Webseite, type: Status}\n"
      "customers: {column: Status, equals: Kunde}\n"
      "prospects: {column: Status, equals: Interessent}\n";
  const std::string export_path =
      Write("crm.csv",
            "Nummer,Kunde,Webseite,Status\n7,Siemens AG,siemens.de,Kunde\n"
            "8,Bosch GmbH,bosch.de,Interessent\n");
  // As a file named in the config (relative to the config file).
  const std::string profile_path = Write("inhouse.yaml", custom);
  const std::string config_path =
      Write("blindmap.yaml", "export: {profile: inhouse.yaml}\n");
  absl::StatusOr<ClientConfig> config = LoadExportConfig(config_path);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->export_profile, profile_path);
  absl::StatusOr<CrmExport> read = ReadWith(*config, Shipped(), export_path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.profile, "in-house");
  EXPECT_THAT(Describe(*read), ElementsAre("7|1|siemens|siemens.de;|7:siemens",
                                           "8|2|bosch|bosch.de;|7:bosch"));
  // Dropped into <config dir>/profiles: recognized from the header.
  std::filesystem::create_directory(dir_.path() + "/profiles");
  Write("profiles/inhouse.yaml", custom);
  Write("blindmap.yaml", "party: acme\n");
  config = LoadExportConfig(config_path);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->profile_dir, dir_.path() + "/profiles");
  absl::StatusOr<std::unique_ptr<CrmExportReader>> reader =
      CrmExportReader::Create(*config);
  ASSERT_TRUE(reader.ok()) << reader.status();
  read = (*reader)->Read(export_path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.profile, "in-house");
  EXPECT_EQ(read->summary.profile_reason,
            "recognized from the header (\"Kunde\", \"Webseite\")");
  EXPECT_THAT(read->summary.population_sizes, ElementsAre(1u, 1u));
}

TEST_F(ProfileFilesTest, PipedriveWithoutItsLabelNamesTheFieldToMap) {
  const std::string no_label =
      Write("orgs.csv",
            "Organization - Name,Organization - Website\nAcme,acme.com\n");
  absl::StatusOr<CrmExport> read = ReadWith(Config(), Shipped(), no_label);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(read.status().message(),
              HasSubstr(": the Pipedrive (organizations export) profile puts "
                        "rows in Customers and Prospects by \"Organization - "
                        "Label\" or \"Organization - Labels\", and the header "
                        "has no such column; Pipedrive has no standard "
                        "account type"));
  EXPECT_THAT(read.status().message(),
              HasSubstr("- {name: Customers, kind: customer, where: {column: "
                        "Organization - Status, equals: Customer}}"));
  // Renamed labels: read, every row in no population, and a note saying why.
  const std::string renamed =
      Write("renamed.csv",
            "Organization - Name,Organization - Labels\nAcme,VIP\nInitech,"
            "Target\n");
  read = ReadWith(Config(), Shipped(), renamed);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.no_population, 2);
  ASSERT_EQ(read->summary.notes.size(), 1u);
  EXPECT_THAT(read->summary.notes[0],
              HasSubstr("No row is in any population. Pipedrive has no "
                        "standard account type"));
  // Multiple labels, comma-separated: a customer that is also a hot lead.
  const std::string multi = Write(
      "multi.csv",
      "Organization - Name,Organization - Labels\n\"Acme\",\"Customer, Hot "
      "lead\"\n");
  read = ReadWith(Config(), Shipped(), multi);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(read->summary.population_sizes, ElementsAre(1u, 1u));
}

// The two config lines README.md shows for a Pipedrive team that marks
// customers and prospects in a field of its own.
TEST_F(ProfileFilesTest, PipedrivesTwoConfigLinesMapAnotherField) {
  const ClientConfig config = Config(
      "populations:\n"
      "  - {name: Customers, kind: customer, where: {column: Organization - "
      "Status, equals: Customer}}\n"
      "  - {name: Prospects, kind: prospect, where: {column: Organization - "
      "Status, equals: Prospect}}\n");
  const std::string path =
      Write("orgs.csv",
            "Organization - ID,Organization - Name,Organization - Status,"
            "Organization - Website\n"
            "1,Acme,Customer,acme.com\n2,Initech,Prospect,initech.com\n"
            "3,Hooli,Partner,hooli.xyz\n");
  absl::StatusOr<CrmExport> read = ReadWith(config, Shipped(), path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary.profile, "pipedrive");
  EXPECT_THAT(read->summary.population_sizes, ElementsAre(1u, 1u));
  EXPECT_EQ(read->summary.no_population, 1);
  EXPECT_THAT(read->summary.notes, IsEmpty());
  EXPECT_THAT(Describe(*read),
              ElementsAre("1|1|acme|acme.com;|7:acme",
                          "2|2|initech|initech.com;|7:initech"));
}

TEST_F(ProfileFilesTest, MalformedProfilesAreRejectedWithTheirPlace) {
  const std::string bad = Write("bad.yaml",
                                "name: bad\n"
                                "detect: [Name]\n"
                                "columns: {nme: Name}\n");
  absl::StatusOr<CrmProfile> profile = LoadCrmProfile(bad);
  EXPECT_EQ(profile.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(profile.status().message(), HasSubstr(bad + ":3:"));
  EXPECT_THAT(profile.status().message(), HasSubstr("nme"));

  Write("half.yaml",
        "name: half\ndetect: [Name]\ncolumns: {type: T}\n"
        "customers: {column: T, equals: c}\n");
  EXPECT_THAT(LoadCrmProfile(dir_.path() + "/half.yaml").status().message(),
              HasSubstr("customers and prospects must be given together"));
  Write("Upper.yaml", "name: Upper\ndetect: [Name]\n");
  EXPECT_THAT(LoadCrmProfile(dir_.path() + "/Upper.yaml").status().message(),
              HasSubstr("lowercase letters"));
  EXPECT_EQ(LoadCrmProfile(dir_.path() + "/absent.yaml").status().code(),
            absl::StatusCode::kNotFound);
  // One bad file in a directory fails the load, naming it.
  absl::StatusOr<std::vector<CrmProfile>> all = LoadCrmProfiles({dir_.path()});
  EXPECT_EQ(all.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CrmProfilesTest, ShippedProfilesDirFollowsTheEnvironment) {
  setenv("BLINDMAP_PROFILES_DIR", "/opt/profiles", 1);
  EXPECT_EQ(ShippedProfilesDir(), "/opt/profiles");
  unsetenv("BLINDMAP_PROFILES_DIR");
  // Beside the running executable otherwise: here the test binary's
  // <build>/tests/client/crm/../share/blindmap/profiles.
  EXPECT_THAT(ShippedProfilesDir(),
              ::testing::EndsWith("/tests/client/share/blindmap/profiles"));
}

// `sync --dry-run` (the same summary a sync prints) says which profile read
// the export, in text and JSON, and sends nothing.
TEST(CrmProfilesTest, SyncDryRunSaysWhichProfileRead) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string config = dir.path() + "/blindmap.yaml";
  std::ofstream(config) << kBroker;
  const std::string blindmap =
      std::string(BLINDMAP_BINARY_DIR) + "/client/blindmap";
  const ProcessResult text = RunCommand(
      {blindmap, "--config", config, "sync", "--dry-run", "--partner", "globex",
       "--period", "2026-11", "-i", Sample("dynamics365")});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out,
              HasSubstr("Dry run for partner globex, period 2026-11: nothing "
                        "was sent.\n"));
  EXPECT_THAT(text.out,
              HasSubstr("\n  CRM profile: Microsoft Dynamics 365 (Export to "
                        "Excel) [dynamics365], recognized from the header "
                        "(\"(Do Not Modify) Account\", \"(Do Not Modify) Row "
                        "Checksum\")\nWould send 3 records:\n"));

  const ProcessResult json = RunCommand(
      {blindmap, "--config", config, "sync", "--dry-run", "--partner", "globex",
       "--period", "2026-11", "-i", Sample("pipedrive"), "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json out = nlohmann::json::parse(json.out);
  EXPECT_EQ(out["dry_run"], true);
  EXPECT_EQ(out["profile"]["name"], "pipedrive");
  EXPECT_EQ(out["profile"]["title"], "Pipedrive (organizations export)");
}

// Dynamics 365's "Export to Excel" is a workbook: read as it comes, its
// sheet chosen with --sheet, recognized like its CSV.
TEST(CrmProfilesTest, BlindmapKeysReadsTheWorkbookAsItComes) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::vector<std::vector<std::string>> rows;
  {
    absl::StatusOr<std::unique_ptr<CsvReader>> csv =
        CsvReader::Open(Sample("dynamics365"));
    ASSERT_TRUE(csv.ok());
    CsvRow row;
    while ((*csv)->Next(row).value_or(false)) rows.push_back(row.fields);
  }
  // Named .csv on purpose: the content decides, not the name.
  const std::string book = dir.path() + "/Active Accounts.csv";
  ASSERT_TRUE(
      WriteXlsx(book, {SheetOfStrings({{"Exported on 2026-11-20"}}, "Summary"),
                       SheetOfStrings(rows, "Active Accounts")})
          .ok());
  const std::string blindmap =
      std::string(BLINDMAP_BINARY_DIR) + "/client/blindmap";
  const std::string config = dir.path() + "/absent.yaml";
  const ProcessResult keys =
      RunCommand({blindmap, "--config", config, "keys", book, "--sheet",
                  "Active Accounts", "--format", "json"});
  ASSERT_EQ(keys.exit_code, 0) << keys.err;
  const nlohmann::json out = nlohmann::json::parse(keys.out);
  EXPECT_EQ(out["profile"]["name"], "dynamics365");
  ASSERT_EQ(out["records"].size(), 3u);
  EXPECT_EQ(out["records"][1]["populations"],
            nlohmann::json::array({"Prospects"}));
  EXPECT_EQ(out["records"][1]["row"], 3);

  const ProcessResult first =
      RunCommand({blindmap, "--config", config, "keys", book});
  EXPECT_EQ(first.exit_code, 3);
  EXPECT_THAT(first.err, HasSubstr("no company name, website or registration "
                                   "id column found"));
  const ProcessResult wrong = RunCommand(
      {blindmap, "--config", config, "keys", book, "--sheet", "Accounts"});
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_THAT(wrong.err,
              HasSubstr("the workbook has no worksheet named \"Accounts\"; "
                        "it has \"Summary\", \"Active Accounts\""));
}

}  // namespace
}  // namespace blindmap
