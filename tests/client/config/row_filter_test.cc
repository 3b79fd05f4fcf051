#include "client/config/row_filter.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/base/yaml_config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;

constexpr char kPath[] = "populations[0].where";

// Parses the YAML document `text`, whose top-level key `where` holds the
// condition, as the filter at kPath of "filters.yaml".
absl::StatusOr<RowFilter> ParseFilter(const std::string& text) {
  absl::StatusOr<YamlConfig> yaml = YamlConfig::Parse(text, "filters.yaml");
  if (!yaml.ok()) return yaml.status();
  return RowFilter::FromYaml(*yaml, yaml->root()["where"], kPath);
}

// The message of the error parsing `text` gives; fails the test if parsing
// succeeds or the code is not INVALID_ARGUMENT.
std::string ParseErrorMessage(const std::string& text) {
  absl::StatusOr<RowFilter> filter = ParseFilter(text);
  EXPECT_EQ(filter.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(filter.status().message());
}

// The filter in `text` bound to `header` (missing columns are errors).
std::optional<RowFilter> BoundFilter(const std::string& text,
                                     const std::vector<std::string>& header) {
  absl::StatusOr<RowFilter> filter = ParseFilter(text);
  EXPECT_TRUE(filter.ok()) << filter.status();
  if (!filter.ok()) return std::nullopt;
  absl::Status bound = filter->Bind(header, /*missing_is_false=*/false);
  EXPECT_TRUE(bound.ok()) << bound;
  if (!bound.ok()) return std::nullopt;
  return *std::move(filter);
}

const std::vector<std::string> kHeader = {"Account Name", "Type", "Region",
                                          "Notes", "Website"};

// A row of kHeader with the given Type, Region, Notes and Website.
std::vector<std::string> Row(const std::string& type,
                             const std::string& region = "",
                             const std::string& notes = "",
                             const std::string& website = "") {
  return {"Acme", type, region, notes, website};
}

TEST(RowFilterTest, EqualsOneValueIgnoresCaseAndSurroundingSpaces) {
  std::optional<RowFilter> filter =
      BoundFilter("where: {column: Type, equals: '  Prospect '}", kHeader);
  ASSERT_TRUE(filter.has_value());
  EXPECT_TRUE(filter->Matches(Row("Prospect")));
  EXPECT_TRUE(filter->Matches(Row("prospect")));
  EXPECT_TRUE(filter->Matches(Row("  PROSPECT\t")));
  EXPECT_FALSE(filter->Matches(Row("Prospects")));
  EXPECT_FALSE(filter->Matches(Row("Pro spect")));
  EXPECT_FALSE(filter->Matches(Row("")));
}

TEST(RowFilterTest, EqualsListMatchesAnyOfItsValues) {
  std::optional<RowFilter> filter = BoundFilter(
      "where: {column: Type, equals: [Lead, Opportunity]}", kHeader);
  ASSERT_TRUE(filter.has_value());
  EXPECT_TRUE(filter->Matches(Row("lead")));
  EXPECT_TRUE(filter->Matches(Row("OPPORTUNITY")));
  EXPECT_FALSE(filter->Matches(Row("Customer")));
}

TEST(RowFilterTest, EqualsKeepsYamlBooleanWordsAsText) {
  // `exclude: {column: Do Not Share, equals: [yes, true]}` must compare the
  // words, not YAML 1.1 booleans.
  std::optional<RowFilter> filter =
      BoundFilter("where: {column: Notes, equals: [yes, true, 1]}", kHeader);
  ASSERT_TRUE(filter.has_value());
  EXPECT_TRUE(filter->Matches(Row("", "", "Yes")));
  EXPECT_TRUE(filter->Matches(Row("", "", "TRUE")));
  EXPECT_TRUE(filter->Matches(Row("", "", "1")));
  EXPECT_FALSE(filter->Matches(Row("", "", "y")));
  EXPECT_FALSE(filter->Matches(Row("", "", "no")));
}

TEST(RowFilterTest, PrefixOneValueAndList) {
  std::optional<RowFilter> one =
      BoundFilter("where: {column: Type, prefix: Customer}", kHeader);
  ASSERT_TRUE(one.has_value());
  EXPECT_TRUE(one->Matches(Row("Customer - Direct")));
  EXPECT_TRUE(one->Matches(Row("  customer")));
  EXPECT_FALSE(one->Matches(Row("Former Customer")));
  EXPECT_FALSE(one->Matches(Row("Cust")));

  std::optional<RowFilter> list = BoundFilter(
      "where: {column: Type, prefix: [Customer, Partner]}", kHeader);
  ASSERT_TRUE(list.has_value());
  EXPECT_TRUE(list->Matches(Row("Customer - Channel")));
  EXPECT_TRUE(list->Matches(Row("PARTNER (reseller)")));
  EXPECT_FALSE(list->Matches(Row("Prospect")));
}

TEST(RowFilterTest, ContainsOneValueAndList) {
  std::optional<RowFilter> one =
      BoundFilter("where: {column: Notes, contains: Do Not Share}", kHeader);
  ASSERT_TRUE(one.has_value());
  EXPECT_TRUE(one->Matches(Row("", "", "legal: DO NOT SHARE until Q3")));
  EXPECT_TRUE(one->Matches(Row("", "", "do not share")));
  EXPECT_FALSE(one->Matches(Row("", "", "do not  share")));
  EXPECT_FALSE(one->Matches(Row("", "", "")));

  std::optional<RowFilter> list = BoundFilter(
      "where: {column: Notes, contains: [confidential, nda]}", kHeader);
  ASSERT_TRUE(list.has_value());
  EXPECT_TRUE(list->Matches(Row("", "", "Under NDA")));
  EXPECT_TRUE(list->Matches(Row("", "", "strictly Confidential")));
  EXPECT_FALSE(list->Matches(Row("", "", "public reference")));
}

TEST(RowFilterTest, EmptyTrueMatchesBlankCellsAndEmptyFalseTheOthers) {
  std::optional<RowFilter> empty =
      BoundFilter("where: {column: Website, empty: true}", kHeader);
  std::optional<RowFilter> filled =
      BoundFilter("where: {column: Website, empty: false}", kHeader);
  ASSERT_TRUE(empty.has_value() && filled.has_value());
  EXPECT_TRUE(empty->Matches(Row("", "", "", "")));
  EXPECT_TRUE(empty->Matches(Row("", "", "", "   ")));
  EXPECT_FALSE(empty->Matches(Row("", "", "", "acme.com")));
  EXPECT_FALSE(filled->Matches(Row("", "", "", "")));
  EXPECT_FALSE(filled->Matches(Row("", "", "", " \t")));
  EXPECT_TRUE(filled->Matches(Row("", "", "", "acme.com")));
}

TEST(RowFilterTest, AnyAllAndNotNest) {
  // Customers outside EMEA, or anything whose notes mention "strategic".
  std::optional<RowFilter> filter = BoundFilter(R"yaml(
where:
  any:
    - all:
        - {column: Type, prefix: customer}
        - not: {column: Region, equals: [EMEA, Europe]}
    - {column: Notes, contains: strategic}
)yaml",
                                                kHeader);
  ASSERT_TRUE(filter.has_value());
  EXPECT_TRUE(filter->Matches(Row("Customer - Direct", "AMER")));
  EXPECT_TRUE(filter->Matches(Row("Customer - Direct", "")));
  EXPECT_FALSE(filter->Matches(Row("Customer - Direct", "emea")));
  EXPECT_FALSE(filter->Matches(Row("Customer - Direct", "Europe ")));
  EXPECT_FALSE(filter->Matches(Row("Prospect", "AMER")));
  EXPECT_TRUE(filter->Matches(Row("Prospect", "EMEA", "Strategic account")));
  EXPECT_TRUE(filter->Matches(Row("Customer", "EMEA", "strategic")));
}

TEST(RowFilterTest, AllRequiresEveryChildAndNotInverts) {
  std::optional<RowFilter> all = BoundFilter(
      "where: {all: [{column: Type, equals: Prospect}, "
      "{column: Website, empty: false}]}",
      kHeader);
  std::optional<RowFilter> negated =
      BoundFilter("where: {not: {column: Type, equals: Prospect}}", kHeader);
  ASSERT_TRUE(all.has_value() && negated.has_value());
  EXPECT_TRUE(all->Matches(Row("Prospect", "", "", "acme.com")));
  EXPECT_FALSE(all->Matches(Row("Prospect", "", "", "")));
  EXPECT_FALSE(all->Matches(Row("Customer", "", "", "acme.com")));
  EXPECT_FALSE(negated->Matches(Row("prospect")));
  EXPECT_TRUE(negated->Matches(Row("Customer")));
  EXPECT_TRUE(negated->Matches(Row("")));
}

TEST(RowFilterTest, ColumnNamesMatchTheHeaderIgnoringCaseAndSpaces) {
  const std::vector<std::string> header = {"Company name",
                                           "  LIFECYCLE Stage "};
  std::optional<RowFilter> filter = BoundFilter(
      "where: {column: '  lifecycle stage', equals: customer}", header);
  ASSERT_TRUE(filter.has_value());
  EXPECT_TRUE(filter->BoundToAnyColumn());
  EXPECT_TRUE(filter->Matches({"Initech", "Customer"}));
  EXPECT_FALSE(filter->Matches({"Customer", "Lead"}));
}

TEST(RowFilterTest, BindingAMissingColumnIsAnErrorNamingIt) {
  absl::StatusOr<RowFilter> filter = ParseFilter(
      "where: {any: [{column: Type, equals: Customer}, "
      "{column: Tier, equals: Gold}]}");
  ASSERT_TRUE(filter.ok()) << filter.status();
  absl::Status bound = filter->Bind(kHeader, /*missing_is_false=*/false);
  EXPECT_EQ(bound.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bound.message(), "column \"Tier\" is not in the header");
}

TEST(RowFilterTest, MissingIsFalseMakesConditionsOnAMissingColumnFalse) {
  absl::StatusOr<RowFilter> filter = ParseFilter(
      "where: {any: [{column: Type, prefix: Customer}, "
      "{column: Lifecycle Stage, equals: customer}]}");
  ASSERT_TRUE(filter.ok()) << filter.status();
  ASSERT_TRUE(filter->Bind({"Account Name", "Type"}, true).ok());
  EXPECT_TRUE(filter->BoundToAnyColumn());
  EXPECT_TRUE(filter->Matches({"Acme", "Customer - Direct"}));
  // "customer" would satisfy the Lifecycle Stage condition, but that column
  // is not there: only the Type condition counts.
  EXPECT_FALSE(filter->Matches({"Acme", "Prospect"}));

  // Even `empty: true` is false on a missing column; its negation is true.
  absl::StatusOr<RowFilter> empty =
      ParseFilter("where: {column: Tier, empty: true}");
  absl::StatusOr<RowFilter> negated =
      ParseFilter("where: {not: {column: Tier, equals: Gold}}");
  ASSERT_TRUE(empty.ok() && negated.ok());
  ASSERT_TRUE(empty->Bind(kHeader, true).ok());
  ASSERT_TRUE(negated->Bind(kHeader, true).ok());
  EXPECT_FALSE(empty->Matches(Row("")));
  EXPECT_TRUE(negated->Matches(Row("")));
}

TEST(RowFilterTest, BoundToAnyColumnOnlyWhenSomeConditionFoundItsColumn) {
  absl::StatusOr<RowFilter> filter = ParseFilter(
      "where: {any: [{column: Type, prefix: customer}, "
      "{not: {column: Lifecycle Stage, equals: customer}}]}");
  ASSERT_TRUE(filter.ok()) << filter.status();
  EXPECT_FALSE(filter->BoundToAnyColumn());  // not bound yet

  ASSERT_TRUE(filter->Bind({"Account Name", "Website"}, true).ok());
  EXPECT_FALSE(filter->BoundToAnyColumn());

  ASSERT_TRUE(filter->Bind({"Company name", "Lifecycle Stage"}, true).ok());
  EXPECT_TRUE(filter->BoundToAnyColumn());  // through the nested `not`

  // Binding again to another header forgets the earlier columns.
  ASSERT_TRUE(filter->Bind({"Name"}, true).ok());
  EXPECT_FALSE(filter->BoundToAnyColumn());
}

TEST(RowFilterTest, FieldsBeyondTheRowsEndReadAsEmpty) {
  std::optional<RowFilter> equals =
      BoundFilter("where: {column: Website, equals: acme.com}", kHeader);
  std::optional<RowFilter> empty =
      BoundFilter("where: {column: Website, empty: true}", kHeader);
  std::optional<RowFilter> negated =
      BoundFilter("where: {not: {column: Website, prefix: a}}", kHeader);
  ASSERT_TRUE(equals.has_value() && empty.has_value() && negated.has_value());
  const std::vector<std::string> short_row = {"Acme", "Customer"};
  EXPECT_FALSE(equals->Matches(short_row));
  EXPECT_TRUE(empty->Matches(short_row));
  EXPECT_TRUE(negated->Matches(short_row));
  EXPECT_TRUE(empty->Matches({}));
}

TEST(RowFilterTest, UnknownKeyIsLocatedWithItsPath) {
  EXPECT_EQ(ParseErrorMessage(R"yaml(where:
  any:
    - {column: Type, equals: Customer}
    - {column: Type, starts_with: Cust}
)yaml"),
            "filters.yaml:4:22: populations[0].where.any[1].starts_with: "
            "unknown key; expected one of: column, equals, prefix, contains, "
            "empty");
}

// A combinator stands alone: any other key beside it is unknown (any and
// all are looked at before not, so that is the one reported).
TEST(RowFilterTest, CombinatorWithAnotherKeyIsAnUnknownKey) {
  EXPECT_EQ(ParseErrorMessage(
                "where: {any: [{column: Type, equals: x}], column: Type}"),
            "filters.yaml:1:43: populations[0].where.column: unknown key; "
            "expected one of: any");
  EXPECT_EQ(
      ParseErrorMessage("where: {not: {column: Type, equals: x}, all: []}"),
      "filters.yaml:1:9: populations[0].where.not: unknown key; expected one "
      "of: all");
}

TEST(RowFilterTest, ColumnConditionNeedsExactlyOneTest) {
  const std::string two = R"yaml(where:
  any:
    - {column: Type, equals: Customer}
    - {column: Type, equals: Customer, prefix: Cust}
)yaml";
  EXPECT_EQ(ParseErrorMessage(two),
            "filters.yaml:4:7: populations[0].where.any[1]: a column "
            "condition needs exactly one of equals, prefix, contains, empty");
  EXPECT_EQ(ParseErrorMessage("where: {column: Type}"),
            "filters.yaml:1:8: populations[0].where: a column condition needs "
            "exactly one of equals, prefix, contains, empty");
  EXPECT_EQ(
      ParseErrorMessage("where: {column: Type, contains: x, empty: true}"),
      "filters.yaml:1:8: populations[0].where: a column condition needs "
      "exactly one of equals, prefix, contains, empty");
}

TEST(RowFilterTest, ConditionWithoutColumnIsAnError) {
  EXPECT_EQ(ParseErrorMessage("where: {equals: Customer}"),
            "filters.yaml:1:8: populations[0].where: a condition needs a "
            "column");
}

TEST(RowFilterTest, BlankColumnNameIsAnError) {
  // A column of only spaces would otherwise be a condition that silently
  // never matches.
  EXPECT_EQ(ParseErrorMessage("where: {column: '   ', equals: x}"),
            "filters.yaml:1:8: populations[0].where: a condition needs a "
            "column");
}

TEST(RowFilterTest, ConditionThatIsNotAMappingIsAnError) {
  EXPECT_THAT(ParseErrorMessage("where:\n  all:\n    - Type is Customer\n"),
              HasSubstr("filters.yaml:3:7: populations[0].where.all[0]: "
                        "expected a condition such as {column: Type, equals: "
                        "Customer}"));
}

TEST(RowFilterTest, EmptyCombinatorListIsAnError) {
  EXPECT_EQ(ParseErrorMessage("where:\n  any: []\n"),
            "filters.yaml:2:8: populations[0].where.any: expected a non-empty "
            "list of conditions");
  EXPECT_EQ(ParseErrorMessage("where:\n  all: {column: Type, equals: x}\n"),
            "filters.yaml:2:8: populations[0].where.all: expected a non-empty "
            "list of conditions");
}

TEST(RowFilterTest, BadValuesAreLocated) {
  EXPECT_EQ(ParseErrorMessage("where: {column: Type, equals: []}"),
            "filters.yaml:1:31: populations[0].where.equals: expected a value "
            "or list of values");
  EXPECT_EQ(ParseErrorMessage("where: {column: Type, prefix: [a, [b]]}"),
            "filters.yaml:1:35: populations[0].where.prefix: expected a value "
            "or list of values");
  EXPECT_EQ(ParseErrorMessage("where: {column: Type, contains: {a: b}}"),
            "filters.yaml:1:33: populations[0].where.contains: expected a "
            "value or list of values");
  EXPECT_EQ(ParseErrorMessage("where: {column: Website, empty: maybe}"),
            "filters.yaml:1:33: populations[0].where.empty: expected true or "
            "false");
}

}  // namespace
}  // namespace blindmap
