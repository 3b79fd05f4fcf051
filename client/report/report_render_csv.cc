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
#include "client/report/probe_policy_text.h"
#include "client/report/report_render_model.h"
#include "common/text/csv_writer.h"

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
  for (const auto* list : {&model.my_suppressed, &model.partner_suppressed}) {
    const bool mine = list == &model.my_suppressed;
    for (const std::string& name : *list) {
      auto row = table.NewRow(mine ? "my_suppressed" : "partner_suppressed");
      row[mine ? kMyPopulation : kPartnerPopulation] = CsvInert(name);
      row[kNote] = SuppressedReason(model);
      table.Add(row);
    }
  }
  if (model.probe_policy.has_value()) {
    auto row = table.NewRow("probe_policy");
    row[kNote] = ProbePolicyLine(*model.probe_policy);
    table.Add(row);
  }
  if (model.noisy) {
    auto row = table.NewRow("noise");
    row[kNote] = NoiseFootnote(model);
    table.Add(row);
  }
  // The period status: one row each for the current period and each side's
  // latest upload, when the broker reported them.
  const struct {
    const char* section;
    const std::string& period;
    int64_t uploaded_at_unix;
  } periods[] = {
      {"current_period", model.current_period, 0},
      {"my_latest_period", model.my_latest_period, 0},
      {"partner_latest_period", model.partner_latest_period,
       model.partner_latest_upload_unix},
  };
  for (const auto& p : periods) {
    if (p.period.empty()) continue;
    auto row = table.NewRow(p.section);
    row[kPeriod] = CsvInert(p.period);
    row[kUploadedAt] = FormatUtcIso8601(p.uploaded_at_unix);
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
