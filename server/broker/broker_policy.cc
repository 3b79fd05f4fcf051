// The broker's side of probe resistance and sync periods: policy proposals,
// the upload window and count, superseding old periods, history.
#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/log.h"
#include "common/base/status_macros.h"
#include "common/crypto/sync_period.h"
#include "server/broker/broker.h"
#include "server/broker/probe_policy.h"
#include "server/broker/report_builder.h"
#include "server/store/store.h"

namespace blindmap {
namespace {

std::string UploadKey(absl::string_view party, absl::string_view period) {
  return absl::StrCat(party, "/", period);
}

bool SameProposal(const v1::PolicyProposal& a, v1::MatchPolicy match,
                  const v1::ProbePolicy& probe) {
  return a.match_policy() == match && SameProbePolicy(a.probe_policy(), probe);
}

}  // namespace

absl::StatusOr<v1::Partnership> Broker::ProposePolicy(
    absl::string_view caller, const v1::ProposePolicyRequest& request) {
  if (!v1::MatchPolicy_IsValid(request.match_policy())) {
    return absl::InvalidArgumentError("unknown match policy");
  }
  RETURN_IF_ERROR(ValidateProbePolicy(request.probe_policy()));
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   PartnershipOf(caller, request.partnership_id()));
  const v1::MatchPolicy match =
      request.match_policy() == v1::MATCH_POLICY_UNSPECIFIED
          ? record.match_policy()
          : request.match_policy();
  const v1::ProbePolicy probe = WithDefaults(request.probe_policy());
  if (match == record.match_policy() &&
      SameProbePolicy(probe, record.probe_policy())) {
    record.clear_pending_policy();  // the policy in force: withdraws
    LogInfo("partnership %s: %s withdrew the pending policy proposal",
            record.id(), caller);
  } else if (record.has_pending_policy() &&
             record.pending_policy().proposed_by() != caller &&
             SameProposal(record.pending_policy(), match, probe)) {
    record.set_match_policy(match);
    *record.mutable_probe_policy() = probe;
    record.clear_pending_policy();
    LogInfo("partnership %s: policy change agreed by both sides", record.id());
  } else {
    v1::PolicyProposal* proposal = record.mutable_pending_policy();
    proposal->set_proposed_by(std::string(caller));
    proposal->set_match_policy(match);
    *proposal->mutable_probe_policy() = probe;
    proposal->set_proposed_at_unix(absl::ToUnixSeconds(clock_()));
    LogInfo("partnership %s: %s proposed a policy change", record.id(), caller);
  }
  RETURN_IF_ERROR(store_->PutPartnership(record));
  return ToApi(record, caller);
}

absl::Status Broker::CheckUploadPeriod(const storage::PartnershipRecord& record,
                                       absl::string_view period) {
  const v1::SyncCadence cadence = record.cadence();
  const absl::Time now = clock_();
  const std::string current = PeriodOf(cadence, now);
  const std::string previous = PreviousPeriodOf(cadence, now);
  if (!IsPeriod(cadence, period)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "period \"", period, "\" is not a ", CadenceName(cadence),
        " period label; this partnership syncs ", CadenceName(cadence),
        " and the current period is ", current));
  }
  if (period > current) {
    return absl::InvalidArgumentError(
        absl::StrCat("period ", period, " has not started yet; the current ",
                     CadenceName(cadence), " period is ", current));
  }
  if (period < previous) {
    return absl::InvalidArgumentError(absl::StrCat(
        "period ", period, " is closed: uploads are accepted for the current ",
        CadenceName(cadence), " period, ", current, ", and the previous one, ",
        previous));
  }
  return absl::OkStatus();
}

absl::StatusOr<UploadPolicy> Broker::CountUpload(
    absl::string_view partnership_id, absl::string_view caller,
    absl::string_view period) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   PartnershipOf(caller, partnership_id));
  const v1::ProbePolicy policy = WithDefaults(record.probe_policy());
  auto& uploads = *record.mutable_uploads();
  const uint32_t made = uploads[UploadKey(caller, period)];
  const uint32_t limit = policy.max_uploads_per_period();
  if (limit > 0 && made >= limit) {
    return MarkProbeRefusal(
        absl::ResourceExhaustedError(absl::StrCat(
            "refused by the partnership's probe policy "
            "(max_uploads_per_period ",
            limit, "): ", caller, " has made ", made, " uploads for period ",
            period,
            " already. Your last upload stays in place; the next period opens "
            "a new allowance.")),
        "max_uploads_per_period");
  }
  // Forget periods that can no longer be uploaded.
  const std::string previous = PreviousPeriodOf(record.cadence(), clock_());
  for (auto it = uploads.begin(); it != uploads.end();) {
    const std::string& key = it->first;
    const size_t slash = key.find('/');
    if (slash != std::string::npos && key.substr(slash + 1) < previous) {
      it = uploads.erase(it);
    } else {
      ++it;
    }
  }
  uploads[UploadKey(caller, period)] = made + 1;
  RETURN_IF_ERROR(store_->PutPartnership(record));
  UploadPolicy out;
  out.upload_number = made + 1;
  out.max_uploads_per_period = limit;
  out.min_changed_records = policy.min_changed_records();
  return out;
}

absl::Status Broker::SupersedeOldPeriods(
    const storage::SnapshotRecord& committed) {
  ASSIGN_OR_RETURN(auto found,
                   store_->FindPartnership(committed.partnership_id()));
  if (!found.has_value()) return absl::OkStatus();  // revoked meanwhile
  const storage::PartnershipRecord& record = *found;
  ASSIGN_OR_RETURN(auto inviter_heads,
                   store_->Heads(record.id(), record.inviter()));
  ASSIGN_OR_RETURN(auto invitee_heads,
                   store_->Heads(record.id(), record.invitee()));
  std::string common;
  for (const auto& [period, id] : inviter_heads) {
    if (invitee_heads.count(period) != 0) common = period;
  }
  if (common.empty()) return absl::OkStatus();
  std::vector<storage::HistoryRecord> history;
  bool older = false;
  for (const auto& heads : {&inviter_heads, &invitee_heads}) {
    older |= !heads->empty() && heads->begin()->first < common;
  }
  if (!older) return absl::OkStatus();
  for (const auto& [period, inviter_id] : inviter_heads) {
    if (period >= common) break;
    const auto invitee = invitee_heads.find(period);
    if (invitee == invitee_heads.end()) continue;
    ASSIGN_OR_RETURN(auto inviter_snapshot, store_->FindSnapshot(inviter_id));
    ASSIGN_OR_RETURN(auto invitee_snapshot,
                     store_->FindSnapshot(invitee->second));
    if (!inviter_snapshot.has_value() || !invitee_snapshot.has_value()) {
      continue;
    }
    ASSIGN_OR_RETURN(
        history.emplace_back(),
        MakeHistory(*store_, record, *inviter_snapshot, *invitee_snapshot));
  }
  ASSIGN_OR_RETURN(uint64_t deleted,
                   store_->SupersedePeriods(record.id(), common, history));
  LogInfo(
      "partnership %s: periods before %s superseded: %d snapshots deleted, "
      "counts of %d periods kept",
      record.id(), common, deleted, history.size());
  return absl::OkStatus();
}

absl::StatusOr<v1::ReportHistory> Broker::History(
    absl::string_view caller, const v1::GetHistoryRequest& request) {
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   ActivePartnershipOf(caller, request.partnership_id()));
  ASSIGN_OR_RETURN(v1::Partnership api, ToApi(record, caller));
  ASSIGN_OR_RETURN(std::string noise_key, store_->NoiseKey());
  ASSIGN_OR_RETURN(auto kept, store_->History(record.id()));
  v1::ReportHistory out;
  for (const storage::HistoryRecord& history : kept) {
    ASSIGN_OR_RETURN(*out.add_reports(), ReportFromHistory(record, caller, api,
                                                           history, noise_key));
  }
  absl::StatusOr<v1::OverlapReport> current =
      BuildReport(*store_, record, caller, api, noise_key, clock_());
  if (current.ok()) {
    *out.add_reports() = *std::move(current);
  } else if (current.status().code() != absl::StatusCode::kFailedPrecondition ||
             kept.empty()) {
    return current.status();
  }
  return out;
}

}  // namespace blindmap
