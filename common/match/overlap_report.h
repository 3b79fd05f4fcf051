// Turning overlap counts into the report a party sees.
#ifndef BLINDMAP_COMMON_MATCH_OVERLAP_REPORT_H_
#define BLINDMAP_COMMON_MATCH_OVERLAP_REPORT_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "blindmap/v1/broker.pb.h"
#include "common/match/overlap.h"

namespace blindmap {

// One side of an intersection as the report describes it.
struct ReportSide {
  std::vector<v1::PopulationSpec> populations;
  std::vector<uint64_t> population_sizes;  // same order
};

// Fills the count fields of `report` (populations with sizes and overlaps,
// every matrix cell, the overlap totals) from `counts` of A against B,
// oriented for A when `me_is_a`, for B otherwise. Used by the broker and by
// `blindmap match-local`, so both report the same numbers the same way.
// DATA_LOSS if `counts` does not fit the two sides' populations.
absl::Status FillReportCounts(const OverlapCounts& counts, const ReportSide& a,
                              const ReportSide& b, bool me_is_a,
                              v1::OverlapReport& report);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_MATCH_OVERLAP_REPORT_H_
