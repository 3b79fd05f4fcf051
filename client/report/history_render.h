// Rendering of a partnership's overlap history (the reports of every kept
// sync period) for people (text, Markdown) and scripts (JSON, CSV).
#ifndef BLINDMAP_CLIENT_REPORT_HISTORY_RENDER_H_
#define BLINDMAP_CLIENT_REPORT_HISTORY_RENDER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/report/report_render.h"

namespace blindmap {

// Renders `history` as seen by party `me` (each report already oriented to
// the caller), period by period in the order given (the broker sends the
// oldest first). Each period shows:
//  - every matrix cell (my population x partner population) counted in my
//    records, with the change since the previous period: "+3", "−1" (U+2212
//    in text and Markdown), "±0", "new" when the previous period had no such
//    cell, nothing for the first period;
//  - per my population: records, overlapping records, overlap rate (as in
//    the report) and the changes of the overlapping count and of the rate
//    (in percentage points, "+2.5 pp");
//  - populations not counted (below the minimum population size), a
//    footnote when the counts carry noise (counts marked "≈"), and the
//    broker's notes.
// Cells and populations are matched across periods by name (population
// indices may change between uploads). Pure function; never fails.
//
// Formats:
//  - json: {"schema": "blindmap.history.v1", me, partner,
//    partnership{id, cadence}, periods[{period, noisy, probe_policy (or
//    null), suppressed_populations{mine, partner}, cells[{my_population,
//    partner_population, my_records, partner_records, change (integer or
//    null), status}], my_populations[{name, kind, records,
//    overlapping_records, overlap_rate, overlapping_change,
//    overlap_rate_change (fraction, or null), status}], notes[]}]}; status
//    is "first" (no previous period), "new", "changed" or "unchanged".
//  - csv: RFC 4180 (CRLF), columns section (cell, my_population,
//    my_suppressed, partner_suppressed, note), period, my_population,
//    partner_population, my_records, partner_records, records,
//    overlapping_records, overlap_rate, change, overlap_rate_change, status,
//    noisy, note; `change` is a plain signed integer ("-1"), empty for the
//    first period and "new" for a new cell.
std::string RenderReportHistory(const v1::ReportHistory& history,
                                absl::string_view me, OutputFormat format);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_HISTORY_RENDER_H_
