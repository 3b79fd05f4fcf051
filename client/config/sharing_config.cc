#include "client/config/sharing_config.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"

namespace blindmap {
namespace {

const std::pair<const char*, DetailField> kFields[] = {
    {"account_name", DetailField::kAccountName},
    {"website", DetailField::kWebsite},
    {"populations", DetailField::kPopulations},
    {"owner", DetailField::kOwner},
    {"industry", DetailField::kIndustry},
    {"country", DetailField::kCountry},
    {"employees", DetailField::kEmployees},
    {"note", DetailField::kNote},
    {"relationship", DetailField::kRelationship},
};

absl::StatusOr<AccountSelection> ParseSelection(const YamlConfig& yaml,
                                                const YAML::Node& node,
                                                const std::string& path) {
  AccountSelection selection;
  if (!node.IsDefined() || node.IsNull()) return selection;
  RETURN_IF_ERROR(yaml.CheckKeys(node, path, {"accounts", "file", "where"}));
  const YAML::Node accounts = node["accounts"];
  if (accounts.IsDefined() && !accounts.IsNull()) {
    if (!accounts.IsSequence()) {
      return yaml.Error(accounts, path + ".accounts",
                        "expected a list of account ids");
    }
    for (const YAML::Node& id : accounts) {
      if (!id.IsScalar()) {
        return yaml.Error(id, path + ".accounts", "expected an account id");
      }
      selection.accounts.push_back(id.Scalar());
    }
  }
  ASSIGN_OR_RETURN(selection.file, yaml.Path(node, path, "file", ""));
  if (node["where"]) {
    ASSIGN_OR_RETURN(selection.where,
                     RowFilter::FromYaml(yaml, node["where"], path + ".where"));
  }
  return selection;
}

}  // namespace

const char* SharingLevelName(v1::SharingLevel level) {
  switch (level) {
    case v1::SHARING_LEVEL_HIDDEN:
      return "hidden";
    case v1::SHARING_LEVEL_OVERLAPS:
      return "overlaps";
    default:
      return "counts";
  }
}

absl::StatusOr<v1::SharingLevel> ParseSharingLevel(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "hidden") return v1::SHARING_LEVEL_HIDDEN;
  if (lower == "counts") return v1::SHARING_LEVEL_COUNTS;
  if (lower == "overlaps") return v1::SHARING_LEVEL_OVERLAPS;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown sharing level \"", name, "\"; use hidden, counts or overlaps"));
}

SharingConfig CountsOnly(const SharingConfig& sharing) {
  SharingConfig out = sharing;
  for (auto& [population, level] : out.levels) {
    if (level != v1::SHARING_LEVEL_HIDDEN) level = v1::SHARING_LEVEL_COUNTS;
  }
  out.opt_in = AccountSelection();
  return out;
}

v1::SharingLevel SharingConfig::LevelOf(absl::string_view population) const {
  auto it = levels.find(std::string(population));
  return it == levels.end() ? v1::SHARING_LEVEL_COUNTS : it->second;
}

bool SharingConfig::Shares(DetailField field) const {
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

absl::StatusOr<SharingConfig> ParseSharingConfig(const YamlConfig& yaml,
                                                 const YAML::Node& node,
                                                 const std::string& path) {
  SharingConfig sharing;
  RETURN_IF_ERROR(yaml.CheckKeys(
      node, path, {"levels", "fields", "columns", "opt_in", "opt_out"}));
  const YAML::Node levels = node["levels"];
  if (levels.IsDefined() && !levels.IsNull()) {
    if (!levels.IsMap()) {
      return yaml.Error(levels, path + ".levels",
                        "expected population: level pairs");
    }
    for (const auto& entry : levels) {
      const std::string population = entry.first.as<std::string>("");
      const std::string where = absl::StrCat(path, ".levels.", population);
      if (!entry.second.IsScalar()) {
        return yaml.Error(entry.second, where,
                          "expected hidden, counts or overlaps");
      }
      absl::StatusOr<v1::SharingLevel> level =
          ParseSharingLevel(entry.second.Scalar());
      if (!level.ok()) {
        return yaml.Error(entry.second, where, level.status().message());
      }
      sharing.levels[population] = *level;
    }
  }
  const YAML::Node fields = node["fields"];
  if (fields.IsDefined() && !fields.IsNull()) {
    if (!fields.IsSequence()) {
      return yaml.Error(fields, path + ".fields", "expected a list of fields");
    }
    sharing.fields.clear();
    for (const YAML::Node& field : fields) {
      const std::string name =
          absl::AsciiStrToLower(field.IsScalar() ? field.Scalar() : "");
      const auto known =
          std::find_if(std::begin(kFields), std::end(kFields),
                       [&name](const auto& f) { return name == f.first; });
      if (known == std::end(kFields)) {
        return yaml.Error(field, path + ".fields",
                          "expected account_name, website, populations, "
                          "owner, industry, country, employees, note or "
                          "relationship");
      }
      sharing.fields.push_back(known->second);
    }
  }
  const YAML::Node columns = node["columns"];
  if (columns.IsDefined() && !columns.IsNull()) {
    RETURN_IF_ERROR(yaml.CheckKeys(columns, path + ".columns",
                                   {"owner_name", "owner_email", "industry",
                                    "country", "employees", "note"}));
    for (const auto& entry : columns) {
      const std::string role = entry.first.as<std::string>("");
      ASSIGN_OR_RETURN(sharing.columns[role],
                       yaml.String(columns, path + ".columns", role, ""));
    }
  }
  ASSIGN_OR_RETURN(sharing.opt_in,
                   ParseSelection(yaml, node["opt_in"], path + ".opt_in"));
  ASSIGN_OR_RETURN(sharing.opt_out,
                   ParseSelection(yaml, node["opt_out"], path + ".opt_out"));
  return sharing;
}

}  // namespace blindmap
