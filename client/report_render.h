// Rendering of an overlap report for people (text, Markdown) and scripts
// (JSON, CSV).
#ifndef BLINDMAP_CLIENT_REPORT_RENDER_H_
#define BLINDMAP_CLIENT_REPORT_RENDER_H_

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
//    rule, and any notes from the broker.
// Pure function; never fails (unknown enum values render as "other").
std::string RenderOverlapReport(const v1::OverlapReport& report,
                                absl::string_view me, OutputFormat format);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_RENDER_H_
