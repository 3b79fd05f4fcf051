#include "client/icp/icp_compare.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/config/portfolio_config.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace {

using report_internal::FormatCount;
using report_internal::FormatPercent;

std::string Canonical(absl::string_view s) {
  std::vector<absl::string_view> words =
      absl::StrSplit(s, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  return absl::AsciiStrToLower(absl::StrJoin(words, " "));
}

std::vector<std::string> ListOf(
    const google::protobuf::RepeatedPtrField<std::string>& values) {
  return {values.begin(), values.end()};
}

std::string RangeText(const v1::IcpRange& range, absl::string_view unit) {
  if (range.min() == 0 && range.max() == 0) return "";
  if (range.max() == 0) {
    return absl::StrCat(FormatCount(range.min()), "+", unit);
  }
  return absl::StrCat(FormatCount(range.min()), "-", FormatCount(range.max()),
                      unit);
}

bool RangeSet(const v1::IcpRange& range) {
  return range.min() != 0 || range.max() != 0;
}

const char* LabelOf(const std::string& attribute) {
  if (attribute == "industry") return "Industry";
  if (attribute == "company_size") return "Company Size";
  if (attribute == "geography") return "Geography";
  if (attribute == "technology_stack") return "Technology Stack";
  if (attribute == "business_challenges") return "Business Challenges";
  if (attribute == "buying_center") return "Buying Center";
  return "Budget Range";
}

// Scores one attribute from the two sides' values.
void ScoreAttribute(const std::string& attribute, const v1::IcpDefinition& mine,
                    const v1::IcpDefinition* theirs, const std::string& partner,
                    IcpAttributeScore& out) {
  const auto list = [&](const auto& get) {
    const std::vector<std::string> a = ListOf(get(mine));
    out.mine = absl::StrJoin(a, ", ");
    if (theirs == nullptr) return;
    const std::vector<std::string> b = ListOf(get(*theirs));
    out.theirs = absl::StrJoin(b, ", ");
    const std::optional<ListOverlap> overlap = CompareLists(a, b);
    if (!overlap.has_value()) {
      out.method = a.empty() ? "not given by you"
                             : absl::StrCat("not given by ", partner);
      return;
    }
    out.score = ScoreOfShare(overlap->share);
    out.method = absl::StrCat(
        "set overlap: ", overlap->shared.size(), " of ",
        std::min(a.size(), b.size()), " in common",
        overlap->shared.empty()
            ? ""
            : absl::StrCat(" (", absl::StrJoin(overlap->shared, ", "), ")"));
  };
  const auto range = [&](const v1::IcpRange& a, const v1::IcpRange* b,
                         absl::string_view unit) {
    out.mine = RangeText(a, unit);
    if (b == nullptr) return;
    out.theirs = RangeText(*b, unit);
    const std::optional<double> share = CompareRanges(a, *b);
    if (!share.has_value()) {
      out.method = RangeSet(a) ? absl::StrCat("not given by ", partner)
                               : "not given by you";
      return;
    }
    out.score = ScoreOfShare(*share);
    out.method = absl::StrCat("range overlap ", FormatPercent(*share));
  };
  if (attribute == "industry") {
    list(
        [](const v1::IcpDefinition& d) -> const auto& { return d.industry(); });
  } else if (attribute == "geography") {
    list([](const v1::IcpDefinition& d) -> const auto& {
      return d.geography();
    });
  } else if (attribute == "technology_stack") {
    list([](const v1::IcpDefinition& d) -> const auto& {
      return d.technology_stack();
    });
  } else if (attribute == "buying_center") {
    list([](const v1::IcpDefinition& d) -> const auto& {
      return d.buying_center();
    });
  } else if (attribute == "company_size") {
    range(mine.company_size(),
          theirs == nullptr ? nullptr : &theirs->company_size(), " employees");
  } else if (attribute == "budget_range") {
    const std::string currency =
        mine.budget_currency().empty()
            ? ""
            : absl::StrCat(" ", mine.budget_currency());
    range(mine.budget_range(),
          theirs == nullptr ? nullptr : &theirs->budget_range(), currency);
    if (theirs != nullptr && !theirs->budget_currency().empty() &&
        !mine.budget_currency().empty() &&
        Canonical(theirs->budget_currency()) !=
            Canonical(mine.budget_currency())) {
      out.score.reset();
      out.method = absl::StrCat(
          "different currencies (", mine.budget_currency(), " and ",
          theirs->budget_currency(), "): give a manual score");
    }
  } else {  // business_challenges: free text
    out.mine = mine.business_challenges();
    if (theirs != nullptr) out.theirs = theirs->business_challenges();
    out.method = absl::StrCat("free text: give a manual score (partners.",
                              partner, ".icp_scores.business_challenges, 1-5)");
  }
}

}  // namespace

int ScoreOfShare(double share) {
  const double clamped = std::clamp(share, 0.0, 1.0);
  return 1 + static_cast<int>(std::lround(4.0 * clamped));
}

std::optional<ListOverlap> CompareLists(const std::vector<std::string>& a,
                                        const std::vector<std::string>& b) {
  std::set<std::string> left;
  for (const std::string& item : a) {
    if (!Canonical(item).empty()) left.insert(Canonical(item));
  }
  std::set<std::string> right;
  for (const std::string& item : b) {
    if (!Canonical(item).empty()) right.insert(Canonical(item));
  }
  if (left.empty() || right.empty()) return std::nullopt;
  ListOverlap out;
  std::set<std::string> seen;
  for (const std::string& item : a) {
    const std::string key = Canonical(item);
    if (right.count(key) != 0 && seen.insert(key).second) {
      out.shared.push_back(item);
    }
  }
  out.share = static_cast<double>(out.shared.size()) /
              static_cast<double>(std::min(left.size(), right.size()));
  return out;
}

std::optional<double> CompareRanges(const v1::IcpRange& a,
                                    const v1::IcpRange& b) {
  if (!RangeSet(a) || !RangeSet(b)) return std::nullopt;
  constexpr double kOpen = std::numeric_limits<double>::infinity();
  const double a_low = static_cast<double>(a.min());
  const double a_high = a.max() == 0 ? kOpen : static_cast<double>(a.max());
  const double b_low = static_cast<double>(b.min());
  const double b_high = b.max() == 0 ? kOpen : static_cast<double>(b.max());
  const double low = std::max(a_low, b_low);
  const double high = std::min(a_high, b_high);
  if (high < low) return 0.0;
  const double shorter = std::min(a_high - a_low, b_high - b_low);
  if (std::isinf(shorter)) return 1.0;  // both open above: they overlap
  if (shorter == 0) return 1.0;         // a single value inside the other
  return std::min(1.0, (high - low) / shorter);
}

MeasuredAlignment MeasureAlignment(const v1::OverlapReport& report,
                                   const std::string& my_population,
                                   const std::string& partner_population,
                                   const std::string& partner) {
  MeasuredAlignment out;
  out.period = report.period();
  out.noisy = report.noisy();
  const auto find = [](const auto& populations, const std::string& name) {
    for (int i = 0; i < populations.size(); ++i) {
      const bool match = name.empty()
                             ? populations[i].role() == v1::POPULATION_ROLE_ICP
                             : populations[i].name() == name;
      if (match) return i;
    }
    return -1;
  };
  const auto suppressed = [](const auto& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  const int row = find(report.my_populations(), my_population);
  const int column = find(report.partner_populations(), partner_population);
  out.my_population =
      row >= 0 ? report.my_populations(row).name() : my_population;
  out.partner_population = column >= 0
                               ? report.partner_populations(column).name()
                               : partner_population;
  const uint32_t minimum = report.probe_policy().min_population_size();
  if (row < 0) {
    if (my_population.empty()) {
      out.reason =
          "you define no ICP population (a population with role icp, or "
          "icp.population)";
    } else if (suppressed(report.my_suppressed_populations(), my_population)) {
      out.reason = absl::StrCat("your ICP population ", my_population,
                                " has fewer than ", minimum,
                                " records: not counted (probe policy)");
    } else {
      out.reason = absl::StrCat("your ICP population ", my_population,
                                " is not counted for ", partner,
                                " (hidden, or not in this period's snapshot)");
    }
    return out;
  }
  if (column < 0) {
    if (!partner_population.empty() &&
        suppressed(report.partner_suppressed_populations(),
                   partner_population)) {
      out.reason = absl::StrCat(partner, "'s ICP population ",
                                partner_population, " has fewer than ", minimum,
                                " records: not counted (probe policy)");
    } else {
      out.reason =
          absl::StrCat(partner, " has no ICP population counted for you");
    }
    return out;
  }
  for (const v1::OverlapCell& cell : report.cells()) {
    if (cell.row() == static_cast<uint32_t>(row) &&
        cell.column() == static_cast<uint32_t>(column)) {
      out.my_inside_both = cell.my_records();
      out.partner_inside_both = cell.partner_records();
    }
  }
  out.available = true;
  out.my_overlap = report.my_overlapping_records();
  out.partner_overlap = report.partner_overlapping_records();
  const auto share = [](uint64_t part, uint64_t whole) {
    return whole == 0 ? 0.0
                      : std::min(1.0, static_cast<double>(part) /
                                          static_cast<double>(whole));
  };
  out.my_share = share(out.my_inside_both, out.my_overlap);
  out.partner_share = share(out.partner_inside_both, out.partner_overlap);
  return out;
}

IcpComparison CompareIcps(const v1::IcpDefinition& mine,
                          const v1::IcpDefinition* theirs,
                          const std::map<std::string, int>& manual,
                          const std::string& me, const std::string& partner,
                          const v1::OverlapReport* report) {
  IcpComparison out;
  out.me = me;
  out.partner = partner;
  out.partner_icp = theirs != nullptr;
  double sum = 0;
  for (const std::string& attribute : IcpAttributeNames()) {
    IcpAttributeScore score;
    score.attribute = attribute;
    score.label = LabelOf(attribute);
    ScoreAttribute(attribute, mine, theirs, partner, score);
    if (theirs == nullptr) {
      score.method = absl::StrCat(partner, " has not shared its ICP");
    }
    auto it = manual.find(attribute);
    if (it != manual.end()) {
      score.score = it->second;
      score.method = absl::StrCat("manual (partners.", partner, ".icp_scores)");
    }
    if (score.score.has_value()) {
      sum += *score.score;
      ++out.scored;
    }
    out.attributes.push_back(std::move(score));
  }
  if (out.scored > 0) out.average = sum / out.scored;
  if (report != nullptr) {
    out.measured = MeasureAlignment(
        *report, mine.population(),
        theirs == nullptr ? "" : theirs->population(), partner);
  } else {
    out.measured.reason = "no overlap report yet (both sides must sync)";
  }
  return out;
}

}  // namespace blindmap
