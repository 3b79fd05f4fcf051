// Rendering of an overlap report for people (text, Markdown) and scripts
// (JSON, CSV).
#ifndef BLINDMAP_CLIENT_REPORT_REPORT_RENDER_H_
#define BLINDMAP_CLIENT_REPORT_REPORT_RENDER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"

namespace blindmap {

enum class OutputFormat { kText, kJson, kCsv, kMarkdown };

// "text", "json", "csv", "markdown" (or "md"). InvalidArgumentError naming
// the accepted values otherwise.
absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name);

// Renders `report` as seen by party `me` (the report is already oriented:
// "my" fields are the caller's). The four formats carry the same data:
//  - the overlap matrix, my populations as rows and the partner's as
//    columns, each cell counted in my records and in the partner's records,
//    with a note on why the two counts can differ;
//  - per population: size, overlapping records, overlap rate, overlap score
//    (High above 60%, Medium 30-60%, Low below 30%), records only I have
//    ("your accounts") and, per partner population, records only the partner
//    has ("partner accounts");
//  - the four overlap types (my status x partner status) with their counts
//    and the action each calls for;
//  - the period, both snapshots' upload times and record counts, the match
//    rule, and any notes from the broker;
//  - the sync cadence and the period status (current period, each side's
//    latest period, when the partner last uploaded) when the broker sends
//    it;
//  - the partnership's privacy safeguards (minimum population, uploads per
//    period, difference check, noise with its epsilon or "off"), the
//    populations not counted on each side ("not counted: fewer than N
//    records"), and, when the counts carry noise, counts marked "≈" in text
//    and Markdown with a footnote naming epsilon.
// Pure function; never fails, never throws. Unknown enum values render as
// "other", UNSPECIFIED ones as "unspecified"; a population with no records
// has rate 0 (score Low); "only" counts never go below 0; cells naming no
// listed population, or repeating a pair, are left out with a note.
//
// Format details (stable; scripts may rely on them):
//  - text: ASCII tables for a terminal; names wider than 40 code points are
//    cut with "...", control characters become spaces.
//  - markdown: headings as in the seeds' templates ("# Account Mapping: ...",
//    "## Partner Coverage Matrix", "## Overlap Analysis",
//    "## The Four Types of Overlap", "## Notes"); labels are escaped.
//  - json: one object, "schema": "blindmap.report.v1"; counts are integers,
//    rates fractions 0..1, names verbatim (invalid UTF-8 becomes U+FFFD).
//    Keys: schema, me, partner, partnership{id,state,cadence}, period,
//    match_policy, my_snapshot / partner_snapshot{party, period, uploaded_at
//    (ISO 8601 UTC or null), uploaded_at_unix, records, overlapping_records,
//    only_records, overlap_rate, overlap_score}, my_populations /
//    partner_populations[{name, kind, records, overlapping_records,
//    only_records, overlap_rate, overlap_score}], matrix{rows, columns,
//    my_records[row][column], partner_records[row][column] (null: no cell),
//    cells[{row, column, my_population, partner_population, my_records,
//    partner_records, overlap_type (id or null)}]}, overlap_types[{id, label,
//    my_status, partner_status, action, my_records, partner_records,
//    cells[{my_population, partner_population}]}] (always four),
//    probe_policy{min_population_size, max_uploads_per_period,
//    min_changed_records, noise_epsilon, noise, summary} (null when the
//    broker sent none), noisy, suppressed_populations{mine[], partner[]},
//    periods{current, mine, partner, partner_uploaded_at (or null),
//    partner_uploaded_at_unix}, notes[].
//  - csv: one RFC 4180 table (CRLF) in long form with the columns section,
//    period, partner, my_population, partner_population, kind, overlap_type,
//    my_records, partner_records, records, overlapping_records, only_records,
//    overlap_rate (fraction, 4 decimals), score, action, uploaded_at,
//    match_policy, note; sections my_total, partner_total, my_population,
//    partner_population, matrix, overlap_type, my_suppressed and
//    partner_suppressed (reason in note), probe_policy (one line in note),
//    noise (when noisy), current_period / my_latest_period /
//    partner_latest_period (period; uploaded_at for the partner's), note.
//    Labels starting with = + - @ tab or CR get a leading ' so spreadsheets do
//    not run them.
std::string RenderOverlapReport(const v1::OverlapReport& report,
                                absl::string_view me, OutputFormat format);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_REPORT_RENDER_H_
