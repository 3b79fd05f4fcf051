#include "common/xlsx/xlsx_workbook.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/status_macros.h"
#include "common/text/csv_reader.h"
#include "common/xlsx/xlsx_cells.h"
#include "common/xlsx/xml_parser.h"

namespace blindmap {
namespace {

constexpr size_t kMaxSheets = 4096;
constexpr size_t kMaxStyles = 1 << 16;
constexpr size_t kMaxReservedStrings = 1 << 20;

// One <Relationship Id Type Target> of a .rels part.
struct Relationship {
  std::string type;    // the last path segment: "worksheet", "styles", ...
  std::string target;  // a part name, resolved against the source's folder
};

// "xl/" + "worksheets/sheet1.xml", "/xl/x.xml" -> "xl/x.xml", ".." handled.
std::string ResolvePart(absl::string_view folder, absl::string_view target) {
  std::vector<std::string> parts;
  if (!absl::StartsWith(target, "/")) {
    for (absl::string_view piece : absl::StrSplit(folder, '/')) {
      if (!piece.empty()) parts.emplace_back(piece);
    }
  }
  for (absl::string_view piece : absl::StrSplit(target, '/')) {
    if (piece.empty() || piece == ".") continue;
    if (piece == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.emplace_back(piece);
  }
  return absl::StrJoin(parts, "/");
}

class RelationshipsHandler final : public XmlHandler {
 public:
  explicit RelationshipsHandler(std::string folder)
      : folder_(std::move(folder)) {}
  absl::Status Start(absl::string_view name, const char** attrs) override {
    if (name != "Relationship") return absl::OkStatus();
    const char* id = XmlAttribute(attrs, "Id");
    const char* type = XmlAttribute(attrs, "Type");
    const char* target = XmlAttribute(attrs, "Target");
    const char* mode = XmlAttribute(attrs, "TargetMode");
    if (id == nullptr || type == nullptr || target == nullptr ||
        (mode != nullptr && absl::string_view(mode) == "External")) {
      return absl::OkStatus();
    }
    absl::string_view kind = type;
    kind = kind.substr(kind.rfind('/') + 1);
    relationships_[id] = {std::string(kind), ResolvePart(folder_, target)};
    return absl::OkStatus();
  }
  absl::Status End(absl::string_view) override { return absl::OkStatus(); }
  absl::Status Text(absl::string_view) override { return absl::OkStatus(); }

  std::map<std::string, Relationship> relationships_;

 private:
  std::string folder_;
};

absl::StatusOr<std::map<std::string, Relationship>> ReadRelationships(
    const ZipPackage& package, absl::string_view part,
    absl::string_view folder) {
  RelationshipsHandler handler{std::string(folder)};
  RETURN_IF_ERROR(ParsePart(package, part, handler));
  return handler.relationships_;
}

class WorkbookHandler final : public XmlHandler {
 public:
  explicit WorkbookHandler(std::string where) : where_(std::move(where)) {}
  absl::Status Start(absl::string_view name, const char** attrs) override {
    if (name == "workbookPr") {
      const char* value = XmlAttribute(attrs, "date1904");
      date1904 = value != nullptr && (absl::string_view(value) == "1" ||
                                      absl::string_view(value) == "true");
    } else if (name == "sheet") {
      const char* sheet_name = XmlAttribute(attrs, "name");
      const char* id = XmlAttribute(attrs, "id");  // r:id
      if (sheet_name != nullptr && id != nullptr) {
        if (sheets.size() == kMaxSheets) {
          return absl::InvalidArgumentError(
              absl::StrCat(where_, ": more than 4096 sheets"));
        }
        sheets.push_back({sheet_name, id});
      }
    }
    return absl::OkStatus();
  }
  absl::Status End(absl::string_view) override { return absl::OkStatus(); }
  absl::Status Text(absl::string_view) override { return absl::OkStatus(); }

  bool date1904 = false;
  std::vector<std::pair<std::string, std::string>> sheets;  // name, r:id

 private:
  std::string where_;
};

// Text of <si> items, for ReadSharedStrings.
class SharedStringsHandler final : public XmlHandler {
 public:
  SharedStringsHandler(std::string where, size_t max_total_bytes)
      : where_(std::move(where)), budget_(max_total_bytes) {}
  absl::Status Start(absl::string_view name, const char** attrs) override {
    if (name == "sst") {
      // Room for the strings the table says it has, within reason: a
      // damaged count must not reserve gigabytes.
      const char* unique = XmlAttribute(attrs, "uniqueCount");
      size_t count = 0;
      if (unique != nullptr && absl::SimpleAtoi(unique, &count)) {
        strings_.Reserve(std::min(count, kMaxReservedStrings));
      }
    } else if (name == "si") {
      in_si_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && in_si_ && phonetic_ == 0) {
      in_t_ = true;
    }
    return absl::OkStatus();
  }
  absl::Status End(absl::string_view name) override {
    if (name == "si") {
      in_si_ = false;
      if (strings_.Open().find("_x") != absl::string_view::npos) {
        strings_.ReplaceOpen(DecodeOoxmlEscapes(strings_.Open()));
      }
      strings_.Close();
    } else if (name == "rPh") {
      --phonetic_;
    } else if (name == "t") {
      in_t_ = false;
    }
    return absl::OkStatus();
  }
  absl::Status Text(absl::string_view text) override {
    if (!in_t_) return absl::OkStatus();
    if (text.size() > budget_) {
      return absl::InvalidArgumentError(absl::StrCat(
          where_,
          ": the shared strings hold more text than blindmap reads "
          "(a damaged workbook?)"));
    }
    if (strings_.Open().size() + text.size() > CsvReader::kMaxFieldBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          where_, ": shared string ", strings_.size(), " is longer than ",
          CsvReader::kMaxFieldBytes >> 20, " MiB"));
    }
    budget_ -= text.size();
    strings_.Append(text);
    return absl::OkStatus();
  }

  SharedStrings strings_;

 private:
  std::string where_;
  size_t budget_;
  bool in_si_ = false;
  bool in_t_ = false;
  int phonetic_ = 0;
};

// Number formats and cell formats, for ReadDateStyles.
class StylesHandler final : public XmlHandler {
 public:
  explicit StylesHandler(std::string where) : where_(std::move(where)) {}
  absl::Status Start(absl::string_view name, const char** attrs) override {
    if (name == "numFmt") {
      const char* id = XmlAttribute(attrs, "numFmtId");
      const char* code = XmlAttribute(attrs, "formatCode");
      int value = 0;
      if (id != nullptr && code != nullptr && absl::SimpleAtoi(id, &value)) {
        codes_[value] = code;
      }
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      if (formats_.size() == kMaxStyles) {
        return absl::InvalidArgumentError(
            absl::StrCat(where_, ": more than 65536 cell formats"));
      }
      const char* id = XmlAttribute(attrs, "numFmtId");
      int value = 0;
      formats_.push_back(id != nullptr && absl::SimpleAtoi(id, &value) ? value
                                                                       : 0);
    }
    return absl::OkStatus();
  }
  absl::Status End(absl::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
    return absl::OkStatus();
  }
  absl::Status Text(absl::string_view) override { return absl::OkStatus(); }

  std::vector<bool> DateStyles() const {
    std::vector<bool> dates;
    for (int id : formats_) {
      auto code = codes_.find(id);
      dates.push_back(
          IsDateFormat(id, code == codes_.end() ? "" : code->second));
    }
    return dates;
  }

 private:
  std::string where_;
  std::map<int, std::string> codes_;
  std::vector<int> formats_;
  bool in_cell_xfs_ = false;
};

}  // namespace

absl::StatusOr<XlsxWorkbook> ReadXlsxWorkbook(const ZipPackage& package) {
  // The package's relationships name the workbook part (xl/workbook.xml
  // as Excel writes it).
  std::string workbook_part = "xl/workbook.xml";
  if (package.Has("_rels/.rels")) {
    ASSIGN_OR_RETURN(auto root, ReadRelationships(package, "_rels/.rels", ""));
    for (const auto& [id, relationship] : root) {
      if (relationship.type == "officeDocument") {
        workbook_part = relationship.target;
      }
    }
  }
  if (!package.Has(workbook_part)) {
    return absl::InvalidArgumentError(absl::StrCat(
        package.source(), ": a zip archive without a workbook (no ",
        workbook_part, "); is it an .xlsx file?"));
  }
  const size_t slash = workbook_part.rfind('/');
  const std::string folder =
      slash == std::string::npos ? "" : workbook_part.substr(0, slash);
  const std::string rels_part =
      absl::StrCat(folder.empty() ? "" : folder + "/", "_rels/",
                   workbook_part.substr(slash + 1), ".rels");
  std::map<std::string, Relationship> relationships;
  if (package.Has(rels_part)) {
    ASSIGN_OR_RETURN(relationships,
                     ReadRelationships(package, rels_part, folder));
  }
  WorkbookHandler handler(absl::StrCat(package.source(), ": ", workbook_part));
  RETURN_IF_ERROR(ParsePart(package, workbook_part, handler));
  XlsxWorkbook workbook;
  workbook.date1904 = handler.date1904;
  for (const auto& [name, id] : handler.sheets) {
    auto found = relationships.find(id);
    if (found == relationships.end() || found->second.type != "worksheet") {
      continue;  // a chart sheet, or a sheet the package does not hold
    }
    workbook.sheets.push_back({name, found->second.target});
  }
  for (const auto& [id, relationship] : relationships) {
    if (relationship.type == "sharedStrings") {
      workbook.shared_strings = relationship.target;
    } else if (relationship.type == "styles") {
      workbook.styles = relationship.target;
    }
  }
  if (workbook.sheets.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        package.source(), ": the workbook has no worksheet to read"));
  }
  return workbook;
}

absl::StatusOr<SharedStrings> ReadSharedStrings(const ZipPackage& package,
                                                const std::string& part,
                                                size_t max_total_bytes) {
  SharedStringsHandler handler(absl::StrCat(package.source(), ": ", part),
                               max_total_bytes);
  RETURN_IF_ERROR(ParsePart(package, part, handler));
  return std::move(handler.strings_);
}

absl::StatusOr<std::vector<bool>> ReadDateStyles(const ZipPackage& package,
                                                 const std::string& part) {
  StylesHandler handler(absl::StrCat(package.source(), ": ", part));
  RETURN_IF_ERROR(ParsePart(package, part, handler));
  return handler.DateStyles();
}

}  // namespace blindmap
