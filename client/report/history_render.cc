// The overlap history's views (each period against the previous one), and
// RenderReportHistory choosing the format.
#include "client/report/history_render.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/report/history_render_internal.h"
#include "client/report/report_render.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace {

using history_internal::CellRow;
using history_internal::ChangeStatus;
using history_internal::CountChange;
using history_internal::PeriodView;
using history_internal::PopulationChange;
using report_internal::PopulationRow;

// `now` against the previous period's count (`previous`, null if it had
// none).
CountChange ChangeOf(bool has_previous, const uint64_t* previous,
                     uint64_t now) {
  if (!has_previous) return {ChangeStatus::kFirst, 0};
  if (previous == nullptr) return {ChangeStatus::kNew, 0};
  const int64_t delta =
      static_cast<int64_t>(now) - static_cast<int64_t>(*previous);
  return {delta == 0 ? ChangeStatus::kUnchanged : ChangeStatus::kChanged,
          delta};
}

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

// One view per report of `history`, in its order.
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
      return history_internal::RenderJson(views, my_name, partner);
    case OutputFormat::kCsv:
      return history_internal::RenderCsv(views);
    case OutputFormat::kMarkdown:
      return history_internal::RenderMarkdown(views, my_name, partner);
    case OutputFormat::kText:
      break;
  }
  return history_internal::RenderText(views, my_name, partner);
}

}  // namespace blindmap
