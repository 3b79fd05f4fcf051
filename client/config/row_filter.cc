#include "client/config/row_filter.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"

namespace blindmap {
namespace {

using Node = RowFilter::Node;

std::string Canonical(absl::string_view s) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(s));
}

absl::StatusOr<std::vector<std::string>> Values(const YamlConfig& config,
                                                const YAML::Node& node,
                                                const std::string& path) {
  std::vector<std::string> values;
  if (node.IsScalar()) {
    values.push_back(Canonical(node.Scalar()));
  } else if (node.IsSequence() && node.size() > 0) {
    for (const YAML::Node& item : node) {
      if (!item.IsScalar()) {
        return config.Error(item, path, "expected a value or list of values");
      }
      values.push_back(Canonical(item.Scalar()));
    }
  } else {
    return config.Error(node, path, "expected a value or list of values");
  }
  return values;
}

absl::StatusOr<Node> Parse(const YamlConfig& config, const YAML::Node& node,
                           const std::string& path) {
  if (node.IsScalar() && Canonical(node.Scalar()) == "all") {
    Node every;
    every.op = Node::Op::kEveryRow;
    return every;
  }
  if (!node.IsMap()) {
    return config.Error(node, path,
                        "expected a condition such as {column: Type, equals: "
                        "Customer}, {any: [...]}, {all: [...]}, {not: ...} or "
                        "all");
  }
  Node out;
  for (const char* combinator : {"any", "all"}) {
    if (!node[combinator]) continue;
    RETURN_IF_ERROR(config.CheckKeys(node, path, {combinator}));
    const YAML::Node list = node[combinator];
    if (!list.IsSequence() || list.size() == 0) {
      return config.Error(list, absl::StrCat(path, ".", combinator),
                          "expected a non-empty list of conditions");
    }
    out.op = std::string(combinator) == "any" ? Node::Op::kAny : Node::Op::kAll;
    for (size_t i = 0; i < list.size(); ++i) {
      ASSIGN_OR_RETURN(out.children.emplace_back(),
                       Parse(config, list[i],
                             absl::StrCat(path, ".", combinator, "[", i, "]")));
    }
    return out;
  }
  if (node["not"]) {
    RETURN_IF_ERROR(config.CheckKeys(node, path, {"not"}));
    out.op = Node::Op::kNot;
    ASSIGN_OR_RETURN(out.children.emplace_back(),
                     Parse(config, node["not"], path + ".not"));
    return out;
  }
  RETURN_IF_ERROR(config.CheckKeys(
      node, path, {"column", "equals", "prefix", "contains", "empty"}));
  ASSIGN_OR_RETURN(out.column, config.String(node, path, "column", ""));
  out.column = std::string(absl::StripAsciiWhitespace(out.column));
  if (out.column.empty()) {
    return config.Error(node, path, "a condition needs a column");
  }
  int tests = 0;
  for (const auto& [key, op] :
       {std::pair<const char*, Node::Op>{"equals", Node::Op::kEquals},
        {"prefix", Node::Op::kPrefix},
        {"contains", Node::Op::kContains}}) {
    if (!node[key]) continue;
    ++tests;
    out.op = op;
    ASSIGN_OR_RETURN(out.values,
                     Values(config, node[key], absl::StrCat(path, ".", key)));
  }
  if (node["empty"]) {
    ++tests;
    out.op = Node::Op::kEmpty;
    ASSIGN_OR_RETURN(out.flag, config.Bool(node, path, "empty", true));
  }
  if (tests != 1) {
    return config.Error(node, path,
                        "a column condition needs exactly one of equals, "
                        "prefix, contains, empty");
  }
  return out;
}

absl::Status BindNode(Node& node, const std::vector<std::string>& header,
                      bool missing_is_false) {
  for (Node& child : node.children) {
    RETURN_IF_ERROR(BindNode(child, header, missing_is_false));
  }
  if (node.column.empty()) return absl::OkStatus();
  node.index = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    if (Canonical(header[i]) == Canonical(node.column)) {
      node.index = static_cast<int>(i);
      break;
    }
  }
  if (node.index < 0 && !missing_is_false) {
    return absl::InvalidArgumentError(
        absl::StrCat("column \"", node.column, "\" is not in the header"));
  }
  return absl::OkStatus();
}

bool AnyBound(const Node& node) {
  if (node.op == Node::Op::kEveryRow) return true;
  if (!node.column.empty()) return node.index >= 0;
  for (const Node& child : node.children) {
    if (AnyBound(child)) return true;
  }
  return false;
}

bool Evaluate(const Node& node, const std::vector<std::string>& fields) {
  switch (node.op) {
    case Node::Op::kAny:
      for (const Node& child : node.children) {
        if (Evaluate(child, fields)) return true;
      }
      return false;
    case Node::Op::kAll:
      for (const Node& child : node.children) {
        if (!Evaluate(child, fields)) return false;
      }
      return true;
    case Node::Op::kNot:
      return !Evaluate(node.children[0], fields);
    case Node::Op::kEveryRow:
      return true;
    default:
      break;
  }
  if (node.index < 0) return false;
  const std::string value = static_cast<size_t>(node.index) < fields.size()
                                ? Canonical(fields[node.index])
                                : std::string();
  switch (node.op) {
    case Node::Op::kEmpty:
      return value.empty() == node.flag;
    case Node::Op::kEquals:
      for (const std::string& v : node.values) {
        if (value == v) return true;
      }
      return false;
    case Node::Op::kPrefix:
      for (const std::string& v : node.values) {
        if (absl::StartsWith(value, v)) return true;
      }
      return false;
    case Node::Op::kContains:
      for (const std::string& v : node.values) {
        if (absl::StrContains(value, v)) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace

absl::StatusOr<RowFilter> RowFilter::FromYaml(const YamlConfig& config,
                                              const YAML::Node& node,
                                              absl::string_view path) {
  ASSIGN_OR_RETURN(Node root, Parse(config, node, std::string(path)));
  return RowFilter(std::move(root));
}

absl::Status RowFilter::Bind(const std::vector<std::string>& header,
                             bool missing_is_false) {
  return BindNode(root_, header, missing_is_false);
}

namespace {

Node Combine(Node::Op op, std::vector<RowFilter::Node> children) {
  Node out;
  out.op = op;
  out.children = std::move(children);
  return out;
}

}  // namespace

RowFilter RowFilter::AllOf(std::vector<RowFilter> filters) {
  std::vector<Node> children;
  for (RowFilter& filter : filters) children.push_back(std::move(filter.root_));
  return RowFilter(Combine(Node::Op::kAll, std::move(children)));
}

RowFilter RowFilter::AnyOf(std::vector<RowFilter> filters) {
  std::vector<Node> children;
  for (RowFilter& filter : filters) children.push_back(std::move(filter.root_));
  return RowFilter(Combine(Node::Op::kAny, std::move(children)));
}

RowFilter RowFilter::Not(RowFilter filter) {
  std::vector<Node> children;
  children.push_back(std::move(filter.root_));
  return RowFilter(Combine(Node::Op::kNot, std::move(children)));
}

bool RowFilter::Matches(const std::vector<std::string>& fields) const {
  return Evaluate(root_, fields);
}

bool RowFilter::BoundToAnyColumn() const { return AnyBound(root_); }

}  // namespace blindmap
