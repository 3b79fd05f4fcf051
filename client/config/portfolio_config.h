// The portfolio's settings in blindmap.yaml: ICP segments, exclusions with
// their reasons, this party's ICP, partner scoring, and per-partner
// settings (candidates, manual ICP scores, CRM names).
#ifndef BLINDMAP_CLIENT_CONFIG_PORTFOLIO_CONFIG_H_
#define BLINDMAP_CLIENT_CONFIG_PORTFOLIO_CONFIG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "client/config/row_filter.h"
#include "common/base/yaml_config.h"

namespace blindmap {

// Accounts kept off the mapping for a documented reason: never sent, only
// counted on this machine (the account categories' Exclusions).
struct ExclusionConfig {
  std::string reason;
  RowFilter filter;
};

// A range of employees or budget; `max` 0 means no upper bound.
struct IcpRangeConfig {
  uint64_t min = 0;
  uint64_t max = 0;
  bool set = false;
};

// This party's Ideal Customer Profile, shared (sealed) with partners who
// share theirs: `blindmap icp --partner NAME --share`.
struct IcpDefinitionConfig {
  bool defined = false;  // the config has an `icp:` section
  std::vector<std::string> industry;
  IcpRangeConfig company_size;  // employees
  std::vector<std::string> geography;
  std::vector<std::string> technology_stack;
  std::string business_challenges;  // free text
  std::vector<std::string> buying_center;
  IcpRangeConfig budget_range;  // annual spend
  std::string budget_currency;
  // The population (role icp) of accounts inside this ICP; "" when none.
  std::string population;
};

// The partner-ICP guide's dimensions and thresholds (`blindmap partner
// score`).
struct PartnerScoringConfig {
  std::string scorecard_file;  // entered dimensions per partner (CSV)
  // My populations whose overlap is measured: my target market, my open
  // pipeline. Empty: the defaults (see ResolveScoringPopulations).
  std::vector<std::string> target_market;
  std::vector<std::string> open_pipeline;
  // Weights of the five dimensions (overlap carries the most by default).
  double weight_target_market = 3;
  double weight_open_pipeline = 3;
  double weight_segment_fit = 2;
  double weight_motion_fit = 1;
  double weight_selling_capacity = 2;
  // Weighted score (1-5) at or above which a partner is "recruit now" /
  // "nurture"; below nurture: "pass".
  double recruit_now_threshold = 3.5;
  double nurture_threshold = 2.5;
  // Overlap rate that scores 5 (rates scale linearly from 1 at 0%).
  double full_overlap_rate = 0.6;
  // New partners the team can onboard well in a quarter: recruit-now
  // candidates beyond it are nurtured. 0: no cap.
  int64_t onboarding_capacity_per_quarter = 0;
  // Where deals name the partner that sourced them (the opportunity partner
  // field): a CRM export (default export.file) and its column, and which
  // rows are deals. No column: the producing share is not shown.
  std::string producing_file;
  std::string producing_partner_column;
  std::optional<RowFilter> producing_where;
};

// Settings about one partner beyond its secret and sharing.
struct PartnerPortfolioConfig {
  // A candidate partner, mapped under a short, counts-only partnership
  // before signing: no detail is offered to it whatever the sharing
  // settings, and after `candidate_until` syncs with it are refused.
  bool candidate = false;
  std::optional<absl::CivilDay> candidate_until;
  // Manual ICP scores (1-5) by attribute name ("business_challenges", ...),
  // for free text or to override a computed score.
  std::map<std::string, int> icp_scores;
  // How my CRM's opportunity partner field names this partner (default:
  // the party name), compared ignoring case.
  std::vector<std::string> crm_names;
};

struct PortfolioConfig {
  std::vector<ExclusionConfig> exclusions;
  IcpDefinitionConfig icp;
  PartnerScoringConfig scoring;
  std::map<std::string, PartnerPortfolioConfig> partners;

  // The partner's settings, or defaults.
  const PartnerPortfolioConfig& For(absl::string_view partner) const;
};

// The ICP attribute names, in the seeds' order: industry, company_size,
// geography, technology_stack, business_challenges, buying_center,
// budget_range.
const std::vector<std::string>& IcpAttributeNames();

struct ClientConfig;

// Reads the top-level `segments`, `exclusions`, `icp` and `partner_scoring`
// sections of `yaml` into `config`, after its populations and `exclude`:
// each segment becomes a population "<of> · <name>" (kind other, role
// segment, the rows of `of` that match its filter); each target list
// (role target_list) loses the rows of every relationship population
// (kind customer or prospect, no role); the exclusions join `exclude`.
// INVALID_ARGUMENT naming file, line and key for anything malformed.
absl::Status ReadPortfolioSections(const YamlConfig& yaml,
                                   ClientConfig& config);

// Reads the portfolio keys of one `partners.<name>` entry (candidate,
// icp_scores, crm_names); the caller checks the keys.
absl::Status ReadPartnerPortfolio(const YamlConfig& yaml,
                                  const YAML::Node& node,
                                  const std::string& path,
                                  PartnerPortfolioConfig& out);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CONFIG_PORTFOLIO_CONFIG_H_
