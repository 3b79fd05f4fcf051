// Partner ICP scoring (`blindmap partner score`): partners and candidate
// partners ranked on the partner-ICP guide's dimensions into recruit now /
// nurture / pass, with the producing share beside the score.
#ifndef BLINDMAP_CLIENT_PARTNER_SCORE_PARTNER_SCORE_H_
#define BLINDMAP_CLIENT_PARTNER_SCORE_PARTNER_SCORE_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/config/client_config.h"
#include "client/partner_score/producing.h"
#include "client/partner_score/scorecard.h"
#include "client/portfolio/portfolio_fetch.h"

namespace blindmap {

// The five dimensions, in the guide's order: account overlap with my target
// market and with my open pipeline (measured), segment / vertical fit,
// motion fit and selling capacity (entered in the scorecard).
enum class Dimension {
  kTargetMarket,
  kOpenPipeline,
  kSegmentFit,
  kMotionFit,
  kSellingCapacity
};
inline constexpr size_t kDimensionCount = 5;
const char* DimensionId(Dimension dimension);     // "target_market_overlap"
const char* DimensionLabel(Dimension dimension);  // "Target market overlap"

struct DimensionScore {
  std::optional<double> score;  // 1-5, or nullopt when unknown
  std::optional<double> rate;   // measured: the overlap rate it came from
  std::string source;  // "measured: 41 of 120 (34.2%) in ICP", "scorecard",
                       // or why unknown: "not entered", "not mapped", ...
};

struct PartnerScoreRow {
  std::string partner;
  // "partner" (signed: an active partnership, not a candidate),
  // "candidate" (mapped under a candidate partnership), "pending" (invited,
  // not mapped yet), or "not mapped" (only in the scorecard).
  std::string status;
  std::string period;  // of the measured overlap
  bool noisy = false;
  std::array<DimensionScore, kDimensionCount> dimensions;
  std::string motion;           // from the scorecard
  std::optional<double> score;  // weighted mean of the known dimensions
  std::string decision;         // "recruit now", "nurture", "pass", or ""
  std::string decision_note;    // why capped, or why no score
  int rank = 0;                 // 1 = best score; 0 without a score
  std::optional<int64_t> deals_sourced;  // nullopt: no producing data
  std::string notes;                     // from the scorecard
};

struct PartnerScoreModel {
  std::string me;
  std::vector<PartnerScoreRow> rows;  // ranked: best score first
  std::array<double, kDimensionCount> weights{};
  double recruit_now_threshold = 0;
  double nurture_threshold = 0;
  double full_overlap_rate = 0;
  int64_t onboarding_capacity = 0;         // 0: no cap
  std::vector<std::string> target_market;  // my populations measured
  std::vector<std::string> open_pipeline;
  // Producing share: signed partners that sourced a deal.
  bool producing_available = false;
  std::string producing_reason;  // why not, when not
  std::string producing_source;  // "Partner Account in opportunities.csv"
  int signed_partners = 0;
  int producing_partners = 0;
  double producing_share = 0;
  int64_t deals = 0;
  int64_t partner_sourced_deals = 0;
  int64_t unknown_partner_deals = 0;
  std::vector<std::string> notes;
};

// My populations measured for the two overlap dimensions: the configured
// ones, else for the target market the populations with role icp (else
// role target_list, else every customer or prospect population without a
// role), and for the open pipeline every prospect population without a
// role.
std::vector<std::string> TargetMarketPopulations(const ClientConfig& config);
std::vector<std::string> OpenPipelinePopulations(const ClientConfig& config);

// Score (1-5) of a measured overlap `rate`: 1 + 4 x min(1, rate /
// full_overlap_rate).
double OverlapRateScore(double rate, double full_overlap_rate);

// Ranks every partnership in `fetch` and every scorecard partner. A
// measured dimension comes from the partnership's overlap report (my
// populations' overlapping records over their records; not counted
// populations are left out and say so). The score is the weighted mean of
// the dimensions known; recruit now at or above the recruit-now threshold,
// nurture at or above the nurture threshold, else pass. Candidates (and
// scorecard-only partners) are onboarded, so recruit-now candidates beyond
// the onboarding capacity per quarter, by rank, become nurture; a partner
// without a measured overlap is at best nurture ("map it first"). Pure.
PartnerScoreModel BuildPartnerScores(
    const PortfolioFetch& fetch, const ClientConfig& config,
    const std::map<std::string, ScorecardEntry>& scorecard,
    const absl::StatusOr<ProducingCounts>& producing);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PARTNER_SCORE_PARTNER_SCORE_H_
