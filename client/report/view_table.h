// A section of a view as people read it: a title, a few lines, a table and
// footnotes, built once from a view model and laid out per format (text and
// Markdown here; HTML by the page builder). Used by the portfolio, the ICP
// comparison, partner scoring and the account categories.
#ifndef BLINDMAP_CLIENT_REPORT_VIEW_TABLE_H_
#define BLINDMAP_CLIENT_REPORT_VIEW_TABLE_H_

#include <string>
#include <vector>

namespace blindmap {

// Every string is plain text as it came (names from a partner, a CSV or a
// config included); each layout escapes it for its format. A value type.
struct ViewTable {
  std::string title;
  std::vector<std::string> lines_before;  // paragraphs above the table
  std::vector<std::string> headers;       // no table when empty
  std::string align;  // one per column: 'l' left, 'r' right (default 'l')
  std::vector<std::vector<std::string>> rows;  // short rows are padded
  std::vector<std::string> lines_after;        // footnotes below the table
};

// Longest cell a text table shows, in code points; longer ones are cut and
// end in "...". Lines and Markdown carry everything.
inline constexpr size_t kMaxViewCellWidth = 60;

// For a terminal: "Title\n-----\n", the lines, an ASCII table, the
// footnotes, each section ending in a blank line. Every string goes
// through TerminalSafe() (control characters shown escaped); cells are cut
// at kMaxViewCellWidth.
std::string ViewTableText(const ViewTable& table);

// Markdown: a heading of `level` ('#' count), paragraphs, a table whose
// cells are escaped (MarkdownEscape), footnotes as a list.
std::string ViewTableMarkdown(const ViewTable& table, int level = 2);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_VIEW_TABLE_H_
