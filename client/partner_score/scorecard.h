// The partner manager's scorecard: the partner-ICP guide's entered
// dimensions (segment fit, motion fit, selling capacity) per partner, kept
// in a CSV file on this machine.
#ifndef BLINDMAP_CLIENT_PARTNER_SCORE_SCORECARD_H_
#define BLINDMAP_CLIENT_PARTNER_SCORE_SCORECARD_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace blindmap {

struct ScorecardEntry {
  std::string partner;             // party name (a partnership, or a candidate)
  std::optional<int> segment_fit;  // 1-5; unset when blank
  std::string motion;              // resell, refer, co-sell, build
  std::optional<int> motion_fit;   // 1-5
  std::optional<int> selling_capacity;  // 1-5
  std::string notes;
  int64_t row = 0;  // spreadsheet row in the file
};

// Reads a CSV with the header columns partner, segment_fit, motion,
// motion_fit, selling_capacity and notes (any order, case and spaces or
// underscores alike; only partner is required). A score is blank or a whole
// number 1-5; a motion is one or more of resell, refer, co-sell, build
// separated by ';' or '/'. INVALID_ARGUMENT naming the file, row and column
// for anything else (a bad party name, a repeated partner, an unknown
// column); NOT_FOUND for a missing file. Keyed by partner.
absl::StatusOr<std::map<std::string, ScorecardEntry>> ReadScorecard(
    const std::string& path);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PARTNER_SCORE_SCORECARD_H_
