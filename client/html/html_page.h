// A self-contained HTML page: one file with its CSS inline, charts as
// inline SVG, no script, no external reference of any kind. A
// Content-Security-Policy in the page (default-src 'none') makes a browser
// refuse any fetch even if a URL slipped in; opened from disk, it shows
// the same with or without JavaScript and without a network.
//
// How the pieces fit (the overlap report, the co-sell plan and the partner
// portfolio use the same builder):
//
//   HtmlPage page("Co-Sell Plan: acme × globex");      // title is escaped
//   page.AddHeading(1, "Co-Sell Plan");
//   page.AddFacts({{"Period", "2026-11"}, {"Shared accounts", "12"}});
//   HtmlTable tier1("tier1", {"#", "Account", "Score"}, "lln");
//   tier1.AddRow({"1", partner_supplied_name, "27"});   // every cell escaped
//   page.AddSection("tiers", "Tier 1", tier1.Render());
//   page.Add(RenderLineChart(trend));                    // svg_chart.h
//   std::string html = page.Render();
//
// Add() and AddSection()'s body take HTML built by this library (tables,
// charts, heatmaps, or HtmlEscape()d text); everything else takes plain
// text and escapes it. Not thread-safe; a value type.
#ifndef BLINDMAP_CLIENT_HTML_HTML_PAGE_H_
#define BLINDMAP_CLIENT_HTML_HTML_PAGE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace blindmap {

class HtmlPage {
 public:
  explicit HtmlPage(std::string title) : title_(std::move(title)) {}

  // <h1>..<h4> with the text escaped; `id` (letters, digits, '-', '_')
  // becomes the element's id when not empty.
  void AddHeading(int level, absl::string_view text, absl::string_view id = "");
  // <p> with the text escaped; `css_class` from the built-in stylesheet
  // ("note", "muted", "warning") or "".
  void AddParagraph(absl::string_view text, absl::string_view css_class = "");
  // <ul> of escaped items, with `id` when not empty.
  void AddList(const std::vector<std::string>& items,
               absl::string_view id = "");
  // A definition list of (label, value) pairs, both escaped: the header
  // facts of a report.
  void AddFacts(const std::vector<std::pair<std::string, std::string>>& facts);
  // <section id=...><h2>heading</h2>body_html</section>.
  void AddSection(absl::string_view id, absl::string_view heading,
                  const std::string& body_html);
  // Trusted HTML built by this library.
  void Add(std::string html) { body_ += std::move(html); }
  // Extra CSS rules (constants of the caller; never data).
  void AddStyle(absl::string_view css) {
    extra_css_.append(css.data(), css.size());
  }

  // The whole document: <!DOCTYPE html>, <meta charset>, the CSP, the
  // stylesheet, the body.
  std::string Render() const;

 private:
  std::string title_;
  std::string body_;
  std::string extra_css_;
};

// `id` if it is a safe element id (1-64 of [A-Za-z0-9_-]), else "".
std::string SafeId(absl::string_view id);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_HTML_HTML_PAGE_H_
