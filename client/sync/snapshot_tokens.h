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
// and each account an opaque record id
//   HMAC-SHA256(local record key,
//               0x00 || partnership id \0 period \0 account id)[:16]
// so record ids are stable within a period (for this party only, whose
// record key never leaves the machine) and unlinkable across periods and
// partnerships.
//
// Not thread-safe (it holds HMAC scratch state).
class SnapshotTokenizer {
 public:
  // INVALID_ARGUMENT for empty keys. Name variants are tokenized only when
  // `name_variants` is set (the partnership's policy is broad): otherwise
  // they would tell the broker about equalities no rule uses.
  static absl::StatusOr<std::unique_ptr<SnapshotTokenizer>> Create(
      absl::string_view token_key, absl::string_view record_key,
      absl::string_view partnership_id, absl::string_view period,
      bool name_variants = false);

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

  // The token of one key, for tests and local matching. A NAME_VARIANT is
  // hashed as a NAME, so it can equal the other side's name.
  TruncatedHmac::Output Token(v1::KeyKind kind, absl::string_view value);

 private:
  SnapshotTokenizer(std::unique_ptr<TruncatedHmac> tokens,
                    std::unique_ptr<TruncatedHmac> record_ids,
                    std::string partnership_id, std::string period,
                    bool name_variants);
  void AddToken(v1::Record& record, v1::KeyKind kind, absl::string_view value);

  std::unique_ptr<TruncatedHmac> tokens_;
  std::unique_ptr<TruncatedHmac> record_ids_;
  const std::string partnership_id_;
  const std::string period_;
  const std::string record_id_prefix_;  // partnership id \0 period \0
  const bool name_variants_;
  std::string detail_key_;
  std::string scratch_;
};

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_SNAPSHOT_TOKENS_H_
