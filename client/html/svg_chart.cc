#include "client/html/svg_chart.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/html/html_page.h"
#include "client/html/html_text.h"

namespace blindmap {
namespace {

constexpr const char* kColors[] = {"#2a6f97", "#c05621", "#2f855a",
                                   "#6b46c1", "#b83280", "#4a5568"};

std::string Color(size_t i) { return kColors[i % 6]; }

std::string ValueText(double value, bool percent) {
  if (percent) return absl::StrFormat("%.1f%%", value * 100.0);
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return absl::StrCat(static_cast<long long>(value));
  }
  return absl::StrFormat("%.2f", value);
}

// A round upper bound for the axis: 1, 2 or 5 times a power of ten.
double NiceMax(double max, bool percent) {
  if (percent) return max > 0.5 ? 1.0 : (max > 0.25 ? 0.5 : 0.25);
  if (max <= 0) return 1;
  const double power = std::pow(10.0, std::floor(std::log10(max)));
  for (double step : {1.0, 2.0, 5.0, 10.0}) {
    if (max <= step * power) return step * power;
  }
  return 10 * power;
}

std::string Open(const std::string& id, const std::string& title, int width,
                 int height) {
  const std::string safe_id = SafeId(id);
  return absl::StrCat(
      "<svg class=\"chart\" role=\"img\"",
      safe_id.empty() ? "" : absl::StrCat(" id=\"", safe_id, "\""), " width=\"",
      width, "\" height=\"", height, "\" viewBox=\"0 0 ", width, " ", height,
      "\"><title>", HtmlEscape(title), "</title>\n");
}

}  // namespace

std::string RenderLineChart(const LineChartSpec& spec) {
  const int left = 56, right = 24, top = 28, bottom = 44;
  const int plot_w = std::max(10, spec.width - left - right);
  const int plot_h = std::max(10, spec.height - top - bottom);
  double max = 0;
  for (const ChartSeries& s : spec.series) {
    for (const auto& v : s.values) {
      if (v.has_value()) max = std::max(max, *v);
    }
  }
  const double top_value = NiceMax(max, spec.percent);
  const size_t n = spec.x_labels.size();
  const auto x_at = [&](size_t i) {
    return n <= 1 ? left + plot_w / 2.0
                  : left + plot_w * static_cast<double>(i) / (n - 1);
  };
  const auto y_at = [&](double v) {
    return top + plot_h * (1 - std::clamp(v / top_value, 0.0, 1.0));
  };
  std::string out = Open(spec.id, spec.title, spec.width, spec.height);
  absl::StrAppend(&out, "<text x=\"", left, "\" y=\"16\" font-weight=\"600\">",
                  HtmlEscape(spec.title), "</text>\n");
  for (int tick = 0; tick <= 4; ++tick) {
    const double v = top_value * tick / 4;
    const std::string y = SvgNumber(y_at(v));
    absl::StrAppend(&out, "<line class=\"grid\" x1=\"", left, "\" x2=\"",
                    left + plot_w, "\" y1=\"", y, "\" y2=\"", y, "\"/>",
                    "<text x=\"", left - 6, "\" y=\"", y,
                    "\" text-anchor=\"end\" dominant-baseline=\"middle\">",
                    ValueText(v, spec.percent), "</text>\n");
  }
  absl::StrAppend(&out, "<line class=\"axis\" x1=\"", left, "\" x2=\"",
                  left + plot_w, "\" y1=\"", top + plot_h, "\" y2=\"",
                  top + plot_h, "\"/>\n");
  for (size_t i = 0; i < n; ++i) {
    // The labels at the ends keep inside the chart.
    const char* anchor = n > 1 && i == 0       ? "start"
                         : n > 1 && i == n - 1 ? "end"
                                               : "middle";
    absl::StrAppend(&out, "<text x=\"", SvgNumber(x_at(i)), "\" y=\"",
                    top + plot_h + 16, "\" text-anchor=\"", anchor, "\">",
                    HtmlEscape(spec.x_labels[i]), "</text>\n");
  }
  for (size_t s = 0; s < spec.series.size(); ++s) {
    const ChartSeries& series = spec.series[s];
    std::string points;
    std::string dots;
    for (size_t i = 0; i < n && i < series.values.size(); ++i) {
      if (!series.values[i].has_value()) continue;
      const std::string x = SvgNumber(x_at(i));
      const std::string y = SvgNumber(y_at(*series.values[i]));
      absl::StrAppend(&points, points.empty() ? "" : " ", x, ",", y);
      absl::StrAppend(
          &dots, "<circle cx=\"", x, "\" cy=\"", y, "\" r=\"3.5\" fill=\"",
          Color(s), "\"><title>", HtmlEscape(series.name), ", ",
          HtmlEscape(spec.x_labels[i]), ": ",
          ValueText(*series.values[i], spec.percent), "</title></circle>\n");
    }
    if (n > 1 && !points.empty()) {
      absl::StrAppend(&out, "<polyline fill=\"none\" stroke=\"", Color(s),
                      "\" stroke-width=\"2\" points=\"", points, "\"/>\n");
    }
    out += dots;
    const int legend_y = spec.height - 8;
    const int legend_x = left + static_cast<int>(s) * 180;
    absl::StrAppend(&out, "<rect x=\"", legend_x, "\" y=\"", legend_y - 9,
                    "\" width=\"10\" height=\"10\" fill=\"", Color(s),
                    "\"/><text x=\"", legend_x + 14, "\" y=\"", legend_y, "\">",
                    HtmlEscape(series.name), "</text>\n");
  }
  return out + "</svg>\n";
}

std::string RenderBarChart(const BarChartSpec& spec) {
  const int label_w = 200, value_w = 70, top = 28;
  const int plot_w = std::max(10, spec.width - label_w - value_w);
  const int height =
      top + static_cast<int>(spec.labels.size()) * spec.bar_height + 8;
  double max = 0;
  for (double v : spec.values) max = std::max(max, v);
  std::string out = Open(spec.id, spec.title, spec.width, height);
  absl::StrAppend(&out, "<text x=\"0\" y=\"16\" font-weight=\"600\">",
                  HtmlEscape(spec.title), "</text>\n");
  for (size_t i = 0; i < spec.labels.size(); ++i) {
    const double v = i < spec.values.size() ? spec.values[i] : 0;
    const double w = max > 0 ? plot_w * v / max : 0;
    const int y = top + static_cast<int>(i) * spec.bar_height;
    const int mid = y + spec.bar_height / 2;
    absl::StrAppend(&out, "<text x=\"", label_w - 8, "\" y=\"", mid,
                    "\" text-anchor=\"end\" dominant-baseline=\"middle\">",
                    HtmlEscape(spec.labels[i]), "</text>", "<rect x=\"",
                    label_w, "\" y=\"", y + 3, "\" width=\"", SvgNumber(w),
                    "\" height=\"", spec.bar_height - 6, "\" fill=\"", Color(i),
                    "\"><title>", HtmlEscape(spec.labels[i]), ": ",
                    ValueText(v, spec.percent), "</title></rect>", "<text x=\"",
                    SvgNumber(label_w + w + 6), "\" y=\"", mid,
                    "\" dominant-baseline=\"middle\">",
                    ValueText(v, spec.percent), "</text>\n");
  }
  return out + "</svg>\n";
}

}  // namespace blindmap
