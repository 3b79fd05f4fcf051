#include "client/report/probe_policy_text.h"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace blindmap {

EffectiveProbePolicy EffectiveProbePolicyOf(const v1::ProbePolicy& policy) {
  const v1::ProbePolicy filled = WithDefaults(policy);
  EffectiveProbePolicy p;
  p.min_population_size = filled.min_population_size();
  p.max_uploads_per_period = filled.max_uploads_per_period();
  p.min_changed_records = filled.min_changed_records();
  // NaN and negatives read as off, like the broker's NoisyCount.
  p.noise_epsilon = policy.noise_epsilon() > 0 ? policy.noise_epsilon() : 0.0;
  return p;
}

v1::ProbePolicy ExplicitProbePolicy(const EffectiveProbePolicy& policy) {
  v1::ProbePolicy p;
  p.set_min_population_size(policy.min_population_size);
  p.set_max_uploads_per_period(policy.max_uploads_per_period);
  p.set_min_changed_records(policy.min_changed_records);
  p.set_noise_epsilon(policy.noise() ? policy.noise_epsilon : 0.0);
  return p;
}

std::string FormatEpsilon(double epsilon) {
  // The shortest %g form that reads back as the same double, so a printed
  // value can be proposed again exactly.
  for (int precision = 6; precision < 17; ++precision) {
    std::string text = absl::StrFormat("%.*g", precision, epsilon);
    if (std::strtod(text.c_str(), nullptr) == epsilon) return text;
  }
  return absl::StrFormat("%.17g", epsilon);
}

std::string ProbePolicyLine(const v1::ProbePolicy& policy) {
  const EffectiveProbePolicy p = EffectiveProbePolicyOf(policy);
  return absl::StrCat(
      "min population ",
      p.min_population_size == 0 ? "off" : absl::StrCat(p.min_population_size),
      ", ",
      p.max_uploads_per_period == 0
          ? std::string("uploads/period unlimited")
          : absl::StrCat("max ", p.max_uploads_per_period, " uploads/period"),
      ", difference check ",
      p.min_changed_records == 0
          ? std::string("off")
          : absl::StrCat(p.min_changed_records, " records"),
      ", noise ",
      p.noise() ? absl::StrCat("epsilon=", FormatEpsilon(p.noise_epsilon))
                : std::string("off"));
}

std::vector<PolicyItem> ProbePolicyItems(const v1::ProbePolicy& policy) {
  const EffectiveProbePolicy p = EffectiveProbePolicyOf(policy);
  std::vector<PolicyItem> items;
  items.push_back(
      {"Minimum population",
       p.min_population_size == 0
           ? std::string("off (every population is counted)")
           : absl::StrCat(p.min_population_size,
                          " records (smaller populations are not counted)")});
  items.push_back(
      {"Uploads per period",
       p.max_uploads_per_period == 0
           ? std::string("unlimited")
           : absl::StrCat("at most ", p.max_uploads_per_period, " per side")});
  items.push_back(
      {"Difference check",
       p.min_changed_records == 0
           ? std::string("off")
           : absl::StrCat("a re-upload within a period must change at least ",
                          p.min_changed_records, " records")});
  items.push_back(
      {"Noise", p.noise()
                    ? absl::StrCat("epsilon=", FormatEpsilon(p.noise_epsilon),
                                   " (counts are approximate)")
                    : std::string("off (exact counts)")});
  return items;
}

std::string ProbePolicyLines(const v1::ProbePolicy& policy,
                             const std::string& indent) {
  const std::vector<PolicyItem> items = ProbePolicyItems(policy);
  size_t width = 0;
  for (const PolicyItem& item : items) {
    width = std::max(width, item.label.size());
  }
  std::string out;
  for (const PolicyItem& item : items) {
    absl::StrAppend(&out, indent, item.label,
                    std::string(width - item.label.size(), ' '), "  ",
                    item.value, "\n");
  }
  return out;
}

}  // namespace blindmap
