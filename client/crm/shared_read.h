// One read of the CRM export serving several partners, each with its own
// sharing settings (`blindmap sync --all`).
#ifndef BLINDMAP_CLIENT_CRM_SHARED_READ_H_
#define BLINDMAP_CLIENT_CRM_SHARED_READ_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "client/config/client_config.h"
#include "client/config/sharing_config.h"
#include "client/crm/crm_export.h"

namespace blindmap {

// Which accounts offer detail to a partner depends on the partner (levels,
// opt-in and opt-out lists, detail fields), but only through what a read
// keeps per account (id, populations) except for two row-dependent parts:
// the opt_in/opt_out `where` filters and the detail `columns`. So the
// export is read once with ReadSharing(): every account captures its full
// detail (all fields), the base sharing's `where` filters decide the
// row-dependent opt-ins and opt-outs, and then, per partner, SharedDetail
// picks the accounts and fields that partner's sharing offers: the same
// detail, byte for byte, as a read with that partner's sharing alone.
//
// A partner whose sharing overrides the `where` filters or `columns` of the
// config's top-level `sharing` cannot be served by that read:
// CompatibleWithSharedRead() says so (sync it alone with --partner).

// The sharing to read the export with, from the config's top-level one.
SharingConfig ReadSharing(const ClientConfig& config);

// OK, or INVALID_ARGUMENT naming what `partner`'s sharing overrides.
absl::Status CompatibleWithSharedRead(const ClientConfig& config,
                                      absl::string_view partner);

// The full detail of every account of a read with ReadSharing(), and the
// per-partner selection. Owns its copy of the details; not thread-safe.
class SharedDetail {
 public:
  // Moves the details out of `exported` (read with ReadSharing()).
  explicit SharedDetail(CrmExport& exported);

  // Sets each account's detail and opted_in in `exported` (the same export)
  // and the summary's detail_offered, opted_in and opted_out, for a partner
  // whose effective sharing is `sharing` (its own, the broker's levels and
  // its opt-outs; see EffectiveSharing()). INVALID_ARGUMENT for an
  // unreadable id file or a configured column missing from the header.
  absl::Status ApplyFor(const SharingConfig& sharing,
                        const ClientConfig& config, CrmExport& exported) const;

 private:
  std::vector<std::string> full_detail_;  // "" = opted out by a filter
  std::vector<bool> opted_in_by_filter_;
};

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CRM_SHARED_READ_H_
