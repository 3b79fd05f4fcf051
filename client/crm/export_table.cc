#include "client/crm/export_table.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/xlsx/xlsx_reader.h"

namespace blindmap {
namespace {

constexpr absl::string_view kZipSignature("PK\x03\x04", 4);
constexpr absl::string_view kOleSignature("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                                          8);

}  // namespace

absl::StatusOr<std::unique_ptr<CsvReader>> OpenExportTable(
    const std::string& path, const std::string& sheet) {
  // A pipe or FIFO is read once, as CSV: a workbook needs a file to seek
  // in, and a second open of a FIFO would wait for a writer that is gone.
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return CsvReader::Open(path);
  }
  std::string head(8, '\0');
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      in.read(head.data(), static_cast<std::streamsize>(head.size()));
      head.resize(static_cast<size_t>(in.gcount()));
    } else {
      head.clear();
    }
  }
  if (absl::StartsWith(head, kZipSignature)) {
    ASSIGN_OR_RETURN(std::unique_ptr<XlsxReader> xlsx,
                     XlsxReader::Open(path, sheet));
    return std::unique_ptr<CsvReader>(std::move(xlsx));
  }
  if (head == kOleSignature) {
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        ": an Excel 97-2003 workbook (.xls) or a password-protected one, "
        "which blindmap does not read; save it from Excel as .xlsx without a "
        "password, or as CSV UTF-8"));
  }
  return CsvReader::Open(path);
}

}  // namespace blindmap
