#include "client/sync/partner_sync.h"

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/config/secret_file.h"
#include "client/console/progress_line.h"
#include "client/sync/batch_producer.h"
#include "client/sync/local_state.h"
#include "client/sync/shared_index.h"
#include "client/sync/shrink_guard.h"
#include "client/sync/snapshot_tokens.h"
#include "common/base/status_macros.h"
#include "common/crypto/key_schedule.h"
#include "common/crypto/sync_period.h"

namespace blindmap {
namespace {

constexpr size_t kRecordsPerBatch = 2000;

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

}  // namespace

absl::StatusOr<CrmExport> ReadExport(const ClientConfig& config,
                                     const std::string& input,
                                     const std::string& contacts,
                                     const SharingConfig* sharing) {
  ASSIGN_OR_RETURN(auto reader, CrmExportReader::Create(config));
  ProgressLine progress("reading export", 0);
  return reader->Read(
      input, [&](int64_t rows) { progress.Update(rows); }, contacts, sharing);
}

std::vector<std::string> UnknownLevelWarnings(const ClientConfig& config,
                                              const std::string& partner) {
  std::vector<std::string> names;
  for (const PopulationConfig& population : config.populations) {
    names.push_back(population.name);
  }
  std::vector<std::string> warnings;
  for (const auto& [population, level] : config.SharingFor(partner).levels) {
    if (std::find(names.begin(), names.end(), population) != names.end()) {
      continue;
    }
    warnings.push_back(absl::StrCat(
        "sharing.levels: \"", population, "\" is none of the populations (",
        absl::StrJoin(names, ", "),
        "), so its level never applies (names are case-exact)"));
  }
  return warnings;
}

absl::StatusOr<std::string> SyncPeriodFor(v1::SyncCadence cadence,
                                          const std::string& requested) {
  if (requested.empty()) return PeriodOf(cadence, Now());
  if (!IsPeriod(cadence, requested)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--period must be a ", CadenceName(cadence), " period such as ",
        PeriodOf(cadence, Now()), ", not \"", requested, "\""));
  }
  return requested;
}

const google::protobuf::RepeatedPtrField<v1::PopulationSharing>& MyLevels(
    const v1::Partnership& partnership, const std::string& me) {
  return partnership.inviter() == me ? partnership.inviter_sharing()
                                     : partnership.invitee_sharing();
}

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
  const PartnerPortfolioConfig& portfolio = config.portfolio.For(partner);
  if (portfolio.candidate) {
    // A candidate mapping is counts only, and short.
    if (portfolio.candidate_until.has_value() &&
        absl::CivilDay(absl::ToCivilDay(Now(), absl::UTCTimeZone())) >
            *portfolio.candidate_until) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the candidate mapping with ", partner, " ended on ",
          absl::FormatCivilTime(*portfolio.candidate_until), " (partners.",
          partner,
          ".candidate.until): sign the partner (remove candidate) or end "
          "the mapping with `blindmap partner revoke ",
          partner, "`"));
    }
    sharing = CountsOnly(sharing);
  }
  ASSIGN_OR_RETURN(std::vector<std::string> opted_out,
                   ReadOptOuts(config.state_dir, partner));
  sharing.opt_out.accounts.insert(sharing.opt_out.accounts.end(),
                                  opted_out.begin(), opted_out.end());
  return sharing;
}

absl::StatusOr<UploadOutcome> TokenizeAndUpload(
    BrokerClient& broker, const ClientConfig& config,
    const v1::Partnership& partnership, const std::string& partner,
    const std::string& period, const std::string& secret_file,
    const CrmExport& exported) {
  ASSIGN_OR_RETURN(PartnershipSecret secret,
                   LoadSecret(config, partner, secret_file));
  KeySchedule keys(secret);
  ASSIGN_OR_RETURN(std::string key_check, keys.KeyCheck());
  ASSIGN_OR_RETURN(std::string token_key, keys.TokenKey(period));
  ASSIGN_OR_RETURN(std::string record_key,
                   LoadOrCreateRecordKey(config.state_dir));
  ASSIGN_OR_RETURN(std::string detail_key, keys.DetailKey());
  RETURN_IF_ERROR(
      PushSharingLevels(broker, partnership, config.SharingFor(partner)));
  // One tokenizer per core: tokenizing runs ahead of the upload.
  std::vector<std::unique_ptr<SnapshotTokenizer>> tokenizers;
  for (unsigned i = 0; i < std::max(1u, std::thread::hardware_concurrency());
       ++i) {
    ASSIGN_OR_RETURN(
        tokenizers.emplace_back(),
        SnapshotTokenizer::Create(token_key, record_key, partnership.id(),
                                  period, partnership.match_policy()));
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
    spec->set_role(population.role);
  }
  BatchProducer producer(exported.accounts, std::move(tokenizers),
                         kRecordsPerBatch);
  auto batches = [&](v1::RecordBatch& batch) { return producer.Next(batch); };
  ProgressLine progress(absl::StrCat("uploading to ", partner),
                        exported.accounts.size());
  const absl::Time upload_start = absl::Now();
  absl::StatusOr<v1::UploadSnapshotResponse> uploaded = broker.Upload(
      header, batches, [&](uint64_t sent) { progress.Update(sent); });
  // A tokenizing failure stops the batches; the broker then refuses the
  // short upload, but the cause is the tokenizer's.
  RETURN_IF_ERROR(producer.status());
  UploadOutcome outcome;
  ASSIGN_OR_RETURN(outcome.response, std::move(uploaded));
  progress.Finish();
  RETURN_IF_ERROR(WriteOfferedIndex(
      exported, *indexer,
      SharedIndexPath(config.state_dir, partnership.id(), period)));
  RETURN_IF_ERROR(
      RecordLastUpload(config.state_dir, partner,
                       PreviousUpload{outcome.response.period(),
                                      outcome.response.records_stored()}));
  outcome.tokenize_seconds = absl::ToDoubleSeconds(producer.busy());
  outcome.upload_seconds = absl::ToDoubleSeconds(absl::Now() - upload_start);
  return outcome;
}

}  // namespace blindmap
