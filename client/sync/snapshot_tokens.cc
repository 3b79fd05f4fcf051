#include "client/sync/snapshot_tokens.h"

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/crypto/key_schedule.h"
#include "common/match/match_rule.h"

namespace blindmap {
namespace {

void SetBytes(const TruncatedHmac::Output& bytes, std::string* out) {
  out->assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace

absl::StatusOr<std::unique_ptr<SnapshotTokenizer>> SnapshotTokenizer::Create(
    absl::string_view token_key, absl::string_view record_key,
    absl::string_view partnership_id, absl::string_view period,
    v1::MatchPolicy policy) {
  ASSIGN_OR_RETURN(auto tokens, TruncatedHmac::Create(token_key));
  ASSIGN_OR_RETURN(auto record_ids, TruncatedHmac::Create(record_key));
  return std::unique_ptr<SnapshotTokenizer>(new SnapshotTokenizer(
      std::move(tokens), std::move(record_ids), std::string(partnership_id),
      std::string(period), policy));
}

SnapshotTokenizer::SnapshotTokenizer(std::unique_ptr<TruncatedHmac> tokens,
                                     std::unique_ptr<TruncatedHmac> record_ids,
                                     std::string partnership_id,
                                     std::string period, v1::MatchPolicy policy)
    : tokens_(std::move(tokens)),
      record_ids_(std::move(record_ids)),
      partnership_id_(std::move(partnership_id)),
      period_(std::move(period)),
      record_id_prefix_(absl::StrCat(partnership_id_,
                                     absl::string_view("\0", 1), period_,
                                     absl::string_view("\0", 1))),
      policy_(policy) {}

TruncatedHmac::Output SnapshotTokenizer::Token(v1::KeyKind kind,
                                               absl::string_view value) {
  const v1::KeyKind hashed_as = StoredKind(kind);
  if (hashed_as == v1::KEY_KIND_NAME &&
      value.find(' ') != absl::string_view::npos) {
    scratch_.clear();
    for (char c : value) {
      if (c != ' ') scratch_.push_back(c);
    }
    return tokens_->Compute(static_cast<uint8_t>(hashed_as), scratch_);
  }
  return tokens_->Compute(static_cast<uint8_t>(hashed_as), value);
}

TruncatedHmac::Output SnapshotTokenizer::CountryToken(
    v1::KeyKind of, absl::string_view value, absl::string_view country) {
  // Names and brand labels share one space: a shared token still means
  // one country, since a record has one, and a name equal to the record's
  // own brand label ("bonedaddies") costs one token instead of two.
  const bool name = StoredKind(of) == v1::KEY_KIND_NAME;
  scratch_.clear();
  for (char c : value) {
    if (c != ' ' || !name) scratch_.push_back(c);
  }
  scratch_.push_back('\0');
  scratch_.append(country.data(), country.size());
  return tokens_->Compute(static_cast<uint8_t>(v1::KEY_KIND_WITH_COUNTRY),
                          scratch_);
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
  ForEachToken(account,
               [record](v1::KeyKind kind, const TruncatedHmac::Output& value) {
                 v1::Token* token = record->add_tokens();
                 token->set_kind(kind);
                 SetBytes(value, token->mutable_value());
               });
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
