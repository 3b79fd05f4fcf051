// This party's own side of the plan's priority factors, read from its CRM
// export: stage, amount, close date, competitor, owner, industry, size,
// country, relationship strength, activity dates. Never leaves the machine.
#ifndef BLINDMAP_CLIENT_PLAN_OWN_FACTS_H_
#define BLINDMAP_CLIENT_PLAN_OWN_FACTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "client/config/client_config.h"
#include "client/config/plan_config.h"

namespace blindmap {

// One of my accounts as the plan sees it. Optional fields are unset when
// the export has no such column or the cell is empty or unreadable.
struct OwnAccountFacts {
  std::string account_id;  // the CRM id, or "row:<n>" without an id column
  int64_t row = 0;         // spreadsheet row number
  std::string name;
  bool excluded = false;     // matched the config's `exclude`
  uint64_t populations = 0;  // bit i: config.populations[i]
  bool customer = false;     // in a population of kind customer
  bool prospect = false;     // in a population of kind prospect
  std::string industry;
  std::string country;
  std::string owner;
  std::string stage;       // as typed
  std::string competitor;  // as typed ("" also when there is no column)
  std::optional<int64_t> employees;
  std::optional<double> amount;
  std::optional<absl::CivilDay> close_date;
  std::optional<absl::CivilDay> last_activity;
  std::optional<absl::CivilDay> created_date;
  std::optional<RelationshipStrength> relationship;
};

// The facts of the wanted accounts of one read, and what the export has.
struct OwnFacts {
  std::string source;                               // the export's path
  std::map<std::string, OwnAccountFacts> accounts;  // by account id
  // The plan columns the export has, with the header name used.
  std::map<PlanColumn, std::string> columns;
  bool relationship_known = false;  // a relationship column or rules
  // Unreadable cells: "<file>: row 12, column Amount: not an amount"
  // (never the cell's value), the first kMaxProblems.
  std::vector<std::string> problems;
  int64_t rows = 0;  // data rows read
  // Per population of the config (in its order): its name, the accounts in
  // it (excluded rows left out), and how many of those are in `offered`
  // (what this machine offered the partner, when given).
  std::vector<std::string> population_names;
  std::vector<int64_t> population_rows;
  std::vector<int64_t> population_offered;

  static constexpr size_t kMaxProblems = 50;

  bool Has(PlanColumn column) const { return columns.count(column) > 0; }
  // The account's facts, or null when it is not in the export.
  const OwnAccountFacts* Find(const std::string& account_id) const;
};

// Reads `path` (a CSV export as `blindmap sync` reads it: the same id and
// name columns, populations and exclusion) and keeps the facts of the
// accounts in `wanted`, counting per population the accounts in `offered`
// (may be null). Plan columns come from config.plan.columns, else
// PlanColumnDefaults(). INVALID_ARGUMENT naming the file (and row, column)
// for a malformed file or a configured column missing from the header;
// NOT_FOUND when the file does not exist. An unreadable cell is not an
// error: the factor it feeds is unknown and the problem is listed.
absl::StatusOr<OwnFacts> ReadOwnFacts(
    const ClientConfig& config, const std::string& path,
    const absl::flat_hash_set<std::string>& wanted,
    const absl::flat_hash_set<std::string>* offered = nullptr);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PLAN_OWN_FACTS_H_
