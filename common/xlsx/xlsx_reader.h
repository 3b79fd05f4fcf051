// Reading one worksheet of an XLSX workbook as rows of text, the way the
// CSV reader gives them.
#ifndef BLINDMAP_COMMON_XLSX_XLSX_READER_H_
#define BLINDMAP_COMMON_XLSX_XLSX_READER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/text/csv_reader.h"

namespace blindmap {

// Reads the first worksheet of a workbook (or the one named `sheet`) as
// Excel, Salesforce, Dynamics 365 and HubSpot write it, streaming: the
// sheet is inflated and parsed as rows are asked for, so only the shared
// strings sit in memory.
//  - Each <row> is one CsvRow; `row` and `line` are the sheet's own row
//    number (so "row 12" is what Excel shows), and rows without any value
//    are skipped, like blank lines in a CSV file.
//  - Cells become text as a person sees them: shared and inline strings
//    (rich text joined, phonetic runs left out, "_x000D_" escapes decoded);
//    numbers as typed, never in scientific notation ("123456789012345680",
//    not "1.23457E+17"; a number has no leading zeros, text keeps them);
//    numbers in a date or time format as ISO 8601 ("2024-03-05",
//    "2024-03-05T14:30:00"), in the workbook's 1900 or 1904 system;
//    booleans as TRUE / FALSE; error values as shown ("#N/A"); a formula's
//    last computed value. Missing cells are "".
// Errors (INVALID_ARGUMENT) name the file and where: the part for a
// damaged package ("accounts.xlsx: xl/worksheets/sheet1.xml line 3 column
// 7: not well-formed XML (...)"), the cell as Excel names it for a bad cell
// ("accounts.xlsx: Accounts!B12: shared string 57 does not exist (the
// workbook has 40)"), the sheets there are for an unknown `sheet`. A cell
// longer than CsvReader::kMaxFieldBytes is an error. Messages never
// contain a cell's value. After an error every call returns
// FAILED_PRECONDITION.
//
// Owns its input. Not thread-safe.
class XlsxReader final : public CsvReader {
 public:
  // NOT_FOUND if `path` does not exist, INVALID_ARGUMENT if it is not a
  // workbook or has no such sheet.
  static absl::StatusOr<std::unique_ptr<XlsxReader>> Open(
      const std::string& path, const std::string& sheet = "");
  // Reads the workbook in `bytes`; `source_name` names it in messages.
  static absl::StatusOr<std::unique_ptr<XlsxReader>> FromBytes(
      std::string bytes, std::string source_name,
      const std::string& sheet = "");

  ~XlsxReader() override;

  using CsvReader::Next;
  absl::StatusOr<bool> Next(CsvRow& row) override;
  const std::string& source_name() const override;
  // The worksheet being read, as its tab names it.
  const std::string& sheet_name() const;

  class Impl;

 private:
  explicit XlsxReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The worksheets of the workbook at `path`, in tab order.
absl::StatusOr<std::vector<std::string>> XlsxSheetNames(
    const std::string& path);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_XLSX_XLSX_READER_H_
