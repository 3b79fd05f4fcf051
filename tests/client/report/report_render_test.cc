#include "client/report/report_render.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/report/overlap_types.h"
#include "client/report/probe_policy_text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The name of globex's third population: a comma and quotes, as CRM labels
// sometimes have.
constexpr char kTierOne[] = "Partners, \"Tier 1\"";

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

// acme's view of its November mapping with globex.
//   acme:   Customers 1,200 (590 overlap), Prospects 8,000 (1,288),
//           Churned 0 (kind unspecified); 9,150 records, 1,860 overlapping.
//   globex: Customers 950 (612), Prospects 2,450 (1,386), Partners, "Tier 1"
//           12 (4, kind other); 3,300 records, 1,950 overlapping.
v1::OverlapReport AcmeGlobexReport() {
  v1::OverlapReport report;
  report.mutable_partnership()->set_id("7f3a9c0e5b2d4f6a8c1e3b5d7f9a0c2e");
  report.mutable_partnership()->set_inviter("acme");
  report.mutable_partnership()->set_invitee("globex");
  report.mutable_partnership()->set_state(v1::PARTNERSHIP_STATE_ACTIVE);
  report.mutable_partnership()->set_cadence(v1::SYNC_CADENCE_MONTHLY);
  report.set_partner("globex");
  report.set_period("2026-11");
  report.mutable_mine()->set_period("2026-11");
  report.mutable_mine()->set_uploaded_at_unix(1793714709);  // 11-03 14:05:09
  report.mutable_mine()->set_records(9150);
  report.mutable_theirs()->set_period("2026-11");
  report.mutable_theirs()->set_uploaded_at_unix(1793783520);  // 11-04 09:12
  report.mutable_theirs()->set_records(3300);
  AddPopulation(report.mutable_my_populations(), "Customers",
                v1::POPULATION_KIND_CUSTOMER, 1200, 590);
  AddPopulation(report.mutable_my_populations(), "Prospects",
                v1::POPULATION_KIND_PROSPECT, 8000, 1288);
  AddPopulation(report.mutable_my_populations(), "Churned",
                v1::POPULATION_KIND_UNSPECIFIED, 0, 0);
  AddPopulation(report.mutable_partner_populations(), "Customers",
                v1::POPULATION_KIND_CUSTOMER, 950, 612);
  AddPopulation(report.mutable_partner_populations(), "Prospects",
                v1::POPULATION_KIND_PROSPECT, 2450, 1386);
  AddPopulation(report.mutable_partner_populations(), kTierOne,
                v1::POPULATION_KIND_OTHER, 12, 4);
  AddCell(report, 0, 0, 300, 287);    // customer / customer
  AddCell(report, 0, 1, 250, 268);    // customer / prospect
  AddCell(report, 0, 2, 40, 4);       // no type
  AddCell(report, 1, 0, 180, 325);    // prospect / customer
  AddCell(report, 1, 1, 1120, 1118);  // prospect / prospect
  AddCell(report, 1, 2, 0, 0);
  AddCell(report, 2, 0, 0, 0);
  AddCell(report, 2, 1, 0, 0);
  AddCell(report, 2, 2, 0, 0);
  report.set_my_overlapping_records(1860);
  report.set_partner_overlapping_records(1950);
  report.set_match_policy(v1::MATCH_POLICY_STANDARD);
  report.add_notes("globex has not synced 2026-12 yet; showing 2026-11.");
  return report;
}

std::string Render(const v1::OverlapReport& report, OutputFormat format) {
  return RenderOverlapReport(report, "acme", format);
}

// --- helpers -------------------------------------------------------------

// An independent RFC 4180 reader for the tests: records end in CRLF, quoted
// fields may hold commas, CRLF and "" for a quote. Fails the test on bad
// input.
std::vector<std::vector<std::string>> ParseCsv(absl::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      while (true) {
        if (i >= text.size()) {
          ADD_FAILURE() << "unterminated quoted field";
          return rows;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(text[i++]);
      }
    }
    while (i < text.size() && text[i] != ',' && text[i] != '\r' &&
           text[i] != '\n') {
      if (text[i] == '"') ADD_FAILURE() << "bare quote at byte " << i;
      field.push_back(text[i++]);
    }
    if (i >= text.size()) {
      ADD_FAILURE() << "last record has no CRLF";
      break;
    }
    if (text[i] == ',') {
      row.push_back(std::move(field));
      field.clear();
      ++i;
      continue;
    }
    if (text[i] != '\r' || i + 1 >= text.size() || text[i + 1] != '\n') {
      ADD_FAILURE() << "record not ended by CRLF at byte " << i;
      return rows;
    }
    row.push_back(std::move(field));
    field.clear();
    rows.push_back(std::move(row));
    row.clear();
    i += 2;
  }
  return rows;
}

const std::vector<std::string> kCsvHeader = {"section",
                                             "period",
                                             "partner",
                                             "my_population",
                                             "partner_population",
                                             "kind",
                                             "overlap_type",
                                             "my_records",
                                             "partner_records",
                                             "records",
                                             "overlapping_records",
                                             "only_records",
                                             "overlap_rate",
                                             "score",
                                             "action",
                                             "uploaded_at",
                                             "match_policy",
                                             "note"};

// Looks a CSV row up by section and the two population columns.
std::optional<std::vector<std::string>> FindCsvRow(
    const std::vector<std::vector<std::string>>& rows,
    absl::string_view section, absl::string_view mine,
    absl::string_view theirs) {
  for (const auto& row : rows) {
    if (row.size() == kCsvHeader.size() && row[0] == section &&
        row[3] == mine && row[4] == theirs) {
      return row;
    }
  }
  return std::nullopt;
}

std::vector<std::string> Lines(absl::string_view text) {
  return absl::StrSplit(text, '\n');
}

size_t CodePoints(absl::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Every run of consecutive table lines ('+' or '|' first) has one width.
void ExpectTablesRectangular(absl::string_view text) {
  std::optional<size_t> width;
  for (const std::string& line : Lines(text)) {
    if (line.empty() || (line[0] != '+' && line[0] != '|')) {
      width.reset();
      continue;
    }
    if (!width.has_value()) width = CodePoints(line);
    EXPECT_EQ(CodePoints(line), *width) << line;
  }
}

nlohmann::json ParseJson(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr,
                                           /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j;
}

// --- overlap types ---------------------------------------------------------

TEST(OverlapTypesTest, ClassifiesTheFourCustomerProspectPairs) {
  EXPECT_EQ(ClassifyOverlap(v1::POPULATION_KIND_PROSPECT,
                            v1::POPULATION_KIND_CUSTOMER),
            OverlapType::kProspectCustomer);
  EXPECT_EQ(ClassifyOverlap(v1::POPULATION_KIND_CUSTOMER,
                            v1::POPULATION_KIND_PROSPECT),
            OverlapType::kCustomerProspect);
  EXPECT_EQ(ClassifyOverlap(v1::POPULATION_KIND_PROSPECT,
                            v1::POPULATION_KIND_PROSPECT),
            OverlapType::kProspectProspect);
  EXPECT_EQ(ClassifyOverlap(v1::POPULATION_KIND_CUSTOMER,
                            v1::POPULATION_KIND_CUSTOMER),
            OverlapType::kCustomerCustomer);
}

TEST(OverlapTypesTest, NoTypeWhenEitherSideIsOtherOrUnspecified) {
  const v1::PopulationKind kinds[] = {
      v1::POPULATION_KIND_UNSPECIFIED, v1::POPULATION_KIND_CUSTOMER,
      v1::POPULATION_KIND_PROSPECT, v1::POPULATION_KIND_OTHER,
      static_cast<v1::PopulationKind>(42)};
  for (v1::PopulationKind a : kinds) {
    for (v1::PopulationKind b : kinds) {
      const bool typed = (a == v1::POPULATION_KIND_CUSTOMER ||
                          a == v1::POPULATION_KIND_PROSPECT) &&
                         (b == v1::POPULATION_KIND_CUSTOMER ||
                          b == v1::POPULATION_KIND_PROSPECT);
      EXPECT_EQ(ClassifyOverlap(a, b).has_value(), typed) << a << " " << b;
    }
  }
}

// A shared account's type is the most valuable its two sets of populations
// give; bits past the population lists (and past 64) are ignored.
TEST(OverlapTypesTest, ASharedAccountTakesTheMostValuableTypeOfItsPopulations) {
  v1::SharedAccounts shared;
  shared.add_my_populations()->set_kind(v1::POPULATION_KIND_CUSTOMER);
  shared.add_my_populations()->set_kind(v1::POPULATION_KIND_PROSPECT);
  shared.add_partner_populations()->set_kind(v1::POPULATION_KIND_CUSTOMER);
  shared.add_partner_populations()->set_kind(v1::POPULATION_KIND_OTHER);
  v1::SharedAccount account;
  account.set_my_population_bits(0b11);
  account.set_partner_population_bits(0b01);
  EXPECT_EQ(SharedAccountOverlapType(shared, account),
            OverlapType::kProspectCustomer);
  account.set_my_population_bits(0b01);
  EXPECT_EQ(SharedAccountOverlapType(shared, account),
            OverlapType::kCustomerCustomer);
  account.set_partner_population_bits(0b10);  // the partner's "other"
  EXPECT_FALSE(SharedAccountOverlapType(shared, account).has_value());
  account.set_partner_population_bits(uint64_t{1} << 63 | 0b100);
  EXPECT_FALSE(SharedAccountOverlapType(shared, account).has_value());
}

TEST(OverlapTypesTest, InfoGivesStableIdsLabelsAndActions) {
  const OverlapTypeInfo& pc = InfoFor(OverlapType::kProspectCustomer);
  EXPECT_EQ(pc.type, OverlapType::kProspectCustomer);
  EXPECT_STREQ(pc.id, "prospect_customer");
  EXPECT_STREQ(pc.label, "Prospect / Customer");
  EXPECT_STREQ(pc.action, "Ask the partner for a warm introduction");
  const OverlapTypeInfo& cp = InfoFor(OverlapType::kCustomerProspect);
  EXPECT_STREQ(cp.id, "customer_prospect");
  EXPECT_STREQ(cp.label, "Customer / Prospect");
  EXPECT_STREQ(cp.action, "Introduce the partner to your customer");
  const OverlapTypeInfo& pp = InfoFor(OverlapType::kProspectProspect);
  EXPECT_STREQ(pp.id, "prospect_prospect");
  EXPECT_STREQ(pp.label, "Prospect / Prospect");
  EXPECT_STREQ(pp.action, "Coordinate (or compete): agree who leads");
  const OverlapTypeInfo& cc = InfoFor(OverlapType::kCustomerCustomer);
  EXPECT_STREQ(cc.id, "customer_customer");
  EXPECT_STREQ(cc.label, "Customer / Customer");
  EXPECT_STREQ(cc.action, "Expand: integrate, cross-sell, joint success plan");
}

TEST(OverlapTypesTest, ScoreIsHighAboveSixtyMediumFromThirtyLowBelow) {
  EXPECT_STREQ(OverlapScore(1.0), "High");
  EXPECT_STREQ(OverlapScore(0.6001), "High");
  EXPECT_STREQ(OverlapScore(60.0 / 100.0), "Medium");  // 60% is not above
  EXPECT_STREQ(OverlapScore(0.45), "Medium");
  EXPECT_STREQ(OverlapScore(30.0 / 100.0), "Medium");
  EXPECT_STREQ(OverlapScore(0.2999), "Low");
  EXPECT_STREQ(OverlapScore(0.0), "Low");
  EXPECT_STREQ(OverlapScore(std::nan("")), "Low");
}

// --- output format names -----------------------------------------------------

TEST(ParseOutputFormatTest, AcceptsTheFourNamesAndMd) {
  EXPECT_EQ(*ParseOutputFormat("text"), OutputFormat::kText);
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(*ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_EQ(*ParseOutputFormat("markdown"), OutputFormat::kMarkdown);
  EXPECT_EQ(*ParseOutputFormat("md"), OutputFormat::kMarkdown);
  EXPECT_EQ(*ParseOutputFormat("JSON"), OutputFormat::kJson);
}

TEST(ParseOutputFormatTest, RejectsUnknownNamingTheAcceptedValues) {
  const absl::StatusOr<OutputFormat> f = ParseOutputFormat("html");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(f.status().message()),
              HasSubstr("text, json, csv, markdown"));
  EXPECT_THAT(std::string(f.status().message()), HasSubstr("\"html\""));
  EXPECT_FALSE(ParseOutputFormat("").ok());
}

// --- JSON --------------------------------------------------------------------

TEST(JsonReportTest, HeaderAndSnapshotTotals) {
  const nlohmann::json j =
      ParseJson(Render(AcmeGlobexReport(), OutputFormat::kJson));
  EXPECT_EQ(j["schema"], "blindmap.report.v1");
  EXPECT_EQ(j["me"], "acme");
  EXPECT_EQ(j["partner"], "globex");
  EXPECT_EQ(j["period"], "2026-11");
  EXPECT_EQ(j["match_policy"], "standard");
  EXPECT_EQ(j["partnership"]["id"], "7f3a9c0e5b2d4f6a8c1e3b5d7f9a0c2e");
  EXPECT_EQ(j["partnership"]["state"], "active");
  EXPECT_EQ(j["partnership"]["cadence"], "monthly");
  const nlohmann::json& mine = j["my_snapshot"];
  EXPECT_EQ(mine["party"], "acme");
  EXPECT_EQ(mine["uploaded_at"], "2026-11-03T14:05:09Z");
  EXPECT_EQ(mine["uploaded_at_unix"], 1793714709);
  EXPECT_EQ(mine["records"], 9150);
  EXPECT_EQ(mine["overlapping_records"], 1860);
  EXPECT_EQ(mine["only_records"], 7290);
  EXPECT_DOUBLE_EQ(mine["overlap_rate"].get<double>(), 1860.0 / 9150.0);
  EXPECT_EQ(mine["overlap_score"], "Low");
  const nlohmann::json& theirs = j["partner_snapshot"];
  EXPECT_EQ(theirs["party"], "globex");
  EXPECT_EQ(theirs["uploaded_at"], "2026-11-04T09:12:00Z");
  EXPECT_EQ(theirs["records"], 3300);
  EXPECT_EQ(theirs["only_records"], 1350);
  EXPECT_DOUBLE_EQ(theirs["overlap_rate"].get<double>(), 1950.0 / 3300.0);
  EXPECT_EQ(theirs["overlap_score"], "Medium");
  EXPECT_THAT(
      j["notes"].get<std::vector<std::string>>(),
      ElementsAre("globex has not synced 2026-12 yet; showing 2026-11."));
}

TEST(JsonReportTest, PopulationsHaveRatesScoresAndOnlyCounts) {
  const nlohmann::json j =
      ParseJson(Render(AcmeGlobexReport(), OutputFormat::kJson));
  ASSERT_EQ(j["my_populations"].size(), 3u);
  const nlohmann::json& customers = j["my_populations"][0];
  EXPECT_EQ(customers["name"], "Customers");
  EXPECT_EQ(customers["kind"], "customer");
  EXPECT_EQ(customers["records"], 1200);
  EXPECT_EQ(customers["overlapping_records"], 590);
  EXPECT_EQ(customers["only_records"], 610);
  EXPECT_DOUBLE_EQ(customers["overlap_rate"].get<double>(), 590.0 / 1200.0);
  EXPECT_EQ(customers["overlap_score"], "Medium");
  EXPECT_EQ(j["my_populations"][1]["only_records"], 6712);
  EXPECT_EQ(j["my_populations"][1]["overlap_score"], "Low");
  ASSERT_EQ(j["partner_populations"].size(), 3u);
  const nlohmann::json& their_customers = j["partner_populations"][0];
  EXPECT_EQ(their_customers["only_records"], 338);
  EXPECT_DOUBLE_EQ(their_customers["overlap_rate"].get<double>(),
                   612.0 / 950.0);
  EXPECT_EQ(their_customers["overlap_score"], "High");
  EXPECT_EQ(j["partner_populations"][1]["overlap_score"], "Medium");
  EXPECT_EQ(j["partner_populations"][2]["name"], kTierOne);
  EXPECT_EQ(j["partner_populations"][2]["kind"], "other");
}

TEST(JsonReportTest, ZeroSizePopulationHasRateZeroNotNaN) {
  const std::string text = Render(AcmeGlobexReport(), OutputFormat::kJson);
  const nlohmann::json j = ParseJson(text);
  const nlohmann::json& churned = j["my_populations"][2];
  EXPECT_EQ(churned["name"], "Churned");
  EXPECT_EQ(churned["kind"], "unspecified");
  EXPECT_EQ(churned["records"], 0);
  ASSERT_TRUE(churned["overlap_rate"].is_number());
  EXPECT_EQ(churned["overlap_rate"].get<double>(), 0.0);
  EXPECT_EQ(churned["overlap_score"], "Low");
}

TEST(JsonReportTest, MatrixHasCellsWithTypesAndGrids) {
  const nlohmann::json j =
      ParseJson(Render(AcmeGlobexReport(), OutputFormat::kJson));
  const nlohmann::json& matrix = j["matrix"];
  EXPECT_THAT(matrix["rows"].get<std::vector<std::string>>(),
              ElementsAre("Customers", "Prospects", "Churned"));
  EXPECT_THAT(matrix["columns"].get<std::vector<std::string>>(),
              ElementsAre("Customers", "Prospects", kTierOne));
  EXPECT_EQ(matrix["my_records"][1][0], 180);
  EXPECT_EQ(matrix["partner_records"][1][0], 325);
  EXPECT_EQ(matrix["my_records"][1][1], 1120);
  ASSERT_EQ(matrix["cells"].size(), 9u);
  const nlohmann::json& warm = matrix["cells"][3];
  EXPECT_EQ(warm["row"], 1);
  EXPECT_EQ(warm["column"], 0);
  EXPECT_EQ(warm["my_population"], "Prospects");
  EXPECT_EQ(warm["partner_population"], "Customers");
  EXPECT_EQ(warm["my_records"], 180);
  EXPECT_EQ(warm["partner_records"], 325);
  EXPECT_EQ(warm["overlap_type"], "prospect_customer");
  const nlohmann::json& untyped = matrix["cells"][2];
  EXPECT_EQ(untyped["partner_population"], kTierOne);
  EXPECT_EQ(untyped["my_records"], 40);
  EXPECT_EQ(untyped["partner_records"], 4);
  EXPECT_TRUE(untyped["overlap_type"].is_null());
  EXPECT_TRUE(matrix["cells"][6]["overlap_type"].is_null());  // Churned row
}

TEST(JsonReportTest, FourOverlapTypesInSeedOrderWithActions) {
  const nlohmann::json j =
      ParseJson(Render(AcmeGlobexReport(), OutputFormat::kJson));
  const nlohmann::json& types = j["overlap_types"];
  ASSERT_EQ(types.size(), 4u);
  EXPECT_EQ(types[0]["id"], "prospect_customer");
  EXPECT_EQ(types[0]["label"], "Prospect / Customer");
  EXPECT_EQ(types[0]["my_status"], "prospect");
  EXPECT_EQ(types[0]["partner_status"], "customer");
  EXPECT_EQ(types[0]["action"], "Ask the partner for a warm introduction");
  EXPECT_EQ(types[0]["my_records"], 180);
  EXPECT_EQ(types[0]["partner_records"], 325);
  ASSERT_EQ(types[0]["cells"].size(), 1u);
  EXPECT_EQ(types[0]["cells"][0]["my_population"], "Prospects");
  EXPECT_EQ(types[0]["cells"][0]["partner_population"], "Customers");
  EXPECT_EQ(types[1]["id"], "customer_prospect");
  EXPECT_EQ(types[1]["my_records"], 250);
  EXPECT_EQ(types[1]["partner_records"], 268);
  EXPECT_EQ(types[2]["id"], "prospect_prospect");
  EXPECT_EQ(types[2]["my_records"], 1120);
  EXPECT_EQ(types[2]["partner_records"], 1118);
  EXPECT_EQ(types[3]["id"], "customer_customer");
  EXPECT_EQ(types[3]["action"],
            "Expand: integrate, cross-sell, joint success plan");
  EXPECT_EQ(types[3]["my_records"], 300);
  EXPECT_EQ(types[3]["partner_records"], 287);
}

TEST(JsonReportTest, InvalidUtf8InALabelStillGivesValidJson) {
  v1::OverlapReport report = AcmeGlobexReport();
  report.mutable_my_populations(0)->set_name("Kunden \xFF");
  const nlohmann::json j = ParseJson(Render(report, OutputFormat::kJson));
  EXPECT_EQ(j["my_populations"][0]["name"], "Kunden \xEF\xBF\xBD");
}

// --- CSV ---------------------------------------------------------------------

TEST(CsvReportTest, OneTableWithTheDocumentedHeader) {
  const std::string csv = Render(AcmeGlobexReport(), OutputFormat::kCsv);
  const auto rows = ParseCsv(csv);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], kCsvHeader);
  // 2 totals + 3 + 3 populations + 9 cells + 4 types + 1 note.
  EXPECT_EQ(rows.size(), 1u + 2 + 6 + 9 + 4 + 1);
  for (const auto& row : rows) EXPECT_EQ(row.size(), kCsvHeader.size());
}

TEST(CsvReportTest, MatrixRowForProspectsByCustomers) {
  const auto rows = ParseCsv(Render(AcmeGlobexReport(), OutputFormat::kCsv));
  const auto row = FindCsvRow(rows, "matrix", "Prospects", "Customers");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(*row, (std::vector<std::string>{
                      "matrix", "2026-11", "globex", "Prospects", "Customers",
                      "", "prospect_customer", "180", "325", "", "", "", "", "",
                      "", "", "", ""}));
  const auto untyped = FindCsvRow(rows, "matrix", "Customers", kTierOne);
  ASSERT_TRUE(untyped.has_value());
  EXPECT_EQ((*untyped)[6], "");
  EXPECT_EQ((*untyped)[7], "40");
  EXPECT_EQ((*untyped)[8], "4");
}

TEST(CsvReportTest, PopulationAndTotalRowsCarryRatesScoresAndOnly) {
  const auto rows = ParseCsv(Render(AcmeGlobexReport(), OutputFormat::kCsv));
  const auto customers = FindCsvRow(rows, "my_population", "Customers", "");
  ASSERT_TRUE(customers.has_value());
  EXPECT_EQ(*customers, (std::vector<std::string>{
                            "my_population", "2026-11", "globex", "Customers",
                            "", "customer", "", "", "", "1200", "590", "610",
                            "0.4917", "Medium", "", "", "", ""}));
  const auto churned = FindCsvRow(rows, "my_population", "Churned", "");
  ASSERT_TRUE(churned.has_value());
  EXPECT_EQ((*churned)[9], "0");
  EXPECT_EQ((*churned)[12], "0.0000");
  EXPECT_EQ((*churned)[13], "Low");
  const auto their_customers =
      FindCsvRow(rows, "partner_population", "", "Customers");
  ASSERT_TRUE(their_customers.has_value());
  EXPECT_EQ((*their_customers)[11], "338");
  EXPECT_EQ((*their_customers)[12], "0.6442");
  EXPECT_EQ((*their_customers)[13], "High");
  const auto my_total = FindCsvRow(rows, "my_total", "", "");
  ASSERT_TRUE(my_total.has_value());
  EXPECT_EQ((*my_total)[9], "9150");
  EXPECT_EQ((*my_total)[10], "1860");
  EXPECT_EQ((*my_total)[11], "7290");
  EXPECT_EQ((*my_total)[12], "0.2033");
  EXPECT_EQ((*my_total)[15], "2026-11-03T14:05:09Z");
  EXPECT_EQ((*my_total)[16], "standard");
  const auto partner_total = FindCsvRow(rows, "partner_total", "", "");
  ASSERT_TRUE(partner_total.has_value());
  EXPECT_EQ((*partner_total)[11], "1350");
  EXPECT_EQ((*partner_total)[13], "Medium");
}

TEST(CsvReportTest, QuotesANameWithACommaAndQuotes) {
  const std::string csv = Render(AcmeGlobexReport(), OutputFormat::kCsv);
  EXPECT_THAT(csv, HasSubstr(",\"Partners, \"\"Tier 1\"\"\",other,"));
  const auto rows = ParseCsv(csv);
  const auto tier = FindCsvRow(rows, "partner_population", "", kTierOne);
  ASSERT_TRUE(tier.has_value());
  EXPECT_EQ((*tier)[9], "12");
  EXPECT_EQ((*tier)[12], "0.3333");
}

TEST(CsvReportTest, OverlapTypeRowsCarryCountsAndActions) {
  const auto rows = ParseCsv(Render(AcmeGlobexReport(), OutputFormat::kCsv));
  std::vector<std::vector<std::string>> types;
  for (const auto& row : rows) {
    if (row[0] == "overlap_type") types.push_back(row);
  }
  ASSERT_EQ(types.size(), 4u);
  EXPECT_EQ(types[0][6], "prospect_customer");
  EXPECT_EQ(types[0][7], "180");
  EXPECT_EQ(types[0][8], "325");
  EXPECT_EQ(types[0][14], "Ask the partner for a warm introduction");
  EXPECT_EQ(types[1][14], "Introduce the partner to your customer");
  EXPECT_EQ(types[2][14], "Coordinate (or compete): agree who leads");
  EXPECT_EQ(types[3][6], "customer_customer");
  EXPECT_EQ(types[3][14], "Expand: integrate, cross-sell, joint success plan");
  const auto note = FindCsvRow(rows, "note", "", "");
  ASSERT_TRUE(note.has_value());
  EXPECT_EQ((*note)[17], "globex has not synced 2026-12 yet; showing 2026-11.");
}

TEST(CsvReportTest, FormulaLikeLabelsCannotRunInASpreadsheet) {
  v1::OverlapReport report = AcmeGlobexReport();
  report.mutable_partner_populations(1)->set_name("=HYPERLINK(\"x\")");
  report.mutable_my_populations(1)->set_name("@SUM(A1)");
  const auto rows = ParseCsv(Render(report, OutputFormat::kCsv));
  EXPECT_TRUE(FindCsvRow(rows, "partner_population", "", "'=HYPERLINK(\"x\")")
                  .has_value());
  EXPECT_TRUE(FindCsvRow(rows, "my_population", "'@SUM(A1)", "").has_value());
}

// --- text
// ----------------------------------------------------------------------

TEST(TextReportTest, HeaderNamesPartiesPeriodUploadsAndMatchPolicy) {
  const std::string text = Render(AcmeGlobexReport(), OutputFormat::kText);
  EXPECT_TRUE(absl::StartsWith(text,
                               "Account Mapping: acme \xC3\x97 globex\n"
                               "==============================\n"));
  EXPECT_THAT(text, HasSubstr("  Period            2026-11\n"));
  EXPECT_THAT(text,
              HasSubstr("  Your snapshot     acme: 9,150 records, uploaded "
                        "2026-11-03 14:05 UTC\n"));
  EXPECT_THAT(text,
              HasSubstr("  Partner snapshot  globex: 3,300 records, uploaded "
                        "2026-11-04 09:12 UTC\n"));
  EXPECT_THAT(text, HasSubstr("  Match policy      standard: records match on "
                              "a shared registration id or website domain"));
  EXPECT_THAT(text, HasSubstr("  Overall overlap   acme: 1,860 of 9,150 "
                              "records (20.3%, Low); globex: 1,950 of 3,300 "
                              "records (59.1%, Medium)\n"));
}

TEST(TextReportTest, MatrixCellsShowMineOverTheirsAligned) {
  const std::string text = Render(AcmeGlobexReport(), OutputFormat::kText);
  EXPECT_THAT(text,
              HasSubstr("| acme \\ globex     | Customers (950) | Prospects "
                        "(2,450) | Partners, \"Tier 1\" (12) |\n"));
  EXPECT_THAT(text,
              HasSubstr("| Customers (1,200) |       300 / 287 |       250 /  "
                        " 268 |                  40 / 4 |\n"));
  EXPECT_THAT(text,
              HasSubstr("| Prospects (8,000) |       180 / 325 |     1,120 / "
                        "1,118 |                   0 / 0 |\n"));
  EXPECT_THAT(text, HasSubstr("| Churned (0)       |         0 /   0 |"));
  EXPECT_THAT(text,
              HasSubstr("mine counts your records, theirs the partner's; they "
                        "differ when one account matches several on the other "
                        "side (duplicates in a CRM)"));
  ExpectTablesRectangular(text);
}

TEST(TextReportTest, PopulationTablesGiveRateScoreAndOnlyCounts) {
  const std::string text = Render(AcmeGlobexReport(), OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("| Population   | Kind        | Records | "
                              "Overlapping | Overlap rate | Score  | Your "
                              "accounts only |\n"));
  EXPECT_THAT(text, HasSubstr("| Customers    | customer    |   1,200 |      "
                              "   590 |        49.2% | Medium |            "
                              "    610 |\n"));
  EXPECT_THAT(text, HasSubstr("| Prospects    | prospect    |   8,000 |      "
                              " 1,288 |        16.1% | Low    |            "
                              "  6,712 |\n"));
  EXPECT_THAT(text, HasSubstr("| Churned      | unspecified |       0 |      "
                              "     0 |         0.0% | Low    |            "
                              "      0 |\n"));
  EXPECT_THAT(text, HasSubstr("| All accounts |             |   9,150 |      "
                              " 1,860 |        20.3% | Low    |            "
                              "  7,290 |\n"));
  EXPECT_THAT(text, HasSubstr("Partner accounts only |\n"));
  EXPECT_THAT(text, HasSubstr("| Customers          | customer |     950 |    "
                              "     612 |        64.4% | High   |"));
  EXPECT_THAT(text, HasSubstr("| Partners, \"Tier 1\" | other    |      12 |"
                              "           4 |        33.3% | Medium |"));
  EXPECT_THAT(text, Not(HasSubstr("nan")));
  EXPECT_THAT(text, Not(HasSubstr("inf")));
}

TEST(TextReportTest, FourTypesListCellsCountsAndActions) {
  const std::string text = Render(AcmeGlobexReport(), OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("The Four Types of Overlap\n"
                              "-------------------------\n"));
  EXPECT_THAT(text,
              HasSubstr("| Prospect / Customer |   180 |    325 | Ask the "
                        "partner for a warm introduction           | "
                        "Prospects \xC3\x97 Customers |\n"));
  EXPECT_THAT(text,
              HasSubstr("| Customer / Customer |   300 |    287 | Expand: "
                        "integrate, cross-sell, joint success plan | "
                        "Customers \xC3\x97 Customers |\n"));
  EXPECT_THAT(text, HasSubstr("Introduce the partner to your customer"));
  EXPECT_THAT(text, HasSubstr("Coordinate (or compete): agree who leads"));
}

TEST(TextReportTest, NotesListedOrNone) {
  EXPECT_THAT(Render(AcmeGlobexReport(), OutputFormat::kText),
              HasSubstr("Notes\n-----\n- globex has not synced 2026-12 yet; "
                        "showing 2026-11.\n"));
  v1::OverlapReport report = AcmeGlobexReport();
  report.clear_notes();
  EXPECT_TRUE(absl::EndsWith(Render(report, OutputFormat::kText),
                             "Notes\n-----\n(none)\n"));
}

TEST(TextReportTest, Utf8NamesKeepTablesAligned) {
  v1::OverlapReport report = AcmeGlobexReport();
  report.mutable_my_populations(0)->set_name("Bestandskunden M\xC3\xBCnchen");
  report.mutable_partner_populations(0)->set_name(
      "\xCE\x9A\xCE\xBB\xCE\xB9"
      "\xCE\xB5\xCE\xBD\xCF\x84"
      "\xCE\xB5\xCF\x82");
  const std::string text = Render(report, OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("| Bestandskunden M\xC3\xBCnchen (1,200) |"));
  ExpectTablesRectangular(text);
}

TEST(TextReportTest, VeryLongNamesAreCutButJsonKeepsThemWhole) {
  v1::OverlapReport report = AcmeGlobexReport();
  const std::string long_name =
      "Enterprise accounts in the Americas with an open renewal next quarter";
  report.mutable_my_populations(0)->set_name(long_name);
  report.mutable_partner_populations(1)->set_name("Line\nbreak\tand tab");
  const std::string text = Render(report, OutputFormat::kText);
  // 37 code points and "...": 40 wide.
  EXPECT_THAT(
      text, HasSubstr("| Enterprise accounts in the Americas w... (1,200) |"));
  EXPECT_THAT(text, Not(HasSubstr(long_name)));
  EXPECT_THAT(text, HasSubstr("Line break and tab (2,450)"));
  ExpectTablesRectangular(text);
  const nlohmann::json j = ParseJson(Render(report, OutputFormat::kJson));
  EXPECT_EQ(j["my_populations"][0]["name"], long_name);
}

// --- Markdown
// --------------------------------------------------------------------

TEST(MarkdownReportTest, HeadingsFollowTheTemplates) {
  const std::string md = Render(AcmeGlobexReport(), OutputFormat::kMarkdown);
  EXPECT_TRUE(
      absl::StartsWith(md, "# Account Mapping: acme \xC3\x97 globex\n"));
  for (const char* heading :
       {"\n## Partner Coverage Matrix\n", "\n## Overlap Analysis\n",
        "\n### Your populations (acme)\n",
        "\n### Partner populations (globex)\n",
        "\n## The Four Types of Overlap\n", "\n## Notes\n"}) {
    EXPECT_THAT(md, HasSubstr(heading));
  }
}

TEST(MarkdownReportTest, TablesCarryTheSameNumbers) {
  const std::string md = Render(AcmeGlobexReport(), OutputFormat::kMarkdown);
  EXPECT_THAT(md, HasSubstr("| **Your snapshot** (acme) | 9,150 records, "
                            "uploaded 2026-11-03 14:05 UTC |\n"));
  EXPECT_THAT(md, HasSubstr("| **acme** \\\\ **globex** | Customers (950) | "
                            "Prospects (2,450) | Partners, \"Tier 1\" (12) |\n"
                            "|---|---:|---:|---:|\n"));
  EXPECT_THAT(md, HasSubstr("| **Prospects (8,000)** | 180 / 325 | 1,120 / "
                            "1,118 | 0 / 0 |\n"));
  EXPECT_THAT(md, HasSubstr("| Customers | customer | 1,200 | 590 | 49.2% | "
                            "Medium | 610 |\n"));
  EXPECT_THAT(md, HasSubstr("| Churned | unspecified | 0 | 0 | 0.0% | Low | "
                            "0 |\n"));
  EXPECT_THAT(md, HasSubstr("| **All accounts** |  | 3,300 | 1,950 | 59.1% | "
                            "Medium | 1,350 |\n"));
  EXPECT_THAT(md, HasSubstr("| Your Status | Partner's Status | Your records "
                            "| Partner records | Action | Cells |\n"));
  EXPECT_THAT(md, HasSubstr("| Prospect | Customer | 180 | 325 | Ask the "
                            "partner for a warm introduction | Prospects "
                            "\xC3\x97 Customers |\n"));
  EXPECT_THAT(md, HasSubstr("\n- globex has not synced 2026-12 yet; showing "
                            "2026-11.\n"));
  EXPECT_THAT(md, Not(HasSubstr("nan")));
}

TEST(MarkdownReportTest, LabelsCannotBreakTheTable) {
  v1::OverlapReport report = AcmeGlobexReport();
  report.mutable_my_populations(1)->set_name("EMEA | *hot* <b>");
  report.clear_notes();
  const std::string md = Render(report, OutputFormat::kMarkdown);
  EXPECT_THAT(md,
              HasSubstr("| EMEA \\| \\*hot\\* \\<b\\> | prospect | 8,000 |"));
  EXPECT_THAT(md, HasSubstr("## Notes\n\nNone.\n"));
}

// --- edge cases
// ------------------------------------------------------------------

TEST(ReportEdgeCaseTest, EmptyReportRendersEveryFormatWithoutNaN) {
  v1::OverlapReport empty;
  for (OutputFormat f : {OutputFormat::kText, OutputFormat::kMarkdown,
                         OutputFormat::kJson, OutputFormat::kCsv}) {
    const std::string out = RenderOverlapReport(empty, "", f);
    EXPECT_THAT(out, Not(HasSubstr("nan")));
    EXPECT_THAT(out, Not(HasSubstr("inf")));
  }
  const std::string text = RenderOverlapReport(empty, "", OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("Account Mapping: you \xC3\x97 partner\n"));
  EXPECT_THAT(text, HasSubstr("(no populations to compare)"));
  EXPECT_THAT(text, HasSubstr("| All accounts |      |       0 |           0 "
                              "|         0.0% | Low   |"));
  EXPECT_THAT(text, HasSubstr("  Match policy      standard: "));
  const nlohmann::json j =
      ParseJson(RenderOverlapReport(empty, "", OutputFormat::kJson));
  EXPECT_EQ(j["schema"], "blindmap.report.v1");
  EXPECT_TRUE(j["matrix"]["cells"].empty());
  EXPECT_TRUE(j["my_snapshot"]["uploaded_at"].is_null());
  EXPECT_EQ(j["my_snapshot"]["overlap_rate"].get<double>(), 0.0);
  ASSERT_EQ(j["overlap_types"].size(), 4u);
  EXPECT_EQ(j["overlap_types"][0]["my_records"], 0);
  EXPECT_TRUE(j["overlap_types"][0]["cells"].empty());
  const auto rows =
      ParseCsv(RenderOverlapReport(empty, "", OutputFormat::kCsv));
  EXPECT_EQ(rows.size(), 1u + 2 + 4);  // header, totals, types
}

TEST(ReportEdgeCaseTest, CellsOutsideTheMatrixOrRepeatedAreDroppedWithANote) {
  v1::OverlapReport report = AcmeGlobexReport();
  AddCell(report, 3, 0, 99, 99);  // no fourth row
  AddCell(report, 0, 7, 99, 99);  // no eighth column
  AddCell(report, 1, 0, 99, 99);  // repeats (Prospects, Customers)
  const nlohmann::json j = ParseJson(Render(report, OutputFormat::kJson));
  EXPECT_EQ(j["matrix"]["cells"].size(), 9u);
  EXPECT_EQ(j["matrix"]["my_records"][1][0], 180);  // first one wins
  EXPECT_EQ(j["overlap_types"][0]["my_records"], 180);
  ASSERT_EQ(j["notes"].size(), 2u);
  EXPECT_EQ(j["notes"][1],
            "3 matrix cells were left out of this report (a row or column "
            "the report does not list, or a repeated cell).");
}

TEST(ReportEdgeCaseTest, MissingCellsShowADashAndNull) {
  v1::OverlapReport report = AcmeGlobexReport();
  report.mutable_cells()->DeleteSubrange(3, 1);  // (Prospects, Customers)
  const std::string text = Render(report, OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("| Prospects (8,000) |               - |"));
  EXPECT_THAT(text, HasSubstr("A cell shown as - has no count in this report"));
  ExpectTablesRectangular(text);
  const nlohmann::json j = ParseJson(Render(report, OutputFormat::kJson));
  EXPECT_TRUE(j["matrix"]["my_records"][1][0].is_null());
  EXPECT_EQ(j["overlap_types"][0]["my_records"], 0);
  EXPECT_TRUE(j["overlap_types"][0]["cells"].empty());
}

TEST(ReportEdgeCaseTest, TypeCoveringSeveralCellsAddsThemAndSaysSo) {
  v1::OverlapReport report = AcmeGlobexReport();
  // A second customer population for acme: row 3, with its three cells.
  AddPopulation(report.mutable_my_populations(), "Renewals",
                v1::POPULATION_KIND_CUSTOMER, 400, 100);
  AddCell(report, 3, 0, 70, 66);
  AddCell(report, 3, 1, 30, 31);
  AddCell(report, 3, 2, 0, 0);
  const nlohmann::json j = ParseJson(Render(report, OutputFormat::kJson));
  const nlohmann::json& cc = j["overlap_types"][3];
  EXPECT_EQ(cc["id"], "customer_customer");
  EXPECT_EQ(cc["my_records"], 300 + 70);
  EXPECT_EQ(cc["partner_records"], 287 + 66);
  ASSERT_EQ(cc["cells"].size(), 2u);
  EXPECT_EQ(cc["cells"][1]["my_population"], "Renewals");
  const std::string text = Render(report, OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("| Customer / Customer |   370 |    353 |"));
  EXPECT_THAT(text, HasSubstr("Customers \xC3\x97 Customers, Renewals "
                              "\xC3\x97 Customers |"));
  EXPECT_THAT(text, HasSubstr("an account in two of those populations counts "
                              "twice"));
  EXPECT_THAT(Render(AcmeGlobexReport(), OutputFormat::kText),
              Not(HasSubstr("counts twice")));
}

TEST(ReportEdgeCaseTest, UnknownEnumValuesRenderAsOther) {
  v1::OverlapReport report = AcmeGlobexReport();
  report.mutable_my_populations(0)->set_kind(
      static_cast<v1::PopulationKind>(9));
  report.set_match_policy(static_cast<v1::MatchPolicy>(5));
  const nlohmann::json j = ParseJson(Render(report, OutputFormat::kJson));
  EXPECT_EQ(j["my_populations"][0]["kind"], "other");
  EXPECT_EQ(j["match_policy"], "standard");
  EXPECT_TRUE(j["matrix"]["cells"][0]["overlap_type"].is_null());
  EXPECT_EQ(j["overlap_types"][3]["my_records"], 0);  // customer/customer
}

TEST(ReportEdgeCaseTest, NoisyOverlapAboveRecordsNeverGoesNegative) {
  v1::OverlapReport report = AcmeGlobexReport();
  report.mutable_partner_populations(2)->set_overlapping_records(13);  // > 12
  const nlohmann::json j = ParseJson(Render(report, OutputFormat::kJson));
  EXPECT_EQ(j["partner_populations"][2]["only_records"], 0);
  EXPECT_EQ(j["partner_populations"][2]["overlap_score"], "High");
}

TEST(ReportEdgeCaseTest, SnapshotFromAnotherPeriodIsNamed) {
  v1::OverlapReport report = AcmeGlobexReport();
  report.mutable_theirs()->set_period("2026-10");
  EXPECT_THAT(Render(report, OutputFormat::kText),
              HasSubstr("uploaded 2026-11-04 09:12 UTC (period 2026-10)\n"));
  const nlohmann::json j = ParseJson(Render(report, OutputFormat::kJson));
  EXPECT_EQ(j["partner_snapshot"]["period"], "2026-10");
}

// --- issue 5: cadence, privacy safeguards, noise, suppression, periods
// ---------

// The November report as a broker with probe resistance sends it: the
// default policy filled in, globex's "Pilot" and acme's "Trial" too small to
// count, and the period status (globex has not synced December).
v1::OverlapReport ProbeResistantReport() {
  v1::OverlapReport report = AcmeGlobexReport();
  report.mutable_probe_policy()->set_min_population_size(25);
  report.mutable_probe_policy()->set_max_uploads_per_period(4);
  report.mutable_probe_policy()->set_min_changed_records(10);
  report.mutable_probe_policy()->set_noise_epsilon(0);
  report.add_my_suppressed_populations("Trial");
  report.add_partner_suppressed_populations("Pilot");
  report.set_current_period("2026-12");
  report.set_my_latest_period("2026-12");
  report.set_partner_latest_period("2026-11");
  report.set_partner_latest_upload_unix(1793783520);  // 2026-11-04 09:12
  report.set_cadence(v1::SYNC_CADENCE_MONTHLY);
  return report;
}

v1::OverlapReport NoisyReport() {
  v1::OverlapReport report = ProbeResistantReport();
  report.mutable_probe_policy()->set_noise_epsilon(0.5);
  report.set_noisy(true);
  return report;
}

TEST(ProbePolicyTextTest, DefaultsInOneLine) {
  const std::string defaults =
      "min population 25, max 4 uploads/period, difference check 10 "
      "records, noise off";
  EXPECT_EQ(ProbePolicyLine(v1::ProbePolicy()), defaults);
  EXPECT_EQ(ProbePolicyLine(ProbeResistantReport().probe_policy()), defaults);
}

TEST(ProbePolicyTextTest, ExplicitZeroSwitchesEachLimitOff) {
  v1::ProbePolicy off;
  off.set_min_population_size(0);
  off.set_max_uploads_per_period(0);
  off.set_min_changed_records(0);
  EXPECT_EQ(ProbePolicyLine(off),
            "min population off, uploads/period unlimited, difference check "
            "off, noise off");
  v1::ProbePolicy noisy;
  noisy.set_noise_epsilon(0.25);
  EXPECT_THAT(ProbePolicyLine(noisy), HasSubstr("noise epsilon=0.25"));
  EXPECT_EQ(EffectiveProbePolicyOf(noisy).min_population_size, 25u);
}

TEST(ProbePolicyTextTest, EpsilonPrintsShortestExactForm) {
  EXPECT_EQ(FormatEpsilon(0.5), "0.5");
  EXPECT_EQ(FormatEpsilon(1.0), "1");
  EXPECT_EQ(FormatEpsilon(0.1), "0.1");
  const double odd = 0.123456789;
  EXPECT_EQ(std::stod(FormatEpsilon(odd)), odd);
}

TEST(SafeguardsReportTest, TextShowsTheDefaultPolicy) {
  const std::string text = Render(ProbeResistantReport(), OutputFormat::kText);
  EXPECT_THAT(text,
              HasSubstr("Privacy Safeguards\n------------------\n"
                        "  Minimum population  25 records (smaller "
                        "populations are not counted)\n"
                        "  Uploads per period  at most 4 per side\n"
                        "  Difference check    a re-upload within a period "
                        "must change at least 10 records\n"
                        "  Noise               off (exact counts)\n"));
  EXPECT_THAT(text, Not(HasSubstr("\xE2\x89\x88")));  // no "≈" without noise
  ExpectTablesRectangular(text);
}

TEST(SafeguardsReportTest, WithoutAPolicyTheReportSaysSo) {
  const std::string text = Render(AcmeGlobexReport(), OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("(the broker did not report the partnership's "
                              "probe policy)\n"));
  const nlohmann::json j =
      ParseJson(Render(AcmeGlobexReport(), OutputFormat::kJson));
  EXPECT_TRUE(j["probe_policy"].is_null());
  EXPECT_FALSE(j["noisy"].get<bool>());
}

TEST(SafeguardsReportTest, PolicyFallsBackToThePartnerships) {
  v1::OverlapReport report = AcmeGlobexReport();
  report.mutable_partnership()->mutable_probe_policy()->set_min_population_size(
      50);
  const nlohmann::json j = ParseJson(Render(report, OutputFormat::kJson));
  EXPECT_EQ(j["probe_policy"]["min_population_size"], 50);
  EXPECT_EQ(j["probe_policy"]["max_uploads_per_period"], 4);
}

TEST(SafeguardsReportTest, JsonCarriesPolicySuppressionAndPeriods) {
  const nlohmann::json j =
      ParseJson(Render(ProbeResistantReport(), OutputFormat::kJson));
  const nlohmann::json& policy = j["probe_policy"];
  EXPECT_EQ(policy["min_population_size"], 25);
  EXPECT_EQ(policy["max_uploads_per_period"], 4);
  EXPECT_EQ(policy["min_changed_records"], 10);
  EXPECT_EQ(policy["noise_epsilon"].get<double>(), 0.0);
  EXPECT_FALSE(policy["noise"].get<bool>());
  EXPECT_EQ(policy["summary"],
            "min population 25, max 4 uploads/period, difference check 10 "
            "records, noise off");
  EXPECT_FALSE(j["noisy"].get<bool>());
  EXPECT_EQ(j["suppressed_populations"]["mine"],
            nlohmann::json::array({"Trial"}));
  EXPECT_EQ(j["suppressed_populations"]["partner"],
            nlohmann::json::array({"Pilot"}));
  EXPECT_EQ(j["periods"]["current"], "2026-12");
  EXPECT_EQ(j["periods"]["mine"], "2026-12");
  EXPECT_EQ(j["periods"]["partner"], "2026-11");
  EXPECT_EQ(j["periods"]["partner_uploaded_at"], "2026-11-04T09:12:00Z");
  EXPECT_EQ(j["periods"]["partner_uploaded_at_unix"], 1793783520);
}

TEST(SafeguardsReportTest, SuppressedPopulationsAreListedOnEachSide) {
  const std::string text = Render(ProbeResistantReport(), OutputFormat::kText);
  const size_t yours = text.find("Your populations (acme)");
  const size_t partner = text.find("Partner populations (globex)");
  const size_t trial =
      text.find("Trial (not counted: fewer than 25 records)\n");
  const size_t pilot =
      text.find("Pilot (not counted: fewer than 25 records)\n");
  ASSERT_NE(trial, std::string::npos) << text;
  ASSERT_NE(pilot, std::string::npos) << text;
  EXPECT_TRUE(yours < trial && trial < partner);
  EXPECT_LT(partner, pilot);
  const std::string md =
      Render(ProbeResistantReport(), OutputFormat::kMarkdown);
  EXPECT_THAT(md, HasSubstr("- Trial (not counted: fewer than 25 records)\n"));
  EXPECT_THAT(md, HasSubstr("- Pilot (not counted: fewer than 25 records)\n"));
  const auto rows =
      ParseCsv(Render(ProbeResistantReport(), OutputFormat::kCsv));
  const auto mine = FindCsvRow(rows, "my_suppressed", "Trial", "");
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ((*mine)[17], "not counted: fewer than 25 records");
  EXPECT_TRUE(FindCsvRow(rows, "partner_suppressed", "", "Pilot").has_value());
}

TEST(SafeguardsReportTest, PeriodStatusInTheHeader) {
  const std::string text = Render(ProbeResistantReport(), OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("  Current period    2026-12 (monthly sync)\n"
                              "  Your latest       2026-12\n"
                              "  Partner's latest  2026-11, uploaded "
                              "2026-11-04 09:12 UTC\n"));
  const std::string md =
      Render(ProbeResistantReport(), OutputFormat::kMarkdown);
  EXPECT_THAT(md,
              HasSubstr("| **Current period** | 2026-12 (monthly sync) |\n"));
  const auto rows =
      ParseCsv(Render(ProbeResistantReport(), OutputFormat::kCsv));
  bool found = false;
  for (const auto& row : rows) {
    if (row[0] != "partner_latest_period") continue;
    found = true;
    EXPECT_EQ(row[1], "2026-11");
    EXPECT_EQ(row[15], "2026-11-04T09:12:00Z");
  }
  EXPECT_TRUE(found);
  // A report without period status keeps the old header.
  EXPECT_THAT(Render(AcmeGlobexReport(), OutputFormat::kText),
              Not(HasSubstr("Current period")));
}

TEST(NoisyReportTest, TextMarksCountsAndExplainsTheNoise) {
  const std::string text = Render(NoisyReport(), OutputFormat::kText);
  EXPECT_THAT(text, HasSubstr("  Noise               epsilon=0.5 (counts are "
                              "approximate)\n"));
  EXPECT_THAT(text, HasSubstr("| Customers (1,200) |     \xE2\x89\x88"
                              "300 / \xE2\x89\x88"
                              "287 |"));
  EXPECT_THAT(text, HasSubstr("Counts carry noise (epsilon=0.5): each is "
                              "approximate (marked \xE2\x89\x88)"));
  EXPECT_THAT(text, HasSubstr("acme: \xE2\x89\x88"
                              "1,860 of 9,150 records"));
  ExpectTablesRectangular(text);
}

TEST(NoisyReportTest, JsonMarkdownAndCsvFlagTheNoise) {
  const nlohmann::json j =
      ParseJson(Render(NoisyReport(), OutputFormat::kJson));
  EXPECT_TRUE(j["noisy"].get<bool>());
  EXPECT_TRUE(j["probe_policy"]["noise"].get<bool>());
  EXPECT_DOUBLE_EQ(j["probe_policy"]["noise_epsilon"].get<double>(), 0.5);
  EXPECT_EQ(j["matrix"]["my_records"][0][0], 300);  // numbers stay numbers
  const std::string md = Render(NoisyReport(), OutputFormat::kMarkdown);
  EXPECT_THAT(md, HasSubstr("| **Prospects (8,000)** | \xE2\x89\x88"
                            "180 / \xE2\x89\x88"
                            "325 |"));
  EXPECT_THAT(md, HasSubstr("Counts carry noise (epsilon=0.5)"));
  EXPECT_THAT(md, HasSubstr("| Customers | customer | 1,200 | \xE2\x89\x88"
                            "590 | 49.2% | Medium | \xE2\x89\x88"
                            "610 |\n"));
  const auto rows = ParseCsv(Render(NoisyReport(), OutputFormat::kCsv));
  bool noise_row = false;
  bool policy_row = false;
  for (const auto& row : rows) {
    if (row[0] == "noise") {
      noise_row = true;
      EXPECT_THAT(row[17], HasSubstr("epsilon=0.5"));
    }
    if (row[0] == "probe_policy") {
      policy_row = true;
      EXPECT_THAT(row[17], HasSubstr("noise epsilon=0.5"));
    }
  }
  EXPECT_TRUE(noise_row);
  EXPECT_TRUE(policy_row);
}

TEST(CadenceReportTest, ReportCadenceWinsOverThePartnerships) {
  v1::OverlapReport report = AcmeGlobexReport();
  report.set_cadence(v1::SYNC_CADENCE_WEEKLY);
  EXPECT_THAT(Render(report, OutputFormat::kText),
              HasSubstr("(active, weekly sync)"));
  EXPECT_EQ(
      ParseJson(Render(report, OutputFormat::kJson))["partnership"]["cadence"],
      "weekly");
  report.clear_cadence();
  report.mutable_partnership()->set_cadence(v1::SYNC_CADENCE_QUARTERLY);
  EXPECT_EQ(
      ParseJson(Render(report, OutputFormat::kJson))["partnership"]["cadence"],
      "quarterly");
}

}  // namespace
}  // namespace blindmap
