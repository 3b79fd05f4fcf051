#include "client/sync/sync_all.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/console/exit_codes.h"
#include "client/console/progress_line.h"
#include "client/console/terminal_text.h"
#include "client/crm/shared_read.h"
#include "client/report/export_summary_render.h"
#include "client/sync/broker_client.h"
#include "client/sync/partner_sync.h"
#include "client/sync/shrink_guard.h"
#include "common/base/status_macros.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

enum class Outcome { kSynced, kDryRun, kSkipped, kFailed };

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSynced:
      return "synced";
    case Outcome::kDryRun:
      return "dry_run";
    case Outcome::kSkipped:
      return "skipped";
    case Outcome::kFailed:
      return "failed";
  }
  return "failed";
}

// One partnership's part of the run.
struct PartnerRun {
  std::string partner;
  v1::Partnership partnership;
  std::string period;
  Outcome outcome = Outcome::kFailed;
  int exit_code = kExitOk;
  std::string note;  // why skipped or failed
  SharingConfig sharing;
  int64_t detail_offered = 0;
  int64_t opted_in = 0;
  int64_t opted_out = 0;
  UploadOutcome upload;
  std::optional<AfterSyncReport> after;  // the after-sync step's report
};

void Fail(PartnerRun& run, const absl::Status& status) {
  run.outcome = Outcome::kFailed;
  run.exit_code = ExitCodeFor(status);
  run.note = std::string(status.message());
}

// The runs, one per partnership, sorted by partner; those that cannot be
// synced are already skipped or failed.
std::vector<PartnerRun> PlanRuns(const ClientConfig& config,
                                 const v1::ListPartnershipsResponse& listed,
                                 const std::string& me,
                                 const SyncAllOptions& options) {
  std::vector<PartnerRun> runs;
  for (const v1::Partnership& partnership : listed.partnerships()) {
    PartnerRun& run = runs.emplace_back();
    run.partnership = partnership;
    run.partner = partnership.inviter() == me ? partnership.invitee()
                                              : partnership.inviter();
    if (partnership.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
      run.outcome = Outcome::kSkipped;
      run.note = absl::StrCat("pending: ", partnership.invitee(),
                              " has not accepted the invitation yet");
      continue;
    }
    const std::string secret_file = config.SecretFileFor(run.partner);
    std::error_code error;
    if (!std::filesystem::exists(secret_file, error)) {
      run.outcome = Outcome::kSkipped;
      run.note = absl::StrCat("no partnership secret on this machine (",
                              secret_file, ")");
      continue;
    }
    absl::StatusOr<std::string> period =
        SyncPeriodFor(partnership.cadence(), options.period);
    if (!period.ok()) {
      Fail(run, period.status());
      continue;
    }
    run.period = *period;
    absl::Status compatible = CompatibleWithSharedRead(config, run.partner);
    if (!compatible.ok()) {
      Fail(run, compatible);
      continue;
    }
    absl::StatusOr<SharingConfig> sharing =
        EffectiveSharing(config, run.partner, &MyLevels(partnership, me));
    if (!sharing.ok()) {
      Fail(run, sharing.status());
      continue;
    }
    run.sharing = *std::move(sharing);
    run.outcome = options.dry_run ? Outcome::kDryRun : Outcome::kSynced;
  }
  std::sort(runs.begin(), runs.end(),
            [](const PartnerRun& a, const PartnerRun& b) {
              return a.partner < b.partner;
            });
  return runs;
}

bool ToSync(const PartnerRun& run) {
  return run.outcome == Outcome::kSynced || run.outcome == Outcome::kDryRun;
}

nlohmann::json RunJson(const PartnerRun& run, const CrmExport* exported,
                       const ClientConfig& config, int export_reads) {
  nlohmann::json out = nlohmann::json::object();
  if (exported != nullptr && ToSync(run)) {
    out = SummaryJson(exported->summary, config);
  }
  out["partner"] = run.partner;
  out["partnership_id"] = run.partnership.id();
  out["status"] = OutcomeName(run.outcome);
  out["exit_code"] = run.exit_code;
  out["dry_run"] = run.outcome == Outcome::kDryRun;
  if (!run.period.empty()) out["period"] = run.period;
  if (!run.note.empty()) out["message"] = run.note;
  if (exported != nullptr) {
    out["rows_read"] = exported->summary.rows;
    out["export_reads"] = export_reads;
  }
  if (!ToSync(run)) return out;
  out["detail_offered"] = run.detail_offered;
  out["opted_in"] = run.opted_in;
  out["opted_out"] = run.opted_out;
  if (run.outcome == Outcome::kSynced) {
    out["period"] = run.upload.response.period();
    out["records_stored"] = run.upload.response.records_stored();
    out["tokens_stored"] = run.upload.response.tokens_stored();
    out["replaced_previous"] = run.upload.response.replaced_previous();
    out["timings"] = {{"tokenize_seconds", run.upload.tokenize_seconds},
                      {"upload_seconds", run.upload.upload_seconds}};
    if (run.after.has_value()) out["alerts"] = run.after->json;
  }
  return out;
}

std::string RunLine(const PartnerRun& run) {
  switch (run.outcome) {
    case Outcome::kSynced:
      return absl::StrCat(
          run.partner, ", period ", run.upload.response.period(),
          ": synced, the broker stored ",
          WithThousands(run.upload.response.records_stored()), " records (",
          WithThousands(run.upload.response.tokens_stored()), " tokens)",
          run.upload.response.replaced_previous()
              ? ", replacing the earlier upload of this period"
              : "",
          "; detail offered on ", WithThousands(run.detail_offered),
          " accounts\n");
    case Outcome::kDryRun:
      return absl::StrCat(
          run.partner, ", period ", run.period,
          ": would send; detail offered on ", WithThousands(run.detail_offered),
          " accounts (", WithThousands(run.opted_in), " opted in, ",
          WithThousands(run.opted_out), " opted out)",
          run.note.empty()
              ? ""
              : absl::StrCat("; warning: sync would refuse this upload: ",
                             TerminalSafe(run.note), " (--allow-shrink)"),
          "\n");
    case Outcome::kSkipped:
      return absl::StrCat(run.partner, ": skipped, ", TerminalSafe(run.note),
                          "\n");
    case Outcome::kFailed:
      return absl::StrCat(run.partner, ": FAILED (exit ", run.exit_code,
                          "): ", TerminalSafe(run.note), "\n");
  }
  return "";
}

}  // namespace

int SyncAll(const ClientConfig& config, const SyncAllOptions& options) {
  const auto finish = [](const absl::Status& status) {
    std::cerr << "blindmap: " << TerminalSafe(status.message()) << "\n";
    return ExitCodeFor(status);
  };
  const std::string input =
      options.input.empty() ? config.export_file : options.input;
  if (input.empty()) {
    return finish(absl::InvalidArgumentError(
        "no CRM export given: pass --input FILE.csv or set export.file in "
        "the config"));
  }
  // Even a dry run asks the broker which partnerships there are (it sends
  // nothing else).
  absl::StatusOr<std::unique_ptr<BrokerClient>> broker =
      BrokerClient::Connect(config);
  if (!broker.ok()) return finish(broker.status());
  absl::StatusOr<std::string> me = (*broker)->WhoAmI();
  if (!me.ok()) return finish(me.status());
  const absl::Status party = CheckConfiguredParty(config, *me);
  if (!party.ok()) return finish(party);
  absl::StatusOr<v1::ListPartnershipsResponse> listed =
      (*broker)->ListPartnerships();
  if (!listed.ok()) return finish(listed.status());
  std::vector<PartnerRun> runs = PlanRuns(config, *listed, *me, options);

  // One read for every partnership, with the detail they may need.
  std::optional<CrmExport> exported;
  int export_reads = 0;
  const bool any_to_sync = std::any_of(runs.begin(), runs.end(), ToSync);
  if (any_to_sync) {
    const SharingConfig read_sharing = ReadSharing(config);
    const absl::Time read_start = absl::Now();
    absl::StatusOr<CrmExport> read =
        ReadExport(config, input, options.contacts, &read_sharing);
    ++export_reads;
    if (!read.ok()) return finish(read.status());
    exported = *std::move(read);
    if (options.format == "text") {
      std::cout << "Read " << TerminalSafe(input) << " once for "
                << std::count_if(runs.begin(), runs.end(), ToSync)
                << " partnerships"
                << absl::StrFormat(" (%.2f s)", absl::ToDoubleSeconds(
                                                    absl::Now() - read_start))
                << ".\n";
    }
  }
  std::optional<SharedDetail> detail;
  if (exported.has_value()) detail.emplace(*exported);

  for (PartnerRun& run : runs) {
    if (!ToSync(run)) continue;
    absl::Status applied = detail->ApplyFor(run.sharing, config, *exported);
    if (!applied.ok()) {
      Fail(run, applied);
      continue;
    }
    run.detail_offered = exported->summary.detail_offered;
    run.opted_in = exported->summary.opted_in;
    run.opted_out = exported->summary.opted_out;
    const std::optional<PreviousUpload> previous =
        PreviousUploadOf(run.partnership);
    if (options.dry_run) {
      if (!options.allow_shrink) {
        run.note = ShrinkWarning(*exported, previous, config.max_shrink_percent,
                                 run.partner);
      }
      continue;
    }
    absl::Status shrink =
        CheckShrink(*exported, previous, config.max_shrink_percent, run.partner,
                    options.allow_shrink);
    if (!shrink.ok()) {
      Fail(run, shrink);
      continue;
    }
    absl::StatusOr<UploadOutcome> uploaded =
        TokenizeAndUpload(**broker, config, run.partnership, run.partner,
                          run.period, /*secret_file=*/"", *exported);
    if (!uploaded.ok()) {
      Fail(run, uploaded.status());
      continue;
    }
    run.upload = *std::move(uploaded);
    if (options.after_sync) {
      run.after =
          options.after_sync(**broker, run.partnership, run.partner, *me);
    }
  }

  int exit_code = kExitOk;
  int synced = 0, skipped = 0, failed = 0;
  for (const PartnerRun& run : runs) {
    exit_code = MoreSevereExitCode(exit_code, run.exit_code);
    if (run.after.has_value()) {
      exit_code = MoreSevereExitCode(exit_code, run.after->exit_code);
    }
    synced += ToSync(run) ? 1 : 0;
    skipped += run.outcome == Outcome::kSkipped ? 1 : 0;
    failed += run.outcome == Outcome::kFailed ? 1 : 0;
  }
  if (synced + failed == 0) exit_code = kExitNotFound;
  const CrmExport* read = exported.has_value() ? &*exported : nullptr;

  if (options.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const PartnerRun& run : runs) {
      out.push_back(RunJson(run, read, config, export_reads));
    }
    std::cout << out.dump(2) << "\n";
  } else {
    if (read != nullptr) {
      // The shared part of the summary; detail counts are per partner.
      ExportSummary shared = read->summary;
      shared.detail_offered = shared.opted_in = shared.opted_out = 0;
      std::cout << SummaryText(shared, config, options.dry_run);
    }
    for (const PartnerRun& run : runs) {
      std::cout << RunLine(run);
      if (run.after.has_value()) std::cout << run.after->text;
    }
    std::cout << "sync --all" << (options.dry_run ? " (dry run)" : "") << ": "
              << synced << (options.dry_run ? " would sync, " : " synced, ")
              << skipped << " skipped, " << failed << " failed; exit "
              << exit_code << "\n";
  }
  if (synced + failed == 0) {
    std::cerr << "blindmap: no active partnership with a partnership secret "
                 "on this machine to sync\n";
  } else if (failed > 0) {
    std::cerr << "blindmap: sync --all: " << failed << " of " << synced + failed
              << " partnerships failed\n";
  }
  return exit_code;
}

}  // namespace blindmap
