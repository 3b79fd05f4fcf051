#include "client/html/html_page.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/html/html_text.h"

namespace blindmap {
namespace {

// Print-friendly, readable on a laptop and a projector; no web fonts (they
// would be fetched).
constexpr char kStylesheet[] = R"css(
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --head: #f0f4f8;
        --accent: #2a6f97; --good: #2f855a; --bad: #c53030; --warn: #b7791f; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
       "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       margin: 24px auto; max-width: 1180px; padding: 0 16px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px;
     border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.note, p.muted { color: var(--muted); }
p.warning { color: var(--warn); }
dl.facts { display: grid; grid-template-columns: max-content auto;
           gap: 2px 16px; margin: 8px 0 16px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 6px 0 12px; width: auto; }
caption { text-align: left; color: var(--muted); padding: 2px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top;
         text-align: left; }
th { background: var(--head); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: 600; background: var(--head); }
td.unknown { color: var(--muted); font-style: italic; }
tr.overdue td { background: #fff5f5; }
.on-track { color: var(--good); font-weight: 600; }
.below, .behind { color: var(--bad); font-weight: 600; }
.above { color: var(--accent); font-weight: 600; }
table.heatmap td.cell { text-align: center; min-width: 90px; }
.legend { color: var(--muted); font-size: 12px; }
svg.chart { display: block; margin: 8px 0 16px; max-width: 100%;
            height: auto; }
svg.chart text { font: 11px system-ui, sans-serif; fill: var(--ink); }
svg.chart .axis { stroke: #9aa5b1; stroke-width: 1; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
ul.compact { margin: 4px 0 12px; padding-left: 20px; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               table, svg { break-inside: avoid; } }
)css";

}  // namespace

std::string SafeId(absl::string_view id) {
  if (id.empty() || id.size() > 64) return "";
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' &&
        c != '_') {
      return "";
    }
  }
  return std::string(id);
}

void HtmlPage::AddHeading(int level, absl::string_view text,
                          absl::string_view id) {
  if (level < 1 || level > 4) level = 2;
  const std::string safe_id = SafeId(id);
  absl::StrAppend(&body_, "<h", level,
                  safe_id.empty() ? "" : absl::StrCat(" id=\"", safe_id, "\""),
                  ">", HtmlEscape(text), "</h", level, ">\n");
}

void HtmlPage::AddParagraph(absl::string_view text,
                            absl::string_view css_class) {
  const std::string safe = SafeId(css_class);
  absl::StrAppend(&body_, "<p",
                  safe.empty() ? "" : absl::StrCat(" class=\"", safe, "\""),
                  ">", HtmlEscape(text), "</p>\n");
}

void HtmlPage::AddList(const std::vector<std::string>& items,
                       absl::string_view id) {
  const std::string safe_id = SafeId(id);
  absl::StrAppend(&body_, "<ul class=\"compact\"",
                  safe_id.empty() ? "" : absl::StrCat(" id=\"", safe_id, "\""),
                  ">\n");
  for (const std::string& item : items) {
    absl::StrAppend(&body_, "<li>", HtmlEscape(item), "</li>\n");
  }
  body_ += "</ul>\n";
}

void HtmlPage::AddFacts(
    const std::vector<std::pair<std::string, std::string>>& facts) {
  body_ += "<dl class=\"facts\">\n";
  for (const auto& [label, value] : facts) {
    absl::StrAppend(&body_, "<dt>", HtmlEscape(label), "</dt><dd>",
                    HtmlEscape(value), "</dd>\n");
  }
  body_ += "</dl>\n";
}

void HtmlPage::AddSection(absl::string_view id, absl::string_view heading,
                          const std::string& body_html) {
  const std::string safe_id = SafeId(id);
  absl::StrAppend(&body_, "<section",
                  safe_id.empty() ? "" : absl::StrCat(" id=\"", safe_id, "\""),
                  ">\n<h2>", HtmlEscape(heading), "</h2>\n", body_html,
                  "</section>\n");
}

std::string HtmlPage::Render() const {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; style-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<title>",
      HtmlEscape(title_), "</title>\n<style>", kStylesheet, extra_css_,
      "</style>\n</head>\n<body>\n", body_, "</body>\n</html>\n");
}

}  // namespace blindmap
