#include "client/categories/exclusion_count.h"

#include <memory>
#include <optional>

#include "common/base/status_macros.h"
#include "common/text/csv_reader.h"

namespace blindmap {

absl::StatusOr<ExclusionCounts> CountExclusions(const ClientConfig& config,
                                                const std::string& path) {
  ExclusionCounts counts;
  if (config.portfolio.exclusions.empty()) return counts;  // nothing to read
  if (path.empty()) {
    return absl::InvalidArgumentError(
        "no CRM export to count exclusions in: give --input or set "
        "export.file");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(path));
  counts.source = path;
  std::vector<RowFilter> filters;
  for (const ExclusionConfig& exclusion : config.portfolio.exclusions) {
    counts.reasons.push_back({exclusion.reason, 0});
    filters.push_back(exclusion.filter);
  }
  ASSIGN_OR_RETURN(std::optional<CsvRow> header, reader->Next());
  if (!header.has_value()) return counts;
  for (RowFilter& filter : filters) {
    RETURN_IF_ERROR(filter.Bind(header->fields, /*missing_is_false=*/true));
  }
  CsvRow row;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader->Next(row));
    if (!more) break;
    ++counts.rows;
    for (size_t i = 0; i < filters.size(); ++i) {
      if (filters[i].Matches(row.fields)) {
        ++counts.reasons[i].accounts;
        ++counts.total;
        break;
      }
    }
  }
  return counts;
}

}  // namespace blindmap
