// The CSV report: one RFC 4180 table in long form, one row per fact, so a
// script can filter by `section` and stack months and partners.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "client/report_render_model.h"
#include "common/csv_writer.h"

namespace blindmap {
namespace report_internal {
namespace {

enum Column {
  kSection,
  kPeriod,
  kPartner,
  kMyPopulation,
  kPartnerPopulation,
  kKind,
  kOverlapType,
  kMyRecords,
  kPartnerRecords,
  kRecords,
  kOverlappingRecords,
  kOnlyRecords,
  kOverlapRate,
  kScore,
  kAction,
  kUploadedAt,
  kMatchPolicy,
  kNote,
  kColumnCount,
};

constexpr const char* kHeader[kColumnCount] = {
    "section",
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
    "note",
};

std::string Rate(double rate) { return absl::StrFormat("%.4f", rate); }

class CsvTable {
 public:
  explicit CsvTable(const ReportModel& model) : model_(model) {
    out_ = absl::StrCat(absl::StrJoin(kHeader, ","), "\r\n");
  }

  // A row of `section` with period and partner filled in.
  std::vector<std::string> NewRow(const char* section) const {
    std::vector<std::string> row(kColumnCount);
    row[kSection] = section;
    row[kPeriod] = CsvInert(model_.period);
    row[kPartner] = CsvInert(model_.partner);
    return row;
  }

  void Add(const std::vector<std::string>& row) {
    std::vector<std::string> quoted;
    quoted.reserve(row.size());
    for (const std::string& field : row) quoted.push_back(CsvQuote(field));
    absl::StrAppend(&out_, absl::StrJoin(quoted, ","), "\r\n");
  }

  std::string Release() { return std::move(out_); }

 private:
  const ReportModel& model_;
  std::string out_;
};

void FillPopulation(const PopulationRow& p, std::vector<std::string>& row) {
  row[kKind] = p.kind;
  row[kRecords] = absl::StrCat(p.records);
  row[kOverlappingRecords] = absl::StrCat(p.overlapping);
  row[kOnlyRecords] = absl::StrCat(p.only);
  row[kOverlapRate] = Rate(p.rate);
  row[kScore] = p.score;
}

}  // namespace

std::string RenderCsv(const ReportModel& model) {
  CsvTable table(model);
  for (const Side* side : {&model.mine, &model.theirs}) {
    auto row = table.NewRow(side == &model.mine ? "my_total" : "partner_total");
    FillPopulation(side->total, row);
    row[kUploadedAt] = FormatUtcIso8601(side->uploaded_at_unix);
    row[kMatchPolicy] = model.match_policy;
    table.Add(row);
  }
  for (const PopulationRow& p : model.mine.populations) {
    auto row = table.NewRow("my_population");
    row[kMyPopulation] = CsvInert(p.name);
    FillPopulation(p, row);
    table.Add(row);
  }
  for (const PopulationRow& p : model.theirs.populations) {
    auto row = table.NewRow("partner_population");
    row[kPartnerPopulation] = CsvInert(p.name);
    FillPopulation(p, row);
    table.Add(row);
  }
  for (const MatrixCell& c : model.cells) {
    auto row = table.NewRow("matrix");
    row[kMyPopulation] = CsvInert(model.mine.populations[c.row].name);
    row[kPartnerPopulation] = CsvInert(model.theirs.populations[c.column].name);
    if (c.type.has_value()) row[kOverlapType] = InfoFor(*c.type).id;
    row[kMyRecords] = absl::StrCat(c.mine);
    row[kPartnerRecords] = absl::StrCat(c.theirs);
    table.Add(row);
  }
  for (const TypeSummary& t : model.types) {
    auto row = table.NewRow("overlap_type");
    row[kOverlapType] = t.info->id;
    row[kMyRecords] = absl::StrCat(t.mine);
    row[kPartnerRecords] = absl::StrCat(t.theirs);
    row[kAction] = t.info->action;
    table.Add(row);
  }
  for (const std::string& note : model.notes) {
    auto row = table.NewRow("note");
    row[kNote] = CsvInert(note);
    table.Add(row);
  }
  return table.Release();
}

}  // namespace report_internal
}  // namespace blindmap
