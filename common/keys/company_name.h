// Normalization of company names into a match key.
#ifndef BLINDMAP_COMMON_KEYS_COMPANY_NAME_H_
#define BLINDMAP_COMMON_KEYS_COMPANY_NAME_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace blindmap {

// Turns a company name as typed in a CRM into the key two CRMs agree on.
// Consistency matters more than linguistics: both parties run exactly this
// code, so any rule is fine as long as it maps spellings of one company
// together and keeps different companies apart.
//
//  - Folding (see common/text/name_folding.h for the full list): Unicode NFKC,
//    full case folding, default-ignorable characters removed, accents
//    removed ("é" -> "e", "ё" -> "е", "ά" -> "α"), "ß" -> "ss", letters with
//    a stroke and ligatures spelled in ASCII ("ø" -> "o", "ł" -> "l",
//    "ı" -> "i", "æ" -> "ae"), full-width Latin made ASCII ("ＡＣＭＥ").
//    Marks that are letters elsewhere stay: "ガ" and "カ" differ. There is no
//    German "ue" = "ü" rule: "Mueller" and "Müller" differ.
//  - Cyrillic and Greek are spelled in Latin letters, after legal forms are
//    removed, the way companies romanize their own names most often (see
//    common/text/transliteration.h): "ПАО «Газпром»" = "Gazprom PJSC" =
//    "gazprom", "Лукойл" -> "lukoil", "ΟΠΑΠ Α.Ε." -> "opap". Legal forms are
//    matched in the script they are written in, so "АО" is removed from
//    "АО «Касперский»" while "A. O. Smith" keeps its initials. Other scripts
//    are kept as they are.
//  - Apostrophes (' ’ ‘ ʼ ´ `) are deleted: "McDonald's" -> "mcdonalds",
//    "L'Oréal" -> "loreal".
//  - "&" and "+" become the word "and" when they stand between words,
//    spaced or not: "AT&T", "AT & T" and "AT and T" are all "at and t";
//    "Procter & Gamble" = "Procter and Gamble". We chose this over "att"
//    because it needs no list of exceptions and keeps "AT&T" apart from an
//    unrelated "ATT". A leading or trailing "&" is dropped.
//  - Single letters joined by "." or "/" are one word, so dotted
//    abbreviations equal their undotted spelling: "I.B.M." = "IBM",
//    "J. P. Morgan" = "JP Morgan", "S.A." = "SA", "A/S" = "AS". A dot
//    between longer words is a word break: "Amazon.com" -> "amazon com".
//  - Every other punctuation mark, symbol or space is a word break; words
//    are joined by single ASCII spaces.
//  - A leading "the" is dropped when other words follow ("The Home Depot"
//    -> "home depot"); "the" elsewhere stays.
//  - Legal forms from common/keys/legal_forms.h are removed from the end (and
//    the forms written first, such as "ООО", "PT", "株式会社", from the
//    start), longest first, repeatedly: "Acme Holdings, Inc." -> "acme
//    holdings", "Foo GmbH & Co. KG" -> "foo", "Smith & Co., Ltd." ->
//    "smith", "ООО «Ромашка»" -> "romashka", "トヨタ自動車株式会社" ->
//    "トヨタ自動車". Latin forms match whole words only ("Costco" stays);
//    Chinese, Japanese and Korean forms also match glued to the name.
//    Removal never takes the last word: "Company Inc" -> "company".
//  - A country qualifier at the end (see common/keys/name_qualifiers.h:
//    a country or region in brackets or after a comma or spaced dash,
//    followed only by legal forms) is set aside while legal forms are
//    removed, then its words are appended: "Siemens AG (Deutschland)" ->
//    "siemens deutschland", "Acme Holdings, Inc. (USA)" -> "acme holdings
//    usa", "Acme Ltd - UK" -> "acme uk", "Tata (India) Pvt Ltd" -> "tata
//    india". The qualifier stays
//    in the key because the same words without brackets ("Siemens
//    Deutschland GmbH") are part of the name, and because a subsidiary is a
//    company of its own; NormalizeKeys() also gives the name without it,
//    and the country it names, for matching.
// The result is UTF-8. It is empty when nothing distinctive remains: the
// input was empty or only spaces, punctuation and symbols, or it is exactly
// one legal form ("Inc.", "Co., Ltd.", "GmbH & Co. KG", "The Company").
// Callers treat an empty key as "no name key".
//
// ASCII names (most CRM data) are folded without calling ICU and get
// exactly the key the ICU path would give them.
//
// Construction loads ICU data once. Normalize() and NormalizeKeys() are const
// and thread-safe after construction.

// A name's match keys. Every form is distinct from `key` and from the
// others, and never an empty string. Matching compares names with their
// spaces removed ("bone daddies" = "bonedaddies"; see SnapshotTokenizer).
struct CompanyNameKeys {
  std::string key;  // Normalize()'s result; empty when nothing remains
  // Other spellings of the same name, matched like the key (`standard` and
  // `broad`): the key without a country qualifier ("Siemens AG
  // (Deutschland)" -> key "siemens deutschland", variant "siemens"; "Acme
  // Ltd - UK" -> "acme uk" / "acme"), and a "Co" written apart kept as part
  // of the name ("Pepsi Co" -> key "pepsi", variant "pepsi co", which
  // matches "PepsiCo"). Empty for most names.
  std::vector<std::string> variants;
  // Weaker forms (`broad` only, and only against the other side's key or
  // variants): without generic trailing words ("Acme Holdings
  // International" -> "acme holdings", "acme") or a bare trailing country
  // or region ("Acme Scandinavia" -> "acme", "Mercedes-Benz USA" ->
  // "mercedes benz"). Empty for most names.
  std::vector<std::string> weak_variants;
  // The ISO 3166-1 alpha-2 code of the country a qualifier or a bare
  // trailing country word names ("Acme (UK)" -> "GB"), or null. A record
  // without a country column value takes this one.
  const char* country = nullptr;
};

class CompanyNameNormalizer {
 public:
  // InternalError if ICU's normalizer data cannot be loaded or the legal
  // form table is inconsistent.
  static absl::StatusOr<std::unique_ptr<CompanyNameNormalizer>> Create();
  virtual ~CompanyNameNormalizer() = default;

  // InvalidArgumentError if `raw` is not valid UTF-8, InternalError if ICU
  // fails, ResourceExhaustedError if memory runs out. Messages never include
  // `raw`.
  virtual absl::StatusOr<std::string> Normalize(
      absl::string_view raw) const = 0;

  // The key as Normalize() gives it, and weaker variants used only by the
  // `broad` match policy (see CompanyNameKeys). Same errors as Normalize().
  virtual absl::StatusOr<CompanyNameKeys> NormalizeKeys(
      absl::string_view raw) const = 0;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_COMPANY_NAME_H_
