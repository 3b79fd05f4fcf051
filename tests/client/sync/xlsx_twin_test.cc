// An XLSX export and its CSV twin give identical tokens: the same records,
// record ids, tokens and populations, whether the workbook's strings are
// shared or inline and whether its numeric ids are typed as numbers.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/config/client_config.h"
#include "client/crm/crm_export.h"
#include "client/sync/snapshot_tokens.h"
#include "common/text/csv_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"
#include "tests/support/xlsx_writer.h"

namespace blindmap {
namespace {

std::string Source(const std::string& relative) {
  return std::string(BLINDMAP_SOURCE_DIR) + "/" + relative;
}

std::vector<std::vector<std::string>> CsvRows(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  absl::StatusOr<std::unique_ptr<CsvReader>> csv = CsvReader::Open(path);
  EXPECT_TRUE(csv.ok()) << csv.status();
  if (!csv.ok()) return rows;
  while (true) {
    absl::StatusOr<std::optional<CsvRow>> row = (*csv)->Next();
    EXPECT_TRUE(row.ok()) << row.status();
    if (!row.ok() || !row->has_value()) break;
    rows.push_back((*row)->fields);
  }
  return rows;
}

// As Excel saves a CSV it opened: a field of digits without a leading zero
// becomes a number (at most 15 digits, Excel's precision).
XlsxSheetSpec TypedSheet(const std::vector<std::vector<std::string>>& rows) {
  XlsxSheetSpec sheet = SheetOfStrings(rows, "Accounts");
  for (size_t r = 1; r < sheet.rows.size(); ++r) {
    for (XlsxCell& cell : sheet.rows[r]) {
      const std::string& v = cell.value;
      if (!v.empty() && v.size() <= 15 && v[0] != '0' &&
          std::all_of(v.begin(), v.end(),
                      [](char c) { return absl::ascii_isdigit(c); })) {
        cell.type = XlsxCell::Type::kNumber;
      }
    }
  }
  return sheet;
}

// The serialized records of `path` as a snapshot would upload them.
std::string Tokens(const std::string& path) {
  absl::StatusOr<ClientConfig> config = ParseClientConfig(
      "broker: {address: 'localhost:7443', token_file: t}\n", "c.yaml");
  EXPECT_TRUE(config.ok());
  auto reader = CrmExportReader::Create(*config, {});
  EXPECT_TRUE(reader.ok());
  absl::StatusOr<CrmExport> exported = (*reader)->Read(path);
  EXPECT_TRUE(exported.ok()) << path << ": " << exported.status();
  if (!exported.ok()) return "";
  auto tokenizer = SnapshotTokenizer::Create(
      std::string(32, 'k'), std::string(32, 'r'), "pid", "2026-11");
  EXPECT_TRUE(tokenizer.ok());
  v1::RecordBatch batch;
  for (const ExportedAccount& account : exported->accounts) {
    EXPECT_TRUE((*tokenizer)->Add(account, batch).ok());
  }
  EXPECT_GT(batch.records_size(), 0);
  return batch.SerializeAsString();
}

TEST(XlsxTwinTest, AnXlsxExportAndItsCsvTwinGiveIdenticalTokens) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  for (const std::string& csv : {Source("examples/acme-salesforce.csv"),
                                 Source("examples/globex-hubspot.csv"),
                                 Source("tests/data/matching/vendor.csv"),
                                 Source("tests/data/matching/partner.csv")}) {
    const std::vector<std::vector<std::string>> rows = CsvRows(csv);
    ASSERT_GT(rows.size(), 100u) << csv;
    const std::string expected = Tokens(csv);
    ASSERT_FALSE(expected.empty());
    XlsxOptions inline_strings;
    inline_strings.shared_strings = false;
    for (const auto& [label, sheet, options] :
         std::vector<std::tuple<std::string, XlsxSheetSpec, XlsxOptions>>{
             {"shared strings", SheetOfStrings(rows), XlsxOptions()},
             {"inline strings", SheetOfStrings(rows), inline_strings},
             {"typed numbers", TypedSheet(rows), XlsxOptions()}}) {
      const std::string xlsx = dir.path() + "/twin.xlsx";
      ASSERT_TRUE(WriteXlsx(xlsx, {sheet}, options).ok());
      EXPECT_EQ(Tokens(xlsx), expected) << csv << " as XLSX, " << label;
    }
  }
}

}  // namespace
}  // namespace blindmap
