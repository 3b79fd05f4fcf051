// Writing small XLSX workbooks for tests, benchmarks and fuzz seeds: our
// own generator (libzip), so no workbook in the tree is a blob of unknown
// origin. It writes what Excel writes for the cases the reader must handle
// (shared or inline strings, typed numbers, dates by style, booleans,
// errors, formulas' cached values, the 1904 date system, several sheets).
#ifndef BLINDMAP_TESTS_SUPPORT_XLSX_WRITER_H_
#define BLINDMAP_TESTS_SUPPORT_XLSX_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace blindmap {

struct XlsxCell {
  enum class Type {
    kString,         // shared or inline, as XlsxOptions says
    kNumber,         // `value` as it goes into <v>: "1.2345678901234568E+17"
    kBoolean,        // "1" / "0"
    kError,          // "#N/A"
    kFormulaString,  // t="str" with a formula and its cached `value`
    kEmpty,          // <c r=".."/> with no value
  };
  Type type = Type::kString;
  std::string value;
  int style = 0;  // index into XlsxOptions::cell_formats
};

using XlsxRowCells = std::vector<XlsxCell>;

struct XlsxSheetSpec {
  std::string name = "Sheet1";
  std::vector<XlsxRowCells> rows;
  // The row numbers to write (r="..."); empty: 1, 2, 3, ...
  std::vector<int64_t> row_numbers;
};

struct XlsxOptions {
  bool shared_strings = true;  // false: every string inline
  bool date1904 = false;
  bool compress = true;  // false: parts stored, not deflated
  // numFmtId of each cell format (style index): 0 General, 14 a date,
  // 49 text ("@"), or an id of `custom_formats`.
  std::vector<int> cell_formats = {0, 14, 49, 164};
  std::vector<std::pair<int, std::string>> custom_formats = {
      {164, "yyyy\\-mm\\-dd\\ hh:mm"}};
};

// Every field a string cell (text stays text, "00123" included).
XlsxSheetSpec SheetOfStrings(const std::vector<std::vector<std::string>>& rows,
                             const std::string& name = "Sheet1");

// The package parts of a workbook: name and content, in zip order.
std::vector<std::pair<std::string, std::string>> XlsxParts(
    const std::vector<XlsxSheetSpec>& sheets, const XlsxOptions& options = {});
// Zips `parts` into `path` (deflated, or stored when !compress).
absl::Status WriteZip(
    const std::string& path,
    const std::vector<std::pair<std::string, std::string>>& parts,
    bool compress = true);
absl::Status WriteXlsx(const std::string& path,
                       const std::vector<XlsxSheetSpec>& sheets,
                       const XlsxOptions& options = {});

}  // namespace blindmap

#endif  // BLINDMAP_TESTS_SUPPORT_XLSX_WRITER_H_
