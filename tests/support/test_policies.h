// Probe policies for tests that are about something else: tiny crafted
// populations and repeated uploads would otherwise meet the defaults.
#ifndef BLINDMAP_TESTS_SUPPORT_TEST_POLICIES_H_
#define BLINDMAP_TESTS_SUPPORT_TEST_POLICIES_H_

#include "blindmap/v1/broker.pb.h"

namespace blindmap {

// Every probe limit off (each field explicitly 0).
inline v1::ProbePolicy NoProbeLimits() {
  v1::ProbePolicy policy;
  policy.set_min_population_size(0);
  policy.set_max_uploads_per_period(0);
  policy.set_min_changed_records(0);
  return policy;
}

}  // namespace blindmap

#endif  // BLINDMAP_TESTS_SUPPORT_TEST_POLICIES_H_
