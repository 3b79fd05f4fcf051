// `blindmap sync`: tokenize a CRM export and upload it as a snapshot.
#include <iostream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "client/batch_producer.h"
#include "client/cli_support.h"
#include "client/crm_export.h"
#include "client/export_summary_render.h"
#include "client/local_state.h"
#include "client/progress_line.h"
#include "client/shared_index.h"
#include "client/snapshot_tokens.h"
#include "common/key_schedule.h"
#include "common/status_macros.h"
#include "common/sync_period.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

constexpr size_t kRecordsPerBatch = 2000;

struct SyncOptions {
  std::string partner;
  std::string input;
  std::string contacts;
  std::string period;
  std::string secret_file;
  std::string format = "text";
  bool dry_run = false;
};

struct Timings {
  double read_seconds = 0;
  double tokenize_seconds = 0;
  double upload_seconds = 0;
};

absl::StatusOr<CrmExport> ReadExport(const ClientConfig& config,
                                     const std::string& input,
                                     const std::string& contacts,
                                     const SharingConfig& sharing) {
  ASSIGN_OR_RETURN(auto reader, CrmExportReader::Create(config));
  ProgressLine progress("reading export", 0);
  return reader->Read(
      input, [&](int64_t rows) { progress.Update(rows); }, contacts, &sharing);
}

// The sharing settings for `partner`: the config's, with levels set on the
// broker (`blindmap sharing --set`) for populations the config does not
// list, and the accounts opted out from this machine (`blindmap opt-out`).
absl::StatusOr<SharingConfig> EffectiveSharing(
    const ClientConfig& config, const std::string& partner,
    const google::protobuf::RepeatedPtrField<v1::PopulationSharing>*
        broker_levels) {
  SharingConfig sharing = config.SharingFor(partner);
  if (broker_levels != nullptr) {
    for (const v1::PopulationSharing& entry : *broker_levels) {
      sharing.levels.emplace(entry.population(), entry.level());
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> opted_out,
                   ReadOptOuts(config.state_dir, partner));
  sharing.opt_out.accounts.insert(sharing.opt_out.accounts.end(),
                                  opted_out.begin(), opted_out.end());
  return sharing;
}

// Tells the broker the levels the config sets (others stay as they are).
absl::Status PushSharingLevels(BrokerClient& broker,
                               const v1::Partnership& partnership,
                               const SharingConfig& configured) {
  if (configured.levels.empty()) return absl::OkStatus();
  std::vector<v1::PopulationSharing> levels;
  for (const auto& [population, value] : configured.levels) {
    v1::PopulationSharing& level = levels.emplace_back();
    level.set_population(population);
    level.set_level(value);
  }
  return broker.SetSharing(partnership.id(), levels).status();
}

// This machine's index of the accounts it offered in this upload.
absl::Status WriteOfferedIndex(const CrmExport& exported,
                               SnapshotTokenizer& tokenizer,
                               const std::string& path) {
  SharedIndex index;
  for (const ExportedAccount& account : exported.accounts) {
    if (account.detail.empty()) continue;
    IndexedAccount& entry = index[tokenizer.RecordId(account.account_id)];
    entry.account_id = account.account_id;
    entry.detail.ParseFromString(account.detail);
  }
  return WriteSharedIndex(path, index);
}

absl::Status Sync(const GlobalOptions& global, const SyncOptions& options) {
  ASSIGN_OR_RETURN(ClientConfig config, LoadClientConfig(global.config_path));
  const std::string input =
      options.input.empty() ? config.export_file : options.input;
  if (input.empty()) {
    return absl::InvalidArgumentError(
        "no CRM export given: pass --input FILE.csv or set export.file in "
        "the config");
  }
  const std::string period =
      options.period.empty() ? MonthlyPeriod(absl::Now()) : options.period;
  if (!IsMonthlyPeriod(period)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--period must be YYYY-MM, not \"", period, "\""));
  }
  // Without --dry-run, the partnership comes first: its sharing levels
  // decide which accounts offer their detail. A dry run contacts nobody.
  std::unique_ptr<BrokerClient> broker;
  v1::Partnership partnership;
  const google::protobuf::RepeatedPtrField<v1::PopulationSharing>*
      broker_levels = nullptr;
  if (!options.dry_run) {
    ASSIGN_OR_RETURN(broker, BrokerClient::Connect(config));
    ASSIGN_OR_RETURN(std::string me, broker->WhoAmI());
    ASSIGN_OR_RETURN(partnership, broker->FindPartnership(options.partner));
    if (partnership.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the partnership with ", options.partner, " is pending: ",
          partnership.invitee(), " has not accepted the invitation yet"));
    }
    broker_levels = partnership.inviter() == me
                        ? &partnership.inviter_sharing()
                        : &partnership.invitee_sharing();
  }
  ASSIGN_OR_RETURN(SharingConfig sharing,
                   EffectiveSharing(config, options.partner, broker_levels));
  Timings timings;
  const absl::Time read_start = absl::Now();
  ASSIGN_OR_RETURN(CrmExport exported,
                   ReadExport(config, input, options.contacts, sharing));
  timings.read_seconds = absl::ToDoubleSeconds(absl::Now() - read_start);

  if (options.dry_run) {
    if (options.format == "json") {
      nlohmann::json out = SummaryJson(exported.summary, config);
      out["dry_run"] = true;
      out["partner"] = options.partner;
      out["period"] = period;
      std::cout << out.dump(2) << "\n";
    } else {
      std::cout << "Dry run for partner " << options.partner << ", period "
                << period << ": nothing was sent.\n"
                << SummaryText(exported.summary, config, true);
    }
    return absl::OkStatus();
  }

  ASSIGN_OR_RETURN(PartnershipSecret secret,
                   LoadSecret(config, options.partner, options.secret_file));
  KeySchedule keys(secret);
  ASSIGN_OR_RETURN(std::string key_check, keys.KeyCheck());
  ASSIGN_OR_RETURN(std::string token_key, keys.TokenKey(period));
  ASSIGN_OR_RETURN(std::string record_key,
                   LoadOrCreateRecordKey(config.state_dir));
  ASSIGN_OR_RETURN(std::string detail_key, keys.DetailKey());
  RETURN_IF_ERROR(PushSharingLevels(*broker, partnership,
                                    config.SharingFor(options.partner)));
  // One tokenizer per core: tokenizing runs ahead of the upload.
  std::vector<std::unique_ptr<SnapshotTokenizer>> tokenizers;
  for (unsigned i = 0; i < std::max(1u, std::thread::hardware_concurrency());
       ++i) {
    ASSIGN_OR_RETURN(tokenizers.emplace_back(),
                     SnapshotTokenizer::Create(
                         token_key, record_key, partnership.id(), period,
                         partnership.match_policy() == v1::MATCH_POLICY_BROAD));
    tokenizers.back()->set_detail_key(detail_key);
  }
  ASSIGN_OR_RETURN(auto indexer,
                   SnapshotTokenizer::Create(token_key, record_key,
                                             partnership.id(), period));
  v1::SnapshotHeader header;
  header.set_partnership_id(partnership.id());
  header.set_period(period);
  header.set_key_check(key_check);
  header.set_record_count(exported.accounts.size());
  for (const PopulationConfig& population : config.populations) {
    v1::PopulationSpec* spec = header.add_populations();
    spec->set_name(population.name);
    spec->set_kind(population.kind);
  }
  BatchProducer producer(exported.accounts, std::move(tokenizers),
                         kRecordsPerBatch);
  auto batches = [&](v1::RecordBatch& batch) { return producer.Next(batch); };
  ProgressLine progress("uploading", exported.accounts.size());
  const absl::Time upload_start = absl::Now();
  absl::StatusOr<v1::UploadSnapshotResponse> uploaded = broker->Upload(
      header, batches, [&](uint64_t sent) { progress.Update(sent); });
  // A tokenizing failure stops the batches; the broker then refuses the
  // short upload, but the cause is the tokenizer's.
  RETURN_IF_ERROR(producer.status());
  ASSIGN_OR_RETURN(v1::UploadSnapshotResponse response, std::move(uploaded));
  progress.Finish();
  RETURN_IF_ERROR(WriteOfferedIndex(
      exported, *indexer,
      SharedIndexPath(config.state_dir, partnership.id(), period)));
  // Tokenizing overlaps the upload: report the workers' busy time, and the
  // upload's wall time including it.
  timings.tokenize_seconds = absl::ToDoubleSeconds(producer.busy());
  timings.upload_seconds = absl::ToDoubleSeconds(absl::Now() - upload_start);

  if (options.format == "json") {
    nlohmann::json out = SummaryJson(exported.summary, config);
    out["dry_run"] = false;
    out["partner"] = options.partner;
    out["partnership_id"] = partnership.id();
    out["period"] = response.period();
    out["records_stored"] = response.records_stored();
    out["tokens_stored"] = response.tokens_stored();
    out["replaced_previous"] = response.replaced_previous();
    out["timings"] = {{"read_seconds", timings.read_seconds},
                      {"tokenize_seconds", timings.tokenize_seconds},
                      {"upload_seconds", timings.upload_seconds}};
    std::cout << out.dump(2) << "\n";
    return absl::OkStatus();
  }
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
                   timings.read_seconds, timings.upload_seconds,
                   timings.tokenize_seconds)
            << "Next: blindmap report --partner " << options.partner << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddSyncCommand(CLI::App& app, const GlobalOptions& global,
                    CommandResult& result) {
  auto options = std::make_shared<SyncOptions>();
  CLI::App* sync = app.add_subcommand(
      "sync",
      "Tokenize the CRM export and upload it for one partner (only tokens, "
      "opaque record ids and population membership leave this machine)");
  sync->add_option("--partner", options->partner, "The partner's party name")
      ->required()
      ->check(PartyNameArgument());
  sync->add_option("-i,--input", options->input,
                   "CRM export (CSV); default: export.file in the config");
  sync->add_option("--contacts", options->contacts,
                   "Contacts export (CSV): contacts' e-mail domains join their "
                   "accounts as domain keys (free-mail dropped)");
  sync->add_option("--period", options->period,
                   "Sync period YYYY-MM (default: the current UTC month)");
  sync->add_option("--secret-file", options->secret_file,
                   "Partnership secret file (default from the config)");
  sync->add_flag("--dry-run", options->dry_run,
                 "Show what would be sent (counts per population, keys per "
                 "record, dropped rows) and send nothing");
  sync->add_option("--format", options->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sync->callback(
      [&, options] { result.exit_code = Finish(Sync(global, *options)); });
}

}  // namespace blindmap
