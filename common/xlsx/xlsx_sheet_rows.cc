#include "common/xlsx/xlsx_sheet_rows.h"

#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/xlsx/xlsx_cells.h"

namespace blindmap {

std::string SheetRows::Where(int column) const {
  return absl::StrCat(context_.where, "!", CellReference(column, row_number_));
}

void SheetRows::Take(CsvRow& row) {
  std::swap(row, rows_[head_++]);
  if (head_ < count_) return;
  // All handed out: start again at the front, keeping a row being built.
  if (in_row_) std::swap(rows_[0], rows_[count_]);
  head_ = count_ = 0;
}

absl::Status SheetRows::StartRow(const char** attributes) {
  int64_t number = last_row_number_ + 1;
  if (const char* r = XmlAttribute(attributes, "r"); r != nullptr) {
    if (!absl::SimpleAtoi(r, &number)) number = -1;
  }
  if (number <= last_row_number_ || number > kMaxXlsxRows) {
    return absl::InvalidArgumentError(absl::StrCat(
        context_.where, ": after row ", last_row_number_,
        " comes a row numbered out of order (rows go from 1 to 1048576, in "
        "order)"));
  }
  row_number_ = number;
  in_row_ = true;
  width_ = 0;
  row_has_value_ = false;
  next_column_ = 0;
  if (count_ == rows_.size()) rows_.emplace_back();
  return absl::OkStatus();
}

absl::Status SheetRows::StartCell(const char** attributes) {
  // One pass over the attributes: a cell has r, s and t (any prefix).
  const char* r = nullptr;
  const char* s = nullptr;
  const char* t = nullptr;
  for (const char** a = attributes; *a != nullptr; a += 2) {
    const char* name = a[0];
    if (const char* colon = std::strrchr(name, ':')) name = colon + 1;
    if (name[0] == '\0' || name[1] != '\0') continue;
    if (name[0] == 'r') r = a[1];
    if (name[0] == 's') s = a[1];
    if (name[0] == 't') t = a[1];
  }
  int column = next_column_;
  if (r != nullptr) {
    column = ColumnOfReference(r);
    if (column < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          Where(next_column_), ": a cell reference that is not one (after ",
          "column ", next_column_, ")"));
    }
  }
  if (column < next_column_ || column >= kMaxXlsxColumns) {
    return absl::InvalidArgumentError(absl::StrCat(
        Where(next_column_), ": cells out of order or beyond column XFD"));
  }
  column_ = column;
  type_ = CellType::kNumber;
  if (t != nullptr) {
    const absl::string_view type = t;
    if (type == "s") type_ = CellType::kShared;
    if (type == "inlineStr") type_ = CellType::kInline;
    if (type == "str") type_ = CellType::kString;
    if (type == "b") type_ = CellType::kBool;
    if (type == "e") type_ = CellType::kError;
    if (type == "d") type_ = CellType::kDate;
  }
  style_ = 0;
  if (s != nullptr && !absl::SimpleAtoi(s, &style_)) style_ = 0;
  in_cell_ = true;
  value_.clear();
  return absl::OkStatus();
}

absl::Status SheetRows::Start(absl::string_view name, const char** attributes) {
  if (!in_sheet_data_) {
    if (name == "sheetData") in_sheet_data_ = true;
    return absl::OkStatus();
  }
  if (name == "row") return StartRow(attributes);
  if (!in_row_) return absl::OkStatus();
  if (name == "c") return StartCell(attributes);
  if (!in_cell_) return absl::OkStatus();
  if (name == "v") {
    in_value_ = true;
  } else if (name == "is") {
    in_inline_ = true;
  } else if (name == "rPh") {
    ++phonetic_;
  } else if (name == "t" && in_inline_ && phonetic_ == 0) {
    in_inline_text_ = true;
  }
  return absl::OkStatus();
}

absl::Status SheetRows::Text(absl::string_view text) {
  if (!in_value_ && !in_inline_text_) return absl::OkStatus();
  if (value_.size() + text.size() > CsvReader::kMaxFieldBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(Where(column_), ": a cell longer than ",
                     CsvReader::kMaxFieldBytes >> 20, " MiB"));
  }
  value_.append(text.data(), text.size());
  return absl::OkStatus();
}

absl::Status SheetRows::CellText(std::string& out) {
  switch (type_) {
    case CellType::kShared: {
      size_t index = 0;
      const auto& strings = *context_.shared_strings;
      if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(value_), &index) ||
          index >= strings.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat(Where(column_),
                         ": the cell names a shared string that does not "
                         "exist (the workbook has ",
                         strings.size(), ")"));
      }
      const absl::string_view text = strings.Get(index);
      out.assign(text.data(), text.size());
      return absl::OkStatus();
    }
    case CellType::kInline:
    case CellType::kString:
      if (value_.find("_x") == std::string::npos) {
        out.assign(value_);
      } else {
        out = DecodeOoxmlEscapes(value_);
      }
      return absl::OkStatus();
    case CellType::kBool:
      out.assign(value_ == "1" ? "TRUE" : value_ == "0" ? "FALSE" : value_);
      return absl::OkStatus();
    case CellType::kError:
    case CellType::kDate:
      out.assign(value_);
      return absl::OkStatus();
    case CellType::kNumber:
      break;
  }
  const absl::string_view number = absl::StripAsciiWhitespace(value_);
  const auto& dates = *context_.date_styles;
  if (!number.empty() && style_ >= 0 &&
      static_cast<size_t>(style_) < dates.size() &&
      dates[static_cast<size_t>(style_)]) {
    std::optional<std::string> iso = SerialToIso(number, context_.date1904);
    if (iso.has_value()) {
      out = *std::move(iso);
      return absl::OkStatus();
    }
  }
  if (number.find_first_of("eE") == absl::string_view::npos) {
    out.assign(number.data(), number.size());
  } else {
    out = PlainNumber(number);
  }
  return absl::OkStatus();
}

// The field of `column` in the row being built, the fields before it
// (cells the sheet left out) emptied; storage is reused from earlier rows.
std::string& SheetRows::Field(int column) {
  std::vector<std::string>& fields = rows_[count_].fields;
  const size_t at = static_cast<size_t>(column);
  while (width_ <= at) {
    if (width_ < fields.size()) {
      fields[width_].clear();
    } else {
      fields.emplace_back();
    }
    ++width_;
  }
  return fields[at];
}

absl::Status SheetRows::EndCell() {
  in_cell_ = in_value_ = in_inline_ = in_inline_text_ = false;
  phonetic_ = 0;
  std::string& field = Field(column_);
  RETURN_IF_ERROR(CellText(field));
  row_has_value_ |= !field.empty();
  next_column_ = column_ + 1;
  return absl::OkStatus();
}

void SheetRows::EndRow() {
  in_row_ = false;
  last_row_number_ = row_number_;
  if (!row_has_value_) return;  // the slot is reused for the next row
  CsvRow& row = rows_[count_++];
  row.fields.resize(width_);
  row.row = row_number_;
  row.line = row_number_;
}

absl::Status SheetRows::End(absl::string_view name) {
  if (!in_sheet_data_) return absl::OkStatus();
  if (name == "sheetData") {
    in_sheet_data_ = false;
    done_ = true;
  } else if (name == "row" && in_row_) {
    EndRow();
  } else if (name == "c" && in_cell_) {
    return EndCell();
  } else if (name == "v") {
    in_value_ = false;
  } else if (name == "t") {
    in_inline_text_ = false;
  } else if (name == "rPh" && phonetic_ > 0) {
    --phonetic_;
  } else if (name == "is") {
    in_inline_ = false;
  }
  return absl::OkStatus();
}

}  // namespace blindmap
