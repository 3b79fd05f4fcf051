// Internal to blindmap::xlsx: turns a worksheet's XML into rows of text
// (see XlsxReader for what a cell becomes).
#ifndef BLINDMAP_COMMON_XLSX_XLSX_SHEET_ROWS_H_
#define BLINDMAP_COMMON_XLSX_XLSX_SHEET_ROWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/text/csv_reader.h"
#include "common/xlsx/xlsx_workbook.h"
#include "common/xlsx/xml_parser.h"

namespace blindmap {

// What the rows are read against: the shared strings, the date styles and
// the date system. Owned by the caller; outlives the SheetRows.
struct SheetContext {
  std::string where;  // "accounts.xlsx: Accounts" (no '!'), for messages
  const SharedStrings* shared_strings = nullptr;
  const std::vector<bool>* date_styles = nullptr;
  bool date1904 = false;
};

// The XML handler of one worksheet. Rows it completes queue up until
// Take() hands them out; rows are reused, so reading allocates little.
class SheetRows final : public XmlHandler {
 public:
  explicit SheetRows(const SheetContext& context) : context_(context) {}

  absl::Status Start(absl::string_view name, const char** attributes) override;
  absl::Status End(absl::string_view name) override;
  absl::Status Text(absl::string_view text) override;

  // True when a completed row waits; Take() swaps it into `row` (whose old
  // storage is kept for reuse).
  bool HasRow() const { return head_ < count_; }
  void Take(CsvRow& row);
  // True once </sheetData> was seen.
  bool done() const { return done_; }

 private:
  enum class CellType {
    kNumber,
    kShared,
    kInline,
    kString,
    kBool,
    kError,
    kDate
  };

  std::string Where(int column) const;
  absl::Status StartRow(const char** attributes);
  absl::Status StartCell(const char** attributes);
  absl::Status EndCell();
  void EndRow();
  absl::Status CellText(std::string& out);
  std::string& Field(int column);

  const SheetContext& context_;
  std::vector<CsvRow> rows_;  // [head_, count_) ready; then reusable
  size_t head_ = 0;
  size_t count_ = 0;
  bool done_ = false;
  bool in_sheet_data_ = false;
  // The row being built: rows_[count_] when in_row_.
  bool in_row_ = false;
  int64_t row_number_ = 0;
  int64_t last_row_number_ = 0;
  size_t width_ = 0;
  bool row_has_value_ = false;
  int next_column_ = 0;
  // The cell being built.
  bool in_cell_ = false;
  int column_ = 0;
  CellType type_ = CellType::kNumber;
  int style_ = 0;
  bool in_value_ = false;
  bool in_inline_ = false;
  bool in_inline_text_ = false;
  int phonetic_ = 0;
  std::string value_;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_XLSX_XLSX_SHEET_ROWS_H_
