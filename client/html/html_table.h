// An HTML table for HtmlPage: a header row, body rows, optional footer
// rows, numeric columns right-aligned. Cells are plain text (escaped) or,
// through HtmlCell, HTML built by this library.
#ifndef BLINDMAP_CLIENT_HTML_HTML_TABLE_H_
#define BLINDMAP_CLIENT_HTML_HTML_TABLE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace blindmap {

struct HtmlCell {
  std::string html;       // trusted markup (HtmlEscape() what is not)
  std::string css_class;  // from the page's stylesheet, or ""
  std::string title;      // plain text shown on hover, or ""
  // Attributes a test or script may read: data-<name>="<value>" (name of
  // [a-z0-9-], value escaped).
  std::vector<std::pair<std::string, std::string>> data;
};

// A cell of plain text, escaped.
HtmlCell TextCell(absl::string_view text, absl::string_view css_class = "");

// Value type; not thread-safe.
class HtmlTable {
 public:
  // `id` becomes the table's element id (see SafeId()); `align` holds one
  // character per column, 'l' left or 'n' numeric (right-aligned), padded
  // with 'l'.
  HtmlTable(std::string id, std::vector<std::string> headers,
            std::string align = "");

  void SetCaption(absl::string_view caption) {
    caption_ = std::string(caption);
  }
  // A row of plain-text cells (escaped). `row_class` from the stylesheet
  // ("overdue") or "".
  void AddRow(const std::vector<std::string>& texts,
              absl::string_view row_class = "");
  void AddCells(std::vector<HtmlCell> cells, absl::string_view row_class = "");
  void AddFooter(const std::vector<std::string>& texts);
  size_t rows() const { return rows_.size(); }

  // <table id=... data-rows="N"> with <thead>, <tbody> and <tfoot>; an
  // empty table still renders its header and one row saying "none".
  std::string Render() const;

 private:
  struct Row {
    std::vector<HtmlCell> cells;
    std::string css_class;
  };
  std::string RenderRow(const Row& row, const char* tag) const;

  std::string id_;
  std::vector<std::string> headers_;
  std::string align_;
  std::string caption_;
  std::vector<Row> rows_;
  std::vector<Row> footer_;
};

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_HTML_HTML_TABLE_H_
