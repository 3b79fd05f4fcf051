// Country qualifiers of company names: "(Deutschland)" in "Siemens AG
// (Deutschland)", "- UK" in "Acme Ltd - UK". Internal to common/;
// CompanyNameNormalizer is the public interface.
#ifndef BLINDMAP_COMMON_KEYS_NAME_QUALIFIERS_H_
#define BLINDMAP_COMMON_KEYS_NAME_QUALIFIERS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/keys/legal_form_matcher.h"
#include "common/text/name_folding.h"

namespace blindmap {

// A name split into its core and a qualifier, as views into NameWords::text.
struct QualifiedName {
  absl::string_view core;       // legal forms removed; never empty
  absl::string_view qualifier;  // the qualifier's words; never empty
};

// Finds a country qualifier at the end of a name. A qualifier is
//  - a country or region (common/keys/countries.h: names in English and the
//    country's languages, ISO codes, "UK", "USA", adjectives such as
//    "German"; regions such as "Europe", "EMEA"),
//  - written in brackets ("Siemens AG (Deutschland)", "Tata (India) Pvt
//    Ltd", "Acme (U.K.) Limited"), or after a comma, semicolon or spaced
//    dash ("Acme Ltd - UK", "Acme, Inc., USA"), where adjectives and a few
//    country names that are also first names or common words ("Chad",
//    "Jordan", "Turkey") do not count;
//  - followed by nothing but legal forms, and preceded by words that keep a
//    name once legal forms are removed.
// A country in the middle of a name ("Siemens (Deutschland) Holding GmbH"),
// a country without brackets or a separator ("Air Canada", "Mercedes-Benz
// USA") and anything else in brackets ("(formerly Foo)") is not a
// qualifier; neither is a code that is a common word ("(IT)", ", IN") or a
// legal form (", SA", "(AG)": legal forms win).
//
// Immutable after Create(); Find() is const and thread-safe.
class NameQualifiers {
 public:
  // Folds a table entry into words like names are folded.
  using Splitter = LegalFormMatcher::Splitter;

  // InternalError if a table entry normalizes to nothing.
  static absl::StatusOr<NameQualifiers> Create(const Splitter& split);

  // The core and qualifier of `words` if it has a qualifier; the core is
  // matcher.StripRange() of the words before the qualifier. False if it has
  // none. `stripped` is matcher.Strip(words): a qualifier can only be what
  // it ends with, which spares names without one any further lookup.
  // Allocates nothing.
  bool Find(const NameWords& words, absl::string_view stripped,
            const LegalFormMatcher& matcher, QualifiedName& out) const;

  // A bare country or region at the end of a name key (words joined by
  // single spaces, legal forms already removed): "acme scandinavia",
  // "mercedes benz usa", "acme deutschland". Only qualifiers allowed after a
  // separator count (not adjectives, nor names such as "India" or "Jordan"
  // that are often part of a name), and two-letter codes only as "UK". The
  // longest such ending wins; `core` is
  // the key before it, never empty. False if there is none. Allocates
  // nothing.
  bool FindBare(absl::string_view key, absl::string_view& core,
                absl::string_view& qualifier) const;

 private:
  enum Where : uint8_t {
    kInBrackets = 1,
    kAfterSeparator = 2,
  };

  NameQualifiers() = default;

  // True if words [begin, end) are a qualifier allowed `where` with a core
  // before it; fills `out`.
  bool Accept(const NameWords& words, const LegalFormMatcher& matcher,
              size_t begin, size_t end, Where where, QualifiedName& out) const;

  // Folded qualifier -> the Where bits it is allowed in.
  absl::flat_hash_map<std::string, uint8_t> qualifiers_;
  size_t max_words_ = 0;  // words in the longest qualifier
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_NAME_QUALIFIERS_H_
