#include "client/crm_export.h"

#include <algorithm>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/csv_reader.h"
#include "common/status_macros.h"

namespace blindmap {
namespace {

constexpr const char* kIdColumns[] = {"Account ID", "Record ID", "Id",
                                      "Company ID", "AccountId"};
constexpr const char* kNameColumns[] = {"Account Name", "Company name", "Name",
                                        "Company", "Organization"};
constexpr const char* kWebsiteColumns[] = {"Website", "Website URL",
                                           "Company Domain Name", "Domain",
                                           "Company Website"};
constexpr int64_t kProgressEveryRows = 50'000;

std::string Canonical(absl::string_view s) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(s));
}

int FindColumn(const std::vector<std::string>& header, absl::string_view name) {
  const std::string wanted = Canonical(name);
  for (size_t i = 0; i < header.size(); ++i) {
    if (Canonical(header[i]) == wanted) return static_cast<int>(i);
  }
  return -1;
}

// A row as read, before normalization.
struct RawAccount {
  int64_t row = 0;
  std::string account_id;
  uint64_t populations = 0;
  std::string name;
  std::vector<std::string> websites;
};

// The normalization of one RawAccount.
struct Normalized {
  std::string name_key;
  std::vector<std::string> domain_keys;
  std::vector<DomainVerdict> unusable;  // verdicts of websites that gave none
  bool bad_name = false;                // name not valid UTF-8
};

void NormalizeRange(const CompanyNameNormalizer& names,
                    const DomainNormalizer& domains,
                    const std::vector<RawAccount>& raw,
                    std::vector<Normalized>& out, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    Normalized& n = out[i];
    if (!raw[i].name.empty()) {
      absl::StatusOr<std::string> key = names.Normalize(raw[i].name);
      if (key.ok()) {
        n.name_key = *std::move(key);
      } else {
        n.bad_name = true;
      }
    }
    for (const std::string& website : raw[i].websites) {
      NormalizedDomain domain = domains.Normalize(website);
      if (domain.verdict == DomainVerdict::kOk) {
        if (std::find(n.domain_keys.begin(), n.domain_keys.end(),
                      domain.domain) == n.domain_keys.end()) {
          n.domain_keys.push_back(std::move(domain.domain));
        }
      } else if (domain.verdict != DomainVerdict::kEmpty) {
        n.unusable.push_back(domain.verdict);
      }
    }
  }
}

void AddProblem(ExportSummary& summary, int64_t row, std::string column,
                std::string reason) {
  if (summary.problems.size() < ExportSummary::kMaxProblems) {
    summary.problems.push_back({row, std::move(column), std::move(reason)});
  }
}

}  // namespace

absl::StatusOr<ExportColumns> ResolveColumns(
    const std::vector<std::string>& header, const ClientConfig& config,
    absl::string_view source) {
  ExportColumns columns;
  columns.header = header;
  auto configured = [&](const std::string& name,
                        absl::string_view role) -> absl::StatusOr<int> {
    const int index = FindColumn(header, name);
    if (index < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ": column \"", name, "\" (export.columns.", role,
                       " in the config) is not in the header; the header has: ",
                       absl::StrJoin(header, ", ")));
    }
    return index;
  };
  auto detect = [&](const auto& candidates) {
    for (const char* candidate : candidates) {
      const int index = FindColumn(header, candidate);
      if (index >= 0) return index;
    }
    return -1;
  };
  if (!config.id_column.empty()) {
    ASSIGN_OR_RETURN(columns.id, configured(config.id_column, "id"));
  } else {
    columns.id = detect(kIdColumns);
  }
  if (!config.name_column.empty()) {
    ASSIGN_OR_RETURN(columns.name, configured(config.name_column, "name"));
  } else {
    columns.name = detect(kNameColumns);
  }
  if (!config.website_columns.empty()) {
    for (const std::string& website : config.website_columns) {
      ASSIGN_OR_RETURN(columns.websites.emplace_back(),
                       configured(website, "website"));
    }
  } else {
    for (const char* candidate : kWebsiteColumns) {
      const int index = FindColumn(header, candidate);
      if (index >= 0) columns.websites.push_back(index);
    }
  }
  if (columns.name < 0 && columns.websites.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        source,
        ": no company name or website column found (looked for \"Account "
        "Name\", \"Company name\", \"Website\", \"Website URL\", ...); the "
        "header has: ",
        absl::StrJoin(header, ", "),
        ". Name the columns under export.columns in the config."));
  }
  return columns;
}

absl::StatusOr<std::unique_ptr<CrmExportReader>> CrmExportReader::Create(
    const ClientConfig& config) {
  ASSIGN_OR_RETURN(auto names, CompanyNameNormalizer::Create());
  ASSIGN_OR_RETURN(auto domains, DomainNormalizer::Create());
  return std::unique_ptr<CrmExportReader>(
      new CrmExportReader(config, std::move(names), std::move(domains)));
}

absl::StatusOr<CrmExport> CrmExportReader::Read(
    const std::string& path, const ReadProgress& progress) const {
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> csv, CsvReader::Open(path));
  ASSIGN_OR_RETURN(std::optional<CsvRow> header_row, csv->Next());
  if (!header_row.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": the file is empty (expected a header row)"));
  }
  CrmExport result;
  ExportSummary& summary = result.summary;
  summary.source = path;
  ASSIGN_OR_RETURN(summary.columns,
                   ResolveColumns(header_row->fields, config_, path));
  const ExportColumns& columns = summary.columns;
  const size_t width = header_row->fields.size();

  // Bind the filters to this header. The built-in populations tolerate a
  // missing Type or Lifecycle Stage column; configured ones do not.
  std::vector<PopulationConfig> populations = config_.populations;
  bool any_population_bound = false;
  for (PopulationConfig& population : populations) {
    absl::Status bound = population.filter.Bind(
        header_row->fields, /*missing_is_false=*/!config_.custom_populations);
    if (!bound.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": population \"", population.name, "\": ", bound.message()));
    }
    any_population_bound |= population.filter.BoundToAnyColumn();
  }
  if (!any_population_bound) {
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        ": the default populations need a Salesforce \"Type\" or HubSpot "
        "\"Lifecycle Stage\" column, and the header has neither; define "
        "populations in the config"));
  }
  std::optional<RowFilter> exclude = config_.exclude;
  if (exclude.has_value()) {
    absl::Status bound = exclude->Bind(header_row->fields, false);
    if (!bound.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": exclude: ", bound.message()));
    }
  }
  summary.population_sizes.assign(populations.size(), 0);

  std::vector<RawAccount> raw;
  while (true) {
    ASSIGN_OR_RETURN(std::optional<CsvRow> row, csv->Next());
    if (!row.has_value()) break;
    ++summary.rows;
    if (progress && summary.rows % kProgressEveryRows == 0) {
      progress(summary.rows);
    }
    if (row->fields.size() > width) {
      ++summary.rejected;
      AddProblem(summary, row->row, "",
                 absl::StrCat("the row has ", row->fields.size(),
                              " fields but the header has ", width,
                              " (an unquoted comma?)"));
      continue;
    }
    if (row->fields.size() < width) {
      ++summary.ragged_rows;
      row->fields.resize(width);
    }
    if (exclude.has_value() && exclude->Matches(row->fields)) {
      ++summary.excluded;
      continue;
    }
    uint64_t bits = 0;
    for (size_t p = 0; p < populations.size(); ++p) {
      if (populations[p].filter.Matches(row->fields)) bits |= uint64_t{1} << p;
    }
    if (bits == 0) {
      ++summary.no_population;
      continue;
    }
    RawAccount& account = raw.emplace_back();
    account.row = row->row;
    account.populations = bits;
    if (columns.id >= 0) {
      account.account_id =
          std::string(absl::StripAsciiWhitespace(row->fields[columns.id]));
    }
    if (account.account_id.empty()) {
      account.account_id = absl::StrCat("row:", row->row);
    }
    if (columns.name >= 0) account.name = std::move(row->fields[columns.name]);
    for (int index : columns.websites) {
      account.websites.push_back(std::move(row->fields[index]));
    }
  }
  if (progress) progress(summary.rows);

  // Normalization is the expensive part: split it across the cores.
  std::vector<Normalized> normalized(raw.size());
  const size_t threads =
      std::max<size_t>(1, std::min<size_t>(std::thread::hardware_concurrency(),
                                           raw.size() / 4096 + 1));
  std::vector<std::thread> workers;
  const size_t chunk = (raw.size() + threads - 1) / threads;
  for (size_t t = 0; t < threads; ++t) {
    const size_t begin = std::min(raw.size(), t * chunk);
    const size_t end = std::min(raw.size(), begin + chunk);
    workers.emplace_back(NormalizeRange, std::cref(*names_),
                         std::cref(*domains_), std::cref(raw),
                         std::ref(normalized), begin, end);
  }
  for (std::thread& worker : workers) worker.join();

  const std::string name_header =
      columns.name >= 0 ? columns.header[columns.name] : "";
  absl::flat_hash_map<std::string, int64_t> first_row_of_id;
  result.accounts.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    RawAccount& account = raw[i];
    Normalized& n = normalized[i];
    for (DomainVerdict verdict : n.unusable) {
      ++summary.unusable_websites[DomainVerdictName(verdict)];
    }
    auto [it, inserted] =
        first_row_of_id.emplace(account.account_id, account.row);
    if (!inserted) {
      ++summary.rejected;
      AddProblem(summary, account.row,
                 columns.id >= 0 ? columns.header[columns.id] : "",
                 absl::StrCat("the same account id as row ", it->second,
                              " (duplicate row?)"));
      continue;
    }
    if (n.bad_name) {
      ++summary.rejected;
      AddProblem(summary, account.row, name_header, "not valid UTF-8");
      continue;
    }
    if (n.name_key.empty() && n.domain_keys.empty()) {
      ++summary.no_key;
      AddProblem(summary, account.row, "",
                 "no usable match key: no company name left after "
                 "normalization and no usable website");
      continue;
    }
    if (!n.name_key.empty() && !n.domain_keys.empty()) {
      ++summary.name_and_domain;
    } else if (!n.name_key.empty()) {
      ++summary.name_only;
    } else {
      ++summary.domain_only;
    }
    summary.name_keys += n.name_key.empty() ? 0 : 1;
    summary.domain_keys += static_cast<int64_t>(n.domain_keys.size());
    for (size_t p = 0; p < populations.size(); ++p) {
      if ((account.populations >> p) & 1) ++summary.population_sizes[p];
    }
    ExportedAccount& out = result.accounts.emplace_back();
    out.row = account.row;
    out.account_id = std::move(account.account_id);
    out.populations = account.populations;
    out.name_key = std::move(n.name_key);
    out.domain_keys = std::move(n.domain_keys);
  }
  return result;
}

}  // namespace blindmap
