#include "common/xlsx/xlsx_reader.h"

#include <algorithm>
#include <new>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/status_macros.h"
#include "common/xlsx/xlsx_sheet_rows.h"
#include "common/xlsx/xlsx_workbook.h"
#include "common/xlsx/zip_package.h"

namespace blindmap {
namespace {

constexpr size_t kMaxSharedStringBytes = size_t{1} << 30;

// A sheet name as a cell reference writes it: 'My Sheet' when it needs
// quotes.
std::string ReferenceName(const std::string& name) {
  const bool plain =
      !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return absl::ascii_isalnum(c) || c == '_' || c == '.' ||
               static_cast<unsigned char>(c) >= 0x80;
      });
  if (plain) return name;
  std::string quoted = "'";
  for (char c : name) {
    quoted.push_back(c);
    if (c == '\'') quoted.push_back('\'');
  }
  return quoted + "'";
}

}  // namespace

class XlsxReader::Impl {
 public:
  static absl::StatusOr<std::unique_ptr<Impl>> Create(
      std::unique_ptr<ZipPackage> package, const std::string& sheet) {
    auto impl = std::unique_ptr<Impl>(new Impl(std::move(package)));
    RETURN_IF_ERROR(impl->Prepare(sheet));
    return impl;
  }

  absl::StatusOr<bool> Next(CsvRow& row) {
    if (!status_.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat(package_->source(), ": reader used after an error"));
    }
    absl::StatusOr<bool> result;
    try {
      result = Pull(row);
    } catch (const std::bad_alloc&) {
      result = absl::ResourceExhaustedError(absl::StrCat(
          package_->source(), ": out of memory while reading the workbook"));
    }
    if (!result.ok()) status_ = result.status();
    return result;
  }

  const std::string& source() const { return package_->source(); }
  const std::string& sheet_name() const { return sheet_.name; }

 private:
  explicit Impl(std::unique_ptr<ZipPackage> package)
      : package_(std::move(package)) {}

  absl::Status Prepare(const std::string& wanted) {
    ASSIGN_OR_RETURN(XlsxWorkbook workbook, ReadXlsxWorkbook(*package_));
    if (wanted.empty()) {
      sheet_ = workbook.sheets.front();
    } else {
      std::vector<std::string> names;
      for (const XlsxSheet& sheet : workbook.sheets) {
        if (sheet.name == wanted) sheet_ = sheet;
        names.push_back(absl::StrCat("\"", sheet.name, "\""));
      }
      if (sheet_.part.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            package_->source(), ": the workbook has no worksheet named \"",
            wanted, "\"; it has ", absl::StrJoin(names, ", ")));
      }
    }
    if (!workbook.shared_strings.empty() &&
        package_->Has(workbook.shared_strings)) {
      ASSIGN_OR_RETURN(shared_strings_,
                       ReadSharedStrings(*package_, workbook.shared_strings,
                                         kMaxSharedStringBytes));
    }
    if (!workbook.styles.empty() && package_->Has(workbook.styles)) {
      ASSIGN_OR_RETURN(date_styles_,
                       ReadDateStyles(*package_, workbook.styles));
    }
    context_.where =
        absl::StrCat(package_->source(), ": ", ReferenceName(sheet_.name));
    context_.shared_strings = &shared_strings_;
    context_.date_styles = &date_styles_;
    context_.date1904 = workbook.date1904;
    ASSIGN_OR_RETURN(stream_, package_->Open(sheet_.part));
    rows_.emplace(context_);
    parse_.emplace(*rows_, absl::StrCat(package_->source(), ": ", sheet_.part));
    return absl::OkStatus();
  }

  // Feeds the sheet until a row is ready or the part ends.
  absl::StatusOr<bool> Pull(CsvRow& row) {
    while (!rows_->HasRow()) {
      if (ended_) return false;
      RETURN_IF_ERROR(parse_->FeedFrom(*stream_, ended_));
      if (ended_ && !rows_->done()) {
        return absl::InvalidArgumentError(absl::StrCat(
            context_.where, ": the sheet has no cell data (no <sheetData>)"));
      }
    }
    rows_->Take(row);
    return true;
  }

  std::unique_ptr<ZipPackage> package_;
  XlsxSheet sheet_;
  SharedStrings shared_strings_;
  std::vector<bool> date_styles_;
  SheetContext context_;
  std::unique_ptr<ZipPartStream> stream_;
  std::optional<SheetRows> rows_;
  std::optional<XmlParse> parse_;
  bool ended_ = false;
  absl::Status status_;
};

XlsxReader::XlsxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxReader::~XlsxReader() = default;

absl::StatusOr<std::unique_ptr<XlsxReader>> XlsxReader::Open(
    const std::string& path, const std::string& sheet) {
  ASSIGN_OR_RETURN(std::unique_ptr<ZipPackage> package,
                   ZipPackage::OpenFile(path));
  ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl,
                   Impl::Create(std::move(package), sheet));
  return std::unique_ptr<XlsxReader>(new XlsxReader(std::move(impl)));
}

absl::StatusOr<std::unique_ptr<XlsxReader>> XlsxReader::FromBytes(
    std::string bytes, std::string source_name, const std::string& sheet) {
  ASSIGN_OR_RETURN(
      std::unique_ptr<ZipPackage> package,
      ZipPackage::FromBytes(std::move(bytes), std::move(source_name)));
  ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl,
                   Impl::Create(std::move(package), sheet));
  return std::unique_ptr<XlsxReader>(new XlsxReader(std::move(impl)));
}

absl::StatusOr<bool> XlsxReader::Next(CsvRow& row) { return impl_->Next(row); }

const std::string& XlsxReader::source_name() const { return impl_->source(); }

const std::string& XlsxReader::sheet_name() const {
  return impl_->sheet_name();
}

absl::StatusOr<std::vector<std::string>> XlsxSheetNames(
    const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<ZipPackage> package,
                   ZipPackage::OpenFile(path));
  ASSIGN_OR_RETURN(XlsxWorkbook workbook, ReadXlsxWorkbook(*package));
  std::vector<std::string> names;
  for (const XlsxSheet& sheet : workbook.sheets) names.push_back(sheet.name);
  return names;
}

}  // namespace blindmap
