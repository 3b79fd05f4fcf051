// The seeds' account categories of one partnership (Greenfield, Your
// accounts, Partner accounts, Overlap, Exclusions): one view model and its
// renderers, shown as a section of `blindmap report --partner NAME`.
#ifndef BLINDMAP_CLIENT_CATEGORIES_CATEGORIES_RENDER_H_
#define BLINDMAP_CLIENT_CATEGORIES_CATEGORIES_RENDER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "blindmap/v1/broker.pb.h"
#include "client/categories/exclusion_count.h"
#include "client/report/report_render.h"
#include "client/report/view_table.h"

namespace blindmap {

struct CategoryRow {
  std::string id;          // "greenfield", "your_accounts", ...
  std::string label;       // "Greenfield", ...
  std::string definition;  // for people, naming the partner
  std::string action;      // the seeds' action
  bool counted = true;
  bool has_mine = false;  // `mine` is a count of my records
  bool has_theirs = false;
  uint64_t mine = 0;
  uint64_t theirs = 0;
  std::string reason;  // why not counted, when not
};

struct CategoriesModel {
  std::string me;
  std::string partner;
  std::string period;
  bool noisy = false;             // overlap and greenfield carry noise
  std::vector<CategoryRow> rows;  // the seeds' order, always five
  // Exclusions by reason; `exclusions_error` when the export could not be
  // read (then Exclusions is not counted).
  std::vector<ExclusionCount> exclusions;
  std::string exclusions_source;
  std::string exclusions_error;
  std::vector<std::string> my_relationship_populations;
  std::vector<std::string> partner_relationship_populations;
  std::vector<std::string> my_target_lists;
  std::vector<std::string> partner_target_lists;
  std::vector<std::string> notes;  // the broker's
};

// Pure; never fails.
CategoriesModel BuildCategoriesModel(
    const v1::AccountCategories& categories,
    const absl::StatusOr<ExclusionCounts>& exclusions, const std::string& me);

// The section as a table (text, Markdown and HTML lay it out).
ViewTable CategoriesTable(const CategoriesModel& model);

// The section alone: text, Markdown, JSON ("schema":
// "blindmap.account_categories.v1", fields as CategoriesJson) or CSV
// (columns section, partner, period, category, my_records,
// partner_records, status, action, note).
std::string RenderCategories(const CategoriesModel& model, OutputFormat format);

// The section added to an overlap report already rendered in `format`:
// text and Markdown get the section appended; JSON gets the key
// "account_categories" (the object RenderCategories' JSON holds); CSV gets
// rows in the report's own columns (section "account_category" with the
// category in overlap_type, and "exclusion" per reason). INTERNAL if the
// report is not the JSON it should be.
absl::StatusOr<std::string> AddCategoriesToReport(const std::string& report,
                                                  const CategoriesModel& model,
                                                  OutputFormat format);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CATEGORIES_CATEGORIES_RENDER_H_
