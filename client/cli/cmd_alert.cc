// `blindmap alert`: the alert step alone, for a partnership whose partner
// synced after this side did (this side's own sync ran the step too early
// to see the change), or `--test` to check a webhook.
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/alerts/alert_step.h"
#include "client/cli/cli_support.h"
#include "client/console/exit_codes.h"
#include "common/base/status_macros.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

struct AlertOptions {
  std::string partner;
  bool all = false;
  bool test = false;
  std::string format = "text";
  std::string secret_file;
};

absl::Status Alert(const GlobalOptions& global, const AlertOptions& options) {
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  if (session.config.alerts.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        global.config_path,
        ": no webhook to alert: add an alerts: section (README, \"Alerts\")"));
  }
  ASSIGN_OR_RETURN(std::string me, session.broker->WhoAmI());
  std::vector<v1::Partnership> partnerships;
  if (options.all) {
    ASSIGN_OR_RETURN(v1::ListPartnershipsResponse listed,
                     session.broker->ListPartnerships());
    for (const v1::Partnership& p : listed.partnerships()) {
      if (p.state() == v1::PARTNERSHIP_STATE_ACTIVE) partnerships.push_back(p);
    }
  } else {
    ASSIGN_OR_RETURN(v1::Partnership partnership,
                     session.broker->FindPartnership(options.partner));
    if (partnership.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the partnership with ", options.partner, " is not active"));
    }
    partnerships.push_back(partnership);
  }
  AlertStepOptions step;
  step.test = options.test;
  step.secret_file = options.secret_file;
  bool failed = false;
  nlohmann::json out = nlohmann::json::array();
  for (const v1::Partnership& partnership : partnerships) {
    const std::string partner = partnership.inviter() == me
                                    ? partnership.invitee()
                                    : partnership.inviter();
    const AlertStepResult result = RunAlertStep(session.config, *session.broker,
                                                partnership, partner, me, step);
    failed |= result.failed();
    if (options.format == "json") {
      out.push_back({{"partner", partner},
                     {"period", result.period},
                     {"previous_period", result.previous_period},
                     {"alerts", AlertStepJson(result)}});
    } else if (result.outcomes.empty()) {
      std::cout << "No webhook is set for " << partner << ".\n";
    } else {
      std::cout << AlertStepText(result);
    }
  }
  if (options.format == "json") std::cout << out.dump(2) << "\n";
  if (failed) {
    return WithExitCode(
        absl::UnavailableError("an alert was not delivered (see above)"),
        kExitAlertFailed);
  }
  return absl::OkStatus();
}

}  // namespace

void AddAlertCommand(CLI::App& app, const GlobalOptions& global,
                     CommandResult& result) {
  auto options = std::make_shared<AlertOptions>();
  CLI::App* alert = app.add_subcommand(
      "alert",
      "Tell the team what changed since the last period, on the webhooks of "
      "the config's alerts: (sync does this after each upload; run this when "
      "the partner synced later). Counts always; names only of accounts both "
      "sides share");
  CLI::Option_group* target =
      alert->add_option_group("target", "Which partnerships (exactly one)");
  target->add_option("--partner", options->partner, "The partner's party name")
      ->check(PartyNameArgument());
  target->add_flag("--all", options->all, "Every active partnership");
  target->require_option(1);
  alert->add_flag("--test", options->test,
                  "Post a test message (made-up counts, no account) to every "
                  "webhook for the partner, and remember nothing");
  alert->add_option("--secret-file", options->secret_file,
                    "Partnership secret file (default from the config), to "
                    "open the partner's names of shared accounts");
  alert->add_option("--format", options->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  alert->callback(
      [&, options] { result.exit_code = Finish(Alert(global, *options)); });
}

}  // namespace blindmap
