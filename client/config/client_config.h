// The blindmap client's configuration file.
#ifndef BLINDMAP_CLIENT_CONFIG_CLIENT_CONFIG_H_
#define BLINDMAP_CLIENT_CONFIG_CLIENT_CONFIG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "blindmap/v1/broker.pb.h"
#include "client/config/plan_config.h"
#include "client/config/portfolio_config.h"
#include "client/config/alert_config.h"
#include "client/config/row_filter.h"
#include "client/config/sharing_config.h"

namespace blindmap {

// A population: a named subset of my accounts.
struct PopulationConfig {
  std::string name;
  v1::PopulationKind kind = v1::POPULATION_KIND_OTHER;
  RowFilter filter;
  // target_list, icp or segment (portfolio_config.h); such a population is
  // of kind other.
  v1::PopulationRole role = v1::POPULATION_ROLE_UNSPECIFIED;
};

// One company's settings, from YAML such as (every key optional except
// broker.address and broker.token_file, or instead of the token a client
// certificate for a broker with mutual TLS):
//
//   party: acme
//   broker:
//     address: broker.example.com:7443
//     ca_file: ca.pem           # CA that signed the broker's certificate
//     plaintext: false          # true only for a loopback address
//     token_file: acme.token    # API token from the broker operator (0600)
//     cert_file: acme.crt       # mutual TLS: certificate with CN = party
//     key_file: acme.key        # and its key (0600)
//     timeout_seconds: 60       # deadline of each call
//     max_message_bytes: 1048576  # largest upload message sent (keep at or
//                               # under the broker's limits.max_message_bytes)
//   state_dir: state            # partnership secrets live here (0700)
//   export:
//     file: crm/accounts.csv    # default for `blindmap sync` (CSV or XLSX)
//     sheet: Accounts           # XLSX: the worksheet (default: the first)
//     profile: dynamics365      # default: recognized from the header; a
//                               # profile's name, a profile file, or none
//     max_shrink_percent: 50    # refuse an upload losing more (0-100)
//     columns:                  # override the auto-detected columns
//       id: Account ID
//       name: Account Name
//       website: [Website, Company Domain Name]
//       duns: D-U-N-S Number
//       lei: LEI
//       registration_id: Company Number
//       registration_country: Billing Country
//       country: Billing Country  # the account's country (for the country
//                                 # veto); default: detected
//       additional_website: Additional Domains  # other domains (acquired
//                                 # brands): keys, but not the account's
//                                 # own website for the website veto
//   populations:                # default: Customers and Prospects from a
//     - name: Customers         # Salesforce Type / HubSpot Lifecycle Stage
//       kind: customer          # customer | prospect | other
//       where: {column: Type, prefix: Customer}
//   exclude: {column: Do Not Share, equals: [yes, true]}
//   sharing: {levels: {Customers: overlaps}}   # see sharing_config.h
//   plan: {acv: 120000, tiers: {tier1: 10}}    # see plan_config.h
//   partners:
//     globex: {secret_file: state/globex.secret, sharing: {...}}
//   # and the portfolio's sections (portfolio_config.h): segments,
//   # exclusions, icp, partner_scoring; partners.<name>.candidate,
//   # icp_scores and crm_names; populations may carry a role.
//   alerts:                     # after a sync, news to Slack, Teams or a
//     - {kind: slack, url_file: state/slack.url}  # webhook (alert_config.h)
//
// Relative paths are relative to the config file's directory.
struct ClientConfig {
  std::string party;
  std::string broker_address;
  std::string ca_file;
  bool plaintext = false;
  std::string token_file;
  std::string cert_file;
  std::string key_file;
  absl::Duration rpc_timeout = absl::Seconds(60);
  int64_t max_message_bytes = 1 << 20;
  std::string state_dir;
  std::string export_file;
  // A sync losing more than this share of the last upload's records is
  // refused unless --allow-shrink (see client/sync/shrink_guard.h); 100
  // only refuses an upload with no record at all.
  int max_shrink_percent = 50;
  std::string id_column;
  std::string name_column;
  std::vector<std::string> website_columns;
  std::string duns_column;
  std::string lei_column;
  std::string registration_id_column;
  std::string registration_country_column;
  std::string country_column;
  std::vector<std::string> additional_website_columns;
  // export.profile: "" recognizes the CRM from the header, "none" uses the
  // built-in column names only; otherwise a profile's name or the path of a
  // profile file (client/crm/crm_profiles.h).
  std::string export_profile;
  // export.sheet: the worksheet of an XLSX export; "" for the first.
  std::string export_sheet;
  // <the config file's directory>/profiles, when the config came from a
  // file: profiles dropped in there come before the shipped ones.
  std::string profile_dir;
  // True when the config defined populations; false means the defaults.
  bool custom_populations = false;
  std::vector<PopulationConfig> populations;
  std::optional<RowFilter> exclude;
  std::map<std::string, std::string> secret_files;       // partner -> path
  SharingConfig sharing;                                 // for every partner...
  std::map<std::string, SharingConfig> partner_sharing;  // ...unless here
  PlanConfig plan;  // the co-sell plan: factor columns, ICP, weights, tiers
  PortfolioConfig portfolio;  // segments, exclusions, ICP, partner scoring
  std::vector<AlertConfig> alerts;

  // The secret file for `partner`: configured, or
  // <state_dir>/partners/<partner>.secret.
  std::string SecretFileFor(absl::string_view partner) const;
  // The sharing settings for `partner`; for a candidate partner
  // (partners.<name>.candidate) counts only: hidden levels stay, nothing is
  // offered (CountsOnly()).
  SharingConfig SharingFor(absl::string_view partner) const;
};

// OK when `config.party` is empty or equals `authenticated`, the party the
// broker at config.broker_address knows these credentials as (WhoAmI);
// otherwise INVALID_ARGUMENT saying both names: a mixed-up config must not
// act as the other party.
absl::Status CheckConfiguredParty(const ClientConfig& config,
                                  absl::string_view authenticated);

// INVALID_ARGUMENT naming file, line and key for anything malformed,
// NOT_FOUND if the file is missing.
absl::StatusOr<ClientConfig> LoadClientConfig(const std::string& path);
// The same file for local work (keys, match-local): `broker` may be absent.
absl::StatusOr<ClientConfig> LoadExportConfig(const std::string& path);
absl::StatusOr<ClientConfig> ParseClientConfig(absl::string_view yaml,
                                               const std::string& source_name);

// The default populations (Customers, Prospects) over Salesforce's Type and
// HubSpot's Lifecycle Stage columns.
std::vector<PopulationConfig> DefaultPopulations();

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CONFIG_CLIENT_CONFIG_H_
