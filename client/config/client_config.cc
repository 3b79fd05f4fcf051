#include "client/config/client_config.h"

#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/net_address.h"
#include "common/base/party_name.h"
#include "common/base/status_macros.h"
#include "common/base/yaml_config.h"
#include "common/match/overlap.h"

namespace blindmap {
namespace {

// Salesforce: Type picklist ("Customer - Direct", "Prospect", ...).
// HubSpot: Lifecycle Stage ("Customer", "Lead", "Opportunity", ...).
constexpr absl::string_view kDefaultPopulations = R"yaml(
- name: Customers
  kind: customer
  where:
    any:
      - {column: Type, prefix: customer}
      - {column: Lifecycle Stage, equals: customer}
- name: Prospects
  kind: prospect
  where:
    any:
      - {column: Type, equals: prospect}
      - column: Lifecycle Stage
        equals: [lead, subscriber, marketing qualified lead,
                 marketingqualifiedlead, sales qualified lead,
                 salesqualifiedlead, opportunity]
)yaml";

// A profile given as a file rather than by name.
bool IsProfilePath(absl::string_view profile) {
  return absl::StrContains(profile, '/') || absl::EndsWith(profile, ".yaml") ||
         absl::EndsWith(profile, ".yml");
}

// Profiles dropped in beside the config file.
void SetProfileDir(const std::string& config_path, ClientConfig& config) {
  std::filesystem::path dir = std::filesystem::path(config_path).parent_path();
  if (dir.empty()) dir = ".";
  config.profile_dir = (dir / "profiles").string();
}

absl::StatusOr<v1::PopulationKind> ParseKind(const YamlConfig& yaml,
                                             const YAML::Node& item,
                                             const std::string& path) {
  ASSIGN_OR_RETURN(std::string kind, yaml.String(item, path, "kind", "other"));
  kind = absl::AsciiStrToLower(kind);
  if (kind == "customer") return v1::POPULATION_KIND_CUSTOMER;
  if (kind == "prospect") return v1::POPULATION_KIND_PROSPECT;
  if (kind == "other") return v1::POPULATION_KIND_OTHER;
  return yaml.Error(item["kind"], path + ".kind",
                    "expected customer, prospect or other");
}

// A population's role (portfolio_config.h); one with a role is of kind
// other.
absl::StatusOr<v1::PopulationRole> ParsePopulationRole(
    const YamlConfig& yaml, const YAML::Node& item, const std::string& path,
    v1::PopulationKind kind) {
  ASSIGN_OR_RETURN(std::string role, yaml.String(item, path, "role", ""));
  role = absl::AsciiStrToLower(role);
  if (role.empty()) return v1::POPULATION_ROLE_UNSPECIFIED;
  v1::PopulationRole parsed;
  if (role == "target_list") {
    parsed = v1::POPULATION_ROLE_TARGET_LIST;
  } else if (role == "icp") {
    parsed = v1::POPULATION_ROLE_ICP;
  } else if (role == "segment") {
    parsed = v1::POPULATION_ROLE_SEGMENT;
  } else {
    return yaml.Error(item["role"], path + ".role",
                      "expected target_list, icp or segment");
  }
  if (kind != v1::POPULATION_KIND_OTHER) {
    return yaml.Error(item["kind"], path + ".kind",
                      "a population with a role is of kind other (it adds "
                      "nothing to the four overlap types)");
  }
  return parsed;
}

absl::StatusOr<std::vector<PopulationConfig>> ParsePopulations(
    const YamlConfig& yaml, const YAML::Node& list) {
  if (!list.IsSequence() || list.size() == 0) {
    return yaml.Error(list, "populations",
                      "expected a non-empty list of {name, kind, where}");
  }
  if (list.size() > kMaxPopulations) {
    return yaml.Error(
        list, "populations",
        absl::StrCat("at most ", kMaxPopulations, " populations"));
  }
  std::vector<PopulationConfig> populations;
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    const std::string path = absl::StrCat("populations[", i, "]");
    RETURN_IF_ERROR(
        yaml.CheckKeys(item, path, {"name", "kind", "where", "role"}));
    ASSIGN_OR_RETURN(std::string name, yaml.String(item, path, "name", ""));
    if (name.empty() || name.size() > 80) {
      return yaml.Error(item, path + ".name", "needs a name of 1-80 bytes");
    }
    for (const PopulationConfig& earlier : populations) {
      if (earlier.name == name) {
        return yaml.Error(item["name"], path + ".name",
                          "the same name is used twice");
      }
    }
    ASSIGN_OR_RETURN(v1::PopulationKind kind, ParseKind(yaml, item, path));
    if (!item["where"]) {
      return yaml.Error(item, path + ".where",
                        "missing: the filter that selects this population");
    }
    ASSIGN_OR_RETURN(RowFilter filter,
                     RowFilter::FromYaml(yaml, item["where"], path + ".where"));
    ASSIGN_OR_RETURN(v1::PopulationRole role,
                     ParsePopulationRole(yaml, item, path, kind));
    populations.push_back({std::move(name), kind, std::move(filter), role});
  }
  return populations;
}

absl::StatusOr<std::vector<std::string>> StringOrList(const YamlConfig& yaml,
                                                      const YAML::Node& map,
                                                      const std::string& path,
                                                      const std::string& key) {
  std::vector<std::string> values;
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return values;
  if (node.IsScalar()) {
    values.push_back(node.Scalar());
    return values;
  }
  if (!node.IsSequence()) {
    return yaml.Error(node, path + "." + key, "expected a name or list");
  }
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) {
      return yaml.Error(item, path + "." + key, "expected a column name");
    }
    values.push_back(item.Scalar());
  }
  return values;
}

absl::Status ReadBroker(const YamlConfig& yaml, const YAML::Node& broker,
                        ClientConfig& config) {
  RETURN_IF_ERROR(yaml.CheckKeys(
      broker, "broker",
      {"address", "ca_file", "plaintext", "token_file", "cert_file", "key_file",
       "timeout_seconds", "max_message_bytes"}));
  ASSIGN_OR_RETURN(config.broker_address,
                   yaml.String(broker, "broker", "address", ""));
  if (config.broker_address.empty()) {
    return yaml.Error(broker, "broker.address", "missing: host:port");
  }
  // gRPC target URIs ("dns:///host:port", "unix:...") are taken as they
  // are; a plain address needs a port gRPC can dial.
  const bool uri = absl::StrContains(config.broker_address, "://") ||
                   absl::StartsWith(config.broker_address, "unix:");
  if (!uri && PortOf(config.broker_address) <= 0) {
    return yaml.Error(
        broker["address"], "broker.address",
        absl::StrCat("expected host:port with a port from 1 to 65535, not \"",
                     config.broker_address, "\""));
  }
  ASSIGN_OR_RETURN(config.ca_file, yaml.Path(broker, "broker", "ca_file", ""));
  ASSIGN_OR_RETURN(config.plaintext,
                   yaml.Bool(broker, "broker", "plaintext", false));
  ASSIGN_OR_RETURN(config.token_file,
                   yaml.Path(broker, "broker", "token_file", ""));
  ASSIGN_OR_RETURN(config.cert_file,
                   yaml.Path(broker, "broker", "cert_file", ""));
  ASSIGN_OR_RETURN(config.key_file,
                   yaml.Path(broker, "broker", "key_file", ""));
  if (config.cert_file.empty() != config.key_file.empty()) {
    return yaml.Error(broker, "broker.cert_file",
                      "cert_file and key_file must be given together");
  }
  if (!config.cert_file.empty() && config.plaintext) {
    return yaml.Error(broker["plaintext"], "broker.plaintext",
                      "cannot be true with a client certificate (mutual TLS)");
  }
  if (config.token_file.empty() && config.cert_file.empty()) {
    return yaml.Error(broker, "broker.token_file",
                      "missing: the file holding this party's API token (or, "
                      "for a broker with mutual TLS, cert_file and key_file)");
  }
  ASSIGN_OR_RETURN(int64_t timeout,
                   yaml.Int(broker, "broker", "timeout_seconds", 60));
  if (timeout < 1 || timeout > 3600) {
    return yaml.Error(broker["timeout_seconds"], "broker.timeout_seconds",
                      "must be 1..3600");
  }
  config.rpc_timeout = absl::Seconds(timeout);
  ASSIGN_OR_RETURN(config.max_message_bytes,
                   yaml.Int(broker, "broker", "max_message_bytes",
                            config.max_message_bytes));
  if (config.max_message_bytes < 4096 ||
      config.max_message_bytes > (int64_t{1} << 30)) {
    return yaml.Error(broker["max_message_bytes"], "broker.max_message_bytes",
                      "must be between 4096 and 1073741824");
  }
  return absl::OkStatus();
}

// One ICP for a party: where the config has no plan.icp, the plan's ICP-fit
// factor uses the top-level icp: section the portfolio shares (industry,
// company_size, geography, budget_range), so a user states it once.
void UsePortfolioIcpForThePlan(ClientConfig& config) {
  IcpConfig& plan = config.plan.icp;
  const IcpDefinitionConfig& icp = config.portfolio.icp;
  if (!icp.defined || plan.attributes() > 0) return;
  // Lowercased, as plan.icp's own lists are (compared ignoring case).
  auto lower = [](const std::vector<std::string>& from) {
    std::vector<std::string> to;
    for (const std::string& s : from) to.push_back(absl::AsciiStrToLower(s));
    return to;
  };
  plan.industries = lower(icp.industry);
  plan.countries = lower(icp.geography);
  auto range = [](const IcpRangeConfig& from, NumberRange& to) {
    if (!from.set) return;
    if (from.min > 0) to.min = static_cast<int64_t>(from.min);
    if (from.max > 0) to.max = static_cast<int64_t>(from.max);  // 0: none
  };
  range(icp.company_size, plan.employees);
  range(icp.budget_range, plan.budget);
}

absl::StatusOr<ClientConfig> FromYaml(const YamlConfig& yaml,
                                      bool require_broker) {
  const YAML::Node& root = yaml.root();
  RETURN_IF_ERROR(
      yaml.CheckKeys(root, "",
                     {"party", "broker", "state_dir", "export", "populations",
                      "exclude", "sharing", "partners", "plan", "segments",
                      "exclusions", "icp", "partner_scoring", "alerts"}));
  ClientConfig config;
  ASSIGN_OR_RETURN(config.party, yaml.String(root, "", "party", ""));
  const YAML::Node broker = root["broker"];
  if (broker.IsDefined() && !broker.IsNull()) {
    RETURN_IF_ERROR(ReadBroker(yaml, broker, config));
  } else if (require_broker) {
    return yaml.Error(root, "broker",
                      "missing: {address: host:port, token_file: ...}");
  }
  ASSIGN_OR_RETURN(config.state_dir, yaml.Path(root, "", "state_dir", "state"));

  const YAML::Node export_node = root["export"];
  if (export_node.IsDefined() && !export_node.IsNull()) {
    RETURN_IF_ERROR(yaml.CheckKeys(
        export_node, "export",
        {"file", "columns", "sheet", "profile", "max_shrink_percent"}));
    ASSIGN_OR_RETURN(config.export_file,
                     yaml.Path(export_node, "export", "file", ""));
    ASSIGN_OR_RETURN(config.export_sheet,
                     yaml.String(export_node, "export", "sheet", ""));
    ASSIGN_OR_RETURN(config.export_profile,
                     yaml.String(export_node, "export", "profile", ""));
    if (IsProfilePath(config.export_profile)) {
      ASSIGN_OR_RETURN(config.export_profile,
                       yaml.Path(export_node, "export", "profile", ""));
    }
    ASSIGN_OR_RETURN(const int64_t shrink,
                     yaml.Int(export_node, "export", "max_shrink_percent",
                              config.max_shrink_percent));
    if (shrink < 0 || shrink > 100) {
      return yaml.Error(export_node["max_shrink_percent"],
                        "export.max_shrink_percent",
                        "must be between 0 and 100 (percent of the last "
                        "upload's records)");
    }
    config.max_shrink_percent = static_cast<int>(shrink);
    const YAML::Node columns = export_node["columns"];
    if (columns.IsDefined() && !columns.IsNull()) {
      RETURN_IF_ERROR(yaml.CheckKeys(
          columns, "export.columns",
          {"id", "name", "website", "duns", "lei", "registration_id",
           "registration_country", "country", "additional_website"}));
      ASSIGN_OR_RETURN(config.id_column,
                       yaml.String(columns, "export.columns", "id", ""));
      ASSIGN_OR_RETURN(config.name_column,
                       yaml.String(columns, "export.columns", "name", ""));
      ASSIGN_OR_RETURN(
          config.website_columns,
          StringOrList(yaml, columns, "export.columns", "website"));
      ASSIGN_OR_RETURN(config.duns_column,
                       yaml.String(columns, "export.columns", "duns", ""));
      ASSIGN_OR_RETURN(config.lei_column,
                       yaml.String(columns, "export.columns", "lei", ""));
      ASSIGN_OR_RETURN(
          config.registration_id_column,
          yaml.String(columns, "export.columns", "registration_id", ""));
      ASSIGN_OR_RETURN(
          config.registration_country_column,
          yaml.String(columns, "export.columns", "registration_country", ""));
      ASSIGN_OR_RETURN(config.country_column,
                       yaml.String(columns, "export.columns", "country", ""));
      ASSIGN_OR_RETURN(
          config.additional_website_columns,
          StringOrList(yaml, columns, "export.columns", "additional_website"));
    }
  }
  if (root["populations"]) {
    config.custom_populations = true;
    ASSIGN_OR_RETURN(config.populations,
                     ParsePopulations(yaml, root["populations"]));
  } else {
    config.populations = DefaultPopulations();
  }
  if (root["exclude"]) {
    ASSIGN_OR_RETURN(config.exclude,
                     RowFilter::FromYaml(yaml, root["exclude"], "exclude"));
  }
  if (root["sharing"]) {
    ASSIGN_OR_RETURN(config.sharing,
                     ParseSharingConfig(yaml, root["sharing"], "sharing"));
  }
  if (root["plan"]) {
    ASSIGN_OR_RETURN(config.plan, ParsePlanConfig(yaml, root["plan"], "plan"));
  }
  if (root["alerts"]) {
    ASSIGN_OR_RETURN(config.alerts, ParseAlertConfigs(yaml, root["alerts"]));
  }
  const YAML::Node partners = root["partners"];
  if (partners.IsDefined() && !partners.IsNull()) {
    if (!partners.IsMap()) {
      return yaml.Error(partners, "partners",
                        "expected a mapping of partner name to settings");
    }
    for (const auto& entry : partners) {
      const std::string partner = entry.first.as<std::string>("");
      const std::string path = "partners." + partner;
      if (!IsValidPartyName(partner)) {
        return yaml.Error(entry.first, path,
                          "not a party name (lowercase letters, digits, '-' "
                          "and '_', starting with a letter)");
      }
      RETURN_IF_ERROR(yaml.CheckKeys(
          entry.second, path,
          {"secret_file", "sharing", "candidate", "icp_scores", "crm_names"}));
      ASSIGN_OR_RETURN(std::string file,
                       yaml.Path(entry.second, path, "secret_file", ""));
      if (!file.empty()) config.secret_files[partner] = file;
      if (entry.second["sharing"]) {
        ASSIGN_OR_RETURN(config.partner_sharing[partner],
                         ParseSharingConfig(yaml, entry.second["sharing"],
                                            path + ".sharing"));
      }
      RETURN_IF_ERROR(ReadPartnerPortfolio(yaml, entry.second, path,
                                           config.portfolio.partners[partner]));
    }
  }
  RETURN_IF_ERROR(ReadPortfolioSections(yaml, config));
  UsePortfolioIcpForThePlan(config);
  return config;
}

}  // namespace

std::string ClientConfig::SecretFileFor(absl::string_view partner) const {
  // Callers check the name first (CheckPartyName); a name that could leave
  // the partners directory never becomes a path.
  if (!IsValidPartyName(partner)) return "";
  auto it = secret_files.find(std::string(partner));
  if (it != secret_files.end()) return it->second;
  return (std::filesystem::path(state_dir) / "partners" /
          absl::StrCat(partner, ".secret"))
      .string();
}

SharingConfig ClientConfig::SharingFor(absl::string_view partner) const {
  auto it = partner_sharing.find(std::string(partner));
  const SharingConfig& configured =
      it == partner_sharing.end() ? sharing : it->second;
  return portfolio.For(partner).candidate ? CountsOnly(configured) : configured;
}

std::vector<PopulationConfig> DefaultPopulations() {
  absl::StatusOr<YamlConfig> yaml = YamlConfig::Parse(
      absl::StrCat("populations:", kDefaultPopulations), "(built-in defaults)");
  absl::StatusOr<std::vector<PopulationConfig>> populations =
      ParsePopulations(*yaml, yaml->root()["populations"]);
  // The defaults are a constant of this file; a unit test pins that they
  // parse, so this cannot fail at run time.
  return populations.ok() ? *std::move(populations)
                          : std::vector<PopulationConfig>();
}

absl::Status CheckConfiguredParty(const ClientConfig& config,
                                  absl::string_view authenticated) {
  if (config.party.empty() || config.party == authenticated) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "the config says party: ", config.party, ", but the broker at ",
      config.broker_address, " knows these credentials as ", authenticated,
      ". Nothing was done: fix party: or broker.token_file (or cert_file) in "
      "the config"));
}

absl::StatusOr<ClientConfig> LoadClientConfig(const std::string& path) {
  ASSIGN_OR_RETURN(YamlConfig yaml, YamlConfig::LoadFile(path));
  ASSIGN_OR_RETURN(ClientConfig config,
                   FromYaml(yaml, /*require_broker=*/true));
  SetProfileDir(path, config);
  return config;
}

absl::StatusOr<ClientConfig> LoadExportConfig(const std::string& path) {
  ASSIGN_OR_RETURN(YamlConfig yaml, YamlConfig::LoadFile(path));
  ASSIGN_OR_RETURN(ClientConfig config,
                   FromYaml(yaml, /*require_broker=*/false));
  SetProfileDir(path, config);
  return config;
}

absl::StatusOr<ClientConfig> ParseClientConfig(absl::string_view text,
                                               const std::string& source_name) {
  ASSIGN_OR_RETURN(YamlConfig yaml, YamlConfig::Parse(text, source_name));
  return FromYaml(yaml, /*require_broker=*/true);
}

}  // namespace blindmap
