// Other forms of a company name key: without a bare trailing country
// (matched like the key), and without generic trailing words or a region
// (the `broad` policy's weak variants). Internal to common/;
// CompanyNameNormalizer is the public interface.
#ifndef BLINDMAP_COMMON_KEYS_NAME_VARIANTS_H_
#define BLINDMAP_COMMON_KEYS_NAME_VARIANTS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/keys/name_qualifiers.h"

namespace blindmap {

// True for a word that says how a company is organized or, generically,
// what it does, rather than which company it is: "international", "group",
// "holdings", "global", "restaurants", "solutions", ... (folded, ASCII).
bool IsGenericTrailingWord(absl::string_view word);

// The forms of `key` (words joined by single spaces, legal forms removed)
// without its trailing generic words and without a bare trailing country or
// region (NameQualifiers::FindBare), in either order, as long as a word is
// left. A form that only lost a country goes to `variants` ("kohls united
// states of america" -> "kohls"); one that lost a generic word or a region
// to `weak` ("acme holdings international" -> "acme holdings", "acme";
// "acme group deutschland" -> "acme group" (variant), "acme" (weak); "acme
// scandinavia" -> "acme" (weak)). Forms equal to `key` or already in either
// list are skipped. Sets `country` to the ISO alpha-2 code of a bare
// trailing country, if any and not already set. Allocates only for the
// forms it appends.
void AddNameVariants(absl::string_view key, const NameQualifiers& qualifiers,
                     std::vector<std::string>& variants,
                     std::vector<std::string>& weak, const char*& country);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_NAME_VARIANTS_H_
