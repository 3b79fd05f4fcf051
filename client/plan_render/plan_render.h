// Rendering the co-sell plan (client/plan/plan_model.h), one renderer per
// format fed by the one view model, so every format shows the same
// numbers:
//  - text: the terminal plan; every string that came from the partner, a
//    CSV or the config goes through TerminalSafe().
//  - markdown: paste-ready into a joint business plan, laid out like the
//    ICP Alignment Tracker template: "## 3. Strategic Account Mapping"
//    with "### Tier 1: High-Priority Joint Targets" (Account Name,
//    Industry, Size, Your Relationship, Partner Relationship, Joint
//    Opportunity, Owner, Partner's Owner, Status, Score), Tier 2 (... Next
//    Step), Tier 3 (Why Target, Timeline, Notes), "## 4. Opportunity
//    Tracking" (Pipeline Summary), "## 5. Account Engagement Tracking"
//    (Engagement Log), "## 6. Success Metrics" (the ROI table), "## 7.
//    Action Plan" (the Tier 1 activation: Action, Owner, Due Date, Status)
//    and "## What Changed Since Last Period".
//  - json: {"schema": "blindmap.plan.v1", ...} with every account, its
//    factors (score or null, label, basis), the tiers, activation, changes,
//    ROI and pipeline, engagement, trend, notes. Exact strings.
//  - csv: RFC 4180 (CRLF), long form with a `section` column: account
//    rows, then roi, pipeline, revenue and change rows.
//  - salesforce-csv / hubspot-csv: one row per planned account keyed by my
//    CRM record id ("Id" for Data Loader, "Record ID" for HubSpot), with
//    the partner, overlap type, tier, priority score, status, next step
//    and first-touch deadline, for an update import. Header names are the
//    custom fields to create (see README).
//  - html: one self-contained page (client/html/): the coverage matrix as
//    a heatmap, the four overlap types, the overlap trend chart, the
//    tiers, activation, changes, ROI and pipeline tables; everything
//    escaped, nothing fetched.
#ifndef BLINDMAP_CLIENT_PLAN_RENDER_PLAN_RENDER_H_
#define BLINDMAP_CLIENT_PLAN_RENDER_PLAN_RENDER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/plan/plan_model.h"

namespace blindmap {

enum class PlanFormat {
  kText,
  kMarkdown,
  kJson,
  kCsv,
  kSalesforceCsv,
  kHubspotCsv,
  kHtml,
};

// "text", "markdown" (or "md"), "json", "csv", "salesforce-csv",
// "hubspot-csv", "html"; INVALID_ARGUMENT naming them otherwise.
absl::StatusOr<PlanFormat> ParsePlanFormat(absl::string_view name);

// Pure; never fails.
std::string RenderPlan(const CoSellPlan& plan, PlanFormat format);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PLAN_RENDER_PLAN_RENDER_H_
