// The portfolio's view model: every number `blindmap portfolio` shows,
// computed once from one PortfolioEntry per partnership, for every format.
#ifndef BLINDMAP_CLIENT_PORTFOLIO_PORTFOLIO_MODEL_H_
#define BLINDMAP_CLIENT_PORTFOLIO_PORTFOLIO_MODEL_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/config/client_config.h"
#include "client/portfolio/portfolio_fetch.h"
#include "client/report/overlap_types.h"

namespace blindmap {

// How Partner Coverage is ordered: by my overlap rate (default), by the
// accounts shared, by the partner's overlap rate, by partner name, by the
// trend (change in accounts shared), or by the latest sync.
enum class PortfolioSort {
  kRate,
  kShared,
  kPartnerRate,
  kPartner,
  kTrend,
  kSynced
};

// "rate", "shared", "partner-rate", "partner", "trend", "synced";
// INVALID_ARGUMENT naming them otherwise.
absl::StatusOr<PortfolioSort> ParsePortfolioSort(absl::string_view name);
const char* PortfolioSortName(PortfolioSort sort);

// The four overlap types in the seeds' order (overlap_types.h).
inline constexpr size_t kOverlapTypeCount = 4;

// One partner's row of Partner Coverage, with its account categories.
struct PartnerCoverage {
  std::string partner;
  std::string partnership_id;
  // "mapped" (the figures are set), "pending", "not synced" or "error";
  // `status_detail` says why for the last three (the broker's words).
  std::string status;
  std::string status_detail;
  bool candidate = false;       // partners.<name>.candidate
  std::string candidate_until;  // "2026-12-31", or ""
  std::string period;
  std::string cadence;
  uint64_t my_records = 0;       // all my records counted for this partner
  uint64_t partner_records = 0;  // all theirs
  uint64_t my_shared = 0;        // my records matching any of theirs
  uint64_t partner_shared = 0;   // theirs matching any of mine
  double my_rate = 0;            // my_shared / my_records
  double partner_rate = 0;       // partner_shared / partner_records
  const char* score = "";        // OverlapScore(my_rate)
  const char* partner_score = "";
  // My records per overlap type (a type covering several cells adds them).
  std::array<uint64_t, kOverlapTypeCount> types{};
  std::array<uint64_t, kOverlapTypeCount> partner_types{};
  int64_t my_synced_unix = 0;       // my snapshot of `period`
  int64_t partner_synced_unix = 0;  // theirs
  std::string partner_latest_period;
  bool has_previous = false;  // a kept period before `period`
  std::string previous_period;
  int64_t shared_change = 0;  // my_shared minus the previous period's
  double rate_change = 0;     // my_rate minus the previous period's
  bool noisy = false;
  uint32_t min_population_size = 0;
  bool partner_hides = false;              // the partner hides populations
  std::vector<std::string> my_hidden;      // my populations hidden from them
  std::vector<std::string> my_suppressed;  // too small to count
  std::vector<std::string> partner_suppressed;  // theirs
  // Account categories (AccountCategories, broker.proto).
  uint64_t overlap_mine = 0;
  uint64_t overlap_theirs = 0;
  uint64_t your_accounts = 0;
  uint64_t partner_accounts = 0;
  bool greenfield_counted = false;
  uint64_t greenfield_mine = 0;
  uint64_t greenfield_theirs = 0;
  std::vector<std::string> category_notes;  // why a category is not counted
  std::vector<std::string> notes;           // the broker's, for people

  bool mapped() const { return status == "mapped"; }
};

// One partner's coverage of one of my populations.
struct PopulationCell {
  std::string partner;
  bool counted = false;
  uint64_t covered = 0;  // my records of the population matching theirs
  double rate = 0;       // covered / the population's records there
  std::string reason;    // why not counted, when not
  bool noisy = false;
};

// Coverage of one of my populations (or ICP segments) across partners.
// Which of my accounts two partners both cover is known to nobody (each
// partnership's record ids and tokens are unlinkable), so "covered by at
// least one partner" is a range: the best single partner's count up to the
// sum over partners (capped at the population's size); exact when at most
// one partner covers any.
struct PopulationCoverage {
  std::string population;
  std::string kind;                      // "customer", "prospect", "other"
  std::string role;                      // "", "target_list", "icp", "segment"
  uint64_t records = 0;                  // from the latest snapshot counting it
  std::vector<PopulationCell> partners;  // mapped partners, coverage order
  int partners_counted = 0;              // partners counting this population
  int partners_covering = 0;             // of which cover at least one account
  uint64_t covered_low = 0;
  uint64_t covered_high = 0;
  bool exact = false;           // covered_low == covered_high by construction
  uint64_t uncovered_low = 0;   // records - covered_high
  uint64_t uncovered_high = 0;  // records - covered_low
  bool noisy = false;           // some partner's count carries noise
};

// Complementary coverage: a partner's population and how much of it I do
// not have.
struct WhiteSpaceRow {
  std::string partner;
  std::string population;  // theirs, verbatim
  std::string kind;
  std::string role;
  bool counted = true;
  std::string reason;  // why not counted, when not
  uint64_t records = 0;
  uint64_t you_have = 0;  // their records matching any of mine
  uint64_t you_lack = 0;  // records - you_have
  double lack_rate = 0;   // you_lack / records
  bool noisy = false;
};

struct PortfolioModel {
  std::string me;
  PortfolioSort sort = PortfolioSort::kRate;
  std::vector<PartnerCoverage> partners;  // mapped first, sorted
  std::vector<PopulationCoverage> populations;
  std::vector<WhiteSpaceRow> white_space;
  // "globex has 57 accounts in Customers · Financial Services that you do
  // not have (you have 0 of them)": the largest gaps, for people.
  std::vector<std::string> signals;
  std::vector<std::string> notes;
  int mapped = 0;
  int pending = 0;
  int not_synced = 0;
  int failed = 0;
  bool any_noisy = false;
};

// A white-space row is a signal when the partner has at least this many
// accounts in the population I do not have, and I have at most 10% of it.
inline constexpr uint64_t kSignalMinimumAccounts = 10;
inline constexpr double kSignalMaximumShare = 0.10;
inline constexpr size_t kMaxSignals = 10;

// Builds the model from what the broker said. `config` gives my
// populations' order and each partner's candidate setting. Pure; never
// fails.
PortfolioModel BuildPortfolioModel(const PortfolioFetch& fetch,
                                   const ClientConfig& config,
                                   PortfolioSort sort);

// "target_list", "icp", "segment" or "" (kinds: PopulationKindName() in
// client/report/overlap_types.h).
std::string PopulationRoleName(int role);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PORTFOLIO_PORTFOLIO_MODEL_H_
