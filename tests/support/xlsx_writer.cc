#include "tests/support/xlsx_writer.h"

#include <zip.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace blindmap {
namespace {

constexpr char kXmlHead[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";
constexpr char kMain[] =
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRelNs[] =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr char kPackageRels[] =
    "http://schemas.openxmlformats.org/package/2006/relationships";

std::string Escape(const std::string& text) {
  return absl::StrReplaceAll(text, {{"&", "&amp;"},
                                    {"<", "&lt;"},
                                    {">", "&gt;"},
                                    {"\"", "&quot;"},
                                    {"\r", "_x000D_"}});
}

std::string ColumnName(size_t column) {
  std::string letters;
  for (size_t n = column + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

// Text that needs xml:space="preserve" to keep its spaces.
bool NeedsPreserve(const std::string& text) {
  return !text.empty() && (text.front() == ' ' || text.back() == ' ' ||
                           text.find('\n') != std::string::npos);
}

std::string TextElement(const std::string& text) {
  return absl::StrCat(
      NeedsPreserve(text) ? "<t xml:space=\"preserve\">" : "<t>", Escape(text),
      "</t>");
}

}  // namespace

XlsxSheetSpec SheetOfStrings(const std::vector<std::vector<std::string>>& rows,
                             const std::string& name) {
  XlsxSheetSpec sheet;
  sheet.name = name;
  for (const std::vector<std::string>& row : rows) {
    XlsxRowCells& cells = sheet.rows.emplace_back();
    for (const std::string& field : row) {
      XlsxCell cell;
      cell.type =
          field.empty() ? XlsxCell::Type::kEmpty : XlsxCell::Type::kString;
      cell.value = field;
      cells.push_back(cell);
    }
  }
  return sheet;
}

std::vector<std::pair<std::string, std::string>> XlsxParts(
    const std::vector<XlsxSheetSpec>& sheets, const XlsxOptions& options) {
  std::vector<std::pair<std::string, std::string>> parts;
  std::string types = absl::StrCat(
      kXmlHead,
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
      "content-types\"><Default Extension=\"rels\" "
      "ContentType=\"application/"
      "vnd.openxmlformats-package.relationships+xml\"/><Default "
      "Extension=\"xml\" ContentType=\"application/xml\"/>");
  std::string workbook =
      absl::StrCat(kXmlHead, "<workbook xmlns=\"", kMain, "\" xmlns:r=\"",
                   kRelNs, "\"><workbookPr",
                   options.date1904 ? " date1904=\"1\"" : "", "/><sheets>");
  std::string rels =
      absl::StrCat(kXmlHead, "<Relationships xmlns=\"", kPackageRels, "\">");
  std::map<std::string, size_t> shared_index;
  std::vector<std::string> shared;
  std::vector<std::pair<std::string, std::string>> sheet_parts;
  for (size_t s = 0; s < sheets.size(); ++s) {
    const XlsxSheetSpec& spec = sheets[s];
    absl::StrAppend(&workbook, "<sheet name=\"", Escape(spec.name),
                    "\" sheetId=\"", s + 1, "\" r:id=\"rId", s + 1, "\"/>");
    absl::StrAppend(&rels, "<Relationship Id=\"rId", s + 1, "\" Type=\"",
                    kRelNs, "/worksheet\" Target=\"worksheets/sheet", s + 1,
                    ".xml\"/>");
    absl::StrAppend(&types, "<Override PartName=\"/xl/worksheets/sheet", s + 1,
                    ".xml\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.spreadsheetml."
                    "worksheet+xml\"/>");
    std::string xml =
        absl::StrCat(kXmlHead, "<worksheet xmlns=\"", kMain, "\" xmlns:r=\"",
                     kRelNs, "\"><sheetViews/><sheetData>");
    for (size_t r = 0; r < spec.rows.size(); ++r) {
      const int64_t number = r < spec.row_numbers.size()
                                 ? spec.row_numbers[r]
                                 : static_cast<int64_t>(r + 1);
      absl::StrAppend(&xml, "<row r=\"", number, "\">");
      for (size_t c = 0; c < spec.rows[r].size(); ++c) {
        const XlsxCell& cell = spec.rows[r][c];
        const std::string ref = absl::StrCat(ColumnName(c), number);
        const std::string style =
            cell.style != 0 ? absl::StrCat(" s=\"", cell.style, "\"") : "";
        switch (cell.type) {
          case XlsxCell::Type::kEmpty:
            absl::StrAppend(&xml, "<c r=\"", ref, "\"", style, "/>");
            break;
          case XlsxCell::Type::kString:
            if (options.shared_strings) {
              auto [it, added] =
                  shared_index.emplace(cell.value, shared.size());
              if (added) shared.push_back(cell.value);
              absl::StrAppend(&xml, "<c r=\"", ref, "\"", style, " t=\"s\"><v>",
                              it->second, "</v></c>");
            } else {
              absl::StrAppend(&xml, "<c r=\"", ref, "\"", style,
                              " t=\"inlineStr\"><is>", TextElement(cell.value),
                              "</is></c>");
            }
            break;
          case XlsxCell::Type::kNumber:
            absl::StrAppend(&xml, "<c r=\"", ref, "\"", style, "><v>",
                            cell.value, "</v></c>");
            break;
          case XlsxCell::Type::kBoolean:
            absl::StrAppend(&xml, "<c r=\"", ref, "\"", style, " t=\"b\"><v>",
                            cell.value, "</v></c>");
            break;
          case XlsxCell::Type::kError:
            absl::StrAppend(&xml, "<c r=\"", ref, "\"", style, " t=\"e\"><v>",
                            Escape(cell.value), "</v></c>");
            break;
          case XlsxCell::Type::kFormulaString:
            absl::StrAppend(&xml, "<c r=\"", ref, "\"", style,
                            " t=\"str\"><f>LOWER(A1)</f><v>",
                            Escape(cell.value), "</v></c>");
            break;
        }
      }
      absl::StrAppend(&xml, "</row>");
    }
    absl::StrAppend(&xml,
                    "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" "
                    "top=\"0.75\" bottom=\"0.75\" header=\"0.3\" "
                    "footer=\"0.3\"/></worksheet>");
    sheet_parts.emplace_back(absl::StrCat("xl/worksheets/sheet", s + 1, ".xml"),
                             std::move(xml));
  }
  const size_t next = sheets.size() + 1;
  absl::StrAppend(&rels, "<Relationship Id=\"rId", next, "\" Type=\"", kRelNs,
                  "/styles\" Target=\"styles.xml\"/>");
  if (options.shared_strings) {
    absl::StrAppend(&rels, "<Relationship Id=\"rId", next + 1, "\" Type=\"",
                    kRelNs, "/sharedStrings\" Target=\"sharedStrings.xml\"/>");
  }
  absl::StrAppend(&rels, "</Relationships>");
  absl::StrAppend(&workbook, "</sheets></workbook>");
  std::string styles = absl::StrCat(kXmlHead, "<styleSheet xmlns=\"", kMain,
                                    "\"><numFmts count=\"",
                                    options.custom_formats.size(), "\">");
  for (const auto& [id, code] : options.custom_formats) {
    absl::StrAppend(&styles, "<numFmt numFmtId=\"", id, "\" formatCode=\"",
                    Escape(code), "\"/>");
  }
  absl::StrAppend(&styles,
                  "</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/>"
                  "</cellStyleXfs><cellXfs count=\"",
                  options.cell_formats.size(), "\">");
  for (int id : options.cell_formats) {
    absl::StrAppend(&styles, "<xf numFmtId=\"", id,
                    "\" applyNumberFormat=\"1\"/>");
  }
  absl::StrAppend(&styles, "</cellXfs></styleSheet>");
  absl::StrAppend(&types,
                  "<Override PartName=\"/xl/workbook.xml\" "
                  "ContentType=\"application/"
                  "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+"
                  "xml\"/></Types>");

  parts.emplace_back("[Content_Types].xml", std::move(types));
  parts.emplace_back(
      "_rels/.rels",
      absl::StrCat(kXmlHead, "<Relationships xmlns=\"", kPackageRels,
                   "\"><Relationship Id=\"rId1\" Type=\"", kRelNs,
                   "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                   "</Relationships>"));
  parts.emplace_back("xl/workbook.xml", std::move(workbook));
  parts.emplace_back("xl/_rels/workbook.xml.rels", std::move(rels));
  parts.emplace_back("xl/styles.xml", std::move(styles));
  if (options.shared_strings) {
    std::string sst =
        absl::StrCat(kXmlHead, "<sst xmlns=\"", kMain, "\" count=\"",
                     shared.size(), "\" uniqueCount=\"", shared.size(), "\">");
    for (const std::string& text : shared) {
      absl::StrAppend(&sst, "<si>", TextElement(text), "</si>");
    }
    absl::StrAppend(&sst, "</sst>");
    parts.emplace_back("xl/sharedStrings.xml", std::move(sst));
  }
  for (auto& part : sheet_parts) parts.push_back(std::move(part));
  return parts;
}

absl::Status WriteZip(
    const std::string& path,
    const std::vector<std::pair<std::string, std::string>>& parts,
    bool compress) {
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (archive == nullptr) {
    return absl::InternalError(absl::StrCat("cannot create ", path));
  }
  for (const auto& [name, content] : parts) {
    zip_source_t* source =
        zip_source_buffer(archive, content.data(), content.size(), 0);
    const zip_int64_t index =
        source == nullptr
            ? -1
            : zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (source != nullptr) zip_source_free(source);
      zip_discard(archive);
      return absl::InternalError(absl::StrCat("cannot add ", name));
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index),
                             compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
  }
  // The buffers are read here, while `parts` is alive.
  if (zip_close(archive) != 0) {
    const std::string why = zip_strerror(archive);
    zip_discard(archive);
    return absl::InternalError(absl::StrCat("cannot write ", path, ": ", why));
  }
  return absl::OkStatus();
}

absl::Status WriteXlsx(const std::string& path,
                       const std::vector<XlsxSheetSpec>& sheets,
                       const XlsxOptions& options) {
  return WriteZip(path, XlsxParts(sheets, options), options.compress);
}

}  // namespace blindmap
