// Internal to blindmap::report: the overlap history as every format shows
// it (one view per period, with its changes since the previous one) and the
// per-format renderers. Not part of the public API; include
// client/report/history_render.h instead.
#ifndef BLINDMAP_CLIENT_REPORT_HISTORY_RENDER_INTERNAL_H_
#define BLINDMAP_CLIENT_REPORT_HISTORY_RENDER_INTERNAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace history_internal {

enum class ChangeStatus { kFirst, kNew, kChanged, kUnchanged };

// A count against the same count of the previous period.
struct CountChange {
  ChangeStatus status = ChangeStatus::kFirst;
  int64_t delta = 0;  // meaningful for kChanged / kUnchanged
};

struct CellRow {
  std::string my_population;
  std::string partner_population;
  uint64_t mine = 0;
  uint64_t theirs = 0;
  CountChange change;
};

struct PopulationChange {
  report_internal::PopulationRow row;
  CountChange change;                 // of the overlapping records
  std::optional<double> rate_change;  // fraction; set with a previous row
};

struct PeriodView {
  report_internal::ReportModel model;
  std::vector<CellRow> cells;
  std::vector<PopulationChange> populations;
};

// The renderers of RenderReportHistory, one per format, given the views in
// the order of the history; `me` and `partner` are display names.
// history_render_text.cc:
std::string RenderText(const std::vector<PeriodView>& views,
                       absl::string_view me, absl::string_view partner);
std::string RenderMarkdown(const std::vector<PeriodView>& views,
                           absl::string_view me, absl::string_view partner);
// history_render_data.cc:
std::string RenderJson(const std::vector<PeriodView>& views,
                       absl::string_view me, absl::string_view partner);
std::string RenderCsv(const std::vector<PeriodView>& views);

}  // namespace history_internal
}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_HISTORY_RENDER_INTERNAL_H_
