// Rendering the ICP alignment with one partner (`blindmap icp`): both
// definitions side by side with a 1-5 score per attribute and the average,
// next to the measured alignment.
#ifndef BLINDMAP_CLIENT_ICP_ICP_RENDER_H_
#define BLINDMAP_CLIENT_ICP_ICP_RENDER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "client/icp/icp_compare.h"
#include "client/report/report_render.h"
#include "client/report/view_table.h"

namespace blindmap {

// The comparison and the state of the sealed exchange.
struct IcpView {
  IcpComparison comparison;
  bool i_shared = false;
  int64_t my_shared_at_unix = 0;
  bool partner_shared = false;
  int64_t partner_shared_at_unix = 0;
  // Why the partner's ICP is not shown although it was shared (it did not
  // open), or "".
  std::string partner_icp_error;
  // When the partner wrote the definition shown (sealed with it, so the
  // broker cannot pass off an older one as new); 0 when none is shown.
  int64_t partner_written_at_unix = 0;
};

// The sections as tables: the exchange, the ICP Definition Comparison (one
// row per attribute and the Overall Alignment), the measured alignment.
std::vector<ViewTable> IcpTables(const IcpView& view);

// Text and Markdown from IcpTables(); JSON ("schema": "blindmap.icp.v1":
// me, partner, exchange{i_shared, my_shared_at, partner_shared,
// partner_shared_at, partner_written_at, partner_icp_error},
// attributes[{attribute, label, mine, theirs, score (or null), method}],
// average (or null), scored, measured{available, reason, my_population,
// partner_population, my_inside_both, my_overlap, my_share,
// partner_inside_both, partner_overlap, partner_share, noisy, period}); CSV
// (columns section, attribute, mine, theirs, score, note; sections attribute,
// average, measured, exchange). Pure; never fails.
std::string RenderIcp(const IcpView& view, OutputFormat format);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_ICP_ICP_RENDER_H_
