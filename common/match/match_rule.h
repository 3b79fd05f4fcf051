// When two records match: the one rule the broker and `blindmap
// match-local` both apply, on tokens.
#ifndef BLINDMAP_COMMON_MATCH_MATCH_RULE_H_
#define BLINDMAP_COMMON_MATCH_MATCH_RULE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"

namespace blindmap {

// What a record carries, as bits (stored with each of its tokens; the
// broker derives them from the kinds of the record's tokens, never from a
// value).
inline constexpr uint8_t kHasDuns = 1 << 0;
inline constexpr uint8_t kHasLei = 1 << 1;
inline constexpr uint8_t kHasRegistrationId = 1 << 2;
inline constexpr uint8_t kIdKindBits = kHasDuns | kHasLei | kHasRegistrationId;
// A country (the record has KEY_KIND_WITH_COUNTRY tokens).
inline constexpr uint8_t kHasCountry = 1 << 3;
// A usable website of its own (KEY_KIND_BRAND_LABEL or _VARIANT tokens).
inline constexpr uint8_t kHasWebsite = 1 << 4;
inline constexpr uint8_t kRecordEvidenceBits =
    kIdKindBits | kHasCountry | kHasWebsite;

// What two records share, as bits. The id bits line up with kHas*.
using MatchEvidence = uint16_t;
inline constexpr MatchEvidence kSharesDuns = kHasDuns;
inline constexpr MatchEvidence kSharesLei = kHasLei;
inline constexpr MatchEvidence kSharesRegistrationId = kHasRegistrationId;
inline constexpr MatchEvidence kSharesDomain = 1 << 3;
inline constexpr MatchEvidence kSharesName = 1 << 4;         // name = name
inline constexpr MatchEvidence kSharesNameVariant = 1 << 5;  // variant = name
inline constexpr MatchEvidence kSharesBrand = 1 << 6;  // brand label = label
// A brand label variant equal to the other's label or label variant: the
// same website family, which only keeps the website veto from firing.
inline constexpr MatchEvidence kSharesBrandVariant = 1 << 7;
// A name form or brand label with the same country (KEY_KIND_WITH_COUNTRY).
inline constexpr MatchEvidence kSharesCountry = 1 << 8;

// The id bit of a key kind (0 for other kinds).
uint8_t IdKindBit(v1::KeyKind kind);
// The record bit a token of `kind` implies: IdKindBit(), kHasCountry for
// WITH_COUNTRY, kHasWebsite for BRAND_LABEL and its variant, else 0.
uint8_t RecordEvidenceBit(v1::KeyKind kind);
// True for the variant kinds (NAME_VARIANT, BRAND_LABEL_VARIANT).
bool IsVariantKind(v1::KeyKind kind);
// The kind a token is hashed and stored as: a variant as its base kind
// (NAME_VARIANT as NAME, BRAND_LABEL_VARIANT as BRAND_LABEL), so that it can
// equal the other side's key; every other kind as itself.
v1::KeyKind StoredKind(v1::KeyKind kind);
// The largest KeyKind a client may send.
inline constexpr v1::KeyKind kMaxKeyKind = v1::KEY_KIND_WITH_COUNTRY;

// What sharing one token (stored as `stored_kind`) tells about a pair;
// `x_variant` / `y_variant`: the token is a variant on that side. A name
// variant meets only the other side's full name: two variants sharing a
// form ("Air Canada" and "Air India" both without their country) are no
// evidence.
MatchEvidence TokenEvidence(v1::KeyKind stored_kind, bool x_variant,
                            bool y_variant);

// Why two records that share a token do or do not match.
enum class MatchVerdict : uint8_t {
  kMatch = 0,
  kNoEvidence,   // nothing they share counts under the policy
  kIdVeto,       // both carry an id of one kind, and it differs
  kCountryVeto,  // a weak match; both carry a country, and it differs
  kWebsiteVeto,  // a weak match; both carry a website, and they differ
};

// The verdict for two records carrying `a` and `b` (kHas* bits) that share
// `shared`, under `policy`:
//  1. id veto: both carry an id of some kind and do not share one of that
//     kind -> no match, whatever else agrees;
//  2. a shared id or registrable domain -> match;
//  3. STRICT: nothing else counts;
//  4. weak evidence: STANDARD and BROAD an equal name or brand label, BROAD
//     also a name variant equal to the other's name; none -> no match;
//  5. country veto: both carry a country and share no name or label with
//     the same country -> no match;
//  6. website veto: both carry a website and share no brand label or
//     brand label variant (nor a domain, see 2) -> no match;
//  7. otherwise a match.
// UNSPECIFIED is read as STANDARD.
MatchVerdict JudgePair(v1::MatchPolicy policy, uint8_t a, uint8_t b,
                       MatchEvidence shared);

// JudgePair() == kMatch.
bool RecordsMatch(v1::MatchPolicy policy, uint8_t a, uint8_t b,
                  MatchEvidence shared);

// True if the pair shares evidence that would make it a match under
// `policy` but for a veto (the "look-alikes" `match-local --explain` shows).
bool IsVetoed(MatchVerdict verdict);

// Stable lowercase words: "match", "no_evidence", "id", "country",
// "website".
const char* MatchVerdictName(MatchVerdict verdict);

// "strict", "standard", "broad" (UNSPECIFIED: "standard").
const char* MatchPolicyName(v1::MatchPolicy policy);
// One sentence for people: what counts under the policy and the vetoes.
const char* MatchPolicyDescription(v1::MatchPolicy policy);
// INVALID_ARGUMENT naming the accepted words otherwise.
absl::StatusOr<v1::MatchPolicy> ParseMatchPolicy(absl::string_view name);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_MATCH_MATCH_RULE_H_
