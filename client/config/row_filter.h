// Filters over CSV columns: how populations and exclusions are defined.
#ifndef BLINDMAP_CLIENT_CONFIG_ROW_FILTER_H_
#define BLINDMAP_CLIENT_CONFIG_ROW_FILTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/base/yaml_config.h"

namespace blindmap {

// A condition on one CSV row, written in YAML as one of
//   {column: Type, equals: Prospect}          # or a list of values
//   {column: Type, prefix: Customer}          # or a list of prefixes
//   {column: Notes, contains: "do not share"} # or a list
//   {column: Website, empty: true}            # / empty: false
//   {any: [condition, ...]}  {all: [condition, ...]}  {not: condition}
//   all                                       # every row
// Comparisons ignore case and surrounding spaces. Column names match the
// header ignoring case and surrounding spaces.
//
// A value type. Bind() once per file, then Matches() per row; both
// thread-compatible (Matches() is const and may run concurrently).
class RowFilter {
 public:
  // INVALID_ARGUMENT located in the config for an unknown form.
  static absl::StatusOr<RowFilter> FromYaml(const YamlConfig& config,
                                            const YAML::Node& node,
                                            absl::string_view path);

  // Filters built from others (for segments of a population, target lists
  // without relationship accounts, and exclusions with reasons): a row
  // that every one / at least one of `filters` matches, or that `filter`
  // does not match. `filters` must not be empty.
  static RowFilter AllOf(std::vector<RowFilter> filters);
  static RowFilter AnyOf(std::vector<RowFilter> filters);
  static RowFilter Not(RowFilter filter);

  // Resolves column names against `header`. A column missing from the
  // header is an INVALID_ARGUMENT naming it, unless `missing_is_false`, in
  // which case conditions on it are simply false.
  absl::Status Bind(const std::vector<std::string>& header,
                    bool missing_is_false);

  // Requires a successful Bind(). Fields beyond the row's end read as "".
  bool Matches(const std::vector<std::string>& fields) const;

  // True if Bind() left at least one condition on a real column (a filter
  // whose every column is missing never matches).
  bool BoundToAnyColumn() const;

  struct Node {
    enum class Op {
      kEquals,
      kPrefix,
      kContains,
      kEmpty,
      kAny,
      kAll,
      kNot,
      kEveryRow
    };
    Op op = Op::kEquals;
    std::string column;
    int index = -1;    // after Bind(); -1 = column missing
    bool flag = true;  // for kEmpty: true = empty, false = non-empty
    std::vector<std::string> values;  // lowercased, trimmed
    std::vector<Node> children;
  };

 private:
  explicit RowFilter(Node root) : root_(std::move(root)) {}
  Node root_;
};

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CONFIG_ROW_FILTER_H_
