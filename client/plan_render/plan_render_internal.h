// Internal to blindmap::plan_render: wording shared by the renderers, and
// the renderers themselves. Include client/plan_render/plan_render.h.
#ifndef BLINDMAP_CLIENT_PLAN_RENDER_PLAN_RENDER_INTERNAL_H_
#define BLINDMAP_CLIENT_PLAN_RENDER_PLAN_RENDER_INTERNAL_H_

#include <optional>
#include <string>

#include "client/plan/plan_model.h"

namespace blindmap {
namespace plan_render_internal {

inline constexpr char kSchema[] = "blindmap.plan.v1";

// "Customer", "Prospect", "Other".
const char* StatusTitle(MyStatus status);
// The partner's status with its relationship strength: "Customer
// (Champion)", "Prospect".
std::string PartnerRelationship(const PlanAccount& account);
// My account's display name: its name, else its id.
const std::string& AccountName(const PlanAccount& account);
// "120,000", or "unknown".
std::string AmountOrUnknown(const std::optional<double>& amount);
// "3 Champion", "unknown", "off".
std::string FactorCell(const FactorScore& factor);
// "27 of 33", with " (2 unknown)" when factors are unknown.
std::string ScoreText(const PlanAccount& account);
// The overlap type's label, "-" for none.
std::string TypeLabel(const std::optional<OverlapType>& type);
// The type's stable id, "" for none.
std::string TypeId(const std::optional<OverlapType>& type);
// "2026-12-04", with " (overdue)" when passed without a touch.
std::string DeadlineText(const Activation& activation);
// "55 more overlapping accounts are counted but not shared by both sides."
// ("" when the counts are unknown or there are none).
std::string NotSharedLine(const CoSellPlan& plan);
// "Prospect / Customer 4, Customer / Prospect 3, ..." of the shared ones.
std::string SharedByTypeLine(const CoSellPlan& plan);
// "partner relationship 3, ICP fit 3, ... (max score 33)".
std::string WeightsLine(const CoSellPlan& plan);
// "Tier 1: Top 10 ...".
std::string TiersLine(const CoSellPlan& plan);
// The engagement entry's activity label, or "".
std::string ActivityText(const EngagementEntry& entry);

std::string RenderText(const CoSellPlan& plan);
std::string RenderMarkdown(const CoSellPlan& plan);
std::string RenderJson(const CoSellPlan& plan);
std::string RenderCsv(const CoSellPlan& plan);
std::string RenderCrmCsv(const CoSellPlan& plan, bool salesforce);
std::string RenderHtml(const CoSellPlan& plan);

}  // namespace plan_render_internal
}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PLAN_RENDER_PLAN_RENDER_INTERNAL_H_
