// Turning exported accounts into the records a snapshot uploads.
#ifndef BLINDMAP_CLIENT_SYNC_SNAPSHOT_TOKENS_H_
#define BLINDMAP_CLIENT_SYNC_SNAPSHOT_TOKENS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/crm/crm_export.h"
#include "common/crypto/crypto.h"

namespace blindmap {

// Makes a snapshot's records: each key becomes
//   HMAC-SHA256(token key of the period, kind byte || normalized value)[:16]
// where a name's value has its spaces removed ("bone daddies" and
// "bonedaddies" give one token) and a variant is hashed as its base kind
// (StoredKind()); a record with a country also gets, for each distinct name
// form (without spaces) or brand label it sends, a KEY_KIND_WITH_COUNTRY
// token of   value \0 country   (the country veto; never a key). Each
// account becomes an opaque record id
//   HMAC-SHA256(local record key,
//               0x00 || partnership id \0 period \0 account id)[:16]
// so record ids are stable within a period (for this party only, whose
// record key never leaves the machine) and unlinkable across periods and
// partnerships.
//
// Not thread-safe (it holds HMAC scratch state).
class SnapshotTokenizer {
 public:
  // INVALID_ARGUMENT for empty keys. Only what the partnership's `policy`
  // uses is tokenized, since anything else would tell the broker about
  // equalities no rule uses: STRICT sends the name, domains and ids only;
  // STANDARD adds the name's other spellings, brand labels and their forms,
  // and the country tokens; BROAD adds the weak name variants.
  static absl::StatusOr<std::unique_ptr<SnapshotTokenizer>> Create(
      absl::string_view token_key, absl::string_view record_key,
      absl::string_view partnership_id, absl::string_view period,
      v1::MatchPolicy policy = v1::MATCH_POLICY_STANDARD);

  // Seal accounts' offered detail (ExportedAccount::detail) with AES-256-GCM
  // under `detail_key`, bound by DetailAad() to partnership, period and
  // record id. Without it, detail is never sent.
  void set_detail_key(std::string detail_key) {
    detail_key_ = std::move(detail_key);
  }

  // Appends `account` as a record to `batch`. INTERNAL only if sealing
  // fails (OpenSSL).
  absl::Status Add(const ExportedAccount& account, v1::RecordBatch& batch);

  // The record id an account gets in this partnership and period.
  std::string RecordId(absl::string_view account_id);

  // The token of one key, for tests and local matching. A variant is hashed
  // as its base kind (a NAME_VARIANT as a NAME), so it can equal the other
  // side's key; names and their variants with their spaces removed.
  TruncatedHmac::Output Token(v1::KeyKind kind, absl::string_view value);

  // The KEY_KIND_WITH_COUNTRY token of a name form (`of` NAME or
  // NAME_VARIANT, spaces removed) or brand label (`of` BRAND_LABEL) in
  // `country`; a name and a label with the same text give the same token.
  TruncatedHmac::Output CountryToken(v1::KeyKind of, absl::string_view value,
                                     absl::string_view country);

  // Calls `emit(kind, token)` for every token `account` gets under this
  // tokenizer's policy, in the order Add() sends them.
  template <typename Emit>
  void ForEachToken(const ExportedAccount& account, Emit emit);

 private:
  SnapshotTokenizer(std::unique_ptr<TruncatedHmac> tokens,
                    std::unique_ptr<TruncatedHmac> record_ids,
                    std::string partnership_id, std::string period,
                    v1::MatchPolicy policy);

  std::unique_ptr<TruncatedHmac> tokens_;
  std::unique_ptr<TruncatedHmac> record_ids_;
  const std::string partnership_id_;
  const std::string period_;
  const std::string record_id_prefix_;  // partnership id \0 period \0
  const v1::MatchPolicy policy_;
  std::string detail_key_;
  std::string scratch_;
};

template <typename Emit>
void SnapshotTokenizer::ForEachToken(const ExportedAccount& account,
                                     Emit emit) {
  const bool weak_keys = policy_ != v1::MATCH_POLICY_STRICT;
  const bool variants = policy_ == v1::MATCH_POLICY_BROAD;
  const bool country = weak_keys && !account.country.empty();
  // Country tokens already sent for this account (most have one or two).
  TruncatedHmac::Output sent[4];
  size_t sent_count = 0;
  const auto emit_country = [&](v1::KeyKind of, absl::string_view value) {
    const TruncatedHmac::Output token =
        CountryToken(of, value, account.country);
    for (size_t i = 0; i < sent_count; ++i) {
      if (sent[i] == token) return;
    }
    if (sent_count < 4) sent[sent_count++] = token;
    emit(v1::KEY_KIND_WITH_COUNTRY, token);
  };
  if (!account.name_key.empty()) {
    emit(v1::KEY_KIND_NAME, Token(v1::KEY_KIND_NAME, account.name_key));
    if (country) emit_country(v1::KEY_KIND_NAME, account.name_key);
  }
  for (const std::string& domain : account.domain_keys) {
    emit(v1::KEY_KIND_DOMAIN, Token(v1::KEY_KIND_DOMAIN, domain));
  }
  for (const AccountKey& key : account.more_keys) {
    switch (key.kind) {
      case v1::KEY_KIND_NAME:
      case v1::KEY_KIND_NAME_VARIANT:
      case v1::KEY_KIND_BRAND_LABEL:
        if (!weak_keys ||
            (key.kind == v1::KEY_KIND_NAME_VARIANT && !variants)) {
          continue;
        }
        emit(key.kind, Token(key.kind, key.value));
        if (country) emit_country(key.kind, key.value);
        break;
      case v1::KEY_KIND_BRAND_LABEL_VARIANT:
        if (weak_keys) emit(key.kind, Token(key.kind, key.value));
        break;
      default:
        emit(key.kind, Token(key.kind, key.value));
    }
  }
}

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_SNAPSHOT_TOKENS_H_
