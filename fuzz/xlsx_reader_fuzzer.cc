// Reads the input as an XLSX workbook and checks what every reader of a CRM
// export relies on: rows numbered upward within Excel's range, no empty
// row, every field valid UTF-8 and within the field limit, errors that are
// INVALID_ARGUMENT (or RESOURCE_EXHAUSTED) and final.
//
// Two forms of input, so that mutations reach the XML and not only the
// deflate stream:
//  - a zip archive ("PK\3\4..."), read as it is;
//  - otherwise up to five parts separated by NUL bytes (which XML cannot
//    hold): the worksheet, the shared strings, the styles, the workbook and
//    its relationships; a missing part gets a small valid default. They are
//    stored (not deflated) in a zip built here, with correct CRCs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/text/utf8.h"
#include "common/xlsx/xlsx_cells.h"
#include "common/xlsx/xlsx_reader.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/stored_zip.h"

namespace {

constexpr int kMaxRows = 1 << 16;

constexpr char kMain[] =
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
constexpr char kRels[] =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string DefaultPart(size_t index) {
  switch (index) {
    case 1:
      return std::string("<sst ") + kMain + "><si><t>x</t></si></sst>";
    case 2:
      return std::string("<styleSheet ") + kMain +
             "><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
             "</cellXfs></styleSheet>";
    case 3:
      return std::string("<workbook ") + kMain + " xmlns:r=\"" + kRels +
             "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
             "</sheets></workbook>";
    default:
      return std::string(
                 "<Relationships xmlns=\"http://schemas.openxmlformats.org/"
                 "package/2006/relationships\"><Relationship Id=\"rId1\" "
                 "Type=\"") +
             kRels + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
             "<Relationship Id=\"rId2\" Type=\"" + kRels +
             "/sharedStrings\" Target=\"sharedStrings.xml\"/>" +
             "<Relationship Id=\"rId3\" Type=\"" + kRels +
             "/styles\" Target=\"styles.xml\"/></Relationships>";
  }
}

std::string Package(const std::string& input) {
  if (absl::StartsWith(input, "PK")) return input;
  std::vector<std::string> parts =
      absl::StrSplit(input, absl::MaxSplits('\0', 4));
  for (size_t i = parts.size(); i < 5; ++i) parts.push_back(DefaultPart(i));
  static const char* const kNames[] = {
      "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
      "xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
  std::vector<std::pair<std::string, std::string>> files;
  for (size_t i = 0; i < 5; ++i) files.emplace_back(kNames[i], parts[i]);
  return blindmap::fuzz::StoredZip(files);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using blindmap::CsvReader;
  using blindmap::CsvRow;
  using blindmap::XlsxReader;
  const std::string input(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::unique_ptr<XlsxReader>> reader =
      XlsxReader::FromBytes(Package(input), "fuzz.xlsx");
  if (!reader.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(reader.status()) ||
               absl::IsNotFound(reader.status()) ||
               absl::IsResourceExhausted(reader.status()));
    return 0;
  }
  CsvRow row;
  int64_t last_row = 0;
  for (int i = 0; i < kMaxRows; ++i) {
    absl::StatusOr<bool> next = (*reader)->Next(row);
    if (!next.ok()) {
      FUZZ_CHECK(absl::IsInvalidArgument(next.status()) ||
                 absl::IsResourceExhausted(next.status()));
      FUZZ_CHECK(absl::IsFailedPrecondition((*reader)->Next(row).status()));
      break;
    }
    if (!*next) {
      absl::StatusOr<bool> again = (*reader)->Next(row);
      FUZZ_CHECK(again.ok() && !*again);
      break;
    }
    FUZZ_CHECK(row.row > last_row && row.row <= blindmap::kMaxXlsxRows);
    FUZZ_CHECK(row.line == row.row);
    FUZZ_CHECK(!row.fields.empty() &&
               row.fields.size() <= blindmap::kMaxXlsxColumns);
    bool any_value = false;
    for (const std::string& field : row.fields) {
      FUZZ_CHECK(field.size() <= CsvReader::kMaxFieldBytes + 64);
      FUZZ_CHECK(blindmap::IsValidUtf8(field));
      any_value |= !field.empty();
    }
    FUZZ_CHECK(any_value);
    last_row = row.row;
  }
  return 0;
}
