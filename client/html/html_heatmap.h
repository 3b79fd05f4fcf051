// A matrix as an HTML heatmap: a table whose cells are shaded by value
// (light to dark blue, darker = larger), with the value printed in each
// cell so it reads without colour too. The coverage matrix of a report
// (my populations x the partner's), or of a portfolio (partners x
// populations).
#ifndef BLINDMAP_CLIENT_HTML_HTML_HEATMAP_H_
#define BLINDMAP_CLIENT_HTML_HTML_HEATMAP_H_

#include <optional>
#include <string>
#include <vector>

namespace blindmap {

struct HeatmapSpec {
  std::string id;       // the table's element id
  std::string caption;  // plain text
  std::string corner;   // top-left header, plain text ("acme \ globex")
  std::vector<std::string> row_labels;     // plain text
  std::vector<std::string> column_labels;  // plain text
  // values[row][column]: shading (nullopt: no value, shown as "-").
  std::vector<std::vector<std::optional<double>>> values;
  // The printed text of each cell (plain text); when empty, the value
  // with thousands separators.
  std::vector<std::vector<std::string>> labels;
  // The value of the darkest shade; 0: the largest value.
  double max = 0;
  std::string legend;  // plain text under the table, or ""
};

// Every label is escaped. Each cell carries data-value (the number, or
// "" for none) for tests and tooling. Pure; thread-safe.
std::string RenderHeatmap(const HeatmapSpec& spec);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_HTML_HTML_HEATMAP_H_
