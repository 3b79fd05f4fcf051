// Account categories in the per-partner report: exclusions counted by
// documented reason on this machine, the five categories from the broker's
// counts, and the section added to each format of the overlap report.
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "client/categories/categories_render.h"
#include "client/categories/exclusion_count.h"
#include "client/config/client_config.h"
#include "client/report/report_render.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;

constexpr char kConfig[] = R"yaml(
broker: {address: "127.0.0.1:1", token_file: t, plaintext: true}
exclude: {column: Type, equals: Partner}
exclusions:
  - {reason: Legal hold, where: {column: Do Not Share, equals: yes}}
  - {reason: Competitor, where: {column: Competitor, equals: yes}}
)yaml";

TEST(ExclusionCountTest, CountsEachRowOnceUnderItsFirstReason) {
  TempDir dir;
  const std::string path = dir.path() + "/accounts.csv";
  std::ofstream(path) << "Account Name,Type,Do Not Share\n"
                         "a,Customer,yes\n"
                         "b,Partner,yes\n"
                         "c,Prospect,\n"
                         "d,Prospect,YES\n"
                         "e,Partner,\n";
  absl::StatusOr<ClientConfig> config = ParseClientConfig(kConfig, "c.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  const auto counts = CountExclusions(*config, path);
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->rows, 5);
  EXPECT_EQ(counts->total, 4);
  ASSERT_EQ(counts->reasons.size(), 3u);
  EXPECT_EQ(counts->reasons[0].accounts, 2);  // `exclude`: b, e
  EXPECT_EQ(counts->reasons[1].reason, "Legal hold");
  EXPECT_EQ(counts->reasons[1].accounts, 2);  // a, d (b counted above)
  EXPECT_EQ(counts->reasons[2].accounts, 0);  // no Competitor column
  EXPECT_EQ(CountExclusions(*config, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  // Without exclusions nothing is read, and nothing is excluded.
  ClientConfig plain;
  const auto none = CountExclusions(plain, "");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->total, 0);
  EXPECT_TRUE(none->reasons.empty());
  EXPECT_EQ(CountExclusions(*config, dir.path() + "/none.csv").status().code(),
            absl::StatusCode::kNotFound);
}

v1::AccountCategories Categories() {
  v1::AccountCategories c;
  c.set_partner("globex");
  c.set_period("2026-11");
  c.set_my_relationship_records(187);
  c.set_partner_relationship_records(190);
  c.set_my_overlap_records(65);
  c.set_partner_overlap_records(64);
  c.set_greenfield_counted(true);
  c.set_my_greenfield_records(9);
  c.set_partner_greenfield_records(9);
  c.add_my_relationship_populations("Customers");
  c.add_my_relationship_populations("Prospects");
  return c;
}

TEST(CategoriesTest, FiveCategoriesFromTheBrokersCounts) {
  ExclusionCounts exclusions;
  exclusions.source = "accounts.csv";
  exclusions.total = 4;
  exclusions.reasons = {{"Legal hold", 3}, {"Competitor", 1}};
  const CategoriesModel model =
      BuildCategoriesModel(Categories(), exclusions, "acme");
  ASSERT_EQ(model.rows.size(), 5u);
  EXPECT_EQ(model.rows[0].id, "greenfield");
  EXPECT_EQ(model.rows[0].mine, 9u);
  EXPECT_EQ(model.rows[1].id, "your_accounts");
  EXPECT_EQ(model.rows[1].mine, 122u);
  EXPECT_EQ(model.rows[2].id, "partner_accounts");
  EXPECT_EQ(model.rows[2].theirs, 126u);
  EXPECT_EQ(model.rows[3].id, "overlap");
  EXPECT_EQ(model.rows[3].theirs, 64u);
  EXPECT_EQ(model.rows[4].id, "exclusions");
  EXPECT_EQ(model.rows[4].mine, 4u);
  const std::string text = RenderCategories(model, OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("| Greenfield       | In both target lists; "
                              "neither has a relationship"));
  EXPECT_THAT(text, HasSubstr("Exclusions by reason (counted on this machine "
                              "from accounts.csv): Legal hold: 3; "
                              "Competitor: 1."));
}

TEST(CategoriesTest, SaysWhyACategoryIsNotCounted) {
  v1::AccountCategories c = Categories();
  c.set_greenfield_counted(false);
  c.add_notes(
      "globex has no target list counted for you, so Greenfield is "
      "not counted");
  const CategoriesModel model = BuildCategoriesModel(
      c, absl::NotFoundError("cannot open accounts.csv"), "acme");
  EXPECT_FALSE(model.rows[0].counted);
  EXPECT_THAT(model.rows[0].reason, HasSubstr("no target list"));
  EXPECT_FALSE(model.rows[4].counted);
  EXPECT_EQ(model.rows[4].reason, "not counted: cannot open accounts.csv");
}

TEST(CategoriesTest, AddedToEveryFormatOfTheReport) {
  const CategoriesModel model =
      BuildCategoriesModel(Categories(), ExclusionCounts(), "acme");
  v1::OverlapReport report;
  report.set_partner("globex");
  report.set_period("2026-11");
  const std::string json = *AddCategoriesToReport(
      RenderOverlapReport(report, "acme", OutputFormat::kJson), model,
      OutputFormat::kJson);
  const nlohmann::json parsed = nlohmann::json::parse(json);
  EXPECT_EQ(parsed["schema"], "blindmap.report.v1");
  EXPECT_EQ(parsed["account_categories"]["categories"][1]["my_records"], 122);
  const std::string csv = *AddCategoriesToReport(
      RenderOverlapReport(report, "acme", OutputFormat::kCsv), model,
      OutputFormat::kCsv);
  // The report's own columns: section, period, partner, ..., overlap_type.
  EXPECT_THAT(csv, HasSubstr("\r\naccount_category,2026-11,globex,,,,"
                             "greenfield,9,9,"));
  const std::string markdown = *AddCategoriesToReport(
      RenderOverlapReport(report, "acme", OutputFormat::kMarkdown), model,
      OutputFormat::kMarkdown);
  EXPECT_THAT(markdown, HasSubstr("## Account Categories"));
  EXPECT_EQ(AddCategoriesToReport("not json", model, OutputFormat::kJson)
                .status()
                .code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace blindmap
