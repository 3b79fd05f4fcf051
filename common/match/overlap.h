// Counting the overlap of two snapshots from their sorted token occurrences.
// The same code runs on the broker (over RocksDB) and locally (over vectors).
#ifndef BLINDMAP_COMMON_MATCH_OVERLAP_H_
#define BLINDMAP_COMMON_MATCH_OVERLAP_H_

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blindmap/v1/broker.pb.h"
#include "common/match/match_rule.h"

namespace blindmap {

inline constexpr size_t kMaxPopulations = 64;

// A token as stored: its key kind (KeyKind) followed by the 16 token bytes.
// Ordering is bytewise, i.e. by kind, then token.
using TokenKey = std::array<uint8_t, 17>;

// One occurrence of a token in a snapshot: which record carries it, the
// populations that record belongs to and what the record carries (kHas* of
// match_rule.h: its kinds of registration id, whether it has a country and
// a website). A variant (NAME_VARIANT, BRAND_LABEL_VARIANT) is stored as
// its base kind (StoredKind()) with `variant` set, so it meets the other
// side's keys.
struct TokenOccurrence {
  TokenKey token;
  uint32_t record = 0;       // dense index of the record, < records
  uint64_t populations = 0;  // bit i: member of population i
  uint8_t record_ids = 0;    // kRecordEvidenceBits: kHasDuns ... kHasWebsite
  bool variant = false;
};

// Forward iteration over one snapshot's token occurrences in ascending
// (token, record) order, in the style of leveldb::Iterator. Implementations
// are not thread-safe.
class TokenCursor {
 public:
  virtual ~TokenCursor() = default;
  // True while positioned on an occurrence.
  virtual bool Valid() const = 0;
  // Requires Valid().
  virtual void Next() = 0;
  // Requires Valid(). The reference is good until the next Next().
  virtual const TokenOccurrence& occurrence() const = 0;
  // Non-OK if iteration stopped because of an error rather than the end.
  virtual absl::Status status() const = 0;
};

// Size of a snapshot as the counter needs it.
struct SnapshotShape {
  uint32_t records = 0;
  uint32_t populations = 0;  // <= kMaxPopulations
  // Populations that count; a record in none of them takes no part (its
  // party hides those populations from this partner).
  uint64_t visible = ~uint64_t{0};
};

// Overlap of snapshots A and B under a match policy (match_rule.h). Cells
// are row-major [A population][B population]:
//   a_cells: A's records of the row population matching at least one B
//            record of the column population (each A record once per cell);
//   b_cells: B's records of the column population matching at least one A
//            record of the row population.
struct OverlapCounts {
  std::vector<uint64_t> a_cells;
  std::vector<uint64_t> b_cells;
  std::vector<uint64_t> a_overlap_by_population;  // matching any B record
  std::vector<uint64_t> b_overlap_by_population;
  uint64_t a_overlap_total = 0;  // distinct A records matching any B record
  uint64_t b_overlap_total = 0;
};

// Told each matching pair (A record, B record, what they share as kShares*
// bits of match_rule.h), in no particular order.
using MatchSink =
    std::function<void(uint32_t a, uint32_t b, MatchEvidence shared)>;
// Told each pair that shared evidence enough to match under the policy but
// was vetoed (IsVetoed(verdict)), in no particular order.
using VetoSink = std::function<void(uint32_t a, uint32_t b,
                                    MatchEvidence shared, MatchVerdict why)>;

// Pairs one token may join before CountOverlap gives up on it.
inline constexpr uint64_t kMaxPairsPerToken = uint64_t{4} << 20;

// Streams both cursors once, merging on equal tokens into candidate pairs
// with what each pair shares, then applies RecordsMatch() to every candidate
// under `policy`; `on_veto`, if set, hears of the vetoed look-alikes.
// Memory: about 17 bytes per record of each snapshot plus
// about 16 per candidate pair, independent of the number of tokens.
// InvalidArgumentError if the shapes are out of range; DataLossError if a
// cursor yields occurrences out of order or a record index out of range;
// ResourceExhaustedError if one token joins more than kMaxPairsPerToken
// pairs; DeadlineExceededError once the thread's call deadline
// (call_deadline.h) has passed; a cursor's own error status otherwise.
absl::StatusOr<OverlapCounts> CountOverlap(
    TokenCursor& a, SnapshotShape a_shape, TokenCursor& b,
    SnapshotShape b_shape, v1::MatchPolicy policy,
    const MatchSink& on_match = {}, const VetoSink& on_veto = {});

// A TokenCursor over occurrences held in memory (for match-local and tests).
// Sorts its input on construction.
class VectorTokenCursor final : public TokenCursor {
 public:
  explicit VectorTokenCursor(std::vector<TokenOccurrence> occurrences);
  bool Valid() const override { return index_ < occurrences_.size(); }
  void Next() override { ++index_; }
  const TokenOccurrence& occurrence() const override {
    return occurrences_[index_];
  }
  absl::Status status() const override { return absl::OkStatus(); }

 private:
  std::vector<TokenOccurrence> occurrences_;
  size_t index_ = 0;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_MATCH_OVERLAP_H_
