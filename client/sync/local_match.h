// The broker's intersection, run locally on two exports: for a partner who
// sends a CSV instead of running a client, and to see which pairs match.
#ifndef BLINDMAP_CLIENT_SYNC_LOCAL_MATCH_H_
#define BLINDMAP_CLIENT_SYNC_LOCAL_MATCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "blindmap/v1/broker.pb.h"
#include "client/config/client_config.h"
#include "client/crm/crm_export.h"
#include "common/match/match_rule.h"

namespace blindmap {

// One side: its accounts and its populations (names and kinds, same order as
// the accounts' population bits).
struct LocalSide {
  const CrmExport* exported = nullptr;
  std::vector<PopulationConfig> populations;
};

struct MatchedPair {
  size_t mine = 0;           // index into my exported accounts
  size_t theirs = 0;         // index into the partner's
  MatchEvidence shared = 0;  // kShares* bits of match_rule.h
};

// A look-alike: a pair that shares enough to match under the policy, but
// that a veto kept apart.
struct VetoedPair {
  size_t mine = 0;
  size_t theirs = 0;
  MatchEvidence shared = 0;
  MatchVerdict why = MatchVerdict::kNoEvidence;  // IsVetoed()
};

struct LocalMatch {
  v1::OverlapReport report;        // oriented for `mine`
  std::vector<MatchedPair> pairs;  // by my row, then the partner's
  std::vector<VetoedPair> vetoed;  // likewise
};

// Tokenizes both sides under a fresh random key (it never leaves the
// process) exactly as `blindmap sync` does, and counts with the broker's
// engine and match rule (CountOverlap), so the counts equal what the broker
// would report for the same two exports.
absl::StatusOr<LocalMatch> MatchLocally(const LocalSide& mine,
                                        const LocalSide& theirs,
                                        v1::MatchPolicy policy);

// What `pair` shares, for people: "domain delta.com; name delta air lines".
std::string DescribeSharedKeys(const ExportedAccount& mine,
                               const ExportedAccount& theirs,
                               MatchEvidence shared);

// Which veto kept a look-alike apart, with both sides' values (local data,
// for the user's eyes): "different countries: GB / US", "different
// websites: acme / acmefoods", "different ids: DUNS 1... / 2...".
std::string DescribeVeto(const ExportedAccount& mine,
                         const ExportedAccount& theirs, MatchVerdict why);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_LOCAL_MATCH_H_
