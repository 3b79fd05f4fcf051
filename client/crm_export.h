// Reading a CRM export (CSV) into accounts with normalized match keys.
#ifndef BLINDMAP_CLIENT_CRM_EXPORT_H_
#define BLINDMAP_CLIENT_CRM_EXPORT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/client_config.h"
#include "common/company_name.h"
#include "common/web_domain.h"

namespace blindmap {

// Which CSV columns hold what, after matching the header.
struct ExportColumns {
  int id = -1;  // -1: none; accounts are then identified by row number
  int name = -1;
  std::vector<int> websites;
  std::vector<std::string> header;
};

// One account that may leave this machine as tokens. The keys are the
// normalized values that get tokenized; they never leave the machine.
struct ExportedAccount {
  int64_t row = 0;           // spreadsheet row number in the export
  std::string account_id;    // the CRM id, or "row:<n>" without an id column
  uint64_t populations = 0;  // bit i: config.populations[i]
  std::string name_key;      // empty: no name key
  std::vector<std::string> domain_keys;  // distinct registrable domains
};

// A row that was dropped, and why. Never holds the row's values.
struct RowProblem {
  int64_t row = 0;
  std::string column;  // header name, or "" for the whole row
  std::string reason;
};

// Everything a dry run shows, and what `sync` reports.
struct ExportSummary {
  std::string source;
  ExportColumns columns;
  int64_t rows = 0;           // data rows read (header excluded)
  int64_t ragged_rows = 0;    // shorter than the header, padded with ""
  int64_t excluded = 0;       // matched `exclude`: never leave the machine
  int64_t no_population = 0;  // in no population: not sent
  int64_t no_key = 0;         // no usable name or website: not sent
  int64_t rejected = 0;       // malformed rows (see problems)
  std::vector<uint64_t> population_sizes;  // accounts kept, per population
  int64_t name_and_domain = 0;
  int64_t name_only = 0;
  int64_t domain_only = 0;
  int64_t name_keys = 0;
  int64_t domain_keys = 0;
  // Websites that gave no key, by DomainVerdictName() ("free_mail", ...).
  std::map<std::string, int64_t> unusable_websites;
  // Dropped rows (no_key and rejected), the first kMaxProblems of them.
  std::vector<RowProblem> problems;

  static constexpr size_t kMaxProblems = 1000;
};

struct CrmExport {
  std::vector<ExportedAccount> accounts;
  ExportSummary summary;
};

// Called now and then with the number of rows read so far.
using ReadProgress = std::function<void(int64_t rows)>;

// Reads Salesforce and HubSpot exports as they come (column names
// recognized by default, overridable in the config), applies the exclusion
// filter and the populations, normalizes names and websites (in parallel)
// and drops rows without a usable key. A malformed row is dropped and
// listed; a malformed file (bad CSV, not UTF-8, no usable columns) is an
// INVALID_ARGUMENT error naming the file, row and column.
//
// Owns its normalizers. Read() is const and thread-safe.
class CrmExportReader {
 public:
  // `config` must outlive the reader.
  static absl::StatusOr<std::unique_ptr<CrmExportReader>> Create(
      const ClientConfig& config);

  absl::StatusOr<CrmExport> Read(const std::string& path,
                                 const ReadProgress& progress = {}) const;

 private:
  CrmExportReader(const ClientConfig& config,
                  std::unique_ptr<CompanyNameNormalizer> names,
                  std::unique_ptr<DomainNormalizer> domains)
      : config_(config),
        names_(std::move(names)),
        domains_(std::move(domains)) {}

  const ClientConfig& config_;
  std::unique_ptr<CompanyNameNormalizer> names_;
  std::unique_ptr<DomainNormalizer> domains_;
};

// Resolves the export's columns from its header: the config's choices if
// set, otherwise the first header among the known Salesforce/HubSpot names
// (e.g. "Account Name", "Company name"; "Website", "Website URL", "Company
// Domain Name"). INVALID_ARGUMENT if a configured column is missing or
// neither a name nor a website column exists.
absl::StatusOr<ExportColumns> ResolveColumns(
    const std::vector<std::string>& header, const ClientConfig& config,
    absl::string_view source);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CRM_EXPORT_H_
