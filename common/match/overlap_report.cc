#include "common/match/overlap_report.h"

namespace blindmap {
namespace {

void FillPopulations(
    const ReportSide& side, const std::vector<uint64_t>& overlapping,
    google::protobuf::RepeatedPtrField<v1::PopulationOverlap>* out) {
  for (size_t i = 0; i < side.populations.size(); ++i) {
    v1::PopulationOverlap* population = out->Add();
    population->set_name(side.populations[i].name());
    population->set_kind(side.populations[i].kind());
    population->set_role(side.populations[i].role());
    population->set_records(
        i < side.population_sizes.size() ? side.population_sizes[i] : 0);
    population->set_overlapping_records(overlapping[i]);
  }
}

}  // namespace

absl::Status FillReportCounts(const OverlapCounts& counts, const ReportSide& a,
                              const ReportSide& b, bool me_is_a,
                              v1::OverlapReport& report) {
  const size_t a_pops = a.populations.size();
  const size_t b_pops = b.populations.size();
  if (counts.a_cells.size() != a_pops * b_pops ||
      counts.b_cells.size() != a_pops * b_pops ||
      counts.a_overlap_by_population.size() != a_pops ||
      counts.b_overlap_by_population.size() != b_pops) {
    return absl::DataLossError("overlap counts do not fit their snapshots");
  }
  const ReportSide& mine = me_is_a ? a : b;
  const ReportSide& theirs = me_is_a ? b : a;
  FillPopulations(
      mine,
      me_is_a ? counts.a_overlap_by_population : counts.b_overlap_by_population,
      report.mutable_my_populations());
  FillPopulations(
      theirs,
      me_is_a ? counts.b_overlap_by_population : counts.a_overlap_by_population,
      report.mutable_partner_populations());
  report.set_my_overlapping_records(me_is_a ? counts.a_overlap_total
                                            : counts.b_overlap_total);
  report.set_partner_overlapping_records(me_is_a ? counts.b_overlap_total
                                                 : counts.a_overlap_total);
  // Counts are [A population][B population]; rows are always mine.
  for (size_t row = 0; row < mine.populations.size(); ++row) {
    for (size_t column = 0; column < theirs.populations.size(); ++column) {
      const size_t index =
          me_is_a ? row * b_pops + column : column * b_pops + row;
      v1::OverlapCell* cell = report.add_cells();
      cell->set_row(static_cast<uint32_t>(row));
      cell->set_column(static_cast<uint32_t>(column));
      cell->set_my_records(me_is_a ? counts.a_cells[index]
                                   : counts.b_cells[index]);
      cell->set_partner_records(me_is_a ? counts.b_cells[index]
                                        : counts.a_cells[index]);
    }
  }
  return absl::OkStatus();
}

}  // namespace blindmap
