// The co-sell plan on a terminal: aligned tables, every CRM- or
// partner-supplied string through TerminalSafe().
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/console/terminal_text.h"
#include "client/plan_render/plan_render_internal.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace plan_render_internal {
namespace {

using report_internal::Align;
using report_internal::CleanName;
using report_internal::Heading;
using report_internal::PadRight;
using report_internal::TextTable;

// Text from a CSV, a partner or the config, safe and cut to `width` code
// points.
std::string Safe(const std::string& text, size_t width = 32) {
  return CleanName(TerminalSafe(text), width);
}

std::string Header(const CoSellPlan& plan) {
  std::string out = Heading(absl::StrCat("Co-Sell Plan: ", Safe(plan.me),
                                         " \xC3\x97 ", Safe(plan.partner)),
                            '=');
  std::vector<std::pair<std::string, std::string>> facts = {
      {"Period", absl::StrCat(Safe(plan.period), " (", plan.cadence,
                              " refresh), planned ", FormatDay(plan.today))},
      {"Shared accounts",
       absl::StrCat(plan.shared, " mutually shared",
                    plan.counts_known
                        ? absl::StrCat(" of ", plan.my_overlapping,
                                       " overlapping records of yours")
                        : "")},
      {"Overlap types", SharedByTypeLine(plan)},
      {"Weights", WeightsLine(plan)},
      {"Tiers", TiersLine(plan)},
  };
  size_t width = 0;
  for (const auto& f : facts) width = std::max(width, f.first.size());
  out += "\n";
  for (const auto& [label, value] : facts) {
    absl::StrAppend(&out, "  ", PadRight(label, width), "  ", value, "\n");
  }
  const std::string not_shared = NotSharedLine(plan);
  if (!not_shared.empty()) {
    absl::StrAppend(&out, "\n", not_shared, " To list them:\n");
    for (const std::string& change : plan.sharing_changes) {
      absl::StrAppend(&out, "  - ", Safe(change, 200), "\n");
    }
  }
  return out;
}

std::string Tier1(const CoSellPlan& plan) {
  std::string out = Heading("Tier 1: High-Priority Joint Targets", '-');
  TextTable table({"#", "Account", "Industry", "Size", "You", "Partner",
                   "Joint opp.", "Owner", "Partner's owner", "Status", "Score"},
                  {Align::kRight, Align::kLeft, Align::kLeft, Align::kRight,
                   Align::kLeft, Align::kLeft, Align::kRight, Align::kLeft,
                   Align::kLeft, Align::kLeft, Align::kLeft});
  TextTable factors({"#", "Account", "Partner rel.", "ICP fit", "Timing",
                     "Deal size", "Competition"},
                    {Align::kRight, Align::kLeft, Align::kLeft, Align::kLeft,
                     Align::kLeft, Align::kLeft, Align::kLeft});
  TextTable activation(
      {"#", "Account", "Who initiates", "The ask", "First touch by"},
      {Align::kRight, Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft});
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier != 1) continue;
    const std::string rank = absl::StrCat(a.rank);
    table.AddRow({rank, Safe(AccountName(a)), Safe(a.industry, 24),
                  a.size.empty() ? "-" : a.size, StatusTitle(a.my_status),
                  Safe(PartnerRelationship(a)), AmountOrUnknown(a.amount),
                  Safe(a.my_owner, 24), Safe(a.partner_owner, 24),
                  PlanStatusName(a.status), ScoreText(a)});
    std::vector<std::string> row = {rank, Safe(AccountName(a))};
    for (const FactorScore& f : a.priority.factors) {
      row.push_back(FactorCell(f));
    }
    factors.AddRow(std::move(row));
    activation.AddRow({rank, Safe(AccountName(a)),
                       Safe(a.activation.initiator, 70),
                       Safe(a.activation.ask, 60), DeadlineText(a.activation)});
  }
  if (plan.CountInTier(1) == 0) {
    return out + "(no mutually shared account to plan yet)\n";
  }
  absl::StrAppend(&out, table.Render(), "\nPriority factors (score, 1-3)\n",
                  factors.Render(), "\n",
                  Heading("Activation Plan (Tier 1)", '-'),
                  activation.Render());
  return out;
}

std::string Tier2(const CoSellPlan& plan) {
  std::string out = Heading("Tier 2: Secondary Targets", '-');
  if (plan.CountInTier(2) == 0) return out + "(none)\n";
  TextTable table(
      {"#", "Account", "Industry", "Size", "You", "Partner", "Joint opp.",
       "Next step", "Score"},
      {Align::kRight, Align::kLeft, Align::kLeft, Align::kRight, Align::kLeft,
       Align::kLeft, Align::kRight, Align::kLeft, Align::kLeft});
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier != 2) continue;
    table.AddRow({absl::StrCat(a.rank), Safe(AccountName(a)),
                  Safe(a.industry, 24), a.size.empty() ? "-" : a.size,
                  StatusTitle(a.my_status), Safe(PartnerRelationship(a)),
                  AmountOrUnknown(a.amount), Safe(a.next_step, 60),
                  ScoreText(a)});
  }
  return out + table.Render();
}

std::string Tier3(const CoSellPlan& plan) {
  std::string out = Heading("Tier 3: Long-Term Targets", '-');
  if (plan.CountInTier(3) == 0) return out + "(none)\n";
  TextTable table(
      {"#", "Account", "Industry", "Why target", "Timeline", "Score"},
      {Align::kRight, Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft,
       Align::kLeft});
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier != 3) continue;
    table.AddRow({absl::StrCat(a.rank), Safe(AccountName(a)),
                  Safe(a.industry, 24), Safe(a.why, 80), a.timeline,
                  ScoreText(a)});
  }
  return out + table.Render();
}

std::string Closed(const CoSellPlan& plan) {
  TextTable table({"Account", "Status", "From", "Joint opp."},
                  {Align::kLeft, Align::kLeft, Align::kLeft, Align::kRight});
  size_t rows = 0;
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier != 0) continue;
    ++rows;
    table.AddRow({Safe(AccountName(a)), PlanStatusName(a.status),
                  Safe(a.status_source, 48), AmountOrUnknown(a.amount)});
  }
  if (rows == 0) return "";
  return absl::StrCat("\n", Heading("Won, Lost and Parked", '-'),
                      table.Render());
}

std::string Changes(const CoSellPlan& plan) {
  if (!plan.changes.has_value()) {
    return absl::StrCat(Heading("What Changed Since Last Period", '-'),
                        "(the first plan with this partner: nothing to "
                        "compare yet)\n");
  }
  const PeriodChanges& c = *plan.changes;
  std::string out = Heading(
      absl::StrCat("What Changed Since Last Period (", Safe(c.previous_period),
                   " -> ", Safe(c.period), ")"),
      '-');
  if (c.empty()) return out + "(nothing changed)\n";
  TextTable table({"Change", "Overlap type", "Account", "Detail"},
                  {Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft});
  for (size_t slot = 0; slot < kTypeSlots; ++slot) {
    for (const AccountRef& a : c.new_by_type[slot]) {
      table.AddRow({"new overlap", TypeSlotLabel(slot), Safe(a.name), ""});
    }
  }
  for (size_t slot = 0; slot < kTypeSlots; ++slot) {
    for (const AccountRef& a : c.lost_by_type[slot]) {
      table.AddRow({"lost overlap", TypeSlotLabel(slot), Safe(a.name),
                    Safe(a.reason, 90)});
    }
  }
  for (const Conversion& a : c.conversions) {
    table.AddRow(
        {"conversion", "prospect -> customer", Safe(a.name),
         absl::StrCat(a.amount.has_value()
                          ? absl::StrCat("amount ", FormatAmount(*a.amount))
                          : "amount unknown",
                      a.still_shared ? "" : "; no longer shared")});
  }
  for (const StatusMove& m : c.status_moves) {
    table.AddRow(
        {"status", "", Safe(m.name),
         absl::StrCat(PlanStatusName(m.from), " -> ", PlanStatusName(m.to))});
  }
  for (const TypeMove& m : c.type_moves) {
    table.AddRow({"type", "", Safe(m.name),
                  absl::StrCat(TypeLabel(m.from), " -> ", TypeLabel(m.to))});
  }
  absl::StrAppend(&out, c.new_count(), " new and ", c.lost_count(),
                  " lost overlaps, ", c.conversions.size(), " conversions, ",
                  c.status_moves.size(), " status moves\n", table.Render());
  return out;
}

std::string Roi(const CoSellPlan& plan) {
  std::string out = Heading("Measuring Account Mapping ROI", '-');
  TextTable table(
      {"Metric", "Value", "Benchmark", "Assessment", "Last period", "Detail"},
      {Align::kLeft, Align::kRight, Align::kLeft, Align::kLeft, Align::kRight,
       Align::kLeft});
  for (const RoiMetric& m : plan.roi.metrics) {
    std::string previous = "-";
    if (m.previous.has_value()) {
      previous = m.id == "revenue" ? FormatAmount(*m.previous)
                 : m.id == "time_to_first_touch"
                     ? absl::StrCat(*m.previous, " days")
                     : report_internal::FormatPercent(*m.previous);
    }
    table.AddRow(
        {m.label, m.value, m.benchmark, m.assessment, previous, m.detail});
  }
  out += table.Render();
  if (!plan.roi.by_quarter.empty()) {
    std::vector<std::string> quarters;
    for (const QuarterRevenue& q : plan.roi.by_quarter) {
      quarters.push_back(absl::StrCat(q.quarter, ": ", FormatAmount(q.amount),
                                      " (", q.deals, " deals)"));
    }
    absl::StrAppend(&out, "Revenue by quarter: ", absl::StrJoin(quarters, "; "),
                    "\n");
  }
  absl::StrAppend(&out, "\n", Heading("Pipeline Summary", '-'));
  TextTable pipeline({"Metric", "Value", "Note"},
                     {Align::kLeft, Align::kRight, Align::kLeft});
  for (const PipelineMetric& m : plan.roi.pipeline) {
    pipeline.AddRow({m.label, m.value, m.note});
  }
  return out + pipeline.Render();
}

std::string Engagement(const CoSellPlan& plan) {
  std::string out = Heading("Engagement Log", '-');
  if (plan.engagement.empty()) {
    return out + absl::StrCat(
                     "(nothing recorded: blindmap plan update "
                     "ACCOUNT --partner ",
                     Safe(plan.partner), " --status contacted ...)\n");
  }
  TextTable table({"Date", "Account", "Activity", "Participants", "Outcome",
                   "Next steps", "Status", "Note"},
                  {Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft,
                   Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft});
  for (const EngagementEntry& e : plan.engagement) {
    table.AddRow({FormatDay(e.date), Safe(e.account_name), ActivityText(e),
                  Safe(e.participants, 40), Safe(e.outcome, 40),
                  Safe(e.next_step, 40), PlanStatusName(e.status),
                  Safe(e.note, 40)});
  }
  return out + table.Render();
}

std::string Trend(const CoSellPlan& plan) {
  if (plan.trend.empty()) return "";
  std::string out = Heading("Overlap Trend", '-');
  TextTable table({"Period", "Your records", "Overlapping", "Overlap rate"},
                  {Align::kLeft, Align::kRight, Align::kRight, Align::kRight});
  for (const TrendPoint& p : plan.trend) {
    table.AddRow({Safe(p.period), report_internal::FormatCount(p.my_records),
                  report_internal::FormatCount(p.my_overlapping),
                  report_internal::FormatPercent(p.rate)});
  }
  return absl::StrCat("\n", out, table.Render());
}

std::string Notes(const CoSellPlan& plan) {
  std::string out = Heading("Notes", '-');
  if (plan.notes.empty()) return out + "(none)\n";
  for (const std::string& note : plan.notes) {
    absl::StrAppend(&out, "- ", Safe(note, 400), "\n");
  }
  return out;
}

}  // namespace

std::string RenderText(const CoSellPlan& plan) {
  return absl::StrCat(Header(plan), "\n", Tier1(plan), "\n", Tier2(plan), "\n",
                      Tier3(plan), Closed(plan), "\n", Changes(plan), "\n",
                      Roi(plan), "\n", Engagement(plan), Trend(plan), "\n",
                      Notes(plan));
}

}  // namespace plan_render_internal
}  // namespace blindmap
