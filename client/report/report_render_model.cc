#include "client/report/report_render_model.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "blindmap/v1/broker.pb.h"
#include "client/report/overlap_types.h"
#include "client/report/probe_policy_text.h"
#include "common/crypto/sync_period.h"
#include "common/match/match_rule.h"

namespace blindmap {
namespace report_internal {
namespace {

constexpr OverlapType kTypeOrder[] = {
    OverlapType::kProspectCustomer,
    OverlapType::kCustomerProspect,
    OverlapType::kProspectProspect,
    OverlapType::kCustomerCustomer,
};

std::string StateName(int state) {
  switch (state) {
    case v1::PARTNERSHIP_STATE_ACTIVE:
      return "active";
    case v1::PARTNERSHIP_STATE_PENDING:
      return "pending";
    case v1::PARTNERSHIP_STATE_UNSPECIFIED:
      return "unspecified";
    default:
      return "other";
  }
}

std::string CadenceLabel(int cadence) {
  switch (cadence) {
    case v1::SYNC_CADENCE_UNSPECIFIED:
    case v1::SYNC_CADENCE_MONTHLY:
    case v1::SYNC_CADENCE_WEEKLY:
    case v1::SYNC_CADENCE_QUARTERLY:
      return CadenceName(static_cast<v1::SyncCadence>(cadence));
    default:
      return "other";
  }
}

PopulationRow MakeRow(std::string name, std::string kind, uint64_t records,
                      uint64_t overlapping) {
  PopulationRow row;
  row.name = std::move(name);
  row.kind = std::move(kind);
  row.records = records;
  row.overlapping = overlapping;
  row.only = records > overlapping ? records - overlapping : 0;
  row.rate = records == 0 ? 0.0
                          : static_cast<double>(overlapping) /
                                static_cast<double>(records);
  row.score = OverlapScore(row.rate);
  return row;
}

Side MakeSide(std::string party, const v1::SnapshotInfo& snapshot,
              uint64_t overlapping,
              const google::protobuf::RepeatedPtrField<v1::PopulationOverlap>&
                  populations) {
  Side side;
  side.party = std::move(party);
  side.period = snapshot.period();
  side.uploaded_at_unix = snapshot.uploaded_at_unix();
  side.total = MakeRow("All accounts", "", snapshot.records(), overlapping);
  for (const v1::PopulationOverlap& p : populations) {
    side.populations.push_back(MakeRow(p.name(), PopulationKindName(p.kind()),
                                       p.records(), p.overlapping_records()));
  }
  return side;
}

const char* StatusWord(bool customer) {
  return customer ? "customer" : "prospect";
}

}  // namespace

ReportModel BuildReportModel(const v1::OverlapReport& report,
                             absl::string_view me) {
  ReportModel model;
  model.me = me.empty() ? "you" : std::string(me);
  model.partner = report.partner().empty() ? "partner" : report.partner();
  model.partnership_id = report.partnership().id();
  model.partnership_state = StateName(report.partnership().state());
  model.cadence = CadenceLabel(report.cadence() != v1::SYNC_CADENCE_UNSPECIFIED
                                   ? report.cadence()
                                   : report.partnership().cadence());
  model.period = report.period();
  model.match_policy = MatchPolicyName(report.match_policy());
  model.match_policy_text = absl::StrCat(
      model.match_policy, ": ", MatchPolicyDescription(report.match_policy()));
  model.mine =
      MakeSide(model.me, report.mine(), report.my_overlapping_records(),
               report.my_populations());
  model.theirs = MakeSide(model.partner, report.theirs(),
                          report.partner_overlapping_records(),
                          report.partner_populations());

  const size_t rows = model.mine.populations.size();
  const size_t columns = model.theirs.populations.size();
  model.grid.assign(rows, std::vector<std::optional<size_t>>(columns));
  // The first cell of each (row, column) pair; the broker sends each pair
  // once, row-major, but the report must not depend on it.
  std::vector<std::vector<const v1::OverlapCell*>> first(
      rows, std::vector<const v1::OverlapCell*>(columns, nullptr));
  size_t dropped = 0;
  for (const v1::OverlapCell& c : report.cells()) {
    if (c.row() >= rows || c.column() >= columns ||
        first[c.row()][c.column()] != nullptr) {
      ++dropped;
      continue;
    }
    first[c.row()][c.column()] = &c;
  }
  for (size_t r = 0; r < rows; ++r) {
    for (size_t col = 0; col < columns; ++col) {
      const v1::OverlapCell* c = first[r][col];
      if (c == nullptr) continue;
      MatrixCell cell;
      cell.row = r;
      cell.column = col;
      cell.mine = c->my_records();
      cell.theirs = c->partner_records();
      cell.type = ClassifyOverlap(
          report.my_populations(static_cast<int>(r)).kind(),
          report.partner_populations(static_cast<int>(col)).kind());
      model.grid[r][col] = model.cells.size();
      model.cells.push_back(cell);
    }
  }

  for (OverlapType type : kTypeOrder) {
    TypeSummary summary;
    summary.info = &InfoFor(type);
    summary.my_status = StatusWord(type == OverlapType::kCustomerProspect ||
                                   type == OverlapType::kCustomerCustomer);
    summary.partner_status =
        StatusWord(type == OverlapType::kProspectCustomer ||
                   type == OverlapType::kCustomerCustomer);
    for (size_t i = 0; i < model.cells.size(); ++i) {
      if (model.cells[i].type != type) continue;
      summary.cells.push_back(i);
      summary.mine += model.cells[i].mine;
      summary.theirs += model.cells[i].theirs;
    }
    if (summary.cells.size() > 1) model.any_type_sums_cells = true;
    model.types.push_back(std::move(summary));
  }

  if (report.has_probe_policy()) {
    model.probe_policy = report.probe_policy();
  } else if (report.partnership().has_probe_policy()) {
    model.probe_policy = report.partnership().probe_policy();
  }
  model.noisy = report.noisy();
  if (model.probe_policy.has_value()) {
    model.noise_epsilon =
        EffectiveProbePolicyOf(*model.probe_policy).noise_epsilon;
  }
  model.my_suppressed.assign(report.my_suppressed_populations().begin(),
                             report.my_suppressed_populations().end());
  model.partner_suppressed.assign(
      report.partner_suppressed_populations().begin(),
      report.partner_suppressed_populations().end());
  model.current_period = report.current_period();
  model.my_latest_period = report.my_latest_period();
  model.partner_latest_period = report.partner_latest_period();
  model.partner_latest_upload_unix = report.partner_latest_upload_unix();

  for (const std::string& note : report.notes()) model.notes.push_back(note);
  if (dropped > 0) {
    model.notes.push_back(absl::StrCat(
        dropped, dropped == 1 ? " matrix cell was" : " matrix cells were",
        " left out of this report (a row or column the report does not "
        "list, or a repeated cell)."));
  }
  return model;
}

std::string FormatModelCount(const ReportModel& model, uint64_t n) {
  return model.noisy ? absl::StrCat("\xE2\x89\x88", FormatCount(n))
                     : FormatCount(n);
}

std::string SuppressedReason(const ReportModel& model) {
  if (model.probe_policy.has_value()) {
    const uint32_t minimum =
        EffectiveProbePolicyOf(*model.probe_policy).min_population_size;
    if (minimum > 0) {
      return absl::StrCat("not counted: fewer than ", FormatCount(minimum),
                          " records");
    }
  }
  return "not counted: below the minimum population size";
}

std::string NoiseFootnote(const ReportModel& model) {
  const std::string epsilon =
      model.noise_epsilon > 0
          ? absl::StrCat(" (epsilon=", FormatEpsilon(model.noise_epsilon), ")")
          : "";
  return absl::StrCat("Counts carry noise", epsilon,
                      ": each is approximate (marked \xE2\x89\x88); small "
                      "differences and changes mean nothing.");
}

std::vector<std::pair<std::string, std::string>> PeriodStatusFields(
    const ReportModel& model) {
  std::vector<std::pair<std::string, std::string>> fields;
  if (!model.has_period_status()) return fields;
  auto label = [](const std::string& period) {
    return period.empty() ? std::string("none") : period;
  };
  fields.emplace_back(
      "Current period",
      absl::StrCat(label(model.current_period), " (", model.cadence, " sync)"));
  fields.emplace_back("Your latest", label(model.my_latest_period));
  std::string theirs = label(model.partner_latest_period);
  if (model.partner_latest_upload_unix != 0) {
    absl::StrAppend(&theirs, ", uploaded ",
                    FormatUtcForPeople(model.partner_latest_upload_unix));
  }
  fields.emplace_back("Partner's latest", std::move(theirs));
  return fields;
}

std::string FormatCount(uint64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string FormatPercent(double rate) {
  return absl::StrFormat("%.1f%%", rate * 100.0);
}

std::string FormatUtcForPeople(int64_t unix_seconds) {
  if (unix_seconds == 0) return "unknown";
  return absl::FormatTime("%Y-%m-%d %H:%M UTC",
                          absl::FromUnixSeconds(unix_seconds),
                          absl::UTCTimeZone());
}

std::string FormatUtcIso8601(int64_t unix_seconds) {
  if (unix_seconds == 0) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                          absl::FromUnixSeconds(unix_seconds),
                          absl::UTCTimeZone());
}

}  // namespace report_internal
}  // namespace blindmap
