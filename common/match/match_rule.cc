#include "common/match/match_rule.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace blindmap {

uint8_t IdKindBit(v1::KeyKind kind) {
  switch (kind) {
    case v1::KEY_KIND_DUNS:
      return kHasDuns;
    case v1::KEY_KIND_LEI:
      return kHasLei;
    case v1::KEY_KIND_REGISTRATION_ID:
      return kHasRegistrationId;
    default:
      return 0;
  }
}

bool RecordsMatch(v1::MatchPolicy policy, uint8_t a_ids, uint8_t b_ids,
                  uint8_t shared) {
  const uint8_t both = a_ids & b_ids & kIdKindBits;
  if ((both & ~shared) != 0) return false;  // the veto
  if ((shared & (kIdKindBits | kSharesDomain)) != 0) return true;
  if (policy == v1::MATCH_POLICY_STRICT) return false;
  if ((shared & kSharesName) != 0) return true;
  return policy == v1::MATCH_POLICY_BROAD && (shared & kSharesNameVariant) != 0;
}

const char* MatchPolicyName(v1::MatchPolicy policy) {
  switch (policy) {
    case v1::MATCH_POLICY_STRICT:
      return "strict";
    case v1::MATCH_POLICY_BROAD:
      return "broad";
    default:
      return "standard";
  }
}

const char* MatchPolicyDescription(v1::MatchPolicy policy) {
  switch (policy) {
    case v1::MATCH_POLICY_STRICT:
      return "records match on a shared registration id (DUNS, LEI, national "
             "id) or website domain only; never when they carry different "
             "registration ids of the same kind";
    case v1::MATCH_POLICY_BROAD:
      return "records match on a shared registration id or website domain, "
             "or on an equal company name or name variant (e.g. without its "
             "country qualifier); never when they carry different "
             "registration ids of the same kind";
    default:
      return "records match on a shared registration id or website domain, "
             "or on an equal company name; never when they carry different "
             "registration ids of the same kind";
  }
}

absl::StatusOr<v1::MatchPolicy> ParseMatchPolicy(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "strict") return v1::MATCH_POLICY_STRICT;
  if (lower == "standard") return v1::MATCH_POLICY_STANDARD;
  if (lower == "broad") return v1::MATCH_POLICY_BROAD;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown match policy \"", name, "\"; use strict, standard or broad"));
}

}  // namespace blindmap
