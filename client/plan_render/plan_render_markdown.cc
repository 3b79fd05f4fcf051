// The co-sell plan in Markdown, laid out like the ICP Alignment Tracker
// template (section numbers and table headers as the template has them),
// ready to paste into a joint business plan.
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

using report_internal::MarkdownAlignRow;
using report_internal::MarkdownEscape;
using report_internal::MarkdownRow;

// Text from a CSV, the partner or the config: shown escaped on a terminal
// (the Markdown goes to standard output by default), then Markdown-escaped.
std::string Md(const std::string& text) {
  return MarkdownEscape(TerminalSafe(text));
}

std::string Header(const CoSellPlan& plan) {
  std::string out = absl::StrCat("# Co-Sell Plan: ", Md(plan.me), " \xC3\x97 ",
                                 Md(plan.partner), "\n\n");
  absl::StrAppend(&out, MarkdownRow({"Attribute", "Value"}),
                  MarkdownAlignRow("ll"));
  absl::StrAppend(
      &out,
      MarkdownRow({"**Period**", absl::StrCat(Md(plan.period), " (",
                                              plan.cadence, " refresh)")}),
      MarkdownRow({"**Planned on**", FormatDay(plan.today)}),
      MarkdownRow({"**Mutually shared accounts**", absl::StrCat(plan.shared)}),
      MarkdownRow({"**Overlap types**", Md(SharedByTypeLine(plan))}),
      MarkdownRow({"**Weights**", Md(WeightsLine(plan))}),
      MarkdownRow({"**Tiers**", Md(TiersLine(plan))}));
  if (plan.counts_known) {
    absl::StrAppend(&out, MarkdownRow({"**Overlapping records (yours)**",
                                       absl::StrCat(plan.my_overlapping, " of ",
                                                    plan.my_records)}));
  }
  const std::string not_shared = NotSharedLine(plan);
  if (!not_shared.empty()) {
    absl::StrAppend(&out, "\n", Md(not_shared), " To list them:\n\n");
    for (const std::string& change : plan.sharing_changes) {
      absl::StrAppend(&out, "- ", Md(change), "\n");
    }
  }
  return out;
}

std::string Tiers(const CoSellPlan& plan) {
  std::string out = "\n## 3. Strategic Account Mapping\n\n";
  absl::StrAppend(
      &out, "### Tier 1: High-Priority Joint Targets\n\n",
      MarkdownRow({"Account Name", "Industry", "Size", "Your Relationship",
                   "Partner Relationship", "Joint Opportunity", "Owner",
                   "Partner's Owner", "Status", "Score"}),
      MarkdownAlignRow("llrllrlllr"));
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier != 1) continue;
    absl::StrAppend(
        &out, MarkdownRow({Md(AccountName(a)), Md(a.industry), Md(a.size),
                           StatusTitle(a.my_status), Md(PartnerRelationship(a)),
                           AmountOrUnknown(a.amount), Md(a.my_owner),
                           Md(a.partner_owner), PlanStatusName(a.status),
                           Md(ScoreText(a))}));
  }
  absl::StrAppend(&out, "\n#### Priority factors (Tier 1)\n\n",
                  MarkdownRow({"Account Name", "Partner Relationship Strength",
                               "ICP Fit", "Timing / Urgency",
                               "Deal Size Potential", "Competitive Situation"}),
                  MarkdownAlignRow("llllll"));
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier != 1) continue;
    std::vector<std::string> row = {Md(AccountName(a))};
    for (const FactorScore& f : a.priority.factors) {
      row.push_back(Md(FactorCell(f)));
    }
    out += MarkdownRow(row);
  }
  absl::StrAppend(
      &out, "\n### Tier 2: Secondary Targets\n\n",
      MarkdownRow({"Account Name", "Industry", "Size", "Your Relationship",
                   "Partner Relationship", "Joint Opportunity", "Next Step"}),
      MarkdownAlignRow("llrllrl"));
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier != 2) continue;
    out += MarkdownRow({Md(AccountName(a)), Md(a.industry), Md(a.size),
                        StatusTitle(a.my_status), Md(PartnerRelationship(a)),
                        AmountOrUnknown(a.amount), Md(a.next_step)});
  }
  absl::StrAppend(&out, "\n### Tier 3: Long-Term Targets\n\n",
                  MarkdownRow({"Account Name", "Industry", "Why Target",
                               "Timeline", "Notes"}),
                  MarkdownAlignRow("lllll"));
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier != 3) continue;
    out += MarkdownRow({Md(AccountName(a)), Md(a.industry), Md(a.why),
                        Md(a.timeline), Md(ScoreText(a))});
  }
  bool closed = false;
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier != 0) continue;
    if (!closed) {
      absl::StrAppend(
          &out, "\n### Won, Lost and Parked\n\n",
          MarkdownRow({"Account Name", "Status", "From", "Joint Opportunity"}),
          MarkdownAlignRow("lllr"));
      closed = true;
    }
    out += MarkdownRow({Md(AccountName(a)), PlanStatusName(a.status),
                        Md(a.status_source), AmountOrUnknown(a.amount)});
  }
  return out;
}

std::string Pipeline(const CoSellPlan& plan) {
  std::string out = "\n## 4. Opportunity Tracking\n\n### Pipeline Summary\n\n";
  absl::StrAppend(&out, MarkdownRow({"Metric", "Value"}),
                  MarkdownAlignRow("lr"));
  for (const PipelineMetric& m : plan.roi.pipeline) {
    out += MarkdownRow({m.label, m.value});
  }
  return out;
}

std::string Engagement(const CoSellPlan& plan) {
  std::string out =
      "\n## 5. Account Engagement Tracking\n\n### Engagement Log\n\n";
  absl::StrAppend(&out,
                  MarkdownRow({"Date", "Account", "Activity Type",
                               "Participants", "Outcome", "Next Steps"}),
                  MarkdownAlignRow("llllll"));
  for (const EngagementEntry& e : plan.engagement) {
    std::string outcome = e.outcome;
    if (!e.note.empty()) {
      outcome = outcome.empty() ? e.note : absl::StrCat(outcome, "; ", e.note);
    }
    out += MarkdownRow({FormatDay(e.date), Md(e.account_name), ActivityText(e),
                        Md(e.participants),
                        Md(absl::StrCat(outcome, outcome.empty() ? "" : " ",
                                        "(", PlanStatusName(e.status), ")")),
                        Md(e.next_step)});
  }
  return out;
}

std::string Roi(const CoSellPlan& plan) {
  std::string out =
      "\n## 6. Success Metrics\n\n### Measuring Account "
      "Mapping ROI\n\n";
  absl::StrAppend(&out,
                  MarkdownRow({"Metric", "Target", "Actual", "Status",
                               "What It Tells You"}),
                  MarkdownAlignRow("llrll"));
  for (const RoiMetric& m : plan.roi.metrics) {
    out += MarkdownRow({m.label, Md(m.benchmark),
                        Md(absl::StrCat(m.value, m.detail.empty() ? "" : " (",
                                        m.detail, m.detail.empty() ? "" : ")")),
                        m.assessment, Md(m.meaning)});
  }
  if (!plan.roi.by_quarter.empty()) {
    absl::StrAppend(&out, "\n### Revenue by Quarter\n\n",
                    MarkdownRow({"Quarter", "Revenue", "Deals"}),
                    MarkdownAlignRow("lrr"));
    for (const QuarterRevenue& q : plan.roi.by_quarter) {
      out += MarkdownRow(
          {q.quarter, FormatAmount(q.amount), absl::StrCat(q.deals)});
    }
  }
  return out;
}

std::string Actions(const CoSellPlan& plan) {
  std::string out =
      "\n## 7. Action Plan\n\n### Immediate Actions (Tier 1 activation)\n\n";
  absl::StrAppend(&out, MarkdownRow({"Action", "Owner", "Due Date", "Status"}),
                  MarkdownAlignRow("llll"));
  for (const PlanAccount& a : plan.accounts) {
    if (a.tier != 1) continue;
    out += MarkdownRow(
        {Md(absl::StrCat(AccountName(a), ": ", a.activation.initiator,
                         ". Ask: ", a.activation.ask)),
         Md(a.my_owner), DeadlineText(a.activation),
         IsTouched(a.status) ? absl::StrCat("[x] ", PlanStatusName(a.status))
                             : "[ ]"});
  }
  return out;
}

std::string Changes(const CoSellPlan& plan) {
  std::string out = "\n## What Changed Since Last Period\n\n";
  if (!plan.changes.has_value()) {
    return out + "The first plan with this partner: nothing to compare yet.\n";
  }
  const PeriodChanges& c = *plan.changes;
  absl::StrAppend(&out, "From ", Md(c.previous_period), " to ", Md(c.period),
                  ": ", c.new_count(), " new and ", c.lost_count(),
                  " lost overlaps, ", c.conversions.size(), " conversions, ",
                  c.status_moves.size(), " status moves.\n\n");
  if (c.empty()) return out;
  absl::StrAppend(&out,
                  MarkdownRow({"Change", "Overlap Type", "Account", "Detail"}),
                  MarkdownAlignRow("llll"));
  for (size_t slot = 0; slot < kTypeSlots; ++slot) {
    for (const AccountRef& a : c.new_by_type[slot]) {
      out += MarkdownRow({"New overlap", TypeSlotLabel(slot), Md(a.name), ""});
    }
  }
  for (size_t slot = 0; slot < kTypeSlots; ++slot) {
    for (const AccountRef& a : c.lost_by_type[slot]) {
      out += MarkdownRow(
          {"Lost overlap", TypeSlotLabel(slot), Md(a.name), Md(a.reason)});
    }
  }
  for (const Conversion& a : c.conversions) {
    out += MarkdownRow({"Conversion", "Prospect → Customer", Md(a.name),
                        a.amount.has_value() ? FormatAmount(*a.amount) : ""});
  }
  for (const StatusMove& m : c.status_moves) {
    out += MarkdownRow(
        {"Status", "", Md(m.name),
         absl::StrCat(PlanStatusName(m.from), " → ", PlanStatusName(m.to))});
  }
  for (const TypeMove& m : c.type_moves) {
    out +=
        MarkdownRow({"Type", "", Md(m.name),
                     absl::StrCat(TypeLabel(m.from), " → ", TypeLabel(m.to))});
  }
  return out;
}

std::string Notes(const CoSellPlan& plan) {
  if (plan.notes.empty()) return "";
  std::string out = "\n## Notes\n\n";
  for (const std::string& note : plan.notes) {
    absl::StrAppend(&out, "- ", Md(note), "\n");
  }
  return out;
}

}  // namespace

std::string RenderMarkdown(const CoSellPlan& plan) {
  return absl::StrCat(Header(plan), Tiers(plan), Pipeline(plan),
                      Engagement(plan), Roi(plan), Actions(plan), Changes(plan),
                      Notes(plan));
}

}  // namespace plan_render_internal
}  // namespace blindmap
