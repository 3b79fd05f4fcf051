#include "client/sync/local_match.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/sync/snapshot_tokens.h"
#include "common/base/status_macros.h"
#include "common/crypto/crypto.h"
#include "common/match/match_rule.h"
#include "common/match/overlap.h"
#include "common/match/overlap_report.h"

namespace blindmap {
namespace {

// The occurrences a snapshot of `exported` would store on the broker (see
// SnapshotWriter): each token under its stored kind with the record's kHas*
// bits, a token the record carries twice once, as a non-variant if it is
// one either way.
std::vector<TokenOccurrence> Occurrences(const CrmExport& exported,
                                         SnapshotTokenizer& tokenizer) {
  std::vector<TokenOccurrence> out;
  std::vector<std::pair<v1::KeyKind, TruncatedHmac::Output>> tokens;
  for (size_t r = 0; r < exported.accounts.size(); ++r) {
    const ExportedAccount& account = exported.accounts[r];
    tokens.clear();
    uint8_t carries = 0;
    tokenizer.ForEachToken(
        account, [&](v1::KeyKind kind, const TruncatedHmac::Output& token) {
          tokens.emplace_back(kind, token);
          carries |= RecordEvidenceBit(kind);
        });
    const size_t first = out.size();
    for (const auto& [kind, token] : tokens) {
      TokenOccurrence o;
      o.token[0] = static_cast<uint8_t>(StoredKind(kind));
      std::copy(token.begin(), token.end(), o.token.begin() + 1);
      o.record = static_cast<uint32_t>(r);
      o.populations = account.populations;
      o.record_ids = carries;
      o.variant = IsVariantKind(kind);
      bool merged = false;
      for (size_t i = first; i < out.size(); ++i) {
        if (out[i].token == o.token) {
          out[i].variant = out[i].variant && o.variant;
          merged = true;
          break;
        }
      }
      if (!merged) out.push_back(o);
    }
  }
  return out;
}

ReportSide SideOf(const LocalSide& side) {
  ReportSide out;
  for (const PopulationConfig& population : side.populations) {
    v1::PopulationSpec& spec = out.populations.emplace_back();
    spec.set_name(population.name);
    spec.set_kind(population.kind);
  }
  out.population_sizes = side.exported->summary.population_sizes;
  return out;
}

}  // namespace

absl::StatusOr<LocalMatch> MatchLocally(const LocalSide& mine,
                                        const LocalSide& theirs,
                                        v1::MatchPolicy policy) {
  ASSIGN_OR_RETURN(std::string key, RandomBytes(32));
  ASSIGN_OR_RETURN(auto tokenizer, SnapshotTokenizer::Create(key, key, "local",
                                                             "local", policy));
  VectorTokenCursor a(Occurrences(*mine.exported, *tokenizer));
  VectorTokenCursor b(Occurrences(*theirs.exported, *tokenizer));
  LocalMatch result;
  ASSIGN_OR_RETURN(
      OverlapCounts counts,
      CountOverlap(
          a,
          {static_cast<uint32_t>(mine.exported->accounts.size()),
           static_cast<uint32_t>(mine.populations.size())},
          b,
          {static_cast<uint32_t>(theirs.exported->accounts.size()),
           static_cast<uint32_t>(theirs.populations.size())},
          policy,
          [&](uint32_t x, uint32_t y, MatchEvidence shared) {
            result.pairs.push_back({x, y, shared});
          },
          [&](uint32_t x, uint32_t y, MatchEvidence shared, MatchVerdict why) {
            result.vetoed.push_back({x, y, shared, why});
          }));
  const auto by_rows = [](const auto& x, const auto& y) {
    return x.mine != y.mine ? x.mine < y.mine : x.theirs < y.theirs;
  };
  std::sort(result.pairs.begin(), result.pairs.end(), by_rows);
  std::sort(result.vetoed.begin(), result.vetoed.end(), by_rows);
  result.report.set_match_policy(policy);
  result.report.mutable_mine()->set_records(mine.exported->accounts.size());
  result.report.mutable_theirs()->set_records(theirs.exported->accounts.size());
  RETURN_IF_ERROR(FillReportCounts(counts, SideOf(mine), SideOf(theirs),
                                   /*me_is_a=*/true, result.report));
  return result;
}

std::string DescribeSharedKeys(const ExportedAccount& mine,
                               const ExportedAccount& theirs,
                               MatchEvidence shared) {
  std::vector<std::string> parts;
  if ((shared & kSharesDuns) != 0) {
    parts.push_back(absl::StrCat("DUNS ", mine.Key(v1::KEY_KIND_DUNS)));
  }
  if ((shared & kSharesLei) != 0) {
    parts.push_back(absl::StrCat("LEI ", mine.Key(v1::KEY_KIND_LEI)));
  }
  if ((shared & kSharesRegistrationId) != 0) {
    parts.push_back(
        absl::StrCat("registration ", mine.Key(v1::KEY_KIND_REGISTRATION_ID)));
  }
  if ((shared & kSharesDomain) != 0) {
    std::vector<std::string> common;
    for (const std::string& domain : mine.domain_keys) {
      if (std::find(theirs.domain_keys.begin(), theirs.domain_keys.end(),
                    domain) != theirs.domain_keys.end()) {
        common.push_back(domain);
      }
    }
    parts.push_back("domain " + absl::StrJoin(common, ", "));
  }
  if ((shared & kSharesName) != 0) parts.push_back("name " + mine.name_key);
  if ((shared & kSharesNameVariant) != 0) {
    parts.push_back("name variant");
  }
  if ((shared & kSharesBrand) != 0) {
    std::vector<std::string> common;
    for (absl::string_view label : mine.Keys(v1::KEY_KIND_BRAND_LABEL)) {
      for (absl::string_view other : theirs.Keys(v1::KEY_KIND_BRAND_LABEL)) {
        if (label == other) common.emplace_back(label);
      }
    }
    parts.push_back("brand label " + absl::StrJoin(common, ", "));
  }
  return absl::StrJoin(parts, "; ");
}

std::string DescribeVeto(const ExportedAccount& mine,
                         const ExportedAccount& theirs, MatchVerdict why) {
  switch (why) {
    case MatchVerdict::kCountryVeto:
      return absl::StrCat("different countries: ", mine.country, " / ",
                          theirs.country);
    case MatchVerdict::kWebsiteVeto:
      return absl::StrCat(
          "different websites: ",
          absl::StrJoin(mine.Keys(v1::KEY_KIND_BRAND_LABEL), ", "), " / ",
          absl::StrJoin(theirs.Keys(v1::KEY_KIND_BRAND_LABEL), ", "));
    case MatchVerdict::kIdVeto: {
      std::vector<std::string> kinds;
      const uint8_t both = mine.id_kinds() & theirs.id_kinds();
      if ((both & kHasDuns) != 0 &&
          mine.Key(v1::KEY_KIND_DUNS) != theirs.Key(v1::KEY_KIND_DUNS)) {
        kinds.push_back(absl::StrCat("DUNS ", mine.Key(v1::KEY_KIND_DUNS),
                                     " / ", theirs.Key(v1::KEY_KIND_DUNS)));
      }
      if ((both & kHasLei) != 0 &&
          mine.Key(v1::KEY_KIND_LEI) != theirs.Key(v1::KEY_KIND_LEI)) {
        kinds.push_back(absl::StrCat("LEI ", mine.Key(v1::KEY_KIND_LEI), " / ",
                                     theirs.Key(v1::KEY_KIND_LEI)));
      }
      if ((both & kHasRegistrationId) != 0 &&
          mine.Key(v1::KEY_KIND_REGISTRATION_ID) !=
              theirs.Key(v1::KEY_KIND_REGISTRATION_ID)) {
        kinds.push_back(absl::StrCat(
            "registration id ", mine.Key(v1::KEY_KIND_REGISTRATION_ID), " / ",
            theirs.Key(v1::KEY_KIND_REGISTRATION_ID)));
      }
      return "different ids: " + absl::StrJoin(kinds, "; ");
    }
    default:
      return "";
  }
}

}  // namespace blindmap
