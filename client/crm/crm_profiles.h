// CRM profiles: what one CRM's account export looks like, as data. A small
// YAML file per CRM (client/crm/profiles/*.yaml, installed with the client)
// names the columns the CRM writes and how its account type or stage puts a
// row in Customers or Prospects:
//
//   name: dynamics365                       # export.profile's value
//   title: Microsoft Dynamics 365 (Export to Excel)
//   detect:                                 # any one set, all present
//     - [(Do Not Modify) Account, (Do Not Modify) Row Checksum]
//   columns:                                # a name or a list of names
//     id: (Do Not Modify) Account
//     name: Account Name
//     website: Website                      # duns, lei, registration_id too
//     country: "Address 1: Country/Region"
//     type: Relationship Type               # named in messages
//   customers: {column: Relationship Type, equals: customer}  # a RowFilter
//   prospects: {column: Relationship Type, equals: prospect}
//   hint: text shown when no row is in either population  # optional
//
// A profile's column names are tried after the built-in ones (see
// ResolveColumns), so a profile only adds. Its two filters replace the
// default populations' (same names and kinds) unless the config defines
// populations.
#ifndef BLINDMAP_CLIENT_CRM_CRM_PROFILES_H_
#define BLINDMAP_CLIENT_CRM_CRM_PROFILES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/config/client_config.h"
#include "client/config/row_filter.h"
#include "client/crm/export_columns.h"

namespace blindmap {

struct CrmProfile {
  std::string name;   // lowercase letters, digits and '-'
  std::string title;  // for people
  std::string file;   // where it was read from
  // The header is this CRM's when every column of any one set is in it
  // (ignoring case and surrounding spaces).
  std::vector<std::vector<std::string>> detect;
  ColumnCandidates columns;
  std::vector<std::string> type_columns;  // where customer/prospect is said
  std::optional<RowFilter> customers;
  std::optional<RowFilter> prospects;
  std::string hint;
};

// The profile an export is read with, and why.
struct ProfileChoice {
  const CrmProfile* profile = nullptr;  // null: the built-in names only
  std::string reason;  // "recognized from the header (A, B)", ...
};

// Loads every *.yaml of each directory in turn (files in name order; a
// missing directory is skipped). A profile whose name an earlier directory
// already gave is skipped, so earlier directories override later ones.
// INVALID_ARGUMENT naming the file, line and key for a malformed profile.
absl::StatusOr<std::vector<CrmProfile>> LoadCrmProfiles(
    const std::vector<std::string>& dirs);
// One profile file.
absl::StatusOr<CrmProfile> LoadCrmProfile(const std::string& path);

// Where the shipped profiles are: $BLINDMAP_PROFILES_DIR if set, else
// <directory of the running executable>/../share/blindmap/profiles (the
// install layout, which the build tree mirrors: build/client/blindmap reads
// build/share/blindmap/profiles).
std::string ShippedProfilesDir();

// The directories the client reads profiles from: the config's profile_dir
// (profiles a user dropped in), then ShippedProfilesDir().
std::vector<std::string> CrmProfileDirs(const ClientConfig& config);

// The profile for `header`: config.export_profile if set ("none": no
// profile; a file path: that file, loaded into `loaded`; a name: that
// profile among `profiles`, else INVALID_ARGUMENT listing the known ones),
// else the profile whose detect set matches the most columns (ties: the
// first in `profiles`), else none. `source` names the export in messages.
absl::StatusOr<ProfileChoice> ChooseProfile(
    const std::vector<CrmProfile>& profiles, const ClientConfig& config,
    const std::vector<std::string>& header, absl::string_view source,
    std::optional<CrmProfile>& loaded);

// The populations to read an export with: the config's own when it defines
// them, else the defaults with the profile's filters (when it has them).
std::vector<PopulationConfig> PopulationsFor(const ClientConfig& config,
                                             const CrmProfile* profile);

// The error for an export in no population column the profile (or the
// built-in defaults, when `profile` is null) knows.
absl::Status MissingTypeColumnError(absl::string_view source,
                                    const CrmProfile* profile);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CRM_CRM_PROFILES_H_
