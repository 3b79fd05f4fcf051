// The co-sell plan for scripts and CRMs: JSON, CSV (long form), and the
// Salesforce Data Loader / HubSpot import CSVs. Strings are exact (CSV
// cells made inert for spreadsheets).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/plan_render/plan_render_internal.h"
#include "common/text/csv_writer.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace plan_render_internal {
namespace {

using nlohmann::json;

json Number(const std::optional<double>& value) {
  return value.has_value() ? json(*value) : json(nullptr);
}

json Day(const std::optional<absl::CivilDay>& day) {
  return day.has_value() ? json(FormatDay(*day)) : json(nullptr);
}

json TypeJson(const std::optional<OverlapType>& type) {
  return type.has_value() ? json(InfoFor(*type).id) : json(nullptr);
}

json Strength(const std::optional<RelationshipStrength>& strength) {
  return strength.has_value() ? json(RelationshipStrengthName(*strength))
                              : json(nullptr);
}

json AccountJson(const PlanAccount& a, const CoSellPlan& plan) {
  json factors = json::object();
  for (size_t i = 0; i < kFactors.size(); ++i) {
    const FactorScore& f = a.priority.factors[i];
    factors[FactorId(kFactors[i])] = {
        {"score", f.score.has_value() ? json(*f.score) : json(nullptr)},
        {"weight", WeightOf(plan.weights, kFactors[i])},
        {"label", f.label},
        {"basis", f.basis}};
  }
  return {{"rank", a.rank},
          {"tier", a.tier},
          {"my_account_id", a.my_account_id},
          {"my_account_name", a.my_account_name},
          {"in_export", a.in_export},
          {"industry", a.industry},
          {"size", a.size},
          {"country", a.country},
          {"my_status", MyStatusName(a.my_status)},
          {"partner_status", MyStatusName(a.partner_status)},
          {"overlap_type", TypeJson(a.type)},
          {"partner_records", a.partner_records},
          {"partner",
           {{"account_name", a.partner_account_name},
            {"owner", a.partner_owner},
            {"relationship", Strength(a.partner_relationship)}}},
          {"my_relationship", Strength(a.my_relationship)},
          {"amount", Number(a.amount)},
          {"stage", a.stage},
          {"close_date", Day(a.close_date)},
          {"my_owner", a.my_owner},
          {"score", a.priority.score},
          {"max_score", a.priority.max},
          {"known_max_score", a.priority.known_max},
          {"unknown_factors", a.priority.unknown},
          {"factors", factors},
          {"status", PlanStatusName(a.status)},
          {"status_source", a.status_source},
          {"mapped_on", FormatDay(a.mapped_on)},
          {"first_touched", Day(a.first_touched)},
          {"activation",
           {{"initiator_id", a.activation.initiator_id},
            {"initiator", a.activation.initiator},
            {"ask", a.activation.ask},
            {"deadline", FormatDay(a.activation.deadline)},
            {"overdue", a.activation.overdue}}},
          {"next_step", a.next_step},
          {"why", a.why},
          {"timeline", a.timeline}};
}

json ChangesJson(const PeriodChanges& c) {
  json added = json::object(), lost = json::object();
  for (size_t slot = 0; slot < kTypeSlots; ++slot) {
    json a = json::array(), l = json::array();
    for (const AccountRef& r : c.new_by_type[slot]) {
      a.push_back({{"account_id", r.account_id}, {"name", r.name}});
    }
    for (const AccountRef& r : c.lost_by_type[slot]) {
      l.push_back({{"account_id", r.account_id},
                   {"name", r.name},
                   {"reason", r.reason}});
    }
    added[TypeSlotId(slot)] = a;
    lost[TypeSlotId(slot)] = l;
  }
  json moves = json::array(), conversions = json::array(),
       types = json::array();
  for (const StatusMove& m : c.status_moves) {
    moves.push_back({{"account_id", m.account_id},
                     {"name", m.name},
                     {"from", PlanStatusName(m.from)},
                     {"to", PlanStatusName(m.to)}});
  }
  for (const Conversion& v : c.conversions) {
    conversions.push_back({{"account_id", v.account_id},
                           {"name", v.name},
                           {"amount", Number(v.amount)},
                           {"still_shared", v.still_shared}});
  }
  for (const TypeMove& m : c.type_moves) {
    types.push_back({{"account_id", m.account_id},
                     {"name", m.name},
                     {"from", TypeJson(m.from)},
                     {"to", TypeJson(m.to)}});
  }
  return {{"previous_period", c.previous_period},
          {"period", c.period},
          {"new_count", c.new_count()},
          {"lost_count", c.lost_count()},
          {"new", added},
          {"lost", lost},
          {"status_moves", moves},
          {"conversions", conversions},
          {"type_moves", types}};
}

// One CSV line (CRLF) of cells already quoted.
std::string Line(const std::vector<std::string>& cells) {
  return absl::StrCat(absl::StrJoin(cells, ","), "\r\n");
}

constexpr const char* kCsvColumns[] = {"section",
                                       "rank",
                                       "tier",
                                       "my_account_id",
                                       "my_account_name",
                                       "industry",
                                       "size",
                                       "country",
                                       "my_status",
                                       "partner_account_name",
                                       "partner_status",
                                       "partner_relationship",
                                       "overlap_type",
                                       "score",
                                       "max_score",
                                       "unknown_factors",
                                       "partner_relationship_score",
                                       "icp_fit_score",
                                       "timing_score",
                                       "deal_size_score",
                                       "competition_score",
                                       "amount",
                                       "my_owner",
                                       "partner_owner",
                                       "status",
                                       "mapped_on",
                                       "first_touch_due",
                                       "initiator",
                                       "ask",
                                       "next_step",
                                       "metric",
                                       "value",
                                       "benchmark",
                                       "assessment",
                                       "detail"};
constexpr size_t kCsvWidth = sizeof(kCsvColumns) / sizeof(kCsvColumns[0]);

// A row with `section` and the given cells (by column name), the rest
// empty.
std::string Row(const std::string& section,
                const std::vector<std::pair<const char*, std::string>>& cells) {
  std::vector<std::string> row(kCsvWidth);
  row[0] = section;
  for (const auto& [name, value] : cells) {
    for (size_t i = 0; i < kCsvWidth; ++i) {
      if (std::string(kCsvColumns[i]) == name) row[i] = CsvCell(value);
    }
  }
  return Line(row);
}

std::string Score(const FactorScore& f) {
  return f.score.has_value() ? absl::StrCat(*f.score) : f.label;
}

std::string Raw(const std::optional<double>& value) {
  return value.has_value() ? absl::StrCat(*value) : "";
}

}  // namespace

std::string RenderJson(const CoSellPlan& plan) {
  json accounts = json::array();
  for (const PlanAccount& a : plan.accounts) {
    accounts.push_back(AccountJson(a, plan));
  }
  json by_type = json::object();
  for (size_t slot = 0; slot < kTypeSlots; ++slot) {
    by_type[TypeSlotId(slot)] = plan.shared_by_type[slot];
  }
  json metrics = json::array();
  for (const RoiMetric& m : plan.roi.metrics) {
    metrics.push_back({{"id", m.id},
                       {"label", m.label},
                       {"meaning", m.meaning},
                       {"value", m.value},
                       {"number", Number(m.number)},
                       {"benchmark", m.benchmark},
                       {"assessment", m.assessment},
                       {"detail", m.detail},
                       {"previous", Number(m.previous)}});
  }
  json pipeline = json::array();
  for (const PipelineMetric& m : plan.roi.pipeline) {
    pipeline.push_back({{"id", m.id},
                        {"label", m.label},
                        {"value", m.value},
                        {"number", Number(m.number)},
                        {"note", m.note}});
  }
  json quarters = json::array();
  for (const QuarterRevenue& q : plan.roi.by_quarter) {
    quarters.push_back(
        {{"quarter", q.quarter}, {"amount", q.amount}, {"deals", q.deals}});
  }
  json engagement = json::array();
  for (const EngagementEntry& e : plan.engagement) {
    engagement.push_back(
        {{"date", FormatDay(e.date)},
         {"account_id", e.account_id},
         {"account_name", e.account_name},
         {"status", PlanStatusName(e.status)},
         {"activity", e.activity.has_value() ? json(ActivityName(*e.activity))
                                             : json(nullptr)},
         {"participants", e.participants},
         {"outcome", e.outcome},
         {"next_step", e.next_step},
         {"note", e.note}});
  }
  json trend = json::array();
  for (const TrendPoint& p : plan.trend) {
    trend.push_back({{"period", p.period},
                     {"my_records", p.my_records},
                     {"my_overlapping", p.my_overlapping},
                     {"overlap_rate", p.rate}});
  }
  json weights = json::object();
  for (Factor factor : kFactors) {
    weights[FactorId(factor)] = WeightOf(plan.weights, factor);
  }
  json out = {{"schema", kSchema},
              {"me", plan.me},
              {"partner", plan.partner},
              {"partnership_id", plan.partnership_id},
              {"period", plan.period},
              {"cadence", plan.cadence},
              {"planned_on", FormatDay(plan.today)},
              {"weights", weights},
              {"max_score", plan.max_score},
              {"tiers",
               {{"tier1_size", plan.tier1_size},
                {"tier2_size", plan.tier2_size},
                {"first_touch_days", plan.first_touch_days},
                {"tier1", plan.CountInTier(1)},
                {"tier2", plan.CountInTier(2)},
                {"tier3", plan.CountInTier(3)},
                {"closed_or_parked", plan.CountInTier(0)}}},
              {"coverage",
               {{"counts_known", plan.counts_known},
                {"my_records", plan.my_records},
                {"my_overlapping", plan.my_overlapping},
                {"shared", plan.shared},
                {"not_shared", plan.not_shared},
                {"not_shared_line", NotSharedLine(plan)},
                {"sharing_changes", plan.sharing_changes}}},
              {"shared_by_type", by_type},
              {"accounts", accounts},
              {"changes", plan.changes.has_value() ? ChangesJson(*plan.changes)
                                                   : json(nullptr)},
              {"roi",
               {{"metrics", metrics},
                {"pipeline", pipeline},
                {"revenue_by_quarter", quarters}}},
              {"engagement", engagement},
              {"trend", trend},
              {"notes", plan.notes}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string RenderCsv(const CoSellPlan& plan) {
  std::vector<std::string> header(std::begin(kCsvColumns),
                                  std::end(kCsvColumns));
  std::string out = Line(header);
  for (const PlanAccount& a : plan.accounts) {
    const auto& f = a.priority.factors;
    out +=
        Row("account", {{"rank", absl::StrCat(a.rank)},
                        {"tier", absl::StrCat(a.tier)},
                        {"my_account_id", a.my_account_id},
                        {"my_account_name", a.my_account_name},
                        {"industry", a.industry},
                        {"size", a.size},
                        {"country", a.country},
                        {"my_status", MyStatusName(a.my_status)},
                        {"partner_account_name", a.partner_account_name},
                        {"partner_status", MyStatusName(a.partner_status)},
                        {"partner_relationship",
                         a.partner_relationship.has_value()
                             ? RelationshipStrengthName(*a.partner_relationship)
                             : ""},
                        {"overlap_type", TypeId(a.type)},
                        {"score", absl::StrCat(a.priority.score)},
                        {"max_score", absl::StrCat(a.priority.max)},
                        {"unknown_factors", absl::StrCat(a.priority.unknown)},
                        {"partner_relationship_score", Score(f[0])},
                        {"icp_fit_score", Score(f[1])},
                        {"timing_score", Score(f[2])},
                        {"deal_size_score", Score(f[3])},
                        {"competition_score", Score(f[4])},
                        {"amount", Raw(a.amount)},
                        {"my_owner", a.my_owner},
                        {"partner_owner", a.partner_owner},
                        {"status", PlanStatusName(a.status)},
                        {"mapped_on", FormatDay(a.mapped_on)},
                        {"first_touch_due", FormatDay(a.activation.deadline)},
                        {"initiator", a.activation.initiator},
                        {"ask", a.activation.ask},
                        {"next_step", a.next_step}});
  }
  for (const RoiMetric& m : plan.roi.metrics) {
    out += Row("roi", {{"metric", m.id},
                       {"value", Raw(m.number)},
                       {"benchmark", m.benchmark},
                       {"assessment", m.assessment},
                       {"detail", m.detail}});
  }
  for (const PipelineMetric& m : plan.roi.pipeline) {
    out +=
        Row("pipeline",
            {{"metric", m.id}, {"value", Raw(m.number)}, {"detail", m.note}});
  }
  for (const QuarterRevenue& q : plan.roi.by_quarter) {
    out += Row("revenue", {{"metric", q.quarter},
                           {"value", absl::StrCat(q.amount)},
                           {"detail", absl::StrCat(q.deals, " deals")}});
  }
  if (plan.counts_known) {
    out += Row("coverage", {{"metric", "not_shared"},
                            {"value", absl::StrCat(plan.not_shared)},
                            {"detail", NotSharedLine(plan)}});
  }
  if (plan.changes.has_value()) {
    const PeriodChanges& c = *plan.changes;
    for (size_t slot = 0; slot < kTypeSlots; ++slot) {
      for (const AccountRef& r : c.new_by_type[slot]) {
        out += Row("change", {{"metric", "new"},
                              {"overlap_type", TypeSlotId(slot)},
                              {"my_account_id", r.account_id},
                              {"my_account_name", r.name}});
      }
      for (const AccountRef& r : c.lost_by_type[slot]) {
        out += Row("change", {{"metric", "lost"},
                              {"overlap_type", TypeSlotId(slot)},
                              {"my_account_id", r.account_id},
                              {"my_account_name", r.name},
                              {"detail", r.reason}});
      }
    }
    for (const Conversion& v : c.conversions) {
      out += Row("change", {{"metric", "conversion"},
                            {"my_account_id", v.account_id},
                            {"my_account_name", v.name},
                            {"value", Raw(v.amount)}});
    }
    for (const StatusMove& m : c.status_moves) {
      out +=
          Row("change", {{"metric", "status"},
                         {"my_account_id", m.account_id},
                         {"my_account_name", m.name},
                         {"detail", absl::StrCat(PlanStatusName(m.from), " -> ",
                                                 PlanStatusName(m.to))}});
    }
    for (const TypeMove& m : c.type_moves) {
      out +=
          Row("change",
              {{"metric", "type"},
               {"my_account_id", m.account_id},
               {"my_account_name", m.name},
               {"detail", absl::StrCat(TypeId(m.from), " -> ", TypeId(m.to))}});
    }
  }
  return out;
}

std::string RenderCrmCsv(const CoSellPlan& plan, bool salesforce) {
  const std::vector<std::string> header =
      salesforce ? std::vector<std::string>{"Id",
                                            "Co_Sell_Partner__c",
                                            "Co_Sell_Overlap_Type__c",
                                            "Co_Sell_Tier__c",
                                            "Co_Sell_Priority_Score__c",
                                            "Co_Sell_Status__c",
                                            "Co_Sell_Next_Step__c",
                                            "Co_Sell_First_Touch_Due__c"}
                 : std::vector<std::string>{"Record ID",
                                            "Co-sell partner",
                                            "Co-sell overlap type",
                                            "Co-sell tier",
                                            "Co-sell priority score",
                                            "Co-sell status",
                                            "Co-sell next step",
                                            "Co-sell first touch due"};
  std::string out = Line(header);
  for (const PlanAccount& a : plan.accounts) {
    // Only records this machine can name by their CRM id.
    if (a.my_account_id.rfind("record:", 0) == 0 ||
        a.my_account_id.rfind("row:", 0) == 0) {
      continue;
    }
    const std::string next =
        a.tier == 1
            ? absl::StrCat(a.activation.initiator, ". Ask: ", a.activation.ask)
            : a.next_step;
    out += Line(
        {CsvCell(a.my_account_id), CsvCell(plan.partner),
         CsvCell(TypeLabel(a.type)), a.tier == 0 ? "" : absl::StrCat(a.tier),
         absl::StrCat(a.priority.score), PlanStatusName(a.status),
         CsvCell(next), a.tier == 0 ? "" : FormatDay(a.activation.deadline)});
  }
  return out;
}

}  // namespace plan_render_internal
}  // namespace blindmap
