#include "common/base/yaml_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace blindmap {
namespace {

std::string Child(absl::string_view path, absl::string_view key) {
  return path.empty() ? std::string(key) : absl::StrCat(path, ".", key);
}

}  // namespace

absl::StatusOr<YamlConfig> YamlConfig::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    if (!std::filesystem::exists(path)) {
      return absl::NotFoundError(
          absl::StrCat("config file ", path, " does not exist"));
    }
    return absl::PermissionDeniedError(
        absl::StrCat("cannot read config file ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<YamlConfig> config = Parse(text.str(), path);
  if (!config.ok()) return config.status();
  std::string dir = std::filesystem::path(path).parent_path().string();
  config->base_dir_ = dir.empty() ? "." : dir;
  return config;
}

absl::StatusOr<YamlConfig> YamlConfig::Parse(absl::string_view text,
                                             std::string source_name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_name, ":", e.mark.line + 1, ":", e.mark.column + 1,
                     ": not valid YAML: ", e.msg));
  }
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) {
    return absl::InvalidArgumentError(absl::StrCat(
        source_name, ": the top level must be a mapping of keys to values"));
  }
  return YamlConfig(root, std::move(source_name), ".");
}

absl::Status YamlConfig::Error(const YAML::Node& node, absl::string_view path,
                               absl::string_view what) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_, ": ", path, ": ", what));
  }
  return absl::InvalidArgumentError(absl::StrCat(source_, ":", mark.line + 1,
                                                 ":", mark.column + 1, ": ",
                                                 path, ": ", what));
}

absl::Status YamlConfig::CheckKeys(
    const YAML::Node& map, absl::string_view path,
    std::initializer_list<absl::string_view> allowed) const {
  if (!map.IsMap()) {
    return Error(map, path.empty() ? "(top level)" : path,
                 "expected a mapping of keys to values");
  }
  for (const auto& entry : map) {
    const std::string key = entry.first.as<std::string>("");
    bool known = false;
    for (absl::string_view candidate : allowed) known |= candidate == key;
    if (!known) {
      return Error(entry.first, Child(path, key),
                   absl::StrCat("unknown key; expected one of: ",
                                absl::StrJoin(allowed, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> YamlConfig::String(
    const YAML::Node& map, absl::string_view path, const std::string& key,
    const std::string& fallback) const {
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return fallback;
  if (!node.IsScalar()) {
    return Error(node, Child(path, key), "expected a single value");
  }
  return node.Scalar();
}

absl::StatusOr<bool> YamlConfig::Bool(const YAML::Node& map,
                                      absl::string_view path,
                                      const std::string& key,
                                      bool fallback) const {
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return fallback;
  try {
    return node.as<bool>();
  } catch (const YAML::Exception&) {
    return Error(node, Child(path, key), "expected true or false");
  }
}

absl::StatusOr<int64_t> YamlConfig::Int(const YAML::Node& map,
                                        absl::string_view path,
                                        const std::string& key,
                                        int64_t fallback) const {
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return fallback;
  try {
    return node.as<int64_t>();
  } catch (const YAML::Exception&) {
    return Error(node, Child(path, key), "expected a whole number");
  }
}

absl::StatusOr<std::string> YamlConfig::Path(
    const YAML::Node& map, absl::string_view path, const std::string& key,
    const std::string& fallback) const {
  absl::StatusOr<std::string> value = String(map, path, key, fallback);
  if (!value.ok() || value->empty()) return value;
  std::filesystem::path p(*value);
  if (p.is_relative()) p = std::filesystem::path(base_dir_) / p;
  return p.lexically_normal().string();
}

}  // namespace blindmap
