// Which accounts offer their detail to a partner, and what that detail says.
#ifndef BLINDMAP_CLIENT_CRM_DETAIL_CAPTURE_H_
#define BLINDMAP_CLIENT_CRM_DETAIL_CAPTURE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/config/client_config.h"
#include "client/config/plan_config.h"
#include "client/config/sharing_config.h"
#include "client/crm/export_columns.h"

namespace blindmap {

// Applies a SharingConfig to the rows of one export: an account's detail is
// offered when it is opted in (by id, id file or filter), or belongs to a
// population at `overlaps`, and is not opted out. The detail is an
// AccountDetail with the configured fields, taken from the row as typed
// (it is sealed before it leaves the machine). A field longer than
// kMaxDetailFieldBytes is cut there, ending in "…", so that a detail always
// fits the broker's 16 KiB per record.
//
// Immutable after Create(); thread-safe.
inline constexpr size_t kMaxDetailFieldBytes = 1024;

class DetailCapture {
 public:
  struct Decision {
    bool offered = false;
    bool opted_in = false;   // explicitly
    bool opted_out = false;  // explicitly
  };

  // Resolves the detail columns (Account Owner, Owner Email, Industry,
  // Billing Country, Employees, Partner Note, ... or the configured ones)
  // and loads the opt-in/opt-out id files and filters. INVALID_ARGUMENT
  // naming the file for a configured column missing from the header or an
  // unreadable id file.
  static absl::StatusOr<DetailCapture> Create(
      const SharingConfig& sharing, const ExportColumns& columns,
      const std::vector<PopulationConfig>& populations,
      absl::string_view source);

  // When the sharing offers the `relationship` field: binds `rule` (the
  // plan's, see plan_config.h) to the export's header so that Build() sets
  // AccountDetail.relationship. Call once after Create(); INVALID_ARGUMENT
  // naming `source` for a configured column missing from the header.
  absl::Status BindRelationship(const RelationshipRule& rule,
                                const std::vector<std::string>& header,
                                absl::string_view source);

  Decision Decide(absl::string_view account_id, uint64_t populations,
                  const std::vector<std::string>& fields) const;

  // The account ids opted in or out by id or id file (not by filter).
  const absl::flat_hash_set<std::string>& opt_in_ids() const {
    return opt_in_ids_;
  }
  const absl::flat_hash_set<std::string>& opt_out_ids() const {
    return opt_out_ids_;
  }

  // The serialized AccountDetail of a row.
  std::string Build(const std::vector<std::string>& fields,
                    uint64_t populations) const;

 private:
  DetailCapture() = default;

  const SharingConfig* sharing_ = nullptr;
  const ExportColumns* columns_ = nullptr;
  std::vector<std::string> population_names_;
  uint64_t overlaps_mask_ = 0;
  absl::flat_hash_set<std::string> opt_in_ids_;
  absl::flat_hash_set<std::string> opt_out_ids_;
  std::optional<RowFilter> opt_in_where_;
  std::optional<RowFilter> opt_out_where_;
  int owner_name_ = -1;
  int owner_email_ = -1;
  int industry_ = -1;
  int country_ = -1;
  int employees_ = -1;
  int note_ = -1;
  std::optional<RelationshipRule> relationship_;
};

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CRM_DETAIL_CAPTURE_H_
