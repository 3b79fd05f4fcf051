#include "client/html/html_heatmap.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/html/html_page.h"
#include "client/html/html_text.h"

namespace blindmap {
namespace {

std::string WithThousands(double value) {
  const auto whole = static_cast<long long>(std::llround(value));
  std::string digits = absl::StrCat(whole < 0 ? -whole : whole);
  std::string out = whole < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// White (#f7fbff) to dark blue (#08519c) by `share` in 0..1.
std::string Shade(double share) {
  share = std::clamp(share, 0.0, 1.0);
  const auto mix = [share](int from, int to) {
    return static_cast<int>(std::lround(from + (to - from) * share));
  };
  return absl::StrFormat("#%02x%02x%02x", mix(0xf7, 0x08), mix(0xfb, 0x51),
                         mix(0xff, 0x9c));
}

}  // namespace

std::string RenderHeatmap(const HeatmapSpec& spec) {
  double max = spec.max;
  if (max <= 0) {
    for (const auto& row : spec.values) {
      for (const auto& value : row) {
        if (value.has_value()) max = std::max(max, *value);
      }
    }
  }
  const std::string id = SafeId(spec.id);
  std::string out =
      absl::StrCat("<table class=\"heatmap\"",
                   id.empty() ? "" : absl::StrCat(" id=\"", id, "\""), ">\n");
  if (!spec.caption.empty()) {
    absl::StrAppend(&out, "<caption>", HtmlEscape(spec.caption),
                    "</caption>\n");
  }
  absl::StrAppend(&out, "<thead><tr><th>", HtmlEscape(spec.corner), "</th>");
  for (const std::string& label : spec.column_labels) {
    absl::StrAppend(&out, "<th class=\"n\">", HtmlEscape(label), "</th>");
  }
  out += "</tr></thead>\n<tbody>\n";
  for (size_t r = 0; r < spec.row_labels.size(); ++r) {
    absl::StrAppend(&out, "<tr><th>", HtmlEscape(spec.row_labels[r]), "</th>");
    for (size_t c = 0; c < spec.column_labels.size(); ++c) {
      std::optional<double> value;
      if (r < spec.values.size() && c < spec.values[r].size()) {
        value = spec.values[r][c];
      }
      std::string label;
      if (r < spec.labels.size() && c < spec.labels[r].size()) {
        label = spec.labels[r][c];
      }
      if (label.empty())
        label = value.has_value() ? WithThousands(*value) : "-";
      if (!value.has_value()) {
        absl::StrAppend(&out, "<td class=\"cell unknown\" data-value=\"\">",
                        HtmlEscape(label), "</td>");
        continue;
      }
      const double share = max > 0 ? *value / max : 0;
      absl::StrAppend(&out, "<td class=\"cell\" data-value=\"",
                      SvgNumber(*value), "\" style=\"background:", Shade(share),
                      ";color:", share > 0.55 ? "#ffffff" : "#1f2933", "\">",
                      HtmlEscape(label), "</td>");
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (!spec.legend.empty()) {
    absl::StrAppend(&out, "<p class=\"legend\">", HtmlEscape(spec.legend),
                    "</p>\n");
  }
  return out;
}

}  // namespace blindmap
