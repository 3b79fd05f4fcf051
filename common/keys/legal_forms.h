// The table of legal-form designations (ISO 20275 "entity legal forms" and
// their common abbreviations) that company-name normalization removes.
#ifndef BLINDMAP_COMMON_KEYS_LEGAL_FORMS_H_
#define BLINDMAP_COMMON_KEYS_LEGAL_FORMS_H_

#include "absl/types/span.h"

namespace blindmap {

// Where in a name a legal form is recognised.
enum class LegalFormPosition {
  kSuffix,          // at the end: "Acme GmbH"
  kPrefix,          // at the start: "PT Telkom"
  kPrefixOrSuffix,  // either: "ООО Ромашка", "Ромашка ООО"
};

// How a legal form is matched against a normalized name.
enum class LegalFormMatch {
  // As whole words: "co" matches the last word of "acme co", never the end
  // of "costco".
  kWords,
  // As a string prefix or suffix regardless of word breaks, for scripts that
  // are written without spaces: "株式会社" is removed from
  // "トヨタ自動車株式会社". Only for spellings without ASCII characters.
  kAffix,
};

struct LegalForm {
  // ISO 3166-1 alpha-2 codes of the jurisdictions using the form, separated
  // by spaces ("US GB IE"). Informational: matching does not depend on the
  // country of a record, since CRMs rarely hold it reliably.
  const char* countries;
  // The form as it is written; the company-name normalizer normalizes it
  // with the same rules as names, so "S.A. de C.V.", "S. A. de C. V." and
  // "SA de CV" are one entry.
  const char* spelling;
  LegalFormPosition position;
  LegalFormMatch match;
};

// The built-in table. Adding a row is all it takes to support another form;
// spellings that normalize to the same key are harmless duplicates.
absl::Span<const LegalForm> LegalFormTable();

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_LEGAL_FORMS_H_
