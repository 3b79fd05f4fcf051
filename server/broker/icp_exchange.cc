// The sealed ICP exchange (icp_exchange.h) and the Broker methods that
// serve it.
#include "server/broker/icp_exchange.h"

#include "absl/strings/str_cat.h"
#include "common/base/log.h"
#include "common/base/status_macros.h"
#include "server/broker/broker.h"
#include "server/store/store.h"

namespace blindmap {
namespace {

struct IcpSide {
  const std::string& sealed;
  int64_t shared_at_unix;
};

IcpSide SideOf(const storage::PartnershipRecord& partnership,
               absl::string_view party) {
  if (party == partnership.inviter()) {
    return {partnership.inviter_sealed_icp(),
            partnership.inviter_icp_shared_at_unix()};
  }
  return {partnership.invitee_sealed_icp(),
          partnership.invitee_icp_shared_at_unix()};
}

absl::string_view PartnerOf(const storage::PartnershipRecord& partnership,
                            absl::string_view party) {
  return party == partnership.inviter() ? partnership.invitee()
                                        : partnership.inviter();
}

}  // namespace

v1::IcpExchange IcpExchangeFor(const storage::PartnershipRecord& partnership,
                               absl::string_view viewer) {
  const IcpSide mine = SideOf(partnership, viewer);
  const IcpSide theirs = SideOf(partnership, PartnerOf(partnership, viewer));
  v1::IcpExchange exchange;
  exchange.set_partnership_id(partnership.id());
  exchange.set_i_shared(!mine.sealed.empty());
  exchange.set_my_shared_at_unix(mine.sealed.empty() ? 0 : mine.shared_at_unix);
  exchange.set_partner_shared(!theirs.sealed.empty());
  exchange.set_partner_shared_at_unix(
      theirs.sealed.empty() ? 0 : theirs.shared_at_unix);
  if (!mine.sealed.empty() && !theirs.sealed.empty()) {
    exchange.set_partner_sealed_icp(theirs.sealed);
  }
  return exchange;
}

absl::Status SetSealedIcp(storage::PartnershipRecord& partnership,
                          absl::string_view party, const std::string& sealed,
                          int64_t now_unix) {
  if (sealed.size() < kMinSealedIcpBytes ||
      sealed.size() > kMaxSealedIcpBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("a sealed ICP has ", kMinSealedIcpBytes, " to ",
                     kMaxSealedIcpBytes, " bytes, not ", sealed.size()));
  }
  if (party == partnership.inviter()) {
    partnership.set_inviter_sealed_icp(sealed);
    partnership.set_inviter_icp_shared_at_unix(now_unix);
  } else {
    partnership.set_invitee_sealed_icp(sealed);
    partnership.set_invitee_icp_shared_at_unix(now_unix);
  }
  return absl::OkStatus();
}

bool ClearSealedIcp(storage::PartnershipRecord& partnership,
                    absl::string_view party) {
  if (party == partnership.inviter()) {
    const bool had = !partnership.inviter_sealed_icp().empty();
    partnership.clear_inviter_sealed_icp();
    partnership.clear_inviter_icp_shared_at_unix();
    return had;
  }
  const bool had = !partnership.invitee_sealed_icp().empty();
  partnership.clear_invitee_sealed_icp();
  partnership.clear_invitee_icp_shared_at_unix();
  return had;
}

absl::StatusOr<v1::IcpExchange> Broker::ShareIcp(
    absl::string_view caller, const v1::ShareIcpRequest& request) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   ActivePartnershipOf(caller, request.partnership_id()));
  RETURN_IF_ERROR(SetSealedIcp(record, caller, request.sealed_icp(),
                               absl::ToUnixSeconds(clock_())));
  RETURN_IF_ERROR(store_->PutPartnership(record));
  LogInfo("partnership %s: %s shared its ICP (sealed, %d bytes)", record.id(),
          caller, request.sealed_icp().size());
  return IcpExchangeFor(record, caller);
}

absl::StatusOr<v1::IcpExchange> Broker::WithdrawIcp(
    absl::string_view caller, const v1::WithdrawIcpRequest& request) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   PartnershipOf(caller, request.partnership_id()));
  if (ClearSealedIcp(record, caller)) {
    RETURN_IF_ERROR(store_->PutPartnership(record));
    LogInfo("partnership %s: %s withdrew its ICP", record.id(), caller);
  }
  return IcpExchangeFor(record, caller);
}

absl::StatusOr<v1::IcpExchange> Broker::GetIcpExchange(
    absl::string_view caller, const v1::GetIcpExchangeRequest& request) {
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   PartnershipOf(caller, request.partnership_id()));
  return IcpExchangeFor(record, caller);
}

}  // namespace blindmap
