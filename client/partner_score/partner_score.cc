#include "client/partner_score/partner_score.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace {

using report_internal::FormatCount;
using report_internal::FormatPercent;

bool IsRelationship(const PopulationConfig& p) {
  return p.role == v1::POPULATION_ROLE_UNSPECIFIED &&
         (p.kind == v1::POPULATION_KIND_CUSTOMER ||
          p.kind == v1::POPULATION_KIND_PROSPECT);
}

// The overlap of my `populations` with the partner, from its report.
DimensionScore Measure(const v1::OverlapReport& report,
                       const std::vector<std::string>& populations,
                       double full_overlap_rate) {
  DimensionScore out;
  uint64_t records = 0;
  uint64_t overlapping = 0;
  std::vector<std::string> counted;
  std::vector<std::string> missing;
  for (const std::string& name : populations) {
    bool found = false;
    for (const v1::PopulationOverlap& p : report.my_populations()) {
      if (p.name() != name) continue;
      found = true;
      records += p.records();
      overlapping += std::min(p.overlapping_records(), p.records());
      counted.push_back(name);
    }
    if (!found) missing.push_back(name);
  }
  if (populations.empty()) {
    out.source = "no populations to measure";
    return out;
  }
  if (counted.empty() || records == 0) {
    out.source = absl::StrCat("not counted: ", absl::StrJoin(populations, ", "),
                              " (too small, hidden or not synced)");
    return out;
  }
  const double rate =
      static_cast<double>(overlapping) / static_cast<double>(records);
  out.rate = rate;
  out.score = OverlapRateScore(rate, full_overlap_rate);
  out.source =
      absl::StrCat(report.noisy() ? "\xE2\x89\x88" : "",
                   FormatCount(overlapping), " of ", FormatCount(records), " (",
                   FormatPercent(rate), ") in ", absl::StrJoin(counted, ", "));
  if (!missing.empty()) {
    absl::StrAppend(&out.source,
                    "; not counted: ", absl::StrJoin(missing, ", "));
  }
  return out;
}

DimensionScore Entered(const std::optional<int>& value) {
  DimensionScore out;
  if (value.has_value()) {
    out.score = *value;
    out.source = "scorecard";
  } else {
    out.source = "not entered";
  }
  return out;
}

}  // namespace

const char* DimensionId(Dimension dimension) {
  switch (dimension) {
    case Dimension::kTargetMarket:
      return "target_market_overlap";
    case Dimension::kOpenPipeline:
      return "pipeline_overlap";
    case Dimension::kSegmentFit:
      return "segment_fit";
    case Dimension::kMotionFit:
      return "motion_fit";
    case Dimension::kSellingCapacity:
      return "selling_capacity";
  }
  return "";
}

const char* DimensionLabel(Dimension dimension) {
  switch (dimension) {
    case Dimension::kTargetMarket:
      return "Target market overlap";
    case Dimension::kOpenPipeline:
      return "Pipeline overlap";
    case Dimension::kSegmentFit:
      return "Segment fit";
    case Dimension::kMotionFit:
      return "Motion fit";
    case Dimension::kSellingCapacity:
      return "Selling capacity";
  }
  return "";
}

std::vector<std::string> TargetMarketPopulations(const ClientConfig& config) {
  const PartnerScoringConfig& scoring = config.portfolio.scoring;
  if (!scoring.target_market.empty()) return scoring.target_market;
  for (v1::PopulationRole role :
       {v1::POPULATION_ROLE_ICP, v1::POPULATION_ROLE_TARGET_LIST}) {
    std::vector<std::string> names;
    for (const PopulationConfig& p : config.populations) {
      if (p.role == role) names.push_back(p.name);
    }
    if (!names.empty()) return names;
  }
  std::vector<std::string> names;
  for (const PopulationConfig& p : config.populations) {
    if (IsRelationship(p)) names.push_back(p.name);
  }
  return names;
}

std::vector<std::string> OpenPipelinePopulations(const ClientConfig& config) {
  const PartnerScoringConfig& scoring = config.portfolio.scoring;
  if (!scoring.open_pipeline.empty()) return scoring.open_pipeline;
  std::vector<std::string> names;
  for (const PopulationConfig& p : config.populations) {
    if (IsRelationship(p) && p.kind == v1::POPULATION_KIND_PROSPECT) {
      names.push_back(p.name);
    }
  }
  return names;
}

double OverlapRateScore(double rate, double full_overlap_rate) {
  if (full_overlap_rate <= 0) return 1;
  return 1.0 + 4.0 * std::clamp(rate / full_overlap_rate, 0.0, 1.0);
}

PartnerScoreModel BuildPartnerScores(
    const PortfolioFetch& fetch, const ClientConfig& config,
    const std::map<std::string, ScorecardEntry>& scorecard,
    const absl::StatusOr<ProducingCounts>& producing) {
  const PartnerScoringConfig& scoring = config.portfolio.scoring;
  PartnerScoreModel model;
  model.me = fetch.me;
  model.weights = {scoring.weight_target_market, scoring.weight_open_pipeline,
                   scoring.weight_segment_fit, scoring.weight_motion_fit,
                   scoring.weight_selling_capacity};
  model.recruit_now_threshold = scoring.recruit_now_threshold;
  model.nurture_threshold = scoring.nurture_threshold;
  model.full_overlap_rate = scoring.full_overlap_rate;
  model.onboarding_capacity = scoring.onboarding_capacity_per_quarter;
  model.target_market = TargetMarketPopulations(config);
  model.open_pipeline = OpenPipelinePopulations(config);

  std::set<std::string> seen;
  for (const PartnerFetch& fetched : fetch.partners) {
    PartnerScoreRow row;
    row.partner = fetched.partner;
    seen.insert(row.partner);
    const bool candidate = config.portfolio.For(row.partner).candidate;
    if (fetched.partnership.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
      row.status = "pending";
    } else {
      row.status = candidate ? "candidate" : "partner";
    }
    if (fetched.entry.has_value() && fetched.status.ok()) {
      const v1::OverlapReport& report = fetched.entry->report();
      row.period = report.period();
      row.noisy = report.noisy();
      row.dimensions[0] =
          Measure(report, model.target_market, scoring.full_overlap_rate);
      row.dimensions[1] =
          Measure(report, model.open_pipeline, scoring.full_overlap_rate);
    } else {
      const std::string why =
          absl::StrCat("not mapped: ", fetched.status.message());
      row.dimensions[0].source = why;
      row.dimensions[1].source = why;
    }
    model.rows.push_back(std::move(row));
  }
  for (const auto& [partner, entry] : scorecard) {
    if (seen.count(partner) != 0) continue;
    PartnerScoreRow row;
    row.partner = partner;
    row.status = "not mapped";
    const std::string why =
        "not mapped: map it under a candidate partnership first";
    row.dimensions[0].source = why;
    row.dimensions[1].source = why;
    model.rows.push_back(std::move(row));
  }

  for (PartnerScoreRow& row : model.rows) {
    auto it = scorecard.find(row.partner);
    if (it != scorecard.end()) {
      row.dimensions[2] = Entered(it->second.segment_fit);
      row.dimensions[3] = Entered(it->second.motion_fit);
      row.dimensions[4] = Entered(it->second.selling_capacity);
      row.motion = it->second.motion;
      row.notes = it->second.notes;
    } else {
      for (size_t i = 2; i < kDimensionCount; ++i) {
        row.dimensions[i].source = "not in the scorecard";
      }
    }
    double sum = 0;
    double weights = 0;
    for (size_t i = 0; i < kDimensionCount; ++i) {
      if (!row.dimensions[i].score.has_value()) continue;
      sum += model.weights[i] * *row.dimensions[i].score;
      weights += model.weights[i];
    }
    if (weights > 0) row.score = sum / weights;
  }

  std::stable_sort(model.rows.begin(), model.rows.end(),
                   [](const PartnerScoreRow& a, const PartnerScoreRow& b) {
                     if (a.score.has_value() != b.score.has_value()) {
                       return a.score.has_value();
                     }
                     if (a.score.has_value() && *a.score != *b.score) {
                       return *a.score > *b.score;
                     }
                     return a.partner < b.partner;
                   });
  int rank = 0;
  int64_t onboarding = 0;
  for (PartnerScoreRow& row : model.rows) {
    if (!row.score.has_value()) {
      row.decision_note =
          "no dimension known: map it and fill in the "
          "scorecard";
      continue;
    }
    row.rank = ++rank;
    const double score = *row.score;
    row.decision = score >= model.recruit_now_threshold ? "recruit now"
                   : score >= model.nurture_threshold   ? "nurture"
                                                        : "pass";
    const bool measured = row.dimensions[0].score.has_value() ||
                          row.dimensions[1].score.has_value();
    if (row.decision == "recruit now" && !measured) {
      row.decision = "nurture";
      row.decision_note =
          "no measured overlap: map it under a candidate partnership before "
          "recruiting";
    }
    const bool onboards = row.status != "partner";
    if (row.decision == "recruit now" && onboards) {
      ++onboarding;
      if (model.onboarding_capacity > 0 &&
          onboarding > model.onboarding_capacity) {
        row.decision = "nurture";
        row.decision_note = absl::StrCat(
            "over the onboarding capacity (", model.onboarding_capacity,
            " per quarter): recruit in a later quarter");
      }
    }
  }

  if (producing.ok()) {
    model.producing_available = true;
    model.producing_source =
        absl::StrCat(producing->column, " in ", producing->source);
    model.deals = producing->deals;
    model.partner_sourced_deals = producing->partner_sourced;
    model.unknown_partner_deals = producing->unknown_partner;
    for (PartnerScoreRow& row : model.rows) {
      auto it = producing->by_partner.find(row.partner);
      row.deals_sourced = it == producing->by_partner.end() ? 0 : it->second;
      if (row.status == "partner") {
        ++model.signed_partners;
        if (*row.deals_sourced > 0) ++model.producing_partners;
      }
    }
    if (model.signed_partners > 0) {
      model.producing_share = static_cast<double>(model.producing_partners) /
                              static_cast<double>(model.signed_partners);
    }
  } else {
    model.producing_reason = std::string(producing.status().message());
    for (const PartnerScoreRow& row : model.rows) {
      if (row.status == "partner") ++model.signed_partners;
    }
  }
  return model;
}

}  // namespace blindmap
