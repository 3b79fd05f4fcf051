#include "client/config/plan_config.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/status_macros.h"

namespace blindmap {
namespace {

std::string Canonical(absl::string_view s) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(s));
}

absl::StatusOr<std::vector<std::string>> LowercaseList(const YamlConfig& yaml,
                                                       const YAML::Node& map,
                                                       const std::string& path,
                                                       const std::string& key) {
  std::vector<std::string> values;
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return values;
  if (node.IsScalar()) {
    values.push_back(Canonical(node.Scalar()));
    return values;
  }
  if (!node.IsSequence()) {
    return yaml.Error(node, path + "." + key, "expected a value or a list");
  }
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) {
      return yaml.Error(item, path + "." + key, "expected a value");
    }
    values.push_back(Canonical(item.Scalar()));
  }
  return values;
}

absl::StatusOr<NumberRange> ParseRange(const YamlConfig& yaml,
                                       const YAML::Node& map,
                                       const std::string& path,
                                       const std::string& key) {
  NumberRange range;
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return range;
  const std::string where = path + "." + key;
  if (!node.IsMap())
    return yaml.Error(node, where, "expected {min: N, max: N}");
  RETURN_IF_ERROR(yaml.CheckKeys(node, where, {"min", "max"}));
  if (node["min"]) {
    ASSIGN_OR_RETURN(range.min, yaml.Int(node, where, "min", 0));
  }
  if (node["max"]) {
    ASSIGN_OR_RETURN(range.max, yaml.Int(node, where, "max", 0));
  }
  if (range.min.has_value() && range.max.has_value() &&
      *range.min > *range.max) {
    return yaml.Error(node, where, "min is greater than max");
  }
  return range;
}

absl::Status IntInRange(const YamlConfig& yaml, const YAML::Node& map,
                        const std::string& path, const std::string& key,
                        int64_t low, int64_t high, int& value) {
  ASSIGN_OR_RETURN(int64_t read, yaml.Int(map, path, key, value));
  if (read < low || read > high) {
    return yaml.Error(map[key], path + "." + key,
                      absl::StrCat("must be ", low, " to ", high));
  }
  value = static_cast<int>(read);
  return absl::OkStatus();
}

absl::StatusOr<RelationshipRule> ParseRelationship(const YamlConfig& yaml,
                                                   const YAML::Node& node,
                                                   const std::string& path) {
  RelationshipRule rule;
  if (!node.IsDefined() || node.IsNull()) return rule;
  RETURN_IF_ERROR(yaml.CheckKeys(node, path, {"column", "rules"}));
  ASSIGN_OR_RETURN(rule.column, yaml.String(node, path, "column", ""));
  const YAML::Node rules = node["rules"];
  if (!rules.IsDefined() || rules.IsNull()) return rule;
  if (!rules.IsSequence()) {
    return yaml.Error(rules, path + ".rules",
                      "expected a list of {strength, where}");
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    const std::string where = absl::StrCat(path, ".rules[", i, "]");
    RETURN_IF_ERROR(yaml.CheckKeys(rules[i], where, {"strength", "where"}));
    ASSIGN_OR_RETURN(std::string strength,
                     yaml.String(rules[i], where, "strength", ""));
    std::optional<RelationshipStrength> parsed =
        ParseRelationshipStrength(strength);
    if (!parsed.has_value()) {
      return yaml.Error(rules[i], where + ".strength",
                        "expected champion, user or awareness");
    }
    if (!rules[i]["where"]) {
      return yaml.Error(rules[i], where + ".where",
                        "missing: the filter that selects these accounts");
    }
    ASSIGN_OR_RETURN(
        RowFilter filter,
        RowFilter::FromYaml(yaml, rules[i]["where"], where + ".where"));
    rule.rules.push_back({*parsed, std::move(filter)});
  }
  return rule;
}

}  // namespace

const char* RelationshipStrengthName(RelationshipStrength strength) {
  switch (strength) {
    case RelationshipStrength::kChampion:
      return "champion";
    case RelationshipStrength::kUser:
      return "user";
    case RelationshipStrength::kAwareness:
      return "awareness";
  }
  return "awareness";
}

const char* RelationshipStrengthLabel(RelationshipStrength strength) {
  switch (strength) {
    case RelationshipStrength::kChampion:
      return "Champion";
    case RelationshipStrength::kUser:
      return "User";
    case RelationshipStrength::kAwareness:
      return "Awareness";
  }
  return "Awareness";
}

std::optional<RelationshipStrength> ParseRelationshipStrength(
    absl::string_view text) {
  const std::string value = Canonical(text);
  if (value == "champion" || value == "high" || value == "3") {
    return RelationshipStrength::kChampion;
  }
  if (value == "user" || value == "medium" || value == "2") {
    return RelationshipStrength::kUser;
  }
  if (value == "awareness" || value == "low" || value == "1") {
    return RelationshipStrength::kAwareness;
  }
  return std::nullopt;
}

const char* PlanColumnKey(PlanColumn column) {
  switch (column) {
    case PlanColumn::kStage:
      return "stage";
    case PlanColumn::kAmount:
      return "amount";
    case PlanColumn::kCloseDate:
      return "close_date";
    case PlanColumn::kCompetitor:
      return "competitor";
    case PlanColumn::kRelationship:
      return "relationship";
    case PlanColumn::kOwner:
      return "owner";
    case PlanColumn::kIndustry:
      return "industry";
    case PlanColumn::kEmployees:
      return "employees";
    case PlanColumn::kCountry:
      return "country";
    case PlanColumn::kLastActivity:
      return "last_activity";
    case PlanColumn::kCreatedDate:
      return "created_date";
  }
  return "";
}

const std::vector<const char*>& PlanColumnDefaults(PlanColumn column) {
  // Salesforce (account reports with opportunity fields) first, then
  // HubSpot's company export.
  static const std::vector<const char*> kStage = {
      "Opportunity Stage", "Stage", "Deal Stage", "Recent Deal Stage"};
  static const std::vector<const char*> kAmount = {
      "Amount", "Opportunity Amount", "Deal Amount", "Recent Deal Amount"};
  static const std::vector<const char*> kCloseDate = {
      "Close Date", "Opportunity Close Date", "Recent Deal Close Date",
      "Expected Close Date"};
  static const std::vector<const char*> kCompetitor = {
      "Competitor", "Main Competitor", "Primary Competitor", "Competitors"};
  static const std::vector<const char*> kRelationship = {
      "Partner Relationship", "Relationship Strength", "Relationship"};
  static const std::vector<const char*> kOwner = {
      "Account Owner", "Company owner", "Owner", "Account Owner Name"};
  static const std::vector<const char*> kIndustry = {"Industry"};
  static const std::vector<const char*> kEmployees = {
      "Employees", "Number of Employees", "NumberOfEmployees"};
  static const std::vector<const char*> kCountry = {
      "Billing Country", "Country/Region", "Country"};
  static const std::vector<const char*> kLastActivity = {
      "Last Activity", "Last Activity Date", "Last Engagement Date"};
  static const std::vector<const char*> kCreatedDate = {
      "Created Date", "Opportunity Created Date", "Create Date"};
  switch (column) {
    case PlanColumn::kStage:
      return kStage;
    case PlanColumn::kAmount:
      return kAmount;
    case PlanColumn::kCloseDate:
      return kCloseDate;
    case PlanColumn::kCompetitor:
      return kCompetitor;
    case PlanColumn::kRelationship:
      return kRelationship;
    case PlanColumn::kOwner:
      return kOwner;
    case PlanColumn::kIndustry:
      return kIndustry;
    case PlanColumn::kEmployees:
      return kEmployees;
    case PlanColumn::kCountry:
      return kCountry;
    case PlanColumn::kLastActivity:
      return kLastActivity;
    case PlanColumn::kCreatedDate:
      return kCreatedDate;
  }
  return kStage;
}

int FindHeaderColumn(const std::vector<std::string>& header,
                     absl::string_view name) {
  const std::string wanted = Canonical(name);
  for (size_t i = 0; i < header.size(); ++i) {
    if (Canonical(header[i]) == wanted) return static_cast<int>(i);
  }
  return -1;
}

absl::Status RelationshipRule::Bind(const std::vector<std::string>& header,
                                    absl::string_view source) {
  index_ = -1;
  if (!column.empty()) {
    index_ = FindHeaderColumn(header, column);
    if (index_ < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          source, ": column \"", column,
          "\" (plan.relationship.column) is not in the header; the header "
          "has: ",
          absl::StrJoin(header, ", ")));
    }
  } else {
    for (const char* candidate :
         PlanColumnDefaults(PlanColumn::kRelationship)) {
      index_ = FindHeaderColumn(header, candidate);
      if (index_ >= 0) break;
    }
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    absl::Status bound = rules[i].where.Bind(header, false);
    if (!bound.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          source, ": plan.relationship.rules[", i, "]: ", bound.message()));
    }
  }
  return absl::OkStatus();
}

std::optional<RelationshipStrength> RelationshipRule::Evaluate(
    const std::vector<std::string>& fields) const {
  if (index_ >= 0 && static_cast<size_t>(index_) < fields.size()) {
    std::optional<RelationshipStrength> strength =
        ParseRelationshipStrength(fields[index_]);
    if (strength.has_value()) return strength;
  }
  for (const Rule& rule : rules) {
    if (rule.where.Matches(fields)) return rule.strength;
  }
  return std::nullopt;
}

bool NumberRange::Contains(double value) const {
  if (min.has_value() && value < static_cast<double>(*min)) return false;
  if (max.has_value() && value > static_cast<double>(*max)) return false;
  return true;
}

int IcpConfig::attributes() const {
  return (industries.empty() ? 0 : 1) + (employees.empty() ? 0 : 1) +
         (countries.empty() ? 0 : 1) + (budget.empty() ? 0 : 1);
}

absl::StatusOr<PlanConfig> ParsePlanConfig(const YamlConfig& yaml,
                                           const YAML::Node& node,
                                           const std::string& path) {
  PlanConfig plan;
  if (!node.IsDefined() || node.IsNull()) return plan;
  if (!node.IsMap()) return yaml.Error(node, path, "expected a mapping");
  RETURN_IF_ERROR(
      yaml.CheckKeys(node, path,
                     {"columns", "relationship", "icp", "acv",
                      "acv_band_percent", "stages", "strong_competitors",
                      "timing", "weights", "tiers", "first_touch_days"}));
  const YAML::Node columns = node["columns"];
  if (columns.IsDefined() && !columns.IsNull()) {
    const std::string where = path + ".columns";
    RETURN_IF_ERROR(yaml.CheckKeys(
        columns, where,
        {"stage", "amount", "close_date", "competitor", "relationship", "owner",
         "industry", "employees", "country", "last_activity", "created_date"}));
    for (PlanColumn column : kAllPlanColumns) {
      ASSIGN_OR_RETURN(std::string name,
                       yaml.String(columns, where, PlanColumnKey(column), ""));
      if (!name.empty()) plan.columns[column] = name;
    }
  }
  ASSIGN_OR_RETURN(
      plan.relationship,
      ParseRelationship(yaml, node["relationship"], path + ".relationship"));
  auto relationship_column = plan.columns.find(PlanColumn::kRelationship);
  if (plan.relationship.column.empty() &&
      relationship_column != plan.columns.end()) {
    plan.relationship.column = relationship_column->second;
  }
  const YAML::Node icp = node["icp"];
  if (icp.IsDefined() && !icp.IsNull()) {
    const std::string where = path + ".icp";
    RETURN_IF_ERROR(yaml.CheckKeys(
        icp, where, {"industries", "employees", "countries", "budget"}));
    ASSIGN_OR_RETURN(plan.icp.industries,
                     LowercaseList(yaml, icp, where, "industries"));
    ASSIGN_OR_RETURN(plan.icp.employees,
                     ParseRange(yaml, icp, where, "employees"));
    ASSIGN_OR_RETURN(plan.icp.countries,
                     LowercaseList(yaml, icp, where, "countries"));
    ASSIGN_OR_RETURN(plan.icp.budget, ParseRange(yaml, icp, where, "budget"));
  }
  if (node["acv"]) {
    ASSIGN_OR_RETURN(plan.acv, yaml.Int(node, path, "acv", 0));
    if (*plan.acv <= 0) {
      return yaml.Error(node["acv"], path + ".acv", "must be above 0");
    }
  }
  RETURN_IF_ERROR(IntInRange(yaml, node, path, "acv_band_percent", 0, 100,
                             plan.acv_band_percent));
  const YAML::Node stages = node["stages"];
  if (stages.IsDefined() && !stages.IsNull()) {
    const std::string where = path + ".stages";
    RETURN_IF_ERROR(yaml.CheckKeys(stages, where, {"won", "lost"}));
    if (stages["won"]) {
      ASSIGN_OR_RETURN(plan.won_stages,
                       LowercaseList(yaml, stages, where, "won"));
    }
    if (stages["lost"]) {
      ASSIGN_OR_RETURN(plan.lost_stages,
                       LowercaseList(yaml, stages, where, "lost"));
    }
  }
  ASSIGN_OR_RETURN(plan.strong_competitors,
                   LowercaseList(yaml, node, path, "strong_competitors"));
  const YAML::Node timing = node["timing"];
  if (timing.IsDefined() && !timing.IsNull()) {
    const std::string where = path + ".timing";
    RETURN_IF_ERROR(
        yaml.CheckKeys(timing, where, {"active_days", "upcoming_days"}));
    RETURN_IF_ERROR(IntInRange(yaml, timing, where, "active_days", 1, 3650,
                               plan.active_days));
    RETURN_IF_ERROR(IntInRange(yaml, timing, where, "upcoming_days", 1, 3650,
                               plan.upcoming_days));
    if (plan.upcoming_days < plan.active_days) {
      return yaml.Error(timing, where,
                        "upcoming_days must not be below active_days");
    }
  }
  const YAML::Node weights = node["weights"];
  if (weights.IsDefined() && !weights.IsNull()) {
    const std::string where = path + ".weights";
    RETURN_IF_ERROR(yaml.CheckKeys(weights, where,
                                   {"partner_relationship", "icp_fit", "timing",
                                    "deal_size", "competition"}));
    FactorWeights& w = plan.weights;
    RETURN_IF_ERROR(IntInRange(yaml, weights, where, "partner_relationship", 0,
                               10, w.partner_relationship));
    RETURN_IF_ERROR(
        IntInRange(yaml, weights, where, "icp_fit", 0, 10, w.icp_fit));
    RETURN_IF_ERROR(
        IntInRange(yaml, weights, where, "timing", 0, 10, w.timing));
    RETURN_IF_ERROR(
        IntInRange(yaml, weights, where, "deal_size", 0, 10, w.deal_size));
    RETURN_IF_ERROR(
        IntInRange(yaml, weights, where, "competition", 0, 10, w.competition));
  }
  const YAML::Node tiers = node["tiers"];
  if (tiers.IsDefined() && !tiers.IsNull()) {
    const std::string where = path + ".tiers";
    RETURN_IF_ERROR(yaml.CheckKeys(tiers, where, {"tier1", "tier2"}));
    RETURN_IF_ERROR(
        IntInRange(yaml, tiers, where, "tier1", 1, 100, plan.tier1_size));
    RETURN_IF_ERROR(
        IntInRange(yaml, tiers, where, "tier2", 0, 1000, plan.tier2_size));
  }
  RETURN_IF_ERROR(IntInRange(yaml, node, path, "first_touch_days", 1, 3650,
                             plan.first_touch_days));
  return plan;
}

}  // namespace blindmap
