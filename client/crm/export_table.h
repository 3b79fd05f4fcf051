// Opening a CRM export as rows, whatever the CRM saved it as.
#ifndef BLINDMAP_CLIENT_CRM_EXPORT_TABLE_H_
#define BLINDMAP_CLIENT_CRM_EXPORT_TABLE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/text/csv_reader.h"

namespace blindmap {

// An XLSX workbook (told by its zip signature, whatever the file is named)
// is read with XlsxReader: its worksheet `sheet`, or the first when `sheet`
// is empty; anything else with CsvReader (`sheet` is then ignored). An
// Excel 97-2003 .xls file or a password-protected workbook (both OLE
// compound files) is INVALID_ARGUMENT saying how to save it instead. What
// is not a regular file (a pipe, a FIFO) is opened once, as CSV.
// NOT_FOUND if `path` does not exist.
absl::StatusOr<std::unique_ptr<CsvReader>> OpenExportTable(
    const std::string& path, const std::string& sheet = "");

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CRM_EXPORT_TABLE_H_
