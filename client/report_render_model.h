// Internal to blindmap::report: the numbers every report format shows,
// computed once from an OverlapReport, and the per-format renderers. Not part
// of the public API; include client/report_render.h instead.
#ifndef BLINDMAP_CLIENT_REPORT_RENDER_MODEL_H_
#define BLINDMAP_CLIENT_REPORT_RENDER_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/overlap_types.h"

namespace blindmap {
namespace report_internal {

inline constexpr char kSchema[] = "blindmap.report.v1";

inline constexpr char kMineTheirsExplanation[] =
    "mine counts your records, theirs the partner's; they differ when one "
    "account matches several on the other side (duplicates in a CRM)";

inline constexpr char kBenchmarkLine[] =
    "Overlap score: High above 60%, Medium 30-60% (the typical band for "
    "aligned ICPs), Low below 30%.";

inline constexpr char kSumCaveat[] =
    "A type covering several cells adds their counts: an account in two of "
    "those populations counts twice.";

// One population of either side with its derived numbers.
struct PopulationRow {
  std::string name;  // the party's own label, verbatim
  std::string kind;  // "customer", "prospect", "other", "unspecified"
  uint64_t records = 0;
  uint64_t overlapping = 0;
  uint64_t only = 0;       // records - overlapping, never below 0
  double rate = 0;         // overlapping / records; 0 when records == 0
  const char* score = "";  // OverlapScore(rate)
};

// One side of the partnership: its snapshot and its populations.
struct Side {
  std::string party;
  std::string period;            // the snapshot's own period label
  int64_t uploaded_at_unix = 0;  // 0 when unknown
  PopulationRow total;           // all records of the snapshot
  std::vector<PopulationRow> populations;
};

struct MatrixCell {
  size_t row = 0;     // index into mine.populations
  size_t column = 0;  // index into theirs.populations
  uint64_t mine = 0;
  uint64_t theirs = 0;
  std::optional<OverlapType> type;
};

struct TypeSummary {
  const OverlapTypeInfo* info = nullptr;
  const char* my_status = "";       // "prospect" / "customer"
  const char* partner_status = "";  // "prospect" / "customer"
  uint64_t mine = 0;                // sum over `cells`
  uint64_t theirs = 0;
  std::vector<size_t> cells;  // indices into ReportModel::cells
};

struct ReportModel {
  std::string me;       // never empty ("you" when not given)
  std::string partner;  // never empty ("partner" when not given)
  std::string partnership_id;
  std::string partnership_state;  // "active", "pending", "unspecified", ...
  std::string cadence;            // "monthly", "unspecified", ...
  std::string period;
  std::string match_policy;       // "strict", "standard", "broad"
  std::string match_policy_text;  // "standard: records match on ..."
  Side mine;
  Side theirs;
  // Cells whose row and column name a population, first occurrence of each
  // pair, in row-major order.
  std::vector<MatrixCell> cells;
  // grid[row][column]: index into `cells`, or nullopt when the report has no
  // such cell.
  std::vector<std::vector<std::optional<size_t>>> grid;
  std::vector<TypeSummary> types;    // always the four, in the seeds' order
  bool any_type_sums_cells = false;  // some type covers more than one cell
  // The broker's notes, then the renderer's own (e.g. dropped cells).
  std::vector<std::string> notes;
};

ReportModel BuildReportModel(const v1::OverlapReport& report,
                             absl::string_view me);

// 12345 -> "12,345".
std::string FormatCount(uint64_t n);
// 0.4916 -> "49.2%".
std::string FormatPercent(double rate);
// "2026-11-03 14:05 UTC", or "unknown" for 0.
std::string FormatUtcForPeople(int64_t unix_seconds);
// "2026-11-03T14:05:09Z", or "" for 0.
std::string FormatUtcIso8601(int64_t unix_seconds);

std::string RenderText(const ReportModel& model);
std::string RenderMarkdown(const ReportModel& model);
std::string RenderJson(const ReportModel& model);
std::string RenderCsv(const ReportModel& model);

}  // namespace report_internal
}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_RENDER_MODEL_H_
