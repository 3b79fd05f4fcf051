// `blindmap sync`: tokenize a CRM export and upload it as a snapshot, for
// one partner (--partner) or every active partnership (--all).
#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "client/alerts/alert_step.h"
#include "client/cli/cli_support.h"
#include "client/console/exit_codes.h"
#include "client/console/progress_line.h"
#include "client/crm/crm_export.h"
#include "client/report/export_summary_render.h"
#include "client/sync/partner_sync.h"
#include "client/sync/run_lock.h"
#include "client/sync/shrink_guard.h"
#include "client/sync/sync_all.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"
#include "common/crypto/sync_period.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

// SIGINT (Ctrl-C) or SIGTERM (a scheduler stopping the run) during a sync:
// say so and exit 9, "interrupted: retry". An upload cut off is discarded
// by the broker (the previous snapshot stays); local files are replaced by
// rename, so none is left half-written; the kernel releases the sync lock.
extern "C" void OnSyncInterrupted(int) {
  static const char kMessage[] =
      "\nblindmap: sync interrupted: an upload cut off is discarded by the "
      "broker and the previous one stays; run the sync again (exit 9)\n";
  const ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
  (void)ignored;
  _exit(kExitRetry);
}

void ExitNineOnInterrupt() {
  struct sigaction action {};
  action.sa_handler = OnSyncInterrupted;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

struct SyncOptions {
  std::string partner;
  bool all = false;
  std::string input;
  std::string contacts;
  std::string sheet;
  std::string period;
  std::string secret_file;
  std::string format = "text";
  bool dry_run = false;
  bool no_alerts = false;
  bool allow_shrink = false;
  double wait_lock_seconds = 0;
};

// The alert step after an upload, as sync --all's after-sync report.
AfterSyncReport AlertsAfterSync(const ClientConfig& config,
                                BrokerClient& broker,
                                const v1::Partnership& partnership,
                                const std::string& partner,
                                const std::string& me,
                                const std::string& secret_file) {
  AlertStepOptions options;
  options.secret_file = secret_file;
  const AlertStepResult result =
      RunAlertStep(config, broker, partnership, partner, me, options);
  AfterSyncReport report;
  report.text = AlertStepText(result);
  report.json = AlertStepJson(result);
  report.exit_code = result.failed() ? kExitAlertFailed : kExitOk;
  return report;
}

absl::Status AlertsFailed() {
  return WithExitCode(
      absl::UnavailableError(
          "the sync is done, but an alert was not delivered (see above); "
          "the next sync, or `blindmap alert`, tries it again"),
      kExitAlertFailed);
}

// True for a label of any cadence (a dry run does not ask the broker which
// cadence the partnership has).
bool IsAnyPeriod(const std::string& label) {
  for (v1::SyncCadence cadence :
       {v1::SYNC_CADENCE_MONTHLY, v1::SYNC_CADENCE_WEEKLY,
        v1::SYNC_CADENCE_QUARTERLY}) {
    if (IsPeriod(cadence, label)) return true;
  }
  return false;
}

absl::Status DryRun(const ClientConfig& config, const SyncOptions& options,
                    const std::string& input) {
  const std::string period =
      options.period.empty() ? MonthlyPeriod(Now()) : options.period;
  if (!IsAnyPeriod(period)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--period must be a period such as 2026-11, 2026-W47 or 2026-Q4, "
        "not \"",
        period, "\""));
  }
  ASSIGN_OR_RETURN(SharingConfig sharing,
                   EffectiveSharing(config, options.partner, nullptr));
  ASSIGN_OR_RETURN(CrmExport exported,
                   ReadExport(config, input, options.contacts, &sharing));
  for (std::string& warning : UnknownLevelWarnings(config, options.partner)) {
    exported.summary.warnings.push_back(std::move(warning));
  }
  // What the real sync would refuse (against this machine's last upload).
  const std::string shrink =
      options.allow_shrink
          ? ""
          : ShrinkWarning(exported,
                          ReadLastUpload(config.state_dir, options.partner),
                          config.max_shrink_percent, options.partner);
  if (options.format == "json") {
    nlohmann::json out = SummaryJson(exported.summary, config);
    out["dry_run"] = true;
    out["partner"] = options.partner;
    out["period"] = period;
    out["warnings"] = nlohmann::json::array();
    if (!shrink.empty()) {
      out["warnings"].push_back(absl::StrCat(
          "sync would refuse this upload: ", shrink, " (--allow-shrink)"));
    }
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "Dry run for partner " << options.partner << ", period "
              << period << ": nothing was sent.\n"
              << SummaryText(exported.summary, config, true);
    if (!shrink.empty()) {
      std::cout << "Warning: sync would refuse this upload: " << shrink
                << " (--allow-shrink to upload it anyway).\n";
    }
  }
  return absl::OkStatus();
}

absl::Status SyncOne(const ClientConfig& config, const SyncOptions& options,
                     const std::string& input) {
  // A dry run contacts nobody; otherwise the partnership comes first: its
  // cadence decides the period and its sharing levels which accounts offer
  // their detail.
  if (options.dry_run) return DryRun(config, options, input);
  ASSIGN_OR_RETURN(std::unique_ptr<BrokerClient> broker,
                   BrokerClient::Connect(config));
  ASSIGN_OR_RETURN(std::string me, broker->WhoAmI());
  RETURN_IF_ERROR(CheckConfiguredParty(config, me));
  ASSIGN_OR_RETURN(v1::Partnership partnership,
                   broker->FindPartnership(options.partner));
  ASSIGN_OR_RETURN(std::string period,
                   SyncPeriodFor(partnership.cadence(), options.period));
  if (partnership.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the partnership with ", options.partner, " is pending: ",
        partnership.invitee(), " has not accepted the invitation yet"));
  }
  ASSIGN_OR_RETURN(
      SharingConfig sharing,
      EffectiveSharing(config, options.partner, &MyLevels(partnership, me)));
  const absl::Time read_start = absl::Now();
  ASSIGN_OR_RETURN(CrmExport exported,
                   ReadExport(config, input, options.contacts, &sharing));
  for (std::string& warning : UnknownLevelWarnings(config, options.partner)) {
    exported.summary.warnings.push_back(std::move(warning));
  }
  const double read_seconds = absl::ToDoubleSeconds(absl::Now() - read_start);
  RETURN_IF_ERROR(CheckShrink(exported, PreviousUploadOf(partnership),
                              config.max_shrink_percent, options.partner,
                              options.allow_shrink));
  ASSIGN_OR_RETURN(
      UploadOutcome uploaded,
      TokenizeAndUpload(*broker, config, partnership, options.partner, period,
                        options.secret_file, exported));
  const v1::UploadSnapshotResponse& response = uploaded.response;
  // After the upload, and whatever it says: the sync stands.
  std::optional<AfterSyncReport> alerts;
  if (!options.no_alerts && !config.alerts.empty()) {
    alerts = AlertsAfterSync(config, *broker, partnership, options.partner, me,
                             options.secret_file);
  }

  if (options.format == "json") {
    nlohmann::json out = SummaryJson(exported.summary, config);
    out["dry_run"] = false;
    out["partner"] = options.partner;
    out["partnership_id"] = partnership.id();
    out["period"] = response.period();
    out["records_stored"] = response.records_stored();
    out["tokens_stored"] = response.tokens_stored();
    out["replaced_previous"] = response.replaced_previous();
    out["timings"] = {{"read_seconds", read_seconds},
                      {"tokenize_seconds", uploaded.tokenize_seconds},
                      {"upload_seconds", uploaded.upload_seconds}};
    if (alerts.has_value()) out["alerts"] = alerts->json;
    std::cout << out.dump(2) << "\n";
    return alerts.has_value() && alerts->exit_code != kExitOk
               ? AlertsFailed()
               : absl::OkStatus();
  }
  // Tokenizing overlaps the upload: report the workers' busy time, and the
  // upload's wall time including it.
  std::cout << "Synced with " << options.partner << ", period "
            << response.period() << ": the broker stored "
            << WithThousands(response.records_stored()) << " records ("
            << WithThousands(response.tokens_stored()) << " tokens)"
            << (response.replaced_previous()
                    ? ", replacing the earlier upload of this period"
                    : "")
            << ".\n"
            << SummaryText(exported.summary, config, false)
            << absl::StrFormat(
                   "Time: read and normalize %.2f s, upload %.2f s (of which "
                   "tokenizing on all cores %.2f s of CPU)\n",
                   read_seconds, uploaded.upload_seconds,
                   uploaded.tokenize_seconds)
            << (alerts.has_value() ? alerts->text : "")
            << "Next: blindmap report --partner " << options.partner << "\n";
  return alerts.has_value() && alerts->exit_code != kExitOk ? AlertsFailed()
                                                            : absl::OkStatus();
}

// Loads the config, takes <state_dir>/sync.lock for the whole run (released
// when the lock goes out of scope, or by the kernel on any exit), and syncs.
int Sync(const GlobalOptions& global, const SyncOptions& options) {
  ExitNineOnInterrupt();
  absl::StatusOr<ClientConfig> config = LoadClientConfig(global.config_path);
  if (!config.ok()) return Finish(config.status());
  if (!options.sheet.empty()) config->export_sheet = options.sheet;
  const std::string input =
      options.input.empty() ? config->export_file : options.input;
  if (input.empty()) {
    return Finish(absl::InvalidArgumentError(
        "no CRM export given: pass --input FILE.csv or set export.file in "
        "the config"));
  }
  absl::Status state_dir = EnsurePrivateDir(config->state_dir);
  if (!state_dir.ok()) return Finish(state_dir);
  absl::StatusOr<std::unique_ptr<RunLock>> lock =
      RunLock::Acquire(SyncLockPath(config->state_dir),
                       absl::Seconds(options.wait_lock_seconds));
  if (!lock.ok()) return Finish(lock.status());
  if (!options.all) return Finish(SyncOne(*config, options, input));
  SyncAllOptions all;
  all.input = input;
  all.contacts = options.contacts;
  all.period = options.period;
  all.format = options.format;
  all.dry_run = options.dry_run;
  if (!options.no_alerts && !config->alerts.empty()) {
    const ClientConfig& loaded = *config;
    all.after_sync =
        [&loaded](BrokerClient& broker, const v1::Partnership& partnership,
                  const std::string& partner, const std::string& me) {
          return AlertsAfterSync(loaded, broker, partnership, partner, me, "");
        };
  }
  all.allow_shrink = options.allow_shrink;
  return SyncAll(*config, all);
}

}  // namespace

void AddSyncCommand(CLI::App& app, const GlobalOptions& global,
                    CommandResult& result) {
  auto options = std::make_shared<SyncOptions>();
  CLI::App* sync = app.add_subcommand(
      "sync",
      "Tokenize the CRM export and upload it for one partner or every "
      "partnership (only tokens, opaque record ids and population membership "
      "leave this machine)");
  // Exactly one of --partner and --all.
  CLI::Option_group* target = sync->add_option_group(
      "target", "Which partnerships to sync (exactly one)");
  target->add_option("--partner", options->partner, "The partner's party name")
      ->check(PartyNameArgument());
  CLI::Option* all = target->add_flag(
      "--all", options->all,
      "Every active partnership with a secret on this machine, from one "
      "read of the export; exit code: the most severe of theirs");
  target->require_option(1);
  sync->add_option("-i,--input", options->input,
                   "CRM export (CSV or XLSX); default: export.file in the "
                   "config");
  sync->add_option("--sheet", options->sheet,
                   "XLSX: the worksheet to read (default: export.sheet in "
                   "the config, else the first)");
  sync->add_option("--contacts", options->contacts,
                   "Contacts export (CSV): contacts' e-mail domains join their "
                   "accounts as domain keys (free-mail dropped)");
  sync->add_option("--period", options->period,
                   "Sync period of the partnership's cadence: 2026-11, "
                   "2026-W47 or 2026-Q4 (default: the current UTC period)");
  sync->add_option("--secret-file", options->secret_file,
                   "Partnership secret file (default from the config)")
      ->excludes(all);
  sync->add_flag("--dry-run", options->dry_run,
                 "Show what would be sent (counts per population, keys per "
                 "record, dropped rows) and send nothing");
  sync->add_flag("--no-alerts", options->no_alerts,
                 "Do not run the alert step (alerts: in the config) after "
                 "the upload");
  sync->add_flag("--allow-shrink", options->allow_shrink,
                 "Upload even an export with no record, or one losing more "
                 "than export.max_shrink_percent (default 50%) of the last "
                 "upload's records (refused otherwise, as a broken export)");
  sync->add_option("--format", options->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sync->add_option("--wait-lock", options->wait_lock_seconds,
                   "Wait up to SECONDS for another sync to finish (default: "
                   "exit at once with code 10)")
      ->check(CLI::Range(0.0, 86400.0));
  sync->footer(std::string("\n") + ExitCodeHelp());
  sync->callback([&, options] { result.exit_code = Sync(global, *options); });
}

}  // namespace blindmap
