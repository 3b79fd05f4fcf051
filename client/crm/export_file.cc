#include "client/crm/export_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace blindmap {

ExportFileKind DetectExportFile(const std::string& path) {
  // Only a regular file is peeked at: a pipe (sync --input FIFO, a process
  // substitution) can be read once, and that read is the CSV reader's.
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return ExportFileKind::kUnreadable;
  if (!S_ISREG(info.st_mode)) return ExportFileKind::kText;
  std::ifstream in(path, std::ios::binary);
  if (!in) return ExportFileKind::kUnreadable;
  char bytes[8] = {};
  in.read(bytes, sizeof(bytes));
  const absl::string_view head(bytes, static_cast<size_t>(in.gcount()));
  if (absl::StartsWith(head, absl::string_view("PK\x03\x04", 4))) {
    return ExportFileKind::kXlsx;
  }
  if (head == absl::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
    return ExportFileKind::kXls;
  }
  if (absl::StartsWith(head, "\xFF\xFE") ||
      absl::StartsWith(head, "\xFE\xFF")) {
    return ExportFileKind::kUtf16;
  }
  return ExportFileKind::kText;
}

absl::Status CheckExportFile(const std::string& path) {
  switch (DetectExportFile(path)) {
    case ExportFileKind::kText:
    case ExportFileKind::kUnreadable:
      return absl::OkStatus();
    case ExportFileKind::kXlsx:
    case ExportFileKind::kXls:
      // Workbooks are OpenExportTable's (export_table.h): an .xlsx is read,
      // an .xls or an encrypted workbook refused with the way out.
      return absl::OkStatus();
    case ExportFileKind::kUtf16:
      return absl::InvalidArgumentError(absl::StrCat(
          path,
          ": this file is UTF-16 text (Excel's \"Unicode Text\"), not "
          "UTF-8 CSV: save it as \"CSV UTF-8 (Comma delimited)\""));
  }
  return absl::OkStatus();
}

absl::Status CheckHeaderDelimiter(const std::vector<std::string>& header,
                                  absl::string_view path) {
  if (header.size() != 1) return absl::OkStatus();
  const std::string& only = header[0];
  const auto semicolons = std::count(only.begin(), only.end(), ';');
  const auto tabs = std::count(only.begin(), only.end(), '\t');
  if (semicolons == 0 && tabs == 0) return absl::OkStatus();
  const bool tab = tabs > semicolons;
  return absl::InvalidArgumentError(absl::StrCat(
      path, ": the header has one column holding ", tab ? tabs : semicolons,
      tab ? " tabs" : " semicolons", ": the file is ",
      tab ? "tab-separated"
          : "semicolon-separated (as Excel writes CSV in "
            "many European locales)",
      ", and blindmap reads comma-separated CSV. Save it as \"CSV UTF-8 "
      "(Comma delimited)\", or export CSV with commas from the CRM"));
}

std::vector<std::string> DuplicateHeaderNames(
    const std::vector<std::string>& header) {
  std::map<std::string, std::vector<size_t>> columns;
  std::vector<std::string> order;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(header[i]));
    if (name.empty()) continue;
    std::vector<size_t>& at = columns[name];
    if (at.empty()) order.push_back(name);
    at.push_back(i + 1);
  }
  std::vector<std::string> duplicates;
  for (const std::string& name : order) {
    const std::vector<size_t>& at = columns[name];
    if (at.size() < 2) continue;
    const std::string shown(absl::StripAsciiWhitespace(header[at[0] - 1]));
    duplicates.push_back(
        absl::StrCat(shown, " (columns ", absl::StrJoin(at, ", "), ")"));
  }
  return duplicates;
}

}  // namespace blindmap
