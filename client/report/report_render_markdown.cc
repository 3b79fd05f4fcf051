// The Markdown report, laid out like the seeds' templates so it pastes into
// a joint business plan.
#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "client/console/terminal_text.h"
#include "client/report/probe_policy_text.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace report_internal {

// Text from a CRM label or the broker, safe inside a table cell: Markdown
// punctuation is backslash-escaped (so a label cannot end the cell, start
// emphasis, a link or HTML) and line breaks become spaces.
std::string MarkdownEscape(absl::string_view raw) {
  // Markdown goes to a terminal as often as to a file: C1 controls, bidi
  // overrides and invalid UTF-8 are shown escaped (C0 ones become spaces).
  std::string spaced(raw);
  for (char& c : spaced) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  const std::string safe = TerminalSafe(spaced);
  const absl::string_view s = safe;
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      out.push_back(' ');
      continue;
    }
    switch (c) {
      case '\\':
      case '|':
      case '*':
      case '_':
      case '`':
      case '[':
      case ']':
      case '<':
      case '>':
      case '#':
        out.push_back('\\');
        break;
      default:
        break;
    }
    out.push_back(c);
  }
  return out;
}

std::string MarkdownRow(const std::vector<std::string>& cells) {
  return absl::StrCat("| ", absl::StrJoin(cells, " | "), " |\n");
}

std::string MarkdownAlignRow(absl::string_view spec) {
  std::vector<std::string> cells;
  for (char c : spec) cells.push_back(c == 'r' ? "---:" : "---");
  return absl::StrCat("|", absl::StrJoin(cells, "|"), "|\n");
}

namespace {

std::string SnapshotCell(const Side& side, const ReportModel& model) {
  std::string cell =
      absl::StrCat(FormatCount(side.total.records), " records, uploaded ",
                   FormatUtcForPeople(side.uploaded_at_unix));
  if (side.period != model.period) {
    absl::StrAppend(&cell, " (period ", MarkdownEscape(side.period), ")");
  }
  return cell;
}

std::string OverallCell(const ReportModel& model, const Side& side) {
  return absl::StrCat(FormatModelCount(model, side.total.overlapping), " of ",
                      FormatCount(side.total.records), " records (",
                      FormatPercent(side.total.rate), ", ", side.total.score,
                      ")");
}

std::string Summary(const ReportModel& model) {
  const std::string me = MarkdownEscape(model.me);
  const std::string partner = MarkdownEscape(model.partner);
  std::string out = absl::StrCat("| | |\n", MarkdownAlignRow("ll"));
  if (!model.partnership_id.empty()) {
    out += MarkdownRow(
        {"**Partnership**",
         absl::StrCat("`", MarkdownEscape(model.partnership_id), "` (",
                      model.partnership_state, ", ", model.cadence, " sync)")});
  }
  out += MarkdownRow({"**Period**", model.period.empty()
                                        ? "unknown"
                                        : MarkdownEscape(model.period)});
  for (const auto& [label, value] : PeriodStatusFields(model)) {
    out +=
        MarkdownRow({absl::StrCat("**", label, "**"), MarkdownEscape(value)});
  }
  out += MarkdownRow({absl::StrCat("**Your snapshot** (", me, ")"),
                      SnapshotCell(model.mine, model)});
  out += MarkdownRow({absl::StrCat("**Partner snapshot** (", partner, ")"),
                      SnapshotCell(model.theirs, model)});
  out += MarkdownRow({"**Match policy**", model.match_policy_text});
  out += MarkdownRow({absl::StrCat("**Overall overlap** (", me, ")"),
                      OverallCell(model, model.mine)});
  out += MarkdownRow({absl::StrCat("**Overall overlap** (", partner, ")"),
                      OverallCell(model, model.theirs)});
  return out;
}

std::string Safeguards(const ReportModel& model) {
  std::string out = "## Privacy Safeguards\n\n";
  if (!model.probe_policy.has_value()) {
    out += "The broker did not report the partnership's probe policy.\n";
  } else {
    out +=
        "The broker enforces these limits so the counts cannot be used to "
        "test whether the partner has one particular account.\n\n";
    out += MarkdownRow({"Safeguard", "Setting"}) + MarkdownAlignRow("ll");
    for (const PolicyItem& item : ProbePolicyItems(*model.probe_policy)) {
      out += MarkdownRow({item.label, item.value});
    }
  }
  return out;
}

std::string PopulationLabel(const PopulationRow& p) {
  return absl::StrCat(MarkdownEscape(p.name), " (", FormatCount(p.records),
                      ")");
}

std::string Matrix(const ReportModel& model) {
  std::string out = "## Partner Coverage Matrix\n\n";
  const auto& rows = model.mine.populations;
  const auto& columns = model.theirs.populations;
  if (rows.empty() || columns.empty()) {
    return out + "No populations to compare.\n";
  }
  absl::StrAppend(&out, "Rows are your populations, columns the partner's. ",
                  "Each cell is *mine / theirs*: ", kMineTheirsExplanation,
                  ".\n\n");
  std::vector<std::string> header = {
      absl::StrCat("**", MarkdownEscape(model.me), "** \\\\ **",
                   MarkdownEscape(model.partner), "**")};
  std::string spec = "l";
  for (const PopulationRow& p : columns) {
    header.push_back(PopulationLabel(p));
    spec += 'r';
  }
  out += MarkdownRow(header) + MarkdownAlignRow(spec);
  bool any_missing = false;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<std::string> line = {
        absl::StrCat("**", PopulationLabel(rows[r]), "**")};
    for (size_t col = 0; col < columns.size(); ++col) {
      const auto& index = model.grid[r][col];
      if (!index.has_value()) {
        any_missing = true;
        line.push_back("-");
        continue;
      }
      const MatrixCell& c = model.cells[*index];
      line.push_back(absl::StrCat(FormatModelCount(model, c.mine), " / ",
                                  FormatModelCount(model, c.theirs)));
    }
    out += MarkdownRow(line);
  }
  if (any_missing) out += "\nA cell shown as - has no count in this report.\n";
  if (model.noisy) absl::StrAppend(&out, "\n", NoiseFootnote(model), "\n");
  return out;
}

std::string Populations(const ReportModel& model, const Side& side,
                        const std::vector<std::string>& suppressed,
                        absl::string_view title,
                        absl::string_view only_header) {
  std::string out =
      absl::StrCat("### ", title, " (", MarkdownEscape(side.party), ")\n\n");
  out +=
      MarkdownRow({"Population", "Kind", "Records", "Overlapping",
                   "Overlap rate", "Overlap score", std::string(only_header)});
  out += MarkdownAlignRow("llrrrlr");
  auto add = [&out, &model](const PopulationRow& p, bool bold) {
    const std::string name =
        bold ? absl::StrCat("**", MarkdownEscape(p.name), "**")
             : MarkdownEscape(p.name);
    out += MarkdownRow({name, p.kind, FormatCount(p.records),
                        FormatModelCount(model, p.overlapping),
                        FormatPercent(p.rate), p.score,
                        FormatModelCount(model, p.only)});
  };
  for (const PopulationRow& p : side.populations) add(p, false);
  add(side.total, true);
  if (!suppressed.empty()) out += "\n";
  for (const std::string& name : suppressed) {
    absl::StrAppend(&out, "- ", MarkdownEscape(name), " (",
                    SuppressedReason(model), ")\n");
  }
  return out;
}

std::string Capitalized(const char* word) {
  std::string s = word;
  if (!s.empty()) s[0] = absl::ascii_toupper(static_cast<unsigned char>(s[0]));
  return s;
}

std::string Types(const ReportModel& model) {
  std::string out = absl::StrCat(
      "## The Four Types of Overlap\n\n",
      MarkdownRow({"Your Status", "Partner's Status", "Your records",
                   "Partner records", "Action", "Cells"}),
      MarkdownAlignRow("llrrll"));
  for (const TypeSummary& t : model.types) {
    std::vector<std::string> cells;
    for (size_t i : t.cells) {
      const MatrixCell& c = model.cells[i];
      cells.push_back(absl::StrCat(
          MarkdownEscape(model.mine.populations[c.row].name), " \xC3\x97 ",
          MarkdownEscape(model.theirs.populations[c.column].name)));
    }
    out += MarkdownRow({Capitalized(t.my_status), Capitalized(t.partner_status),
                        FormatModelCount(model, t.mine),
                        FormatModelCount(model, t.theirs), t.info->action,
                        cells.empty() ? "-" : absl::StrJoin(cells, ", ")});
  }
  if (model.any_type_sums_cells) absl::StrAppend(&out, "\n", kSumCaveat, "\n");
  return out;
}

std::string Notes(const ReportModel& model) {
  std::string out = "## Notes\n\n";
  if (model.notes.empty()) return out + "None.\n";
  for (const std::string& note : model.notes) {
    absl::StrAppend(&out, "- ", MarkdownEscape(note), "\n");
  }
  return out;
}

}  // namespace

std::string RenderMarkdown(const ReportModel& model) {
  return absl::StrCat(
      "# Account Mapping: ", MarkdownEscape(model.me), " \xC3\x97 ",
      MarkdownEscape(model.partner), "\n\n", Summary(model), "\n",
      Safeguards(model), "\n", Matrix(model), "\n## Overlap Analysis\n\n",
      Populations(model, model.mine, model.my_suppressed, "Your populations",
                  "Your accounts only"),
      "\n",
      Populations(model, model.theirs, model.partner_suppressed,
                  "Partner populations", "Partner accounts only"),
      "\n", kBenchmarkLine, "\n\n", Types(model), "\n", Notes(model));
}

}  // namespace report_internal
}  // namespace blindmap
