// Which columns of a CRM export hold which match keys.
#ifndef BLINDMAP_CLIENT_CRM_EXPORT_COLUMNS_H_
#define BLINDMAP_CLIENT_CRM_EXPORT_COLUMNS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/config/client_config.h"

namespace blindmap {

// Column indices after matching the header (-1: no such column).
struct ExportColumns {
  int id = -1;  // none: accounts are identified by row number
  int name = -1;
  std::vector<int> websites;  // every website/domain column; cells may list
                              // several, separated by ';', ',' or spaces
  // Bit i set: websites[i] lists additional domains (acquired brands, other
  // domains), which are keys but not the account's own website.
  uint64_t additional_websites = 0;
  int duns = -1;
  int lei = -1;
  int registration_id = -1;
  int registration_country = -1;  // or a country column
  int country = -1;               // the account's country (billing, HQ)
  std::vector<std::string> header;

  // The header name of column `index`, or "" for -1.
  std::string Name(int index) const {
    return index >= 0 ? header[index] : std::string();
  }
};

// Column names one CRM writes for each role (from its profile, see
// crm_profiles.h), tried after the built-in names below.
struct ColumnCandidates {
  std::vector<std::string> id;
  std::vector<std::string> name;
  std::vector<std::string> website;
  std::vector<std::string> duns;
  std::vector<std::string> lei;
  std::vector<std::string> registration_id;
  std::vector<std::string> country;
};

// Resolves the export's columns from its header: the config's choices where
// set, otherwise the known Salesforce and HubSpot names, ignoring case
// (then `more`'s names, if given, for a role none of these found; every
// website column of either list is used):
//   id        Account ID, Record ID, Id, Company ID, AccountId
//   name      Account Name, Company name, Name, Company, Organization
//   websites  Website, Website URL, Company Domain Name, Domain, Company
//             Website, and as additional domains Additional Domains,
//             Domains, Other Domains (all found; configured website columns
//             are the account's own, additional_website ones additional)
//   DUNS      D-U-N-S Number, DUNS, DUNS Number, D-U-N-S, DunsNumber
//   LEI       LEI, Legal Entity Identifier, LEI Code
//   reg. id   Registration ID, Registration Number, Company Registration
//             Number, Company Number
//   reg. country  Registration Country, then Billing Country,
//             Country/Region, Country
//   country   Billing Country, Country/Region, Country, Country Code,
//             Billing Country Code, HQ Country, then Registration Country
// INVALID_ARGUMENT (listing the header) if a configured column is missing or
// there is no name, website or registration id column at all.
absl::StatusOr<ExportColumns> ResolveColumns(
    const std::vector<std::string>& header, const ClientConfig& config,
    absl::string_view source, const ColumnCandidates* more = nullptr);

// Index of `name` in `header` ignoring case and surrounding spaces, or -1.
int FindColumn(const std::vector<std::string>& header, absl::string_view name);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CRM_EXPORT_COLUMNS_H_
