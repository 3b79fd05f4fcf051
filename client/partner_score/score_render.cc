#include "client/partner_score/score_render.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/console/terminal_text.h"
#include "client/report/report_render_model.h"
#include "common/text/csv_writer.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using Json = nlohmann::ordered_json;
using report_internal::FormatPercent;
using report_internal::MarkdownEscape;

constexpr Dimension kDimensions[] = {
    Dimension::kTargetMarket, Dimension::kOpenPipeline, Dimension::kSegmentFit,
    Dimension::kMotionFit, Dimension::kSellingCapacity};

std::string OneDecimal(double value) { return absl::StrFormat("%.1f", value); }

std::string DimensionCell(const DimensionScore& d) {
  if (!d.score.has_value()) return "-";
  if (d.rate.has_value()) {
    return absl::StrCat(FormatPercent(*d.rate), " -> ", OneDecimal(*d.score));
  }
  return OneDecimal(*d.score);
}

std::string ProducingLine(const PartnerScoreModel& model) {
  if (!model.producing_available) {
    return absl::StrCat("Producing share: not available (",
                        model.producing_reason, ").");
  }
  return absl::StrCat("Producing share: ", model.producing_partners, " of ",
                      model.signed_partners,
                      " signed partners sourced a deal (",
                      FormatPercent(model.producing_share), "), from ",
                      model.producing_source, ": ", model.deals, " deals, ",
                      model.partner_sourced_deals, " partner-sourced",
                      model.unknown_partner_deals > 0
                          ? absl::StrCat(" (", model.unknown_partner_deals,
                                         " naming a partner not listed here)")
                          : "",
                      ".");
}

std::string JsonText(const PartnerScoreModel& model) {
  Json weights;
  for (size_t i = 0; i < kDimensionCount; ++i) {
    weights[DimensionId(kDimensions[i])] = model.weights[i];
  }
  Json partners = Json::array();
  for (const PartnerScoreRow& row : model.rows) {
    Json dimensions;
    for (size_t i = 0; i < kDimensionCount; ++i) {
      const DimensionScore& d = row.dimensions[i];
      dimensions[DimensionId(kDimensions[i])] = {
          {"score", d.score.has_value() ? Json(*d.score) : Json(nullptr)},
          {"rate", d.rate.has_value() ? Json(*d.rate) : Json(nullptr)},
          {"source", d.source}};
    }
    partners.push_back(
        {{"rank", row.rank},
         {"partner", row.partner},
         {"status", row.status},
         {"period", row.period},
         {"dimensions", dimensions},
         {"motion", row.motion},
         {"score", row.score.has_value() ? Json(*row.score) : Json(nullptr)},
         {"decision", row.decision},
         {"decision_note", row.decision_note},
         {"deals_sourced", row.deals_sourced.has_value()
                               ? Json(*row.deals_sourced)
                               : Json(nullptr)},
         {"notes", row.notes}});
  }
  Json j;
  j["schema"] = "blindmap.partner_score.v1";
  j["me"] = model.me;
  j["weights"] = weights;
  j["thresholds"] = {{"recruit_now", model.recruit_now_threshold},
                     {"nurture", model.nurture_threshold}};
  j["full_overlap_rate"] = model.full_overlap_rate;
  j["onboarding_capacity_per_quarter"] = model.onboarding_capacity;
  j["populations"] = {{"target_market", model.target_market},
                      {"open_pipeline", model.open_pipeline}};
  j["partners"] = partners;
  j["producing"] = {{"available", model.producing_available},
                    {"reason", model.producing_reason},
                    {"source", model.producing_source},
                    {"signed_partners", model.signed_partners},
                    {"producing_partners", model.producing_partners},
                    {"producing_share", model.producing_share},
                    {"deals", model.deals},
                    {"partner_sourced_deals", model.partner_sourced_deals},
                    {"unknown_partner_deals", model.unknown_partner_deals}};
  j["notes"] = model.notes;
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string CsvText(const PartnerScoreModel& model) {
  std::vector<std::string> header = {"rank", "partner", "status", "period"};
  for (Dimension d : kDimensions) header.push_back(DimensionId(d));
  for (const char* column :
       {"score", "decision", "decision_note", "deals_sourced", "motion"}) {
    header.push_back(column);
  }
  std::string out = absl::StrCat(absl::StrJoin(header, ","), "\r\n");
  const auto add = [&out](std::vector<std::string> cells) {
    for (std::string& cell : cells) cell = CsvCell(cell);
    absl::StrAppend(&out, absl::StrJoin(cells, ","), "\r\n");
  };
  for (const PartnerScoreRow& row : model.rows) {
    std::vector<std::string> cells = {
        row.rank > 0 ? absl::StrCat(row.rank) : "", row.partner, row.status,
        row.period};
    for (const DimensionScore& d : row.dimensions) {
      cells.push_back(d.score.has_value() ? absl::StrFormat("%.2f", *d.score)
                                          : "");
    }
    cells.push_back(row.score.has_value() ? absl::StrFormat("%.2f", *row.score)
                                          : "");
    cells.push_back(row.decision);
    cells.push_back(row.decision_note);
    cells.push_back(
        row.deals_sourced.has_value() ? absl::StrCat(*row.deals_sourced) : "");
    cells.push_back(row.motion);
    add(std::move(cells));
  }
  std::vector<std::string> share(header.size());
  share[1] = "producing_share";
  share[header.size() - 5] =
      model.producing_available ? absl::StrFormat("%.4f", model.producing_share)
                                : "";
  share[header.size() - 3] = ProducingLine(model);
  add(std::move(share));
  return out;
}

}  // namespace

std::vector<ViewTable> PartnerScoreTables(const PartnerScoreModel& model) {
  ViewTable table;
  table.title = "Partner ICP score";
  table.headers = {"Rank", "Partner", "Status"};
  table.align = "rll";
  for (Dimension d : kDimensions) {
    table.headers.push_back(DimensionLabel(d));
    table.align.push_back('r');
  }
  for (const char* header : {"Score", "Decision", "Deals sourced", "Note"}) {
    table.headers.push_back(header);
  }
  table.align += "rlrl";
  for (const PartnerScoreRow& row : model.rows) {
    std::vector<std::string> cells = {
        row.rank > 0 ? absl::StrCat(row.rank) : "-", row.partner, row.status};
    for (const DimensionScore& d : row.dimensions) {
      cells.push_back(DimensionCell(d));
    }
    cells.push_back(row.score.has_value() ? OneDecimal(*row.score) : "-");
    cells.push_back(row.decision.empty() ? "-" : row.decision);
    cells.push_back(
        row.deals_sourced.has_value() ? absl::StrCat(*row.deals_sourced) : "-");
    cells.push_back(row.decision_note);
    table.rows.push_back(std::move(cells));
  }
  std::vector<std::string> weights;
  for (size_t i = 0; i < kDimensionCount; ++i) {
    weights.push_back(absl::StrCat(DimensionLabel(kDimensions[i]), " ",
                                   absl::StrFormat("%g", model.weights[i])));
  }
  table.lines_after = {
      absl::StrCat("Score: the weighted mean (1-5) of the dimensions known; "
                   "weights: ",
                   absl::StrJoin(weights, ", "), "."),
      absl::StrCat("Overlap dimensions are measured: the share of your ",
                   absl::StrJoin(model.target_market, ", "),
                   " (target market) and of your ",
                   absl::StrJoin(model.open_pipeline, ", "),
                   " (open pipeline) the partner covers; ",
                   FormatPercent(model.full_overlap_rate),
                   " or more scores 5."),
      absl::StrCat(
          "Recruit now at ", OneDecimal(model.recruit_now_threshold),
          " or more, nurture at ", OneDecimal(model.nurture_threshold),
          " or more, pass below",
          model.onboarding_capacity > 0
              ? absl::StrCat(
                    "; onboarding capacity: ", model.onboarding_capacity,
                    model.onboarding_capacity == 1 ? " new partner"
                                                   : " new partners",
                    " per quarter")
              : "",
          "."),
      ProducingLine(model)};
  for (const PartnerScoreRow& row : model.rows) {
    for (size_t i = 0; i < 2; ++i) {
      if (!row.dimensions[i].score.has_value() && row.status != "not mapped") {
        table.lines_after.push_back(
            absl::StrCat(row.partner, ": ", DimensionLabel(kDimensions[i]),
                         ": ", row.dimensions[i].source));
      }
    }
  }
  for (const std::string& note : model.notes) table.lines_after.push_back(note);
  return {table};
}

std::string RenderPartnerScores(const PartnerScoreModel& model,
                                OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson:
      return JsonText(model);
    case OutputFormat::kCsv:
      return CsvText(model);
    case OutputFormat::kMarkdown: {
      std::string out = absl::StrCat(
          "# Partner ICP Scoring: ", MarkdownEscape(model.me), "\n\n");
      for (const ViewTable& t : PartnerScoreTables(model)) {
        out += ViewTableMarkdown(t);
      }
      return out;
    }
    default: {
      std::string out = report_internal::Heading(
          absl::StrCat("Partner ICP Scoring: ", TerminalSafe(model.me)), '=');
      out += "\n";
      for (const ViewTable& t : PartnerScoreTables(model)) {
        out += ViewTableText(t);
      }
      return out;
    }
  }
}

}  // namespace blindmap
