#include "client/icp/icp_render.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/console/terminal_text.h"
#include "client/report/report_render_model.h"
#include "common/text/csv_writer.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using Json = nlohmann::ordered_json;
using report_internal::FormatCount;
using report_internal::FormatPercent;
using report_internal::FormatUtcForPeople;
using report_internal::FormatUtcIso8601;
using report_internal::MarkdownEscape;

constexpr char kApprox[] = "\xE2\x89\x88";  // ≈

std::string Average(const IcpComparison& c) {
  return c.average.has_value() ? absl::StrFormat("%.1f", *c.average) : "-";
}

std::string ExchangeLine(const IcpView& view) {
  const std::string& partner = view.comparison.partner;
  const std::string mine =
      view.i_shared
          ? absl::StrCat("You shared your ICP on ",
                         FormatUtcForPeople(view.my_shared_at_unix))
          : absl::StrCat("You have not shared your ICP with ", partner,
                         " (blindmap icp --partner ", partner, " --share)");
  const std::string theirs =
      view.partner_shared
          ? absl::StrCat(partner, " shared theirs on ",
                         FormatUtcForPeople(view.partner_shared_at_unix))
          : absl::StrCat(partner, " has not shared theirs");
  std::string line = absl::StrCat(mine, "; ", theirs, ".");
  if (view.partner_written_at_unix != 0) {
    absl::StrAppend(&line, " ", partner, "'s definition was written on ",
                    FormatUtcForPeople(view.partner_written_at_unix), ".");
  }
  if (view.i_shared != view.partner_shared) {
    absl::StrAppend(&line,
                    " Each side sees the other's only when both have shared.");
  }
  return absl::StrCat(line,
                      " Both are sealed end to end: the broker cannot read "
                      "either.");
}

std::string Count(uint64_t n, bool noisy) {
  return noisy ? absl::StrCat(kApprox, FormatCount(n)) : FormatCount(n);
}

std::vector<std::string> MeasuredLines(const IcpComparison& c) {
  const MeasuredAlignment& m = c.measured;
  if (!m.available) return {absl::StrCat("Not measured: ", m.reason, ".")};
  return {
      absl::StrCat("Of the ", Count(m.my_overlap, m.noisy),
                   " accounts you share with ", c.partner, " (period ",
                   m.period, "), ", Count(m.my_inside_both, m.noisy), " (",
                   FormatPercent(m.my_share), ") are inside both ICPs (your ",
                   m.my_population, ", their ", m.partner_population, ")."),
      absl::StrCat("Counted in ", c.partner,
                   "'s records: ", Count(m.partner_inside_both, m.noisy),
                   " of ", Count(m.partner_overlap, m.noisy), " (",
                   FormatPercent(m.partner_share), ").")};
}

Json MeasuredJson(const MeasuredAlignment& m) {
  return {{"available", m.available},
          {"reason", m.reason},
          {"my_population", m.my_population},
          {"partner_population", m.partner_population},
          {"my_inside_both", m.my_inside_both},
          {"my_overlap", m.my_overlap},
          {"my_share", m.my_share},
          {"partner_inside_both", m.partner_inside_both},
          {"partner_overlap", m.partner_overlap},
          {"partner_share", m.partner_share},
          {"noisy", m.noisy},
          {"period", m.period}};
}

std::string JsonText(const IcpView& view) {
  const IcpComparison& c = view.comparison;
  Json attributes = Json::array();
  for (const IcpAttributeScore& a : c.attributes) {
    attributes.push_back(
        {{"attribute", a.attribute},
         {"label", a.label},
         {"mine", a.mine},
         {"theirs", a.theirs},
         {"score", a.score.has_value() ? Json(*a.score) : Json(nullptr)},
         {"method", a.method}});
  }
  const auto time = [](int64_t unix_seconds) {
    const std::string iso = FormatUtcIso8601(unix_seconds);
    return iso.empty() ? Json(nullptr) : Json(iso);
  };
  Json j;
  j["schema"] = "blindmap.icp.v1";
  j["me"] = c.me;
  j["partner"] = c.partner;
  j["exchange"] = {{"i_shared", view.i_shared},
                   {"my_shared_at", time(view.my_shared_at_unix)},
                   {"partner_shared", view.partner_shared},
                   {"partner_shared_at", time(view.partner_shared_at_unix)},
                   {"partner_written_at", time(view.partner_written_at_unix)},
                   {"partner_icp_error", view.partner_icp_error}};
  j["attributes"] = attributes;
  j["average"] = c.average.has_value() ? Json(*c.average) : Json(nullptr);
  j["scored"] = c.scored;
  j["measured"] = MeasuredJson(c.measured);
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string CsvText(const IcpView& view) {
  const IcpComparison& c = view.comparison;
  std::string out = "section,attribute,mine,theirs,score,note\r\n";
  const auto row = [&out](std::vector<std::string> cells) {
    for (std::string& cell : cells) cell = CsvCell(cell);
    absl::StrAppend(&out, absl::StrJoin(cells, ","), "\r\n");
  };
  row({"exchange", "shared", view.i_shared ? "yes" : "no",
       view.partner_shared ? "yes" : "no", "", view.partner_icp_error});
  for (const IcpAttributeScore& a : c.attributes) {
    row({"attribute", a.attribute, a.mine, a.theirs,
         a.score.has_value() ? absl::StrCat(*a.score) : "", a.method});
  }
  row({"average", "overall_alignment", "", "",
       c.average.has_value() ? absl::StrFormat("%.2f", *c.average) : "",
       absl::StrCat(c.scored, " attributes scored")});
  const MeasuredAlignment& m = c.measured;
  if (m.available) {
    row({"measured", "inside_both_icps", absl::StrCat(m.my_inside_both),
         absl::StrCat(m.partner_inside_both),
         absl::StrFormat("%.4f", m.my_share),
         absl::StrCat(m.my_population, " x ", m.partner_population)});
    row({"measured", "overlapping", absl::StrCat(m.my_overlap),
         absl::StrCat(m.partner_overlap), "", m.period});
  } else {
    row({"measured", "inside_both_icps", "", "", "", m.reason});
  }
  return out;
}

}  // namespace

std::vector<ViewTable> IcpTables(const IcpView& view) {
  const IcpComparison& c = view.comparison;
  ViewTable exchange;
  exchange.title = "Exchange";
  exchange.lines_before = {ExchangeLine(view)};
  if (!view.partner_icp_error.empty()) {
    exchange.lines_before.push_back(view.partner_icp_error);
  }

  ViewTable comparison;
  comparison.title = "ICP Definition Comparison";
  comparison.headers = {"Attribute", c.me, c.partner, "Score (1-5)", "How"};
  comparison.align = "lllrl";
  for (const IcpAttributeScore& a : c.attributes) {
    comparison.rows.push_back(
        {a.label, a.mine.empty() ? "-" : a.mine,
         c.partner_icp ? (a.theirs.empty() ? "-" : a.theirs) : "not shared",
         a.score.has_value() ? absl::StrCat(*a.score) : "-", a.method});
  }
  comparison.rows.push_back(
      {"Overall Alignment", "", "", Average(c),
       absl::StrCat("average of ", c.scored, " of ", c.attributes.size(),
                    " attributes scored")});
  comparison.lines_after = {
      "Lists score by set overlap (the share of the shorter list found in "
      "the other), sizes and budgets by range overlap (over the shorter "
      "range): 1 + 4 x share, rounded. Free text takes a manual score."};

  ViewTable measured;
  measured.title = "Measured alignment";
  measured.lines_before = MeasuredLines(c);
  return {exchange, comparison, measured};
}

std::string RenderIcp(const IcpView& view, OutputFormat format) {
  const IcpComparison& c = view.comparison;
  switch (format) {
    case OutputFormat::kJson:
      return JsonText(view);
    case OutputFormat::kCsv:
      return CsvText(view);
    case OutputFormat::kMarkdown: {
      std::string out =
          absl::StrCat("# ICP Alignment: ", MarkdownEscape(c.me), " and ",
                       MarkdownEscape(c.partner), "\n\n");
      for (const ViewTable& table : IcpTables(view)) {
        out += ViewTableMarkdown(table);
      }
      return out;
    }
    default: {
      std::string out = report_internal::Heading(
          absl::StrCat("ICP Alignment: ", TerminalSafe(c.me), " and ",
                       TerminalSafe(c.partner)),
          '=');
      out += "\n";
      for (const ViewTable& table : IcpTables(view)) {
        out += ViewTableText(table);
      }
      return out;
    }
  }
}

}  // namespace blindmap
