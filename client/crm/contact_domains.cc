#include "client/crm/contact_domains.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/crm/export_columns.h"
#include "client/crm/export_table.h"
#include "common/base/status_macros.h"
#include "common/text/csv_reader.h"

namespace blindmap {
namespace {

int FirstColumn(const std::vector<std::string>& header,
                std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const int index = FindColumn(header, name);
    if (index >= 0) return index;
  }
  return -1;
}

}  // namespace

absl::StatusOr<ContactDomains> ReadContactDomains(
    const std::string& path, const DomainNormalizer& domains) {
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> csv, OpenExportTable(path));
  CsvRow row;
  ASSIGN_OR_RETURN(bool has_header, csv->Next(row));
  if (!has_header) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": the contacts file is empty"));
  }
  const int account = FirstColumn(
      row.fields, {"Account ID", "AccountId", "Associated Company ID",
                   "Company ID", "Company Record ID"});
  const int email = FirstColumn(
      row.fields, {"Email", "Email Address", "E-mail", "Work Email"});
  if (account < 0 || email < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        ": a contacts export needs an account id column (Account ID, "
        "Associated Company ID, ...) and an e-mail column (Email, ...); the "
        "header has: ",
        absl::StrJoin(row.fields, ", ")));
  }
  ContactDomains out;
  while (true) {
    ASSIGN_OR_RETURN(bool more, csv->Next(row));
    if (!more) break;
    ++out.rows;
    const auto field = [&row](int index) {
      return static_cast<size_t>(index) < row.fields.size()
                 ? absl::StripAsciiWhitespace(row.fields[index])
                 : absl::string_view();
    };
    const absl::string_view id = field(account);
    if (id.empty()) {
      ++out.without_account;
      continue;
    }
    NormalizedDomain domain = domains.Normalize(field(email));
    if (domain.verdict != DomainVerdict::kOk) {
      if (domain.verdict != DomainVerdict::kEmpty) {
        ++out.unusable[DomainVerdictName(domain.verdict)];
      }
      continue;
    }
    std::vector<std::string>& list = out.by_account[id];
    if (std::find(list.begin(), list.end(), domain.domain) == list.end()) {
      list.push_back(std::move(domain.domain));
    }
  }
  return out;
}

}  // namespace blindmap
