#include "client/report/report_render_html.h"

#include "absl/strings/str_cat.h"
#include "client/html/html_page.h"
#include "client/html/html_table.h"
#include "client/html/html_text.h"
#include "client/report/probe_policy_text.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace {

using report_internal::BuildReportModel;
using report_internal::FormatCount;
using report_internal::FormatPercent;
using report_internal::ReportModel;

std::string Count(const ReportModel& model, uint64_t n) {
  return report_internal::FormatModelCount(model, n);
}

std::string PopulationTable(const ReportModel& model,
                            const report_internal::Side& side,
                            const std::vector<std::string>& suppressed,
                            const std::string& id, const std::string& only) {
  HtmlTable table(id,
                  {"Population", "Kind", "Records", "Overlapping",
                   "Overlap rate", "Score", only},
                  "llnnnln");
  for (const report_internal::PopulationRow& p : side.populations) {
    table.AddRow({p.name, p.kind, FormatCount(p.records),
                  Count(model, p.overlapping), FormatPercent(p.rate), p.score,
                  Count(model, p.only)});
  }
  const report_internal::PopulationRow& t = side.total;
  table.AddFooter({t.name, "", FormatCount(t.records),
                   Count(model, t.overlapping), FormatPercent(t.rate), t.score,
                   Count(model, t.only)});
  std::string out = table.Render();
  for (const std::string& name : suppressed) {
    absl::StrAppend(
        &out, "<p class=\"note\">",
        HtmlEscape(absl::StrCat(name, " (", SuppressedReason(model), ")")),
        "</p>\n");
  }
  return out;
}

std::string TypesHtml(const ReportModel& model) {
  HtmlTable table("overlap-types",
                  {"Yours / partner's", "Mine", "Theirs", "Action"}, "lnnl");
  BarChartSpec bars;
  bars.id = "overlap-types-chart";
  bars.title = "The four types of overlap (your records)";
  for (const report_internal::TypeSummary& t : model.types) {
    table.AddRow({t.info->label, Count(model, t.mine), Count(model, t.theirs),
                  t.info->action});
    bars.labels.push_back(t.info->label);
    bars.values.push_back(static_cast<double>(t.mine));
  }
  std::string out = table.Render() + RenderBarChart(bars);
  if (model.any_type_sums_cells) {
    absl::StrAppend(&out, "<p class=\"note\">",
                    HtmlEscape(report_internal::kSumCaveat), "</p>\n");
  }
  return out;
}

std::string TrendHtml(const std::vector<v1::OverlapReport>& history,
                      absl::string_view me) {
  if (history.empty()) {
    return "<p class=\"muted\">No history from the broker yet.</p>\n";
  }
  HtmlTable table("trend",
                  {"Period", "Your records", "Overlapping", "Your rate",
                   "Partner records", "Partner overlapping", "Partner rate"},
                  "lnnnnnn");
  for (const v1::OverlapReport& report : history) {
    const ReportModel m = BuildReportModel(report, me);
    table.AddRow({m.period, FormatCount(m.mine.total.records),
                  Count(m, m.mine.total.overlapping),
                  FormatPercent(m.mine.total.rate),
                  FormatCount(m.theirs.total.records),
                  Count(m, m.theirs.total.overlapping),
                  FormatPercent(m.theirs.total.rate)});
  }
  return RenderLineChart(OverlapTrendChart(history, me, "overlap-trend")) +
         table.Render();
}

}  // namespace

HeatmapSpec CoverageHeatmap(const v1::OverlapReport& report,
                            absl::string_view me) {
  const ReportModel model = BuildReportModel(report, me);
  HeatmapSpec spec;
  spec.id = "coverage-matrix";
  spec.caption = absl::StrCat("Cells are mine / theirs: ",
                              report_internal::kMineTheirsExplanation);
  spec.corner = absl::StrCat(model.me, " \\ ", model.partner);
  for (const auto& p : model.mine.populations) {
    spec.row_labels.push_back(
        absl::StrCat(p.name, " (", FormatCount(p.records), ")"));
  }
  for (const auto& p : model.theirs.populations) {
    spec.column_labels.push_back(
        absl::StrCat(p.name, " (", FormatCount(p.records), ")"));
  }
  spec.values.assign(spec.row_labels.size(), std::vector<std::optional<double>>(
                                                 spec.column_labels.size()));
  spec.labels.assign(spec.row_labels.size(),
                     std::vector<std::string>(spec.column_labels.size()));
  for (const report_internal::MatrixCell& cell : model.cells) {
    spec.values[cell.row][cell.column] = static_cast<double>(cell.mine);
    spec.labels[cell.row][cell.column] =
        absl::StrCat(Count(model, cell.mine), " / ", Count(model, cell.theirs));
  }
  spec.legend = "Darker: more of your records in the cell.";
  if (model.noisy) {
    spec.legend += " " + report_internal::NoiseFootnote(model);
  }
  return spec;
}

LineChartSpec OverlapTrendChart(const std::vector<v1::OverlapReport>& history,
                                absl::string_view me, absl::string_view id) {
  LineChartSpec chart;
  chart.id = std::string(id);
  chart.title = "Overlap rate by period";
  chart.percent = true;
  ChartSeries mine{"Your overlap rate", {}};
  ChartSeries theirs{"Partner's overlap rate", {}};
  for (const v1::OverlapReport& report : history) {
    const ReportModel m = BuildReportModel(report, me);
    chart.x_labels.push_back(m.period);
    mine.values.push_back(m.mine.total.rate);
    theirs.values.push_back(m.theirs.total.rate);
  }
  chart.series = {mine, theirs};
  return chart;
}

std::string RenderOverlapReportHtml(
    const v1::OverlapReport& report,
    const std::vector<v1::OverlapReport>& history, absl::string_view me) {
  const ReportModel model = BuildReportModel(report, me);
  HtmlPage page(
      absl::StrCat("Account Mapping: ", model.me, " \xC3\x97 ", model.partner));
  page.AddHeading(1, absl::StrCat("Account Mapping: ", model.me, " \xC3\x97 ",
                                  model.partner));
  std::vector<std::pair<std::string, std::string>> facts;
  if (!model.partnership_id.empty()) {
    facts.emplace_back(
        "Partnership",
        absl::StrCat(model.partnership_id, " (", model.partnership_state, ", ",
                     model.cadence, " sync)"));
  }
  facts.emplace_back("Period", model.period.empty() ? "unknown" : model.period);
  for (auto& field : report_internal::PeriodStatusFields(model)) {
    facts.push_back(std::move(field));
  }
  facts.emplace_back(
      "Your snapshot",
      absl::StrCat(
          FormatCount(model.mine.total.records), " records, uploaded ",
          report_internal::FormatUtcForPeople(model.mine.uploaded_at_unix)));
  facts.emplace_back(
      "Partner snapshot",
      absl::StrCat(
          FormatCount(model.theirs.total.records), " records, uploaded ",
          report_internal::FormatUtcForPeople(model.theirs.uploaded_at_unix)));
  facts.emplace_back("Match policy", model.match_policy_text);
  facts.emplace_back(
      "Overall overlap",
      absl::StrCat(model.me, ": ", Count(model, model.mine.total.overlapping),
                   " of ", FormatCount(model.mine.total.records), " (",
                   FormatPercent(model.mine.total.rate), ", ",
                   model.mine.total.score, "); ", model.partner, ": ",
                   Count(model, model.theirs.total.overlapping), " of ",
                   FormatCount(model.theirs.total.records), " (",
                   FormatPercent(model.theirs.total.rate), ", ",
                   model.theirs.total.score, ")"));
  page.AddFacts(facts);

  std::string safeguards;
  if (model.probe_policy.has_value()) {
    HtmlTable policy("probe-policy", {"Safeguard", "Setting"});
    for (const PolicyItem& item : ProbePolicyItems(*model.probe_policy)) {
      policy.AddRow({item.label, item.value});
    }
    safeguards = policy.Render();
  } else {
    safeguards =
        "<p class=\"muted\">The broker did not report the partnership's probe "
        "policy.</p>\n";
  }
  page.AddSection("safeguards", "Privacy Safeguards", safeguards);
  std::string matrix = RenderHeatmap(CoverageHeatmap(report, me));
  if (model.noisy) {
    absl::StrAppend(&matrix, "<p class=\"note\">",
                    HtmlEscape(report_internal::NoiseFootnote(model)),
                    "</p>\n");
  }
  page.AddSection("coverage", "Partner Coverage Matrix", matrix);
  page.AddSection(
      "analysis", "Overlap Analysis",
      absl::StrCat(
          "<h3>Your populations</h3>\n",
          PopulationTable(model, model.mine, model.my_suppressed,
                          "my-populations", "Your accounts only"),
          "<h3>Partner populations</h3>\n",
          PopulationTable(model, model.theirs, model.partner_suppressed,
                          "partner-populations", "Partner accounts only"),
          "<p class=\"note\">", HtmlEscape(report_internal::kBenchmarkLine),
          "</p>\n"));
  page.AddSection("types", "The Four Types of Overlap", TypesHtml(model));
  page.AddSection("history", "Overlap Trend", TrendHtml(history, me));
  std::string notes;
  for (const std::string& note : model.notes) {
    absl::StrAppend(&notes, "<li>", HtmlEscape(note), "</li>\n");
  }
  page.AddSection("notes", "Notes",
                  notes.empty() ? "<p class=\"muted\">none</p>\n"
                                : absl::StrCat("<ul id=\"notes-list\">\n",
                                               notes, "</ul>\n"));
  return page.Render();
}

}  // namespace blindmap
