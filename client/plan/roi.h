// Measuring account-mapping ROI the guide's way, per partnership and
// period, each figure beside its benchmark, and the tracker's pipeline
// summary where the CRM columns exist: the joint pipeline is the open
// opportunities (an open stage in my CRM) on the shared accounts; win rate
// and sales cycle count the deals won or lost since the mapping.
//
//   Metric                        Benchmark
//   Overlap rate                  30-60%
//   Activation rate               50%+ of Tier 1 touched
//   Conversion rate               15-25% of touched accounts into pipeline
//   Revenue from mapped accounts  track quarterly (won amounts)
//   Time-to-first-touch           under 14 days (median, Tier 1)
#ifndef BLINDMAP_CLIENT_PLAN_ROI_H_
#define BLINDMAP_CLIENT_PLAN_ROI_H_

#include <optional>
#include <string>
#include <vector>

#include "client/plan/plan_state.h"

namespace blindmap {

struct RoiMetric {
  // "overlap_rate", "activation_rate", "conversion_rate", "revenue",
  // "time_to_first_touch".
  std::string id;
  std::string label;      // "Overlap rate"
  std::string meaning;    // "How aligned your ICPs are"
  std::string value;      // "34.2%", "12 days", "unknown"
  std::string detail;     // "6 of 10 Tier 1 accounts", why unknown
  std::string benchmark;  // "30-60%"
  // "on track", "below", "above", "behind", "tracked" or "unknown".
  std::string assessment;
  std::optional<double> number;    // the value (fraction, amount, days)
  std::optional<double> previous;  // the previous period's
};

struct PipelineMetric {
  // "joint_pipeline", "opportunities", "average_deal_size", "win_rate",
  // "sales_cycle_days".
  std::string id;
  std::string label;  // the tracker's: "Total Joint Pipeline", ...
  std::string value;  // formatted, or "unknown"
  std::string note;   // why unknown, or what it covers
  std::optional<double> number;
};

struct QuarterRevenue {
  std::string quarter;  // "2026-Q4"
  double amount = 0;
  int deals = 0;
};

struct RoiTable {
  std::vector<RoiMetric> metrics;          // the five, in the guide's order
  std::vector<PipelineMetric> pipeline;    // the tracker's five
  std::vector<QuarterRevenue> by_quarter;  // oldest first
  RoiFigures figures;                      // for the period's state
};

// What one account contributes (a view of PlanAccount, kept small so that
// this file does not depend on the whole model).
struct RoiAccount {
  int tier = 0;  // 0: closed or parked
  PlanStatus status = PlanStatus::kNew;
  absl::CivilDay mapped_on;
  std::optional<absl::CivilDay> first_touched;
  std::optional<double> amount;
  std::optional<absl::CivilDay> created_date;
  std::optional<absl::CivilDay> close_date;
  bool open_opportunity = false;  // an open stage in my CRM
};

struct RoiInputs {
  std::vector<RoiAccount> accounts;
  std::vector<WonDeal> wins;  // every win so far, this period's included
  bool counts_known = false;
  uint64_t my_records = 0;
  uint64_t my_overlapping = 0;
  bool amounts_known = false;        // my export has an amount column
  bool created_dates_known = false;  // ... and a created-date column
  int first_touch_days = 14;
  std::optional<RoiFigures> previous;
};

// Pure; thread-safe.
RoiTable ComputeRoi(const RoiInputs& inputs);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PLAN_ROI_H_
