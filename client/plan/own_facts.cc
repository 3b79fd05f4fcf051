#include "client/plan/own_facts.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/crm/export_columns.h"
#include "client/plan/plan_values.h"
#include "common/base/status_macros.h"
#include "common/text/csv_reader.h"

namespace blindmap {
namespace {

// The plan column indices of one header (-1: absent).
struct PlanColumnIndex {
  std::map<PlanColumn, int> index;

  int Of(PlanColumn column) const {
    auto it = index.find(column);
    return it == index.end() ? -1 : it->second;
  }
};

absl::StatusOr<PlanColumnIndex> ResolvePlanColumns(
    const std::vector<std::string>& header, const PlanConfig& plan,
    absl::string_view source, OwnFacts& facts) {
  PlanColumnIndex resolved;
  for (PlanColumn column : kAllPlanColumns) {
    int index = -1;
    auto configured = plan.columns.find(column);
    if (configured != plan.columns.end()) {
      index = FindHeaderColumn(header, configured->second);
      if (index < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(source, ": column \"", configured->second,
                         "\" (plan.columns.", PlanColumnKey(column),
                         " in the config) is not in the header; the "
                         "header has: ",
                         absl::StrJoin(header, ", ")));
      }
    } else {
      for (const char* candidate : PlanColumnDefaults(column)) {
        index = FindHeaderColumn(header, candidate);
        if (index >= 0) break;
      }
    }
    if (index >= 0) {
      resolved.index[column] = index;
      facts.columns[column] = header[index];
    }
  }
  return resolved;
}

std::string Trimmed(const std::vector<std::string>& fields, int index) {
  if (index < 0 || static_cast<size_t>(index) >= fields.size()) return "";
  return std::string(absl::StripAsciiWhitespace(fields[index]));
}

}  // namespace

const OwnAccountFacts* OwnFacts::Find(const std::string& account_id) const {
  auto it = accounts.find(account_id);
  return it == accounts.end() ? nullptr : &it->second;
}

absl::StatusOr<OwnFacts> ReadOwnFacts(
    const ClientConfig& config, const std::string& path,
    const absl::flat_hash_set<std::string>& wanted,
    const absl::flat_hash_set<std::string>* offered) {
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> csv, CsvReader::Open(path));
  ASSIGN_OR_RETURN(std::optional<CsvRow> header_row, csv->Next());
  if (!header_row.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": the file is empty (expected a header row)"));
  }
  const std::vector<std::string>& header = header_row->fields;
  OwnFacts facts;
  facts.source = path;
  ASSIGN_OR_RETURN(ExportColumns columns, ResolveColumns(header, config, path));
  ASSIGN_OR_RETURN(PlanColumnIndex plan_columns,
                   ResolvePlanColumns(header, config.plan, path, facts));
  std::vector<PopulationConfig> populations = config.populations;
  for (PopulationConfig& population : populations) {
    absl::Status bound = population.filter.Bind(
        header, /*missing_is_false=*/!config.custom_populations);
    if (!bound.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": population \"", population.name, "\": ", bound.message()));
    }
  }
  for (const PopulationConfig& population : populations) {
    facts.population_names.push_back(population.name);
  }
  facts.population_rows.assign(populations.size(), 0);
  facts.population_offered.assign(populations.size(), 0);
  std::optional<RowFilter> exclude = config.exclude;
  if (exclude.has_value()) {
    absl::Status bound = exclude->Bind(header, false);
    if (!bound.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": exclude: ", bound.message()));
    }
  }
  RelationshipRule relationship = config.plan.relationship;
  RETURN_IF_ERROR(relationship.Bind(header, path));
  facts.relationship_known = relationship.bound();

  const auto problem = [&facts, &path, &header](int64_t row, int index,
                                                absl::string_view what) {
    if (facts.problems.size() < OwnFacts::kMaxProblems) {
      facts.problems.push_back(absl::StrCat(path, ": row ", row, ", column ",
                                            header[index], ": ", what));
    }
  };
  CsvRow row;
  while (true) {
    ASSIGN_OR_RETURN(bool more, csv->Next(row));
    if (!more) break;
    ++facts.rows;
    if (row.fields.size() < header.size()) row.fields.resize(header.size());
    std::string id = Trimmed(row.fields, columns.id);
    if (id.empty()) id = absl::StrCat("row:", row.row);
    const bool excluded = exclude.has_value() && exclude->Matches(row.fields);
    uint64_t bits = 0;
    for (size_t p = 0; p < populations.size(); ++p) {
      if (populations[p].filter.Matches(row.fields)) bits |= uint64_t{1} << p;
    }
    if (!excluded) {
      const bool is_offered = offered != nullptr && offered->contains(id);
      for (size_t p = 0; p < populations.size(); ++p) {
        if (((bits >> p) & 1) == 0) continue;
        ++facts.population_rows[p];
        facts.population_offered[p] += is_offered ? 1 : 0;
      }
    }
    if (!wanted.contains(id)) continue;
    OwnAccountFacts account;
    account.account_id = id;
    account.row = row.row;
    account.name = Trimmed(row.fields, columns.name);
    account.excluded = excluded;
    account.populations = bits;
    for (size_t p = 0; p < populations.size(); ++p) {
      if (((bits >> p) & 1) == 0) continue;
      account.customer |= populations[p].kind == v1::POPULATION_KIND_CUSTOMER;
      account.prospect |= populations[p].kind == v1::POPULATION_KIND_PROSPECT;
    }
    const auto cell = [&](PlanColumn column) {
      return Trimmed(row.fields, plan_columns.Of(column));
    };
    account.industry = cell(PlanColumn::kIndustry);
    account.country = cell(PlanColumn::kCountry);
    account.owner = cell(PlanColumn::kOwner);
    account.stage = cell(PlanColumn::kStage);
    account.competitor = cell(PlanColumn::kCompetitor);
    const auto read = [&](PlanColumn column, auto parse, auto& out,
                          absl::string_view what) {
      const std::string value = cell(column);
      if (value.empty()) return;
      out = parse(value);
      if (!out.has_value()) problem(row.row, plan_columns.Of(column), what);
    };
    read(PlanColumn::kEmployees, ParseEmployees, account.employees,
         "not an employee count");
    read(PlanColumn::kAmount, ParseAmount, account.amount, "not an amount");
    read(PlanColumn::kCloseDate, ParseCrmDate, account.close_date,
         "not a date (2026-11-20, 11/20/2026 or 20.11.2026)");
    read(PlanColumn::kLastActivity, ParseCrmDate, account.last_activity,
         "not a date (2026-11-20, 11/20/2026 or 20.11.2026)");
    read(PlanColumn::kCreatedDate, ParseCrmDate, account.created_date,
         "not a date (2026-11-20, 11/20/2026 or 20.11.2026)");
    account.relationship = relationship.Evaluate(row.fields);
    facts.accounts.emplace(id, std::move(account));
  }
  return facts;
}

}  // namespace blindmap
