// The overlap report as one self-contained HTML page (client/html/: inline
// CSS and SVG, no script, nothing fetched), and the pieces the co-sell
// plan's page shares with it.
#ifndef BLINDMAP_CLIENT_REPORT_REPORT_RENDER_HTML_H_
#define BLINDMAP_CLIENT_REPORT_REPORT_RENDER_HTML_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/html/html_heatmap.h"
#include "client/html/svg_chart.h"

namespace blindmap {

// The page: the report's facts and privacy safeguards, the coverage matrix
// as a heatmap (id "coverage-matrix"), both sides' populations
// ("my-populations", "partner-populations"), the four overlap types as a
// table ("overlap-types") and a bar chart, the overlap trend across
// `history`'s periods (oldest first; a chart "overlap-trend" and a table
// "trend") and the notes. Every name is escaped (a partner's population
// label is data, never markup). The numbers are the report's, as the
// other formats show them (one view model). Pure; never fails.
std::string RenderOverlapReportHtml(
    const v1::OverlapReport& report,
    const std::vector<v1::OverlapReport>& history, absl::string_view me);

// My populations (rows) x the partner's (columns), each cell my records
// and the partner's ("16 / 15"), shaded by my count.
HeatmapSpec CoverageHeatmap(const v1::OverlapReport& report,
                            absl::string_view me);

// The overlap rate of both sides per period of `history`.
LineChartSpec OverlapTrendChart(const std::vector<v1::OverlapReport>& history,
                                absl::string_view me, absl::string_view id);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_REPORT_RENDER_HTML_H_
