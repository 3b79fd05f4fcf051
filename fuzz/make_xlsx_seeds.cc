// Writes the seed inputs of fuzz_xlsx_reader into the directory given as
// the only argument, from our own XLSX generator (tests/support/
// xlsx_writer), in both of the fuzzer's input forms:
//   fuzz_make_xlsx_seeds fuzz/corpus/xlsx_reader
// zip_*.xlsx are whole workbooks; parts_* are the worksheet, shared
// strings, styles, workbook and relationships joined by NUL bytes.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/xlsx_writer.h"

namespace blindmap {
namespace {

using Type = XlsxCell::Type;

XlsxCell Cell(Type type, const std::string& value, int style = 0) {
  XlsxCell cell;
  cell.type = type;
  cell.value = value;
  cell.style = style;
  return cell;
}

std::vector<XlsxSheetSpec> Accounts() {
  XlsxSheetSpec sheet = SheetOfStrings(
      {{"Account ID", "Account Name", "Type", "Website", "Created"},
       {"001A", "Acme & Sons", "Customer - Direct", "acme.com", ""},
       {"00123", " Ünïcødé GmbH ", "Prospect", "", ""}},
      "Accounts");
  sheet.rows[1][4] = Cell(Type::kNumber, "45356", 1);
  sheet.rows[2][4] = Cell(Type::kNumber, "45356.5", 3);
  sheet.rows.push_back({Cell(Type::kNumber, "1.2345678901234568E+17"),
                        Cell(Type::kFormulaString, "x_x000D_y"),
                        Cell(Type::kBoolean, "1"), Cell(Type::kError, "#N/A"),
                        Cell(Type::kEmpty, "")});
  sheet.row_numbers = {1, 2, 5, 9};
  return {sheet};
}

bool Save(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  return out.good();
}

std::string PartsSeed(const std::vector<XlsxSheetSpec>& sheets,
                      const XlsxOptions& options) {
  std::string sheet, sst, styles, workbook, rels;
  for (const auto& [name, content] : XlsxParts(sheets, options)) {
    if (name == "xl/worksheets/sheet1.xml") sheet = content;
    if (name == "xl/sharedStrings.xml") sst = content;
    if (name == "xl/styles.xml") styles = content;
    if (name == "xl/workbook.xml") workbook = content;
    if (name == "xl/_rels/workbook.xml.rels") rels = content;
  }
  std::string seed = sheet;
  for (const std::string* part : {&sst, &styles, &workbook, &rels}) {
    seed.push_back('\0');
    seed += *part;
  }
  return seed;
}

}  // namespace
}  // namespace blindmap

int main(int argc, char** argv) {
  using namespace blindmap;
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_make_xlsx_seeds DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  XlsxOptions inline_strings;
  inline_strings.shared_strings = false;
  XlsxOptions mac;
  mac.date1904 = true;
  bool ok = true;
  ok &= WriteXlsx(dir + "/zip_shared.xlsx", Accounts()).ok();
  ok &= WriteXlsx(dir + "/zip_inline_stored.xlsx", Accounts(),
                  [] {
                    XlsxOptions o;
                    o.shared_strings = false;
                    o.compress = false;
                    return o;
                  }())
            .ok();
  ok &=
      WriteXlsx(dir + "/zip_two_sheets_1904.xlsx",
                {SheetOfStrings({{"Summary"}}, "Summary"), Accounts()[0]}, mac)
          .ok();
  ok &= Save(dir + "/parts_shared", PartsSeed(Accounts(), XlsxOptions()));
  ok &= Save(dir + "/parts_inline", PartsSeed(Accounts(), inline_strings));
  ok &= Save(dir + "/parts_sheet_only",
             PartsSeed(Accounts(), inline_strings)
                 .substr(0, PartsSeed(Accounts(), inline_strings).find('\0')));
  if (!ok) {
    std::fprintf(stderr, "fuzz_make_xlsx_seeds: cannot write into %s\n",
                 dir.c_str());
    return 1;
  }
  return 0;
}
