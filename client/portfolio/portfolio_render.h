// Rendering the portfolio for people (text, Markdown) and scripts (JSON,
// CSV), from one PortfolioModel so the formats never disagree on a number.
#ifndef BLINDMAP_CLIENT_PORTFOLIO_PORTFOLIO_RENDER_H_
#define BLINDMAP_CLIENT_PORTFOLIO_PORTFOLIO_RENDER_H_

#include <string>
#include <vector>

#include "client/portfolio/portfolio_model.h"
#include "client/report/report_render.h"
#include "client/report/view_table.h"

namespace blindmap {

// The four sections (Partner Coverage; Coverage of my populations;
// Complementary coverage (white space) with its signals; Account
// categories) and the notes, as tables with every cell as people read it
// ("≈31" for a noisy count, "31 (32.3%)", "not counted" with the reason in
// a footnote). Text and Markdown (and HTML) lay these out.
std::vector<ViewTable> PortfolioTables(const PortfolioModel& model);

// Renders `model`. Pure; never fails.
//  - text / markdown: a title line, a summary line, then PortfolioTables();
//  - json: one object, "schema": "blindmap.portfolio.v1", with me, sort,
//    counts{mapped, pending, not_synced, failed}, partners[{partner,
//    partnership_id, status, status_detail, candidate, candidate_until,
//    period, cadence, my_records, partner_records, my_shared,
//    partner_shared, my_rate, partner_rate, score, partner_score,
//    overlap_types[{id, label, my_records, partner_records}],
//    my_synced_at, partner_synced_at, partner_latest_period, trend{
//    previous_period, shared_change, rate_change} or null, noisy,
//    partner_hides_populations, my_hidden_populations[],
//    suppressed_populations{mine[], partner[]}, categories{overlap_mine,
//    overlap_theirs, your_accounts, partner_accounts, greenfield_counted,
//    greenfield_mine, greenfield_theirs, notes[]}, notes[]}],
//    populations[{population, kind, role, records, partners[{partner,
//    counted, covered, rate, reason}], partners_counted, partners_covering,
//    covered_low, covered_high, exact, uncovered_low, uncovered_high}],
//    white_space[{partner, population, kind, role, counted, reason,
//    records, you_have, you_lack, lack_rate}], signals[], notes[]; counts
//    are integers, rates fractions 0..1, names verbatim;
//  - csv: one RFC 4180 table (CRLF) in long form, a row per fact, with a
//    `section` column: partner, overlap_type, population,
//    population_partner, white_space, category, signal, note.
std::string RenderPortfolio(const PortfolioModel& model, OutputFormat format);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PORTFOLIO_PORTFOLIO_RENDER_H_
