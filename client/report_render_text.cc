// The terminal report: aligned ASCII tables, counts with thousands
// separators, rates with one decimal.
#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "client/report_render_model.h"

namespace blindmap {
namespace report_internal {
namespace {

// Longest population or party name shown in a table cell, in code points;
// longer names are cut and end in "...". JSON and CSV carry them whole.
constexpr size_t kMaxNameWidth = 40;

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Display width: UTF-8 code points (good enough for Latin, Greek, Cyrillic;
// wide CJK characters will push their row out of line).
size_t Width(absl::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return !IsContinuationByte(c); }));
}

// Control characters (a tab or line break in a CRM label) would break the
// layout: they become spaces. Names longer than `max_width` are cut on a
// code point boundary.
std::string CleanName(absl::string_view s, size_t max_width = kMaxNameWidth) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7F ? ' ' : c);
  }
  if (Width(out) <= max_width) return out;
  size_t points = 0;
  size_t cut = 0;
  for (; cut < out.size(); ++cut) {
    if (IsContinuationByte(out[cut])) continue;
    if (points == max_width - 3) break;
    ++points;
  }
  out.resize(cut);
  out += "...";
  return out;
}

std::string PadRight(absl::string_view s, size_t width) {
  const size_t w = Width(s);
  return absl::StrCat(s, std::string(w < width ? width - w : 0, ' '));
}

std::string PadLeft(absl::string_view s, size_t width) {
  const size_t w = Width(s);
  return absl::StrCat(std::string(w < width ? width - w : 0, ' '), s);
}

enum class Align { kLeft, kRight };

// A table with a boxed header, rows and optional separators:
//   +------+-----+
//   | Name | N   |
//   +------+-----+
//   | a    |   1 |
//   +------+-----+
class TextTable {
 public:
  TextTable(std::vector<std::string> headers, std::vector<Align> aligns)
      : headers_(std::move(headers)), aligns_(std::move(aligns)) {}

  void AddRow(std::vector<std::string> cells) {
    cells.resize(headers_.size());
    rows_.push_back(std::move(cells));
  }
  void AddSeparator() { rows_.emplace_back(); }

  std::string Render() const {
    std::vector<size_t> widths(headers_.size());
    for (size_t i = 0; i < headers_.size(); ++i) widths[i] = Width(headers_[i]);
    for (const auto& row : rows_) {
      for (size_t i = 0; i < row.size(); ++i) {
        widths[i] = std::max(widths[i], Width(row[i]));
      }
    }
    std::string rule = "+";
    for (size_t w : widths)
      absl::StrAppend(&rule, std::string(w + 2, '-'), "+");
    rule += "\n";
    std::string out = rule + Line(headers_, widths) + rule;
    for (const auto& row : rows_) {
      out += row.empty() ? rule : Line(row, widths);
    }
    return out + rule;
  }

 private:
  std::string Line(const std::vector<std::string>& cells,
                   const std::vector<size_t>& widths) const {
    std::string line = "|";
    for (size_t i = 0; i < cells.size(); ++i) {
      absl::StrAppend(&line, " ",
                      aligns_[i] == Align::kRight
                          ? PadLeft(cells[i], widths[i])
                          : PadRight(cells[i], widths[i]),
                      " |");
    }
    return line + "\n";
  }

  std::vector<std::string> headers_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;  // empty row: separator
};

std::string Heading(absl::string_view title, char underline) {
  return absl::StrCat(title, "\n", std::string(Width(title), underline), "\n");
}

std::string SnapshotLine(const Side& side, const ReportModel& model) {
  std::string line = absl::StrCat(
      CleanName(side.party), ": ", FormatCount(side.total.records),
      " records, uploaded ", FormatUtcForPeople(side.uploaded_at_unix));
  if (side.period != model.period) {
    absl::StrAppend(&line, " (period ", CleanName(side.period), ")");
  }
  return line;
}

std::string OverallLine(const Side& side) {
  return absl::StrCat(
      CleanName(side.party), ": ", FormatCount(side.total.overlapping), " of ",
      FormatCount(side.total.records), " records (",
      FormatPercent(side.total.rate), ", ", side.total.score, ")");
}

std::string Header(const ReportModel& model) {
  std::string out =
      Heading(absl::StrCat("Account Mapping: ", CleanName(model.me),
                           " \xC3\x97 ", CleanName(model.partner)),
              '=');
  out += "\n";
  std::vector<std::pair<std::string, std::string>> fields;
  if (!model.partnership_id.empty()) {
    fields.emplace_back(
        "Partnership",
        absl::StrCat(CleanName(model.partnership_id, 64), " (",
                     model.partnership_state, ", ", model.cadence, " sync)"));
  }
  fields.emplace_back(
      "Period", model.period.empty() ? "unknown" : CleanName(model.period));
  fields.emplace_back("Your snapshot", SnapshotLine(model.mine, model));
  fields.emplace_back("Partner snapshot", SnapshotLine(model.theirs, model));
  fields.emplace_back("Match policy", model.match_policy_text);
  fields.emplace_back(
      "Overall overlap",
      absl::StrCat(OverallLine(model.mine), "; ", OverallLine(model.theirs)));
  size_t label_width = 0;
  for (const auto& f : fields)
    label_width = std::max(label_width, f.first.size());
  for (const auto& f : fields) {
    absl::StrAppend(&out, "  ", PadRight(f.first, label_width), "  ", f.second,
                    "\n");
  }
  return out;
}

std::string PopulationLabel(const PopulationRow& p) {
  return absl::StrCat(CleanName(p.name), " (", FormatCount(p.records), ")");
}

std::string Matrix(const ReportModel& model) {
  std::string out = Heading("Partner Coverage Matrix", '-');
  const auto& rows = model.mine.populations;
  const auto& columns = model.theirs.populations;
  if (rows.empty() || columns.empty()) {
    return out + "(no populations to compare)\n";
  }
  // Line up the " / " within each column: pad the partner's count; the
  // column is right-aligned, which lines up mine.
  std::vector<size_t> theirs_width(columns.size(), 1);
  for (const MatrixCell& c : model.cells) {
    theirs_width[c.column] =
        std::max(theirs_width[c.column], FormatCount(c.theirs).size());
  }
  std::vector<std::string> headers = {absl::StrCat(
      CleanName(model.me, 20), " \\ ", CleanName(model.partner, 20))};
  std::vector<Align> aligns = {Align::kLeft};
  for (const PopulationRow& p : columns) {
    headers.push_back(PopulationLabel(p));
    aligns.push_back(Align::kRight);
  }
  TextTable table(std::move(headers), std::move(aligns));
  bool any_missing = false;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<std::string> line = {PopulationLabel(rows[r])};
    for (size_t col = 0; col < columns.size(); ++col) {
      const auto& index = model.grid[r][col];
      if (!index.has_value()) {
        any_missing = true;
        line.push_back("-");
        continue;
      }
      const MatrixCell& c = model.cells[*index];
      line.push_back(
          absl::StrCat(FormatCount(c.mine), " / ",
                       PadLeft(FormatCount(c.theirs), theirs_width[col])));
    }
    table.AddRow(std::move(line));
  }
  out += table.Render();
  absl::StrAppend(&out, "Cells are mine / theirs: ", kMineTheirsExplanation,
                  ".\n");
  if (any_missing) out += "A cell shown as - has no count in this report.\n";
  return out;
}

std::string Populations(const Side& side, absl::string_view title,
                        absl::string_view only_header) {
  std::string out = absl::StrCat(title, " (", CleanName(side.party), ")\n");
  TextTable table({"Population", "Kind", "Records", "Overlapping",
                   "Overlap rate", "Score", std::string(only_header)},
                  {Align::kLeft, Align::kLeft, Align::kRight, Align::kRight,
                   Align::kRight, Align::kLeft, Align::kRight});
  auto add = [&table](const PopulationRow& p) {
    table.AddRow({CleanName(p.name), p.kind, FormatCount(p.records),
                  FormatCount(p.overlapping), FormatPercent(p.rate), p.score,
                  FormatCount(p.only)});
  };
  for (const PopulationRow& p : side.populations) add(p);
  if (!side.populations.empty()) table.AddSeparator();
  add(side.total);
  return out + table.Render();
}

std::string CellName(const ReportModel& model, const MatrixCell& c) {
  return absl::StrCat(CleanName(model.mine.populations[c.row].name),
                      " \xC3\x97 ",
                      CleanName(model.theirs.populations[c.column].name));
}

std::string Types(const ReportModel& model) {
  std::string out = Heading("The Four Types of Overlap", '-');
  TextTable table(
      {"Yours / partner's", "Mine", "Theirs", "Action", "Cells"},
      {Align::kLeft, Align::kRight, Align::kRight, Align::kLeft, Align::kLeft});
  for (const TypeSummary& t : model.types) {
    std::vector<std::string> cells;
    for (size_t i : t.cells) cells.push_back(CellName(model, model.cells[i]));
    table.AddRow({t.info->label, FormatCount(t.mine), FormatCount(t.theirs),
                  t.info->action,
                  cells.empty() ? "-" : absl::StrJoin(cells, ", ")});
  }
  out += table.Render();
  if (model.any_type_sums_cells) absl::StrAppend(&out, kSumCaveat, "\n");
  return out;
}

std::string Notes(const ReportModel& model) {
  std::string out = Heading("Notes", '-');
  if (model.notes.empty()) return out + "(none)\n";
  for (const std::string& note : model.notes) {
    absl::StrAppend(&out, "- ", CleanName(note, 1000), "\n");
  }
  return out;
}

}  // namespace

std::string RenderText(const ReportModel& model) {
  return absl::StrCat(
      Header(model), "\n", Matrix(model), "\n",
      Heading("Overlap Analysis", '-'),
      Populations(model.mine, "Your populations", "Your accounts only"), "\n",
      Populations(model.theirs, "Partner populations", "Partner accounts only"),
      kBenchmarkLine, "\n\n", Types(model), "\n", Notes(model));
}

}  // namespace report_internal
}  // namespace blindmap
