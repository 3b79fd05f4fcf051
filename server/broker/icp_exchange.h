// The sealed ICP exchange: each side of a partnership may share its ICP
// definition, sealed end to end by its client; the broker stores the
// ciphertext and releases one side's to the other only when both have
// shared (each side's share is its consent).
#ifndef BLINDMAP_SERVER_BROKER_ICP_EXCHANGE_H_
#define BLINDMAP_SERVER_BROKER_ICP_EXCHANGE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/storage.pb.h"

namespace blindmap {

// Largest sealed ICP the broker keeps (a definition is a few hundred bytes).
inline constexpr size_t kMaxSealedIcpBytes = 16 * 1024;
// Smallest: an AES-256-GCM nonce and tag around an empty plaintext.
inline constexpr size_t kMinSealedIcpBytes = 12 + 16;

// The exchange as `viewer` (one of the partnership's two parties) may see
// it: who shared and when, and the partner's sealed ICP only when both
// have shared. Pure.
v1::IcpExchange IcpExchangeFor(
    const v1::storage::PartnershipRecord& partnership,
    absl::string_view viewer);

// Stores `sealed` as `party`'s shared ICP in `partnership` (replacing an
// earlier one), shared at `now_unix`. INVALID_ARGUMENT for a size outside
// kMinSealedIcpBytes..kMaxSealedIcpBytes (nothing changed).
absl::Status SetSealedIcp(v1::storage::PartnershipRecord& partnership,
                          absl::string_view party, const std::string& sealed,
                          int64_t now_unix);

// Removes `party`'s shared ICP from `partnership`; returns whether there
// was one.
bool ClearSealedIcp(v1::storage::PartnershipRecord& partnership,
                    absl::string_view party);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_ICP_EXCHANGE_H_
