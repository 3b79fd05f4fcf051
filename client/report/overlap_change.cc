#include "client/report/overlap_change.h"

#include "client/report/report_render_model.h"

namespace blindmap {

uint64_t OverlapChange::new_overlaps() const {
  uint64_t sum = 0;
  for (const TypeChange& type : types) {
    if (type.change() > 0) sum += static_cast<uint64_t>(type.change());
  }
  return sum;
}

uint64_t OverlapChange::lost_overlaps() const {
  uint64_t sum = 0;
  for (const TypeChange& type : types) {
    if (type.change() < 0) sum += static_cast<uint64_t>(-type.change());
  }
  return sum;
}

bool OverlapChange::HasNews() const {
  return new_overlaps() > 0 || lost_overlaps() > 0 || shared.new_count > 0 ||
         shared.gone_count > 0;
}

std::optional<OverlapChange> BuildOverlapChange(
    const v1::ReportHistory& history, absl::string_view me) {
  const int n = history.reports_size();
  if (n < 2) return std::nullopt;
  const report_internal::ReportModel before =
      report_internal::BuildReportModel(history.reports(n - 2), me);
  const report_internal::ReportModel now =
      report_internal::BuildReportModel(history.reports(n - 1), me);
  OverlapChange change;
  change.me = now.me;
  change.partner = now.partner;
  change.partnership_id = now.partnership_id;
  change.period = now.period;
  change.previous_period = before.period;
  change.overlapping_previous = before.mine.total.overlapping;
  change.overlapping_current = now.mine.total.overlapping;
  change.noisy = before.noisy || now.noisy;
  for (size_t i = 0; i < now.types.size(); ++i) {
    TypeChange type;
    type.info = now.types[i].info;
    type.current = now.types[i].mine;
    type.previous = i < before.types.size() ? before.types[i].mine : 0;
    change.types.push_back(type);
  }
  return change;
}

}  // namespace blindmap
