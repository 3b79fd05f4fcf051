// Internal to blindmap::report: the numbers every report format shows,
// computed once from an OverlapReport, and the per-format renderers. Not part
// of the public API; include client/report/report_render.h instead.
#ifndef BLINDMAP_CLIENT_REPORT_REPORT_RENDER_MODEL_H_
#define BLINDMAP_CLIENT_REPORT_REPORT_RENDER_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/report/overlap_types.h"

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
  // "weekly", "monthly", "quarterly" (UNSPECIFIED reads as monthly),
  // "other" for an unknown value. The report's own cadence, else the
  // partnership's.
  std::string cadence;
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

  // The partnership's probe policy as the report (or else its partnership)
  // carries it; nullopt when the broker sent none.
  std::optional<v1::ProbePolicy> probe_policy;
  bool noisy = false;        // the counts carry noise
  double noise_epsilon = 0;  // the policy's epsilon; 0 when unknown
  // Populations not counted: below the minimum population size.
  std::vector<std::string> my_suppressed;
  std::vector<std::string> partner_suppressed;
  // Period status by the broker's clock; "" / 0 when not reported.
  std::string current_period;
  std::string my_latest_period;
  std::string partner_latest_period;
  int64_t partner_latest_upload_unix = 0;

  bool has_period_status() const {
    return !current_period.empty() || !my_latest_period.empty() ||
           !partner_latest_period.empty();
  }
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

// "≈12,345" when the model's counts carry noise, else "12,345".
std::string FormatModelCount(const ReportModel& model, uint64_t n);
// Why a suppressed population is missing: "not counted: fewer than 25
// records" (or "below the minimum population size" when unknown).
std::string SuppressedReason(const ReportModel& model);
// "Counts carry noise (epsilon=0.5): each is approximate (marked ≈); small
// differences and changes mean nothing." Only meaningful when model.noisy.
std::string NoiseFootnote(const ReportModel& model);
// The period status as (label, value) pairs for a summary table: "Current
// period", "Your latest", "Partner's latest" (with its upload time); empty
// when the model has no period status. Values are not escaped.
std::vector<std::pair<std::string, std::string>> PeriodStatusFields(
    const ReportModel& model);

// --- shared by the text renderers (report_render_text.cc) ------------------

// Display width: UTF-8 code points.
size_t TextWidth(absl::string_view s);
// Longest population or party name shown in a text table cell, in code
// points; longer names are cut and end in "...". JSON and CSV carry them
// whole.
inline constexpr size_t kMaxNameWidth = 40;
// Control characters become spaces; names wider than `max_width` code
// points are cut and end in "...".
std::string CleanName(absl::string_view s, size_t max_width = kMaxNameWidth);
std::string PadRight(absl::string_view s, size_t width);
std::string PadLeft(absl::string_view s, size_t width);
// "Title\n=====\n" with `underline` as wide as the title.
std::string Heading(absl::string_view title, char underline);

enum class Align { kLeft, kRight };

// A table with a boxed header, rows and optional separators:
//   +------+-----+
//   | Name | N   |
//   +------+-----+
//   | a    |   1 |
//   +------+-----+
// Cells are used verbatim (clean them first). Not thread-safe.
class TextTable {
 public:
  TextTable(std::vector<std::string> headers, std::vector<Align> aligns)
      : headers_(std::move(headers)), aligns_(std::move(aligns)) {}

  void AddRow(std::vector<std::string> cells);
  void AddSeparator() { rows_.emplace_back(); }
  std::string Render() const;

 private:
  std::string Line(const std::vector<std::string>& cells,
                   const std::vector<size_t>& widths) const;

  std::vector<std::string> headers_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;  // empty row: separator
};

// --- shared by the Markdown renderers (report_render_markdown.cc) ----------

// Text safe inside a Markdown table cell: punctuation backslash-escaped,
// line breaks as spaces.
std::string MarkdownEscape(absl::string_view s);
// "| a | b |\n".
std::string MarkdownRow(const std::vector<std::string>& cells);
// `spec` is one character per column: 'l' left, 'r' right.
std::string MarkdownAlignRow(absl::string_view spec);

std::string RenderText(const ReportModel& model);
std::string RenderMarkdown(const ReportModel& model);
std::string RenderJson(const ReportModel& model);
std::string RenderCsv(const ReportModel& model);

}  // namespace report_internal
}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_REPORT_RENDER_MODEL_H_
