#include "client/sync/snapshot_tokens.h"

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/crypto/key_schedule.h"

namespace blindmap {
namespace {

void SetBytes(const TruncatedHmac::Output& bytes, std::string* out) {
  out->assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace

absl::StatusOr<std::unique_ptr<SnapshotTokenizer>> SnapshotTokenizer::Create(
    absl::string_view token_key, absl::string_view record_key,
    absl::string_view partnership_id, absl::string_view period,
    bool name_variants) {
  ASSIGN_OR_RETURN(auto tokens, TruncatedHmac::Create(token_key));
  ASSIGN_OR_RETURN(auto record_ids, TruncatedHmac::Create(record_key));
  return std::unique_ptr<SnapshotTokenizer>(new SnapshotTokenizer(
      std::move(tokens), std::move(record_ids), std::string(partnership_id),
      std::string(period), name_variants));
}

SnapshotTokenizer::SnapshotTokenizer(std::unique_ptr<TruncatedHmac> tokens,
                                     std::unique_ptr<TruncatedHmac> record_ids,
                                     std::string partnership_id,
                                     std::string period, bool name_variants)
    : tokens_(std::move(tokens)),
      record_ids_(std::move(record_ids)),
      partnership_id_(std::move(partnership_id)),
      period_(std::move(period)),
      record_id_prefix_(absl::StrCat(partnership_id_,
                                     absl::string_view("\0", 1), period_,
                                     absl::string_view("\0", 1))),
      name_variants_(name_variants) {}

TruncatedHmac::Output SnapshotTokenizer::Token(v1::KeyKind kind,
                                               absl::string_view value) {
  const v1::KeyKind hashed_as =
      kind == v1::KEY_KIND_NAME_VARIANT ? v1::KEY_KIND_NAME : kind;
  return tokens_->Compute(static_cast<uint8_t>(hashed_as), value);
}

void SnapshotTokenizer::AddToken(v1::Record& record, v1::KeyKind kind,
                                 absl::string_view value) {
  v1::Token* token = record.add_tokens();
  token->set_kind(kind);
  SetBytes(Token(kind, value), token->mutable_value());
}

std::string SnapshotTokenizer::RecordId(absl::string_view account_id) {
  scratch_.assign(record_id_prefix_);
  scratch_.append(account_id.data(), account_id.size());
  std::string id;
  SetBytes(record_ids_->Compute(0, scratch_), &id);
  return id;
}

absl::Status SnapshotTokenizer::Add(const ExportedAccount& account,
                                    v1::RecordBatch& batch) {
  v1::Record* record = batch.add_records();
  *record->mutable_record_id() = RecordId(account.account_id);
  record->set_population_bits(account.populations);
  if (!account.name_key.empty()) {
    AddToken(*record, v1::KEY_KIND_NAME, account.name_key);
  }
  for (const std::string& domain : account.domain_keys) {
    AddToken(*record, v1::KEY_KIND_DOMAIN, domain);
  }
  for (const AccountKey& key : account.more_keys) {
    if (key.kind == v1::KEY_KIND_NAME_VARIANT && !name_variants_) continue;
    AddToken(*record, key.kind, key.value);
  }
  if (!account.detail.empty() && !detail_key_.empty()) {
    ASSIGN_OR_RETURN(
        *record->mutable_sealed_detail(),
        SealAes256Gcm(detail_key_,
                      DetailAad(partnership_id_, period_, record->record_id()),
                      account.detail));
    record->set_opted_in(account.opted_in);
  }
  return absl::OkStatus();
}

}  // namespace blindmap
