// The overlap history for scripts: JSON and CSV.
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "client/report/history_render_internal.h"
#include "client/report/probe_policy_text.h"
#include "client/report/report_render_model.h"
#include "common/text/csv_writer.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace history_internal {
namespace {

using report_internal::ReportModel;

constexpr char kHistorySchema[] = "blindmap.history.v1";

// The "status" of a cell or population row.
const char* StatusId(ChangeStatus status) {
  switch (status) {
    case ChangeStatus::kFirst:
      return "first";
    case ChangeStatus::kNew:
      return "new";
    case ChangeStatus::kChanged:
      return "changed";
    case ChangeStatus::kUnchanged:
      break;
  }
  return "unchanged";
}

}  // namespace

// --- JSON --------------------------------------------------------------------

namespace {

using Json = nlohmann::ordered_json;

Json ChangeJson(const CountChange& change) {
  if (change.status == ChangeStatus::kFirst ||
      change.status == ChangeStatus::kNew) {
    return Json(nullptr);
  }
  return Json(change.delta);
}

Json HistoryJson(const std::vector<PeriodView>& views, absl::string_view me,
                 absl::string_view partner) {
  Json j;
  j["schema"] = kHistorySchema;
  j["me"] = std::string(me);
  j["partner"] = std::string(partner);
  const ReportModel* last = views.empty() ? nullptr : &views.back().model;
  j["partnership"] = {{"id", last == nullptr ? "" : last->partnership_id},
                      {"cadence", last == nullptr ? "" : last->cadence}};
  Json periods = Json::array();
  for (const PeriodView& view : views) {
    const ReportModel& model = view.model;
    Json period;
    period["period"] = model.period;
    period["noisy"] = model.noisy;
    period["probe_policy"] = model.probe_policy.has_value()
                                 ? ProbePolicyJson<Json>(*model.probe_policy)
                                 : Json(nullptr);
    period["suppressed_populations"] = {{"mine", model.my_suppressed},
                                        {"partner", model.partner_suppressed}};
    Json cells = Json::array();
    for (const CellRow& c : view.cells) {
      Json cell;
      cell["my_population"] = c.my_population;
      cell["partner_population"] = c.partner_population;
      cell["my_records"] = c.mine;
      cell["partner_records"] = c.theirs;
      cell["change"] = ChangeJson(c.change);
      cell["status"] = StatusId(c.change.status);
      cells.push_back(std::move(cell));
    }
    period["cells"] = std::move(cells);
    Json populations = Json::array();
    for (const PopulationChange& p : view.populations) {
      Json row;
      row["name"] = p.row.name;
      row["kind"] = p.row.kind;
      row["records"] = p.row.records;
      row["overlapping_records"] = p.row.overlapping;
      row["overlap_rate"] = p.row.rate;
      row["overlapping_change"] = ChangeJson(p.change);
      row["overlap_rate_change"] =
          p.rate_change.has_value() ? Json(*p.rate_change) : Json(nullptr);
      row["status"] = StatusId(p.change.status);
      populations.push_back(std::move(row));
    }
    period["my_populations"] = std::move(populations);
    period["notes"] = model.notes;
    periods.push_back(std::move(period));
  }
  j["periods"] = std::move(periods);
  return j;
}

}  // namespace

std::string RenderJson(const std::vector<PeriodView>& views,
                       absl::string_view me, absl::string_view partner) {
  try {
    return HistoryJson(views, me, partner)
               .dump(2, ' ', false, Json::error_handler_t::replace) +
           "\n";
  } catch (const std::exception&) {
    return absl::StrCat("{\"schema\": \"", kHistorySchema,
                        "\", \"error\": \"rendering failed\"}\n");
  }
}

// --- CSV ---------------------------------------------------------------------

namespace {

enum CsvColumn {
  kSection,
  kPeriod,
  kMyPopulation,
  kPartnerPopulation,
  kMyRecords,
  kPartnerRecords,
  kRecords,
  kOverlappingRecords,
  kOverlapRate,
  kChange,
  kRateChange,
  kStatus,
  kNoisy,
  kNote,
  kCsvColumnCount,
};

constexpr const char* kCsvHeader[kCsvColumnCount] = {
    "section",
    "period",
    "my_population",
    "partner_population",
    "my_records",
    "partner_records",
    "records",
    "overlapping_records",
    "overlap_rate",
    "change",
    "overlap_rate_change",
    "status",
    "noisy",
    "note",
};

std::string CsvChange(const CountChange& change) {
  switch (change.status) {
    case ChangeStatus::kFirst:
      return "";
    case ChangeStatus::kNew:
      return "new";
    default:
      return absl::StrCat(change.delta);
  }
}

}  // namespace

std::string RenderCsv(const std::vector<PeriodView>& views) {
  std::string out = absl::StrCat(absl::StrJoin(kCsvHeader, ","), "\r\n");
  auto add = [&out](const std::vector<std::string>& row) {
    std::vector<std::string> quoted;
    quoted.reserve(row.size());
    for (const std::string& field : row) quoted.push_back(CsvQuote(field));
    absl::StrAppend(&out, absl::StrJoin(quoted, ","), "\r\n");
  };
  for (const PeriodView& view : views) {
    const ReportModel& model = view.model;
    auto new_row = [&model](const char* section) {
      std::vector<std::string> row(kCsvColumnCount);
      row[kSection] = section;
      row[kPeriod] = CsvInert(model.period);
      row[kNoisy] = model.noisy ? "true" : "false";
      return row;
    };
    for (const CellRow& c : view.cells) {
      auto row = new_row("cell");
      row[kMyPopulation] = CsvInert(c.my_population);
      row[kPartnerPopulation] = CsvInert(c.partner_population);
      row[kMyRecords] = absl::StrCat(c.mine);
      row[kPartnerRecords] = absl::StrCat(c.theirs);
      row[kChange] = CsvChange(c.change);
      row[kStatus] = StatusId(c.change.status);
      add(row);
    }
    for (const PopulationChange& p : view.populations) {
      auto row = new_row("my_population");
      row[kMyPopulation] = CsvInert(p.row.name);
      row[kRecords] = absl::StrCat(p.row.records);
      row[kOverlappingRecords] = absl::StrCat(p.row.overlapping);
      row[kOverlapRate] = absl::StrFormat("%.4f", p.row.rate);
      row[kChange] = CsvChange(p.change);
      if (p.rate_change.has_value()) {
        row[kRateChange] = absl::StrFormat("%.4f", *p.rate_change);
      }
      row[kStatus] = StatusId(p.change.status);
      add(row);
    }
    for (const std::string& name : model.my_suppressed) {
      auto row = new_row("my_suppressed");
      row[kMyPopulation] = CsvInert(name);
      row[kNote] = report_internal::SuppressedReason(model);
      add(row);
    }
    for (const std::string& name : model.partner_suppressed) {
      auto row = new_row("partner_suppressed");
      row[kPartnerPopulation] = CsvInert(name);
      row[kNote] = report_internal::SuppressedReason(model);
      add(row);
    }
    for (const std::string& note : model.notes) {
      auto row = new_row("note");
      row[kNote] = CsvInert(note);
      add(row);
    }
  }
  return out;
}

}  // namespace history_internal
}  // namespace blindmap
