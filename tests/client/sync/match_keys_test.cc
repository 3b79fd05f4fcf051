// The keys an account contributes beyond name and website: registration ids,
// several domains per account, contacts' e-mail domains, name variants.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/config/client_config.h"
#include "client/crm/crm_export.h"
#include "client/sync/local_match.h"
#include "client/sync/snapshot_tokens.h"
#include "common/match/match_rule.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class MatchKeysTest : public ::testing::Test {
 protected:
  void SetUp() override { config_.populations = AllAccounts(); }

  static std::vector<PopulationConfig> AllAccounts() {
    auto parsed = ParseClientConfig(
        "broker: {address: '127.0.0.1:1', token_file: t}\n"
        "populations:\n"
        "  - {name: All, kind: other, where: all}\n",
        "test.yaml");
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    return parsed->populations;
  }

  absl::StatusOr<CrmExport> Read(const std::string& csv,
                                 const std::string& contacts = "") {
    const std::string path = dir_.path() + "/accounts.csv";
    WriteFile(path, csv);
    std::string contacts_path;
    if (!contacts.empty()) {
      contacts_path = dir_.path() + "/contacts.csv";
      WriteFile(contacts_path, contacts);
    }
    auto reader = CrmExportReader::Create(config_);
    if (!reader.ok()) return reader.status();
    return (*reader)->Read(path, {}, contacts_path);
  }

  TempDir dir_;
  ClientConfig config_;
};

TEST_F(MatchKeysTest, RecognizesIdColumnsOfSalesforceAndHubSpot) {
  auto columns =
      ResolveColumns({"Account ID", "Account Name", "D-U-N-S Number", "LEI",
                      "Additional Domains", "Website", "Billing Country"},
                     config_, "a.csv");
  ASSERT_TRUE(columns.ok()) << columns.status();
  EXPECT_EQ(columns->duns, 2);
  EXPECT_EQ(columns->lei, 3);
  EXPECT_THAT(columns->websites, ElementsAre(5, 4));
  EXPECT_EQ(columns->registration_id, -1);
  EXPECT_EQ(columns->registration_country, 6);

  auto hubspot =
      ResolveColumns({"Record ID", "Company name", "DUNS", "Registration ID",
                      "Registration Country", "Country/Region"},
                     config_, "b.csv");
  ASSERT_TRUE(hubspot.ok());
  EXPECT_EQ(hubspot->duns, 2);
  EXPECT_EQ(hubspot->registration_id, 3);
  EXPECT_EQ(hubspot->registration_country, 4);  // before Country/Region

  // A file with only a registration id column is usable.
  EXPECT_TRUE(ResolveColumns({"Id", "DUNS"}, config_, "c.csv").ok());
}

TEST_F(MatchKeysTest, ConfiguredIdColumnMissingFromTheHeaderIsAnError) {
  config_.duns_column = "DnB Number";
  auto columns = ResolveColumns({"Account Name", "DUNS"}, config_, "a.csv");
  EXPECT_EQ(columns.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(columns.status().message()),
              HasSubstr("column \"DnB Number\" (export.columns.duns"));
}

TEST_F(MatchKeysTest, IdsBecomeKeysAndRecordsWithOnlyIdsAreKept) {
  auto read = Read(
      "Account ID,Account Name,D-U-N-S Number,LEI\n"
      "1,Acme,00-123-4567,\n"
      "2,,1234567,\n"
      "3,Beta,12345,\n");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->accounts.size(), 3u);
  EXPECT_EQ(read->accounts[0].Key(v1::KEY_KIND_DUNS), "001234567");
  EXPECT_EQ(read->accounts[1].Key(v1::KEY_KIND_DUNS),
            "001234567");  // spreadsheet-stripped
  EXPECT_TRUE(read->accounts[1].name_key.empty());
  EXPECT_EQ(read->accounts[2].Key(v1::KEY_KIND_DUNS), "");
  EXPECT_EQ(read->summary.ids_only, 1);
  EXPECT_EQ(read->summary.with_ids, 2);
  EXPECT_EQ(read->summary.duns_keys, 2);
  EXPECT_THAT(read->summary.invalid_ids, ElementsAre(Pair("duns", 1)));
}

TEST_F(MatchKeysTest, AnLeiInTheRegistrationIdColumnIsAnLei) {
  // 5493001KJTIIGC8Y1R12 passes the ISO 7064 check.
  auto read = Read(
      "Record ID,Company name,Registration ID,Registration Country\n"
      "1,Acme,5493001KJTIIGC8Y1R12,DE\n"
      "2,Beta,HRB 12345,Germany\n");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->accounts.size(), 2u);
  EXPECT_EQ(read->accounts[0].Key(v1::KEY_KIND_LEI), "5493001KJTIIGC8Y1R12");
  EXPECT_EQ(read->accounts[0].Key(v1::KEY_KIND_REGISTRATION_ID), "");
  EXPECT_EQ(read->accounts[1].Key(v1::KEY_KIND_LEI), "");
  EXPECT_EQ(read->accounts[1].Key(v1::KEY_KIND_REGISTRATION_ID), "DE:HRB12345");
  EXPECT_EQ(read->accounts[1].id_kinds(), kHasRegistrationId);
  EXPECT_EQ(read->accounts[0].id_kinds(), kHasLei);
}

TEST_F(MatchKeysTest, DomainCellsMayListSeveralDomains) {
  auto read = Read(
      "Account ID,Account Name,Website,Additional Domains\n"
      "1,IBM,https://www.ibm.com/,\"redhat.com; ansible.com, ibm.com\"\n"
      "2,Acme,,\"acme.de, acme.fr gmail.com\"\n");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->accounts.size(), 2u);
  EXPECT_THAT(read->accounts[0].domain_keys,
              ElementsAre("ibm.com", "redhat.com", "ansible.com"));
  EXPECT_THAT(read->accounts[1].domain_keys, ElementsAre("acme.de", "acme.fr"));
  EXPECT_THAT(read->summary.unusable_websites,
              ElementsAre(Pair("free_mail", 1)));
}

TEST_F(MatchKeysTest, ContactsEmailDomainsJoinTheirAccounts) {
  auto read = Read(
      "Account ID,Account Name,Website\n"
      "A1,Acme,acme.com\n"
      "A2,Beta,\n",
      "Contact ID,Account ID,Email\n"
      "c1,A1,jo@acme.com\n"
      "c2,A1,kim@acme-labs.io\n"
      "c3,A2,lee@beta.de\n"
      "c4,A2,lee.private@gmail.com\n"
      "c5,,nobody@nowhere.org\n"
      "c6,A9,someone@other.com\n");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->accounts.size(), 2u);
  EXPECT_THAT(read->accounts[0].domain_keys,
              ElementsAre("acme.com", "acme-labs.io"));
  EXPECT_THAT(read->accounts[1].domain_keys, ElementsAre("beta.de"));
  EXPECT_EQ(read->summary.contacts, 6);
  EXPECT_EQ(read->summary.contact_domains_added, 2);
  EXPECT_THAT(read->summary.unusable_contact_emails,
              ElementsAre(Pair("free_mail", 1)));
}

TEST_F(MatchKeysTest, ContactsNeedAnIdColumnAndTheirOwnColumns) {
  auto no_id = Read("Account Name,Website\nAcme,acme.com\n",
                    "Account ID,Email\nA1,jo@acme.com\n");
  EXPECT_EQ(no_id.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(no_id.status().message()),
              HasSubstr("the export has no id column"));
  auto no_email =
      Read("Account ID,Account Name\nA1,Acme\n", "Account ID,Phone\nA1,123\n");
  EXPECT_EQ(no_email.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(no_email.status().message()),
              HasSubstr("an e-mail column (Email, ...)"));
  EXPECT_THAT(std::string(no_email.status().message()),
              ::testing::Not(HasSubstr("123")));
}

TEST_F(MatchKeysTest, WhereAllPutsEveryRowInThePopulation) {
  auto read = Read(
      "Account ID,Account Name,Type\n"
      "1,Acme,Other\n"
      "2,Beta,\n");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->accounts.size(), 2u);
  EXPECT_EQ(read->summary.no_population, 0);
}

TEST_F(MatchKeysTest, CountriesAreReadAsTypedOrFromTheNameOrTheWebsite) {
  auto read = Read(
      "Account ID,Account Name,Website,Additional Domains,Billing Country\n"
      "1,Acme,acme.com,,U.S.\n"
      "2,Acme,acme.com,,Deutschland\n"
      "3,Acme,acme.com,,Islamic Republic of Iran\n"
      "4,Acme (UK),acme.com,,\n"
      "5,Acme,acme.co.uk,,\n"
      "6,Acme,acme.io,,\n"
      "7,Acme,acme.de,,France\n"
      "8,Acme,,,Narnia\n"
      "9,Halifax Ltd GB,halifax.co.uk,,UK\n"
      "10,Tesco PLC,tescoplc.com,tesco.ie,Ireland\n");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->accounts.size(), 10u);
  std::vector<std::string> countries;
  for (const ExportedAccount& a : read->accounts)
    countries.push_back(a.country);
  EXPECT_THAT(countries, ElementsAre("US", "DE", "IR", "GB", "GB", "", "FR", "",
                                     "GB", "IE"));
  EXPECT_EQ(read->summary.with_country, 8);
  // A last word naming the account's own country: another spelling.
  EXPECT_THAT(read->accounts[8].Keys(v1::KEY_KIND_NAME),
              ElementsAre("halifax"));
  // Brand labels of the account's own website only, not of its additional
  // domains; weaker forms beside them.
  EXPECT_THAT(read->accounts[9].Keys(v1::KEY_KIND_BRAND_LABEL),
              ElementsAre("tescoplc"));
  EXPECT_THAT(read->accounts[9].Keys(v1::KEY_KIND_BRAND_LABEL_VARIANT),
              ElementsAre("tesco"));
  EXPECT_THAT(read->accounts[9].domain_keys,
              ElementsAre("tescoplc.com", "tesco.ie"));
}

TEST_F(MatchKeysTest, AConfiguredCountryColumnMissingFromTheHeaderIsAnError) {
  auto parsed = ParseClientConfig(
      "broker: {address: '127.0.0.1:1', token_file: t}\n"
      "export: {columns: {country: HQ Land}}\n"
      "populations:\n"
      "  - {name: All, kind: other, where: all}\n",
      "test.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  config_ = *parsed;
  auto read = Read("Account ID,Account Name,Country\n1,Acme,DE\n");
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(read.status().message()),
              HasSubstr("export.columns.country"));
}

TEST(SnapshotTokensTest, NameVariantsAreSentOnlyWhenAskedAndHashedAsNames) {
  ExportedAccount account;
  account.account_id = "1";
  account.populations = 1;
  account.name_key = "siemens deutschland";
  account.more_keys = {{v1::KEY_KIND_DUNS, "001234567"},
                       {v1::KEY_KIND_LEI, "5493001KJTIIGC8Y1R12"},
                       {v1::KEY_KIND_REGISTRATION_ID, "DE:HRB12345"},
                       {v1::KEY_KIND_NAME_VARIANT, "siemens"}};
  const std::string key(32, 'k');
  auto plain = SnapshotTokenizer::Create(key, key, "p", "2026-11");
  auto broad = SnapshotTokenizer::Create(key, key, "p", "2026-11",
                                         v1::MATCH_POLICY_BROAD);
  ASSERT_TRUE(plain.ok() && broad.ok());
  v1::RecordBatch without, with;
  ASSERT_TRUE((*plain)->Add(account, without).ok());
  ASSERT_TRUE((*broad)->Add(account, with).ok());
  std::vector<v1::KeyKind> kinds;
  for (const v1::Token& t : without.records(0).tokens())
    kinds.push_back(t.kind());
  EXPECT_THAT(
      kinds, ElementsAre(v1::KEY_KIND_NAME, v1::KEY_KIND_DUNS, v1::KEY_KIND_LEI,
                         v1::KEY_KIND_REGISTRATION_ID));
  ASSERT_EQ(with.records(0).tokens_size(), 5);
  const v1::Token& variant = with.records(0).tokens(4);
  EXPECT_EQ(variant.kind(), v1::KEY_KIND_NAME_VARIANT);
  // A variant equals the NAME token of the same text on the other side.
  const auto as_name = (*plain)->Token(v1::KEY_KIND_NAME, "siemens");
  EXPECT_EQ(variant.value(),
            std::string(reinterpret_cast<const char*>(as_name.data()),
                        as_name.size()));
}

TEST(SnapshotTokensTest, NamesAreHashedWithoutSpacesAndCountriesCompound) {
  // "Bone Daddies" (GB, bonedaddies.co.uk) and "BoneDaddies" (UK,
  // bonedaddies.com): one name token, one brand label token, and one
  // country token for both (the name and the label are one text).
  ExportedAccount a, b;
  a.account_id = "1";
  b.account_id = "2";
  a.populations = b.populations = 1;
  a.name_key = "bone daddies";
  b.name_key = "bonedaddies";
  a.country = b.country = "GB";
  a.more_keys = {{v1::KEY_KIND_BRAND_LABEL, "bonedaddies"},
                 {v1::KEY_KIND_BRAND_LABEL_VARIANT, "bone"}};
  b.more_keys = {{v1::KEY_KIND_BRAND_LABEL, "bonedaddies"}};
  const std::string key(32, 'k');
  auto standard = SnapshotTokenizer::Create(key, key, "p", "2026-11");
  auto strict = SnapshotTokenizer::Create(key, key, "p", "2026-11",
                                          v1::MATCH_POLICY_STRICT);
  ASSERT_TRUE(standard.ok() && strict.ok());
  v1::RecordBatch batch, strict_batch;
  ASSERT_TRUE((*standard)->Add(a, batch).ok());
  ASSERT_TRUE((*standard)->Add(b, batch).ok());
  ASSERT_TRUE((*strict)->Add(a, strict_batch).ok());
  std::vector<v1::KeyKind> kinds;
  for (const v1::Token& t : batch.records(0).tokens())
    kinds.push_back(t.kind());
  EXPECT_THAT(kinds, ElementsAre(v1::KEY_KIND_NAME, v1::KEY_KIND_WITH_COUNTRY,
                                 v1::KEY_KIND_BRAND_LABEL,
                                 v1::KEY_KIND_BRAND_LABEL_VARIANT));
  ASSERT_EQ(batch.records(1).tokens_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(batch.records(0).tokens(i).value(),
              batch.records(1).tokens(i).value())
        << i;
  }
  // Strict uses neither brand labels nor countries: they are not sent.
  ASSERT_EQ(strict_batch.records(0).tokens_size(), 1);
  EXPECT_EQ(strict_batch.records(0).tokens(0).kind(), v1::KEY_KIND_NAME);
  // Another country gives other country tokens, the same name token.
  b.country = "US";
  v1::RecordBatch other;
  ASSERT_TRUE((*standard)->Add(b, other).ok());
  EXPECT_EQ(other.records(0).tokens(0).value(),
            batch.records(1).tokens(0).value());
  EXPECT_NE(other.records(0).tokens(1).value(),
            batch.records(1).tokens(1).value());
  // A name and a brand label with the same text and country are one token;
  // another text is another.
  EXPECT_EQ((*standard)->CountryToken(v1::KEY_KIND_NAME, "ac me", "GB"),
            (*standard)->CountryToken(v1::KEY_KIND_BRAND_LABEL, "acme", "GB"));
  EXPECT_NE((*standard)->CountryToken(v1::KEY_KIND_NAME, "acme", "GB"),
            (*standard)->CountryToken(v1::KEY_KIND_BRAND_LABEL, "acmes", "GB"));
}

TEST(LocalMatchTest, DescribeVetoSaysWhichVetoFiredWithBothValues) {
  ExportedAccount a, b;
  a.name_key = b.name_key = "genesis energy";
  a.country = "NZ";
  b.country = "US";
  a.more_keys = {{v1::KEY_KIND_DUNS, "123456789"},
                 {v1::KEY_KIND_BRAND_LABEL, "genesisenergy"}};
  b.more_keys = {{v1::KEY_KIND_DUNS, "987654321"},
                 {v1::KEY_KIND_BRAND_LABEL, "genel"}};
  EXPECT_EQ(DescribeVeto(a, b, MatchVerdict::kCountryVeto),
            "different countries: NZ / US");
  EXPECT_EQ(DescribeVeto(a, b, MatchVerdict::kWebsiteVeto),
            "different websites: genesisenergy / genel");
  EXPECT_EQ(DescribeVeto(a, b, MatchVerdict::kIdVeto),
            "different ids: DUNS 123456789 / 987654321");
}

TEST(LocalMatchTest, DescribeSharedKeysNamesEveryKindWithItsValue) {
  ExportedAccount a, b;
  a.name_key = b.name_key = "delta air lines";
  a.domain_keys = {"delta.com", "delta.de"};
  b.domain_keys = {"delta.com"};
  a.more_keys = {{v1::KEY_KIND_DUNS, "006964345"}};
  b.more_keys = a.more_keys;
  EXPECT_EQ(DescribeSharedKeys(a, b, kSharesDuns | kSharesDomain | kSharesName),
            "DUNS 006964345; domain delta.com; name delta air lines");
  EXPECT_EQ(DescribeSharedKeys(a, b, kSharesNameVariant), "name variant");
}

}  // namespace
}  // namespace blindmap
