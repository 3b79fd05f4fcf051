// Writing CSV fields (RFC 4180) that spreadsheets open safely.
#ifndef BLINDMAP_COMMON_TEXT_CSV_WRITER_H_
#define BLINDMAP_COMMON_TEXT_CSV_WRITER_H_

#include <string>

#include "absl/strings/string_view.h"

namespace blindmap {

// `field` quoted when it holds a comma, quote or line break ("" for a
// quote), as is otherwise.
std::string CsvQuote(absl::string_view field);

// A value from a CRM made inert for spreadsheets: a leading = + - @ tab or
// CR would start a formula in Excel or LibreOffice, so such values get a
// leading apostrophe (OWASP "CSV injection"). Not quoted.
std::string CsvInert(absl::string_view value);

// CsvQuote(CsvInert(value)): for any CRM-derived cell.
std::string CsvCell(absl::string_view value);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_TEXT_CSV_WRITER_H_
