#include "client/crm/shared_read.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "blindmap/v1/detail.pb.h"
#include "client/crm/detail_capture.h"
#include "common/base/status_macros.h"

namespace blindmap {
namespace {

constexpr DetailField kAllFields[] = {
    DetailField::kAccountName,  DetailField::kWebsite,
    DetailField::kPopulations,  DetailField::kOwner,
    DetailField::kIndustry,     DetailField::kCountry,
    DetailField::kEmployees,    DetailField::kNote,
    DetailField::kRelationship,
};

bool HasFilters(const SharingConfig& sharing) {
  return sharing.opt_in.where.has_value() || sharing.opt_out.where.has_value();
}

// `full` (every field) reduced to the fields `sharing` shares.
std::string Reduce(const std::string& full, const SharingConfig& sharing) {
  v1::AccountDetail detail;
  detail.ParseFromString(full);
  if (!sharing.Shares(DetailField::kAccountName)) detail.clear_account_name();
  if (!sharing.Shares(DetailField::kWebsite)) detail.clear_website();
  if (!sharing.Shares(DetailField::kPopulations)) detail.clear_populations();
  if (!sharing.Shares(DetailField::kOwner)) {
    detail.clear_owner_name();
    detail.clear_owner_email();
  }
  if (!sharing.Shares(DetailField::kIndustry)) detail.clear_industry();
  if (!sharing.Shares(DetailField::kCountry)) detail.clear_country();
  if (!sharing.Shares(DetailField::kEmployees)) detail.clear_employees();
  if (!sharing.Shares(DetailField::kNote)) detail.clear_note();
  if (!sharing.Shares(DetailField::kRelationship)) detail.clear_relationship();
  return detail.SerializeAsString();
}

}  // namespace

SharingConfig ReadSharing(const ClientConfig& config) {
  SharingConfig read;
  for (const PopulationConfig& population : config.populations) {
    read.levels[population.name] = v1::SHARING_LEVEL_OVERLAPS;
  }
  read.fields.assign(std::begin(kAllFields), std::end(kAllFields));
  read.columns = config.sharing.columns;
  read.opt_in.where = config.sharing.opt_in.where;
  read.opt_out.where = config.sharing.opt_out.where;
  return read;
}

absl::Status CompatibleWithSharedRead(const ClientConfig& config,
                                      absl::string_view partner) {
  // A partner without a sharing section of its own reads with the top-level
  // sharing, whatever filters it has. (SharingFor() returns a copy, so the
  // section is looked up here.)
  auto section = config.partner_sharing.find(std::string(partner));
  if (section == config.partner_sharing.end()) return absl::OkStatus();
  const SharingConfig& own = section->second;
  if (!HasFilters(own) && !HasFilters(config.sharing) &&
      own.columns == config.sharing.columns) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "partners.", partner,
      ".sharing sets its own opt_in/opt_out `where` filters or `columns`, "
      "and sync --all reads the export once with the top-level sharing's; "
      "sync this partner alone: blindmap sync --partner ",
      partner));
}

SharedDetail::SharedDetail(CrmExport& exported) {
  full_detail_.reserve(exported.accounts.size());
  opted_in_by_filter_.reserve(exported.accounts.size());
  // Every kept account is in a population, and ReadSharing() shares the
  // populations field, so a full detail is never empty unless a filter
  // opted the account out.
  for (ExportedAccount& account : exported.accounts) {
    full_detail_.push_back(std::move(account.detail));
    opted_in_by_filter_.push_back(account.opted_in);
    account.detail.clear();
    account.opted_in = false;
  }
}

absl::Status SharedDetail::ApplyFor(const SharingConfig& sharing,
                                    const ClientConfig& config,
                                    CrmExport& exported) const {
  if (exported.accounts.size() != full_detail_.size()) {
    return absl::InternalError("SharedDetail applied to another export");
  }
  // The row-dependent filters were applied by the read; the rest decides
  // by id and population.
  SharingConfig by_id = sharing;
  by_id.opt_in.where.reset();
  by_id.opt_out.where.reset();
  ASSIGN_OR_RETURN(
      DetailCapture capture,
      DetailCapture::Create(by_id, exported.summary.columns, config.populations,
                            exported.summary.source));
  ExportSummary& summary = exported.summary;
  summary.detail_offered = 0;
  summary.opted_in = 0;
  summary.opted_out = 0;
  const std::vector<std::string> no_fields;
  for (size_t i = 0; i < exported.accounts.size(); ++i) {
    ExportedAccount& account = exported.accounts[i];
    const DetailCapture::Decision by_id_decision =
        capture.Decide(account.account_id, account.populations, no_fields);
    const bool opted_out = full_detail_[i].empty() || by_id_decision.opted_out;
    const bool opted_in =
        !opted_out && (opted_in_by_filter_[i] || by_id_decision.opted_in);
    const bool offered = !opted_out && (opted_in || by_id_decision.offered);
    // As in a read with `sharing` alone, an offered detail that serializes
    // to nothing (no shared field has a value) is not offered.
    account.detail = offered ? Reduce(full_detail_[i], sharing) : "";
    account.opted_in = !account.detail.empty() && opted_in;
    summary.detail_offered += account.detail.empty() ? 0 : 1;
    summary.opted_in += account.opted_in ? 1 : 0;
    summary.opted_out += opted_out ? 1 : 0;
  }
  return absl::OkStatus();
}

}  // namespace blindmap
