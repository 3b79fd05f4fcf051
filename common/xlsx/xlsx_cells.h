// Cells of a worksheet as text: references ("B12"), numbers as typed,
// dates as ISO dates, the OOXML escapes of strings.
#ifndef BLINDMAP_COMMON_XLSX_XLSX_CELLS_H_
#define BLINDMAP_COMMON_XLSX_XLSX_CELLS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace blindmap {

// Excel's limits: columns A..XFD, rows 1..1048576.
inline constexpr int kMaxXlsxColumns = 16384;
inline constexpr int64_t kMaxXlsxRows = 1048576;

// The 0-based column of a cell reference ("B12" -> 1, "$AA$3" -> 26), or -1
// when `ref` is not one (or beyond XFD). `row`, if given, gets its row.
int ColumnOfReference(absl::string_view ref, int64_t* row = nullptr);
// "B12" for column 1, row 12.
std::string CellReference(int column, int64_t row);

// A number cell's value as a person typed it: "123456789012345680" for
// "1.2345678901234568E+17", "0.00012" for "1.2E-4"; text without an
// exponent is returned as is. Text that is not a number (or whose plain
// form would be longer than 40 digits) is returned as is.
std::string PlainNumber(absl::string_view value);

// True for a number format that shows a date or a time: the built-in ids
// 14-22, 27-36, 45-47, 50-58, or a format code with d, m, y, h or s outside
// quotes, escapes and [brackets] (colors, locales; [h] [m] [s] count).
bool IsDateFormat(int format_id, absl::string_view format_code);

// An Excel serial date as ISO 8601: "2024-03-05", "2024-03-05T14:30:00"
// with a time of day, "14:30:00" for a time alone (serial below 1). Serial
// 60 of the 1900 system is Excel's 1900-02-29. nullopt for a value that is
// not a number or lies outside 0..9999-12-31.
std::optional<std::string> SerialToIso(absl::string_view serial, bool date1904);

// `text` with the OOXML escapes "_xHHHH_" (a UTF-16 code unit, e.g.
// "_x000D_" for a carriage return, "_x005F_" for "_") decoded to UTF-8
// (an unpaired surrogate becomes U+FFFD).
std::string DecodeOoxmlEscapes(absl::string_view text);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_XLSX_XLSX_CELLS_H_
