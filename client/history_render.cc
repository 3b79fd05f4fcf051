#include "client/history_render.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "client/probe_policy_text.h"
#include "client/report_render_model.h"
#include "common/csv_writer.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using report_internal::FormatCount;
using report_internal::FormatModelCount;
using report_internal::FormatPercent;
using report_internal::PopulationRow;
using report_internal::ReportModel;

constexpr char kHistorySchema[] = "blindmap.history.v1";
constexpr char kMinus[] = "\xE2\x88\x92";  // U+2212
constexpr char kPlusMinus[] = "\xC2\xB1";  // U+00B1
constexpr char kTimes[] = " \xC3\x97 ";    // " × "

enum class ChangeStatus { kFirst, kNew, kChanged, kUnchanged };

const char* StatusId(ChangeStatus status) {
  switch (status) {
    case ChangeStatus::kFirst:
      return "first";
    case ChangeStatus::kNew:
      return "new";
    case ChangeStatus::kChanged:
      return "changed";
    case ChangeStatus::kUnchanged:
      break;
  }
  return "unchanged";
}

// A count against the same count of the previous period.
struct CountChange {
  ChangeStatus status = ChangeStatus::kFirst;
  int64_t delta = 0;  // meaningful for kChanged / kUnchanged
};

CountChange ChangeOf(bool has_previous, const uint64_t* previous,
                     uint64_t now) {
  if (!has_previous) return {ChangeStatus::kFirst, 0};
  if (previous == nullptr) return {ChangeStatus::kNew, 0};
  const int64_t delta =
      static_cast<int64_t>(now) - static_cast<int64_t>(*previous);
  return {delta == 0 ? ChangeStatus::kUnchanged : ChangeStatus::kChanged,
          delta};
}

struct CellRow {
  std::string my_population;
  std::string partner_population;
  uint64_t mine = 0;
  uint64_t theirs = 0;
  CountChange change;
};

struct PopulationChange {
  PopulationRow row;
  CountChange change;                 // of the overlapping records
  std::optional<double> rate_change;  // fraction; set with a previous row
};

struct PeriodView {
  ReportModel model;
  std::vector<CellRow> cells;
  std::vector<PopulationChange> populations;
};

const CellRow* FindCell(const PeriodView& view, const CellRow& cell) {
  for (const CellRow& c : view.cells) {
    if (c.my_population == cell.my_population &&
        c.partner_population == cell.partner_population) {
      return &c;
    }
  }
  return nullptr;
}

const PopulationChange* FindPopulation(const PeriodView& view,
                                       const std::string& name) {
  for (const PopulationChange& p : view.populations) {
    if (p.row.name == name) return &p;
  }
  return nullptr;
}

std::vector<PeriodView> BuildViews(const v1::ReportHistory& history,
                                   absl::string_view me) {
  std::vector<PeriodView> views;
  views.reserve(history.reports_size());
  for (const v1::OverlapReport& report : history.reports()) {
    PeriodView view;
    view.model = report_internal::BuildReportModel(report, me);
    const PeriodView* previous = views.empty() ? nullptr : &views.back();
    for (const report_internal::MatrixCell& c : view.model.cells) {
      CellRow cell;
      cell.my_population = view.model.mine.populations[c.row].name;
      cell.partner_population = view.model.theirs.populations[c.column].name;
      cell.mine = c.mine;
      cell.theirs = c.theirs;
      const CellRow* before =
          previous == nullptr ? nullptr : FindCell(*previous, cell);
      cell.change =
          ChangeOf(previous != nullptr,
                   before == nullptr ? nullptr : &before->mine, cell.mine);
      view.cells.push_back(std::move(cell));
    }
    for (const PopulationRow& row : view.model.mine.populations) {
      PopulationChange p;
      p.row = row;
      const PopulationChange* before =
          previous == nullptr ? nullptr : FindPopulation(*previous, row.name);
      p.change =
          ChangeOf(previous != nullptr,
                   before == nullptr ? nullptr : &before->row.overlapping,
                   row.overlapping);
      if (before != nullptr) p.rate_change = row.rate - before->row.rate;
      view.populations.push_back(std::move(p));
    }
    views.push_back(std::move(view));
  }
  return views;
}

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

// --- Markdown
// ------------------------------------------------------------------

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

// --- JSON
// ----------------------------------------------------------------------

using Json = nlohmann::ordered_json;

Json ChangeJson(const CountChange& change) {
  if (change.status == ChangeStatus::kFirst ||
      change.status == ChangeStatus::kNew) {
    return Json(nullptr);
  }
  return Json(change.delta);
}

Json HistoryJson(const std::vector<PeriodView>& views, absl::string_view me,
                 absl::string_view partner) {
  Json j;
  j["schema"] = kHistorySchema;
  j["me"] = std::string(me);
  j["partner"] = std::string(partner);
  const ReportModel* last = views.empty() ? nullptr : &views.back().model;
  j["partnership"] = {{"id", last == nullptr ? "" : last->partnership_id},
                      {"cadence", last == nullptr ? "" : last->cadence}};
  Json periods = Json::array();
  for (const PeriodView& view : views) {
    const ReportModel& model = view.model;
    Json period;
    period["period"] = model.period;
    period["noisy"] = model.noisy;
    period["probe_policy"] = model.probe_policy.has_value()
                                 ? ProbePolicyJson<Json>(*model.probe_policy)
                                 : Json(nullptr);
    period["suppressed_populations"] = {{"mine", model.my_suppressed},
                                        {"partner", model.partner_suppressed}};
    Json cells = Json::array();
    for (const CellRow& c : view.cells) {
      Json cell;
      cell["my_population"] = c.my_population;
      cell["partner_population"] = c.partner_population;
      cell["my_records"] = c.mine;
      cell["partner_records"] = c.theirs;
      cell["change"] = ChangeJson(c.change);
      cell["status"] = StatusId(c.change.status);
      cells.push_back(std::move(cell));
    }
    period["cells"] = std::move(cells);
    Json populations = Json::array();
    for (const PopulationChange& p : view.populations) {
      Json row;
      row["name"] = p.row.name;
      row["kind"] = p.row.kind;
      row["records"] = p.row.records;
      row["overlapping_records"] = p.row.overlapping;
      row["overlap_rate"] = p.row.rate;
      row["overlapping_change"] = ChangeJson(p.change);
      row["overlap_rate_change"] =
          p.rate_change.has_value() ? Json(*p.rate_change) : Json(nullptr);
      row["status"] = StatusId(p.change.status);
      populations.push_back(std::move(row));
    }
    period["my_populations"] = std::move(populations);
    period["notes"] = model.notes;
    periods.push_back(std::move(period));
  }
  j["periods"] = std::move(periods);
  return j;
}

std::string RenderJson(const std::vector<PeriodView>& views,
                       absl::string_view me, absl::string_view partner) {
  try {
    return HistoryJson(views, me, partner)
               .dump(2, ' ', false, Json::error_handler_t::replace) +
           "\n";
  } catch (const std::exception&) {
    return absl::StrCat("{\"schema\": \"", kHistorySchema,
                        "\", \"error\": \"rendering failed\"}\n");
  }
}

// --- CSV
// -----------------------------------------------------------------------

enum CsvColumn {
  kSection,
  kPeriod,
  kMyPopulation,
  kPartnerPopulation,
  kMyRecords,
  kPartnerRecords,
  kRecords,
  kOverlappingRecords,
  kOverlapRate,
  kChange,
  kRateChange,
  kStatus,
  kNoisy,
  kNote,
  kCsvColumnCount,
};

constexpr const char* kCsvHeader[kCsvColumnCount] = {
    "section",
    "period",
    "my_population",
    "partner_population",
    "my_records",
    "partner_records",
    "records",
    "overlapping_records",
    "overlap_rate",
    "change",
    "overlap_rate_change",
    "status",
    "noisy",
    "note",
};

std::string CsvChange(const CountChange& change) {
  switch (change.status) {
    case ChangeStatus::kFirst:
      return "";
    case ChangeStatus::kNew:
      return "new";
    default:
      return absl::StrCat(change.delta);
  }
}

std::string RenderCsv(const std::vector<PeriodView>& views) {
  std::string out = absl::StrCat(absl::StrJoin(kCsvHeader, ","), "\r\n");
  auto add = [&out](const std::vector<std::string>& row) {
    std::vector<std::string> quoted;
    quoted.reserve(row.size());
    for (const std::string& field : row) quoted.push_back(CsvQuote(field));
    absl::StrAppend(&out, absl::StrJoin(quoted, ","), "\r\n");
  };
  for (const PeriodView& view : views) {
    const ReportModel& model = view.model;
    auto new_row = [&model](const char* section) {
      std::vector<std::string> row(kCsvColumnCount);
      row[kSection] = section;
      row[kPeriod] = CsvInert(model.period);
      row[kNoisy] = model.noisy ? "true" : "false";
      return row;
    };
    for (const CellRow& c : view.cells) {
      auto row = new_row("cell");
      row[kMyPopulation] = CsvInert(c.my_population);
      row[kPartnerPopulation] = CsvInert(c.partner_population);
      row[kMyRecords] = absl::StrCat(c.mine);
      row[kPartnerRecords] = absl::StrCat(c.theirs);
      row[kChange] = CsvChange(c.change);
      row[kStatus] = StatusId(c.change.status);
      add(row);
    }
    for (const PopulationChange& p : view.populations) {
      auto row = new_row("my_population");
      row[kMyPopulation] = CsvInert(p.row.name);
      row[kRecords] = absl::StrCat(p.row.records);
      row[kOverlappingRecords] = absl::StrCat(p.row.overlapping);
      row[kOverlapRate] = absl::StrFormat("%.4f", p.row.rate);
      row[kChange] = CsvChange(p.change);
      if (p.rate_change.has_value()) {
        row[kRateChange] = absl::StrFormat("%.4f", *p.rate_change);
      }
      row[kStatus] = StatusId(p.change.status);
      add(row);
    }
    for (const std::string& name : model.my_suppressed) {
      auto row = new_row("my_suppressed");
      row[kMyPopulation] = CsvInert(name);
      row[kNote] = report_internal::SuppressedReason(model);
      add(row);
    }
    for (const std::string& name : model.partner_suppressed) {
      auto row = new_row("partner_suppressed");
      row[kPartnerPopulation] = CsvInert(name);
      row[kNote] = report_internal::SuppressedReason(model);
      add(row);
    }
    for (const std::string& note : model.notes) {
      auto row = new_row("note");
      row[kNote] = CsvInert(note);
      add(row);
    }
  }
  return out;
}

}  // namespace

std::string RenderReportHistory(const v1::ReportHistory& history,
                                absl::string_view me, OutputFormat format) {
  const std::vector<PeriodView> views = BuildViews(history, me);
  const std::string my_name = me.empty() ? "you" : std::string(me);
  std::string partner = "partner";
  for (const v1::OverlapReport& report : history.reports()) {
    if (!report.partner().empty()) partner = report.partner();
  }
  switch (format) {
    case OutputFormat::kJson:
      return RenderJson(views, my_name, partner);
    case OutputFormat::kCsv:
      return RenderCsv(views);
    case OutputFormat::kMarkdown:
      return RenderMarkdown(views, my_name, partner);
    case OutputFormat::kText:
      break;
  }
  return RenderText(views, my_name, partner);
}

}  // namespace blindmap
