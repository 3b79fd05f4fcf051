#include "common/text/csv_writer.h"

#include "absl/strings/str_cat.h"

namespace blindmap {

std::string CsvQuote(absl::string_view field) {
  if (field.find_first_of(",\"\r\n") == absl::string_view::npos) {
    return std::string(field);
  }
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string CsvInert(absl::string_view value) {
  if (!value.empty() &&
      absl::string_view("=+-@\t\r").find(value[0]) != absl::string_view::npos) {
    return absl::StrCat("'", value);
  }
  return std::string(value);
}

std::string CsvCell(absl::string_view value) {
  return CsvQuote(CsvInert(value));
}

}  // namespace blindmap
