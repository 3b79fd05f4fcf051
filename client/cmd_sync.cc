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
#include "client/local_state.h"
#include "client/progress_line.h"
#include "client/snapshot_tokens.h"
#include "common/key_schedule.h"
#include "common/status_macros.h"
#include "common/sync_period.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

constexpr size_t kRecordsPerBatch = 2000;
constexpr size_t kProblemsShownAsText = 20;

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

nlohmann::json SummaryJson(const ExportSummary& s, const ClientConfig& config) {
  nlohmann::json populations = nlohmann::json::array();
  for (size_t i = 0; i < config.populations.size(); ++i) {
    populations.push_back({{"name", config.populations[i].name},
                           {"records", s.population_sizes[i]}});
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const RowProblem& p : s.problems) {
    problems.push_back(
        {{"row", p.row}, {"column", p.column}, {"reason", p.reason}});
  }
  auto column_name = [&](int index) {
    return index >= 0 ? nlohmann::json(s.columns.header[index])
                      : nlohmann::json(nullptr);
  };
  nlohmann::json websites = nlohmann::json::array();
  for (int index : s.columns.websites) websites.push_back(column_name(index));
  return {
      {"source", s.source},
      {"columns",
       {{"id", column_name(s.columns.id)},
        {"name", column_name(s.columns.name)},
        {"websites", websites}}},
      {"rows", s.rows},
      {"records", s.name_and_domain + s.name_only + s.domain_only + s.ids_only},
      {"populations", populations},
      {"keys_per_record",
       {{"name_and_domain", s.name_and_domain},
        {"name_only", s.name_only},
        {"domain_only", s.domain_only},
        {"ids_only", s.ids_only},
        {"with_registration_ids", s.with_ids}}},
      {"tokens",
       {{"name", s.name_keys},
        {"domain", s.domain_keys},
        {"duns", s.duns_keys},
        {"lei", s.lei_keys},
        {"registration_id", s.registration_keys},
        {"name_variant", s.name_variant_keys}}},
      {"invalid_ids", s.invalid_ids},
      {"contacts",
       {{"read", s.contacts},
        {"domains_added", s.contact_domains_added},
        {"unusable_emails", s.unusable_contact_emails}}},
      {"not_sent",
       {{"excluded", s.excluded},
        {"no_population", s.no_population},
        {"no_key", s.no_key},
        {"rejected", s.rejected}}},
      {"ragged_rows", s.ragged_rows},
      {"unusable_websites", s.unusable_websites},
      {"problems", problems},
      {"problems_truncated",
       static_cast<int64_t>(s.problems.size()) < s.no_key + s.rejected}};
}

std::string SummaryText(const ExportSummary& s, const ClientConfig& config,
                        bool dry_run) {
  std::string out;
  auto column_name = [&](int index) {
    return index >= 0 ? absl::StrCat("\"", s.columns.header[index], "\"")
                      : std::string("(none)");
  };
  std::vector<std::string> websites;
  for (int index : s.columns.websites) websites.push_back(column_name(index));
  absl::StrAppend(&out, "Export ", s.source, ": ", WithThousands(s.rows),
                  " rows\n  columns: id ", column_name(s.columns.id), ", name ",
                  column_name(s.columns.name), ", website ",
                  websites.empty() ? "(none)" : absl::StrJoin(websites, ", "),
                  "\n");
  const int64_t records =
      s.name_and_domain + s.name_only + s.domain_only + s.ids_only;
  absl::StrAppend(&out, dry_run ? "Would send " : "Sent ",
                  WithThousands(records), " records:\n");
  for (size_t i = 0; i < config.populations.size(); ++i) {
    absl::StrAppend(
        &out, absl::StrFormat("  %-24s %10s\n", config.populations[i].name,
                              WithThousands(s.population_sizes[i])));
  }
  absl::StrAppend(&out, "Keys per record: name and website ",
                  WithThousands(s.name_and_domain), ", name only ",
                  WithThousands(s.name_only), ", website only ",
                  WithThousands(s.domain_only), ", registration ids only ",
                  WithThousands(s.ids_only), "; with a registration id ",
                  WithThousands(s.with_ids), "\n");
  absl::StrAppend(&out, "Keys: ", WithThousands(s.name_keys), " name, ",
                  WithThousands(s.domain_keys), " domain, ",
                  WithThousands(s.duns_keys), " DUNS, ",
                  WithThousands(s.lei_keys), " LEI, ",
                  WithThousands(s.registration_keys), " registration id (",
                  WithThousands(s.name_variant_keys),
                  " name variants, sent only under the broad policy)\n");
  if (s.contacts > 0) {
    absl::StrAppend(&out, "Contacts: ", WithThousands(s.contacts), " read, ",
                    WithThousands(s.contact_domains_added),
                    " domains added to accounts\n");
  }
  if (!s.invalid_ids.empty()) {
    std::vector<std::string> parts;
    for (const auto& [kind, count] : s.invalid_ids) {
      parts.push_back(absl::StrCat(WithThousands(count), " ", kind));
    }
    absl::StrAppend(&out, "Registration ids not used (malformed): ",
                    absl::StrJoin(parts, ", "), "\n");
  }
  absl::StrAppend(&out, "Kept on this machine: ", WithThousands(s.excluded),
                  " excluded, ", WithThousands(s.no_population),
                  " in no population, ", WithThousands(s.no_key),
                  " without a usable key, ", WithThousands(s.rejected),
                  " rejected\n");
  if (s.ragged_rows > 0) {
    absl::StrAppend(&out, "Rows shorter than the header (read as empty): ",
                    WithThousands(s.ragged_rows), "\n");
  }
  if (!s.unusable_websites.empty()) {
    std::vector<std::string> parts;
    for (const auto& [verdict, count] : s.unusable_websites) {
      parts.push_back(absl::StrCat(WithThousands(count), " ", verdict));
    }
    absl::StrAppend(
        &out, "Websites not used as keys: ", absl::StrJoin(parts, ", "), "\n");
  }
  const int64_t dropped = s.no_key + s.rejected;
  if (dropped > 0) {
    absl::StrAppend(&out, "Dropped rows (", WithThousands(dropped), "):\n");
    for (size_t i = 0; i < s.problems.size() && i < kProblemsShownAsText; ++i) {
      const RowProblem& p = s.problems[i];
      absl::StrAppend(
          &out, "  row ", p.row,
          p.column.empty() ? "" : absl::StrCat(", column \"", p.column, "\""),
          ": ", p.reason, "\n");
    }
    if (dropped > static_cast<int64_t>(kProblemsShownAsText)) {
      absl::StrAppend(&out, "  ... (all of them with --format json)\n");
    }
  }
  return out;
}

absl::StatusOr<CrmExport> ReadExport(const ClientConfig& config,
                                     const std::string& input,
                                     const std::string& contacts) {
  ASSIGN_OR_RETURN(auto reader, CrmExportReader::Create(config));
  ProgressLine progress("reading export", 0);
  return reader->Read(
      input, [&](int64_t rows) { progress.Update(rows); }, contacts);
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
  Timings timings;
  const absl::Time read_start = absl::Now();
  ASSIGN_OR_RETURN(CrmExport exported,
                   ReadExport(config, input, options.contacts));
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

  ASSIGN_OR_RETURN(auto broker, BrokerClient::Connect(config));
  ASSIGN_OR_RETURN(v1::Partnership partnership,
                   broker->FindPartnership(options.partner));
  if (partnership.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the partnership with ", options.partner, " is pending: ",
        partnership.invitee(), " has not accepted the invitation yet"));
  }
  ASSIGN_OR_RETURN(PartnershipSecret secret,
                   LoadSecret(config, options.partner, options.secret_file));
  KeySchedule keys(secret);
  ASSIGN_OR_RETURN(std::string key_check, keys.KeyCheck());
  ASSIGN_OR_RETURN(std::string token_key, keys.TokenKey(period));
  ASSIGN_OR_RETURN(std::string record_key,
                   LoadOrCreateRecordKey(config.state_dir));
  // One tokenizer per core: tokenizing runs ahead of the upload.
  std::vector<std::unique_ptr<SnapshotTokenizer>> tokenizers;
  for (unsigned i = 0; i < std::max(1u, std::thread::hardware_concurrency());
       ++i) {
    ASSIGN_OR_RETURN(tokenizers.emplace_back(),
                     SnapshotTokenizer::Create(
                         token_key, record_key, partnership.id(), period,
                         partnership.match_policy() == v1::MATCH_POLICY_BROAD));
  }
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
  ASSIGN_OR_RETURN(v1::UploadSnapshotResponse response,
                   broker->Upload(header, batches, [&](uint64_t sent) {
                     progress.Update(sent);
                   }));
  progress.Finish();
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
