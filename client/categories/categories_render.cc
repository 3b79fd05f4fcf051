#include "client/categories/categories_render.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/report/report_render_model.h"
#include "common/text/csv_writer.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using Json = nlohmann::ordered_json;
using report_internal::FormatCount;

constexpr char kApprox[] = "\xE2\x89\x88";  // ≈

CategoryRow Row(const char* id, const char* label, std::string definition,
                const char* action) {
  CategoryRow row;
  row.id = id;
  row.label = label;
  row.definition = std::move(definition);
  row.action = action;
  return row;
}

std::string Cell(const CategoriesModel& model, const CategoryRow& row,
                 bool mine) {
  if (!row.counted) return mine ? "not counted" : "";
  if (mine ? !row.has_mine : !row.has_theirs) return "";
  const uint64_t n = mine ? row.mine : row.theirs;
  const bool noisy =
      model.noisy &&
      (row.id == "overlap" || row.id == "greenfield" ||
       row.id == "your_accounts" || row.id == "partner_accounts");
  return noisy ? absl::StrCat(kApprox, FormatCount(n)) : FormatCount(n);
}

Json CategoriesJson(const CategoriesModel& model) {
  Json rows = Json::array();
  for (const CategoryRow& row : model.rows) {
    rows.push_back(
        {{"id", row.id},
         {"label", row.label},
         {"definition", row.definition},
         {"action", row.action},
         {"counted", row.counted},
         {"my_records",
          row.counted && row.has_mine ? Json(row.mine) : Json(nullptr)},
         {"partner_records",
          row.counted && row.has_theirs ? Json(row.theirs) : Json(nullptr)},
         {"reason", row.reason}});
  }
  Json exclusions = Json::array();
  for (const ExclusionCount& e : model.exclusions) {
    exclusions.push_back({{"reason", e.reason}, {"accounts", e.accounts}});
  }
  Json j;
  j["partner"] = model.partner;
  j["period"] = model.period;
  j["noisy"] = model.noisy;
  j["categories"] = rows;
  j["exclusions"] = exclusions;
  j["exclusions_source"] = model.exclusions_source;
  j["exclusions_error"] = model.exclusions_error;
  j["populations"] = {
      {"my_relationship", model.my_relationship_populations},
      {"partner_relationship", model.partner_relationship_populations},
      {"my_target_lists", model.my_target_lists},
      {"partner_target_lists", model.partner_target_lists}};
  j["notes"] = model.notes;
  return j;
}

std::string Dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

// CSV rows as maps from column name to value, for any header.
std::vector<std::map<std::string, std::string>> CsvFacts(
    const CategoriesModel& model, const char* category_section) {
  std::vector<std::map<std::string, std::string>> facts;
  for (const CategoryRow& row : model.rows) {
    std::map<std::string, std::string> fact = {
        {"section", category_section},
        {"period", model.period},
        {"partner", model.partner},
        {"category", row.id},
        {"overlap_type", row.id},
        {"action", row.action},
        {"status", row.counted ? "counted" : "not counted"},
        {"note", row.counted ? row.definition : row.reason}};
    if (row.counted && row.has_mine) {
      fact["my_records"] = absl::StrCat(row.mine);
    }
    if (row.counted && row.has_theirs) {
      fact["partner_records"] = absl::StrCat(row.theirs);
    }
    facts.push_back(std::move(fact));
  }
  for (const ExclusionCount& e : model.exclusions) {
    facts.push_back({{"section", "exclusion"},
                     {"period", model.period},
                     {"partner", model.partner},
                     {"category", "exclusions"},
                     {"overlap_type", "exclusions"},
                     {"my_records", absl::StrCat(e.accounts)},
                     {"note", e.reason}});
  }
  return facts;
}

std::string CsvLines(
    const std::vector<std::string>& header,
    const std::vector<std::map<std::string, std::string>>& facts) {
  std::string out;
  for (const auto& fact : facts) {
    std::vector<std::string> cells;
    for (const std::string& column : header) {
      auto it = fact.find(column);
      cells.push_back(it == fact.end() ? "" : CsvCell(it->second));
    }
    absl::StrAppend(&out, absl::StrJoin(cells, ","), "\r\n");
  }
  return out;
}

}  // namespace

CategoriesModel BuildCategoriesModel(
    const v1::AccountCategories& categories,
    const absl::StatusOr<ExclusionCounts>& exclusions, const std::string& me) {
  CategoriesModel model;
  model.me = me;
  model.partner = categories.partner();
  model.period = categories.period();
  model.noisy = categories.noisy();
  const std::string& partner = model.partner;

  CategoryRow greenfield = Row(
      "greenfield", "Greenfield",
      "In both target lists; neither has a relationship", "Joint prospecting");
  greenfield.counted = categories.greenfield_counted();
  greenfield.has_mine = greenfield.has_theirs = true;
  greenfield.mine = categories.my_greenfield_records();
  greenfield.theirs = categories.partner_greenfield_records();
  if (!greenfield.counted) {
    std::vector<std::string> why;
    for (const std::string& note : categories.notes()) {
      if (note.find("Greenfield") != std::string::npos) why.push_back(note);
    }
    greenfield.reason = absl::StrJoin(why, "; ");
  }
  model.rows.push_back(std::move(greenfield));

  const uint64_t my_overlap = categories.my_overlap_records();
  const uint64_t their_overlap = categories.partner_overlap_records();
  CategoryRow yours =
      Row("your_accounts", "Your accounts",
          absl::StrCat("You have a relationship; ", partner, " does not"),
          "Introduce partner");
  yours.has_mine = true;
  yours.mine = categories.my_relationship_records() > my_overlap
                   ? categories.my_relationship_records() - my_overlap
                   : 0;
  model.rows.push_back(std::move(yours));

  CategoryRow theirs =
      Row("partner_accounts", "Partner accounts",
          absl::StrCat(partner, " has a relationship; you do not"),
          "Get introduction");
  theirs.has_theirs = true;
  theirs.theirs =
      categories.partner_relationship_records() > their_overlap
          ? categories.partner_relationship_records() - their_overlap
          : 0;
  model.rows.push_back(std::move(theirs));

  CategoryRow overlap = Row("overlap", "Overlap", "Both have a relationship",
                            "Coordinate approach");
  overlap.has_mine = overlap.has_theirs = true;
  overlap.mine = my_overlap;
  overlap.theirs = their_overlap;
  model.rows.push_back(std::move(overlap));

  CategoryRow excluded =
      Row("exclusions", "Exclusions",
          "Kept off the mapping for a documented reason; never sent",
          "Document reasons");
  excluded.has_mine = true;
  if (exclusions.ok()) {
    excluded.mine = static_cast<uint64_t>(exclusions->total);
    model.exclusions = exclusions->reasons;
    model.exclusions_source = exclusions->source;
  } else {
    excluded.counted = false;
    excluded.reason =
        absl::StrCat("not counted: ", exclusions.status().message());
    model.exclusions_error = std::string(exclusions.status().message());
  }
  model.rows.push_back(std::move(excluded));

  model.my_relationship_populations.assign(
      categories.my_relationship_populations().begin(),
      categories.my_relationship_populations().end());
  model.partner_relationship_populations.assign(
      categories.partner_relationship_populations().begin(),
      categories.partner_relationship_populations().end());
  model.my_target_lists.assign(categories.my_target_lists().begin(),
                               categories.my_target_lists().end());
  model.partner_target_lists.assign(categories.partner_target_lists().begin(),
                                    categories.partner_target_lists().end());
  model.notes.assign(categories.notes().begin(), categories.notes().end());
  return model;
}

ViewTable CategoriesTable(const CategoriesModel& model) {
  ViewTable table;
  table.title = "Account Categories";
  table.headers = {"Category", "Definition", "You", model.partner, "Action"};
  table.align = "llrrl";
  for (const CategoryRow& row : model.rows) {
    table.rows.push_back({row.label, row.definition, Cell(model, row, true),
                          Cell(model, row, false), row.action});
  }
  for (const CategoryRow& row : model.rows) {
    if (!row.counted) {
      table.lines_after.push_back(absl::StrCat(row.label, ": ", row.reason));
    }
  }
  if (model.exclusions.empty() && model.exclusions_error.empty()) {
    table.lines_after.push_back(
        "No exclusions configured (`exclude` or `exclusions`): nothing is "
        "kept off the mapping.");
  } else if (!model.exclusions.empty()) {
    std::vector<std::string> reasons;
    for (const ExclusionCount& e : model.exclusions) {
      reasons.push_back(absl::StrCat(e.reason, ": ", FormatCount(e.accounts)));
    }
    table.lines_after.push_back(absl::StrCat(
        "Exclusions by reason (counted on this machine from ",
        model.exclusions_source, "): ", absl::StrJoin(reasons, "; "), "."));
  }
  std::vector<std::string> over;
  if (!model.my_relationship_populations.empty()) {
    over.push_back(absl::StrCat(
        "your ", absl::StrJoin(model.my_relationship_populations, ", ")));
  }
  if (!model.partner_relationship_populations.empty()) {
    over.push_back(absl::StrCat(
        model.partner, "'s ",
        absl::StrJoin(model.partner_relationship_populations, ", ")));
  }
  if (!over.empty()) {
    table.lines_after.push_back(absl::StrCat(
        "A relationship is a record in a customer or prospect population: ",
        absl::StrJoin(over, "; "),
        ". Each account counts once however many populations it is in."));
  }
  for (const std::string& note : model.notes) {
    if (note.find("Greenfield") == std::string::npos) {
      table.lines_after.push_back(note);
    }
  }
  return table;
}

std::string RenderCategories(const CategoriesModel& model,
                             OutputFormat format) {
  switch (format) {
    case OutputFormat::kMarkdown:
      return ViewTableMarkdown(CategoriesTable(model));
    case OutputFormat::kJson: {
      Json j;
      j["schema"] = "blindmap.account_categories.v1";
      j.update(CategoriesJson(model));
      return Dump(j);
    }
    case OutputFormat::kCsv: {
      const std::vector<std::string> header = {
          "section",         "partner", "period", "category", "my_records",
          "partner_records", "status",  "action", "note"};
      return absl::StrCat(
          absl::StrJoin(header, ","), "\r\n",
          CsvLines(header, CsvFacts(model, "account_category")));
    }
    default:
      return ViewTableText(CategoriesTable(model));
  }
}

absl::StatusOr<std::string> AddCategoriesToReport(const std::string& report,
                                                  const CategoriesModel& model,
                                                  OutputFormat format) {
  switch (format) {
    case OutputFormat::kMarkdown:
      return absl::StrCat(report, "\n",
                          ViewTableMarkdown(CategoriesTable(model)));
    case OutputFormat::kJson: {
      Json j = Json::parse(report, nullptr, /*allow_exceptions=*/false);
      if (!j.is_object()) {
        return absl::InternalError("the JSON report is not an object");
      }
      j["account_categories"] = CategoriesJson(model);
      return Dump(j);
    }
    case OutputFormat::kCsv: {
      const size_t end = report.find("\r\n");
      if (end == std::string::npos) {
        return absl::InternalError("the CSV report has no header line");
      }
      const std::vector<std::string> header =
          absl::StrSplit(report.substr(0, end), ',');
      return absl::StrCat(
          report, CsvLines(header, CsvFacts(model, "account_category")));
    }
    default:
      return absl::StrCat(report, "\n", ViewTableText(CategoriesTable(model)));
  }
}

}  // namespace blindmap
