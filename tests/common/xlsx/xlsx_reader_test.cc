// The XLSX reader on workbooks our own generator writes
// (tests/support/xlsx_writer): cells as a person sees them, sheets by name,
// and errors that say where.
#include "common/xlsx/xlsx_reader.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/xlsx/xlsx_cells.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"
#include "tests/support/xlsx_writer.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Type = XlsxCell::Type;

XlsxCell Cell(Type type, std::string value, int style = 0) {
  XlsxCell cell;
  cell.type = type;
  cell.value = std::move(value);
  cell.style = style;
  return cell;
}
XlsxCell Text(std::string value) { return Cell(Type::kString, value); }
XlsxCell Number(std::string value, int style = 0) {
  return Cell(Type::kNumber, value, style);
}

class XlsxReaderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(dir_.path().empty()); }

  std::string Write(const std::vector<XlsxSheetSpec>& sheets,
                    const XlsxOptions& options = {}) {
    const std::string path = dir_.path() + "/book.xlsx";
    EXPECT_TRUE(WriteXlsx(path, sheets, options).ok());
    return path;
  }

  // Every row of the sheet, as "row: a|b|c".
  std::vector<std::string> Rows(const std::string& path,
                                const std::string& sheet = "") {
    absl::StatusOr<std::unique_ptr<XlsxReader>> reader =
        XlsxReader::Open(path, sheet);
    EXPECT_TRUE(reader.ok()) << reader.status();
    std::vector<std::string> rows;
    if (!reader.ok()) return rows;
    CsvRow row;
    while (true) {
      absl::StatusOr<bool> more = (*reader)->Next(row);
      EXPECT_TRUE(more.ok()) << more.status();
      if (!more.ok() || !*more) break;
      EXPECT_EQ(row.line, row.row);
      rows.push_back(
          absl::StrCat(row.row, ": ", absl::StrJoin(row.fields, "|")));
    }
    return rows;
  }

  // The error reading the whole sheet gives.
  absl::Status ReadError(const std::string& path) {
    absl::StatusOr<std::unique_ptr<XlsxReader>> reader = XlsxReader::Open(path);
    if (!reader.ok()) return reader.status();
    CsvRow row;
    while (true) {
      absl::StatusOr<bool> more = (*reader)->Next(row);
      if (!more.ok()) {
        // Every later call fails too.
        EXPECT_EQ((*reader)->Next(row).status().code(),
                  absl::StatusCode::kFailedPrecondition);
        return more.status();
      }
      if (!*more) return absl::OkStatus();
    }
  }

  std::string WriteParts(
      const std::vector<std::pair<std::string, std::string>>& parts) {
    const std::string path = dir_.path() + "/parts.xlsx";
    EXPECT_TRUE(WriteZip(path, parts).ok());
    return path;
  }

  TempDir dir_;
};

TEST_F(XlsxReaderTest, StringsSharedOrInlineReadTheSame) {
  const std::vector<std::vector<std::string>> rows = {
      {"Account ID", "Account Name", "Website"},
      {"00123", "  Acme & Sons <Ltd>  ", "acme.com"},
      {"001A", "Ünïcødé GmbH", ""},
      {"", "", "only-website.de"}};
  for (bool shared : {true, false}) {
    XlsxOptions options;
    options.shared_strings = shared;
    EXPECT_THAT(Rows(Write({SheetOfStrings(rows)}, options)),
                ElementsAre("1: Account ID|Account Name|Website",
                            "2: 00123|  Acme & Sons <Ltd>  |acme.com",
                            "3: 001A|Ünïcødé GmbH|", "4: ||only-website.de"))
        << "shared strings: " << shared;
  }
}

TEST_F(XlsxReaderTest, NumbersAsTypedDatesAsIsoDates) {
  XlsxSheetSpec sheet;
  sheet.rows = {
      {Number("1.2345678901234568E+17"), Number("5102337861"), Number("1.5E-3"),
       Number("-2.5E+2"), Number("0.1")},
      // Style 1: numFmt 14 (a date); style 3: a custom date-time format;
      // style 2: text ("@") keeps a number a number.
      {Number("45356", 1), Number("45356.6041666667", 3), Number("1", 1),
       Number("60", 1), Number("61", 1)},
      {Number("0.75", 1), Number("45356", 2), Number("1234567", 0),
       Number("2.5E+400")},
      {Cell(Type::kBoolean, "1"), Cell(Type::kBoolean, "0"),
       Cell(Type::kError, "#N/A"), Cell(Type::kFormulaString, "acme_x000D_")},
  };
  EXPECT_THAT(Rows(Write({sheet})),
              ElementsAre("1: 123456789012345680|5102337861|0.0015|-250|0.1",
                          "2: 2024-03-05|2024-03-05T14:30:00|1900-01-01|"
                          "1900-02-29|1900-03-01",
                          "3: 18:00:00|45356|1234567|2.5E+400",
                          "4: TRUE|FALSE|#N/A|acme\r"));
  XlsxOptions mac;
  mac.date1904 = true;
  EXPECT_THAT(Rows(Write({XlsxSheetSpec{
                             "S", {{Number("0", 1), Number("43894", 1)}}, {}}},
                         mac)),
              ElementsAre("1: 1904-01-01|2024-03-05"));
}

TEST_F(XlsxReaderTest, GapsAndBlankRowsKeepExcelsRowNumbers) {
  XlsxSheetSpec sheet;
  sheet.rows = {{Text("Name"), Cell(Type::kEmpty, ""), Text("Type")},
                {Cell(Type::kEmpty, ""), Cell(Type::kEmpty, "")},
                {Text("Initech"), Cell(Type::kEmpty, ""), Text("Prospect")}};
  sheet.row_numbers = {3, 7, 12};
  EXPECT_THAT(Rows(Write({sheet})),
              ElementsAre("3: Name||Type", "12: Initech||Prospect"));
}

TEST_F(XlsxReaderTest, FirstSheetOrTheOneNamed) {
  const std::string path =
      Write({SheetOfStrings({{"a"}}, "Summary"),
             SheetOfStrings({{"Account Name"}, {"Acme"}}, "Accounts 2024")});
  EXPECT_THAT(Rows(path), ElementsAre("1: a"));
  EXPECT_THAT(Rows(path, "Accounts 2024"),
              ElementsAre("1: Account Name", "2: Acme"));
  absl::StatusOr<std::unique_ptr<XlsxReader>> reader =
      XlsxReader::Open(path, "Accounts");
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reader.status().message(),
            absl::StrCat(path,
                         ": the workbook has no worksheet named \"Accounts\"; "
                         "it has \"Summary\", \"Accounts 2024\""));
  EXPECT_THAT(XlsxSheetNames(path).value(),
              ElementsAre("Summary", "Accounts 2024"));
}

TEST_F(XlsxReaderTest, RichTextJoinsRunsWithoutPhoneticGuides) {
  const auto base = XlsxParts({SheetOfStrings({{"x"}})});
  std::vector<std::pair<std::string, std::string>> parts;
  for (const auto& [name, content] : base) {
    if (name == "xl/sharedStrings.xml") {
      parts.emplace_back(
          name,
          "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
          "main\"><si><r><rPr><b/></rPr><t>Toyota </t></r><r><t>Motor</t></r>"
          "<rPh sb=\"0\" eb=\"1\"><t>トヨタ</t></rPh></si></sst>");
    } else {
      parts.emplace_back(name, content);
    }
  }
  EXPECT_THAT(Rows(WriteParts(parts)), ElementsAre("1: Toyota Motor"));
}

TEST_F(XlsxReaderTest, ErrorsSayWhere) {
  // A shared string index beyond the table: the cell, as Excel names it.
  auto parts = XlsxParts(
      {SheetOfStrings({{"Name", "Type"}, {"Acme", "x"}}, "My Accounts")});
  for (auto& [name, content] : parts) {
    if (name == "xl/worksheets/sheet1.xml") {
      const size_t at = content.find("<c r=\"B2\" t=\"s\"><v>3</v>");
      ASSERT_NE(at, std::string::npos) << content;
      content.replace(at, 24, "<c r=\"B2\" t=\"s\"><v>9</v>");
    }
  }
  std::string path = WriteParts(parts);
  EXPECT_EQ(ReadError(path).message(),
            absl::StrCat(path,
                         ": 'My Accounts'!B2: the cell names a shared string "
                         "that does not exist (the workbook has 4)"));

  // Malformed XML: the part, line and column.
  parts = XlsxParts({SheetOfStrings({{"Name"}})});
  for (auto& [name, content] : parts) {
    if (name == "xl/worksheets/sheet1.xml") {
      content.replace(content.find("</row>"), 6, "</rwo>");
    }
  }
  path = WriteParts(parts);
  EXPECT_THAT(ReadError(path).message(),
              HasSubstr(absl::StrCat(path,
                                     ": xl/worksheets/sheet1.xml line 2 "
                                     "column ")));
  EXPECT_THAT(ReadError(path).message(),
              HasSubstr(": not well-formed XML (mismatched tag)"));

  // A DOCTYPE is refused before any entity can expand.
  parts = XlsxParts({SheetOfStrings({{"Name"}})});
  for (auto& [name, content] : parts) {
    if (name == "xl/sharedStrings.xml") {
      content.insert(content.find("<sst"),
                     "<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">]>");
    }
  }
  path = WriteParts(parts);
  EXPECT_THAT(XlsxReader::Open(path).status().message(),
              HasSubstr("xl/sharedStrings.xml: a DOCTYPE, which no workbook "
                        "part has; not read"));

  // Not a workbook at all.
  path = dir_.path() + "/plain.xlsx";
  WriteZip(path, {{"readme.txt", "hello"}}).IgnoreError();
  EXPECT_EQ(XlsxReader::Open(path).status().message(),
            absl::StrCat(path,
                         ": a zip archive without a workbook (no "
                         "xl/workbook.xml); is it an .xlsx file?"));
  EXPECT_EQ(XlsxReader::Open(dir_.path() + "/absent.xlsx").status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<std::unique_ptr<XlsxReader>> bytes =
      XlsxReader::FromBytes("Name,Type\n", "accounts.csv");
  EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bytes.status().message(),
              HasSubstr("accounts.csv: not a readable XLSX workbook"));
}

TEST_F(XlsxReaderTest, RowsOutOfOrderAndHugeCellsAreErrors) {
  XlsxSheetSpec sheet = SheetOfStrings({{"a"}, {"b"}});
  sheet.row_numbers = {5, 4};
  std::string path = Write({sheet});
  EXPECT_THAT(ReadError(path).message(),
              HasSubstr(": Sheet1: after row 5 comes a row numbered out of "
                        "order (rows go from 1 to 1048576, in order)"));
  XlsxOptions inline_strings;
  inline_strings.shared_strings = false;
  path = Write({SheetOfStrings({{std::string((1 << 20) + 1, 'x')}})},
               inline_strings);
  EXPECT_EQ(ReadError(path).message(),
            absl::StrCat(path, ": Sheet1!A1: a cell longer than 1 MiB"));
}

TEST(XlsxCellsTest, References) {
  int64_t row = 0;
  EXPECT_EQ(ColumnOfReference("A1", &row), 0);
  EXPECT_EQ(row, 1);
  EXPECT_EQ(ColumnOfReference("$AB$12", &row), 27);
  EXPECT_EQ(row, 12);
  EXPECT_EQ(ColumnOfReference("XFD1048576"), 16383);
  EXPECT_EQ(ColumnOfReference("XFE1"), -1);
  EXPECT_EQ(ColumnOfReference("A"), -1);
  EXPECT_EQ(ColumnOfReference("1A"), -1);
  EXPECT_EQ(CellReference(0, 1), "A1");
  EXPECT_EQ(CellReference(27, 12), "AB12");
  EXPECT_EQ(CellReference(16383, 9), "XFD9");
}

TEST(XlsxCellsTest, PlainNumbers) {
  EXPECT_EQ(PlainNumber("1.2345678901234568E+17"), "123456789012345680");
  EXPECT_EQ(PlainNumber("1E+3"), "1000");
  EXPECT_EQ(PlainNumber("1.20E-4"), "0.00012");
  EXPECT_EQ(PlainNumber("-1.5e2"), "-150");
  EXPECT_EQ(PlainNumber("0E+0"), "0");
  EXPECT_EQ(PlainNumber("123"), "123");
  EXPECT_EQ(PlainNumber("1E+99"), "1E+99");
  EXPECT_EQ(PlainNumber("abcE+2"), "abcE+2");
}

TEST(XlsxCellsTest, DateFormats) {
  EXPECT_TRUE(IsDateFormat(14, ""));
  EXPECT_TRUE(IsDateFormat(22, ""));
  EXPECT_FALSE(IsDateFormat(0, "General"));
  EXPECT_FALSE(IsDateFormat(49, "@"));
  EXPECT_TRUE(IsDateFormat(164, "yyyy\\-mm\\-dd"));
  EXPECT_TRUE(IsDateFormat(165, "[$-409]mmmm d, yyyy;@"));
  EXPECT_TRUE(IsDateFormat(166, "[h]:mm"));
  EXPECT_FALSE(IsDateFormat(167, "[Red]#,##0.00"));
  EXPECT_FALSE(IsDateFormat(168, "0.00E+00"));
  EXPECT_FALSE(IsDateFormat(169, "#,##0 \"days\""));
}

TEST(XlsxCellsTest, SerialDates) {
  EXPECT_EQ(SerialToIso("1", false), "1900-01-01");
  EXPECT_EQ(SerialToIso("59", false), "1900-02-28");
  EXPECT_EQ(SerialToIso("60", false), "1900-02-29");
  EXPECT_EQ(SerialToIso("61", false), "1900-03-01");
  EXPECT_EQ(SerialToIso("45356", false), "2024-03-05");
  EXPECT_EQ(SerialToIso("45356.5", false), "2024-03-05T12:00:00");
  EXPECT_EQ(SerialToIso("0.25", false), "06:00:00");
  EXPECT_EQ(SerialToIso("2958465", false), "9999-12-31");
  EXPECT_EQ(SerialToIso("43894", true), "2024-03-05");
  EXPECT_EQ(SerialToIso("-1", false), std::nullopt);
  EXPECT_EQ(SerialToIso("x", false), std::nullopt);
}

TEST(XlsxCellsTest, OoxmlEscapes) {
  EXPECT_EQ(DecodeOoxmlEscapes("a_x000D__x000A_b"), "a\r\nb");
  EXPECT_EQ(DecodeOoxmlEscapes("_x005F_x000D_"), "_x000D_");
  EXPECT_EQ(DecodeOoxmlEscapes("_xD83D__xDE00_"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(DecodeOoxmlEscapes("_xD83D_"), "\xEF\xBF\xBD");
  EXPECT_EQ(DecodeOoxmlEscapes("_x12_ plain"), "_x12_ plain");
}

}  // namespace
}  // namespace blindmap
