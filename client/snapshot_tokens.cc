#include "client/snapshot_tokens.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

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
  std::string prefix = absl::StrCat(partnership_id, absl::string_view("\0", 1),
                                    period, absl::string_view("\0", 1));
  return std::unique_ptr<SnapshotTokenizer>(
      new SnapshotTokenizer(std::move(tokens), std::move(record_ids),
                            std::move(prefix), name_variants));
}

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

void SnapshotTokenizer::Add(const ExportedAccount& account,
                            v1::RecordBatch& batch) {
  v1::Record* record = batch.add_records();
  scratch_.assign(record_id_prefix_);
  scratch_.append(account.account_id);
  SetBytes(record_ids_->Compute(0, scratch_), record->mutable_record_id());
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
}

}  // namespace blindmap
