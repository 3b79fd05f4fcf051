#include "client/report/history_render.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/report/report_render.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kMinus[] = "\xE2\x88\x92";  // U+2212

void AddPopulation(
    google::protobuf::RepeatedPtrField<v1::PopulationOverlap>* populations,
    const std::string& name, v1::PopulationKind kind, uint64_t records,
    uint64_t overlapping) {
  v1::PopulationOverlap* p = populations->Add();
  p->set_name(name);
  p->set_kind(kind);
  p->set_records(records);
  p->set_overlapping_records(overlapping);
}

void AddCell(v1::OverlapReport& report, uint32_t row, uint32_t column,
             uint64_t mine, uint64_t theirs) {
  v1::OverlapCell* c = report.add_cells();
  c->set_row(row);
  c->set_column(column);
  c->set_my_records(mine);
  c->set_partner_records(theirs);
}

// acme's view of one period with globex: acme's Customers (200 records) and
// Prospects (`prospects` records) against globex's Customers; the
// Customers x Customers cell holds `customers_cell` of acme's records.
v1::OverlapReport Period(const std::string& period, uint64_t customers_cell,
                         uint64_t prospects, uint64_t prospects_cell) {
  v1::OverlapReport report;
  report.mutable_partnership()->set_id("7f3a9c0e5b2d4f6a8c1e3b5d7f9a0c2e");
  report.mutable_partnership()->set_inviter("acme");
  report.mutable_partnership()->set_invitee("globex");
  report.set_cadence(v1::SYNC_CADENCE_MONTHLY);
  report.set_partner("globex");
  report.set_period(period);
  AddPopulation(report.mutable_my_populations(), "Customers",
                v1::POPULATION_KIND_CUSTOMER, 200, customers_cell);
  AddPopulation(report.mutable_my_populations(), "Prospects",
                v1::POPULATION_KIND_PROSPECT, prospects, prospects_cell);
  AddPopulation(report.mutable_partner_populations(), "Customers",
                v1::POPULATION_KIND_CUSTOMER, 500, 40);
  AddCell(report, 0, 0, customers_cell, customers_cell + 1);
  AddCell(report, 1, 0, prospects_cell, prospects_cell);
  report.mutable_probe_policy()->set_min_population_size(25);
  report.mutable_probe_policy()->set_max_uploads_per_period(4);
  report.mutable_probe_policy()->set_min_changed_records(10);
  return report;
}

// September to November: Customers x Customers goes 10 -> 13 -> 12; acme's
// Prospects population is too small in September (suppressed, no row or
// cell), then appears; November's counts carry noise.
v1::ReportHistory ThreePeriods() {
  v1::ReportHistory history;
  v1::OverlapReport september = Period("2026-09", 10, 0, 0);
  september.mutable_my_populations()->DeleteSubrange(1, 1);
  september.mutable_cells()->DeleteSubrange(1, 1);
  september.add_my_suppressed_populations("Prospects");
  september.add_partner_suppressed_populations("Pilots");
  *history.add_reports() = september;
  *history.add_reports() = Period("2026-10", 13, 400, 100);
  v1::OverlapReport november = Period("2026-11", 12, 400, 100);
  november.set_noisy(true);
  november.mutable_probe_policy()->set_noise_epsilon(0.5);
  november.add_notes("globex has not synced 2026-12 yet.");
  *history.add_reports() = november;
  return history;
}

std::string Render(const v1::ReportHistory& history, OutputFormat format) {
  return RenderReportHistory(history, "acme", format);
}

nlohmann::json ParseJson(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr,
                                           /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j;
}

// The text of one period's section: from its heading to the next period's.
std::string Section(const std::string& text, absl::string_view period,
                    absl::string_view next_period) {
  const size_t start = text.find(absl::StrCat(period, "\n-------"));
  EXPECT_NE(start, std::string::npos) << text;
  const size_t end = next_period.empty()
                         ? text.size()
                         : text.find(absl::StrCat(next_period, "\n-------"));
  return text.substr(start, end - start);
}

TEST(HistoryTextTest, CellChangesAreSignedAgainstThePreviousPeriod) {
  const std::string text = Render(ThreePeriods(), OutputFormat::kText);
  EXPECT_TRUE(absl::StartsWith(text, "Overlap History: acme \xC3\x97 globex\n"))
      << text;
  EXPECT_THAT(text, HasSubstr("3 periods, oldest first (monthly sync)."));
  // 10 in September (first period: no change shown), 13 (+3), then 12 (−1,
  // noisy).
  EXPECT_THAT(Section(text, "2026-09", "2026-10"),
              HasSubstr("| Customers       | Customers          |           "
                        "10 |        |\n"));
  EXPECT_THAT(Section(text, "2026-10", "2026-11"),
              HasSubstr("| Customers       | Customers          |           "
                        "13 |     +3 |\n"));
  EXPECT_THAT(Section(text, "2026-11", ""),
              HasSubstr(absl::StrCat("| Customers       | Customers          "
                                     "|          \xE2\x89\x88",
                                     "12 |     ", kMinus, "1 |\n")));
}

TEST(HistoryTextTest, NewCellsAndUnchangedOnesAreNamed) {
  const std::string text = Render(ThreePeriods(), OutputFormat::kText);
  // Prospects x Customers first appears in October, unchanged in November.
  EXPECT_THAT(Section(text, "2026-10", "2026-11"),
              HasSubstr("| Prospects       | Customers          |          "
                        "100 |    new |\n"));
  EXPECT_THAT(Section(text, "2026-11", ""),
              HasSubstr("| Prospects       | Customers          |         "
                        "\xE2\x89\x88"
                        "100 |     \xC2\xB1"
                        "0 |\n"));
}

TEST(HistoryTextTest, OverlapRatePerPopulationWithPointChange) {
  const std::string text = Render(ThreePeriods(), OutputFormat::kText);
  // Customers: 10/200 = 5.0%, 13/200 = 6.5% (+1.5 pp), 12/200 = 6.0%.
  EXPECT_THAT(Section(text, "2026-09", "2026-10"),
              HasSubstr("| Customers       |     200 |          10 |         "
                        "5.0% |        |             |\n"));
  EXPECT_THAT(Section(text, "2026-10", "2026-11"),
              HasSubstr("| Customers       |     200 |          13 |         "
                        "6.5% |     +3 |     +1.5 pp |\n"));
  EXPECT_THAT(Section(text, "2026-11", ""),
              HasSubstr(absl::StrCat("6.0% |     ", kMinus, "1 |     ", kMinus,
                                     "0.5 pp |\n")));
  EXPECT_THAT(Section(text, "2026-10", "2026-11"),
              HasSubstr("| Prospects       |     400 |         100 |        "
                        "25.0% |    new |         new |\n"));
}

TEST(HistoryTextTest, SuppressedPopulationsNoiseAndNotesPerPeriod) {
  const std::string text = Render(ThreePeriods(), OutputFormat::kText);
  const std::string september = Section(text, "2026-09", "2026-10");
  EXPECT_THAT(september,
              HasSubstr("Yours: Prospects (not counted: fewer than 25 "
                        "records)\n"));
  EXPECT_THAT(september,
              HasSubstr("Partner's: Pilots (not counted: fewer than 25 "
                        "records)\n"));
  EXPECT_THAT(september, Not(HasSubstr("noise")));
  const std::string november = Section(text, "2026-11", "");
  EXPECT_THAT(november, HasSubstr("Counts carry noise (epsilon=0.5)"));
  EXPECT_THAT(november,
              HasSubstr("Note: globex has not synced 2026-12 yet.\n"));
}

TEST(HistoryJsonTest, PeriodsCellsChangesAndStatuses) {
  const nlohmann::json j =
      ParseJson(Render(ThreePeriods(), OutputFormat::kJson));
  EXPECT_EQ(j["schema"], "blindmap.history.v1");
  EXPECT_EQ(j["me"], "acme");
  EXPECT_EQ(j["partner"], "globex");
  EXPECT_EQ(j["partnership"]["cadence"], "monthly");
  ASSERT_EQ(j["periods"].size(), 3u);
  EXPECT_EQ(j["periods"][0]["period"], "2026-09");
  EXPECT_EQ(j["periods"][2]["period"], "2026-11");
  const nlohmann::json& first = j["periods"][0]["cells"][0];
  EXPECT_EQ(first["my_population"], "Customers");
  EXPECT_EQ(first["partner_population"], "Customers");
  EXPECT_EQ(first["my_records"], 10);
  EXPECT_TRUE(first["change"].is_null());
  EXPECT_EQ(first["status"], "first");
  EXPECT_EQ(j["periods"][1]["cells"][0]["my_records"], 13);
  EXPECT_EQ(j["periods"][1]["cells"][0]["change"], 3);
  EXPECT_EQ(j["periods"][1]["cells"][0]["status"], "changed");
  EXPECT_EQ(j["periods"][1]["cells"][1]["status"], "new");
  EXPECT_TRUE(j["periods"][1]["cells"][1]["change"].is_null());
  EXPECT_EQ(j["periods"][2]["cells"][0]["my_records"], 12);
  EXPECT_EQ(j["periods"][2]["cells"][0]["partner_records"], 13);
  EXPECT_EQ(j["periods"][2]["cells"][0]["change"], -1);
  EXPECT_EQ(j["periods"][2]["cells"][1]["change"], 0);
  EXPECT_EQ(j["periods"][2]["cells"][1]["status"], "unchanged");
}

TEST(HistoryJsonTest, RatesSuppressionAndNoisePerPeriod) {
  const nlohmann::json j =
      ParseJson(Render(ThreePeriods(), OutputFormat::kJson));
  const nlohmann::json& customers = j["periods"][1]["my_populations"][0];
  EXPECT_EQ(customers["name"], "Customers");
  EXPECT_EQ(customers["records"], 200);
  EXPECT_EQ(customers["overlapping_records"], 13);
  EXPECT_DOUBLE_EQ(customers["overlap_rate"].get<double>(), 0.065);
  EXPECT_EQ(customers["overlapping_change"], 3);
  EXPECT_NEAR(customers["overlap_rate_change"].get<double>(), 0.015, 1e-12);
  EXPECT_TRUE(
      j["periods"][0]["my_populations"][0]["overlap_rate_change"].is_null());
  EXPECT_EQ(j["periods"][0]["suppressed_populations"]["mine"],
            nlohmann::json::array({"Prospects"}));
  EXPECT_EQ(j["periods"][0]["suppressed_populations"]["partner"],
            nlohmann::json::array({"Pilots"}));
  EXPECT_FALSE(j["periods"][0]["noisy"].get<bool>());
  EXPECT_TRUE(j["periods"][2]["noisy"].get<bool>());
  EXPECT_DOUBLE_EQ(
      j["periods"][2]["probe_policy"]["noise_epsilon"].get<double>(), 0.5);
  EXPECT_EQ(j["periods"][0]["probe_policy"]["min_population_size"], 25);
  EXPECT_EQ(j["periods"][2]["notes"][0], "globex has not synced 2026-12 yet.");
}

TEST(HistoryCsvTest, OneRowPerCellAndPopulationWithPlainChanges) {
  const std::string csv = Render(ThreePeriods(), OutputFormat::kCsv);
  const std::vector<std::string> lines = absl::StrSplit(csv, "\r\n");
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "section,period,my_population,partner_population,my_records,"
            "partner_records,records,overlapping_records,overlap_rate,change,"
            "overlap_rate_change,status,noisy,note");
  EXPECT_THAT(csv, HasSubstr("cell,2026-09,Customers,Customers,10,11,,,,,,"
                             "first,false,\r\n"));
  EXPECT_THAT(csv, HasSubstr("cell,2026-10,Customers,Customers,13,14,,,,3,,"
                             "changed,false,\r\n"));
  EXPECT_THAT(csv, HasSubstr("cell,2026-11,Customers,Customers,12,13,,,,-1,,"
                             "changed,true,\r\n"));
  EXPECT_THAT(csv, HasSubstr("cell,2026-10,Prospects,Customers,100,100,,,,new,"
                             ",new,false,\r\n"));
  EXPECT_THAT(csv, HasSubstr("my_population,2026-10,Customers,,,,200,13,"
                             "0.0650,3,0.0150,changed,false,\r\n"));
  EXPECT_THAT(csv, HasSubstr("my_suppressed,2026-09,Prospects,,,,,,,,,,false,"
                             "not counted: fewer than 25 records\r\n"));
}

TEST(HistoryMarkdownTest, PeriodHeadingsAndSignedChanges) {
  const std::string md = Render(ThreePeriods(), OutputFormat::kMarkdown);
  EXPECT_TRUE(
      absl::StartsWith(md, "# Overlap History: acme \xC3\x97 globex\n"));
  for (const char* heading :
       {"\n## 2026-09\n", "\n## 2026-10\n", "\n## 2026-11\n"}) {
    EXPECT_THAT(md, HasSubstr(heading));
  }
  EXPECT_THAT(md, HasSubstr("| Customers | Customers | 13 | +3 |\n"));
  EXPECT_THAT(md,
              HasSubstr(absl::StrCat("| Customers | Customers | \xE2\x89\x88",
                                     "12 | ", kMinus, "1 |\n")));
  EXPECT_THAT(md, HasSubstr("- Yours: Prospects (not counted: fewer than 25 "
                            "records)\n"));
}

TEST(HistoryEdgeCaseTest, EmptyHistorySaysSoInEveryFormat) {
  const v1::ReportHistory empty;
  EXPECT_THAT(Render(empty, OutputFormat::kText),
              HasSubstr("No sync periods yet"));
  const nlohmann::json j = ParseJson(Render(empty, OutputFormat::kJson));
  EXPECT_TRUE(j["periods"].empty());
  EXPECT_EQ(j["partner"], "partner");
  const std::vector<std::string> lines =
      absl::StrSplit(Render(empty, OutputFormat::kCsv), "\r\n");
  EXPECT_EQ(lines.size(), 2u);  // the header and the empty rest
}

TEST(HistoryEdgeCaseTest, CellsAreMatchedByNameNotByIndex) {
  // November lists acme's populations in the other order: the cells still
  // compare with October's cells of the same names.
  v1::ReportHistory history;
  *history.add_reports() = Period("2026-10", 13, 400, 100);
  v1::OverlapReport november;
  november.set_partner("globex");
  november.set_period("2026-11");
  AddPopulation(november.mutable_my_populations(), "Prospects",
                v1::POPULATION_KIND_PROSPECT, 400, 105);
  AddPopulation(november.mutable_my_populations(), "Customers",
                v1::POPULATION_KIND_CUSTOMER, 200, 13);
  AddPopulation(november.mutable_partner_populations(), "Customers",
                v1::POPULATION_KIND_CUSTOMER, 500, 40);
  AddCell(november, 0, 0, 105, 105);
  AddCell(november, 1, 0, 13, 14);
  *history.add_reports() = november;
  const nlohmann::json j = ParseJson(Render(history, OutputFormat::kJson));
  const nlohmann::json& cells = j["periods"][1]["cells"];
  EXPECT_EQ(cells[0]["my_population"], "Prospects");
  EXPECT_EQ(cells[0]["change"], 5);
  EXPECT_EQ(cells[1]["my_population"], "Customers");
  EXPECT_EQ(cells[1]["change"], 0);
}

}  // namespace
}  // namespace blindmap
