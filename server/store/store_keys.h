// Key layout of the broker's RocksDB column families. Fixed-width integers
// are big-endian so that keys sort numerically.
//
//   column family  key                                       value
//   default        "schema" | "next_snapshot_id"             "1" | u64
//                  "revoked/" party \0 party (sorted)        RevokedPartnership
//   parties        party name                                PartyRecord
//   party_tokens   SHA-256 of the party's API token          party name
//   partnerships   partnership id (32 hex)                   PartnershipRecord
//   snapshots      snapshot id (u64)                         SnapshotRecord
//   heads          partnership id \0 party \0 period         snapshot id (u64)
//   tokens         snapshot id (u64) kind (u8) token (16B)   varint populations
//                  record index (u32)                        flags (u8): bits
//                                                            0-4 what the
//                                                            record carries
//                                                            (kHas* of
//                                                            match_rule.h), bit
//                                                            7 a variant
//   records        snapshot id (u64) record index (u32)      record id (16B)
//                                                            varint populations
//                                                            flags (u8): bit 0
//                                                            opted in
//   record_index   snapshot id (u64) record id (16B)         record index (u32)
//   details        snapshot id (u64) record index (u32)      sealed detail
//   overlaps       low snapshot id (u64) high id (u64)       OverlapRecord
#ifndef BLINDMAP_SERVER_STORE_STORE_KEYS_H_
#define BLINDMAP_SERVER_STORE_STORE_KEYS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "common/match/overlap.h"

namespace blindmap::store_keys {

inline constexpr size_t kSnapshotIdBytes = 8;
inline constexpr size_t kTokenKeyBytes = kSnapshotIdBytes + 17 + 4;
inline constexpr size_t kRecordKeyBytes = kSnapshotIdBytes + 4;
inline constexpr size_t kRecordIdBytes = 16;

void AppendU64(std::string& out, uint64_t value);
void AppendU32(std::string& out, uint32_t value);
uint64_t ReadU64(absl::string_view bytes);  // requires bytes.size() >= 8
uint32_t ReadU32(absl::string_view bytes);  // requires bytes.size() >= 4
void AppendVarint(std::string& out, uint64_t value);
// False if `bytes` does not start with a complete varint.
bool ReadVarint(absl::string_view& bytes, uint64_t& value);

std::string SnapshotId(uint64_t id);
// The half-open key range [SnapshotId(id), SnapshotId(id + 1)) holds every
// tokens/records key of snapshot `id`.
std::string SnapshotRangeEnd(uint64_t id);

std::string TokenKey(uint64_t snapshot, const blindmap::TokenKey& token,
                     uint32_t record);
// Parses a tokens key; false if malformed.
bool ParseTokenKey(absl::string_view key, blindmap::TokenKey& token,
                   uint32_t& record);

std::string RecordKey(uint64_t snapshot, uint32_t record);

std::string HeadKey(absl::string_view partnership_id, absl::string_view party,
                    absl::string_view period);
// Prefix of every head of one partnership (all parties), or of one party.
std::string HeadPrefix(absl::string_view partnership_id);
std::string HeadPrefix(absl::string_view partnership_id,
                       absl::string_view party);

std::string OverlapKey(uint64_t low, uint64_t high);

// The flags byte of a tokens value.
inline constexpr uint8_t kTokenFlagVariant = 1 << 7;
// The flags byte of a records value.
inline constexpr uint8_t kRecordFlagOptedIn = 1 << 0;

std::string RecordIndexKey(uint64_t snapshot, absl::string_view record_id);

// Default family: the tombstone of the last revoked partnership of two
// parties, "revoked/" + the two names in order, '\0' between them.
inline constexpr absl::string_view kRevocationPrefix = "revoked/";
std::string RevocationKey(absl::string_view a, absl::string_view b);

}  // namespace blindmap::store_keys

#endif  // BLINDMAP_SERVER_STORE_STORE_KEYS_H_
