// Charts as inline SVG, drawn on the server side: no script, no font or
// image fetched. Each chart is an <svg class="chart" role="img"> with a
// <title> (its accessible name), axes, labels and a <title> on every point
// or bar giving its exact value, so the numbers are readable without the
// picture too.
#ifndef BLINDMAP_CLIENT_HTML_SVG_CHART_H_
#define BLINDMAP_CLIENT_HTML_SVG_CHART_H_

#include <optional>
#include <string>
#include <vector>

namespace blindmap {

struct ChartSeries {
  std::string name;                           // plain text (the legend)
  std::vector<std::optional<double>> values;  // one per x label; nullopt: gap
};

struct LineChartSpec {
  std::string id;                     // the <svg>'s element id
  std::string title;                  // plain text
  std::vector<std::string> x_labels;  // plain text, e.g. periods
  std::vector<ChartSeries> series;    // up to 6 are coloured distinctly
  bool percent = false;  // values are fractions shown as percentages
  int width = 640;
  int height = 240;
};

// Lines with a dot per value; the y axis starts at 0 and ends at a round
// number above the largest value (100% for percentages when any is above
// 50%). A single x label draws dots only. Pure; thread-safe.
std::string RenderLineChart(const LineChartSpec& spec);

struct BarChartSpec {
  std::string id;
  std::string title;
  std::vector<std::string> labels;  // plain text, one per bar
  std::vector<double> values;
  bool percent = false;
  int width = 640;
  int bar_height = 22;  // horizontal bars, one row each
};

// Horizontal bars, labelled on the left, the value at the bar's end.
std::string RenderBarChart(const BarChartSpec& spec);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_HTML_SVG_CHART_H_
