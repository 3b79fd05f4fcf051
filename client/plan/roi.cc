#include "client/plan/roi.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/plan/plan_values.h"

namespace blindmap {
namespace {

std::string Percent(double fraction) {
  return absl::StrFormat("%.1f%%", fraction * 100.0);
}

std::string Days(double days) {
  return days == static_cast<int64_t>(days)
             ? absl::StrCat(static_cast<int64_t>(days), " days")
             : absl::StrFormat("%.1f days", days);
}

RoiMetric Metric(std::string id, std::string label, std::string meaning,
                 std::string benchmark) {
  RoiMetric metric;
  metric.id = std::move(id);
  metric.label = std::move(label);
  metric.meaning = std::move(meaning);
  metric.benchmark = std::move(benchmark);
  metric.value = "unknown";
  metric.assessment = "unknown";
  return metric;
}

PipelineMetric Unknown(std::string id, std::string label, std::string note) {
  return {std::move(id), std::move(label), "unknown", std::move(note),
          std::nullopt};
}

}  // namespace

RoiTable ComputeRoi(const RoiInputs& in) {
  RoiTable table;
  const std::optional<RoiFigures>& previous = in.previous;

  RoiMetric overlap = Metric("overlap_rate", "Overlap rate",
                             "How aligned your ICPs are", "30-60%");
  if (in.counts_known && in.my_records > 0) {
    const double rate = static_cast<double>(in.my_overlapping) /
                        static_cast<double>(in.my_records);
    overlap.number = rate;
    overlap.value = Percent(rate);
    overlap.detail = absl::StrCat(in.my_overlapping, " of ", in.my_records,
                                  " of your records");
    overlap.assessment =
        rate < 0.3 ? "below" : (rate > 0.6 ? "above" : "on track");
  } else {
    overlap.detail = "the broker's counts are not available";
  }
  if (previous.has_value()) overlap.previous = previous->overlap_rate;

  int tier1 = 0, tier1_touched = 0, touched = 0, touched_in_pipeline = 0;
  std::vector<int64_t> days_to_touch;
  for (const RoiAccount& a : in.accounts) {
    if (a.first_touched.has_value()) {
      ++touched;
      touched_in_pipeline += InPipeline(a.status) ? 1 : 0;
    }
    if (a.tier != 1) continue;
    ++tier1;
    if (a.first_touched.has_value()) {
      ++tier1_touched;
      days_to_touch.push_back(
          std::max<int64_t>(0, *a.first_touched - a.mapped_on));
    }
  }
  RoiMetric activation =
      Metric("activation_rate", "Activation rate",
             "% of Tier 1 accounts with follow-up activity", "50%+");
  if (tier1 > 0) {
    const double rate = static_cast<double>(tier1_touched) / tier1;
    activation.number = rate;
    activation.value = Percent(rate);
    activation.detail =
        absl::StrCat(tier1_touched, " of ", tier1, " Tier 1 accounts touched");
    activation.assessment = rate >= 0.5 ? "on track" : "below";
  } else {
    activation.detail = "no Tier 1 accounts";
  }
  if (previous.has_value()) activation.previous = previous->activation_rate;

  RoiMetric conversion =
      Metric("conversion_rate", "Conversion rate",
             "% of activated accounts that enter pipeline", "15-25%");
  if (touched > 0) {
    const double rate = static_cast<double>(touched_in_pipeline) / touched;
    conversion.number = rate;
    conversion.value = Percent(rate);
    conversion.detail = absl::StrCat(touched_in_pipeline, " of ", touched,
                                     " touched accounts in pipeline");
    conversion.assessment =
        rate < 0.15 ? "below" : (rate > 0.25 ? "above" : "on track");
  } else {
    conversion.detail = "no account touched yet";
  }
  if (previous.has_value()) conversion.previous = previous->conversion_rate;

  RoiMetric revenue =
      Metric("revenue", "Revenue from mapped accounts",
             "Dollar value of closed deals from mapping", "Track quarterly");
  std::map<std::string, QuarterRevenue> quarters;
  double total = 0;
  for (const WonDeal& win : in.wins) {
    QuarterRevenue& q = quarters[win.quarter];
    q.quarter = win.quarter;
    q.amount += win.amount;
    ++q.deals;
    total += win.amount;
  }
  for (auto& [quarter, q] : quarters) table.by_quarter.push_back(q);
  if (in.amounts_known) {
    revenue.number = total;
    revenue.value = FormatAmount(total);
    revenue.detail = absl::StrCat(in.wins.size(), " won deals");
    revenue.assessment = "tracked";
  } else {
    revenue.detail = "no amount column in your export";
  }
  if (previous.has_value()) revenue.previous = previous->revenue;

  RoiMetric first_touch =
      Metric("time_to_first_touch", "Time-to-first-touch",
             "Days from mapping to first outreach (median, Tier 1)",
             absl::StrCat("Under ", in.first_touch_days, " days"));
  if (!days_to_touch.empty()) {
    std::sort(days_to_touch.begin(), days_to_touch.end());
    const size_t n = days_to_touch.size();
    const double median =
        n % 2 == 1 ? static_cast<double>(days_to_touch[n / 2])
                   : (days_to_touch[n / 2 - 1] + days_to_touch[n / 2]) / 2.0;
    first_touch.number = median;
    first_touch.value = Days(median);
    first_touch.detail = absl::StrCat("over ", n, " touched Tier 1 accounts");
    first_touch.assessment =
        median < in.first_touch_days ? "on track" : "behind";
  } else {
    first_touch.detail = "no Tier 1 account touched yet";
  }
  if (previous.has_value()) {
    first_touch.previous = previous->median_days_to_first_touch;
  }

  table.figures.overlap_rate = overlap.number;
  table.figures.activation_rate = activation.number;
  table.figures.conversion_rate = conversion.number;
  table.figures.revenue = revenue.number;
  table.figures.median_days_to_first_touch = first_touch.number;
  table.metrics = {overlap, activation, conversion, revenue, first_touch};

  // The tracker's pipeline summary, over the plan's accounts.
  double pipeline = 0;
  int opportunities = 0, won = 0, lost = 0, cycles = 0;
  double cycle_days = 0;
  for (const RoiAccount& a : in.accounts) {
    if (a.open_opportunity) {
      ++opportunities;
      pipeline += a.amount.value_or(0);
    }
    won += a.status == PlanStatus::kWon ? 1 : 0;
    lost += a.status == PlanStatus::kLost ? 1 : 0;
    if (a.status == PlanStatus::kWon && a.created_date.has_value() &&
        a.close_date.has_value()) {
      ++cycles;
      cycle_days += static_cast<double>(*a.close_date - *a.created_date);
    }
  }
  const char* kNoAmount = "no amount column in your export";
  if (in.amounts_known) {
    table.pipeline.push_back(
        {"joint_pipeline", "Total Joint Pipeline", FormatAmount(pipeline),
         "open opportunities on shared accounts", pipeline});
  } else {
    table.pipeline.push_back(
        Unknown("joint_pipeline", "Total Joint Pipeline", kNoAmount));
  }
  table.pipeline.push_back({"opportunities", "Number of Opportunities",
                            absl::StrCat(opportunities), "open",
                            static_cast<double>(opportunities)});
  if (!in.amounts_known) {
    table.pipeline.push_back(
        Unknown("average_deal_size", "Average Deal Size", kNoAmount));
  } else if (opportunities == 0) {
    table.pipeline.push_back(Unknown("average_deal_size", "Average Deal Size",
                                     "no open opportunity"));
  } else {
    const double average = pipeline / opportunities;
    table.pipeline.push_back({"average_deal_size", "Average Deal Size",
                              FormatAmount(average), "open opportunities",
                              average});
  }
  if (won + lost > 0) {
    const double rate = static_cast<double>(won) / (won + lost);
    table.pipeline.push_back({"win_rate", "Win Rate", Percent(rate),
                              absl::StrCat(won, " won, ", lost, " lost"),
                              rate});
  } else {
    table.pipeline.push_back(
        Unknown("win_rate", "Win Rate", "no closed deal yet"));
  }
  if (!in.created_dates_known) {
    table.pipeline.push_back(Unknown("sales_cycle_days", "Average Sales Cycle",
                                     "no created-date column in your export"));
  } else if (cycles == 0) {
    table.pipeline.push_back(Unknown("sales_cycle_days", "Average Sales Cycle",
                                     "no won deal with both dates"));
  } else {
    const double average = cycle_days / cycles;
    table.pipeline.push_back(
        {"sales_cycle_days", "Average Sales Cycle", Days(average),
         absl::StrCat("over ", cycles, " won deals"), average});
  }
  return table;
}

}  // namespace blindmap
