// The portfolio as tables for people: what text, Markdown and HTML show.
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client/portfolio/portfolio_render.h"
#include "client/report/overlap_types.h"
#include "client/report/report_render_model.h"

namespace blindmap {
namespace {

using report_internal::FormatCount;
using report_internal::FormatPercent;

constexpr char kApprox[] = "\xE2\x89\x88";  // ≈

std::string Count(uint64_t n, bool noisy) {
  return noisy ? absl::StrCat(kApprox, FormatCount(n)) : FormatCount(n);
}

std::string Day(int64_t unix_seconds) {
  if (unix_seconds == 0) return "-";
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(unix_seconds),
                          absl::UTCTimeZone());
}

std::string Trend(const PartnerCoverage& row) {
  if (!row.has_previous) return "first period";
  return absl::StrFormat(
      "%s%s (%+.1f pts) since %s", row.shared_change >= 0 ? "+" : "-",
      FormatCount(static_cast<uint64_t>(std::llabs(row.shared_change))),
      row.rate_change * 100.0, row.previous_period);
}

std::string Flags(const PartnerCoverage& row) {
  std::vector<std::string> flags;
  if (row.candidate) {
    flags.push_back(
        row.candidate_until.empty()
            ? "candidate"
            : absl::StrCat("candidate until ", row.candidate_until));
  }
  if (row.partner_hides) flags.push_back("hides populations");
  if (!row.my_hidden.empty()) {
    flags.push_back(absl::StrCat("you hide ", row.my_hidden.size()));
  }
  if (!row.my_suppressed.empty() || !row.partner_suppressed.empty()) {
    flags.push_back(
        absl::StrCat(row.my_suppressed.size() + row.partner_suppressed.size(),
                     " not counted"));
  }
  if (!row.mapped()) flags.push_back(row.status_detail);
  return absl::StrJoin(flags, "; ");
}

ViewTable CoverageTable(const PortfolioModel& model) {
  ViewTable table;
  table.title = "Partner Coverage";
  table.headers = {"Partner",   "Period",     "Shared (you / them)",
                   "Your rate", "Their rate", "Score",
                   "P/C",       "C/P",        "P/P",
                   "C/C",       "Trend",      "Synced (you / them)",
                   "Notes"};
  table.align = "lllrrlrrrrlll";
  for (const PartnerCoverage& row : model.partners) {
    if (!row.mapped()) {
      table.rows.push_back({row.partner, row.status, "", "", "", "", "", "", "",
                            "", "", "", Flags(row)});
      continue;
    }
    std::vector<std::string> cells = {
        row.partner,
        row.period,
        absl::StrCat(Count(row.my_shared, row.noisy), " / ",
                     Count(row.partner_shared, row.noisy)),
        FormatPercent(row.my_rate),
        FormatPercent(row.partner_rate),
        row.score};
    for (uint64_t n : row.types) cells.push_back(Count(n, row.noisy));
    cells.push_back(Trend(row));
    cells.push_back(absl::StrCat(Day(row.my_synced_unix), " / ",
                                 Day(row.partner_synced_unix)));
    cells.push_back(Flags(row));
    table.rows.push_back(std::move(cells));
  }
  std::vector<std::string> types;
  for (OverlapType type :
       {OverlapType::kProspectCustomer, OverlapType::kCustomerProspect,
        OverlapType::kProspectProspect, OverlapType::kCustomerCustomer}) {
    const OverlapTypeInfo& info = InfoFor(type);
    types.push_back(absl::StrCat(info.label, ": ", info.action));
  }
  table.lines_after = {
      "Shared: your records matching any of theirs / theirs matching any of "
      "yours. Rates: shared over all records counted for the partner. Score "
      "(of your rate): High above 60%, Medium 30-60%, Low below 30%.",
      absl::StrCat("P/C, C/P, P/P, C/C: your records per overlap type, your "
                   "status / the partner's (P prospect, C customer): ",
                   absl::StrJoin(types, "; "), "."),
      absl::StrCat("Sorted by ", PortfolioSortName(model.sort),
                   " (blindmap portfolio --sort rate|shared|partner-rate|"
                   "partner|trend|synced).")};
  return table;
}

ViewTable PopulationTable(const PortfolioModel& model) {
  ViewTable table;
  table.title = "Coverage of my populations";
  table.lines_before = {
      "How many of your accounts each partner covers, per population and "
      "ICP segment: where you have help and where nobody does."};
  table.headers = {"Population", "Kind", "Records"};
  table.align = "llr";
  std::vector<std::string> partners;
  for (const PartnerCoverage& row : model.partners) {
    if (!row.mapped()) continue;
    partners.push_back(row.partner);
    table.headers.push_back(row.partner);
    table.align.push_back('r');
  }
  for (const char* header :
       {"Partners covering", "Covered by >= 1", "Nobody covers"}) {
    table.headers.push_back(header);
    table.align.push_back('r');
  }
  for (const PopulationCoverage& p : model.populations) {
    std::vector<std::string> cells = {
        p.population, p.role.empty() ? p.kind : p.role,
        p.records == 0 && p.partners_counted == 0 ? "-"
                                                  : FormatCount(p.records)};
    for (const PopulationCell& cell : p.partners) {
      if (cell.counted) {
        cells.push_back(absl::StrCat(Count(cell.covered, cell.noisy), " (",
                                     FormatPercent(cell.rate), ")"));
      } else {
        cells.push_back("not counted");
        table.lines_after.push_back(absl::StrCat(
            p.population, " with ", cell.partner, ": ", cell.reason));
      }
    }
    cells.push_back(absl::StrCat(p.partners_covering, " of ", partners.size()));
    if (p.partners_counted == 0) {
      cells.push_back("-");
      cells.push_back("-");
    } else if (p.exact) {
      cells.push_back(Count(p.covered_low, p.noisy));
      cells.push_back(Count(p.uncovered_low, p.noisy));
    } else {
      cells.push_back(absl::StrCat(Count(p.covered_low, p.noisy), "-",
                                   FormatCount(p.covered_high)));
      cells.push_back(absl::StrCat(Count(p.uncovered_low, p.noisy), "-",
                                   FormatCount(p.uncovered_high)));
    }
    table.rows.push_back(std::move(cells));
  }
  if (model.populations.empty()) {
    table.headers.clear();
    table.lines_before.push_back("No mapped partnership yet.");
  }
  return table;
}

ViewTable WhiteSpaceTable(const PortfolioModel& model) {
  ViewTable table;
  table.title = "Complementary coverage (white space)";
  table.lines_before = {
      "Per partner population and segment: the accounts they have that you "
      "do not. The best partners sell to accounts you cannot reach."};
  table.headers = {"Partner",  "Their population", "Kind",           "Records",
                   "You have", "You don't",        "Share you don't"};
  table.align = "lllrrrr";
  for (const WhiteSpaceRow& row : model.white_space) {
    if (!row.counted) {
      table.rows.push_back(
          {row.partner, row.population, "", "not counted", "", "", ""});
      table.lines_after.push_back(
          absl::StrCat(row.partner, "'s ", row.population, ": ", row.reason));
      continue;
    }
    table.rows.push_back(
        {row.partner, row.population, row.role.empty() ? row.kind : row.role,
         FormatCount(row.records), Count(row.you_have, row.noisy),
         Count(row.you_lack, row.noisy), FormatPercent(row.lack_rate)});
  }
  if (model.white_space.empty()) table.headers.clear();
  for (const std::string& signal : model.signals) {
    table.lines_after.push_back(absl::StrCat("Signal: ", signal));
  }
  return table;
}

ViewTable CategoryTable(const PortfolioModel& model) {
  ViewTable table;
  table.title = "Account categories";
  table.headers = {"Partner", "Overlap (you / them)", "Your accounts",
                   "Partner accounts", "Greenfield (you / them)"};
  table.align = "lrrrr";
  for (const PartnerCoverage& row : model.partners) {
    if (!row.mapped()) continue;
    table.rows.push_back(
        {row.partner,
         absl::StrCat(Count(row.overlap_mine, row.noisy), " / ",
                      Count(row.overlap_theirs, row.noisy)),
         Count(row.your_accounts, row.noisy),
         Count(row.partner_accounts, row.noisy),
         row.greenfield_counted
             ? absl::StrCat(Count(row.greenfield_mine, row.noisy), " / ",
                            Count(row.greenfield_theirs, row.noisy))
             : "not counted"});
    for (const std::string& note : row.category_notes) {
      table.lines_after.push_back(absl::StrCat(row.partner, ": ", note));
    }
  }
  if (table.rows.empty()) table.headers.clear();
  table.lines_after.insert(
      table.lines_after.begin(),
      "Overlap: accounts both have a relationship with (customer or "
      "prospect). Your / Partner accounts: only one side has. Greenfield: in "
      "both target lists, neither has a relationship: joint prospecting. "
      "Exclusions are counted in `blindmap report --partner NAME`.");
  return table;
}

}  // namespace

std::vector<ViewTable> PortfolioTables(const PortfolioModel& model) {
  std::vector<ViewTable> tables = {CoverageTable(model), PopulationTable(model),
                                   WhiteSpaceTable(model),
                                   CategoryTable(model)};
  ViewTable notes;
  notes.title = "Notes";
  notes.lines_before = model.notes;
  for (const PartnerCoverage& row : model.partners) {
    for (const std::string& note : row.notes) {
      notes.lines_before.push_back(absl::StrCat(row.partner, ": ", note));
    }
  }
  if (!notes.lines_before.empty()) tables.push_back(std::move(notes));
  return tables;
}

}  // namespace blindmap
