// `blindmap plan`: the co-sell plan with one partner (ranked, tiered,
// activated, carried forward, measured), and `blindmap plan update` to
// record progress on an account in the local engagement log.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "client/cli/cli_support.h"
#include "client/console/exit_codes.h"
#include "client/console/terminal_text.h"
#include "client/plan/plan_store.h"
#include "client/plan_render/plan_render.h"
#include "client/sync/plan_refresh.h"
#include "common/base/party_name.h"
#include "common/base/status_macros.h"
#include "common/crypto/sync_period.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

struct PlanOptions {
  std::string partner;
  std::string input;
  std::string format = "text";
  std::string output;
  std::string secret_file;
};

struct UpdateOptions {
  std::string account;
  std::string partner;
  std::string status;
  std::string activity;
  std::string participants;
  std::string outcome;
  std::string next_step;
  std::string note;
  std::string date;
  std::string format = "text";
};

absl::Status Plan(const GlobalOptions& global, const PlanOptions& options) {
  ASSIGN_OR_RETURN(PlanFormat format, ParsePlanFormat(options.format));
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  PlanRefreshOptions refresh;
  refresh.partner = options.partner;
  refresh.input = options.input;
  refresh.secret_file = options.secret_file;
  ASSIGN_OR_RETURN(BuiltPlan built,
                   RefreshPlan(*session.broker, session.config, refresh));
  return WriteOutput(RenderPlan(built.plan, format), options.output);
}

// The partner whose plan `plan update` changes: the one given, else the
// only one with a plan on this machine.
absl::StatusOr<std::string> UpdatePartner(const ClientConfig& config,
                                          const std::string& given) {
  if (!given.empty()) return given;
  const std::vector<std::string> partners =
      PlanStore::PartnersWithPlans(config.state_dir);
  if (partners.size() == 1) return partners.front();
  if (partners.empty()) {
    return absl::FailedPreconditionError(
        "there is no co-sell plan on this machine yet: run blindmap plan "
        "--partner NAME first");
  }
  return absl::InvalidArgumentError(absl::StrCat("plans exist with ",
                                                 absl::StrJoin(partners, ", "),
                                                 ": say which with --partner"));
}

// The planned account `wanted` names: its CRM id, or its name ignoring case.
absl::StatusOr<PlannedAccount> FindAccount(const PlanState& state,
                                           const std::string& wanted,
                                           const std::string& partner) {
  if (const PlannedAccount* by_id = state.Find(wanted)) return *by_id;
  const std::string lower = absl::AsciiStrToLower(wanted);
  std::vector<const PlannedAccount*> matches;
  for (const PlannedAccount& account : state.accounts) {
    if (absl::AsciiStrToLower(account.name) == lower) {
      matches.push_back(&account);
    }
  }
  if (matches.size() == 1) return *matches.front();
  if (matches.size() > 1) {
    std::vector<std::string> ids;
    for (const PlannedAccount* m : matches) ids.push_back(m->account_id);
    return absl::InvalidArgumentError(absl::StrCat(
        "several planned accounts are named \"", TerminalSafe(wanted),
        "\": give the CRM id, one of ", absl::StrJoin(ids, ", ")));
  }
  return absl::NotFoundError(absl::StrCat(
      "no account \"", TerminalSafe(wanted), "\" in the plan with ", partner,
      " (period ", state.period,
      "); give its CRM id or its name as `blindmap plan` lists it"));
}

absl::Status Update(const GlobalOptions& global, const UpdateOptions& options) {
  ASSIGN_OR_RETURN(ClientConfig config, LoadExportConfig(global.config_path));
  ASSIGN_OR_RETURN(std::string partner, UpdatePartner(config, options.partner));
  std::optional<PlanStatus> status = ParsePlanStatus(options.status);
  if (!status.has_value() || *status == PlanStatus::kNew) {
    return absl::InvalidArgumentError(
        absl::StrCat("--status must be contacted, meeting, opportunity, won, "
                     "lost or parked, not \"",
                     TerminalSafe(options.status), "\""));
  }
  EngagementEntry entry;
  entry.status = *status;
  if (!options.activity.empty()) {
    entry.activity = ParseActivity(options.activity);
    if (!entry.activity.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--activity must be discovery-call, demo, executive-briefing, "
          "workshop, proposal or negotiation, not \"",
          TerminalSafe(options.activity), "\""));
    }
  }
  entry.date = absl::ToCivilDay(Now(), absl::UTCTimeZone());
  if (!options.date.empty()) {
    std::optional<absl::CivilDay> date = ParseDay(options.date);
    if (!date.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--date must be a day such as 2026-11-25, not \"",
                       TerminalSafe(options.date), "\""));
    }
    entry.date = *date;
  }
  const PlanStore store(config.state_dir, partner);
  absl::StatusOr<PlanState> state = store.Latest();
  if (absl::IsNotFound(state.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat("there is no co-sell plan with ", partner,
                     " on this machine yet: run blindmap plan --partner ",
                     partner, " first"));
  }
  RETURN_IF_ERROR(state.status());
  ASSIGN_OR_RETURN(PlannedAccount account,
                   FindAccount(*state, options.account, partner));
  entry.account_id = account.account_id;
  entry.account_name = account.name;
  entry.participants = options.participants;
  entry.outcome = options.outcome;
  entry.next_step = options.next_step;
  entry.note = options.note;
  entry.recorded_at_unix = absl::ToUnixSeconds(absl::Now());
  RETURN_IF_ERROR(store.AppendEngagement(entry));
  if (options.format == "json") {
    nlohmann::json out = {
        {"partner", partner},
        {"account_id", entry.account_id},
        {"account_name", entry.account_name},
        {"date", FormatDay(entry.date)},
        {"status", PlanStatusName(entry.status)},
        {"previous_status", PlanStatusName(account.status)},
        {"activity", entry.activity.has_value()
                         ? nlohmann::json(ActivityName(*entry.activity))
                         : nlohmann::json(nullptr)},
        {"plan_period", state->period}};
    std::cout << out.dump(2, ' ', false,
                          nlohmann::json::error_handler_t::replace)
              << "\n";
    return absl::OkStatus();
  }
  std::cout << "Recorded for " << TerminalSafe(entry.account_name) << " ("
            << TerminalSafe(entry.account_id) << ") with " << partner << ", "
            << FormatDay(entry.date) << ": " << PlanStatusName(entry.status)
            << (entry.activity.has_value()
                    ? absl::StrCat(", ", ActivityLabel(*entry.activity))
                    : "")
            << " (was " << PlanStatusName(account.status) << " in the plan of "
            << state->period << ").\n"
            << "The engagement log stays on this machine: " << store.dir()
            << "/engagement.jsonl\n";
  return absl::OkStatus();
}

}  // namespace

void AddPlanCommand(CLI::App& app, const GlobalOptions& global,
                    CommandResult& result) {
  auto options = std::make_shared<PlanOptions>();
  CLI::App* plan = app.add_subcommand(
      "plan",
      "The co-sell plan with one partner: the mutually shared accounts "
      "ranked by the guide's weighted factors, in tiers, with an activation "
      "plan, what changed since last period and the ROI table (computed "
      "here; nothing of it is sent)");
  plan->add_option("--partner", options->partner, "The partner's party name")
      ->check(PartyNameArgument());
  plan->add_option("-i,--input", options->input,
                   "Your CRM export (CSV) for your own factors; default: "
                   "export.file in the config");
  plan->add_option("--format", options->format,
                   "text, markdown, json, csv, salesforce-csv, hubspot-csv "
                   "or html")
      ->check(CLI::IsMember({"text", "markdown", "md", "json", "csv",
                             "salesforce-csv", "hubspot-csv", "html"}))
      ->capture_default_str();
  plan->add_option("-o,--output", options->output,
                   "Write to this file instead of standard output");
  plan->add_option("--secret-file", options->secret_file,
                   "Partnership secret file (default from the config)");
  plan->require_subcommand(0, 1);

  auto update_options = std::make_shared<UpdateOptions>();
  CLI::App* update = plan->add_subcommand(
      "update",
      "Record progress on a planned account in the local engagement log "
      "(kept across re-syncs; never sent)");
  update
      ->add_option("account", update_options->account,
                   "The account: your CRM id, or its name as the plan "
                   "lists it")
      ->required();
  update
      ->add_option("--partner", update_options->partner,
                   "The partner (default: the only one with a plan here)")
      ->check(PartyNameArgument());
  update
      ->add_option("--status", update_options->status,
                   "contacted, meeting, opportunity, won, lost or parked")
      ->required();
  update->add_option("--activity", update_options->activity,
                     "discovery-call, demo, executive-briefing, workshop, "
                     "proposal or negotiation");
  update->add_option("--participants", update_options->participants,
                     "Who took part");
  update->add_option("--outcome", update_options->outcome, "What came of it");
  update->add_option("--next-step", update_options->next_step,
                     "The next step (shown in Tier 2 and the log)");
  update->add_option("--note", update_options->note, "A note (kept locally)");
  update->add_option("--date", update_options->date,
                     "The day it happened, 2026-11-25 (default: today, UTC)");
  update->add_option("--format", update_options->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  update->callback([&, update_options] {
    result.exit_code = Finish(Update(global, *update_options));
  });
  plan->callback([&, options, update] {
    if (update->parsed()) return;
    if (options->partner.empty()) {
      std::cerr << "blindmap: plan needs --partner NAME (or `plan update "
                   "ACCOUNT ...`); see blindmap plan --help\n";
      result.exit_code = kExitUsage;
      return;
    }
    result.exit_code = Finish(Plan(global, *options));
  });
}

}  // namespace blindmap
