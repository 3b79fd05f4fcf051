// The four overlap types of account mapping and the action each calls for.
#ifndef BLINDMAP_CLIENT_REPORT_OVERLAP_TYPES_H_
#define BLINDMAP_CLIENT_REPORT_OVERLAP_TYPES_H_

#include <optional>
#include <string>

#include "blindmap/v1/broker.pb.h"

namespace blindmap {

enum class OverlapType {
  kProspectCustomer,  // my prospect, partner's customer
  kCustomerProspect,  // my customer, partner's prospect
  kProspectProspect,  // both pursuing
  kCustomerCustomer,  // shared customer
};

struct OverlapTypeInfo {
  OverlapType type;
  const char* id;      // "prospect_customer", ... (stable, for JSON/CSV)
  const char* label;   // "Prospect / Customer"
  const char* action;  // "Ask the partner for a warm introduction", ...
};

// The four types as the seeds order them (the most valuable first):
// prospect/customer, customer/prospect, prospect/prospect, customer/customer.
// InfoFor() returns static data; all functions are pure and thread-safe.

// The type of a matrix cell from the kinds of my row population and the
// partner's column population; nullopt when either is not a customer or
// prospect population.
std::optional<OverlapType> ClassifyOverlap(v1::PopulationKind mine,
                                           v1::PopulationKind theirs);
const OverlapTypeInfo& InfoFor(OverlapType type);

// The most valuable type (in the seeds' order, a warm introduction first)
// that the populations of one mutually shared account give, from its
// population bits over `shared`'s population lists (the first 64 of each);
// nullopt when no pair of them is a customer or prospect population.
std::optional<OverlapType> SharedAccountOverlapType(
    const v1::SharedAccounts& shared, const v1::SharedAccount& account);

// A population kind as reports and JSON name it: "customer", "prospect",
// "unspecified" or "other".
std::string PopulationKindName(int kind);

// "High" above 60%, "Medium" from 30% to 60%, "Low" below 30% (the seeds'
// benchmark band for aligned ICPs is 30-60%). `rate` is a fraction 0..1.
const char* OverlapScore(double rate);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_OVERLAP_TYPES_H_
