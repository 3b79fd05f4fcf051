#include "client/partner_score/producing.h"

#include <memory>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/status_macros.h"
#include "common/text/csv_reader.h"

namespace blindmap {
namespace {

std::string Canonical(absl::string_view s) {
  std::vector<absl::string_view> words =
      absl::StrSplit(s, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  return absl::AsciiStrToLower(absl::StrJoin(words, " "));
}

}  // namespace

absl::StatusOr<ProducingCounts> CountProducing(
    const ClientConfig& config, const std::vector<std::string>& partners) {
  const PartnerScoringConfig& scoring = config.portfolio.scoring;
  if (scoring.producing_partner_column.empty()) {
    return absl::FailedPreconditionError(
        "no opportunity partner field configured "
        "(partner_scoring.producing.partner_column)");
  }
  ProducingCounts counts;
  counts.source = scoring.producing_file.empty() ? config.export_file
                                                 : scoring.producing_file;
  counts.column = scoring.producing_partner_column;
  if (counts.source.empty()) {
    return absl::FailedPreconditionError(
        "no file to count sourced deals in: set "
        "partner_scoring.producing.file or export.file");
  }
  std::map<std::string, std::string> party_of;  // canonical name -> party
  for (const std::string& partner : partners) {
    counts.by_partner[partner] = 0;
    party_of[Canonical(partner)] = partner;
    for (const std::string& name : config.portfolio.For(partner).crm_names) {
      party_of[Canonical(name)] = partner;
    }
  }
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader,
                   CsvReader::Open(counts.source));
  ASSIGN_OR_RETURN(std::optional<CsvRow> header, reader->Next());
  if (!header.has_value()) return counts;
  int column = -1;
  for (size_t i = 0; i < header->fields.size(); ++i) {
    if (Canonical(header->fields[i]) == Canonical(counts.column)) {
      column = static_cast<int>(i);
    }
  }
  if (column < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(counts.source, ": row 1: no column \"", counts.column,
                     "\" (partner_scoring.producing.partner_column)"));
  }
  std::optional<RowFilter> deals = scoring.producing_where;
  if (deals.has_value()) {
    RETURN_IF_ERROR(deals->Bind(header->fields, /*missing_is_false=*/false));
  }
  CsvRow row;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader->Next(row));
    if (!more) break;
    if (deals.has_value() && !deals->Matches(row.fields)) continue;
    ++counts.deals;
    const std::string name = static_cast<size_t>(column) < row.fields.size()
                                 ? Canonical(row.fields[column])
                                 : "";
    if (name.empty()) continue;
    ++counts.partner_sourced;
    auto it = party_of.find(name);
    if (it == party_of.end()) {
      ++counts.unknown_partner;
    } else {
      ++counts.by_partner[it->second];
    }
  }
  return counts;
}

}  // namespace blindmap
