// Rendering `blindmap partner score`: the ranking with each dimension, the
// weighted score and the decision, and the producing share.
#ifndef BLINDMAP_CLIENT_PARTNER_SCORE_SCORE_RENDER_H_
#define BLINDMAP_CLIENT_PARTNER_SCORE_SCORE_RENDER_H_

#include <string>
#include <vector>

#include "client/partner_score/partner_score.h"
#include "client/report/report_render.h"
#include "client/report/view_table.h"

namespace blindmap {

// The ranking table (rank, partner, status, the five dimensions, score,
// decision, deals sourced) with the thresholds, weights, capacity and
// producing share beneath.
std::vector<ViewTable> PartnerScoreTables(const PartnerScoreModel& model);

// Text and Markdown from PartnerScoreTables(); JSON ("schema":
// "blindmap.partner_score.v1": me, weights{<dimension id>: weight},
// thresholds{recruit_now, nurture}, full_overlap_rate,
// onboarding_capacity_per_quarter, populations{target_market[],
// open_pipeline[]}, partners[{rank, partner, status, period, dimensions{
// <id>: {score, rate, source}}, motion, score, decision, decision_note,
// deals_sourced, notes}], producing{available, reason, source,
// signed_partners, producing_partners, producing_share, deals,
// partner_sourced_deals, unknown_partner_deals}, notes[]); CSV (one row per
// partner: rank, partner, status, period, each dimension's score, score,
// decision, decision_note, deals_sourced, motion; then a "producing_share"
// row). Pure; never fails.
std::string RenderPartnerScores(const PartnerScoreModel& model,
                                OutputFormat format);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PARTNER_SCORE_SCORE_RENDER_H_
