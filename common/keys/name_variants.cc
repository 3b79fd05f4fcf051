#include "common/keys/name_variants.h"

#include <algorithm>
#include <iterator>

#include "common/keys/countries.h"

namespace blindmap {
namespace {

// Words that name a company's reach or a generic line of business,
// written after the distinctive part of a name ("Acme International",
// "Bone Daddies Restaurants", "Acme Group"). Sorted. Not "Holding(s)":
// that names a parent company, a different account from the company it
// holds ("Heineken Holding" and "Heineken").
constexpr absl::string_view kGenericTrailingWords[] = {
    "brands", "companies",  "enterprises", "global",     "group",
    "groupe", "gruppe",     "grupo",       "industries", "international",
    "intl",   "restaurant", "restaurants", "solutions",  "worldwide",
};

// Removes one trailing generic word (false if none, or if it is the only
// word).
bool StripGeneric(absl::string_view& key) {
  const size_t space = key.rfind(' ');
  if (space == absl::string_view::npos) return false;
  if (!IsGenericTrailingWord(key.substr(space + 1))) return false;
  key = key.substr(0, space);
  return true;
}

bool Contains(const std::vector<std::string>& list, absl::string_view form) {
  return std::find(list.begin(), list.end(), form) != list.end();
}

void Append(absl::string_view form, absl::string_view key,
            std::vector<std::string>& out, std::vector<std::string>& other) {
  if (form.empty() || form == key || Contains(out, form) ||
      Contains(other, form)) {
    return;
  }
  out.emplace_back(form);
}

}  // namespace

bool IsGenericTrailingWord(absl::string_view word) {
  return std::binary_search(std::begin(kGenericTrailingWords),
                            std::end(kGenericTrailingWords), word);
}

void AddNameVariants(absl::string_view key, const NameQualifiers& qualifiers,
                     std::vector<std::string>& variants,
                     std::vector<std::string>& weak, const char*& country) {
  // At most two rounds: generic words, then a country or region, then
  // generic words again ("acme group deutschland" -> "acme group" ->
  // "acme"). A form is weak once a generic word or a region went.
  absl::string_view form = key;
  bool is_weak = false;
  for (int round = 0; round < 2; ++round) {
    bool changed = false;
    while (StripGeneric(form)) {
      is_weak = true;
      Append(form, key, weak, variants);
      changed = true;
    }
    absl::string_view core;
    absl::string_view qualifier;
    if (qualifiers.FindBare(form, core, qualifier)) {
      const char* named = FindCountryAlpha2(qualifier);
      if (IsRegionName(qualifier)) is_weak = true;
      if (country == nullptr) country = named;
      form = core;
      if (is_weak) {
        Append(form, key, weak, variants);
      } else {
        Append(form, key, variants, weak);
      }
      changed = true;
    }
    if (!changed) break;
  }
}

}  // namespace blindmap
