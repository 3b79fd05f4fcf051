// The account-mapping guide's prioritization table: five factors, each
// scored 1-3 and multiplied by its weight; a factor with no data is
// unknown and adds nothing (it is never silently a number).
//
//   Factor                          Weight       Scoring
//   Partner relationship strength   High (3)     Champion 3, User 2, Awareness
//   1 ICP fit                         High (3)     Strong 3, Moderate 2, Weak 1
//   Timing / urgency                Medium (2)   Active need 3, Upcoming budget
//                                                2, Long-term 1
//   Deal size potential             Medium (2)   Above ACV 3, At ACV 2,
//                                                Below ACV 1
//   Competitive situation           Low (1)      None 3, Weak 2, Strong 1
//
// The partner relationship comes from the partner's sealed detail (what the
// partner says it holds with the account); every other factor from my own
// export and config.
#ifndef BLINDMAP_CLIENT_PLAN_PRIORITY_H_
#define BLINDMAP_CLIENT_PLAN_PRIORITY_H_

#include <array>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "client/config/plan_config.h"
#include "client/plan/own_facts.h"

namespace blindmap {

enum class Factor {
  kPartnerRelationship,
  kIcpFit,
  kTiming,
  kDealSize,
  kCompetition,
};
inline constexpr std::array<Factor, 5> kFactors = {
    Factor::kPartnerRelationship, Factor::kIcpFit, Factor::kTiming,
    Factor::kDealSize, Factor::kCompetition};

// "partner_relationship", "icp_fit", "timing", "deal_size", "competition".
const char* FactorId(Factor factor);
// "Partner relationship strength", "ICP fit", "Timing / urgency", "Deal size
// potential", "Competitive situation".
const char* FactorLabel(Factor factor);
// Short column headings: "Partner rel.", "ICP", "Timing", "Deal size",
// "Competition".
const char* FactorShortLabel(Factor factor);
int WeightOf(const FactorWeights& weights, Factor factor);

struct FactorScore {
  std::optional<int> score;  // 1-3; nullopt: unknown (or weight 0: off)
  std::string label;         // "Champion", "Strong", ..., "unknown", "off"
  std::string basis;         // why, in words (my own data: stays local)
};

struct PriorityScore {
  std::array<FactorScore, 5> factors;  // in kFactors order
  int score = 0;      // sum of weight x score over the known factors
  int known_max = 0;  // the most the known factors could give
  int max = 0;        // the most all weighted factors could give
  int unknown = 0;    // weighted factors without data
};

// Scores one mutually shared account. `mine` is its row in my export (null
// when the export does not have it); `facts` says which columns the export
// has; `partner_relationship` is the partner's detail field ("champion",
// ...; "" when not shared); `partner` names the partner in the basis text;
// `today` dates the timing factor. Pure; thread-safe.
PriorityScore ScorePriority(const PlanConfig& config,
                            const OwnAccountFacts* mine, const OwnFacts& facts,
                            absl::string_view partner_relationship,
                            absl::string_view partner, absl::CivilDay today);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PLAN_PRIORITY_H_
