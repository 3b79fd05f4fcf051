#include "client/icp/icp_seal.h"

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/crypto/crypto.h"
#include "common/crypto/key_schedule.h"

namespace blindmap {
namespace {

void SetRange(const IcpRangeConfig& range, v1::IcpRange* out) {
  out->set_min(range.min);
  out->set_max(range.max);
}

}  // namespace

v1::IcpDefinition IcpFromConfig(const IcpDefinitionConfig& icp,
                                const std::string& party, absl::Time now) {
  v1::IcpDefinition out;
  out.set_party(party);
  for (const std::string& v : icp.industry) out.add_industry(v);
  if (icp.company_size.set)
    SetRange(icp.company_size, out.mutable_company_size());
  for (const std::string& v : icp.geography) out.add_geography(v);
  for (const std::string& v : icp.technology_stack) out.add_technology_stack(v);
  out.set_business_challenges(icp.business_challenges);
  for (const std::string& v : icp.buying_center) out.add_buying_center(v);
  if (icp.budget_range.set)
    SetRange(icp.budget_range, out.mutable_budget_range());
  out.set_budget_currency(icp.budget_currency);
  out.set_population(icp.population);
  out.set_written_at_unix(absl::ToUnixSeconds(now));
  return out;
}

absl::StatusOr<std::string> SealIcp(const PartnershipSecret& secret,
                                    absl::string_view partnership_id,
                                    absl::string_view author,
                                    const v1::IcpDefinition& icp) {
  ASSIGN_OR_RETURN(std::string key, KeySchedule(secret).IcpKey());
  std::string plain;
  if (!icp.SerializeToString(&plain)) {
    return absl::InternalError("the ICP definition does not serialize");
  }
  return SealAes256Gcm(key, IcpAad(partnership_id, author), plain);
}

absl::StatusOr<v1::IcpDefinition> OpenIcp(const PartnershipSecret& secret,
                                          absl::string_view partnership_id,
                                          absl::string_view author,
                                          absl::string_view sealed) {
  ASSIGN_OR_RETURN(std::string key, KeySchedule(secret).IcpKey());
  absl::StatusOr<std::string> plain =
      OpenAes256Gcm(key, IcpAad(partnership_id, author), sealed);
  if (!plain.ok()) {
    return absl::DataLossError(absl::StrCat(
        author,
        "'s ICP does not open: it was altered, sealed under another "
        "partnership secret, or is not ",
        author, "'s for this partnership"));
  }
  v1::IcpDefinition icp;
  if (!icp.ParseFromString(*plain)) {
    return absl::DataLossError(
        absl::StrCat(author, "'s ICP opened but is not an ICP definition"));
  }
  return icp;
}

}  // namespace blindmap
