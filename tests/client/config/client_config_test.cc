#include "client/config/client_config.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;

constexpr char kMinimal[] =
    "broker:\n"
    "  address: broker.example.com:7443\n"
    "  token_file: acme.token\n";

// The message of the error parsing `yaml` gives; fails the test if parsing
// succeeds or the code is not INVALID_ARGUMENT.
std::string ErrorMessage(const std::string& yaml) {
  absl::StatusOr<ClientConfig> config = ParseClientConfig(yaml, "client.yaml");
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(config.status().message());
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::filesystem::create_directories(
      std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << contents;
  ASSERT_TRUE(out.good()) << path;
}

// Indices of the populations that match `fields` under `header`, bound the
// way the CRM export reader binds the built-in defaults.
std::vector<std::string> Classify(std::vector<PopulationConfig> populations,
                                  const std::vector<std::string>& header,
                                  const std::vector<std::string>& fields) {
  std::vector<std::string> names;
  for (PopulationConfig& population : populations) {
    absl::Status bound =
        population.filter.Bind(header, /*missing_is_false=*/true);
    EXPECT_TRUE(bound.ok()) << bound;
    if (population.filter.Matches(fields)) names.push_back(population.name);
  }
  return names;
}

TEST(ClientConfigTest, FullConfigSetsEveryField) {
  absl::StatusOr<ClientConfig> config = ParseClientConfig(R"yaml(
party: acme
broker:
  address: broker.example.com:7443
  ca_file: /etc/blindmap/ca.pem
  plaintext: false
  token_file: /etc/blindmap/acme.token
  timeout_seconds: 15
state_dir: /var/lib/blindmap
export:
  file: /data/crm/accounts.csv
  columns:
    id: CRM Key
    name: Legal Name
    website: [Homepage, Email Domain]
populations:
  - name: Strategic
    kind: Customer
    where: {column: Tier, equals: gold}
  - name: Pipeline
    kind: prospect
    where: {column: Stage, prefix: open}
  - name: Partners
    where: {column: Type, contains: partner}
exclude: {column: Do Not Share, equals: [yes, true]}
partners:
  globex: {secret_file: /secrets/globex.secret}
  initech: {}
)yaml",
                                                          "client.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->party, "acme");
  EXPECT_EQ(config->broker_address, "broker.example.com:7443");
  EXPECT_EQ(config->ca_file, "/etc/blindmap/ca.pem");
  EXPECT_FALSE(config->plaintext);
  EXPECT_EQ(config->token_file, "/etc/blindmap/acme.token");
  EXPECT_EQ(config->rpc_timeout, absl::Seconds(15));
  EXPECT_EQ(config->state_dir, "/var/lib/blindmap");
  EXPECT_EQ(config->export_file, "/data/crm/accounts.csv");
  EXPECT_EQ(config->id_column, "CRM Key");
  EXPECT_EQ(config->name_column, "Legal Name");
  EXPECT_THAT(config->website_columns, ElementsAre("Homepage", "Email Domain"));
  EXPECT_TRUE(config->custom_populations);
  ASSERT_EQ(config->populations.size(), 3u);
  EXPECT_EQ(config->populations[0].name, "Strategic");
  EXPECT_EQ(config->populations[0].kind, v1::POPULATION_KIND_CUSTOMER);
  EXPECT_EQ(config->populations[1].name, "Pipeline");
  EXPECT_EQ(config->populations[1].kind, v1::POPULATION_KIND_PROSPECT);
  EXPECT_EQ(config->populations[2].name, "Partners");
  EXPECT_EQ(config->populations[2].kind, v1::POPULATION_KIND_OTHER);
  EXPECT_THAT(Classify(config->populations, {"Tier", "Stage", "Type"},
                       {"Gold", "Open - Negotiation", "Tech Partner"}),
              ElementsAre("Strategic", "Pipeline", "Partners"));
  ASSERT_TRUE(config->exclude.has_value());
  RowFilter exclude = *config->exclude;
  ASSERT_TRUE(exclude.Bind({"Name", "Do Not Share"}, false).ok());
  EXPECT_TRUE(exclude.Matches({"Acme", "Yes"}));
  EXPECT_FALSE(exclude.Matches({"Acme", "no"}));
  EXPECT_EQ(config->secret_files.size(), 1u);
  EXPECT_EQ(config->secret_files.at("globex"), "/secrets/globex.secret");
}

TEST(ClientConfigTest, PlaintextAndSingleWebsiteColumn) {
  absl::StatusOr<ClientConfig> config =
      ParseClientConfig(absl::StrCat(kMinimal,
                                     "  plaintext: true\n"
                                     "export:\n"
                                     "  columns: {website: Domain}\n"),
                        "client.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->plaintext);
  EXPECT_THAT(config->website_columns, ElementsAre("Domain"));
  EXPECT_EQ(config->id_column, "");
  EXPECT_EQ(config->name_column, "");
  EXPECT_EQ(config->export_file, "");
}

TEST(ClientConfigTest, OmittedKeysTakeTheirDefaults) {
  absl::StatusOr<ClientConfig> config =
      ParseClientConfig(kMinimal, "client.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->party, "");
  EXPECT_EQ(config->broker_address, "broker.example.com:7443");
  EXPECT_EQ(config->ca_file, "");
  EXPECT_FALSE(config->plaintext);
  EXPECT_EQ(config->token_file, "acme.token");
  EXPECT_EQ(config->rpc_timeout, absl::Seconds(60));
  EXPECT_EQ(config->state_dir, "state");
  EXPECT_EQ(config->export_file, "");
  EXPECT_EQ(config->id_column, "");
  EXPECT_EQ(config->name_column, "");
  EXPECT_TRUE(config->website_columns.empty());
  EXPECT_FALSE(config->custom_populations);
  ASSERT_EQ(config->populations.size(), 2u);
  EXPECT_EQ(config->populations[0].name, "Customers");
  EXPECT_EQ(config->populations[1].name, "Prospects");
  EXPECT_FALSE(config->exclude.has_value());
  EXPECT_TRUE(config->secret_files.empty());
}

TEST(ClientConfigTest, DefaultPopulationsAreCustomersAndProspects) {
  std::vector<PopulationConfig> populations = DefaultPopulations();
  ASSERT_EQ(populations.size(), 2u);
  EXPECT_EQ(populations[0].name, "Customers");
  EXPECT_EQ(populations[0].kind, v1::POPULATION_KIND_CUSTOMER);
  EXPECT_EQ(populations[1].name, "Prospects");
  EXPECT_EQ(populations[1].kind, v1::POPULATION_KIND_PROSPECT);
}

TEST(ClientConfigTest, DefaultPopulationsClassifySalesforceType) {
  const std::vector<std::string> header = {"Account Name", "Type"};
  const auto classify = [&](const std::string& type) {
    return Classify(DefaultPopulations(), header, {"Acme", type});
  };
  EXPECT_THAT(classify("Customer - Direct"), ElementsAre("Customers"));
  EXPECT_THAT(classify("Customer - Channel"), ElementsAre("Customers"));
  EXPECT_THAT(classify("Prospect"), ElementsAre("Prospects"));
  EXPECT_THAT(classify("Other"), ElementsAre());
  EXPECT_THAT(classify("Channel Partner / Reseller"), ElementsAre());
  EXPECT_THAT(classify(""), ElementsAre());
}

TEST(ClientConfigTest, DefaultPopulationsClassifyHubSpotLifecycleStage) {
  const std::vector<std::string> header = {"Company name", "Lifecycle Stage"};
  const auto classify = [&](const std::string& stage) {
    return Classify(DefaultPopulations(), header, {"Initech", stage});
  };
  EXPECT_THAT(classify("customer"), ElementsAre("Customers"));
  EXPECT_THAT(classify("Customer"), ElementsAre("Customers"));
  EXPECT_THAT(classify("Lead"), ElementsAre("Prospects"));
  EXPECT_THAT(classify("Subscriber"), ElementsAre("Prospects"));
  EXPECT_THAT(classify("Marketing Qualified Lead"), ElementsAre("Prospects"));
  EXPECT_THAT(classify("salesqualifiedlead"), ElementsAre("Prospects"));
  EXPECT_THAT(classify("Opportunity"), ElementsAre("Prospects"));
  EXPECT_THAT(classify("Evangelist"), ElementsAre());
  EXPECT_THAT(classify("Other"), ElementsAre());
}

TEST(ClientConfigTest, RelativePathsResolveAgainstTheConfigFilesDirectory) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string conf = dir.path() + "/conf";
  WriteFile(conf + "/client.yaml", R"yaml(
broker:
  address: localhost:7443
  ca_file: certs/ca.pem
  token_file: ../tokens/acme.token
export:
  file: ./crm/accounts.csv
partners:
  globex: {secret_file: secrets/globex.secret}
  initech: {secret_file: /abs/initech.secret}
)yaml");
  absl::StatusOr<ClientConfig> config = LoadClientConfig(conf + "/client.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->ca_file, conf + "/certs/ca.pem");
  EXPECT_EQ(config->token_file, dir.path() + "/tokens/acme.token");
  EXPECT_EQ(config->export_file, conf + "/crm/accounts.csv");
  EXPECT_EQ(config->state_dir, conf + "/state");  // the default, resolved
  EXPECT_EQ(config->secret_files.at("globex"), conf + "/secrets/globex.secret");
  EXPECT_EQ(config->secret_files.at("initech"), "/abs/initech.secret");
  EXPECT_EQ(config->SecretFileFor("hooli"),
            conf + "/state/partners/hooli.secret");
}

TEST(ClientConfigTest, LoadingAMissingFileIsNotFound) {
  TempDir dir;
  absl::StatusOr<ClientConfig> config =
      LoadClientConfig(dir.path() + "/nope.yaml");
  EXPECT_EQ(config.status().code(), absl::StatusCode::kNotFound);
}

TEST(ClientConfigTest, SecretFileDefaultsUnderStateDirUnlessConfigured) {
  absl::StatusOr<ClientConfig> config = ParseClientConfig(
      absl::StrCat(kMinimal,
                   "state_dir: /var/lib/blindmap\n"
                   "partners:\n"
                   "  globex: {secret_file: /secrets/globex.secret}\n"),
      "client.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->SecretFileFor("globex"), "/secrets/globex.secret");
  EXPECT_EQ(config->SecretFileFor("initech"),
            "/var/lib/blindmap/partners/initech.secret");
}

TEST(ClientConfigTest, MissingBrokerIsAnError) {
  EXPECT_EQ(ErrorMessage("party: acme\n"),
            "client.yaml:1:1: broker: missing: {address: host:port, "
            "token_file: ...}");
  EXPECT_EQ(ErrorMessage("party: acme\nbroker: localhost:7443\n"),
            "client.yaml:2:9: broker: expected a mapping of keys to values");
}

TEST(ClientConfigTest, MissingBrokerAddressIsAnError) {
  EXPECT_EQ(ErrorMessage("broker:\n  token_file: acme.token\n"),
            "client.yaml:2:3: broker.address: missing: host:port");
}

TEST(ClientConfigTest, BrokerAddressNeedsAPortFrom1To65535) {
  for (const char* address :
       {"broker.example.com:99999", "broker.example.com:0", "127.0.0.1:65536",
        "broker.example.com", "broker.example.com:https"}) {
    EXPECT_EQ(ErrorMessage(absl::StrCat("broker:\n  address: ", address,
                                        "\n  token_file: t\n")),
              absl::StrCat("client.yaml:2:12: broker.address: expected "
                           "host:port with a port from 1 to 65535, not \"",
                           address, "\""))
        << address;
  }
  for (const char* address : {"broker.example.com:65535", "\"[::1]:1\"",
                              "dns:///broker.example.com:7443"}) {
    absl::StatusOr<ClientConfig> config = ParseClientConfig(
        absl::StrCat("broker:\n  address: ", address, "\n  token_file: t\n"),
        "client.yaml");
    EXPECT_TRUE(config.ok()) << address << ": " << config.status();
  }
}

TEST(ClientConfigTest, MissingTokenFileIsAnError) {
  EXPECT_EQ(ErrorMessage("broker:\n  address: localhost:7443\n"),
            "client.yaml:2:3: broker.token_file: missing: the file holding "
            "this party's API token (or, for a broker with mutual TLS, "
            "cert_file and key_file)");
}

TEST(ClientConfigTest, AClientCertificateMayReplaceTheToken) {
  absl::StatusOr<ClientConfig> config = ParseClientConfig(
      "broker:\n  address: b.example:7443\n  cert_file: acme.crt\n"
      "  key_file: keys/acme.key\n",
      "client.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->cert_file, "acme.crt");
  EXPECT_EQ(config->key_file, "keys/acme.key");
  EXPECT_EQ(config->token_file, "");
  EXPECT_EQ(ErrorMessage("broker:\n  address: b:1\n  key_file: a.key\n"),
            "client.yaml:2:3: broker.cert_file: cert_file and key_file must be "
            "given together");
  EXPECT_EQ(ErrorMessage("broker:\n  address: 127.0.0.1:1\n  plaintext: true\n"
                         "  cert_file: a.crt\n  key_file: a.key\n"),
            "client.yaml:3:14: broker.plaintext: cannot be true with a client "
            "certificate (mutual TLS)");
}

TEST(ClientConfigTest, MaxMessageBytesDefaultsToOneMebibyteWithinBounds) {
  absl::StatusOr<ClientConfig> config = ParseClientConfig(kMinimal, "c.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->max_message_bytes, 1 << 20);
  EXPECT_EQ(ErrorMessage("broker:\n  address: b:1\n  token_file: t\n"
                         "  max_message_bytes: 100\n"),
            "client.yaml:4:22: broker.max_message_bytes: must be between "
            "4096 and 1073741824");
}

TEST(ClientConfigTest, TimeoutMustBeAWholeNumberOfSecondsUpToAnHour) {
  for (const char* bad : {"0", "3601", "-5"}) {
    EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal, "  timeout_seconds: ", bad)),
              "client.yaml:4:20: broker.timeout_seconds: must be 1..3600")
        << bad;
  }
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal, "  timeout_seconds: soon")),
            "client.yaml:4:20: broker.timeout_seconds: expected a whole "
            "number");
  for (int good : {1, 3600}) {
    absl::StatusOr<ClientConfig> config = ParseClientConfig(
        absl::StrCat(kMinimal, "  timeout_seconds: ", good), "client.yaml");
    ASSERT_TRUE(config.ok()) << config.status();
    EXPECT_EQ(config->rpc_timeout, absl::Seconds(good));
  }
}

TEST(ClientConfigTest, UnknownKeysAreErrorsWithTheirLine) {
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal, "parter: globex\n")),
            "client.yaml:4:1: parter: unknown key; expected one of: party, "
            "broker, state_dir, export, populations, exclude, sharing, "
            "partners, plan, segments, exclusions, icp, partner_scoring, "
            "alerts");
  EXPECT_EQ(ErrorMessage("broker:\n"
                         "  address: localhost:7443\n"
                         "  token_file: acme.token\n"
                         "  tokenfile: acme.token\n"),
            "client.yaml:4:3: broker.tokenfile: unknown key; expected one of: "
            "address, ca_file, plaintext, token_file, cert_file, key_file, "
            "timeout_seconds, max_message_bytes");
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal,
                                      "export:\n"
                                      "  columns:\n"
                                      "    domain: Website\n")),
            "client.yaml:6:5: export.columns.domain: unknown key; expected "
            "one of: id, name, website, duns, lei, registration_id, "
            "registration_country, country, additional_website");
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal,
                                      "partners:\n"
                                      "  globex: {secret: x}\n")),
            "client.yaml:5:12: partners.globex.secret: unknown key; expected "
            "one of: secret_file, sharing, candidate, icp_scores, crm_names");
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal,
                                      "populations:\n"
                                      "  - name: A\n"
                                      "    filter: {column: T, equals: x}\n")),
            "client.yaml:6:5: populations[0].filter: unknown key; expected "
            "one of: name, kind, where, role");
}

TEST(ClientConfigTest, DuplicatePopulationNameIsAnError) {
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal,
                                      "populations:\n"
                                      "  - name: Customers\n"
                                      "    where: {column: T, equals: c}\n"
                                      "  - name: Customers\n"
                                      "    where: {column: T, equals: d}\n")),
            "client.yaml:7:11: populations[1].name: the same name is used "
            "twice");
}

TEST(ClientConfigTest, AtMostSixtyFourPopulations) {
  const auto populations = [](int n) {
    std::string yaml = absl::StrCat(kMinimal, "populations:\n");
    for (int i = 0; i < n; ++i) {
      absl::StrAppend(&yaml, "  - {name: P", i,
                      ", where: {column: T, equals: ", i, "}}\n");
    }
    return yaml;
  };
  absl::StatusOr<ClientConfig> config =
      ParseClientConfig(populations(64), "client.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->populations.size(), 64u);
  EXPECT_EQ(config->populations[63].name, "P63");
  EXPECT_EQ(ErrorMessage(populations(65)),
            "client.yaml:5:3: populations: at most 64 populations");
}

TEST(ClientConfigTest, BadPopulationKindIsAnError) {
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal,
                                      "populations:\n"
                                      "  - name: Partners\n"
                                      "    kind: partner\n"
                                      "    where: {column: T, equals: p}\n")),
            "client.yaml:6:11: populations[0].kind: expected customer, "
            "prospect or other");
}

TEST(ClientConfigTest, PopulationNeedsNameAndWhereAndTheListItems) {
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal,
                                      "populations:\n"
                                      "  - kind: customer\n"
                                      "    where: {column: T, equals: c}\n")),
            "client.yaml:5:5: populations[0].name: needs a name of 1-80 "
            "bytes");
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal,
                                      "populations:\n"
                                      "  - name: Customers\n")),
            "client.yaml:5:5: populations[0].where: missing: the filter that "
            "selects this population");
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal, "populations: []\n")),
            "client.yaml:4:14: populations: expected a non-empty list of "
            "{name, kind, where}");
}

TEST(ClientConfigTest, FilterErrorsCarryThePopulationPath) {
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal,
                                      "populations:\n"
                                      "  - name: Customers\n"
                                      "    where:\n"
                                      "      any:\n"
                                      "        - {column: Type, equals: c}\n"
                                      "        - {column: Type}\n")),
            "client.yaml:9:11: populations[0].where.any[1]: a column "
            "condition needs exactly one of equals, prefix, contains, empty");
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal, "exclude: {equals: yes}\n")),
            "client.yaml:4:10: exclude: a condition needs a column");
}

TEST(ClientConfigTest, PartnersMustBeAMapping) {
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal, "partners: [globex]\n")),
            "client.yaml:4:11: partners: expected a mapping of partner name "
            "to settings");
}

TEST(ClientConfigTest, PlaintextMustBeABoolean) {
  EXPECT_EQ(ErrorMessage(absl::StrCat(kMinimal, "  plaintext: sometimes\n")),
            "client.yaml:4:14: broker.plaintext: expected true or false");
}

}  // namespace
}  // namespace blindmap
