// An OverlapChange as an alert: one renderer per destination (Slack,
// Microsoft Teams, plain JSON) and a line for the terminal, all fed by the
// same numbers.
#ifndef BLINDMAP_CLIENT_ALERTS_ALERT_MESSAGE_H_
#define BLINDMAP_CLIENT_ALERTS_ALERT_MESSAGE_H_

#include <string>

#include "client/config/alert_config.h"
#include "client/report/overlap_change.h"

namespace blindmap {

// What every alert says (counts always; names only of accounts both sides
// opted in to share, as `change.shared` holds them):
//  - "acme × globex, period 2026-11 (since 2026-10): 2 new overlaps, 1 lost"
//  - per overlap type: previous → current (change) and the action;
//  - the mutually shared accounts new since the last alert, by name (at
//    most kMaxNamesShown, then "and N more"), and how many left;
//  - that counts are net per type (and approximate when noisy), and the
//    command that shows the history.
// Pure functions; never fail.
inline constexpr size_t kMaxNamesShown = 15;

// The body to POST for `kind`:
//  - slack: incoming-webhook JSON, {"text": the headline (no account name),
//    "blocks": header, sections (types as fields), the names as plain_text
//    (so no name is ever formatting or a mention), context};
//  - teams: a Workflows webhook message with one Adaptive Card (1.4);
//    names are Markdown-escaped;
//  - json: {"schema": "blindmap.alert.v1", "event": "overlaps_changed" (or
//    "test"), me, partner, partnership_id, period, previous_period,
//    new_overlaps, lost_overlaps, noisy, types[{id, label, action, previous,
//    current, change}], shared_accounts{known, new[], new_count,
//    no_longer_shared}, note}.
std::string RenderAlert(const OverlapChange& change, AlertKind kind,
                        bool test = false);

// The headline, e.g. "acme × globex, period 2026-11 (since 2026-10): 2 new
// overlaps, 1 lost".
std::string AlertHeadline(const OverlapChange& change);

// A change with made-up counts, marked as a test, for `blindmap alert
// --test` (no account, no name).
OverlapChange TestOverlapChange(const std::string& me,
                                const std::string& partner);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_ALERTS_ALERT_MESSAGE_H_
