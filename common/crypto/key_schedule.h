// Derivation of every partnership key from the partnership secret.
#ifndef BLINDMAP_COMMON_CRYPTO_KEY_SCHEDULE_H_
#define BLINDMAP_COMMON_CRYPTO_KEY_SCHEDULE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/crypto/partnership_secret.h"

namespace blindmap {

// HKDF-SHA256 (RFC 5869) with salt "blindmap/v1" over the partnership secret,
// one `info` label per purpose:
//   "blindmap v1 key-check"             -> 16-byte key-check value, sent to
//                                          the broker so it can tell two
//                                          parties their secrets differ;
//   "blindmap v1 token-key <period>"    -> 32-byte HMAC key for the tokens of
//                                          one sync period, so tokens of two
//                                          periods cannot be linked;
//   "blindmap v1 detail-key"            -> 32-byte AES-256-GCM key sealing
//                                          shared account detail end to end
//                                          (DetailAad() binds each sealed
//                                          detail to its partnership, period
//                                          and record);
//   "blindmap v1 icp-key"               -> 32-byte AES-256-GCM key sealing
//                                          each side's ICP definition end to
//                                          end (IcpAad() binds it to its
//                                          partnership and author).
// Thread-compatible; holds a copy of the secret.
class KeySchedule {
 public:
  static constexpr size_t kKeyCheckBytes = 16;
  static constexpr size_t kTokenKeyBytes = 32;

  explicit KeySchedule(PartnershipSecret secret) : secret_(std::move(secret)) {}

  // InternalError only if OpenSSL fails.
  absl::StatusOr<std::string> KeyCheck() const;
  // InvalidArgumentError if `period` is empty.
  absl::StatusOr<std::string> TokenKey(absl::string_view period) const;
  // InternalError only if OpenSSL fails.
  absl::StatusOr<std::string> DetailKey() const;
  // InternalError only if OpenSSL fails.
  absl::StatusOr<std::string> IcpKey() const;

 private:
  PartnershipSecret secret_;
};

// The associated data a sealed detail is bound to, so a ciphertext replayed
// under another record, period or partnership does not open.
std::string DetailAad(absl::string_view partnership_id,
                      absl::string_view period, absl::string_view record_id);

// The associated data a sealed ICP definition is bound to, so the broker
// cannot hand one side's ICP back as the other's, or move it to another
// partnership.
std::string IcpAad(absl::string_view partnership_id, absl::string_view author);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_CRYPTO_KEY_SCHEDULE_H_
