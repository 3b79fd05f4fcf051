#include "client/crm/crm_profiles.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/status_macros.h"
#include "common/base/yaml_config.h"

namespace blindmap {
namespace {

constexpr size_t kMaxProfileBytes = 64 * 1024;

bool IsProfileName(absl::string_view name) {
  if (name.empty() || name.size() > 40 || !absl::ascii_islower(name[0])) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
  });
}

// A column name or a list of them.
absl::StatusOr<std::vector<std::string>> Names(const YamlConfig& yaml,
                                               const YAML::Node& map,
                                               const std::string& path,
                                               const std::string& key) {
  std::vector<std::string> names;
  const YAML::Node node = map[key];
  const std::string where = absl::StrCat(path, ".", key);
  if (!node.IsDefined() || node.IsNull()) return names;
  if (node.IsScalar()) {
    names.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        return yaml.Error(item, where, "expected a column name");
      }
      names.push_back(item.Scalar());
    }
  } else {
    return yaml.Error(node, where, "expected a column name or a list");
  }
  for (const std::string& name : names) {
    if (absl::StripAsciiWhitespace(name).empty()) {
      return yaml.Error(node, where, "a column name may not be empty");
    }
  }
  return names;
}

absl::StatusOr<std::vector<std::vector<std::string>>> DetectSets(
    const YamlConfig& yaml, const YAML::Node& node) {
  if (!node.IsSequence() || node.size() == 0) {
    return yaml.Error(node, "detect",
                      "expected a list of column sets, e.g. [[Account Name, "
                      "Type]] (any one set, all present, recognizes it)");
  }
  std::vector<std::vector<std::string>> sets;
  // A flat list is one set.
  if (node[0].IsScalar()) {
    YAML::Node wrapper(YAML::NodeType::Map);
    wrapper["set"] = node;
    ASSIGN_OR_RETURN(sets.emplace_back(),
                     Names(yaml, wrapper, "detect", "set"));
    return sets;
  }
  for (size_t i = 0; i < node.size(); ++i) {
    if (!node[i].IsSequence() || node[i].size() == 0) {
      return yaml.Error(node[i], absl::StrCat("detect[", i, "]"),
                        "expected a non-empty list of column names");
    }
    YAML::Node wrapper(YAML::NodeType::Map);
    wrapper["set"] = node[i];
    ASSIGN_OR_RETURN(
        sets.emplace_back(),
        Names(yaml, wrapper, absl::StrCat("detect[", i, "]"), "set"));
  }
  return sets;
}

absl::StatusOr<CrmProfile> ProfileFromYaml(const YamlConfig& yaml,
                                           const std::string& file) {
  const YAML::Node& root = yaml.root();
  RETURN_IF_ERROR(yaml.CheckKeys(root, "",
                                 {"name", "title", "detect", "columns",
                                  "customers", "prospects", "hint"}));
  CrmProfile profile;
  profile.file = file;
  ASSIGN_OR_RETURN(profile.name, yaml.String(root, "", "name", ""));
  if (!IsProfileName(profile.name)) {
    return yaml.Error(root["name"].IsDefined() ? root["name"] : root, "name",
                      "needs a name of lowercase letters, digits and '-' "
                      "(1-40, starting with a letter)");
  }
  ASSIGN_OR_RETURN(profile.title, yaml.String(root, "", "title", ""));
  if (profile.title.empty()) profile.title = profile.name;
  if (!root["detect"]) {
    return yaml.Error(root, "detect",
                      "missing: the columns that recognize this CRM's export");
  }
  ASSIGN_OR_RETURN(profile.detect, DetectSets(yaml, root["detect"]));
  const YAML::Node columns = root["columns"];
  if (columns.IsDefined() && !columns.IsNull()) {
    RETURN_IF_ERROR(yaml.CheckKeys(columns, "columns",
                                   {"id", "name", "website", "duns", "lei",
                                    "registration_id", "country", "type"}));
    ColumnCandidates& c = profile.columns;
    ASSIGN_OR_RETURN(c.id, Names(yaml, columns, "columns", "id"));
    ASSIGN_OR_RETURN(c.name, Names(yaml, columns, "columns", "name"));
    ASSIGN_OR_RETURN(c.website, Names(yaml, columns, "columns", "website"));
    ASSIGN_OR_RETURN(c.duns, Names(yaml, columns, "columns", "duns"));
    ASSIGN_OR_RETURN(c.lei, Names(yaml, columns, "columns", "lei"));
    ASSIGN_OR_RETURN(c.registration_id,
                     Names(yaml, columns, "columns", "registration_id"));
    ASSIGN_OR_RETURN(c.country, Names(yaml, columns, "columns", "country"));
    ASSIGN_OR_RETURN(profile.type_columns,
                     Names(yaml, columns, "columns", "type"));
  }
  if (root["customers"].IsDefined() != root["prospects"].IsDefined()) {
    return yaml.Error(root, "customers",
                      "customers and prospects must be given together");
  }
  if (root["customers"].IsDefined()) {
    ASSIGN_OR_RETURN(profile.customers,
                     RowFilter::FromYaml(yaml, root["customers"], "customers"));
    ASSIGN_OR_RETURN(profile.prospects,
                     RowFilter::FromYaml(yaml, root["prospects"], "prospects"));
    if (profile.type_columns.empty()) {
      return yaml.Error(root, "columns.type",
                        "missing: the column that says customer or prospect "
                        "(named in messages)");
    }
  }
  ASSIGN_OR_RETURN(profile.hint, yaml.String(root, "", "hint", ""));
  return profile;
}

// How many columns of `profile`'s best detect set `header` has (0: none
// matches whole).
size_t DetectScore(const CrmProfile& profile,
                   const std::vector<std::string>& header,
                   const std::vector<std::string>** matched) {
  size_t best = 0;
  for (const std::vector<std::string>& set : profile.detect) {
    const bool all = std::all_of(
        set.begin(), set.end(),
        [&header](const std::string& c) { return FindColumn(header, c) >= 0; });
    if (all && set.size() > best) {
      best = set.size();
      *matched = &set;
    }
  }
  return best;
}

std::string Quoted(const std::vector<std::string>& names,
                   absl::string_view separator) {
  std::vector<std::string> quoted;
  for (const std::string& name : names) {
    quoted.push_back(absl::StrCat("\"", name, "\""));
  }
  return absl::StrJoin(quoted, separator);
}

}  // namespace

absl::StatusOr<CrmProfile> LoadCrmProfile(const std::string& path) {
  std::error_code error;
  const uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxProfileBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": a CRM profile is at most ", kMaxProfileBytes,
                     " bytes; this file has ", size));
  }
  absl::StatusOr<YamlConfig> yaml = YamlConfig::LoadFile(path);
  if (absl::IsNotFound(yaml.status())) {
    return absl::NotFoundError(
        absl::StrCat("CRM profile ", path, " does not exist"));
  }
  RETURN_IF_ERROR(yaml.status());
  return ProfileFromYaml(*yaml, path);
}

absl::StatusOr<std::vector<CrmProfile>> LoadCrmProfiles(
    const std::vector<std::string>& dirs) {
  std::vector<CrmProfile> profiles;
  for (const std::string& dir : dirs) {
    std::error_code error;
    if (dir.empty() || !std::filesystem::is_directory(dir, error)) continue;
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
      const std::filesystem::path& path = entry.path();
      if (path.extension() == ".yaml" && entry.is_regular_file(error)) {
        files.push_back(path.string());
      }
    }
    if (error) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot list the CRM profiles in ", dir, ": ", error.message()));
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      ASSIGN_OR_RETURN(CrmProfile profile, LoadCrmProfile(file));
      const bool known = std::any_of(
          profiles.begin(), profiles.end(),
          [&profile](const CrmProfile& p) { return p.name == profile.name; });
      if (!known) profiles.push_back(std::move(profile));
    }
  }
  return profiles;
}

std::string ShippedProfilesDir() {
  if (const char* dir = std::getenv("BLINDMAP_PROFILES_DIR");
      dir != nullptr && *dir != '\0') {
    return dir;
  }
  std::error_code error;
  const std::filesystem::path exe =
      std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "";
  return (exe.parent_path() / ".." / "share" / "blindmap" / "profiles")
      .lexically_normal()
      .string();
}

std::vector<std::string> CrmProfileDirs(const ClientConfig& config) {
  std::vector<std::string> dirs;
  if (!config.profile_dir.empty()) dirs.push_back(config.profile_dir);
  const std::string shipped = ShippedProfilesDir();
  if (!shipped.empty()) dirs.push_back(shipped);
  return dirs;
}

absl::StatusOr<ProfileChoice> ChooseProfile(
    const std::vector<CrmProfile>& profiles, const ClientConfig& config,
    const std::vector<std::string>& header, absl::string_view source,
    std::optional<CrmProfile>& loaded) {
  ProfileChoice choice;
  const std::string& wanted = config.export_profile;
  if (wanted == "none") {
    choice.reason = "none (export.profile in the config)";
    return choice;
  }
  if (!wanted.empty() && !IsProfileName(wanted)) {
    ASSIGN_OR_RETURN(loaded, LoadCrmProfile(wanted));
    choice.profile = &*loaded;
    choice.reason = absl::StrCat("export.profile in the config (", wanted, ")");
    return choice;
  }
  if (!wanted.empty()) {
    for (const CrmProfile& profile : profiles) {
      if (profile.name == wanted) {
        choice.profile = &profile;
        choice.reason = "export.profile in the config";
        return choice;
      }
    }
    std::vector<std::string> names;
    for (const CrmProfile& profile : profiles) names.push_back(profile.name);
    return absl::InvalidArgumentError(absl::StrCat(
        source, ": export.profile \"", wanted,
        "\" in the config names no CRM profile; known: ",
        names.empty() ? "(none found)" : absl::StrJoin(names, ", "),
        " (profiles are read from ",
        absl::StrJoin(CrmProfileDirs(config), " and "), ")"));
  }
  size_t best = 0;
  const std::vector<std::string>* best_set = nullptr;
  for (const CrmProfile& profile : profiles) {
    const std::vector<std::string>* matched = nullptr;
    const size_t score = DetectScore(profile, header, &matched);
    if (score > best) {
      best = score;
      best_set = matched;
      choice.profile = &profile;
    }
  }
  if (choice.profile != nullptr) {
    choice.reason = absl::StrCat("recognized from the header (",
                                 Quoted(*best_set, ", "), ")");
  } else {
    choice.reason = "none recognized: columns by their common names";
  }
  return choice;
}

std::vector<PopulationConfig> PopulationsFor(const ClientConfig& config,
                                             const CrmProfile* profile) {
  if (config.custom_populations || profile == nullptr ||
      !profile->customers.has_value()) {
    return config.populations;
  }
  std::vector<PopulationConfig> populations = DefaultPopulations();
  for (PopulationConfig& population : populations) {
    if (population.kind == v1::POPULATION_KIND_CUSTOMER) {
      population.filter = *profile->customers;
    } else if (population.kind == v1::POPULATION_KIND_PROSPECT) {
      population.filter = *profile->prospects;
    }
  }
  return populations;
}

absl::Status MissingTypeColumnError(absl::string_view source,
                                    const CrmProfile* profile) {
  if (profile == nullptr || !profile->customers.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        source,
        ": the default populations need a Salesforce \"Type\" or HubSpot "
        "\"Lifecycle Stage\" column, and the header has neither; define "
        "populations in the config"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(source, ": the ", profile->title,
                   " profile puts rows in Customers and Prospects by ",
                   Quoted(profile->type_columns, " or "),
                   ", and the header has no such column; ",
                   profile->hint.empty() ? "define populations in the config"
                                         : profile->hint));
}

}  // namespace blindmap
