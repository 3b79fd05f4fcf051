// What kind of file a CRM export is, before it is read as CSV.
#ifndef BLINDMAP_CLIENT_CRM_EXPORT_FILE_H_
#define BLINDMAP_CLIENT_CRM_EXPORT_FILE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace blindmap {

// The kinds a CRM export may turn out to be, told by its first bytes.
enum class ExportFileKind {
  kText,        // CSV, or anything else that is not one of the below
  kXlsx,        // an Excel workbook (a ZIP: "PK\x03\x04")
  kXls,         // an Excel 97-2003 workbook (OLE2: D0 CF 11 E0 A1 B1 1A E1)
  kUtf16,       // text with a UTF-16 byte order mark ("Unicode text")
  kUnreadable,  // could not be opened or read (the CSV reader says why)
};

// Looks at the first bytes of `path` only, and only when it is a regular
// file (a pipe is kText: its one read is left to the CSV reader).
// Thread-safe.
ExportFileKind DetectExportFile(const std::string& path);

// OK for kText, kUnreadable (whose error the reader gives with the right
// code) and workbooks (OpenExportTable in export_table.h reads an .xlsx and
// refuses an .xls); for UTF-16 text INVALID_ARGUMENT saying what the file
// is and how to save it as CSV UTF-8, instead of the "invalid UTF-8" a CSV
// reader would report.
absl::Status CheckExportFile(const std::string& path);

// When a header read as CSV is one field holding ';' or tab characters,
// INVALID_ARGUMENT naming the delimiter the file uses (European Excel
// writes ';'); OK otherwise.
absl::Status CheckHeaderDelimiter(const std::vector<std::string>& header,
                                  absl::string_view path);

// Header names that occur more than once (ignoring case and surrounding
// spaces), each with its 1-based column numbers: "Website (columns 4, 9)".
std::vector<std::string> DuplicateHeaderNames(
    const std::vector<std::string>& header);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CRM_EXPORT_FILE_H_
