// When two records match: the one rule the broker and `blindmap
// match-local` both apply, on tokens.
#ifndef BLINDMAP_COMMON_MATCH_MATCH_RULE_H_
#define BLINDMAP_COMMON_MATCH_MATCH_RULE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"

namespace blindmap {

// Registration-id kinds a record carries, as bits (stored with each token).
inline constexpr uint8_t kHasDuns = 1 << 0;
inline constexpr uint8_t kHasLei = 1 << 1;
inline constexpr uint8_t kHasRegistrationId = 1 << 2;
inline constexpr uint8_t kIdKindBits = kHasDuns | kHasLei | kHasRegistrationId;

// What two records share, as bits. The id bits line up with kHas*.
inline constexpr uint8_t kSharesDuns = kHasDuns;
inline constexpr uint8_t kSharesLei = kHasLei;
inline constexpr uint8_t kSharesRegistrationId = kHasRegistrationId;
inline constexpr uint8_t kSharesDomain = 1 << 3;
inline constexpr uint8_t kSharesName = 1 << 4;         // name = name
inline constexpr uint8_t kSharesNameVariant = 1 << 5;  // involving a variant

// The id bit of a key kind (0 for names and domains).
uint8_t IdKindBit(v1::KeyKind kind);

// True when two records with registration-id kinds `a_ids` and `b_ids`
// that share `shared` match under `policy`:
//  1. veto: both carry an id of some kind and do not share one of that
//     kind -> no match, whatever else agrees;
//  2. a shared id or registrable domain -> match;
//  3. STANDARD and BROAD: an equal normalized name -> match;
//  4. BROAD: a name variant equal to the other's name or variant -> match.
// UNSPECIFIED is read as STANDARD.
bool RecordsMatch(v1::MatchPolicy policy, uint8_t a_ids, uint8_t b_ids,
                  uint8_t shared);

// "strict", "standard", "broad" (UNSPECIFIED: "standard").
const char* MatchPolicyName(v1::MatchPolicy policy);
// One sentence for people, e.g. for STANDARD "records match on a shared
// registration id or website domain, or on an equal company name; never
// when they carry different registration ids of the same kind".
const char* MatchPolicyDescription(v1::MatchPolicy policy);
// INVALID_ARGUMENT naming the accepted words otherwise.
absl::StatusOr<v1::MatchPolicy> ParseMatchPolicy(absl::string_view name);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_MATCH_MATCH_RULE_H_
