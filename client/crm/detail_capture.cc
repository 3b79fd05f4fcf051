#include "client/crm/detail_capture.h"

#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "blindmap/v1/detail.pb.h"
#include "common/base/status_macros.h"
#include "common/text/utf8.h"

namespace blindmap {
namespace {

// The configured column for `role`, else the first of `candidates` found.
absl::StatusOr<int> DetailColumn(const SharingConfig& sharing,
                                 const ExportColumns& columns,
                                 const std::string& role,
                                 std::initializer_list<const char*> candidates,
                                 absl::string_view source) {
  auto configured = sharing.columns.find(role);
  if (configured != sharing.columns.end()) {
    const int index = FindColumn(columns.header, configured->second);
    if (index < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          source, ": column \"", configured->second, "\" (sharing.columns.",
          role, ") is not in the header; the header has: ",
          absl::StrJoin(columns.header, ", ")));
    }
    return index;
  }
  for (const char* candidate : candidates) {
    const int index = FindColumn(columns.header, candidate);
    if (index >= 0) return index;
  }
  return -1;
}

absl::Status LoadIds(const AccountSelection& selection,
                     absl::flat_hash_set<std::string>& ids) {
  for (const std::string& id : selection.accounts) {
    ids.insert(std::string(absl::StripAsciiWhitespace(id)));
  }
  if (selection.file.empty()) return absl::OkStatus();
  std::ifstream in(selection.file);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read the account id file ", selection.file));
  }
  std::string line;
  while (std::getline(in, line)) {
    const absl::string_view id = absl::StripAsciiWhitespace(line);
    if (!id.empty() && id[0] != '#') ids.insert(std::string(id));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<RowFilter>> BoundFilter(
    const std::optional<RowFilter>& filter, const ExportColumns& columns,
    absl::string_view source, absl::string_view what) {
  if (!filter.has_value()) return std::nullopt;
  RowFilter bound = *filter;
  const absl::Status status = bound.Bind(columns.header, false);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": ", what, ": ", status.message()));
  }
  return bound;
}

}  // namespace

absl::StatusOr<DetailCapture> DetailCapture::Create(
    const SharingConfig& sharing, const ExportColumns& columns,
    const std::vector<PopulationConfig>& populations,
    absl::string_view source) {
  DetailCapture capture;
  capture.sharing_ = &sharing;
  capture.columns_ = &columns;
  for (size_t i = 0; i < populations.size(); ++i) {
    capture.population_names_.push_back(populations[i].name);
    if (sharing.LevelOf(populations[i].name) == v1::SHARING_LEVEL_OVERLAPS) {
      capture.overlaps_mask_ |= uint64_t{1} << i;
    }
  }
  RETURN_IF_ERROR(LoadIds(sharing.opt_in, capture.opt_in_ids_));
  RETURN_IF_ERROR(LoadIds(sharing.opt_out, capture.opt_out_ids_));
  ASSIGN_OR_RETURN(capture.opt_in_where_,
                   BoundFilter(sharing.opt_in.where, columns, source,
                               "sharing.opt_in.where"));
  ASSIGN_OR_RETURN(capture.opt_out_where_,
                   BoundFilter(sharing.opt_out.where, columns, source,
                               "sharing.opt_out.where"));
  ASSIGN_OR_RETURN(capture.owner_name_,
                   DetailColumn(sharing, columns, "owner_name",
                                {"Account Owner", "Company owner", "Owner",
                                 "Account Owner Name"},
                                source));
  ASSIGN_OR_RETURN(capture.owner_email_,
                   DetailColumn(sharing, columns, "owner_email",
                                {"Owner Email", "Account Owner Email",
                                 "Company owner email"},
                                source));
  ASSIGN_OR_RETURN(capture.industry_, DetailColumn(sharing, columns, "industry",
                                                   {"Industry"}, source));
  ASSIGN_OR_RETURN(
      capture.country_,
      DetailColumn(sharing, columns, "country",
                   {"Billing Country", "Country/Region", "Country"}, source));
  ASSIGN_OR_RETURN(
      capture.employees_,
      DetailColumn(sharing, columns, "employees",
                   {"Employees", "Number of Employees", "NumberOfEmployees"},
                   source));
  ASSIGN_OR_RETURN(
      capture.note_,
      DetailColumn(sharing, columns, "note",
                   {"Partner Note", "Partner Notes", "Note"}, source));
  return capture;
}

absl::Status DetailCapture::BindRelationship(
    const RelationshipRule& rule, const std::vector<std::string>& header,
    absl::string_view source) {
  if (!sharing_->Shares(DetailField::kRelationship)) return absl::OkStatus();
  RelationshipRule bound = rule;
  RETURN_IF_ERROR(bound.Bind(header, source));
  if (bound.bound()) relationship_ = std::move(bound);
  return absl::OkStatus();
}

DetailCapture::Decision DetailCapture::Decide(
    absl::string_view account_id, uint64_t populations,
    const std::vector<std::string>& fields) const {
  Decision decision;
  const std::string id(account_id);
  decision.opted_out =
      opt_out_ids_.contains(id) ||
      (opt_out_where_.has_value() && opt_out_where_->Matches(fields));
  decision.opted_in =
      !decision.opted_out &&
      (opt_in_ids_.contains(id) ||
       (opt_in_where_.has_value() && opt_in_where_->Matches(fields)));
  decision.offered = !decision.opted_out &&
                     (decision.opted_in || (populations & overlaps_mask_) != 0);
  return decision;
}

std::string DetailCapture::Build(const std::vector<std::string>& fields,
                                 uint64_t populations) const {
  const auto cell = [&fields](int index) -> std::string {
    return index >= 0 && static_cast<size_t>(index) < fields.size()
               ? TruncateUtf8(absl::StripAsciiWhitespace(fields[index]),
                              kMaxDetailFieldBytes)
               : std::string();
  };
  v1::AccountDetail detail;
  if (sharing_->Shares(DetailField::kAccountName)) {
    detail.set_account_name(cell(columns_->name));
  }
  if (sharing_->Shares(DetailField::kWebsite)) {
    for (int index : columns_->websites) {
      if (!cell(index).empty()) {
        detail.set_website(cell(index));
        break;
      }
    }
  }
  if (sharing_->Shares(DetailField::kPopulations)) {
    for (size_t i = 0; i < population_names_.size(); ++i) {
      if ((populations >> i) & 1) detail.add_populations(population_names_[i]);
    }
  }
  if (sharing_->Shares(DetailField::kOwner)) {
    detail.set_owner_name(cell(owner_name_));
    detail.set_owner_email(cell(owner_email_));
  }
  if (sharing_->Shares(DetailField::kIndustry)) {
    detail.set_industry(cell(industry_));
  }
  if (sharing_->Shares(DetailField::kCountry))
    detail.set_country(cell(country_));
  if (sharing_->Shares(DetailField::kEmployees)) {
    detail.set_employees(cell(employees_));
  }
  if (sharing_->Shares(DetailField::kNote)) detail.set_note(cell(note_));
  if (relationship_.has_value()) {
    const std::optional<RelationshipStrength> strength =
        relationship_->Evaluate(fields);
    if (strength.has_value()) {
      detail.set_relationship(RelationshipStrengthName(*strength));
    }
  }
  return detail.SerializeAsString();
}

}  // namespace blindmap
