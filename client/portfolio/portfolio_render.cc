// The portfolio in each format: text and Markdown from PortfolioTables(),
// JSON and CSV from the model itself.
#include "client/portfolio/portfolio_render.h"

#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/console/terminal_text.h"
#include "client/report/overlap_types.h"
#include "client/report/report_render_model.h"
#include "common/text/csv_writer.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using Json = nlohmann::ordered_json;
using report_internal::FormatUtcIso8601;
using report_internal::MarkdownEscape;

constexpr OverlapType kTypes[] = {
    OverlapType::kProspectCustomer, OverlapType::kCustomerProspect,
    OverlapType::kProspectProspect, OverlapType::kCustomerCustomer};

std::string Summary(const PortfolioModel& model) {
  std::vector<std::string> parts;
  if (model.mapped > 0) parts.push_back(absl::StrCat(model.mapped, " mapped"));
  if (model.pending > 0) {
    parts.push_back(absl::StrCat(model.pending, " pending"));
  }
  if (model.not_synced > 0) {
    parts.push_back(absl::StrCat(model.not_synced, " not synced by both"));
  }
  if (model.failed > 0) parts.push_back(absl::StrCat(model.failed, " failed"));
  const size_t total = model.partners.size();
  return absl::StrCat(total, total == 1 ? " partnership" : " partnerships",
                      parts.empty() ? "" : ": ", absl::StrJoin(parts, ", "),
                      ".");
}

std::string Text(const PortfolioModel& model) {
  std::string out = report_internal::Heading(
      absl::StrCat("Partner Portfolio: ", TerminalSafe(model.me)), '=');
  absl::StrAppend(&out, Summary(model), "\n\n");
  for (const ViewTable& table : PortfolioTables(model)) {
    out += ViewTableText(table);
  }
  return out;
}

std::string Markdown(const PortfolioModel& model) {
  std::string out =
      absl::StrCat("# Partner Portfolio: ", MarkdownEscape(model.me), "\n\n",
                   Summary(model), "\n\n");
  for (const ViewTable& table : PortfolioTables(model)) {
    out += ViewTableMarkdown(table);
  }
  return out;
}

Json Strings(const std::vector<std::string>& values) {
  Json out = Json::array();
  for (const std::string& value : values) out.push_back(value);
  return out;
}

Json Time(int64_t unix_seconds) {
  const std::string iso = FormatUtcIso8601(unix_seconds);
  return iso.empty() ? Json(nullptr) : Json(iso);
}

Json PartnerJson(const PartnerCoverage& row) {
  Json j;
  j["partner"] = row.partner;
  j["partnership_id"] = row.partnership_id;
  j["status"] = row.status;
  j["status_detail"] = row.status_detail;
  j["candidate"] = row.candidate;
  j["candidate_until"] =
      row.candidate_until.empty() ? Json(nullptr) : Json(row.candidate_until);
  if (!row.mapped()) return j;
  j["period"] = row.period;
  j["cadence"] = row.cadence;
  j["my_records"] = row.my_records;
  j["partner_records"] = row.partner_records;
  j["my_shared"] = row.my_shared;
  j["partner_shared"] = row.partner_shared;
  j["my_rate"] = row.my_rate;
  j["partner_rate"] = row.partner_rate;
  j["score"] = row.score;
  j["partner_score"] = row.partner_score;
  Json types = Json::array();
  for (size_t i = 0; i < kOverlapTypeCount; ++i) {
    const OverlapTypeInfo& info = InfoFor(kTypes[i]);
    types.push_back({{"id", info.id},
                     {"label", info.label},
                     {"my_records", row.types[i]},
                     {"partner_records", row.partner_types[i]}});
  }
  j["overlap_types"] = types;
  j["my_synced_at"] = Time(row.my_synced_unix);
  j["partner_synced_at"] = Time(row.partner_synced_unix);
  j["partner_latest_period"] = row.partner_latest_period;
  j["trend"] = row.has_previous
                   ? Json({{"previous_period", row.previous_period},
                           {"shared_change", row.shared_change},
                           {"rate_change", row.rate_change}})
                   : Json(nullptr);
  j["noisy"] = row.noisy;
  j["partner_hides_populations"] = row.partner_hides;
  j["my_hidden_populations"] = Strings(row.my_hidden);
  j["suppressed_populations"] = {{"mine", Strings(row.my_suppressed)},
                                 {"partner", Strings(row.partner_suppressed)}};
  j["categories"] = {{"overlap_mine", row.overlap_mine},
                     {"overlap_theirs", row.overlap_theirs},
                     {"your_accounts", row.your_accounts},
                     {"partner_accounts", row.partner_accounts},
                     {"greenfield_counted", row.greenfield_counted},
                     {"greenfield_mine", row.greenfield_mine},
                     {"greenfield_theirs", row.greenfield_theirs},
                     {"notes", Strings(row.category_notes)}};
  j["notes"] = Strings(row.notes);
  return j;
}

std::string JsonText(const PortfolioModel& model) {
  Json j;
  j["schema"] = "blindmap.portfolio.v1";
  j["me"] = model.me;
  j["sort"] = PortfolioSortName(model.sort);
  j["counts"] = {{"mapped", model.mapped},
                 {"pending", model.pending},
                 {"not_synced", model.not_synced},
                 {"failed", model.failed}};
  Json partners = Json::array();
  for (const PartnerCoverage& row : model.partners) {
    partners.push_back(PartnerJson(row));
  }
  j["partners"] = partners;
  Json populations = Json::array();
  for (const PopulationCoverage& p : model.populations) {
    Json cells = Json::array();
    for (const PopulationCell& cell : p.partners) {
      cells.push_back({{"partner", cell.partner},
                       {"counted", cell.counted},
                       {"covered", cell.covered},
                       {"rate", cell.rate},
                       {"reason", cell.reason}});
    }
    populations.push_back({{"population", p.population},
                           {"kind", p.kind},
                           {"role", p.role},
                           {"records", p.records},
                           {"partners", cells},
                           {"partners_counted", p.partners_counted},
                           {"partners_covering", p.partners_covering},
                           {"covered_low", p.covered_low},
                           {"covered_high", p.covered_high},
                           {"exact", p.exact},
                           {"uncovered_low", p.uncovered_low},
                           {"uncovered_high", p.uncovered_high}});
  }
  j["populations"] = populations;
  Json space = Json::array();
  for (const WhiteSpaceRow& row : model.white_space) {
    space.push_back({{"partner", row.partner},
                     {"population", row.population},
                     {"kind", row.kind},
                     {"role", row.role},
                     {"counted", row.counted},
                     {"reason", row.reason},
                     {"records", row.records},
                     {"you_have", row.you_have},
                     {"you_lack", row.you_lack},
                     {"lack_rate", row.lack_rate}});
  }
  j["white_space"] = space;
  j["signals"] = Strings(model.signals);
  j["notes"] = Strings(model.notes);
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

enum Column {
  kSection,
  kPartner,
  kPopulation,
  kKind,
  kStatus,
  kPeriod,
  kOverlapType,
  kMine,
  kTheirs,
  kRecords,
  kCovered,
  kRate,
  kPartnerRate,
  kScore,
  kLow,
  kHigh,
  kPartners,
  kPrevious,
  kChange,
  kRateChange,
  kMySynced,
  kPartnerSynced,
  kNote,
  kColumns,
};

constexpr const char* kHeader[kColumns] = {"section",
                                           "partner",
                                           "population",
                                           "kind",
                                           "status",
                                           "period",
                                           "overlap_type",
                                           "my_records",
                                           "partner_records",
                                           "records",
                                           "covered",
                                           "rate",
                                           "partner_rate",
                                           "score",
                                           "low",
                                           "high",
                                           "partners",
                                           "previous_period",
                                           "change",
                                           "rate_change",
                                           "my_synced_at",
                                           "partner_synced_at",
                                           "note"};

class Csv {
 public:
  Csv() { out_ = absl::StrCat(absl::StrJoin(kHeader, ","), "\r\n"); }
  std::vector<std::string> Row(const char* section) const {
    std::vector<std::string> row(kColumns);
    row[kSection] = section;
    return row;
  }
  void Add(const std::vector<std::string>& row) {
    std::vector<std::string> cells;
    for (const std::string& cell : row) cells.push_back(CsvCell(cell));
    absl::StrAppend(&out_, absl::StrJoin(cells, ","), "\r\n");
  }
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

std::string Fraction(double rate) { return absl::StrFormat("%.4f", rate); }

std::string CsvText(const PortfolioModel& model) {
  Csv csv;
  for (const PartnerCoverage& p : model.partners) {
    auto row = csv.Row("partner");
    row[kPartner] = p.partner;
    row[kStatus] = p.status;
    row[kNote] = p.status_detail;
    if (p.mapped()) {
      row[kPeriod] = p.period;
      row[kMine] = absl::StrCat(p.my_shared);
      row[kTheirs] = absl::StrCat(p.partner_shared);
      row[kRecords] = absl::StrCat(p.my_records);
      row[kRate] = Fraction(p.my_rate);
      row[kPartnerRate] = Fraction(p.partner_rate);
      row[kScore] = p.score;
      if (p.has_previous) {
        row[kPrevious] = p.previous_period;
        row[kChange] = absl::StrCat(p.shared_change);
        row[kRateChange] = Fraction(p.rate_change);
      }
      row[kMySynced] = FormatUtcIso8601(p.my_synced_unix);
      row[kPartnerSynced] = FormatUtcIso8601(p.partner_synced_unix);
      std::vector<std::string> flags;
      if (p.candidate) flags.push_back("candidate");
      if (p.partner_hides) flags.push_back("partner hides populations");
      for (const std::string& hidden : p.my_hidden) {
        flags.push_back(absl::StrCat("you hide ", hidden));
      }
      row[kNote] = absl::StrJoin(flags, "; ");
    }
    csv.Add(row);
    if (!p.mapped()) continue;
    for (size_t i = 0; i < kOverlapTypeCount; ++i) {
      auto type = csv.Row("overlap_type");
      type[kPartner] = p.partner;
      type[kPeriod] = p.period;
      type[kOverlapType] = InfoFor(kTypes[i]).id;
      type[kMine] = absl::StrCat(p.types[i]);
      type[kTheirs] = absl::StrCat(p.partner_types[i]);
      csv.Add(type);
    }
    auto category = csv.Row("category");
    category[kPartner] = p.partner;
    category[kPeriod] = p.period;
    for (const auto& [name, mine, theirs] :
         std::vector<std::tuple<const char*, uint64_t, uint64_t>>{
             {"overlap", p.overlap_mine, p.overlap_theirs},
             {"your_accounts", p.your_accounts, 0},
             {"partner_accounts", 0, p.partner_accounts},
             {"greenfield", p.greenfield_mine, p.greenfield_theirs}}) {
      auto line = category;
      line[kOverlapType] = name;
      const bool counted =
          std::string(name) != "greenfield" || p.greenfield_counted;
      line[kStatus] = counted ? "counted" : "not counted";
      if (counted) {
        line[kMine] = absl::StrCat(mine);
        line[kTheirs] = absl::StrCat(theirs);
      }
      csv.Add(line);
    }
  }
  for (const PopulationCoverage& p : model.populations) {
    auto row = csv.Row("population");
    row[kPopulation] = p.population;
    row[kKind] = p.role.empty() ? p.kind : p.role;
    row[kRecords] = absl::StrCat(p.records);
    row[kLow] = absl::StrCat(p.covered_low);
    row[kHigh] = absl::StrCat(p.covered_high);
    row[kPartners] = absl::StrCat(p.partners_covering);
    row[kNote] = p.exact ? "exact" : "range";
    csv.Add(row);
    for (const PopulationCell& cell : p.partners) {
      auto line = csv.Row("population_partner");
      line[kPartner] = cell.partner;
      line[kPopulation] = p.population;
      line[kStatus] = cell.counted ? "counted" : "not counted";
      if (cell.counted) {
        line[kCovered] = absl::StrCat(cell.covered);
        line[kRate] = Fraction(cell.rate);
      }
      line[kNote] = cell.reason;
      csv.Add(line);
    }
  }
  for (const WhiteSpaceRow& w : model.white_space) {
    auto row = csv.Row("white_space");
    row[kPartner] = w.partner;
    row[kPopulation] = w.population;
    row[kKind] = w.role.empty() ? w.kind : w.role;
    row[kStatus] = w.counted ? "counted" : "not counted";
    if (w.counted) {
      row[kRecords] = absl::StrCat(w.records);
      row[kMine] = absl::StrCat(w.you_have);
      row[kCovered] = absl::StrCat(w.you_lack);
      row[kRate] = Fraction(w.lack_rate);
    }
    row[kNote] = w.reason;
    csv.Add(row);
  }
  for (const std::string& signal : model.signals) {
    auto row = csv.Row("signal");
    row[kNote] = signal;
    csv.Add(row);
  }
  for (const std::string& note : model.notes) {
    auto row = csv.Row("note");
    row[kNote] = note;
    csv.Add(row);
  }
  return csv.text();
}

}  // namespace

std::string RenderPortfolio(const PortfolioModel& model, OutputFormat format) {
  switch (format) {
    case OutputFormat::kMarkdown:
      return Markdown(model);
    case OutputFormat::kJson:
      return JsonText(model);
    case OutputFormat::kCsv:
      return CsvText(model);
    default:
      return Text(model);
  }
}

}  // namespace blindmap
