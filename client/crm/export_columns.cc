#include "client/crm/export_columns.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/status_macros.h"

namespace blindmap {
namespace {

using Names = std::vector<const char*>;

const Names kIdColumns = {"Account ID", "Record ID", "Id", "Company ID",
                          "AccountId"};
const Names kNameColumns = {"Account Name", "Company name", "Name", "Company",
                            "Organization"};
const Names kWebsiteColumns = {
    "Website", "Website URL",     "Company Domain Name",
    "Domain",  "Company Website", "Additional Domains",
    "Domains", "Other Domains"};
// Of kWebsiteColumns, those that list other domains than the account's own.
const Names kAdditionalWebsiteColumns = {"Additional Domains", "Domains",
                                         "Other Domains"};
const Names kDunsColumns = {"D-U-N-S Number", "DUNS", "DUNS Number", "D-U-N-S",
                            "DunsNumber"};
const Names kLeiColumns = {"LEI", "Legal Entity Identifier", "LEI Code"};
const Names kRegistrationColumns = {"Registration ID", "Registration Number",
                                    "Company Registration Number",
                                    "Company Number"};
const Names kCountryColumns = {"Registration Country", "Billing Country",
                               "Country/Region", "Country"};
const Names kAccountCountryColumns = {
    "Billing Country",     "Country/Region",       "Country",
    "Country Code",        "Billing Country Code", "HQ Country",
    "Registration Country"};

std::string Canonical(absl::string_view s) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(s));
}

int Detect(const std::vector<std::string>& header, const Names& candidates) {
  for (const char* candidate : candidates) {
    const int index = FindColumn(header, candidate);
    if (index >= 0) return index;
  }
  return -1;
}

// The first of `more` in the header when `found` is -1.
int DetectMore(const std::vector<std::string>& header, int found,
               const std::vector<std::string>* more) {
  if (found >= 0 || more == nullptr) return found;
  for (const std::string& candidate : *more) {
    const int index = FindColumn(header, candidate);
    if (index >= 0) return index;
  }
  return -1;
}

}  // namespace

int FindColumn(const std::vector<std::string>& header, absl::string_view name) {
  const std::string wanted = Canonical(name);
  for (size_t i = 0; i < header.size(); ++i) {
    if (Canonical(header[i]) == wanted) return static_cast<int>(i);
  }
  return -1;
}

absl::StatusOr<ExportColumns> ResolveColumns(
    const std::vector<std::string>& header, const ClientConfig& config,
    absl::string_view source, const ColumnCandidates* more) {
  ExportColumns columns;
  columns.header = header;
  // The configured column if set (an error if absent), else detection.
  auto pick = [&](const std::string& configured, absl::string_view role,
                  const Names& candidates,
                  const std::vector<std::string>* more_candidates =
                      nullptr) -> absl::StatusOr<int> {
    if (configured.empty()) {
      return DetectMore(header, Detect(header, candidates), more_candidates);
    }
    const int index = FindColumn(header, configured);
    if (index < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          source, ": column \"", configured, "\" (export.columns.", role,
          " in the config) is not in the header; the header has: ",
          absl::StrJoin(header, ", ")));
    }
    return index;
  };
  ASSIGN_OR_RETURN(columns.id, pick(config.id_column, "id", kIdColumns,
                                    more ? &more->id : nullptr));
  ASSIGN_OR_RETURN(columns.name, pick(config.name_column, "name", kNameColumns,
                                      more ? &more->name : nullptr));
  ASSIGN_OR_RETURN(columns.duns, pick(config.duns_column, "duns", kDunsColumns,
                                      more ? &more->duns : nullptr));
  ASSIGN_OR_RETURN(columns.lei, pick(config.lei_column, "lei", kLeiColumns,
                                     more ? &more->lei : nullptr));
  ASSIGN_OR_RETURN(
      columns.registration_id,
      pick(config.registration_id_column, "registration_id",
           kRegistrationColumns, more ? &more->registration_id : nullptr));
  ASSIGN_OR_RETURN(
      columns.registration_country,
      pick(config.registration_country_column, "registration_country",
           kCountryColumns, more ? &more->country : nullptr));
  ASSIGN_OR_RETURN(columns.country, pick(config.country_column, "country",
                                         kAccountCountryColumns, nullptr));
  if (!config.website_columns.empty() ||
      !config.additional_website_columns.empty()) {
    for (const std::string& website : config.website_columns) {
      ASSIGN_OR_RETURN(columns.websites.emplace_back(),
                       pick(website, "website", {}));
    }
    for (const std::string& website : config.additional_website_columns) {
      if (columns.websites.size() < 64) {
        columns.additional_websites |= uint64_t{1} << columns.websites.size();
      }
      ASSIGN_OR_RETURN(columns.websites.emplace_back(),
                       pick(website, "additional_website", {}));
    }
  } else {
    for (const char* candidate : kWebsiteColumns) {
      const int index = FindColumn(header, candidate);
      if (index < 0) continue;
      const bool additional =
          std::find_if(kAdditionalWebsiteColumns.begin(),
                       kAdditionalWebsiteColumns.end(),
                       [candidate](const char* name) {
                         return absl::string_view(name) == candidate;
                       }) != kAdditionalWebsiteColumns.end();
      if (additional && columns.websites.size() < 64) {
        columns.additional_websites |= uint64_t{1} << columns.websites.size();
      }
      columns.websites.push_back(index);
    }
    for (const std::string& candidate :
         more != nullptr ? more->website : std::vector<std::string>()) {
      const int index = FindColumn(header, candidate);
      if (index >= 0 &&
          std::find(columns.websites.begin(), columns.websites.end(), index) ==
              columns.websites.end()) {
        columns.websites.push_back(index);
      }
    }
  }
  if (columns.name < 0 && columns.websites.empty() && columns.duns < 0 &&
      columns.lei < 0 && columns.registration_id < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        source,
        ": no company name, website or registration id column found (looked "
        "for \"Account Name\", \"Company name\", \"Website\", \"Website "
        "URL\", \"DUNS\", ...); the header has: ",
        absl::StrJoin(header, ", "),
        ". Name the columns under export.columns in the config."));
  }
  return columns;
}

}  // namespace blindmap
