#include "server/broker/common_period.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/base/status_macros.h"
#include "server/store/store.h"

namespace blindmap {

absl::StatusOr<CommonSnapshots> LatestCommonSnapshots(
    Store& store, const v1::storage::PartnershipRecord& partnership,
    absl::string_view caller) {
  CommonSnapshots out;
  out.partner = caller == partnership.inviter() ? partnership.invitee()
                                                : partnership.inviter();
  const std::string& partner = out.partner;
  ASSIGN_OR_RETURN(auto my_heads, store.Heads(partnership.id(), caller));
  ASSIGN_OR_RETURN(auto their_heads, store.Heads(partnership.id(), partner));
  if (my_heads.empty() && their_heads.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "neither you nor ", partner, " has synced this partnership yet"));
  }
  if (my_heads.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("you have not synced this partnership yet (", partner,
                     " has synced period ", their_heads.rbegin()->first, ")"));
  }
  if (their_heads.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(partner,
                     " has not synced this partnership yet (you have "
                     "synced period ",
                     my_heads.rbegin()->first, ")"));
  }
  const std::string* common = nullptr;
  for (auto it = my_heads.rbegin(); it != my_heads.rend(); ++it) {
    if (their_heads.count(it->first) != 0) {
      common = &it->first;
      break;
    }
  }
  const std::string& my_latest = my_heads.rbegin()->first;
  const std::string& their_latest = their_heads.rbegin()->first;
  if (common == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("no sync period both sides have uploaded: your latest is ",
                     my_latest, ", ", partner, "'s latest is ", their_latest));
  }
  ASSIGN_OR_RETURN(auto mine, store.FindSnapshot(my_heads.at(*common)));
  ASSIGN_OR_RETURN(auto theirs, store.FindSnapshot(their_heads.at(*common)));
  if (!mine.has_value() || !theirs.has_value()) {
    return absl::AbortedError("a snapshot was replaced meanwhile; retry");
  }
  out.period = *common;
  out.mine = *std::move(mine);
  out.theirs = *std::move(theirs);
  out.my_latest_period = my_latest;
  out.partner_latest_period = their_latest;
  ASSIGN_OR_RETURN(auto their_latest_snapshot,
                   store.FindSnapshot(their_heads.rbegin()->second));
  if (their_latest_snapshot.has_value()) {
    out.partner_latest_upload_unix = their_latest_snapshot->uploaded_at_unix();
  }
  if (my_latest != *common) {
    out.notes.push_back(absl::StrCat(
        partner, " has not synced period ", my_latest,
        " yet (its last sync was on ",
        absl::FormatTime("%Y-%m-%d",
                         absl::FromUnixSeconds(out.partner_latest_upload_unix),
                         absl::UTCTimeZone()),
        ", for ", their_latest, "); this shows period ", *common,
        ", the latest both sides have synced"));
  } else if (their_latest != *common) {
    out.notes.push_back(
        absl::StrCat(partner, " has synced period ", their_latest,
                     ", which you have not; run `blindmap sync` to see it"));
  }
  return out;
}

}  // namespace blindmap
