// What a company shares with a partner beyond counts: the client side of
// sharing levels, per-account opt-in and opt-out, and detail fields.
#ifndef BLINDMAP_CLIENT_CONFIG_SHARING_CONFIG_H_
#define BLINDMAP_CLIENT_CONFIG_SHARING_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/config/row_filter.h"
#include "common/base/yaml_config.h"

namespace blindmap {

// Fields of AccountDetail a company may share.
enum class DetailField {
  kAccountName,
  kWebsite,
  kPopulations,
  kOwner,  // owner name and e-mail
  kIndustry,
  kCountry,
  kEmployees,
  kNote,
  kRelationship,  // the relationship strength of the plan (plan_config.h)
};

// Accounts picked by CRM id, by a file of ids (one per line), or by a
// filter over the export's columns.
struct AccountSelection {
  std::vector<std::string> accounts;
  std::string file;
  std::optional<RowFilter> where;

  bool empty() const { return accounts.empty() && file.empty() && !where; }
};

// From YAML such as (top level, or under partners.<name> to override it for
// one partner):
//
//   sharing:
//     levels: {Customers: overlaps, Prospects: counts, Churned: hidden}
//     fields: [account_name, website, populations, owner, industry,
//              country, employees, note,
//              relationship]   # default: the first three
//     columns: {owner_name: Account Owner, owner_email: Owner Email,
//               note: Partner Note}        # override detection
//     opt_in: {accounts: [0015g...], file: opt-in.txt,
//              where: {column: Partner Ready, equals: yes}}
//     opt_out: {file: never-share.txt}
//
// An account's detail is offered to the partner when it is opted in, or in
// a population at `overlaps`, and not opted out. Detail is released only
// where the partner offers the matching account too.
struct SharingConfig {
  std::map<std::string, v1::SharingLevel> levels;  // population -> level
  std::vector<DetailField> fields = {DetailField::kAccountName,
                                     DetailField::kWebsite,
                                     DetailField::kPopulations};
  // "owner_name", "owner_email", "industry", "country", "employees", "note"
  // -> the export's column.
  std::map<std::string, std::string> columns;
  AccountSelection opt_in;
  AccountSelection opt_out;

  // `population`'s level (counts when not listed).
  v1::SharingLevel LevelOf(absl::string_view population) const;
  bool Shares(DetailField field) const;
};

// INVALID_ARGUMENT located in the config for anything malformed.
absl::StatusOr<SharingConfig> ParseSharingConfig(const YamlConfig& yaml,
                                                 const YAML::Node& node,
                                                 const std::string& path);

// `sharing` made counts only, for a candidate partner: hidden levels stay,
// every other level becomes counts, nothing is opted in (opt-outs stay), so
// no detail is offered and none can be released either way.
SharingConfig CountsOnly(const SharingConfig& sharing);

// "hidden", "counts", "overlaps".
const char* SharingLevelName(v1::SharingLevel level);
absl::StatusOr<v1::SharingLevel> ParseSharingLevel(absl::string_view name);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CONFIG_SHARING_CONFIG_H_
