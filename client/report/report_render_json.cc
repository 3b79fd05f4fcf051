// The JSON report, schema "blindmap.report.v1": counts as integers, rates as
// fractions (0..1), names verbatim.
#include <cstddef>
#include <exception>
#include <string>

#include "client/report/probe_policy_text.h"
#include "client/report/report_render_model.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace report_internal {
namespace {

using Json = nlohmann::ordered_json;

Json PopulationJson(const PopulationRow& p) {
  Json j;
  j["name"] = p.name;
  j["kind"] = p.kind;
  j["records"] = p.records;
  j["overlapping_records"] = p.overlapping;
  j["only_records"] = p.only;
  j["overlap_rate"] = p.rate;
  j["overlap_score"] = p.score;
  return j;
}

Json SnapshotJson(const Side& side) {
  Json j;
  j["party"] = side.party;
  j["period"] = side.period;
  const std::string iso = FormatUtcIso8601(side.uploaded_at_unix);
  j["uploaded_at"] = iso.empty() ? Json(nullptr) : Json(iso);
  j["uploaded_at_unix"] = side.uploaded_at_unix;
  j["records"] = side.total.records;
  j["overlapping_records"] = side.total.overlapping;
  j["only_records"] = side.total.only;
  j["overlap_rate"] = side.total.rate;
  j["overlap_score"] = side.total.score;
  return j;
}

Json MatrixJson(const ReportModel& model) {
  Json rows = Json::array();
  for (const PopulationRow& p : model.mine.populations) rows.push_back(p.name);
  Json columns = Json::array();
  for (const PopulationRow& p : model.theirs.populations) {
    columns.push_back(p.name);
  }
  Json mine_grid = Json::array();
  Json theirs_grid = Json::array();
  for (const auto& grid_row : model.grid) {
    Json mine_row = Json::array();
    Json theirs_row = Json::array();
    for (const auto& index : grid_row) {
      if (index.has_value()) {
        mine_row.push_back(model.cells[*index].mine);
        theirs_row.push_back(model.cells[*index].theirs);
      } else {
        mine_row.push_back(nullptr);
        theirs_row.push_back(nullptr);
      }
    }
    mine_grid.push_back(std::move(mine_row));
    theirs_grid.push_back(std::move(theirs_row));
  }
  Json cells = Json::array();
  for (const MatrixCell& c : model.cells) {
    Json cell;
    cell["row"] = c.row;
    cell["column"] = c.column;
    cell["my_population"] = model.mine.populations[c.row].name;
    cell["partner_population"] = model.theirs.populations[c.column].name;
    cell["my_records"] = c.mine;
    cell["partner_records"] = c.theirs;
    cell["overlap_type"] =
        c.type.has_value() ? Json(InfoFor(*c.type).id) : Json(nullptr);
    cells.push_back(std::move(cell));
  }
  Json j;
  j["rows"] = std::move(rows);
  j["columns"] = std::move(columns);
  j["my_records"] = std::move(mine_grid);
  j["partner_records"] = std::move(theirs_grid);
  j["cells"] = std::move(cells);
  return j;
}

Json TypesJson(const ReportModel& model) {
  Json types = Json::array();
  for (const TypeSummary& t : model.types) {
    Json cells = Json::array();
    for (size_t i : t.cells) {
      const MatrixCell& c = model.cells[i];
      cells.push_back(
          {{"my_population", model.mine.populations[c.row].name},
           {"partner_population", model.theirs.populations[c.column].name}});
    }
    Json j;
    j["id"] = t.info->id;
    j["label"] = t.info->label;
    j["my_status"] = t.my_status;
    j["partner_status"] = t.partner_status;
    j["action"] = t.info->action;
    j["my_records"] = t.mine;
    j["partner_records"] = t.theirs;
    j["cells"] = std::move(cells);
    types.push_back(std::move(j));
  }
  return types;
}

Json ReportJson(const ReportModel& model) {
  Json j;
  j["schema"] = kSchema;
  j["me"] = model.me;
  j["partner"] = model.partner;
  j["partnership"] = {{"id", model.partnership_id},
                      {"state", model.partnership_state},
                      {"cadence", model.cadence}};
  j["period"] = model.period;
  j["match_policy"] = model.match_policy;
  j["my_snapshot"] = SnapshotJson(model.mine);
  j["partner_snapshot"] = SnapshotJson(model.theirs);
  Json mine = Json::array();
  for (const PopulationRow& p : model.mine.populations) {
    mine.push_back(PopulationJson(p));
  }
  j["my_populations"] = std::move(mine);
  Json theirs = Json::array();
  for (const PopulationRow& p : model.theirs.populations) {
    theirs.push_back(PopulationJson(p));
  }
  j["partner_populations"] = std::move(theirs);
  j["matrix"] = MatrixJson(model);
  j["overlap_types"] = TypesJson(model);
  j["probe_policy"] = model.probe_policy.has_value()
                          ? ProbePolicyJson<Json>(*model.probe_policy)
                          : Json(nullptr);
  j["noisy"] = model.noisy;
  j["suppressed_populations"] = {{"mine", model.my_suppressed},
                                 {"partner", model.partner_suppressed}};
  const std::string partner_uploaded_at =
      FormatUtcIso8601(model.partner_latest_upload_unix);
  j["periods"] = {
      {"current", model.current_period},
      {"mine", model.my_latest_period},
      {"partner", model.partner_latest_period},
      {"partner_uploaded_at",
       partner_uploaded_at.empty() ? Json(nullptr) : Json(partner_uploaded_at)},
      {"partner_uploaded_at_unix", model.partner_latest_upload_unix}};
  j["notes"] = model.notes;
  return j;
}

}  // namespace

std::string RenderJson(const ReportModel& model) {
  try {
    // Invalid UTF-8 in a label becomes U+FFFD instead of throwing.
    return ReportJson(model).dump(2, ' ', false,
                                  Json::error_handler_t::replace) +
           "\n";
  } catch (const std::exception&) {
    // Only allocation can fail here; keep the promise of a JSON object.
    return std::string("{\"schema\": \"") + kSchema +
           "\", \"error\": \"rendering failed\"}\n";
  }
}

}  // namespace report_internal
}  // namespace blindmap
