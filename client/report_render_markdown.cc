// The Markdown report, laid out like the seeds' templates so it pastes into
// a joint business plan.
#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "client/report_render_model.h"

namespace blindmap {
namespace report_internal {
namespace {

// Text from a CRM label or the broker, safe inside a table cell: Markdown
// punctuation is backslash-escaped (so a label cannot end the cell, start
// emphasis, a link or HTML) and line breaks become spaces.
std::string Escape(absl::string_view s) {
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

std::string Row(const std::vector<std::string>& cells) {
  return absl::StrCat("| ", absl::StrJoin(cells, " | "), " |\n");
}

// `spec` is one character per column: 'l' left, 'r' right.
std::string AlignRow(absl::string_view spec) {
  std::vector<std::string> cells;
  for (char c : spec) cells.push_back(c == 'r' ? "---:" : "---");
  return absl::StrCat("|", absl::StrJoin(cells, "|"), "|\n");
}

std::string SnapshotCell(const Side& side, const ReportModel& model) {
  std::string cell =
      absl::StrCat(FormatCount(side.total.records), " records, uploaded ",
                   FormatUtcForPeople(side.uploaded_at_unix));
  if (side.period != model.period) {
    absl::StrAppend(&cell, " (period ", Escape(side.period), ")");
  }
  return cell;
}

std::string OverallCell(const Side& side) {
  return absl::StrCat(FormatCount(side.total.overlapping), " of ",
                      FormatCount(side.total.records), " records (",
                      FormatPercent(side.total.rate), ", ", side.total.score,
                      ")");
}

std::string Summary(const ReportModel& model) {
  const std::string me = Escape(model.me);
  const std::string partner = Escape(model.partner);
  std::string out = absl::StrCat("| | |\n", AlignRow("ll"));
  if (!model.partnership_id.empty()) {
    out +=
        Row({"**Partnership**", absl::StrCat("`", Escape(model.partnership_id),
                                             "` (", model.partnership_state,
                                             ", ", model.cadence, " sync)")});
  }
  out += Row(
      {"**Period**", model.period.empty() ? "unknown" : Escape(model.period)});
  out += Row({absl::StrCat("**Your snapshot** (", me, ")"),
              SnapshotCell(model.mine, model)});
  out += Row({absl::StrCat("**Partner snapshot** (", partner, ")"),
              SnapshotCell(model.theirs, model)});
  out += Row({"**Match policy**", model.match_policy_text});
  out += Row({absl::StrCat("**Overall overlap** (", me, ")"),
              OverallCell(model.mine)});
  out += Row({absl::StrCat("**Overall overlap** (", partner, ")"),
              OverallCell(model.theirs)});
  return out;
}

std::string PopulationLabel(const PopulationRow& p) {
  return absl::StrCat(Escape(p.name), " (", FormatCount(p.records), ")");
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
  std::vector<std::string> header = {absl::StrCat(
      "**", Escape(model.me), "** \\\\ **", Escape(model.partner), "**")};
  std::string spec = "l";
  for (const PopulationRow& p : columns) {
    header.push_back(PopulationLabel(p));
    spec += 'r';
  }
  out += Row(header) + AlignRow(spec);
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
      line.push_back(
          absl::StrCat(FormatCount(c.mine), " / ", FormatCount(c.theirs)));
    }
    out += Row(line);
  }
  if (any_missing) out += "\nA cell shown as - has no count in this report.\n";
  return out;
}

std::string Populations(const Side& side, absl::string_view title,
                        absl::string_view only_header) {
  std::string out =
      absl::StrCat("### ", title, " (", Escape(side.party), ")\n\n");
  out += Row({"Population", "Kind", "Records", "Overlapping", "Overlap rate",
              "Overlap score", std::string(only_header)});
  out += AlignRow("llrrrlr");
  auto add = [&out](const PopulationRow& p, bool bold) {
    const std::string name =
        bold ? absl::StrCat("**", Escape(p.name), "**") : Escape(p.name);
    out +=
        Row({name, p.kind, FormatCount(p.records), FormatCount(p.overlapping),
             FormatPercent(p.rate), p.score, FormatCount(p.only)});
  };
  for (const PopulationRow& p : side.populations) add(p, false);
  add(side.total, true);
  return out;
}

std::string Capitalized(const char* word) {
  std::string s = word;
  if (!s.empty()) s[0] = absl::ascii_toupper(static_cast<unsigned char>(s[0]));
  return s;
}

std::string Types(const ReportModel& model) {
  std::string out =
      absl::StrCat("## The Four Types of Overlap\n\n",
                   Row({"Your Status", "Partner's Status", "Your records",
                        "Partner records", "Action", "Cells"}),
                   AlignRow("llrrll"));
  for (const TypeSummary& t : model.types) {
    std::vector<std::string> cells;
    for (size_t i : t.cells) {
      const MatrixCell& c = model.cells[i];
      cells.push_back(
          absl::StrCat(Escape(model.mine.populations[c.row].name), " \xC3\x97 ",
                       Escape(model.theirs.populations[c.column].name)));
    }
    out += Row({Capitalized(t.my_status), Capitalized(t.partner_status),
                FormatCount(t.mine), FormatCount(t.theirs), t.info->action,
                cells.empty() ? "-" : absl::StrJoin(cells, ", ")});
  }
  if (model.any_type_sums_cells) absl::StrAppend(&out, "\n", kSumCaveat, "\n");
  return out;
}

std::string Notes(const ReportModel& model) {
  std::string out = "## Notes\n\n";
  if (model.notes.empty()) return out + "None.\n";
  for (const std::string& note : model.notes) {
    absl::StrAppend(&out, "- ", Escape(note), "\n");
  }
  return out;
}

}  // namespace

std::string RenderMarkdown(const ReportModel& model) {
  return absl::StrCat(
      "# Account Mapping: ", Escape(model.me), " \xC3\x97 ",
      Escape(model.partner), "\n\n", Summary(model), "\n", Matrix(model),
      "\n## Overlap Analysis\n\n",
      Populations(model.mine, "Your populations", "Your accounts only"), "\n",
      Populations(model.theirs, "Partner populations", "Partner accounts only"),
      "\n", kBenchmarkLine, "\n\n", Types(model), "\n", Notes(model));
}

}  // namespace report_internal
}  // namespace blindmap
