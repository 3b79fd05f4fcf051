#include "common/match/overlap.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/base/call_deadline.h"
#include "common/base/status_macros.h"
#include "common/match/match_rule.h"

namespace blindmap {
namespace {

// All occurrences of one token in one snapshot.
struct TokenGroup {
  TokenKey token{};
  std::vector<TokenOccurrence> members;
};

int CompareTokens(const TokenKey& x, const TokenKey& y) {
  return std::memcmp(x.data(), y.data(), x.size());
}

// Reads the run of occurrences sharing the cursor's current token into
// `group` and leaves the cursor on the next token. Checks the order the
// cursor promises and the ranges the shape promises.
class GroupReader {
 public:
  GroupReader(TokenCursor& cursor, SnapshotShape shape, const char* side)
      : cursor_(cursor), shape_(shape), side_(side) {}

  // False at the end of the cursor or on error (see status()).
  bool Read(TokenGroup& group) {
    group.members.clear();
    if (!status_.ok() || !cursor_.Valid()) return false;
    group.token = cursor_.occurrence().token;
    if (has_previous_ && CompareTokens(previous_, group.token) >= 0) {
      status_ = absl::DataLossError(absl::StrCat(
          "snapshot ", side_, ": tokens are not in ascending order"));
      return false;
    }
    const uint64_t allowed_populations =
        shape_.populations >= 64 ? ~uint64_t{0}
                                 : (uint64_t{1} << shape_.populations) - 1;
    while (cursor_.Valid() &&
           CompareTokens(cursor_.occurrence().token, group.token) == 0) {
      const TokenOccurrence& occurrence = cursor_.occurrence();
      if (occurrence.record >= shape_.records ||
          (occurrence.populations & ~allowed_populations) != 0) {
        status_ = absl::DataLossError(absl::StrCat(
            "snapshot ", side_, ": record ", occurrence.record,
            " or its populations are outside the snapshot's shape"));
        return false;
      }
      if ((occurrence.populations & shape_.visible) != 0) {
        group.members.push_back(occurrence);
        group.members.back().populations &= shape_.visible;
      }
      cursor_.Next();
    }
    previous_ = group.token;
    has_previous_ = true;
    return true;
  }

  absl::Status status() const {
    if (!status_.ok()) return status_;
    return cursor_.status();
  }

 private:
  TokenCursor& cursor_;
  const SnapshotShape shape_;
  const char* const side_;
  TokenKey previous_{};
  bool has_previous_ = false;
  absl::Status status_;
};

// Per record of one side: its own populations and id kinds, and the union
// of the populations of the other side's records it matches.
struct SideMasks {
  explicit SideMasks(uint32_t records)
      : own(records), partner(records), ids(records) {}
  std::vector<uint64_t> own;
  std::vector<uint64_t> partner;
  std::vector<uint8_t> ids;
};

void Remember(const TokenGroup& group, SideMasks& masks) {
  for (const TokenOccurrence& o : group.members) {
    masks.own[o.record] = o.populations;
    masks.ids[o.record] = o.record_ids;
  }
}

// Token groups merged between two looks at the call's deadline (a look is a
// clock read; a group takes tens of nanoseconds).
constexpr uint64_t kDeadlineCheckSteps = 4096;

uint64_t PairKey(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }

template <typename Fn>
void ForEachBit(uint64_t bits, Fn fn) {
  while (bits != 0) {
    fn(static_cast<uint32_t>(__builtin_ctzll(bits)));
    bits &= bits - 1;
  }
}

}  // namespace

absl::StatusOr<OverlapCounts> CountOverlap(
    TokenCursor& a, SnapshotShape a_shape, TokenCursor& b,
    SnapshotShape b_shape, v1::MatchPolicy policy, const MatchSink& on_match,
    const VetoSink& on_veto) {
  for (const SnapshotShape& shape : {a_shape, b_shape}) {
    if (shape.populations == 0 || shape.populations > kMaxPopulations) {
      return absl::InvalidArgumentError(
          absl::StrCat("a snapshot must have 1 to ", kMaxPopulations,
                       " populations, not ", shape.populations));
    }
  }
  SideMasks a_masks(a_shape.records);
  SideMasks b_masks(b_shape.records);
  // Every pair sharing at least one token, with what it shares.
  absl::flat_hash_map<uint64_t, MatchEvidence> candidates;
  GroupReader a_reader(a, a_shape, "A");
  GroupReader b_reader(b, b_shape, "B");
  TokenGroup a_group, b_group;
  bool a_more = a_reader.Read(a_group);
  bool b_more = b_reader.Read(b_group);
  for (uint64_t step = 1; a_more && b_more; ++step) {
    if (step % kDeadlineCheckSteps == 1) {
      RETURN_IF_ERROR(CheckCallDeadline("the intersection"));
    }
    const int order = CompareTokens(a_group.token, b_group.token);
    if (order == 0) {
      const uint64_t pairs =
          uint64_t{a_group.members.size()} * uint64_t{b_group.members.size()};
      if (pairs > kMaxPairsPerToken) {
        return absl::ResourceExhaustedError(
            absl::StrCat("one token is shared by ", a_group.members.size(),
                         " x ", b_group.members.size(),
                         " records: more pairs than are compared for one key (",
                         kMaxPairsPerToken, ")"));
      }
      Remember(a_group, a_masks);
      Remember(b_group, b_masks);
      const auto kind = static_cast<v1::KeyKind>(a_group.token[0]);
      for (const TokenOccurrence& x : a_group.members) {
        for (const TokenOccurrence& y : b_group.members) {
          candidates[PairKey(x.record, y.record)] |=
              TokenEvidence(kind, x.variant, y.variant);
        }
      }
    }
    if (order <= 0) a_more = a_reader.Read(a_group);
    if (order >= 0) b_more = b_reader.Read(b_group);
  }
  // Drain so that ordering and range errors anywhere are reported.
  while (a_more) a_more = a_reader.Read(a_group);
  while (b_more) b_more = b_reader.Read(b_group);
  if (absl::Status s = a_reader.status(); !s.ok()) return s;
  if (absl::Status s = b_reader.status(); !s.ok()) return s;
  RETURN_IF_ERROR(CheckCallDeadline("the intersection"));

  for (const auto& [key, shared] : candidates) {
    const uint32_t x = static_cast<uint32_t>(key >> 32);
    const uint32_t y = static_cast<uint32_t>(key);
    const MatchVerdict verdict =
        JudgePair(policy, a_masks.ids[x], b_masks.ids[y], shared);
    if (verdict != MatchVerdict::kMatch) {
      if (on_veto && IsVetoed(verdict)) on_veto(x, y, shared, verdict);
      continue;
    }
    a_masks.partner[x] |= b_masks.own[y];
    b_masks.partner[y] |= a_masks.own[x];
    if (on_match) on_match(x, y, shared);
  }

  const uint32_t rows = a_shape.populations;
  const uint32_t columns = b_shape.populations;
  OverlapCounts counts;
  counts.a_cells.assign(size_t{rows} * columns, 0);
  counts.b_cells.assign(size_t{rows} * columns, 0);
  counts.a_overlap_by_population.assign(rows, 0);
  counts.b_overlap_by_population.assign(columns, 0);
  for (uint32_t r = 0; r < a_shape.records; ++r) {
    const uint64_t partner = a_masks.partner[r];
    if (partner == 0) continue;
    ++counts.a_overlap_total;
    ForEachBit(a_masks.own[r], [&](uint32_t row) {
      ++counts.a_overlap_by_population[row];
      ForEachBit(partner, [&](uint32_t column) {
        ++counts.a_cells[size_t{row} * columns + column];
      });
    });
  }
  for (uint32_t r = 0; r < b_shape.records; ++r) {
    const uint64_t partner = b_masks.partner[r];
    if (partner == 0) continue;
    ++counts.b_overlap_total;
    ForEachBit(b_masks.own[r], [&](uint32_t column) {
      ++counts.b_overlap_by_population[column];
      ForEachBit(partner, [&](uint32_t row) {
        ++counts.b_cells[size_t{row} * columns + column];
      });
    });
  }
  return counts;
}

VectorTokenCursor::VectorTokenCursor(std::vector<TokenOccurrence> occurrences)
    : occurrences_(std::move(occurrences)) {
  std::sort(occurrences_.begin(), occurrences_.end(),
            [](const TokenOccurrence& x, const TokenOccurrence& y) {
              const int order = CompareTokens(x.token, y.token);
              return order != 0 ? order < 0 : x.record < y.record;
            });
}

}  // namespace blindmap
