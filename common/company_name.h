// Normalization of company names into a match key.
#ifndef BLINDMAP_COMMON_COMPANY_NAME_H_
#define BLINDMAP_COMMON_COMPANY_NAME_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace blindmap {

// Turns a company name as typed in a CRM into the key two CRMs agree on:
//  - Unicode NFKC, full case folding, accents and other combining marks
//    removed (é -> e, ß -> ss via case folding);
//  - '&' and '+' between words become "and"; other punctuation becomes a
//    word break, except where it joins letters inside a word without
//    meaning (apostrophes: "McDonald's" -> "mcdonalds");
//  - a leading "the" is dropped;
//  - trailing legal-form suffixes of the major jurisdictions are dropped,
//    repeatedly ("Acme Holdings, Inc." -> "acme holdings"; "Foo GmbH & Co.
//    KG" -> "foo"), including dotted spellings ("S.A.", "L.L.C.") and
//    non-Latin ones (株式会社, 有限公司, ООО, "주식회사");
//  - whitespace collapsed to single ASCII spaces, trimmed.
// The result is UTF-8. It is empty when nothing distinctive remains (the
// input was empty, only punctuation, or only a legal form); callers treat an
// empty key as "no name key".
//
// Construction loads ICU data once. Normalize() is const and thread-safe
// after construction.
class CompanyNameNormalizer {
 public:
  // InternalError if ICU's normalizer data cannot be loaded.
  static absl::StatusOr<std::unique_ptr<CompanyNameNormalizer>> Create();
  virtual ~CompanyNameNormalizer() = default;

  // InvalidArgumentError if `raw` is not valid UTF-8 (the message never
  // includes `raw`).
  virtual absl::StatusOr<std::string> Normalize(
      absl::string_view raw) const = 0;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_COMPANY_NAME_H_
