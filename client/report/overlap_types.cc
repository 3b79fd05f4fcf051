#include "client/report/overlap_types.h"

namespace blindmap {
namespace {

// In the order the seeds list them: the most valuable overlap first.
constexpr OverlapTypeInfo kOverlapTypes[] = {
    {OverlapType::kProspectCustomer, "prospect_customer", "Prospect / Customer",
     "Ask the partner for a warm introduction"},
    {OverlapType::kCustomerProspect, "customer_prospect", "Customer / Prospect",
     "Introduce the partner to your customer"},
    {OverlapType::kProspectProspect, "prospect_prospect", "Prospect / Prospect",
     "Coordinate (or compete): agree who leads"},
    {OverlapType::kCustomerCustomer, "customer_customer", "Customer / Customer",
     "Expand: integrate, cross-sell, joint success plan"},
};

}  // namespace

std::optional<OverlapType> ClassifyOverlap(v1::PopulationKind mine,
                                           v1::PopulationKind theirs) {
  const bool my_customer = mine == v1::POPULATION_KIND_CUSTOMER;
  const bool my_prospect = mine == v1::POPULATION_KIND_PROSPECT;
  const bool their_customer = theirs == v1::POPULATION_KIND_CUSTOMER;
  const bool their_prospect = theirs == v1::POPULATION_KIND_PROSPECT;
  if (my_prospect && their_customer) return OverlapType::kProspectCustomer;
  if (my_customer && their_prospect) return OverlapType::kCustomerProspect;
  if (my_prospect && their_prospect) return OverlapType::kProspectProspect;
  if (my_customer && their_customer) return OverlapType::kCustomerCustomer;
  return std::nullopt;
}

std::optional<OverlapType> SharedAccountOverlapType(
    const v1::SharedAccounts& shared, const v1::SharedAccount& account) {
  std::optional<OverlapType> best;
  for (int i = 0; i < shared.my_populations_size() && i < 64; ++i) {
    if (((account.my_population_bits() >> i) & 1) == 0) continue;
    for (int j = 0; j < shared.partner_populations_size() && j < 64; ++j) {
      if (((account.partner_population_bits() >> j) & 1) == 0) continue;
      const std::optional<OverlapType> type =
          ClassifyOverlap(shared.my_populations(i).kind(),
                          shared.partner_populations(j).kind());
      if (type.has_value() && (!best.has_value() || *type < *best)) {
        best = type;
      }
    }
  }
  return best;
}

std::string PopulationKindName(int kind) {
  switch (kind) {
    case v1::POPULATION_KIND_CUSTOMER:
      return "customer";
    case v1::POPULATION_KIND_PROSPECT:
      return "prospect";
    case v1::POPULATION_KIND_UNSPECIFIED:
      return "unspecified";
    default:
      return "other";
  }
}

const OverlapTypeInfo& InfoFor(OverlapType type) {
  for (const OverlapTypeInfo& info : kOverlapTypes) {
    if (info.type == type) return info;
  }
  return kOverlapTypes[0];  // unreachable for valid enumerators
}

const char* OverlapScore(double rate) {
  if (rate > 0.6) return "High";
  if (rate >= 0.3) return "Medium";
  return "Low";  // also for NaN
}

}  // namespace blindmap
