// How a partnership's probe policy (the defences against using the counts as
// a membership oracle) reads for people and scripts: one line for a table,
// labelled lines for a report section, and a JSON object. Shared by `partner
// list`, `partner policy` and the report renderers.
#ifndef BLINDMAP_CLIENT_REPORT_PROBE_POLICY_TEXT_H_
#define BLINDMAP_CLIENT_REPORT_PROBE_POLICY_TEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "blindmap/v1/broker.pb.h"
#include "common/match/probe_policy.h"

namespace blindmap {

// The policy's values with every unset field at its documented default
// (common/match/probe_policy.h). 0 means "off" for each limit; noise_epsilon 0
// means no noise.
struct EffectiveProbePolicy {
  uint32_t min_population_size = kDefaultMinPopulationSize;
  uint32_t max_uploads_per_period = kDefaultMaxUploadsPerPeriod;
  uint32_t min_changed_records = kDefaultMinChangedRecords;
  double noise_epsilon = 0;

  bool noise() const { return noise_epsilon > 0; }
};
EffectiveProbePolicy EffectiveProbePolicyOf(const v1::ProbePolicy& policy);

// The same values as a proto with every field explicitly set, for a request
// that must not depend on the receiver's defaults.
v1::ProbePolicy ExplicitProbePolicy(const EffectiveProbePolicy& policy);

// "0.5" for 0.5, "1" for 1.0: %g with at least six significant digits and
// as many more as it takes to read back as the same double.
std::string FormatEpsilon(double epsilon);

// One line, e.g. "min population 25, max 4 uploads/period, difference check
// 10 records, noise off"; a limit at 0 reads "... off".
std::string ProbePolicyLine(const v1::ProbePolicy& policy);

// One labelled line of a policy for a report section.
struct PolicyItem {
  std::string label;  // "Minimum population", ...
  std::string value;  // "25 records (smaller populations are not counted)"
};
// The four items, in the proto's order: Minimum population, Uploads per
// period, Difference check, Noise.
std::vector<PolicyItem> ProbePolicyItems(const v1::ProbePolicy& policy);
// The items as "<indent><label padded>  <value>\n" lines.
std::string ProbePolicyLines(const v1::ProbePolicy& policy,
                             const std::string& indent);

// {"min_population_size", "max_uploads_per_period", "min_changed_records",
//  "noise_epsilon", "noise", "summary"}: effective values (0: off), `noise`
// true when counts carry noise, `summary` the one-line form. A template so
// each caller picks its nlohmann::json flavour (ordered or not).
template <typename Json>
Json ProbePolicyJson(const v1::ProbePolicy& policy) {
  const EffectiveProbePolicy p = EffectiveProbePolicyOf(policy);
  Json j;
  j["min_population_size"] = p.min_population_size;
  j["max_uploads_per_period"] = p.max_uploads_per_period;
  j["min_changed_records"] = p.min_changed_records;
  j["noise_epsilon"] = p.noise() ? p.noise_epsilon : 0.0;
  j["noise"] = p.noise();
  j["summary"] = ProbePolicyLine(policy);
  return j;
}

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_PROBE_POLICY_TEXT_H_
