// Normalization of company registration ids: DUNS, LEI, national ids.
#ifndef BLINDMAP_COMMON_KEYS_REGISTRATION_ID_H_
#define BLINDMAP_COMMON_KEYS_REGISTRATION_ID_H_

#include <string>

#include "absl/strings/string_view.h"

namespace blindmap {

enum class IdVerdict {
  kOk,       // `value` holds the key
  kEmpty,    // nothing in the cell
  kInvalid,  // not a well-formed id of this kind (length, characters,
             // checksum, unknown country)
};

// Stable lowercase words for messages and JSON ("ok", "empty", "invalid").
const char* IdVerdictName(IdVerdict verdict);

struct IdKey {
  IdVerdict verdict = IdVerdict::kEmpty;
  std::string value;  // set only when kOk
};

// All three ignore white space anywhere in the cell (also the no-break
// space spreadsheets leave); a cell with nothing else is kEmpty. They never
// fail otherwise and are thread-safe.

// D-U-N-S number: separators (spaces, '-', '.', '/') removed, digits only,
// 9 digits with leading zeros kept ("00-123-4567" -> "001234567"); a
// DUNS+4 (13 digits, or 9 + '-' + 4) is reduced to its 9; 7 or 8 digits are
// padded with leading zeros (spreadsheets drop them). Anything else
// (letters, other lengths, all zeros) is kInvalid.
IdKey NormalizeDuns(absl::string_view raw);

// Legal Entity Identifier (ISO 17442): spaces removed, uppercased, 20
// characters A-Z/0-9 whose ISO 7064 MOD 97-10 check passes. Otherwise
// kInvalid.
IdKey NormalizeLei(absl::string_view raw);

// A national registration id with its country: the country as an ISO
// 3166-1 alpha-2 code (given as alpha-2, alpha-3 or an English or local
// short name, in any case and with or without accents or dots: "DE", "deu",
// "Germany", "Deutschland", "U.K."; see common/keys/countries.h), the id
// uppercased with spaces, '-', '.' and '/' removed; value "DE:HRB12345".
// kInvalid for an unknown or empty country, an id that is empty after
// cleaning ("--") or has characters other than ASCII letters and digits;
// kEmpty when the id cell is empty or white space.
IdKey NormalizeRegistrationId(absl::string_view country, absl::string_view id);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_REGISTRATION_ID_H_
