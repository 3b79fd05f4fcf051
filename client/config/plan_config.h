// The co-sell plan's settings in blindmap.yaml: which CRM columns hold the
// priority factors, the ICP, the factor weights and rules, the tiers and the
// first-touch deadline. Everything here stays on this machine; only the
// relationship strength may be offered to a partner (sharing field
// `relationship`), sealed like any other detail.
#ifndef BLINDMAP_CLIENT_CONFIG_PLAN_CONFIG_H_
#define BLINDMAP_CLIENT_CONFIG_PLAN_CONFIG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/config/row_filter.h"
#include "common/base/yaml_config.h"

namespace blindmap {

// How well a party knows an account, as the account-mapping guide scores
// partner relationship strength: Champion (3), User (2), Awareness (1).
enum class RelationshipStrength { kAwareness = 1, kUser = 2, kChampion = 3 };

// "champion", "user", "awareness".
const char* RelationshipStrengthName(RelationshipStrength strength);
// "Champion", "User", "Awareness".
const char* RelationshipStrengthLabel(RelationshipStrength strength);
// Reads champion / user / awareness (also high / medium / low and 3 / 2 / 1),
// ignoring case and surrounding spaces; nullopt for anything else.
std::optional<RelationshipStrength> ParseRelationshipStrength(
    absl::string_view text);

// The CRM columns the plan reads from this party's own export.
enum class PlanColumn {
  kStage,         // opportunity or deal stage
  kAmount,        // opportunity amount
  kCloseDate,     // expected close date
  kCompetitor,    // the competitor in the deal
  kRelationship,  // relationship strength (Champion / User / Awareness)
  kOwner,         // account owner
  kIndustry,
  kEmployees,
  kCountry,
  kLastActivity,  // date of the last activity on the account
  kCreatedDate,   // when the opportunity was created (sales cycle)
};
inline constexpr PlanColumn kAllPlanColumns[] = {
    PlanColumn::kStage,        PlanColumn::kAmount,
    PlanColumn::kCloseDate,    PlanColumn::kCompetitor,
    PlanColumn::kRelationship, PlanColumn::kOwner,
    PlanColumn::kIndustry,     PlanColumn::kEmployees,
    PlanColumn::kCountry,      PlanColumn::kLastActivity,
    PlanColumn::kCreatedDate,
};

// The key under plan.columns ("stage", "amount", "close_date", ...).
const char* PlanColumnKey(PlanColumn column);
// The headers detected when plan.columns does not name one, in order:
// Salesforce's first, then HubSpot's (e.g. stage: "Opportunity Stage",
// "Stage", "Deal Stage"; amount: "Amount", "Opportunity Amount", "Deal
// Amount", "Recent Deal Amount"; close_date: "Close Date", "Recent Deal
// Close Date", ...). See plan_config.cc for every list.
const std::vector<const char*>& PlanColumnDefaults(PlanColumn column);
// Index of `name` in `header` ignoring case and surrounding spaces, or -1.
int FindHeaderColumn(const std::vector<std::string>& header,
                     absl::string_view name);

// Where this party's relationship strength with an account comes from: a
// column (configured, or one of PlanColumnDefaults(kRelationship)), or
// else rules, the first matching one winning:
//
//   relationship:
//     column: Relationship Strength        # optional
//     rules:
//       - {strength: champion, where: {column: Executive Sponsor, empty:
//       false}}
//       - {strength: user, where: {column: Type, prefix: customer}}
//
// A value type: Bind() once per file, then Evaluate() per row (const,
// thread-compatible).
class RelationshipRule {
 public:
  struct Rule {
    RelationshipStrength strength = RelationshipStrength::kAwareness;
    RowFilter where;
  };

  std::string column;  // "" = detect
  std::vector<Rule> rules;

  // Resolves the column and the rules' filters against `header`.
  // INVALID_ARGUMENT naming `source` if a configured column is missing.
  absl::Status Bind(const std::vector<std::string>& header,
                    absl::string_view source);
  // The column's value when it reads as a strength, else the first matching
  // rule's, else nullopt. Requires Bind().
  std::optional<RelationshipStrength> Evaluate(
      const std::vector<std::string>& fields) const;
  // True when Bind() found a column or there are rules: the export says
  // something about relationships.
  bool bound() const { return index_ >= 0 || !rules.empty(); }

 private:
  int index_ = -1;
};

// A closed range of numbers; either end may be open.
struct NumberRange {
  std::optional<int64_t> min;
  std::optional<int64_t> max;

  bool empty() const { return !min.has_value() && !max.has_value(); }
  bool Contains(double value) const;
};

// The ideal customer profile the ICP-fit factor compares an account with.
struct IcpConfig {
  std::vector<std::string> industries;  // compared ignoring case
  NumberRange employees;
  std::vector<std::string> countries;  // compared ignoring case
  NumberRange budget;                  // against the account's amount

  // How many attributes are defined (0 to 4).
  int attributes() const;
};

// The guide's weights: High 3, Medium 2, Low 1; 0 switches a factor off.
struct FactorWeights {
  int partner_relationship = 3;
  int icp_fit = 3;
  int timing = 2;
  int deal_size = 2;
  int competition = 1;
};

// From YAML such as (every key optional):
//
//   plan:
//     columns: {stage: Opportunity Stage, amount: Amount,
//               close_date: Close Date, competitor: Competitor,
//               relationship: Partner Relationship, owner: Account Owner,
//               industry: Industry, employees: Employees,
//               country: Billing Country, last_activity: Last Activity,
//               created_date: Created Date}
//     relationship: {column: ..., rules: [...]}   # see RelationshipRule
//     icp:
//       industries: [Technology, Banking]
//       employees: {min: 1000, max: 250000}
//       countries: [United States, Germany]
//       budget: {min: 50000, max: 500000}
//     acv: 120000                 # average contract value
//     acv_band_percent: 20        # "At ACV" within +-20%
//     stages: {won: [Closed Won], lost: [Closed Lost]}
//     strong_competitors: [Initrode]   # others named are weak
//     timing: {active_days: 90, upcoming_days: 180}
//     weights: {partner_relationship: 3, icp_fit: 3, timing: 2,
//               deal_size: 2, competition: 1}
//     tiers: {tier1: 10, tier2: 15}
//     first_touch_days: 14
struct PlanConfig {
  std::map<PlanColumn, std::string> columns;  // configured header names
  RelationshipRule relationship;
  IcpConfig icp;
  std::optional<int64_t> acv;
  int acv_band_percent = 20;
  // Lowercased; any other non-empty stage is an open opportunity.
  std::vector<std::string> won_stages = {"closed won", "closedwon", "won"};
  std::vector<std::string> lost_stages = {"closed lost", "closedlost", "lost"};
  std::vector<std::string> strong_competitors;  // lowercased
  int active_days = 90;
  int upcoming_days = 180;
  FactorWeights weights;
  int tier1_size = 10;
  int tier2_size = 15;
  int first_touch_days = 14;
};

// INVALID_ARGUMENT located in the config for anything malformed or out of
// range (weights 0-10, tier1 1-100, tier2 0-1000, days 1-3650).
absl::StatusOr<PlanConfig> ParsePlanConfig(const YamlConfig& yaml,
                                           const YAML::Node& node,
                                           const std::string& path);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CONFIG_PLAN_CONFIG_H_
