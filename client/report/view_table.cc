#include "client/report/view_table.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/console/terminal_text.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace {

using report_internal::Align;
using report_internal::CleanName;
using report_internal::Heading;
using report_internal::MarkdownAlignRow;
using report_internal::MarkdownEscape;
using report_internal::MarkdownRow;
using report_internal::TextTable;

char AlignOf(const ViewTable& table, size_t column) {
  return column < table.align.size() ? table.align[column] : 'l';
}

}  // namespace

std::string ViewTableText(const ViewTable& table) {
  std::string out;
  if (!table.title.empty()) out += Heading(TerminalSafe(table.title), '-');
  for (const std::string& line : table.lines_before) {
    absl::StrAppend(&out, TerminalSafe(line), "\n");
  }
  if (!table.headers.empty()) {
    std::vector<std::string> headers;
    std::vector<Align> aligns;
    for (size_t i = 0; i < table.headers.size(); ++i) {
      headers.push_back(TerminalSafe(table.headers[i]));
      aligns.push_back(AlignOf(table, i) == 'r' ? Align::kRight : Align::kLeft);
    }
    TextTable text(std::move(headers), std::move(aligns));
    for (const std::vector<std::string>& row : table.rows) {
      std::vector<std::string> cells;
      for (const std::string& cell : row) {
        cells.push_back(CleanName(TerminalSafe(cell), kMaxViewCellWidth));
      }
      text.AddRow(std::move(cells));
    }
    out += text.Render();
  }
  for (const std::string& line : table.lines_after) {
    absl::StrAppend(&out, TerminalSafe(line), "\n");
  }
  return out + "\n";
}

std::string ViewTableMarkdown(const ViewTable& table, int level) {
  std::string out;
  if (!table.title.empty()) {
    absl::StrAppend(&out, std::string(level, '#'), " ",
                    MarkdownEscape(table.title), "\n\n");
  }
  for (const std::string& line : table.lines_before) {
    absl::StrAppend(&out, MarkdownEscape(line), "\n\n");
  }
  if (!table.headers.empty()) {
    std::vector<std::string> headers;
    std::string spec;
    for (size_t i = 0; i < table.headers.size(); ++i) {
      headers.push_back(MarkdownEscape(table.headers[i]));
      spec.push_back(AlignOf(table, i) == 'r' ? 'r' : 'l');
    }
    out += MarkdownRow(headers) + MarkdownAlignRow(spec);
    for (const std::vector<std::string>& row : table.rows) {
      std::vector<std::string> cells;
      for (size_t i = 0; i < table.headers.size(); ++i) {
        cells.push_back(i < row.size() ? MarkdownEscape(row[i]) : "");
      }
      out += MarkdownRow(cells);
    }
    out += "\n";
  }
  for (const std::string& line : table.lines_after) {
    absl::StrAppend(&out, "- ", MarkdownEscape(line), "\n");
  }
  if (!table.lines_after.empty()) out += "\n";
  return out;
}

}  // namespace blindmap
