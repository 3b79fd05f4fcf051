#include "client/plan/priority.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/plan/plan_values.h"
#include "common/keys/countries.h"

namespace blindmap {
namespace {

FactorScore Known(int score, std::string label, std::string basis) {
  return {score, std::move(label), std::move(basis)};
}

FactorScore Unknown(std::string basis) {
  return {std::nullopt, "unknown", std::move(basis)};
}

std::string Lower(absl::string_view s) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(s));
}

bool IndustryMatches(const std::vector<std::string>& wanted,
                     absl::string_view industry) {
  const std::string whole = Lower(industry);
  std::vector<std::string> parts = {whole};
  for (absl::string_view part :
       absl::StrSplit(whole, absl::ByAnyChar(",;/&"), absl::SkipEmpty())) {
    parts.push_back(Lower(part));
  }
  for (const std::string& part : parts) {
    if (std::find(wanted.begin(), wanted.end(), part) != wanted.end()) {
      return true;
    }
  }
  return false;
}

bool CountryMatches(const std::vector<std::string>& wanted,
                    absl::string_view country) {
  const char* code = FindCountryAlpha2(country);
  for (const std::string& w : wanted) {
    if (w == Lower(country)) return true;
    const char* wanted_code = FindCountryAlpha2(w);
    if (code != nullptr && wanted_code != nullptr &&
        std::strcmp(code, wanted_code) == 0) {
      return true;
    }
  }
  return false;
}

FactorScore PartnerRelationship(absl::string_view value,
                                absl::string_view partner) {
  std::optional<RelationshipStrength> strength =
      ParseRelationshipStrength(value);
  if (!strength.has_value()) {
    return Unknown(absl::StrCat(
        partner, " does not share a relationship strength for this account"));
  }
  return Known(static_cast<int>(*strength),
               RelationshipStrengthLabel(*strength),
               absl::StrCat("as ", partner, " shares it"));
}

FactorScore IcpFit(const IcpConfig& icp, const OwnAccountFacts* mine) {
  if (icp.attributes() == 0) return Unknown("no ICP in the config (plan.icp)");
  if (mine == nullptr) return Unknown("the account is not in your export");
  int known = 0, matched = 0;
  std::vector<std::string> missing;
  const auto check = [&](bool defined, bool has_value, bool matches,
                         const char* name) {
    if (!defined) return;
    if (!has_value) {
      missing.push_back(name);
      return;
    }
    ++known;
    matched += matches ? 1 : 0;
  };
  check(!icp.industries.empty(), !mine->industry.empty(),
        IndustryMatches(icp.industries, mine->industry), "industry");
  check(!icp.employees.empty(), mine->employees.has_value(),
        mine->employees.has_value() &&
            icp.employees.Contains(static_cast<double>(*mine->employees)),
        "employees");
  check(!icp.countries.empty(), !mine->country.empty(),
        CountryMatches(icp.countries, mine->country), "country");
  check(!icp.budget.empty(), mine->amount.has_value(),
        mine->amount.has_value() && icp.budget.Contains(*mine->amount),
        "budget");
  if (known == 0) {
    return Unknown(
        absl::StrCat("no value for the ICP's ", absl::StrJoin(missing, ", ")));
  }
  std::string basis =
      absl::StrCat(matched, " of ", known, " ICP attributes match");
  if (!missing.empty()) {
    absl::StrAppend(&basis, " (", absl::StrJoin(missing, ", "), " unknown)");
  }
  if (matched == known) return Known(3, "Strong", std::move(basis));
  if (2 * matched >= known) return Known(2, "Moderate", std::move(basis));
  return Known(1, "Weak", std::move(basis));
}

bool InList(const std::vector<std::string>& list, absl::string_view value) {
  return std::find(list.begin(), list.end(), Lower(value)) != list.end();
}

FactorScore Timing(const PlanConfig& config, const OwnAccountFacts* mine,
                   const OwnFacts& facts, absl::CivilDay today) {
  if (!facts.Has(PlanColumn::kStage) && !facts.Has(PlanColumn::kCloseDate)) {
    return Unknown("no stage or close date column in your export");
  }
  if (mine == nullptr) return Unknown("the account is not in your export");
  if (!mine->stage.empty() && (InList(config.won_stages, mine->stage) ||
                               InList(config.lost_stages, mine->stage))) {
    return Known(1, "Long-term", "the opportunity is closed");
  }
  if (mine->close_date.has_value()) {
    const int64_t days = *mine->close_date - today;
    const std::string basis =
        absl::StrCat(mine->stage.empty() ? "" : "open opportunity, ", "closes ",
                     FormatDay(*mine->close_date), " (in ", days, " days)");
    if (days <= config.active_days) return Known(3, "Active need", basis);
    if (days <= config.upcoming_days) return Known(2, "Upcoming budget", basis);
    return Known(1, "Long-term", basis);
  }
  if (!mine->stage.empty()) {
    return Known(2, "Upcoming budget", "open opportunity without close date");
  }
  return Known(1, "Long-term", "no open opportunity");
}

FactorScore DealSize(const PlanConfig& config, const OwnAccountFacts* mine,
                     const OwnFacts& facts) {
  if (!config.acv.has_value())
    return Unknown("no ACV in the config (plan.acv)");
  if (!facts.Has(PlanColumn::kAmount)) {
    return Unknown("no amount column in your export");
  }
  if (mine == nullptr) return Unknown("the account is not in your export");
  if (!mine->amount.has_value()) return Unknown("no amount for this account");
  const double acv = static_cast<double>(*config.acv);
  const double band = config.acv_band_percent / 100.0;
  const std::string basis = absl::StrCat(
      FormatAmount(*mine->amount), " against an ACV of ", FormatAmount(acv));
  if (*mine->amount > acv * (1 + band)) return Known(3, "Above ACV", basis);
  if (*mine->amount < acv * (1 - band)) return Known(1, "Below ACV", basis);
  return Known(2, "At ACV", basis);
}

FactorScore Competition(const PlanConfig& config, const OwnAccountFacts* mine,
                        const OwnFacts& facts) {
  if (!facts.Has(PlanColumn::kCompetitor)) {
    return Unknown("no competitor column in your export");
  }
  if (mine == nullptr) return Unknown("the account is not in your export");
  const std::string competitor = Lower(mine->competitor);
  static const std::vector<std::string> kNone = {
      "", "none", "no", "n/a", "-", "no competitor"};
  if (std::find(kNone.begin(), kNone.end(), competitor) != kNone.end()) {
    return Known(3, "No competitor", "no competitor named");
  }
  if (InList(config.strong_competitors, competitor)) {
    return Known(1, "Strong competitor", "a strong competitor is in the deal");
  }
  return Known(2, "Weak competitor", "a competitor not listed as strong");
}

}  // namespace

const char* FactorId(Factor factor) {
  switch (factor) {
    case Factor::kPartnerRelationship:
      return "partner_relationship";
    case Factor::kIcpFit:
      return "icp_fit";
    case Factor::kTiming:
      return "timing";
    case Factor::kDealSize:
      return "deal_size";
    case Factor::kCompetition:
      return "competition";
  }
  return "";
}

const char* FactorLabel(Factor factor) {
  switch (factor) {
    case Factor::kPartnerRelationship:
      return "Partner relationship strength";
    case Factor::kIcpFit:
      return "ICP fit";
    case Factor::kTiming:
      return "Timing / urgency";
    case Factor::kDealSize:
      return "Deal size potential";
    case Factor::kCompetition:
      return "Competitive situation";
  }
  return "";
}

const char* FactorShortLabel(Factor factor) {
  switch (factor) {
    case Factor::kPartnerRelationship:
      return "Partner rel.";
    case Factor::kIcpFit:
      return "ICP";
    case Factor::kTiming:
      return "Timing";
    case Factor::kDealSize:
      return "Deal size";
    case Factor::kCompetition:
      return "Competition";
  }
  return "";
}

int WeightOf(const FactorWeights& weights, Factor factor) {
  switch (factor) {
    case Factor::kPartnerRelationship:
      return weights.partner_relationship;
    case Factor::kIcpFit:
      return weights.icp_fit;
    case Factor::kTiming:
      return weights.timing;
    case Factor::kDealSize:
      return weights.deal_size;
    case Factor::kCompetition:
      return weights.competition;
  }
  return 0;
}

PriorityScore ScorePriority(const PlanConfig& config,
                            const OwnAccountFacts* mine, const OwnFacts& facts,
                            absl::string_view partner_relationship,
                            absl::string_view partner, absl::CivilDay today) {
  PriorityScore out;
  out.factors = {PartnerRelationship(partner_relationship, partner),
                 IcpFit(config.icp, mine), Timing(config, mine, facts, today),
                 DealSize(config, mine, facts),
                 Competition(config, mine, facts)};
  for (size_t i = 0; i < kFactors.size(); ++i) {
    const int weight = WeightOf(config.weights, kFactors[i]);
    FactorScore& factor = out.factors[i];
    if (weight == 0) {
      factor = {std::nullopt, "off", "weight 0 in the config"};
      continue;
    }
    out.max += 3 * weight;
    if (!factor.score.has_value()) {
      ++out.unknown;
      continue;
    }
    out.score += weight * *factor.score;
    out.known_max += 3 * weight;
  }
  return out;
}

}  // namespace blindmap
