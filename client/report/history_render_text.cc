// The overlap history for people: plain text and Markdown.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "client/report/history_render_internal.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace history_internal {
namespace {

using report_internal::FormatCount;
using report_internal::FormatModelCount;
using report_internal::FormatPercent;
using report_internal::ReportModel;

constexpr char kMinus[] = "\xE2\x88\x92";  // U+2212
constexpr char kPlusMinus[] = "\xC2\xB1";  // U+00B1
constexpr char kTimes[] = " \xC3\x97 ";    // " × "

// "+3", "−1" (with `minus`), "±0"; "new"; "" for the first period.
std::string ChangeLabel(const CountChange& change, absl::string_view minus) {
  switch (change.status) {
    case ChangeStatus::kFirst:
      return "";
    case ChangeStatus::kNew:
      return "new";
    case ChangeStatus::kUnchanged:
      return absl::StrCat(kPlusMinus, "0");
    case ChangeStatus::kChanged:
      break;
  }
  const uint64_t magnitude =
      static_cast<uint64_t>(change.delta < 0 ? -change.delta : change.delta);
  return absl::StrCat(change.delta < 0 ? minus : "+", FormatCount(magnitude));
}

// "+2.5 pp", "−0.3 pp", "±0.0 pp"; "new" or "" like ChangeLabel.
std::string RateChangeLabel(const PopulationChange& p,
                            absl::string_view minus) {
  if (!p.rate_change.has_value()) return ChangeLabel(p.change, minus);
  const double points = std::round(*p.rate_change * 1000.0) / 10.0;
  if (points == 0) return absl::StrCat(kPlusMinus, "0.0 pp");
  return absl::StrCat(points < 0 ? minus : "+",
                      absl::StrFormat("%.1f", std::fabs(points)), " pp");
}

std::string PeriodLabel(const ReportModel& model) {
  return model.period.empty() ? "unknown period" : model.period;
}

const char* kIntro =
    "Each cell counts your records of the population that match the "
    "partner's population; changes are since the previous period.";

}  // namespace

// --- text --------------------------------------------------------------------

std::string RenderText(const std::vector<PeriodView>& views,
                       absl::string_view me, absl::string_view partner) {
  using report_internal::Align;
  using report_internal::CleanName;
  using report_internal::Heading;
  using report_internal::TextTable;
  std::string out = Heading(absl::StrCat("Overlap History: ", CleanName(me),
                                         kTimes, CleanName(partner)),
                            '=');
  if (views.empty()) {
    return out +
           "\nNo sync periods yet: both sides upload with `blindmap "
           "sync`, then the report and its history appear.\n";
  }
  const ReportModel& last = views.back().model;
  absl::StrAppend(&out, "\n", views.size(),
                  views.size() == 1 ? " period" : " periods",
                  ", oldest first (", last.cadence, " sync). ", kIntro, "\n");
  for (const PeriodView& view : views) {
    const ReportModel& model = view.model;
    absl::StrAppend(&out, "\n", Heading(CleanName(PeriodLabel(model)), '-'));
    TextTable cells(
        {"Your population", "Partner population", "Your records", "Change"},
        {Align::kLeft, Align::kLeft, Align::kRight, Align::kRight});
    for (const CellRow& c : view.cells) {
      cells.AddRow({CleanName(c.my_population), CleanName(c.partner_population),
                    FormatModelCount(model, c.mine),
                    ChangeLabel(c.change, kMinus)});
    }
    out += view.cells.empty() ? "(no matrix cells)\n" : cells.Render();
    TextTable rates({"Your population", "Records", "Overlapping",
                     "Overlap rate", "Change", "Rate change"},
                    {Align::kLeft, Align::kRight, Align::kRight, Align::kRight,
                     Align::kRight, Align::kRight});
    for (const PopulationChange& p : view.populations) {
      rates.AddRow({CleanName(p.row.name), FormatCount(p.row.records),
                    FormatModelCount(model, p.row.overlapping),
                    FormatPercent(p.row.rate), ChangeLabel(p.change, kMinus),
                    RateChangeLabel(p, kMinus)});
    }
    if (!view.populations.empty()) absl::StrAppend(&out, "\n", rates.Render());
    for (const std::string& name : model.my_suppressed) {
      absl::StrAppend(&out, "Yours: ", CleanName(name), " (",
                      report_internal::SuppressedReason(model), ")\n");
    }
    for (const std::string& name : model.partner_suppressed) {
      absl::StrAppend(&out, "Partner's: ", CleanName(name), " (",
                      report_internal::SuppressedReason(model), ")\n");
    }
    if (model.noisy) {
      absl::StrAppend(&out, report_internal::NoiseFootnote(model), "\n");
    }
    for (const std::string& note : model.notes) {
      absl::StrAppend(&out, "Note: ", CleanName(note, 1000), "\n");
    }
  }
  return out;
}

// --- Markdown ----------------------------------------------------------------

std::string RenderMarkdown(const std::vector<PeriodView>& views,
                           absl::string_view me, absl::string_view partner) {
  using report_internal::MarkdownAlignRow;
  using report_internal::MarkdownEscape;
  using report_internal::MarkdownRow;
  std::string out = absl::StrCat("# Overlap History: ", MarkdownEscape(me),
                                 kTimes, MarkdownEscape(partner), "\n\n");
  if (views.empty()) return out + "No sync periods yet.\n";
  absl::StrAppend(
      &out, views.size(), views.size() == 1 ? " period" : " periods",
      ", oldest first (", views.back().model.cadence, " sync). ", kIntro, "\n");
  for (const PeriodView& view : views) {
    const ReportModel& model = view.model;
    absl::StrAppend(&out, "\n## ", MarkdownEscape(PeriodLabel(model)), "\n\n");
    if (view.cells.empty()) {
      out += "No matrix cells.\n";
    } else {
      out += MarkdownRow({"Your population", "Partner population",
                          "Your records", "Change"}) +
             MarkdownAlignRow("llrr");
      for (const CellRow& c : view.cells) {
        out += MarkdownRow({MarkdownEscape(c.my_population),
                            MarkdownEscape(c.partner_population),
                            FormatModelCount(model, c.mine),
                            ChangeLabel(c.change, kMinus)});
      }
    }
    if (!view.populations.empty()) {
      out += "\n" +
             MarkdownRow({"Your population", "Records", "Overlapping",
                          "Overlap rate", "Change", "Rate change"}) +
             MarkdownAlignRow("lrrrrr");
      for (const PopulationChange& p : view.populations) {
        out += MarkdownRow(
            {MarkdownEscape(p.row.name), FormatCount(p.row.records),
             FormatModelCount(model, p.row.overlapping),
             FormatPercent(p.row.rate), ChangeLabel(p.change, kMinus),
             RateChangeLabel(p, kMinus)});
      }
    }
    std::vector<std::string> footnotes;
    for (const std::string& name : model.my_suppressed) {
      footnotes.push_back(absl::StrCat("Yours: ", MarkdownEscape(name), " (",
                                       report_internal::SuppressedReason(model),
                                       ")"));
    }
    for (const std::string& name : model.partner_suppressed) {
      footnotes.push_back(
          absl::StrCat("Partner's: ", MarkdownEscape(name), " (",
                       report_internal::SuppressedReason(model), ")"));
    }
    if (model.noisy) footnotes.push_back(report_internal::NoiseFootnote(model));
    for (const std::string& note : model.notes) {
      footnotes.push_back(absl::StrCat("Note: ", MarkdownEscape(note)));
    }
    if (!footnotes.empty()) {
      absl::StrAppend(&out, "\n- ", absl::StrJoin(footnotes, "\n- "), "\n");
    }
  }
  return out;
}

}  // namespace history_internal
}  // namespace blindmap
