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

uint8_t RecordEvidenceBit(v1::KeyKind kind) {
  switch (kind) {
    case v1::KEY_KIND_WITH_COUNTRY:
      return kHasCountry;
    case v1::KEY_KIND_BRAND_LABEL:
    case v1::KEY_KIND_BRAND_LABEL_VARIANT:
      return kHasWebsite;
    default:
      return IdKindBit(kind);
  }
}

bool IsVariantKind(v1::KeyKind kind) {
  return kind == v1::KEY_KIND_NAME_VARIANT ||
         kind == v1::KEY_KIND_BRAND_LABEL_VARIANT;
}

v1::KeyKind StoredKind(v1::KeyKind kind) {
  switch (kind) {
    case v1::KEY_KIND_NAME_VARIANT:
      return v1::KEY_KIND_NAME;
    case v1::KEY_KIND_BRAND_LABEL_VARIANT:
      return v1::KEY_KIND_BRAND_LABEL;
    default:
      return kind;
  }
}

MatchEvidence TokenEvidence(v1::KeyKind stored_kind, bool x_variant,
                            bool y_variant) {
  switch (stored_kind) {
    case v1::KEY_KIND_DOMAIN:
      return kSharesDomain;
    case v1::KEY_KIND_NAME:
    case v1::KEY_KIND_NAME_VARIANT:
      if (x_variant && y_variant) return 0;
      return x_variant || y_variant ? kSharesNameVariant : kSharesName;
    case v1::KEY_KIND_BRAND_LABEL:
    case v1::KEY_KIND_BRAND_LABEL_VARIANT:
      return x_variant || y_variant ? kSharesBrandVariant : kSharesBrand;
    case v1::KEY_KIND_WITH_COUNTRY:
      return kSharesCountry;
    default:
      return IdKindBit(stored_kind);
  }
}

MatchVerdict JudgePair(v1::MatchPolicy policy, uint8_t a, uint8_t b,
                       MatchEvidence shared) {
  const uint8_t both = a & b;
  if ((both & kIdKindBits & ~shared) != 0) return MatchVerdict::kIdVeto;
  if ((shared & (kIdKindBits | kSharesDomain)) != 0) {
    return MatchVerdict::kMatch;
  }
  if (policy == v1::MATCH_POLICY_STRICT) return MatchVerdict::kNoEvidence;
  MatchEvidence weak = kSharesName | kSharesBrand;
  if (policy == v1::MATCH_POLICY_BROAD) weak |= kSharesNameVariant;
  if ((shared & weak) == 0) return MatchVerdict::kNoEvidence;
  if ((both & kHasCountry) != 0 && (shared & kSharesCountry) == 0) {
    return MatchVerdict::kCountryVeto;
  }
  if ((both & kHasWebsite) != 0 &&
      (shared & (kSharesBrand | kSharesBrandVariant)) == 0) {
    return MatchVerdict::kWebsiteVeto;
  }
  return MatchVerdict::kMatch;
}

bool RecordsMatch(v1::MatchPolicy policy, uint8_t a, uint8_t b,
                  MatchEvidence shared) {
  return JudgePair(policy, a, b, shared) == MatchVerdict::kMatch;
}

bool IsVetoed(MatchVerdict verdict) {
  return verdict == MatchVerdict::kIdVeto ||
         verdict == MatchVerdict::kCountryVeto ||
         verdict == MatchVerdict::kWebsiteVeto;
}

const char* MatchVerdictName(MatchVerdict verdict) {
  switch (verdict) {
    case MatchVerdict::kMatch:
      return "match";
    case MatchVerdict::kIdVeto:
      return "id";
    case MatchVerdict::kCountryVeto:
      return "country";
    case MatchVerdict::kWebsiteVeto:
      return "website";
    default:
      return "no_evidence";
  }
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
             "on an equal company name or website brand label (gxo.ca = "
             "gxo.com), or on a name variant (without generic trailing words "
             "such as Group or International, or a country word) equal to "
             "the other's name; never when they carry different registration "
             "ids of the same kind, and a match on a name or label alone "
             "never when both records carry a country and the countries "
             "differ, or both carry a website and the websites differ";
    default:
      return "records match on a shared registration id or website domain, "
             "or on an equal company name (spaces ignored, a country in "
             "brackets or after a dash set aside) or website brand label "
             "(gxo.ca = gxo.com); never when they carry different "
             "registration ids of the same kind, and a match on a name or "
             "label alone never when both records carry a country and the "
             "countries differ, or both carry a website and the websites "
             "differ";
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
