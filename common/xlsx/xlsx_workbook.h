// The parts of a workbook around its sheets: which worksheets there are and
// where, the shared strings, which cell styles show dates.
#ifndef BLINDMAP_COMMON_XLSX_XLSX_WORKBOOK_H_
#define BLINDMAP_COMMON_XLSX_XLSX_WORKBOOK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/xlsx/zip_package.h"

namespace blindmap {

struct XlsxSheet {
  std::string name;  // as the tab shows it
  std::string part;  // "xl/worksheets/sheet1.xml"
};

struct XlsxWorkbook {
  std::vector<XlsxSheet> sheets;  // worksheets, in tab order (no charts)
  bool date1904 = false;          // the Mac 1904 date system
  std::string shared_strings;     // part name, or "" without one
  std::string styles;             // part name, or "" without one
};

// The shared string table: every string in one buffer, so a table of
// millions costs no allocation per string.
class SharedStrings {
 public:
  size_t size() const { return ends_.size(); }
  // `index` < size().
  absl::string_view Get(size_t index) const {
    const size_t begin = index == 0 ? 0 : ends_[index - 1];
    return absl::string_view(text_).substr(begin, ends_[index] - begin);
  }
  void Reserve(size_t count) { ends_.reserve(count); }
  // The next string is built in place: Append() its pieces, then Close().
  void Append(absl::string_view piece) {
    text_.append(piece.data(), piece.size());
  }
  absl::string_view Open() const {
    return absl::string_view(text_).substr(ends_.empty() ? 0 : ends_.back());
  }
  // Replaces the string being built (to decode it).
  void ReplaceOpen(absl::string_view text) {
    text_.resize(ends_.empty() ? 0 : ends_.back());
    Append(text);
  }
  void Close() { ends_.push_back(text_.size()); }

 private:
  std::string text_;
  std::vector<size_t> ends_;
};

// Reads _rels/.rels, the workbook part and its relationships.
// INVALID_ARGUMENT naming the part for anything missing or malformed, or a
// workbook without a worksheet.
absl::StatusOr<XlsxWorkbook> ReadXlsxWorkbook(const ZipPackage& package);

// The shared string table: each <si>'s text (rich text runs joined,
// phonetic runs left out, "_xHHHH_" escapes decoded). At most
// `max_total_bytes` of text; INVALID_ARGUMENT beyond.
absl::StatusOr<SharedStrings> ReadSharedStrings(const ZipPackage& package,
                                                const std::string& part,
                                                size_t max_total_bytes);

// For each cell format (<cellXfs>, by index), whether it shows a date or a
// time.
absl::StatusOr<std::vector<bool>> ReadDateStyles(const ZipPackage& package,
                                                 const std::string& part);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_XLSX_XLSX_WORKBOOK_H_
