// The producing share: which partners sourced a deal, from my CRM's
// opportunity partner field (counted on this machine).
#ifndef BLINDMAP_CLIENT_PARTNER_SCORE_PRODUCING_H_
#define BLINDMAP_CLIENT_PARTNER_SCORE_PRODUCING_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/config/client_config.h"

namespace blindmap {

struct ProducingCounts {
  std::string source;  // the file read
  std::string column;  // its partner column
  int64_t deals = 0;   // rows that are deals (partner_scoring.producing.where)
  int64_t partner_sourced = 0;                // of which name any partner
  std::map<std::string, int64_t> by_partner;  // party name -> deals sourced
  int64_t unknown_partner = 0;  // naming a partner none of `partners` is
};

// Reads partner_scoring.producing's file (default: export.file) and counts,
// per party in `partners`, the deals whose partner column names it: its
// party name or one of partners.<name>.crm_names, ignoring case and spaces.
// FAILED_PRECONDITION when the config has no producing column; NOT_FOUND
// for a missing file; INVALID_ARGUMENT naming file, row and column for bad
// CSV or a partner column the file lacks.
absl::StatusOr<ProducingCounts> CountProducing(
    const ClientConfig& config, const std::vector<std::string>& partners);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PARTNER_SCORE_PRODUCING_H_
