// Counting the accounts kept off the mapping, by documented reason, on this
// machine only.
#ifndef BLINDMAP_CLIENT_CATEGORIES_EXCLUSION_COUNT_H_
#define BLINDMAP_CLIENT_CATEGORIES_EXCLUSION_COUNT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/config/client_config.h"

namespace blindmap {

struct ExclusionCount {
  std::string reason;  // from the config, verbatim
  int64_t accounts = 0;
};

struct ExclusionCounts {
  std::string source;                   // the export read
  int64_t rows = 0;                     // data rows read
  int64_t total = 0;                    // rows excluded (each once)
  std::vector<ExclusionCount> reasons;  // config order, every reason
};

// Reads the CRM export at `path` (CSV) and counts the rows that match the
// config's exclusions (ClientConfig::portfolio.exclusions), each under the
// first reason it matches; a filter naming a column the export lacks
// matches nothing. Without exclusions in the config, nothing is kept off
// the mapping: zero, and no file is read. Reads only; nothing leaves the
// machine. Errors as
// CsvReader's (NOT_FOUND for a missing file, INVALID_ARGUMENT naming file,
// row and column for bad CSV), INVALID_ARGUMENT for an empty `path`.
absl::StatusOr<ExclusionCounts> CountExclusions(const ClientConfig& config,
                                                const std::string& path);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CATEGORIES_EXCLUSION_COUNT_H_
