// The co-sell plan as one self-contained HTML page (client/html/): the
// coverage heatmap, the four overlap types, the overlap trend, the tiers,
// activation, changes, the ROI table and the pipeline. Every string that
// came from a CSV or the partner is HTML-escaped by the builder.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/html/html_heatmap.h"
#include "client/html/html_page.h"
#include "client/html/html_table.h"
#include "client/html/html_text.h"
#include "client/html/svg_chart.h"
#include "client/plan_render/plan_render_internal.h"
#include "client/report/report_render_html.h"

namespace blindmap {
namespace plan_render_internal {
namespace {

HtmlCell Cell(const std::string& text,
              std::vector<std::pair<std::string, std::string>> data = {}) {
  HtmlCell cell = TextCell(text);
  cell.data = std::move(data);
  return cell;
}

HtmlCell FactorHtml(const FactorScore& factor) {
  HtmlCell cell =
      TextCell(FactorCell(factor), factor.score.has_value() ? "" : "unknown");
  cell.title = factor.basis;
  return cell;
}

std::string Coverage(const CoSellPlan& plan) {
  std::string out;
  const std::string line = NotSharedLine(plan);
  absl::StrAppend(
      &out, "<p id=\"shared-summary\" data-shared=\"", plan.shared,
      "\" data-not-shared=\"", plan.not_shared, "\">",
      HtmlEscape(absl::StrCat(plan.shared, " accounts are shared by both sides",
                              plan.counts_known
                                  ? absl::StrCat(" (of ", plan.my_overlapping,
                                                 " overlapping records of "
                                                 "yours)")
                                  : "",
                              ". ", line)),
      "</p>\n");
  if (!line.empty()) {
    out += "<ul class=\"compact\" id=\"sharing-changes\">\n";
    for (const std::string& change : plan.sharing_changes) {
      absl::StrAppend(&out, "<li>", HtmlEscape(change), "</li>\n");
    }
    out += "</ul>\n";
  }
  if (plan.report.has_value()) {
    out += RenderHeatmap(CoverageHeatmap(*plan.report, plan.me));
  }
  return out;
}

std::string Types(const CoSellPlan& plan) {
  HtmlTable table("shared-types",
                  {"Yours / partner's", "Shared accounts", "Action"}, "lnl");
  BarChartSpec bars;
  bars.id = "shared-types-chart";
  bars.title = "Mutually shared accounts by overlap type";
  for (size_t slot = 0; slot < kTypeSlots; ++slot) {
    if (slot == kTypeSlots - 1 && plan.shared_by_type[slot] == 0) continue;
    const std::string action =
        slot < 4 ? InfoFor(static_cast<OverlapType>(slot)).action
                 : "Review the account together";
    table.AddCells({Cell(TypeSlotLabel(slot)),
                    Cell(absl::StrCat(plan.shared_by_type[slot]),
                         {{"type", TypeSlotId(slot)}}),
                    Cell(action)});
    bars.labels.push_back(TypeSlotLabel(slot));
    bars.values.push_back(plan.shared_by_type[slot]);
  }
  table.AddFooter({"All shared", absl::StrCat(plan.shared), ""});
  return table.Render() + RenderBarChart(bars);
}

std::string Trend(const CoSellPlan& plan) {
  if (plan.trend.empty()) {
    return "<p class=\"muted\">No history from the broker yet.</p>\n";
  }
  LineChartSpec chart;
  chart.id = "overlap-trend";
  chart.title = "Your overlap rate by period";
  chart.percent = true;
  ChartSeries rate{"Your overlap rate", {}};
  HtmlTable table("trend",
                  {"Period", "Your records", "Overlapping", "Overlap rate"},
                  "lnnn");
  for (const TrendPoint& p : plan.trend) {
    chart.x_labels.push_back(p.period);
    rate.values.push_back(p.rate);
    table.AddRow({p.period, FormatAmount(static_cast<double>(p.my_records)),
                  FormatAmount(static_cast<double>(p.my_overlapping)),
                  absl::StrFormat("%.1f%%", p.rate * 100.0)});
  }
  chart.series = {rate};
  return RenderLineChart(chart) + table.Render();
}

std::string Tier1(const CoSellPlan& plan) {
  HtmlTable tier1("tier1",
                  {"#", "Account Name", "Industry", "Size", "Your Relationship",
                   "Partner Relationship", "Joint Opportunity", "Owner",
                   "Partner's Owner", "Status", "Score"},
                  "nllnllnllln");
  std::vector<std::string> factor_headers = {"#", "Account Name"};
  for (Factor factor : kFactors) {
    factor_headers.push_back(absl::StrCat(FactorLabel(factor), " (x",
                                          WeightOf(plan.weights, factor), ")"));
  }
  HtmlTable factors("tier1-factors", factor_headers, "nl");
  HtmlTable activation(
      "activation",
      {"#", "Account Name", "Who initiates", "The ask", "First touch by"},
      "nl");
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier != 1) continue;
    const std::string rank = absl::StrCat(a.rank);
    tier1.AddCells(
        {Cell(rank), Cell(AccountName(a), {{"account-id", a.my_account_id}}),
         Cell(a.industry), Cell(a.size), Cell(StatusTitle(a.my_status)),
         Cell(PartnerRelationship(a)), Cell(AmountOrUnknown(a.amount)),
         Cell(a.my_owner), Cell(a.partner_owner),
         Cell(PlanStatusName(a.status)),
         Cell(ScoreText(a), {{"score", absl::StrCat(a.priority.score)}})});
    std::vector<HtmlCell> row = {Cell(rank), Cell(AccountName(a))};
    for (const FactorScore& f : a.priority.factors) {
      row.push_back(FactorHtml(f));
    }
    factors.AddCells(std::move(row));
    activation.AddCells(
        {Cell(rank), Cell(AccountName(a)), Cell(a.activation.initiator),
         Cell(a.activation.ask),
         Cell(DeadlineText(a.activation),
              {{"deadline", FormatDay(a.activation.deadline)}})},
        a.activation.overdue ? "overdue" : "");
  }
  return absl::StrCat(tier1.Render(), "<h3>Priority factors</h3>\n",
                      "<p class=\"note\">Each factor is scored 1-3 and "
                      "multiplied by its weight; hover a cell for why. "
                      "Unknown factors add nothing.</p>\n",
                      factors.Render(), "<h3>Activation plan</h3>\n",
                      activation.Render());
}

std::string Tier2And3(const CoSellPlan& plan) {
  HtmlTable tier2(
      "tier2",
      {"#", "Account Name", "Industry", "Size", "Your Relationship",
       "Partner Relationship", "Joint Opportunity", "Next Step", "Score"},
      "nllnllnln");
  HtmlTable tier3(
      "tier3",
      {"#", "Account Name", "Industry", "Why Target", "Timeline", "Score"},
      "nllll");
  HtmlTable closed("closed",
                   {"Account Name", "Status", "From", "Joint Opportunity"},
                   "lllln");
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier == 2) {
      tier2.AddRow({absl::StrCat(a.rank), AccountName(a), a.industry, a.size,
                    StatusTitle(a.my_status), PartnerRelationship(a),
                    AmountOrUnknown(a.amount), a.next_step, ScoreText(a)});
    } else if (a.tier == 3) {
      tier3.AddRow({absl::StrCat(a.rank), AccountName(a), a.industry, a.why,
                    a.timeline, ScoreText(a)});
    } else if (a.tier == 0) {
      closed.AddRow({AccountName(a), PlanStatusName(a.status), a.status_source,
                     AmountOrUnknown(a.amount)});
    }
  }
  return absl::StrCat("<h3>Tier 2: Secondary Targets</h3>\n", tier2.Render(),
                      "<h3>Tier 3: Long-Term Targets</h3>\n", tier3.Render(),
                      "<h3>Won, Lost and Parked</h3>\n", closed.Render());
}

std::string Changes(const CoSellPlan& plan) {
  if (!plan.changes.has_value()) {
    return "<p class=\"muted\">The first plan with this partner: nothing to "
           "compare yet.</p>\n";
  }
  const PeriodChanges& c = *plan.changes;
  HtmlTable table("changes", {"Change", "Overlap type", "Account", "Detail"});
  for (size_t slot = 0; slot < kTypeSlots; ++slot) {
    for (const AccountRef& r : c.new_by_type[slot]) {
      table.AddRow({"New overlap", TypeSlotLabel(slot), r.name, ""});
    }
  }
  for (size_t slot = 0; slot < kTypeSlots; ++slot) {
    for (const AccountRef& r : c.lost_by_type[slot]) {
      table.AddRow({"Lost overlap", TypeSlotLabel(slot), r.name, r.reason});
    }
  }
  for (const Conversion& v : c.conversions) {
    table.AddRow({"Conversion", "Prospect \xE2\x86\x92 Customer", v.name,
                  v.amount.has_value() ? FormatAmount(*v.amount) : ""});
  }
  for (const StatusMove& m : c.status_moves) {
    table.AddRow({"Status", "", m.name,
                  absl::StrCat(PlanStatusName(m.from), " \xE2\x86\x92 ",
                               PlanStatusName(m.to))});
  }
  for (const TypeMove& m : c.type_moves) {
    table.AddRow(
        {"Type", "", m.name,
         absl::StrCat(TypeLabel(m.from), " \xE2\x86\x92 ", TypeLabel(m.to))});
  }
  return absl::StrCat(
      "<p>",
      HtmlEscape(absl::StrCat(
          "From ", c.previous_period, " to ", c.period, ": ", c.new_count(),
          " new and ", c.lost_count(), " lost overlaps, ", c.conversions.size(),
          " conversions, ", c.status_moves.size(), " status moves.")),
      "</p>\n", table.Render());
}

std::string Roi(const CoSellPlan& plan) {
  HtmlTable roi("roi",
                {"Metric", "Value", "Benchmark", "Assessment", "Detail",
                 "What it tells you"},
                "lnllll");
  for (const RoiMetric& m : plan.roi.metrics) {
    HtmlCell assessment = TextCell(
        m.assessment, m.assessment == "on track" ? "on-track" : m.assessment);
    roi.AddCells(
        {Cell(m.label),
         Cell(m.value,
              {{"metric", m.id},
               {"value", m.number.has_value() ? SvgNumber(*m.number) : ""}}),
         Cell(m.benchmark), std::move(assessment), Cell(m.detail),
         Cell(m.meaning)});
  }
  HtmlTable pipeline("pipeline", {"Metric", "Value", "Note"}, "lnl");
  for (const PipelineMetric& m : plan.roi.pipeline) {
    pipeline.AddCells(
        {Cell(m.label),
         Cell(m.value,
              {{"metric", m.id},
               {"value", m.number.has_value() ? SvgNumber(*m.number) : ""}}),
         Cell(m.note)});
  }
  std::string out = roi.Render();
  if (!plan.roi.by_quarter.empty()) {
    HtmlTable quarters("revenue", {"Quarter", "Revenue", "Deals"}, "lnn");
    for (const QuarterRevenue& q : plan.roi.by_quarter) {
      quarters.AddRow(
          {q.quarter, FormatAmount(q.amount), absl::StrCat(q.deals)});
    }
    absl::StrAppend(&out, "<h3>Revenue by quarter</h3>\n", quarters.Render());
  }
  absl::StrAppend(&out, "<h3>Pipeline Summary</h3>\n", pipeline.Render());
  return out;
}

std::string Engagement(const CoSellPlan& plan) {
  HtmlTable table("engagement",
                  {"Date", "Account", "Activity Type", "Participants",
                   "Outcome", "Next Steps", "Status", "Note"});
  for (const EngagementEntry& e : plan.engagement) {
    table.AddRow({FormatDay(e.date), e.account_name, ActivityText(e),
                  e.participants, e.outcome, e.next_step,
                  PlanStatusName(e.status), e.note});
  }
  return table.Render();
}

}  // namespace

std::string RenderHtml(const CoSellPlan& plan) {
  const std::string title =
      absl::StrCat("Co-Sell Plan: ", plan.me, " \xC3\x97 ", plan.partner);
  HtmlPage page(title);
  page.AddHeading(1, title);
  page.AddFacts(
      {{"Period", absl::StrCat(plan.period, " (", plan.cadence, " refresh)")},
       {"Planned on", FormatDay(plan.today)},
       {"Weights", WeightsLine(plan)},
       {"Tiers", TiersLine(plan)}});
  page.AddSection("coverage", "Coverage", Coverage(plan));
  page.AddSection("types", "The Four Types of Overlap (shared accounts)",
                  Types(plan));
  page.AddSection("history", "Overlap Trend", Trend(plan));
  page.AddSection("tiers", "Tier 1: High-Priority Joint Targets", Tier1(plan));
  page.AddSection("more-tiers", "Tiers 2 and 3", Tier2And3(plan));
  page.AddSection("what-changed", "What Changed Since Last Period",
                  Changes(plan));
  page.AddSection("roi-section", "Measuring Account Mapping ROI", Roi(plan));
  page.AddSection("engagement-log", "Engagement Log", Engagement(plan));
  if (!plan.notes.empty()) {
    std::string notes = "<ul class=\"compact\" id=\"notes-list\">\n";
    for (const std::string& note : plan.notes) {
      absl::StrAppend(&notes, "<li>", HtmlEscape(note), "</li>\n");
    }
    page.AddSection("notes", "Notes", notes + "</ul>\n");
  }
  return page.Render();
}

}  // namespace plan_render_internal
}  // namespace blindmap
