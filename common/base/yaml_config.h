// Reading YAML configuration files with errors that say where.
#ifndef BLINDMAP_COMMON_BASE_YAML_CONFIG_H_
#define BLINDMAP_COMMON_BASE_YAML_CONFIG_H_

#include <initializer_list>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "yaml-cpp/yaml.h"

namespace blindmap {

// A parsed YAML document and the name of the file it came from. Every
// accessor's error is INVALID_ARGUMENT and reads
// "<source>:<line>:<column>: <field path>: <what is wrong>". yaml-cpp's
// exceptions never escape. Thread-compatible.
class YamlConfig {
 public:
  // NOT_FOUND if the file does not exist, INVALID_ARGUMENT if it is not YAML
  // or its top level is not a mapping.
  static absl::StatusOr<YamlConfig> LoadFile(const std::string& path);
  static absl::StatusOr<YamlConfig> Parse(absl::string_view text,
                                          std::string source_name);

  const YAML::Node& root() const { return root_; }
  const std::string& source() const { return source_; }
  // Directory of the file, for resolving relative paths ("." for strings).
  const std::string& base_dir() const { return base_dir_; }

  // INVALID_ARGUMENT naming the first key of `map` not in `allowed` (typos
  // in a config must not pass silently).
  absl::Status CheckKeys(
      const YAML::Node& map, absl::string_view path,
      std::initializer_list<absl::string_view> allowed) const;

  // `map[key]` as a string / bool / integer, or `fallback` when absent.
  absl::StatusOr<std::string> String(const YAML::Node& map,
                                     absl::string_view path,
                                     const std::string& key,
                                     const std::string& fallback) const;
  absl::StatusOr<bool> Bool(const YAML::Node& map, absl::string_view path,
                            const std::string& key, bool fallback) const;
  absl::StatusOr<int64_t> Int(const YAML::Node& map, absl::string_view path,
                              const std::string& key, int64_t fallback) const;
  // A relative path is taken relative to base_dir(); "" stays "".
  absl::StatusOr<std::string> Path(const YAML::Node& map,
                                   absl::string_view path,
                                   const std::string& key,
                                   const std::string& fallback) const;

  // An INVALID_ARGUMENT error located at `node`.
  absl::Status Error(const YAML::Node& node, absl::string_view path,
                     absl::string_view what) const;

 private:
  YamlConfig(YAML::Node root, std::string source, std::string base_dir)
      : root_(std::move(root)),
        source_(std::move(source)),
        base_dir_(std::move(base_dir)) {}

  YAML::Node root_;
  std::string source_;
  std::string base_dir_;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_BASE_YAML_CONFIG_H_
