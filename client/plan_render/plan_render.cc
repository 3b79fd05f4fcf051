#include "client/plan_render/plan_render.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/plan_render/plan_render_internal.h"

namespace blindmap {
namespace plan_render_internal {

const char* StatusTitle(MyStatus status) {
  switch (status) {
    case MyStatus::kCustomer:
      return "Customer";
    case MyStatus::kProspect:
      return "Prospect";
    case MyStatus::kOther:
      return "Other";
  }
  return "Other";
}

std::string PartnerRelationship(const PlanAccount& account) {
  std::string out = StatusTitle(account.partner_status);
  if (account.partner_relationship.has_value()) {
    absl::StrAppend(&out, " (",
                    RelationshipStrengthLabel(*account.partner_relationship),
                    ")");
  }
  return out;
}

const std::string& AccountName(const PlanAccount& account) {
  return account.my_account_name.empty() ? account.my_account_id
                                         : account.my_account_name;
}

std::string AmountOrUnknown(const std::optional<double>& amount) {
  return amount.has_value() ? FormatAmount(*amount) : "unknown";
}

std::string FactorCell(const FactorScore& factor) {
  if (!factor.score.has_value()) return factor.label;
  return absl::StrCat(*factor.score, " ", factor.label);
}

std::string ScoreText(const PlanAccount& account) {
  std::string out =
      absl::StrCat(account.priority.score, " of ", account.priority.max);
  if (account.priority.unknown > 0) {
    absl::StrAppend(&out, " (", account.priority.unknown, " unknown)");
  }
  return out;
}

std::string TypeLabel(const std::optional<OverlapType>& type) {
  return type.has_value() ? InfoFor(*type).label : "-";
}

std::string TypeId(const std::optional<OverlapType>& type) {
  return type.has_value() ? InfoFor(*type).id : "";
}

std::string DeadlineText(const Activation& activation) {
  return absl::StrCat(FormatDay(activation.deadline),
                      activation.overdue ? " (overdue)" : "");
}

std::string NotSharedLine(const CoSellPlan& plan) {
  if (!plan.counts_known || plan.not_shared == 0) return "";
  return absl::StrCat(plan.not_shared,
                      plan.not_shared == 1 ? " more overlapping account is"
                                           : " more overlapping accounts are",
                      " counted but not shared by both sides.");
}

std::string SharedByTypeLine(const CoSellPlan& plan) {
  std::vector<std::string> parts;
  for (size_t slot = 0; slot < kTypeSlots; ++slot) {
    if (slot == kTypeSlots - 1 && plan.shared_by_type[slot] == 0) continue;
    parts.push_back(
        absl::StrCat(TypeSlotLabel(slot), " ", plan.shared_by_type[slot]));
  }
  return absl::StrJoin(parts, ", ");
}

std::string WeightsLine(const CoSellPlan& plan) {
  std::vector<std::string> parts;
  for (Factor factor : kFactors) {
    parts.push_back(absl::StrCat(absl::AsciiStrToLower(FactorLabel(factor)),
                                 " ", WeightOf(plan.weights, factor)));
  }
  return absl::StrCat(absl::StrJoin(parts, ", "), " (max score ",
                      plan.max_score, ")");
}

std::string TiersLine(const CoSellPlan& plan) {
  return absl::StrCat(
      "Tier 1: the top ", plan.tier1_size, " (", plan.CountInTier(1),
      "); Tier 2: the next ", plan.tier2_size, " (", plan.CountInTier(2),
      "); Tier 3: the rest (", plan.CountInTier(3), "); first touch within ",
      plan.first_touch_days, " days of mapping");
}

std::string ActivityText(const EngagementEntry& entry) {
  return entry.activity.has_value() ? ActivityLabel(*entry.activity) : "";
}

}  // namespace plan_render_internal

absl::StatusOr<PlanFormat> ParsePlanFormat(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "text") return PlanFormat::kText;
  if (lower == "markdown" || lower == "md") return PlanFormat::kMarkdown;
  if (lower == "json") return PlanFormat::kJson;
  if (lower == "csv") return PlanFormat::kCsv;
  if (lower == "salesforce-csv") return PlanFormat::kSalesforceCsv;
  if (lower == "hubspot-csv") return PlanFormat::kHubspotCsv;
  if (lower == "html") return PlanFormat::kHtml;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown format \"", name,
      "\"; use text, markdown, json, csv, salesforce-csv, hubspot-csv or "
      "html"));
}

std::string RenderPlan(const CoSellPlan& plan, PlanFormat format) {
  using namespace plan_render_internal;
  switch (format) {
    case PlanFormat::kText:
      return RenderText(plan);
    case PlanFormat::kMarkdown:
      return RenderMarkdown(plan);
    case PlanFormat::kJson:
      return RenderJson(plan);
    case PlanFormat::kCsv:
      return RenderCsv(plan);
    case PlanFormat::kSalesforceCsv:
      return RenderCrmCsv(plan, /*salesforce=*/true);
    case PlanFormat::kHubspotCsv:
      return RenderCrmCsv(plan, /*salesforce=*/false);
    case PlanFormat::kHtml:
      return RenderHtml(plan);
  }
  return RenderText(plan);
}

}  // namespace blindmap
