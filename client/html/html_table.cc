#include "client/html/html_table.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/html/html_page.h"
#include "client/html/html_text.h"

namespace blindmap {
namespace {

bool IsDataName(absl::string_view name) {
  if (name.empty() || name.size() > 40) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (!absl::ascii_islower(u) && !absl::ascii_isdigit(u) && c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

HtmlCell TextCell(absl::string_view text, absl::string_view css_class) {
  HtmlCell cell;
  cell.html = HtmlEscape(text);
  cell.css_class = std::string(css_class);
  return cell;
}

HtmlTable::HtmlTable(std::string id, std::vector<std::string> headers,
                     std::string align)
    : id_(SafeId(id)), headers_(std::move(headers)), align_(std::move(align)) {
  align_.resize(headers_.size(), 'l');
}

void HtmlTable::AddRow(const std::vector<std::string>& texts,
                       absl::string_view row_class) {
  std::vector<HtmlCell> cells;
  cells.reserve(texts.size());
  for (const std::string& text : texts) cells.push_back(TextCell(text));
  AddCells(std::move(cells), row_class);
}

void HtmlTable::AddCells(std::vector<HtmlCell> cells,
                         absl::string_view row_class) {
  cells.resize(headers_.size());
  rows_.push_back({std::move(cells), SafeId(row_class)});
}

void HtmlTable::AddFooter(const std::vector<std::string>& texts) {
  std::vector<HtmlCell> cells;
  for (const std::string& text : texts) cells.push_back(TextCell(text));
  cells.resize(headers_.size());
  footer_.push_back({std::move(cells), ""});
}

std::string HtmlTable::RenderRow(const Row& row, const char* tag) const {
  std::string out = row.css_class.empty()
                        ? "<tr>"
                        : absl::StrCat("<tr class=\"", row.css_class, "\">");
  for (size_t i = 0; i < row.cells.size(); ++i) {
    const HtmlCell& cell = row.cells[i];
    std::string classes = align_[i] == 'n' ? "n" : "";
    const std::string extra = SafeId(cell.css_class);
    if (!extra.empty()) {
      classes = classes.empty() ? extra : absl::StrCat(classes, " ", extra);
    }
    absl::StrAppend(&out, "<", tag);
    if (!classes.empty()) absl::StrAppend(&out, " class=\"", classes, "\"");
    if (!cell.title.empty()) {
      absl::StrAppend(&out, " title=\"", HtmlEscape(cell.title), "\"");
    }
    for (const auto& [name, value] : cell.data) {
      if (IsDataName(name)) {
        absl::StrAppend(&out, " data-", name, "=\"", HtmlEscape(value), "\"");
      }
    }
    absl::StrAppend(&out, ">", cell.html, "</", tag, ">");
  }
  return out + "</tr>\n";
}

std::string HtmlTable::Render() const {
  std::string out = absl::StrCat(
      "<table", id_.empty() ? "" : absl::StrCat(" id=\"", id_, "\""),
      " data-rows=\"", rows_.size(), "\">\n");
  if (!caption_.empty()) {
    absl::StrAppend(&out, "<caption>", HtmlEscape(caption_), "</caption>\n");
  }
  out += "<thead><tr>";
  for (size_t i = 0; i < headers_.size(); ++i) {
    absl::StrAppend(&out, align_[i] == 'n' ? "<th class=\"n\">" : "<th>",
                    HtmlEscape(headers_[i]), "</th>");
  }
  out += "</tr></thead>\n<tbody>\n";
  if (rows_.empty()) {
    absl::StrAppend(&out, "<tr class=\"empty\"><td colspan=\"", headers_.size(),
                    "\" class=\"unknown\">none</td></tr>\n");
  }
  for (const Row& row : rows_) out += RenderRow(row, "td");
  out += "</tbody>\n";
  if (!footer_.empty()) {
    out += "<tfoot>\n";
    for (const Row& row : footer_) out += RenderRow(row, "td");
    out += "</tfoot>\n";
  }
  return out + "</table>\n";
}

}  // namespace blindmap
