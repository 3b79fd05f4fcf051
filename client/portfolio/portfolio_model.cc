#include "client/portfolio/portfolio_model.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client/report/overlap_types.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace {

using report_internal::BuildReportModel;
using report_internal::FormatCount;
using report_internal::ReportModel;

double Rate(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0.0
                    : static_cast<double>(part) / static_cast<double>(whole);
}

// My populations hidden from the partner, by my own sharing levels.
std::vector<std::string> MyHidden(const v1::OverlapReport& report,
                                  const std::string& me) {
  const v1::Partnership& partnership = report.partnership();
  const auto& levels = partnership.inviter() == me
                           ? partnership.inviter_sharing()
                           : partnership.invitee_sharing();
  std::vector<std::string> hidden;
  for (const v1::PopulationSharing& level : levels) {
    if (level.level() == v1::SHARING_LEVEL_HIDDEN) {
      hidden.push_back(level.population());
    }
  }
  return hidden;
}

std::string SuppressedReason(uint32_t min_size) {
  return absl::StrCat("not counted: fewer than ", FormatCount(min_size),
                      " records (probe policy)");
}

void FillMapped(const v1::PortfolioEntry& entry, const std::string& me,
                PartnerCoverage& row) {
  const v1::OverlapReport& report = entry.report();
  const ReportModel model = BuildReportModel(report, me);
  row.status = "mapped";
  row.period = report.period();
  row.cadence = model.cadence;
  row.my_records = model.mine.total.records;
  row.partner_records = model.theirs.total.records;
  row.my_shared = model.mine.total.overlapping;
  row.partner_shared = model.theirs.total.overlapping;
  row.my_rate = model.mine.total.rate;
  row.partner_rate = model.theirs.total.rate;
  row.score = OverlapScore(row.my_rate);
  row.partner_score = OverlapScore(row.partner_rate);
  for (size_t i = 0; i < model.types.size() && i < kOverlapTypeCount; ++i) {
    row.types[i] = model.types[i].mine;
    row.partner_types[i] = model.types[i].theirs;
  }
  row.my_synced_unix = report.mine().uploaded_at_unix();
  row.partner_synced_unix = report.theirs().uploaded_at_unix();
  row.partner_latest_period = report.partner_latest_period();
  if (entry.has_previous()) {
    const v1::OverlapReport& previous = entry.previous();
    row.has_previous = true;
    row.previous_period = previous.period();
    row.shared_change = static_cast<int64_t>(row.my_shared) -
                        static_cast<int64_t>(previous.my_overlapping_records());
    row.rate_change = row.my_rate - Rate(previous.my_overlapping_records(),
                                         previous.mine().records());
  }
  row.noisy = report.noisy();
  row.min_population_size = model.probe_policy.has_value()
                                ? model.probe_policy->min_population_size()
                                : 0;
  row.partner_hides = entry.partner_hides_populations();
  row.my_hidden = MyHidden(report, me);
  row.my_suppressed = model.my_suppressed;
  row.partner_suppressed = model.partner_suppressed;
  const v1::AccountCategories& categories = entry.categories();
  row.overlap_mine = categories.my_overlap_records();
  row.overlap_theirs = categories.partner_overlap_records();
  row.your_accounts =
      categories.my_relationship_records() > categories.my_overlap_records()
          ? categories.my_relationship_records() -
                categories.my_overlap_records()
          : 0;
  row.partner_accounts = categories.partner_relationship_records() >
                                 categories.partner_overlap_records()
                             ? categories.partner_relationship_records() -
                                   categories.partner_overlap_records()
                             : 0;
  row.greenfield_counted = categories.greenfield_counted();
  row.greenfield_mine = categories.my_greenfield_records();
  row.greenfield_theirs = categories.partner_greenfield_records();
  for (const std::string& note : categories.notes()) {
    row.category_notes.push_back(note);
  }
  for (const std::string& note : report.notes()) row.notes.push_back(note);
}

PartnerCoverage CoverageOf(const PartnerFetch& fetched, const std::string& me,
                           const ClientConfig& config) {
  PartnerCoverage row;
  row.partner = fetched.partner;
  row.partnership_id = fetched.partnership.id();
  const PartnerPortfolioConfig& settings =
      config.portfolio.For(fetched.partner);
  row.candidate = settings.candidate;
  if (settings.candidate_until.has_value()) {
    row.candidate_until = absl::FormatCivilTime(*settings.candidate_until);
  }
  if (fetched.status.ok() && fetched.entry.has_value()) {
    FillMapped(*fetched.entry, me, row);
  } else if (fetched.partnership.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
    row.status = "pending";
    row.status_detail = std::string(fetched.status.message());
  } else if (absl::IsFailedPrecondition(fetched.status)) {
    row.status = "not synced";
    row.status_detail = std::string(fetched.status.message());
  } else {
    row.status = "error";
    row.status_detail = fetched.status.ToString();
  }
  return row;
}

// Orders mapped rows by `sort` (ties by name), then the others by name.
void SortPartners(PortfolioSort sort, std::vector<PartnerCoverage>& rows) {
  const auto key = [sort](const PartnerCoverage& row) -> double {
    switch (sort) {
      case PortfolioSort::kRate:
        return -row.my_rate;
      case PortfolioSort::kShared:
        return -static_cast<double>(row.my_shared);
      case PortfolioSort::kPartnerRate:
        return -row.partner_rate;
      case PortfolioSort::kTrend:
        return -static_cast<double>(row.shared_change);
      case PortfolioSort::kSynced:
        return -static_cast<double>(
            std::min(row.my_synced_unix, row.partner_synced_unix));
      case PortfolioSort::kPartner:
        return 0;
    }
    return 0;
  };
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const PartnerCoverage& a, const PartnerCoverage& b) {
                     if (a.mapped() != b.mapped()) return a.mapped();
                     if (a.mapped()) {
                       const double ka = key(a);
                       const double kb = key(b);
                       if (ka != kb) return ka < kb;
                     }
                     return a.partner < b.partner;
                   });
}

// The population names to show, in the config's order, then any others
// the reports name.
std::vector<std::string> MyPopulationOrder(const PortfolioFetch& fetch,
                                           const ClientConfig& config) {
  std::vector<std::string> order;
  std::set<std::string> seen;
  const auto add = [&](const std::string& name) {
    if (seen.insert(name).second) order.push_back(name);
  };
  std::set<std::string> reported;
  for (const PartnerFetch& partner : fetch.partners) {
    if (!partner.entry.has_value()) continue;
    const v1::OverlapReport& report = partner.entry->report();
    for (const auto& p : report.my_populations()) reported.insert(p.name());
    for (const auto& name : report.my_suppressed_populations()) {
      reported.insert(name);
    }
  }
  for (const PopulationConfig& population : config.populations) {
    if (reported.count(population.name) != 0) add(population.name);
  }
  for (const std::string& name : reported) add(name);
  return order;
}

PopulationCoverage CoverageOfPopulation(
    const std::string& name, const std::vector<PartnerCoverage>& rows,
    const std::map<std::string, const v1::PortfolioEntry*>& entries) {
  PopulationCoverage out;
  out.population = name;
  int64_t latest_upload = -1;
  uint64_t sum = 0;
  for (const PartnerCoverage& row : rows) {
    if (!row.mapped()) continue;
    const v1::OverlapReport& report = entries.at(row.partner)->report();
    PopulationCell cell;
    cell.partner = row.partner;
    cell.noisy = report.noisy();
    const v1::PopulationOverlap* found = nullptr;
    for (const v1::PopulationOverlap& p : report.my_populations()) {
      if (p.name() == name) found = &p;
    }
    if (found != nullptr) {
      cell.counted = true;
      cell.covered = found->overlapping_records();
      cell.rate = Rate(found->overlapping_records(), found->records());
      out.kind = PopulationKindName(found->kind());
      out.role = PopulationRoleName(found->role());
      if (report.mine().uploaded_at_unix() > latest_upload) {
        latest_upload = report.mine().uploaded_at_unix();
        out.records = found->records();
      }
      ++out.partners_counted;
      if (cell.covered > 0) ++out.partners_covering;
      out.covered_low = std::max(out.covered_low, cell.covered);
      sum += cell.covered;
      out.noisy |= cell.noisy;
    } else if (std::find(row.my_suppressed.begin(), row.my_suppressed.end(),
                         name) != row.my_suppressed.end()) {
      cell.reason = SuppressedReason(row.min_population_size);
    } else if (std::find(row.my_hidden.begin(), row.my_hidden.end(), name) !=
               row.my_hidden.end()) {
      cell.reason = absl::StrCat("not counted: you hide it from ", row.partner);
    } else {
      cell.reason = "not counted: not in the snapshot of this period";
    }
    out.partners.push_back(std::move(cell));
  }
  out.covered_high = std::min(out.records, sum);
  out.covered_low = std::min(out.covered_low, out.covered_high);
  out.exact = out.partners_covering <= 1;
  if (out.exact) out.covered_high = out.covered_low;
  out.uncovered_low = out.records - out.covered_high;
  out.uncovered_high = out.records - out.covered_low;
  return out;
}

void AddWhiteSpace(const PartnerCoverage& row, const v1::OverlapReport& report,
                   PortfolioModel& model) {
  for (const v1::PopulationOverlap& p : report.partner_populations()) {
    WhiteSpaceRow space;
    space.partner = row.partner;
    space.population = p.name();
    space.kind = PopulationKindName(p.kind());
    space.role = PopulationRoleName(p.role());
    space.records = p.records();
    space.you_have = std::min(p.overlapping_records(), p.records());
    space.you_lack = p.records() - space.you_have;
    space.lack_rate = Rate(space.you_lack, p.records());
    space.noisy = report.noisy();
    model.white_space.push_back(std::move(space));
  }
  for (const std::string& name : report.partner_suppressed_populations()) {
    WhiteSpaceRow space;
    space.partner = row.partner;
    space.population = name;
    space.counted = false;
    space.reason = SuppressedReason(row.min_population_size);
    model.white_space.push_back(std::move(space));
  }
}

void AddSignals(PortfolioModel& model) {
  std::vector<const WhiteSpaceRow*> gaps;
  for (const WhiteSpaceRow& row : model.white_space) {
    if (row.counted && row.you_lack >= kSignalMinimumAccounts &&
        Rate(row.you_have, row.records) <= kSignalMaximumShare) {
      gaps.push_back(&row);
    }
  }
  std::stable_sort(gaps.begin(), gaps.end(),
                   [](const WhiteSpaceRow* a, const WhiteSpaceRow* b) {
                     return a->you_lack > b->you_lack;
                   });
  for (size_t i = 0; i < gaps.size() && i < kMaxSignals; ++i) {
    const WhiteSpaceRow& row = *gaps[i];
    const char* approx = row.noisy ? "about " : "";
    model.signals.push_back(absl::StrCat(
        row.partner, " has ", approx, FormatCount(row.you_lack),
        " accounts in ", row.population, " that you do not have (you have ",
        approx, FormatCount(row.you_have), " of its ", FormatCount(row.records),
        "): a recruiting or vertical-expansion signal"));
  }
}

}  // namespace

absl::StatusOr<PortfolioSort> ParsePortfolioSort(absl::string_view name) {
  for (PortfolioSort sort :
       {PortfolioSort::kRate, PortfolioSort::kShared,
        PortfolioSort::kPartnerRate, PortfolioSort::kPartner,
        PortfolioSort::kTrend, PortfolioSort::kSynced}) {
    if (name == PortfolioSortName(sort)) return sort;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown sort \"", name,
      "\"; use rate, shared, partner-rate, partner, trend or synced"));
}

const char* PortfolioSortName(PortfolioSort sort) {
  switch (sort) {
    case PortfolioSort::kRate:
      return "rate";
    case PortfolioSort::kShared:
      return "shared";
    case PortfolioSort::kPartnerRate:
      return "partner-rate";
    case PortfolioSort::kPartner:
      return "partner";
    case PortfolioSort::kTrend:
      return "trend";
    case PortfolioSort::kSynced:
      return "synced";
  }
  return "rate";
}

std::string PopulationRoleName(int role) {
  switch (role) {
    case v1::POPULATION_ROLE_TARGET_LIST:
      return "target_list";
    case v1::POPULATION_ROLE_ICP:
      return "icp";
    case v1::POPULATION_ROLE_SEGMENT:
      return "segment";
    default:
      return "";
  }
}

PortfolioModel BuildPortfolioModel(const PortfolioFetch& fetch,
                                   const ClientConfig& config,
                                   PortfolioSort sort) {
  PortfolioModel model;
  model.me = fetch.me;
  model.sort = sort;
  std::map<std::string, const v1::PortfolioEntry*> entries;
  for (const PartnerFetch& fetched : fetch.partners) {
    model.partners.push_back(CoverageOf(fetched, fetch.me, config));
    if (fetched.entry.has_value() && fetched.status.ok()) {
      entries[fetched.partner] = &*fetched.entry;
    }
  }
  SortPartners(sort, model.partners);
  for (const PartnerCoverage& row : model.partners) {
    if (row.status == "mapped") ++model.mapped;
    if (row.status == "pending") ++model.pending;
    if (row.status == "not synced") ++model.not_synced;
    if (row.status == "error") ++model.failed;
    model.any_noisy |= row.noisy;
  }
  for (const std::string& name : MyPopulationOrder(fetch, config)) {
    PopulationCoverage coverage =
        CoverageOfPopulation(name, model.partners, entries);
    for (const PopulationConfig& population : config.populations) {
      if (population.name == name && coverage.kind.empty()) {
        // Counted by no partner: kind and role from the config.
        coverage.kind = PopulationKindName(population.kind);
        coverage.role = PopulationRoleName(population.role);
      }
    }
    model.populations.push_back(std::move(coverage));
  }
  for (const PartnerCoverage& row : model.partners) {
    if (!row.mapped()) continue;
    AddWhiteSpace(row, entries.at(row.partner)->report(), model);
  }
  AddSignals(model);

  for (const PartnerCoverage& row : model.partners) {
    if (row.partner_hides) {
      model.notes.push_back(absl::StrCat(
          row.partner,
          " hides some of its populations from you: they are in no count, "
          "total or rate here"));
    }
    if (!row.my_hidden.empty()) {
      model.notes.push_back(absl::StrCat("You hide ",
                                         absl::StrJoin(row.my_hidden, ", "),
                                         " from ", row.partner));
    }
  }
  if (model.populations.size() > 0 && model.mapped > 1) {
    model.notes.push_back(
        "Covered by at least one partner is a range when several partners "
        "cover a population: which accounts two partners both cover is known "
        "to nobody (each partnership has its own keys), so the range runs "
        "from the best single partner to the sum over partners.");
  }
  if (model.any_noisy) {
    model.notes.push_back(
        "Counts of a partnership with noise (probe policy) are approximate "
        "(marked \xE2\x89\x88); small differences mean nothing.");
  }
  return model;
}

}  // namespace blindmap
