#include "server/broker/shared_accounts.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "common/base/status_macros.h"
#include "server/broker/common_period.h"
#include "server/broker/sharing.h"
#include "server/store/store.h"

namespace blindmap {
namespace {

std::vector<bool> Offered(const std::vector<StoredRecord>& records,
                          const SharingMasks& masks, bool& any) {
  std::vector<bool> offered(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    const StoredRecord& r = records[i];
    offered[i] = r.has_detail && (r.populations & masks.visible) != 0 &&
                 (r.opted_in || (r.populations & masks.overlaps) != 0);
    any = any || offered[i];
  }
  return offered;
}

// `bits` over all populations -> over the `visible` ones only, in order.
uint64_t CompactBits(uint64_t bits, uint64_t visible) {
  uint64_t out = 0;
  int next = 0;
  for (int i = 0; i < 64; ++i) {
    if (((visible >> i) & 1) == 0) continue;
    if ((bits >> i) & 1) out |= uint64_t{1} << next;
    ++next;
  }
  return out;
}

}  // namespace

absl::StatusOr<v1::SharedAccounts> BuildSharedAccounts(
    Store& store, const v1::storage::PartnershipRecord& partnership,
    absl::string_view caller) {
  ASSIGN_OR_RETURN(CommonSnapshots snapshots,
                   LatestCommonSnapshots(store, partnership, caller));
  const SharingMasks my_masks =
      MasksFor(SharingOf(partnership, caller), snapshots.mine);
  const SharingMasks their_masks =
      MasksFor(SharingOf(partnership, snapshots.partner), snapshots.theirs);
  v1::SharedAccounts out;
  out.set_partnership_id(partnership.id());
  out.set_period(snapshots.period);
  *out.mutable_my_populations() = snapshots.mine.populations();
  for (int i = 0; i < snapshots.theirs.populations_size(); ++i) {
    if ((their_masks.visible >> i) & 1) {
      *out.add_partner_populations() = snapshots.theirs.populations(i);
    }
  }
  ASSIGN_OR_RETURN(std::vector<StoredRecord> my_records,
                   store.ReadRecords(snapshots.mine));
  ASSIGN_OR_RETURN(std::vector<StoredRecord> their_records,
                   store.ReadRecords(snapshots.theirs));
  bool any_mine = false;
  bool any_theirs = false;
  const std::vector<bool> my_offered = Offered(my_records, my_masks, any_mine);
  const std::vector<bool> their_offered =
      Offered(their_records, their_masks, any_theirs);
  if (!any_mine || !any_theirs) return out;

  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  RETURN_IF_ERROR(
      store
          .ComputeOverlap(snapshots.mine, snapshots.theirs,
                          partnership.match_policy(), my_masks.visible,
                          their_masks.visible,
                          [&](uint32_t a, uint32_t b, MatchEvidence) {
                            if (my_offered[a] && their_offered[b]) {
                              pairs.emplace_back(a, b);
                            }
                          })
          .status());
  std::sort(pairs.begin(), pairs.end());
  for (const auto& [a, b] : pairs) {
    ASSIGN_OR_RETURN(auto detail, store.ReadDetail(snapshots.theirs.id(), b));
    if (!detail.has_value()) continue;  // opted out meanwhile
    v1::SharedAccount* account = out.add_accounts();
    ASSIGN_OR_RETURN(*account->mutable_my_record_id(),
                     store.ReadRecordId(snapshots.mine.id(), a));
    ASSIGN_OR_RETURN(*account->mutable_partner_record_id(),
                     store.ReadRecordId(snapshots.theirs.id(), b));
    *account->mutable_partner_sealed_detail() = *std::move(detail);
    account->set_my_population_bits(my_records[a].populations);
    account->set_partner_population_bits(
        CompactBits(their_records[b].populations, their_masks.visible));
  }
  return out;
}

}  // namespace blindmap
