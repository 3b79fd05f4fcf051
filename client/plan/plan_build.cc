// BuildPlan(): ranking, tiers, statuses, activation and carry-forward.
#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/plan/plan_model.h"
#include "client/plan/plan_values.h"

namespace blindmap {
namespace {

struct StatusResult {
  PlanStatus status = PlanStatus::kNew;
  std::string source;
  std::optional<absl::CivilDay> first_touch;
  std::string next_step;
};

bool InList(const std::vector<std::string>& list, const std::string& value) {
  std::string lower = value;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return std::find(list.begin(), list.end(), lower) != list.end();
}

void Touch(std::optional<absl::CivilDay>& first, absl::CivilDay day) {
  if (!first.has_value() || day < *first) first = day;
}

// The status from the engagement log (entries oldest first) and the CRM's
// stage and last activity, counting only what happened since the mapping:
// a stage other than `stage_at_mapping` (or an opportunity created, a deal
// closed on or after the mapping day), an activity on or after it. The CRM
// decides a close (won, lost); otherwise the log decides, except that an
// opportunity opened in the CRM lifts a status below it.
StatusResult StatusFor(const std::vector<const EngagementEntry*>& entries,
                       const OwnAccountFacts* mine, const PlanConfig& config,
                       absl::CivilDay mapped_on,
                       const std::string& stage_at_mapping) {
  StatusResult out;
  PlanStatus logged = PlanStatus::kNew;
  std::string logged_source;
  for (const EngagementEntry* e : entries) {
    logged = e->status;
    logged_source = absl::StrCat("plan update ", FormatDay(e->date));
    if (e->activity.has_value() || e->status == PlanStatus::kContacted ||
        e->status == PlanStatus::kMeeting ||
        e->status == PlanStatus::kOpportunity ||
        e->status == PlanStatus::kWon) {
      Touch(out.first_touch, e->date);
    }
    if (!e->next_step.empty()) out.next_step = e->next_step;
  }
  std::optional<PlanStatus> crm;
  std::string crm_source;
  if (mine != nullptr) {
    if (mine->last_activity.has_value() && *mine->last_activity >= mapped_on) {
      Touch(out.first_touch, *mine->last_activity);
      crm = PlanStatus::kContacted;
      crm_source =
          absl::StrCat("CRM last activity ", FormatDay(*mine->last_activity));
    }
    const bool moved = !mine->stage.empty() && mine->stage != stage_at_mapping;
    const bool closed_since =
        mine->close_date.has_value() && *mine->close_date >= mapped_on;
    const bool created_since =
        mine->created_date.has_value() && *mine->created_date >= mapped_on;
    if (InList(config.won_stages, mine->stage) ||
        InList(config.lost_stages, mine->stage)) {
      if (moved || closed_since) {
        crm = InList(config.won_stages, mine->stage) ? PlanStatus::kWon
                                                     : PlanStatus::kLost;
        crm_source = absl::StrCat("CRM stage ", mine->stage);
      }
    } else if (!mine->stage.empty() &&
               (created_since ||
                (moved && (stage_at_mapping.empty() ||
                           InList(config.won_stages, stage_at_mapping) ||
                           InList(config.lost_stages, stage_at_mapping))))) {
      crm = PlanStatus::kOpportunity;
      crm_source = absl::StrCat("CRM stage ", mine->stage);
    }
  }
  const auto use_crm = [&] {
    out.status = *crm;
    out.source = crm_source;
  };
  if (crm.has_value() &&
      (*crm == PlanStatus::kWon || *crm == PlanStatus::kLost)) {
    use_crm();
  } else if (logged != PlanStatus::kNew) {
    const bool below_opportunity =
        logged == PlanStatus::kContacted || logged == PlanStatus::kMeeting;
    if (crm == PlanStatus::kOpportunity && below_opportunity) {
      use_crm();
    } else {
      out.status = logged;
      out.source = logged_source;
    }
  } else if (crm.has_value()) {
    use_crm();
  }
  return out;
}

std::string OwnerOr(const std::string& owner, const std::string& fallback) {
  return owner.empty() ? fallback : owner;
}

Activation ActivationFor(const PlanAccount& a, const std::string& partner,
                         int first_touch_days, absl::CivilDay today) {
  Activation out;
  const std::string mine = OwnerOr(a.my_owner, "your account owner");
  const std::string theirs =
      a.partner_owner.empty()
          ? absl::StrCat(partner, "'s account owner")
          : absl::StrCat(a.partner_owner, " (", partner, ")");
  const std::string account = a.my_account_name;
  const auto reference = [&] {
    out.initiator_id = "my_ae_partner_reference";
    out.initiator =
        absl::StrCat("Your AE leads with a partner reference: ", mine,
                     " contacts ", account, ", referencing ", partner);
    out.ask = absl::StrCat("A reference call with ", theirs);
  };
  if (!a.type.has_value()) {
    reference();
  } else {
    switch (*a.type) {
      case OverlapType::kProspectCustomer:
        if (a.partner_relationship == RelationshipStrength::kAwareness) {
          reference();
        } else {
          out.initiator_id = "partner_intro";
          out.initiator =
              absl::StrCat("Partner intro: ", theirs, " introduces ", mine);
          out.ask =
              absl::StrCat("A warm introduction to the buyer at ", account);
        }
        break;
      case OverlapType::kCustomerProspect:
        out.initiator_id = "my_ae_introduces_partner";
        out.initiator = absl::StrCat("Your AE introduces the partner: ", mine,
                                     " introduces ", theirs);
        out.ask = absl::StrCat("A meeting for ", partner,
                               " with your contact at ", account);
        break;
      case OverlapType::kProspectProspect:
        out.initiator_id = "joint_outreach";
        out.initiator = absl::StrCat("Joint outreach: ", mine, " and ", theirs,
                                     " agree who leads");
        out.ask = "Agree who leads, then one coordinated first meeting";
        break;
      case OverlapType::kCustomerCustomer:
        out.initiator_id = "joint_outreach";
        out.initiator = absl::StrCat("Joint outreach: ", mine, " and ", theirs);
        out.ask = "A joint success plan: integrate, cross-sell, expand";
        break;
    }
  }
  out.deadline = a.mapped_on + first_touch_days;
  out.overdue = !a.first_touched.has_value() && today > out.deadline;
  return out;
}

std::string WhyTarget(const PlanAccount& a) {
  std::vector<std::string> strong, weak, unknown;
  for (size_t i = 0; i < kFactors.size(); ++i) {
    const FactorScore& f = a.priority.factors[i];
    const std::string name = FactorLabel(kFactors[i]);
    if (f.label == "off") continue;
    if (!f.score.has_value()) {
      unknown.push_back(name);
    } else if (*f.score == 3) {
      strong.push_back(absl::StrCat(name, ": ", f.label));
    } else if (*f.score == 1) {
      weak.push_back(absl::StrCat(name, ": ", f.label));
    }
  }
  std::vector<std::string> parts;
  if (!strong.empty()) parts.push_back(absl::StrJoin(strong, ", "));
  if (!weak.empty()) {
    parts.push_back(absl::StrCat("held back by ", absl::StrJoin(weak, ", ")));
  }
  if (!unknown.empty()) {
    parts.push_back(absl::StrCat("unknown: ", absl::StrJoin(unknown, ", ")));
  }
  if (parts.empty()) return "a shared account with no standout factor";
  return absl::StrJoin(parts, "; ");
}

std::string Timeline(const PlanAccount& a, const std::string& cadence) {
  if (a.close_date.has_value()) {
    return absl::StrCat("close date ", FormatDay(*a.close_date));
  }
  return absl::StrCat("revisit at the next ", cadence, " refresh");
}

const std::string& NameOf(const PlanAccount& a) {
  return a.my_account_name.empty() ? a.my_account_id : a.my_account_name;
}

// Higher score first; fewer unknown factors; the seeds' type order (warm
// introductions first); then by name and id, so the order is total.
bool RanksBefore(const PlanAccount& x, const PlanAccount& y) {
  if (x.priority.score != y.priority.score) {
    return x.priority.score > y.priority.score;
  }
  if (x.priority.unknown != y.priority.unknown) {
    return x.priority.unknown < y.priority.unknown;
  }
  const size_t xt = TypeSlot(x.type), yt = TypeSlot(y.type);
  if (xt != yt) return xt < yt;
  if (NameOf(x) != NameOf(y)) return NameOf(x) < NameOf(y);
  return x.my_account_id < y.my_account_id;
}

MyStatus StatusFromFacts(const OwnAccountFacts& facts) {
  if (facts.customer) return MyStatus::kCustomer;
  if (facts.prospect) return MyStatus::kProspect;
  return MyStatus::kOther;
}

std::string DepartureReason(const std::string& id, const PlanInputs& in,
                            MyStatus& now) {
  if (in.facts == nullptr) return "no longer shared by both sides";
  const OwnAccountFacts* f = in.facts->Find(id);
  if (f == nullptr) return "no longer in your CRM export";
  now = StatusFromFacts(*f);
  if (f->excluded) return "excluded by your config (exclude)";
  if (f->populations == 0) return "in none of your populations any more";
  if (in.opted_out.contains(id)) return "you opted it out (blindmap opt-out)";
  if (!in.offered.contains(id)) {
    return absl::StrCat("you no longer offer it (now your ", MyStatusName(now),
                        "; its populations are not at `overlaps` for ",
                        in.partner, " and it is not opted in)");
  }
  return absl::StrCat(in.partner, " no longer offers it or no longer has it");
}

void AddSharingChanges(const PlanInputs& in, CoSellPlan& plan) {
  if (!in.report.has_value()) return;
  for (const v1::PopulationOverlap& p : in.report->my_populations()) {
    auto level = in.my_levels.find(p.name());
    if (p.overlapping_records() == 0 ||
        (level != in.my_levels.end() &&
         level->second == v1::SHARING_LEVEL_OVERLAPS)) {
      continue;
    }
    const std::string change =
        absl::StrCat("blindmap sharing --partner ", in.partner, " --set \"",
                     p.name(), "=overlaps\"");
    // With the export read, say how many are not offered (opt-ins offer
    // some accounts of a population at `counts`); none: nothing to change.
    std::optional<int64_t> not_offered;
    if (in.facts != nullptr) {
      const std::vector<std::string>& names = in.facts->population_names;
      auto at = std::find(names.begin(), names.end(), p.name());
      if (at != names.end()) {
        const size_t i = static_cast<size_t>(at - names.begin());
        not_offered =
            in.facts->population_rows[i] - in.facts->population_offered[i];
      }
    }
    if (not_offered == 0) continue;
    plan.sharing_changes.push_back(
        not_offered.has_value()
            ? absl::StrCat("your ", p.name(), " (", p.overlapping_records(),
                           " overlapping): ", *not_offered,
                           " of its accounts are not offered (level "
                           "`counts`, not opted in): ",
                           change)
            : absl::StrCat("your ", p.name(), " (", p.overlapping_records(),
                           " overlapping) are at `counts`: ", change));
  }
  for (const v1::PopulationOverlap& p : in.report->partner_populations()) {
    auto level = in.partner_levels.find(p.name());
    if (p.overlapping_records() == 0 ||
        (level != in.partner_levels.end() &&
         level->second == v1::SHARING_LEVEL_OVERLAPS)) {
      continue;
    }
    plan.sharing_changes.push_back(
        absl::StrCat(in.partner, "'s ", p.name(), " (", p.overlapping_records(),
                     " overlapping) are at `counts`, only what ", in.partner,
                     " opts in is offered: ask ", in.partner, " to set ",
                     p.name(), "=overlaps"));
  }
  if (plan.sharing_changes.empty() && plan.not_shared > 0) {
    plan.sharing_changes.push_back(
        "every population with overlaps is at `overlaps` on both sides: the "
        "rest are opted out on one side, or offer no detail field");
  }
}

void AddNotes(const PlanInputs& in, const PlanConfig& config, CoSellPlan& plan,
              int not_in_export) {
  if (in.facts == nullptr) {
    plan.notes.push_back(
        "no CRM export was read (give --input or set export.file): your own "
        "factors are unknown");
  } else {
    const auto missing = [&](PlanColumn column, const char* factor) {
      if (in.facts->Has(column)) return;
      const std::vector<const char*>& names = PlanColumnDefaults(column);
      plan.notes.push_back(absl::StrCat(
          "your export has no ", PlanColumnKey(column), " column (looked for ",
          absl::StrJoin(names, ", "), "; set plan.columns.",
          PlanColumnKey(column), "): ", factor, " is unknown"));
    };
    missing(PlanColumn::kAmount, "deal size");
    missing(PlanColumn::kCompetitor, "the competitive situation");
    if (!in.facts->Has(PlanColumn::kStage) &&
        !in.facts->Has(PlanColumn::kCloseDate)) {
      missing(PlanColumn::kCloseDate, "timing");
    }
    for (const std::string& problem : in.facts->problems) {
      plan.notes.push_back(problem);
    }
    if (not_in_export > 0) {
      plan.notes.push_back(
          absl::StrCat(not_in_export, " shared accounts are not in ",
                       in.facts->source, ": their own factors are unknown"));
    }
  }
  if (config.icp.attributes() == 0) {
    plan.notes.push_back("no ICP in the config (plan.icp): ICP fit is unknown");
  }
  if (!config.acv.has_value()) {
    plan.notes.push_back(
        "no ACV in the config (plan.acv): deal size is unknown");
  }
  if (!in.partner_shares_relationship && !in.shared.pairs.empty()) {
    plan.notes.push_back(absl::StrCat(
        in.partner,
        " shares no relationship strength (its sharing field `relationship`): "
        "the partner relationship factor is unknown"));
  }
  for (const std::string& problem : in.shared.problems) {
    plan.notes.push_back(problem);
  }
}

}  // namespace

int CoSellPlan::CountInTier(int tier) const {
  return static_cast<int>(
      std::count_if(accounts.begin(), accounts.end(),
                    [tier](const PlanAccount& a) { return a.tier == tier; }));
}

BuiltPlan BuildPlan(const PlanInputs& in, const PlanConfig& config) {
  static const OwnFacts kNoFacts;
  const OwnFacts& facts = in.facts != nullptr ? *in.facts : kNoFacts;
  BuiltPlan built;
  CoSellPlan& plan = built.plan;
  plan.me = in.me;
  plan.partner = in.partner;
  plan.partnership_id = in.partnership_id;
  plan.period = in.period;
  plan.cadence = in.cadence;
  plan.today = in.today;
  plan.weights = config.weights;
  plan.tier1_size = config.tier1_size;
  plan.tier2_size = config.tier2_size;
  plan.first_touch_days = config.first_touch_days;
  for (Factor factor : kFactors) {
    plan.max_score += 3 * WeightOf(config.weights, factor);
  }

  // One plan account per account of mine: the most valuable pair of those
  // matching it (a partner may hold duplicates).
  std::map<std::string, std::vector<const SharedPair*>> by_account;
  for (const SharedPair& pair : in.shared.pairs) {
    by_account[pair.my_account_id].push_back(&pair);
  }
  std::map<std::string, std::vector<const EngagementEntry*>> log_by_account;
  std::vector<const EngagementEntry*> ordered;
  for (const EngagementEntry& e : in.log) ordered.push_back(&e);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const EngagementEntry* a, const EngagementEntry* b) {
                     return a->date < b->date;
                   });
  for (const EngagementEntry* e : ordered) {
    log_by_account[e->account_id].push_back(e);
  }
  const auto earlier = [&](const std::string& id) -> const PlannedAccount* {
    if (in.this_period.has_value()) {
      if (const PlannedAccount* a = in.this_period->Find(id)) return a;
    }
    if (in.previous.has_value()) return in.previous->Find(id);
    return nullptr;
  };

  int not_in_export = 0;
  for (const auto& [id, pairs] : by_account) {
    const SharedPair* best = pairs.front();
    for (const SharedPair* p : pairs) {
      if (TypeSlot(p->type) < TypeSlot(best->type)) best = p;
    }
    const OwnAccountFacts* mine = facts.Find(id);
    PlanAccount a;
    a.my_account_id = id;
    a.in_export = mine != nullptr;
    not_in_export += (in.facts != nullptr && mine == nullptr) ? 1 : 0;
    a.my_account_name = mine != nullptr && !mine->name.empty()
                            ? mine->name
                            : best->my_account_name;
    a.my_status = best->my_status;
    a.partner_status = best->partner_status;
    a.type = best->type;
    a.partner_records = static_cast<int>(pairs.size());
    a.partner_account_name = best->partner.account_name();
    a.partner_owner = best->partner.owner_name();
    a.partner_relationship =
        ParseRelationshipStrength(best->partner.relationship());
    if (mine != nullptr) {
      a.industry = mine->industry;
      a.country = mine->country;
      if (mine->employees.has_value()) {
        a.size = FormatAmount(static_cast<double>(*mine->employees));
      }
      a.my_relationship = mine->relationship;
      a.amount = mine->amount;
      a.stage = mine->stage;
      a.close_date = mine->close_date;
      a.created_date = mine->created_date;
      a.my_owner = mine->owner;
    }
    a.priority =
        ScorePriority(config, mine, facts, best->partner.relationship(),
                      in.partner, in.today);
    const PlannedAccount* before = earlier(id);
    a.mapped_on = before != nullptr ? before->mapped_on : in.today;
    a.stage_at_mapping = before != nullptr ? before->stage_at_mapping : a.stage;
    StatusResult status = StatusFor(log_by_account[id], mine, config,
                                    a.mapped_on, a.stage_at_mapping);
    a.status = status.status;
    a.status_source = status.source;
    a.first_touched = status.first_touch;
    if (before != nullptr && before->first_touched.has_value()) {
      Touch(a.first_touched, *before->first_touched);
    }
    a.next_step = !status.next_step.empty() ? status.next_step
                  : a.type.has_value()      ? InfoFor(*a.type).action
                                            : "Review the account together";
    plan.shared_by_type[TypeSlot(a.type)] += 1;
    plan.accounts.push_back(std::move(a));
  }

  std::stable_partition(
      plan.accounts.begin(), plan.accounts.end(),
      [](const PlanAccount& a) { return !IsClosedOrParked(a.status); });
  const auto open_end = std::find_if(
      plan.accounts.begin(), plan.accounts.end(),
      [](const PlanAccount& a) { return IsClosedOrParked(a.status); });
  std::sort(plan.accounts.begin(), open_end, RanksBefore);
  std::sort(open_end, plan.accounts.end(),
            [](const PlanAccount& x, const PlanAccount& y) {
              if (x.status != y.status) return x.status < y.status;
              return NameOf(x) < NameOf(y);
            });
  int rank = 0;
  for (PlanAccount& a : plan.accounts) {
    if (!IsClosedOrParked(a.status)) {
      a.rank = ++rank;
      a.tier = rank <= config.tier1_size                       ? 1
               : rank <= config.tier1_size + config.tier2_size ? 2
                                                               : 3;
    }
    a.activation =
        ActivationFor(a, in.partner, config.first_touch_days, in.today);
    a.why = WhyTarget(a);
    a.timeline = Timeline(a, in.cadence);
  }

  // Coverage and what would list the rest.
  plan.shared = by_account.size();
  if (in.report.has_value()) {
    plan.counts_known = true;
    plan.my_records = in.report->mine().records();
    plan.my_overlapping = in.report->my_overlapping_records();
    plan.not_shared = plan.my_overlapping > plan.shared
                          ? plan.my_overlapping - plan.shared
                          : 0;
  }
  AddSharingChanges(in, plan);
  for (const v1::OverlapReport& report : in.history) {
    TrendPoint point;
    point.period = report.period();
    point.my_records = report.mine().records();
    point.my_overlapping = report.my_overlapping_records();
    point.rate = point.my_records == 0
                     ? 0
                     : static_cast<double>(point.my_overlapping) /
                           static_cast<double>(point.my_records);
    plan.trend.push_back(point);
  }
  plan.report = in.report;
  for (auto it = in.log.rbegin(); it != in.log.rend(); ++it) {
    plan.engagement.push_back(*it);
  }
  std::stable_sort(plan.engagement.begin(), plan.engagement.end(),
                   [](const EngagementEntry& a, const EngagementEntry& b) {
                     return a.date > b.date;
                   });

  // The state to keep, and the carry-forward.
  PlanState& state = built.state;
  state.partner = in.partner;
  state.partnership_id = in.partnership_id;
  state.period = in.period;
  state.generated_on = in.today;
  state.my_records = plan.my_records;
  state.my_overlapping = plan.my_overlapping;
  state.shared_accounts = plan.shared;
  for (const PlanAccount& a : plan.accounts) {
    state.accounts.push_back(
        {a.my_account_id, NameOf(a), a.partner_account_name, a.type,
         a.my_status, a.tier, a.rank, a.priority.score, a.status, a.mapped_on,
         a.first_touched, a.amount, a.stage_at_mapping});
  }
  if (in.previous.has_value()) {
    state.previous_period = in.previous->period;
    state.wins = in.previous->wins;
    for (const PlannedAccount& was : in.previous->accounts) {
      if (by_account.count(was.account_id) != 0) continue;
      DepartedAccount gone;
      gone.account_id = was.account_id;
      gone.name = was.name;
      gone.type = was.type;
      gone.reason = DepartureReason(was.account_id, in, gone.my_status_now);
      state.departed.push_back(std::move(gone));
    }
  }
  for (const PlanAccount& a : plan.accounts) {
    if (a.status != PlanStatus::kWon) continue;
    const bool known = std::any_of(
        state.wins.begin(), state.wins.end(),
        [&a](const WonDeal& w) { return w.account_id == a.my_account_id; });
    if (known) continue;
    state.wins.push_back({a.my_account_id, NameOf(a), a.amount.value_or(0),
                          QuarterOf(a.close_date.value_or(in.today)),
                          in.period});
  }

  RoiInputs roi;
  for (const PlanAccount& a : plan.accounts) {
    const bool open = !a.stage.empty() && !InList(config.won_stages, a.stage) &&
                      !InList(config.lost_stages, a.stage);
    roi.accounts.push_back({a.tier, a.status, a.mapped_on, a.first_touched,
                            a.amount, a.created_date, a.close_date, open});
  }
  roi.wins = state.wins;
  roi.counts_known = plan.counts_known;
  roi.my_records = plan.my_records;
  roi.my_overlapping = plan.my_overlapping;
  roi.amounts_known = facts.Has(PlanColumn::kAmount);
  roi.created_dates_known = facts.Has(PlanColumn::kCreatedDate);
  roi.first_touch_days = config.first_touch_days;
  if (in.previous.has_value()) roi.previous = in.previous->roi;
  plan.roi = ComputeRoi(roi);
  state.roi = plan.roi.figures;

  if (in.previous.has_value()) plan.changes = DiffPeriods(*in.previous, state);
  AddNotes(in, config, plan, not_in_export);
  return built;
}

}  // namespace blindmap
