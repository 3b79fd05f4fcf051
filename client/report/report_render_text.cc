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
#include "client/console/terminal_text.h"
#include "client/report/probe_policy_text.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace report_internal {
namespace {

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

// Display width: UTF-8 code points (good enough for Latin, Greek, Cyrillic;
// wide CJK characters will push their row out of line).
size_t TextWidth(absl::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return !IsContinuationByte(c); }));
}

// Control characters (a tab or line break in a CRM label) would break the
// layout: they become spaces. Names longer than `max_width` are cut on a
// code point boundary.
std::string CleanName(absl::string_view s, size_t max_width) {
  std::string spaced;
  spaced.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    spaced.push_back(u < 0x20 || u == 0x7F ? ' ' : c);
  }
  // What is left that could act on a terminal (C1 controls such as an 8-bit
  // CSI, bidi overrides, invalid UTF-8) is shown escaped.
  std::string out = TerminalSafe(spaced);
  if (TextWidth(out) <= max_width) return out;
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
  const size_t w = TextWidth(s);
  return absl::StrCat(s, std::string(w < width ? width - w : 0, ' '));
}

std::string PadLeft(absl::string_view s, size_t width) {
  const size_t w = TextWidth(s);
  return absl::StrCat(std::string(w < width ? width - w : 0, ' '), s);
}

std::string Heading(absl::string_view title, char underline) {
  return absl::StrCat(title, "\n", std::string(TextWidth(title), underline),
                      "\n");
}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

std::string TextTable::Render() const {
  std::vector<size_t> widths(headers_.size());
  for (size_t i = 0; i < headers_.size(); ++i) {
    widths[i] = TextWidth(headers_[i]);
  }
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], TextWidth(row[i]));
    }
  }
  std::string rule = "+";
  for (size_t w : widths) absl::StrAppend(&rule, std::string(w + 2, '-'), "+");
  rule += "\n";
  std::string out = rule + Line(headers_, widths) + rule;
  for (const auto& row : rows_) {
    out += row.empty() ? rule : Line(row, widths);
  }
  return out + rule;
}

std::string TextTable::Line(const std::vector<std::string>& cells,
                            const std::vector<size_t>& widths) const {
  std::string line = "|";
  for (size_t i = 0; i < cells.size(); ++i) {
    absl::StrAppend(&line, " ",
                    aligns_[i] == Align::kRight ? PadLeft(cells[i], widths[i])
                                                : PadRight(cells[i], widths[i]),
                    " |");
  }
  return line + "\n";
}

namespace {

std::string SnapshotLine(const Side& side, const ReportModel& model) {
  std::string line = absl::StrCat(
      CleanName(side.party), ": ", FormatCount(side.total.records),
      " records, uploaded ", FormatUtcForPeople(side.uploaded_at_unix));
  if (side.period != model.period) {
    absl::StrAppend(&line, " (period ", CleanName(side.period), ")");
  }
  return line;
}

std::string OverallLine(const ReportModel& model, const Side& side) {
  return absl::StrCat(CleanName(side.party), ": ",
                      FormatModelCount(model, side.total.overlapping), " of ",
                      FormatCount(side.total.records), " records (",
                      FormatPercent(side.total.rate), ", ", side.total.score,
                      ")");
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
  for (auto& [label, value] : PeriodStatusFields(model)) {
    fields.emplace_back(std::move(label), CleanName(value, 200));
  }
  fields.emplace_back("Your snapshot", SnapshotLine(model.mine, model));
  fields.emplace_back("Partner snapshot", SnapshotLine(model.theirs, model));
  fields.emplace_back("Match policy", model.match_policy_text);
  fields.emplace_back("Overall overlap",
                      absl::StrCat(OverallLine(model, model.mine), "; ",
                                   OverallLine(model, model.theirs)));
  size_t label_width = 0;
  for (const auto& f : fields)
    label_width = std::max(label_width, f.first.size());
  for (const auto& f : fields) {
    absl::StrAppend(&out, "  ", PadRight(f.first, label_width), "  ", f.second,
                    "\n");
  }
  return out;
}

std::string Safeguards(const ReportModel& model) {
  std::string out = Heading("Privacy Safeguards", '-');
  if (!model.probe_policy.has_value()) {
    out += "(the broker did not report the partnership's probe policy)\n";
  } else {
    out += ProbePolicyLines(*model.probe_policy, "  ");
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
    theirs_width[c.column] = std::max(
        theirs_width[c.column], TextWidth(FormatModelCount(model, c.theirs)));
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
      line.push_back(absl::StrCat(
          FormatModelCount(model, c.mine), " / ",
          PadLeft(FormatModelCount(model, c.theirs), theirs_width[col])));
    }
    table.AddRow(std::move(line));
  }
  out += table.Render();
  absl::StrAppend(&out, "Cells are mine / theirs: ", kMineTheirsExplanation,
                  ".\n");
  if (any_missing) out += "A cell shown as - has no count in this report.\n";
  if (model.noisy) absl::StrAppend(&out, NoiseFootnote(model), "\n");
  return out;
}

std::string Populations(const ReportModel& model, const Side& side,
                        const std::vector<std::string>& suppressed,
                        absl::string_view title,
                        absl::string_view only_header) {
  std::string out = absl::StrCat(title, " (", CleanName(side.party), ")\n");
  TextTable table({"Population", "Kind", "Records", "Overlapping",
                   "Overlap rate", "Score", std::string(only_header)},
                  {Align::kLeft, Align::kLeft, Align::kRight, Align::kRight,
                   Align::kRight, Align::kLeft, Align::kRight});
  auto add = [&table, &model](const PopulationRow& p) {
    table.AddRow({CleanName(p.name), p.kind, FormatCount(p.records),
                  FormatModelCount(model, p.overlapping), FormatPercent(p.rate),
                  p.score, FormatModelCount(model, p.only)});
  };
  for (const PopulationRow& p : side.populations) add(p);
  if (!side.populations.empty()) table.AddSeparator();
  add(side.total);
  out += table.Render();
  for (const std::string& name : suppressed) {
    absl::StrAppend(&out, CleanName(name), " (", SuppressedReason(model),
                    ")\n");
  }
  return out;
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
    table.AddRow({t.info->label, FormatModelCount(model, t.mine),
                  FormatModelCount(model, t.theirs), t.info->action,
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
      Header(model), "\n", Safeguards(model), "\n", Matrix(model), "\n",
      Heading("Overlap Analysis", '-'),
      Populations(model, model.mine, model.my_suppressed, "Your populations",
                  "Your accounts only"),
      "\n",
      Populations(model, model.theirs, model.partner_suppressed,
                  "Partner populations", "Partner accounts only"),
      kBenchmarkLine, "\n\n", Types(model), "\n", Notes(model));
}

}  // namespace report_internal
}  // namespace blindmap
