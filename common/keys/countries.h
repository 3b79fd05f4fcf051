// Countries by their codes and names: the qualifiers of company names
// ("Siemens AG (Deutschland)") and the country of a registration id.
#ifndef BLINDMAP_COMMON_KEYS_COUNTRIES_H_
#define BLINDMAP_COMMON_KEYS_COUNTRIES_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace blindmap {

// One ISO 3166-1 country. Our own table, written from the standard's list
// of codes and short names.
struct Country {
  const char* alpha2;  // "DE"
  const char* alpha3;  // "DEU"
  // Names separated by '|': the English short name and common English
  // alternatives, names in the country's own languages and scripts, and
  // codes people use besides ISO's ("UK", "USA", "UAE").
  const char* names;
  // Adjectives separated by '|' ("German|Deutsche"), or "". Only company
  // name qualifiers use them: "Acme (German) GmbH" is rare but unambiguous.
  const char* adjectives;
};

// Every ISO 3166-1 country, sorted by alpha-2 code.
absl::Span<const Country> CountryTable();

// Regions that qualify a company name like a country does ("Acme (Europe)
// Ltd", "Acme - EMEA"), separated by '|'. Not countries: no registration id
// has one.
absl::Span<const char* const> RegionNames();

// ISO 3166-1 alpha-2 code ("DE") of the country `name` denotes: an alpha-2
// or alpha-3 code or a name from CountryTable(), compared after folding the
// way company names are folded (case, accents, dots between single
// letters: "U.K.", "deutschland", "Côte d'Ivoire"). Null if `name` is none
// of these or not valid UTF-8. Thread-safe; the first call builds the index.
// Also read, failing an exact name: the name without state-form words
// ("Islamic Republic of Iran", "The Republic of North Macedonia",
// "Netherlands (Kingdom of the)").
const char* FindCountryAlpha2(absl::string_view name);

// FindCountryAlpha2() of text already folded like company names ("united
// states", "gb"), by exact name only: no folding, no state-form words.
const char* FindFoldedCountryAlpha2(absl::string_view folded);

// True if `folded` (a qualifier as company names are folded: "europe",
// "asia pacific") is one of RegionNames().
bool IsRegionName(absl::string_view folded);

// The ISO alpha-2 code of the country whose top-level domain `domain` (a
// registrable domain, "acme.co.uk") ends in: "GB" for .uk, "DE" for .de.
// Null for generic top-level domains and for the country codes that are
// widely used as generic ones (.co, .io, .ai, .me, .tv, ...), and for .eu.
const char* FindCountryOfDomain(absl::string_view domain);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_COUNTRIES_H_
