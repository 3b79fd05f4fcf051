// The small vocabulary of the co-sell plan: engagement statuses and
// activities, and reading the values CRM exports write (amounts, dates,
// employee counts) the way Salesforce and HubSpot write them.
#ifndef BLINDMAP_CLIENT_PLAN_PLAN_VALUES_H_
#define BLINDMAP_CLIENT_PLAN_PLAN_VALUES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace blindmap {

// Where a planned account stands. kNew: nothing recorded yet. The rest are
// what `blindmap plan update --status` records, or what the CRM's stage and
// last-activity columns say.
enum class PlanStatus {
  kNew,
  kContacted,
  kMeeting,
  kOpportunity,
  kWon,
  kLost,
  kParked,
};

// "new", "contacted", "meeting", "opportunity", "won", "lost", "parked".
const char* PlanStatusName(PlanStatus status);
// The same names; nullopt for anything else.
std::optional<PlanStatus> ParsePlanStatus(absl::string_view name);
// Won, lost and parked accounts leave the tiers (the plan lists them apart).
bool IsClosedOrParked(PlanStatus status);
// Any status but kNew: the account has had follow-up activity.
inline bool IsTouched(PlanStatus status) { return status != PlanStatus::kNew; }
// Opportunity or won: the account entered the pipeline.
inline bool InPipeline(PlanStatus status) {
  return status == PlanStatus::kOpportunity || status == PlanStatus::kWon;
}

// The tracker's engagement types.
enum class Activity {
  kDiscoveryCall,
  kDemo,
  kExecutiveBriefing,
  kWorkshop,
  kProposal,
  kNegotiation,
};
// "discovery-call", "demo", "executive-briefing", "workshop", "proposal",
// "negotiation".
const char* ActivityName(Activity activity);
// "Discovery Call", "Solution Demo", "Executive Briefing", "Workshop",
// "Proposal Review", "Negotiation" (the tracker's words).
const char* ActivityLabel(Activity activity);
std::optional<Activity> ParseActivity(absl::string_view name);

// An amount as CRMs export it: "120000", "120,000.50", "$120,000",
// "EUR 95000", "95000 USD". Thousands separators are commas; the decimal
// separator is a point. nullopt for an empty or unreadable cell.
std::optional<double> ParseAmount(absl::string_view text);
// A date: ISO "2026-11-20" (a time after it is ignored, as HubSpot writes
// "2026-11-20 14:05"), Salesforce US "11/20/2026", or "20.11.2026".
// nullopt for an empty or unreadable cell.
std::optional<absl::CivilDay> ParseCrmDate(absl::string_view text);
// An employee count: "40000", "40,000", or a range "1001-5000" (its
// lower end). nullopt for an empty or unreadable cell.
std::optional<int64_t> ParseEmployees(absl::string_view text);

// "2026-11-20".
std::string FormatDay(absl::CivilDay day);
// A day from FormatDay(); nullopt otherwise.
std::optional<absl::CivilDay> ParseDay(absl::string_view text);
// "2026-Q4".
std::string QuarterOf(absl::CivilDay day);
// 120000 -> "120,000"; 1234.5 -> "1,235" (whole units).
std::string FormatAmount(double amount);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PLAN_PLAN_VALUES_H_
