#include "client/config/portfolio_config.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/config/client_config.h"
#include "common/base/status_macros.h"
#include "common/match/overlap.h"

namespace blindmap {
namespace {

constexpr size_t kMaxPopulationNameBytes = 80;
// U+00B7 MIDDLE DOT between a segment's population and its name.
constexpr absl::string_view kSegmentSeparator = " \xC2\xB7 ";

bool Given(const YAML::Node& node) {
  return node.IsDefined() && !node.IsNull();
}

absl::StatusOr<std::vector<std::string>> StringList(const YamlConfig& yaml,
                                                    const YAML::Node& map,
                                                    const std::string& path,
                                                    const std::string& key) {
  std::vector<std::string> values;
  const YAML::Node node = map[key];
  if (!Given(node)) return values;
  if (node.IsScalar()) {
    values.push_back(std::string(absl::StripAsciiWhitespace(node.Scalar())));
    return values;
  }
  if (!node.IsSequence()) {
    return yaml.Error(node, path + "." + key, "expected a value or a list");
  }
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) {
      return yaml.Error(item, path + "." + key, "expected a value");
    }
    values.push_back(std::string(absl::StripAsciiWhitespace(item.Scalar())));
  }
  return values;
}

absl::StatusOr<double> Number(const YamlConfig& yaml, const YAML::Node& map,
                              const std::string& path, const std::string& key,
                              double fallback, double low, double high) {
  const YAML::Node node = map[key];
  if (!Given(node)) return fallback;
  double value = 0;
  if (!node.IsScalar() || !absl::SimpleAtod(node.Scalar(), &value) ||
      value < low || value > high) {
    return yaml.Error(
        node, path + "." + key,
        absl::StrCat("expected a number from ", low, " to ", high));
  }
  return value;
}

// {min: 500, max: 5000}, or "500-5000", or "500+" (no upper bound).
absl::StatusOr<IcpRangeConfig> Range(const YamlConfig& yaml,
                                     const YAML::Node& map,
                                     const std::string& path,
                                     const std::string& key) {
  IcpRangeConfig range;
  const YAML::Node node = map[key];
  if (!Given(node)) return range;
  const std::string where = path + "." + key;
  const auto bad = [&] {
    return yaml.Error(node, where,
                      "expected {min: N, max: N}, \"N-N\" or \"N+\" (whole "
                      "numbers, min <= max)");
  };
  if (node.IsMap()) {
    RETURN_IF_ERROR(yaml.CheckKeys(node, where, {"min", "max"}));
    ASSIGN_OR_RETURN(int64_t min, yaml.Int(node, where, "min", 0));
    ASSIGN_OR_RETURN(int64_t max, yaml.Int(node, where, "max", 0));
    if (min < 0 || max < 0) return bad();
    range.min = static_cast<uint64_t>(min);
    range.max = static_cast<uint64_t>(max);
  } else if (node.IsScalar()) {
    std::string text(absl::StripAsciiWhitespace(node.Scalar()));
    text.erase(std::remove(text.begin(), text.end(), ','), text.end());
    const size_t dash = text.find('-');
    if (!text.empty() && text.back() == '+') {
      if (!absl::SimpleAtoi(text.substr(0, text.size() - 1), &range.min)) {
        return bad();
      }
    } else if (dash != std::string::npos) {
      if (!absl::SimpleAtoi(text.substr(0, dash), &range.min) ||
          !absl::SimpleAtoi(text.substr(dash + 1), &range.max)) {
        return bad();
      }
    } else {
      return bad();
    }
  } else {
    return bad();
  }
  if (range.max != 0 && range.max < range.min) return bad();
  range.set = true;
  return range;
}

absl::Status ReadIcp(const YamlConfig& yaml, const YAML::Node& node,
                     ClientConfig& config) {
  IcpDefinitionConfig& icp = config.portfolio.icp;
  RETURN_IF_ERROR(yaml.CheckKeys(
      node, "icp",
      {"industry", "company_size", "geography", "technology_stack",
       "business_challenges", "buying_center", "budget_range", "population"}));
  icp.defined = true;
  ASSIGN_OR_RETURN(icp.industry, StringList(yaml, node, "icp", "industry"));
  ASSIGN_OR_RETURN(icp.company_size, Range(yaml, node, "icp", "company_size"));
  ASSIGN_OR_RETURN(icp.geography, StringList(yaml, node, "icp", "geography"));
  ASSIGN_OR_RETURN(icp.technology_stack,
                   StringList(yaml, node, "icp", "technology_stack"));
  ASSIGN_OR_RETURN(icp.business_challenges,
                   yaml.String(node, "icp", "business_challenges", ""));
  ASSIGN_OR_RETURN(icp.buying_center,
                   StringList(yaml, node, "icp", "buying_center"));
  const YAML::Node budget = node["budget_range"];
  if (Given(budget) && budget.IsMap() && budget["currency"]) {
    ASSIGN_OR_RETURN(icp.budget_currency,
                     yaml.String(budget, "icp.budget_range", "currency", ""));
    YAML::Node bounds;
    if (budget["min"]) bounds["min"] = budget["min"];
    if (budget["max"]) bounds["max"] = budget["max"];
    YAML::Node wrapper;
    wrapper["budget_range"] = bounds;
    ASSIGN_OR_RETURN(icp.budget_range,
                     Range(yaml, wrapper, "icp", "budget_range"));
  } else {
    ASSIGN_OR_RETURN(icp.budget_range,
                     Range(yaml, node, "icp", "budget_range"));
  }
  ASSIGN_OR_RETURN(icp.population, yaml.String(node, "icp", "population", ""));
  if (!icp.population.empty()) {
    bool found = false;
    for (const PopulationConfig& population : config.populations) {
      found |= population.name == icp.population;
    }
    if (!found) {
      return yaml.Error(node["population"], "icp.population",
                        "no population has this name");
    }
  } else {
    for (const PopulationConfig& population : config.populations) {
      if (population.role == v1::POPULATION_ROLE_ICP) {
        icp.population = population.name;
        break;
      }
    }
  }
  return absl::OkStatus();
}

absl::Status ReadSegments(const YamlConfig& yaml, const YAML::Node& list,
                          ClientConfig& config) {
  if (!list.IsSequence()) {
    return yaml.Error(list, "segments", "expected a list of {name, of, where}");
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    const std::string path = absl::StrCat("segments[", i, "]");
    RETURN_IF_ERROR(yaml.CheckKeys(item, path, {"name", "of", "where"}));
    ASSIGN_OR_RETURN(std::string name, yaml.String(item, path, "name", ""));
    ASSIGN_OR_RETURN(std::string of, yaml.String(item, path, "of", ""));
    const PopulationConfig* base = nullptr;
    for (const PopulationConfig& population : config.populations) {
      if (population.name == of &&
          population.role == v1::POPULATION_ROLE_UNSPECIFIED) {
        base = &population;
      }
    }
    if (base == nullptr) {
      return yaml.Error(item["of"] ? item["of"] : item, path + ".of",
                        "expected the name of a population without a role");
    }
    const std::string full = absl::StrCat(of, kSegmentSeparator, name);
    if (name.empty() || full.size() > kMaxPopulationNameBytes) {
      return yaml.Error(item, path + ".name",
                        absl::StrCat("needs a name; \"<of> · <name>\" must "
                                     "fit in ",
                                     kMaxPopulationNameBytes, " bytes"));
    }
    for (const PopulationConfig& population : config.populations) {
      if (population.name == full) {
        return yaml.Error(item["name"], path + ".name",
                          "a population of this name exists already");
      }
    }
    if (config.populations.size() >= kMaxPopulations) {
      return yaml.Error(item, path,
                        absl::StrCat("at most ", kMaxPopulations,
                                     " populations, segments included"));
    }
    if (!item["where"]) {
      return yaml.Error(item, path + ".where",
                        "missing: the filter that selects this segment");
    }
    ASSIGN_OR_RETURN(RowFilter where,
                     RowFilter::FromYaml(yaml, item["where"], path + ".where"));
    config.populations.push_back(
        {full, v1::POPULATION_KIND_OTHER,
         RowFilter::AllOf({base->filter, std::move(where)}),
         v1::POPULATION_ROLE_SEGMENT});
  }
  return absl::OkStatus();
}

// Target lists hold accounts without a relationship: every row of a
// customer or prospect population (without a role) leaves them.
void NarrowTargetLists(ClientConfig& config) {
  std::vector<RowFilter> relationship;
  for (const PopulationConfig& population : config.populations) {
    if (population.role == v1::POPULATION_ROLE_UNSPECIFIED &&
        (population.kind == v1::POPULATION_KIND_CUSTOMER ||
         population.kind == v1::POPULATION_KIND_PROSPECT)) {
      relationship.push_back(population.filter);
    }
  }
  if (relationship.empty()) return;
  const RowFilter outside = RowFilter::Not(RowFilter::AnyOf(relationship));
  for (PopulationConfig& population : config.populations) {
    if (population.role == v1::POPULATION_ROLE_TARGET_LIST) {
      population.filter = RowFilter::AllOf({population.filter, outside});
    }
  }
}

// The documented exclusions, after `exclude` (reason "exclude" when it has
// none); all of them join `exclude`, so the rows never leave the machine.
absl::Status ReadExclusions(const YamlConfig& yaml, const YAML::Node& list,
                            ClientConfig& config) {
  if (config.exclude.has_value()) {
    config.portfolio.exclusions.push_back(
        {"excluded by `exclude` (no reason documented)", *config.exclude});
  }
  if (Given(list)) {
    if (!list.IsSequence()) {
      return yaml.Error(list, "exclusions",
                        "expected a list of {reason, where}");
    }
    for (size_t i = 0; i < list.size(); ++i) {
      const YAML::Node item = list[i];
      const std::string path = absl::StrCat("exclusions[", i, "]");
      RETURN_IF_ERROR(yaml.CheckKeys(item, path, {"reason", "where"}));
      ASSIGN_OR_RETURN(std::string reason,
                       yaml.String(item, path, "reason", ""));
      if (reason.empty()) {
        return yaml.Error(item, path + ".reason",
                          "missing: why these accounts are kept off the "
                          "mapping (shown in the account categories)");
      }
      if (!item["where"]) {
        return yaml.Error(item, path + ".where",
                          "missing: the filter that selects these accounts");
      }
      ASSIGN_OR_RETURN(
          RowFilter filter,
          RowFilter::FromYaml(yaml, item["where"], path + ".where"));
      config.portfolio.exclusions.push_back(
          {std::move(reason), std::move(filter)});
    }
  }
  if (config.portfolio.exclusions.size() > 1) {
    std::vector<RowFilter> all;
    for (const ExclusionConfig& exclusion : config.portfolio.exclusions) {
      all.push_back(exclusion.filter);
    }
    config.exclude = RowFilter::AnyOf(std::move(all));
  } else if (config.portfolio.exclusions.size() == 1) {
    config.exclude = config.portfolio.exclusions.front().filter;
  }
  return absl::OkStatus();
}

absl::Status ReadScoring(const YamlConfig& yaml, const YAML::Node& node,
                         PartnerScoringConfig& scoring) {
  const std::string path = "partner_scoring";
  RETURN_IF_ERROR(yaml.CheckKeys(
      node, path,
      {"scorecard", "target_market", "open_pipeline", "weights", "thresholds",
       "full_overlap_rate", "onboarding_capacity_per_quarter", "producing"}));
  ASSIGN_OR_RETURN(scoring.scorecard_file,
                   yaml.Path(node, path, "scorecard", ""));
  ASSIGN_OR_RETURN(scoring.target_market,
                   StringList(yaml, node, path, "target_market"));
  ASSIGN_OR_RETURN(scoring.open_pipeline,
                   StringList(yaml, node, path, "open_pipeline"));
  const YAML::Node weights = node["weights"];
  if (Given(weights)) {
    const std::string at = path + ".weights";
    RETURN_IF_ERROR(
        yaml.CheckKeys(weights, at,
                       {"target_market_overlap", "pipeline_overlap",
                        "segment_fit", "motion_fit", "selling_capacity"}));
    ASSIGN_OR_RETURN(scoring.weight_target_market,
                     Number(yaml, weights, at, "target_market_overlap",
                            scoring.weight_target_market, 0, 100));
    ASSIGN_OR_RETURN(scoring.weight_open_pipeline,
                     Number(yaml, weights, at, "pipeline_overlap",
                            scoring.weight_open_pipeline, 0, 100));
    ASSIGN_OR_RETURN(scoring.weight_segment_fit,
                     Number(yaml, weights, at, "segment_fit",
                            scoring.weight_segment_fit, 0, 100));
    ASSIGN_OR_RETURN(scoring.weight_motion_fit,
                     Number(yaml, weights, at, "motion_fit",
                            scoring.weight_motion_fit, 0, 100));
    ASSIGN_OR_RETURN(scoring.weight_selling_capacity,
                     Number(yaml, weights, at, "selling_capacity",
                            scoring.weight_selling_capacity, 0, 100));
  }
  const YAML::Node thresholds = node["thresholds"];
  if (Given(thresholds)) {
    const std::string at = path + ".thresholds";
    RETURN_IF_ERROR(yaml.CheckKeys(thresholds, at, {"recruit_now", "nurture"}));
    ASSIGN_OR_RETURN(scoring.recruit_now_threshold,
                     Number(yaml, thresholds, at, "recruit_now",
                            scoring.recruit_now_threshold, 1, 5));
    ASSIGN_OR_RETURN(scoring.nurture_threshold,
                     Number(yaml, thresholds, at, "nurture",
                            scoring.nurture_threshold, 1, 5));
    if (scoring.nurture_threshold > scoring.recruit_now_threshold) {
      return yaml.Error(thresholds, at,
                        "nurture must not be above recruit_now");
    }
  }
  ASSIGN_OR_RETURN(scoring.full_overlap_rate,
                   Number(yaml, node, path, "full_overlap_rate",
                          scoring.full_overlap_rate, 0.01, 1));
  ASSIGN_OR_RETURN(scoring.onboarding_capacity_per_quarter,
                   yaml.Int(node, path, "onboarding_capacity_per_quarter", 0));
  if (scoring.onboarding_capacity_per_quarter < 0) {
    return yaml.Error(node["onboarding_capacity_per_quarter"],
                      path + ".onboarding_capacity_per_quarter",
                      "must be 0 (no cap) or more");
  }
  const YAML::Node producing = node["producing"];
  if (Given(producing)) {
    const std::string at = path + ".producing";
    RETURN_IF_ERROR(
        yaml.CheckKeys(producing, at, {"file", "partner_column", "where"}));
    ASSIGN_OR_RETURN(scoring.producing_file,
                     yaml.Path(producing, at, "file", ""));
    ASSIGN_OR_RETURN(scoring.producing_partner_column,
                     yaml.String(producing, at, "partner_column", ""));
    if (scoring.producing_partner_column.empty()) {
      return yaml.Error(producing, at + ".partner_column",
                        "missing: the column naming the partner that "
                        "sourced the deal (e.g. Partner Account)");
    }
    if (producing["where"]) {
      ASSIGN_OR_RETURN(
          scoring.producing_where,
          RowFilter::FromYaml(yaml, producing["where"], at + ".where"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

const PartnerPortfolioConfig& PortfolioConfig::For(
    absl::string_view partner) const {
  static const PartnerPortfolioConfig* const kNone =
      new PartnerPortfolioConfig();
  auto it = partners.find(std::string(partner));
  return it == partners.end() ? *kNone : it->second;
}

const std::vector<std::string>& IcpAttributeNames() {
  static const std::vector<std::string>* const kNames =
      new std::vector<std::string>{
          "industry",         "company_size",        "geography",
          "technology_stack", "business_challenges", "buying_center",
          "budget_range"};
  return *kNames;
}

absl::Status ReadPortfolioSections(const YamlConfig& yaml,
                                   ClientConfig& config) {
  const YAML::Node& root = yaml.root();
  if (Given(root["segments"])) {
    RETURN_IF_ERROR(ReadSegments(yaml, root["segments"], config));
  }
  NarrowTargetLists(config);
  RETURN_IF_ERROR(ReadExclusions(yaml, root["exclusions"], config));
  if (Given(root["icp"])) {
    if (!root["icp"].IsMap()) {
      return yaml.Error(root["icp"], "icp",
                        "expected {industry, company_size, geography, ...}");
    }
    RETURN_IF_ERROR(ReadIcp(yaml, root["icp"], config));
  }
  if (Given(root["partner_scoring"])) {
    if (!root["partner_scoring"].IsMap()) {
      return yaml.Error(root["partner_scoring"], "partner_scoring",
                        "expected {scorecard, weights, thresholds, ...}");
    }
    RETURN_IF_ERROR(
        ReadScoring(yaml, root["partner_scoring"], config.portfolio.scoring));
  }
  return absl::OkStatus();
}

absl::Status ReadPartnerPortfolio(const YamlConfig& yaml,
                                  const YAML::Node& node,
                                  const std::string& path,
                                  PartnerPortfolioConfig& out) {
  const YAML::Node candidate = node["candidate"];
  if (Given(candidate)) {
    const std::string at = path + ".candidate";
    if (candidate.IsScalar()) {
      ASSIGN_OR_RETURN(out.candidate,
                       yaml.Bool(node, path, "candidate", false));
    } else if (candidate.IsMap()) {
      RETURN_IF_ERROR(yaml.CheckKeys(candidate, at, {"until"}));
      ASSIGN_OR_RETURN(std::string until,
                       yaml.String(candidate, at, "until", ""));
      absl::CivilDay day;
      if (!absl::ParseCivilTime(until, &day)) {
        return yaml.Error(candidate["until"] ? candidate["until"] : candidate,
                          at + ".until",
                          "expected the last day of the candidate mapping "
                          "as YYYY-MM-DD");
      }
      out.candidate = true;
      out.candidate_until = day;
    } else {
      return yaml.Error(candidate, at, "expected true or {until: YYYY-MM-DD}");
    }
  }
  const YAML::Node scores = node["icp_scores"];
  if (Given(scores)) {
    const std::string at = path + ".icp_scores";
    if (!scores.IsMap()) {
      return yaml.Error(scores, at, "expected attribute: score (1-5) pairs");
    }
    for (const auto& entry : scores) {
      const std::string attribute = entry.first.as<std::string>("");
      const auto& names = IcpAttributeNames();
      if (std::find(names.begin(), names.end(), attribute) == names.end()) {
        return yaml.Error(entry.first, at + "." + attribute,
                          "not an ICP attribute (industry, company_size, "
                          "geography, technology_stack, business_challenges, "
                          "buying_center, budget_range)");
      }
      ASSIGN_OR_RETURN(int64_t score, yaml.Int(scores, at, attribute, 0));
      if (score < 1 || score > 5) {
        return yaml.Error(entry.second, at + "." + attribute,
                          "a score is 1 to 5");
      }
      out.icp_scores[attribute] = static_cast<int>(score);
    }
  }
  ASSIGN_OR_RETURN(out.crm_names, StringList(yaml, node, path, "crm_names"));
  return absl::OkStatus();
}

}  // namespace blindmap
