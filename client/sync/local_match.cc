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

// The occurrences a snapshot of `exported` would store on the broker.
std::vector<TokenOccurrence> Occurrences(const CrmExport& exported,
                                         SnapshotTokenizer& tokenizer,
                                         bool name_variants) {
  std::vector<TokenOccurrence> out;
  for (size_t r = 0; r < exported.accounts.size(); ++r) {
    const ExportedAccount& account = exported.accounts[r];
    const uint8_t ids = account.id_kinds();
    auto add = [&](v1::KeyKind kind, absl::string_view value, bool variant) {
      TokenOccurrence o;
      o.token[0] = static_cast<uint8_t>(variant ? v1::KEY_KIND_NAME : kind);
      const TruncatedHmac::Output token = tokenizer.Token(kind, value);
      std::copy(token.begin(), token.end(), o.token.begin() + 1);
      o.record = static_cast<uint32_t>(r);
      o.populations = account.populations;
      o.record_ids = ids;
      o.variant = variant;
      out.push_back(o);
    };
    if (!account.name_key.empty()) {
      add(v1::KEY_KIND_NAME, account.name_key, false);
    }
    for (const std::string& domain : account.domain_keys) {
      add(v1::KEY_KIND_DOMAIN, domain, false);
    }
    for (const AccountKey& key : account.more_keys) {
      const bool variant = key.kind == v1::KEY_KIND_NAME_VARIANT;
      // A variant equal to the record's own name is the name itself (the
      // broker keeps one entry for both).
      if (variant && (!name_variants || key.value == account.name_key)) {
        continue;
      }
      add(key.kind, key.value, variant);
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
  ASSIGN_OR_RETURN(auto tokenizer,
                   SnapshotTokenizer::Create(key, key, "local", "local"));
  const bool variants = policy == v1::MATCH_POLICY_BROAD;
  VectorTokenCursor a(Occurrences(*mine.exported, *tokenizer, variants));
  VectorTokenCursor b(Occurrences(*theirs.exported, *tokenizer, variants));
  LocalMatch result;
  ASSIGN_OR_RETURN(
      OverlapCounts counts,
      CountOverlap(a,
                   {static_cast<uint32_t>(mine.exported->accounts.size()),
                    static_cast<uint32_t>(mine.populations.size())},
                   b,
                   {static_cast<uint32_t>(theirs.exported->accounts.size()),
                    static_cast<uint32_t>(theirs.populations.size())},
                   policy, [&](uint32_t x, uint32_t y, uint8_t shared) {
                     result.pairs.push_back({x, y, shared});
                   }));
  std::sort(result.pairs.begin(), result.pairs.end(),
            [](const MatchedPair& x, const MatchedPair& y) {
              return x.mine != y.mine ? x.mine < y.mine : x.theirs < y.theirs;
            });
  result.report.set_match_policy(policy);
  result.report.mutable_mine()->set_records(mine.exported->accounts.size());
  result.report.mutable_theirs()->set_records(theirs.exported->accounts.size());
  RETURN_IF_ERROR(FillReportCounts(counts, SideOf(mine), SideOf(theirs),
                                   /*me_is_a=*/true, result.report));
  return result;
}

std::string DescribeSharedKeys(const ExportedAccount& mine,
                               const ExportedAccount& theirs, uint8_t shared) {
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
  return absl::StrJoin(parts, "; ");
}

}  // namespace blindmap
