#include "server/broker/broker.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/log.h"
#include "common/base/party_name.h"
#include "common/base/status_macros.h"
#include "common/crypto/crypto.h"
#include "common/crypto/sync_period.h"
#include "common/match/overlap.h"
#include "server/broker/probe_policy.h"
#include "server/broker/report_builder.h"
#include "server/broker/shared_accounts.h"
#include "server/broker/sharing.h"
#include "server/store/store.h"

namespace blindmap {
namespace {

constexpr absl::string_view kTokenPrefix = "bm_";
constexpr size_t kTokenRandomBytes = 32;
constexpr size_t kKeyCheckBytes = 16;
constexpr size_t kMaxPopulationNameBytes = 80;

std::string PartnerOf(const storage::PartnershipRecord& partnership,
                      absl::string_view party) {
  return party == partnership.inviter() ? partnership.invitee()
                                        : partnership.inviter();
}

std::string KeyCheckMismatchMessage(absl::string_view party,
                                    absl::string_view other) {
  return absl::StrCat(
      "key-check mismatch: ", party,
      " holds a different partnership secret than ", other,
      ". Counts would silently be zero, so nothing was accepted. Compare the "
      "secrets out of band (they never pass through the broker).");
}

}  // namespace

Broker::Broker(Store* store, Clock clock, UploadLimits limits)
    : store_(store), clock_(std::move(clock)), limits_(limits) {}

absl::StatusOr<std::string> Broker::Authenticate(absl::string_view api_token) {
  if (!absl::StartsWith(api_token, kTokenPrefix)) {
    return absl::UnauthenticatedError(
        "missing or malformed API token (expected \"authorization: Bearer "
        "bm_...\")");
  }
  ASSIGN_OR_RETURN(auto party, store_->FindPartyByTokenHash(Sha256(api_token)));
  if (!party.has_value()) {
    return absl::UnauthenticatedError("unknown API token");
  }
  return *party;
}

absl::StatusOr<std::string> Broker::AuthenticateCertificate(
    absl::string_view common_name) {
  const absl::Status unknown = absl::UnauthenticatedError(
      "mutual TLS: the client certificate's common name is not a party on "
      "this broker");
  if (!CheckPartyName(common_name, "certificate name").ok()) return unknown;
  ASSIGN_OR_RETURN(auto party, store_->FindParty(common_name));
  if (!party.has_value()) return unknown;
  return party->name();
}

absl::StatusOr<v1::CreatePartyResponse> Broker::CreateParty(
    const v1::CreatePartyRequest& request) {
  RETURN_IF_ERROR(CheckPartyName(request.name(), "party name"));
  ASSIGN_OR_RETURN(std::string random, RandomBytes(kTokenRandomBytes));
  const std::string token =
      absl::StrCat(kTokenPrefix, absl::WebSafeBase64Escape(random));
  storage::PartyRecord party;
  party.set_name(request.name());
  party.set_token_sha256(Sha256(token));
  party.set_created_at_unix(absl::ToUnixSeconds(clock_()));
  RETURN_IF_ERROR(store_->CreateParty(party));
  LogInfo("party created: %s", request.name());
  v1::CreatePartyResponse response;
  response.set_name(request.name());
  response.set_api_token(token);
  return response;
}

absl::StatusOr<v1::ListPartiesResponse> Broker::ListParties() {
  ASSIGN_OR_RETURN(auto parties, store_->ListParties());
  ASSIGN_OR_RETURN(auto partnerships, store_->ListPartnerships());
  v1::ListPartiesResponse response;
  for (const storage::PartyRecord& party : parties) {
    v1::PartySummary* summary = response.add_parties();
    summary->set_name(party.name());
    summary->set_created_at_unix(party.created_at_unix());
    uint32_t count = 0;
    for (const auto& partnership : partnerships) {
      if (partnership.inviter() == party.name() ||
          partnership.invitee() == party.name()) {
        ++count;
      }
    }
    summary->set_partnerships(count);
  }
  return response;
}

absl::StatusOr<storage::PartnershipRecord> Broker::PartnershipOf(
    absl::string_view caller, absl::string_view id) {
  ASSIGN_OR_RETURN(auto partnership, store_->FindPartnership(id));
  if (!partnership.has_value()) {
    return absl::NotFoundError(absl::StrCat("no partnership with id ", id));
  }
  if (partnership->inviter() != caller && partnership->invitee() != caller) {
    return absl::PermissionDeniedError(
        absl::StrCat("party ", caller, " is not part of partnership ", id));
  }
  return *partnership;
}

absl::StatusOr<v1::Partnership> Broker::ToApi(
    const storage::PartnershipRecord& record, absl::string_view viewer) {
  v1::Partnership partnership;
  partnership.set_id(record.id());
  partnership.set_inviter(record.inviter());
  partnership.set_invitee(record.invitee());
  partnership.set_state(record.state());
  partnership.set_cadence(record.cadence());
  partnership.set_match_policy(record.match_policy());
  partnership.set_created_at_unix(record.created_at_unix());
  partnership.set_accepted_at_unix(record.accepted_at_unix());
  partnership.set_key_check_problem(record.key_check_problem());
  *partnership.mutable_probe_policy() = WithDefaults(record.probe_policy());
  if (record.has_pending_policy()) {
    *partnership.mutable_pending_policy() = record.pending_policy();
  }
  // Each side sees its own levels, and the partner's except HIDDEN ones.
  const auto copy_levels = [&viewer](absl::string_view owner,
                                     const SharingList& levels,
                                     SharingList* out) {
    for (const v1::PopulationSharing& entry : levels) {
      if (owner != viewer && entry.level() == v1::SHARING_LEVEL_HIDDEN) {
        continue;
      }
      *out->Add() = entry;
    }
  };
  copy_levels(record.inviter(), record.inviter_sharing(),
              partnership.mutable_inviter_sharing());
  copy_levels(record.invitee(), record.invitee_sharing(),
              partnership.mutable_invitee_sharing());
  ASSIGN_OR_RETURN(auto inviter_heads,
                   store_->Heads(record.id(), record.inviter()));
  ASSIGN_OR_RETURN(auto invitee_heads,
                   store_->Heads(record.id(), record.invitee()));
  if (!inviter_heads.empty()) {
    partnership.set_inviter_latest_period(inviter_heads.rbegin()->first);
  }
  if (!invitee_heads.empty()) {
    partnership.set_invitee_latest_period(invitee_heads.rbegin()->first);
  }
  const auto& viewer_heads =
      viewer == record.inviter() ? inviter_heads : invitee_heads;
  if (!viewer_heads.empty()) {
    ASSIGN_OR_RETURN(auto latest,
                     store_->FindSnapshot(viewer_heads.rbegin()->second));
    if (latest.has_value()) {
      v1::SnapshotInfo* info = partnership.mutable_my_latest_snapshot();
      info->set_period(latest->period());
      info->set_uploaded_at_unix(latest->uploaded_at_unix());
      info->set_records(latest->record_count());
      for (const v1::PopulationSpec& population : latest->populations()) {
        partnership.add_my_latest_populations(population.name());
      }
    }
  }
  return partnership;
}

absl::Status Broker::RecordKeyCheckProblem(storage::PartnershipRecord record,
                                           absl::string_view party) {
  record.set_key_check_problem(absl::StrCat(
      KeyCheckMismatchMessage(party, record.inviter() == party
                                         ? record.invitee()
                                         : record.inviter()),
      " (seen ",
      absl::FormatTime("%Y-%m-%d %H:%M UTC", clock_(), absl::UTCTimeZone()),
      ")"));
  record.set_key_check_problem_party(std::string(party));
  return store_->PutPartnership(record);
}

absl::StatusOr<v1::Partnership> Broker::Invite(
    absl::string_view caller, const v1::InvitePartnerRequest& request) {
  if (request.partner() == caller) {
    return absl::InvalidArgumentError("a party cannot partner with itself");
  }
  if (request.key_check().size() != kKeyCheckBytes) {
    return absl::InvalidArgumentError("key_check must be 16 bytes");
  }
  if (!v1::MatchPolicy_IsValid(request.match_policy())) {
    return absl::InvalidArgumentError("unknown match policy");
  }
  if (!v1::SyncCadence_IsValid(request.cadence())) {
    return absl::InvalidArgumentError(
        "unknown sync cadence (weekly, monthly or quarterly)");
  }
  RETURN_IF_ERROR(ValidateProbePolicy(request.probe_policy()));
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(auto partner, store_->FindParty(request.partner()));
  if (!partner.has_value()) {
    return absl::NotFoundError(absl::StrCat(
        "no party named \"", request.partner(), "\" on this broker"));
  }
  ASSIGN_OR_RETURN(auto partnerships, store_->ListPartnerships());
  for (const auto& existing : partnerships) {
    if ((existing.inviter() == caller &&
         existing.invitee() == request.partner()) ||
        (existing.invitee() == caller &&
         existing.inviter() == request.partner())) {
      return absl::AlreadyExistsError(absl::StrCat(
          "a partnership between ", caller, " and ", request.partner(),
          " already exists (id ", existing.id(), ", ",
          existing.state() == v1::PARTNERSHIP_STATE_ACTIVE ? "active"
                                                           : "pending",
          "); revoke it first to start over"));
    }
  }
  ASSIGN_OR_RETURN(std::string id_bytes, RandomBytes(16));
  storage::PartnershipRecord record;
  record.set_id(absl::BytesToHexString(id_bytes));
  record.set_inviter(std::string(caller));
  record.set_invitee(request.partner());
  record.set_state(v1::PARTNERSHIP_STATE_PENDING);
  record.set_cadence(request.cadence() == v1::SYNC_CADENCE_UNSPECIFIED
                         ? v1::SYNC_CADENCE_MONTHLY
                         : request.cadence());
  *record.mutable_probe_policy() = WithDefaults(request.probe_policy());
  record.set_match_policy(request.match_policy() == v1::MATCH_POLICY_UNSPECIFIED
                              ? v1::MATCH_POLICY_STANDARD
                              : request.match_policy());
  record.set_key_check(request.key_check());
  record.set_created_at_unix(absl::ToUnixSeconds(clock_()));
  RETURN_IF_ERROR(store_->PutPartnership(record));
  // A new partnership of the two replaces the memory of a revoked one.
  RETURN_IF_ERROR(store_->ForgetRevocation(caller, request.partner()));
  LogInfo("partnership %s: %s invited %s", record.id(), caller,
          request.partner());
  return ToApi(record, caller);
}

absl::StatusOr<v1::Partnership> Broker::Accept(
    absl::string_view caller, const v1::AcceptPartnershipRequest& request) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   PartnershipOf(caller, request.partnership_id()));
  if (record.inviter() == caller) {
    return absl::FailedPreconditionError(absl::StrCat(
        "you sent this invitation; ", record.invitee(), " must accept it"));
  }
  if (record.state() != v1::PARTNERSHIP_STATE_PENDING) {
    return absl::FailedPreconditionError(
        "this partnership has already been accepted");
  }
  if (!ConstantTimeEquals(request.key_check(), record.key_check())) {
    RETURN_IF_ERROR(RecordKeyCheckProblem(record, caller));
    LogWarning("partnership %s: key-check mismatch at acceptance by %s",
               record.id(), caller);
    return absl::FailedPreconditionError(
        KeyCheckMismatchMessage(caller, record.inviter()));
  }
  record.set_state(v1::PARTNERSHIP_STATE_ACTIVE);
  record.set_accepted_at_unix(absl::ToUnixSeconds(clock_()));
  record.clear_key_check_problem();
  record.clear_key_check_problem_party();
  RETURN_IF_ERROR(store_->PutPartnership(record));
  LogInfo("partnership %s: accepted by %s", record.id(), caller);
  return ToApi(record, caller);
}

absl::StatusOr<v1::RevokePartnershipResponse> Broker::Revoke(
    absl::string_view caller, const v1::RevokePartnershipRequest& request) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   PartnershipOf(caller, request.partnership_id()));
  // What the other party may learn later: that it was revoked, by whom and
  // when; nothing else of the partnership is kept.
  v1::RevokedPartnership tombstone;
  tombstone.set_inviter(record.inviter());
  tombstone.set_invitee(record.invitee());
  tombstone.set_revoked_by(std::string(caller));
  tombstone.set_revoked_at_unix(absl::ToUnixSeconds(clock_()));
  ASSIGN_OR_RETURN(uint64_t deleted,
                   store_->DeletePartnership(record.id(), &tombstone));
  LogInfo("partnership %s: revoked by %s, %d snapshots deleted", record.id(),
          caller, deleted);
  v1::RevokePartnershipResponse response;
  response.set_snapshots_deleted(deleted);
  return response;
}

absl::StatusOr<v1::ListPartnershipsResponse> Broker::ListPartnerships(
    absl::string_view caller) {
  ASSIGN_OR_RETURN(auto partnerships, store_->ListPartnerships());
  v1::ListPartnershipsResponse response;
  for (const auto& record : partnerships) {
    if (record.inviter() != caller && record.invitee() != caller) continue;
    ASSIGN_OR_RETURN(*response.add_partnerships(), ToApi(record, caller));
  }
  ASSIGN_OR_RETURN(auto revoked, store_->RevocationsOf(caller));
  for (v1::RevokedPartnership& tombstone : revoked) {
    const std::string& partner = tombstone.inviter() == caller
                                     ? tombstone.invitee()
                                     : tombstone.inviter();
    bool partnered_again = false;
    for (const v1::Partnership& current : response.partnerships()) {
      partnered_again |=
          current.inviter() == partner || current.invitee() == partner;
    }
    if (!partnered_again) *response.add_revoked() = std::move(tombstone);
  }
  return response;
}

absl::StatusOr<std::unique_ptr<UploadSession>> Broker::BeginUpload(
    absl::string_view caller, const v1::SnapshotHeader& header) {
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   PartnershipOf(caller, header.partnership_id()));
  if (record.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
    return absl::FailedPreconditionError(absl::StrCat(
        "partnership ", record.id(), " is waiting for ", record.invitee(),
        " to accept; nothing can be uploaded before"));
  }
  if (!ConstantTimeEquals(header.key_check(), record.key_check())) {
    absl::MutexLock lock(&mutex_);
    // Re-read under the lock: a revocation meanwhile must not be undone.
    ASSIGN_OR_RETURN(record, PartnershipOf(caller, header.partnership_id()));
    RETURN_IF_ERROR(RecordKeyCheckProblem(record, caller));
    LogWarning("partnership %s: key-check mismatch on upload by %s",
               record.id(), caller);
    return absl::FailedPreconditionError(
        KeyCheckMismatchMessage(caller, PartnerOf(record, caller)));
  }
  RETURN_IF_ERROR(CheckUploadPeriod(record, header.period()));
  if (header.populations_size() == 0 ||
      static_cast<size_t>(header.populations_size()) > kMaxPopulations) {
    return absl::InvalidArgumentError(
        absl::StrCat("a snapshot needs 1 to ", kMaxPopulations,
                     " populations, not ", header.populations_size()));
  }
  for (int i = 0; i < header.populations_size(); ++i) {
    const v1::PopulationSpec& population = header.populations(i);
    if (population.name().empty() ||
        population.name().size() > kMaxPopulationNameBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("population ", i + 1, " needs a name of 1 to ",
                       kMaxPopulationNameBytes, " bytes"));
    }
    for (int j = 0; j < i; ++j) {
      if (header.populations(j).name() == population.name()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "population name \"", population.name(), "\" is used twice"));
      }
    }
  }
  if (header.record_count() > limits_.max_records_per_snapshot) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a snapshot may hold at most ", limits_.max_records_per_snapshot,
        " records (max_records_per_snapshot), not ", header.record_count()));
  }
  if (record.key_check_problem_party() == caller) {
    // This party's key-check matches again: its earlier problem is solved.
    absl::MutexLock lock(&mutex_);
    ASSIGN_OR_RETURN(record, PartnershipOf(caller, header.partnership_id()));
    record.clear_key_check_problem();
    record.clear_key_check_problem_party();
    RETURN_IF_ERROR(store_->PutPartnership(record));
  }
  ASSIGN_OR_RETURN(UploadPolicy policy,
                   CountUpload(record.id(), caller, header.period()));
  storage::SnapshotRecord pending;
  pending.set_partnership_id(record.id());
  pending.set_party(std::string(caller));
  pending.set_period(header.period());
  *pending.mutable_populations() = header.populations();
  pending.set_record_count(header.record_count());
  pending.set_key_check(header.key_check());
  ASSIGN_OR_RETURN(std::unique_ptr<SnapshotWriter> writer,
                   store_->BeginSnapshot(pending));
  pending.set_id(writer->snapshot_id());
  pending.set_state(storage::SNAPSHOT_STATE_PENDING);
  LogInfo(
      "partnership %s: upload of snapshot %d by %s started (%d records "
      "announced)",
      record.id(), pending.id(), caller, header.record_count());
  policy.on_committed = [this](const storage::SnapshotRecord& snapshot) {
    const absl::Status superseded = SupersedeOldPeriods(snapshot);
    if (!superseded.ok()) {
      // Retried after the next commit; the report is unaffected.
      LogWarning("partnership %s: superseding old periods failed: %s",
                 snapshot.partnership_id(), superseded.ToString());
    }
  };
  return std::make_unique<UploadSession>(
      store_, std::move(writer), std::move(pending),
      limits_.max_tokens_per_record, clock_, std::move(policy));
}

absl::StatusOr<storage::PartnershipRecord> Broker::ActivePartnershipOf(
    absl::string_view caller, absl::string_view id) {
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   PartnershipOf(caller, id));
  if (record.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
    return absl::FailedPreconditionError(
        absl::StrCat("partnership ", record.id(), " is waiting for ",
                     record.invitee(), " to accept"));
  }
  return record;
}

absl::StatusOr<v1::OverlapReport> Broker::Report(
    absl::string_view caller, const v1::GetReportRequest& request) {
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   ActivePartnershipOf(caller, request.partnership_id()));
  ASSIGN_OR_RETURN(v1::Partnership api, ToApi(record, caller));
  ASSIGN_OR_RETURN(std::string noise_key, store_->NoiseKey());
  return BuildReport(*store_, record, caller, api, noise_key, clock_());
}

absl::StatusOr<v1::Partnership> Broker::SetSharing(
    absl::string_view caller, const v1::SetSharingRequest& request) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   PartnershipOf(caller, request.partnership_id()));
  RETURN_IF_ERROR(
      MergeSharing(request.levels(), *MutableSharingOf(record, caller)));
  RETURN_IF_ERROR(
      UnsetSharing(request.unset(), *MutableSharingOf(record, caller)));
  RETURN_IF_ERROR(store_->PutPartnership(record));
  LogInfo("partnership %s: %s set %d sharing levels, unset %d", record.id(),
          caller, request.levels_size(), request.unset_size());
  return ToApi(record, caller);
}

absl::StatusOr<v1::OptOutResponse> Broker::OptOut(
    absl::string_view caller, const v1::OptOutRequest& request) {
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   PartnershipOf(caller, request.partnership_id()));
  std::vector<std::string> ids;
  for (const std::string& id : request.record_ids()) {
    if (id.size() != 16) {
      return absl::InvalidArgumentError("record ids are 16 bytes");
    }
    ids.push_back(id);
  }
  ASSIGN_OR_RETURN(uint64_t removed,
                   store_->RemoveDetails(record.id(), caller, ids));
  ASSIGN_OR_RETURN(std::vector<std::string> unknown,
                   store_->UnknownRecordIds(record.id(), caller, ids));
  LogInfo("partnership %s: %s opted out %d records, %d details removed",
          record.id(), caller, ids.size(), removed);
  v1::OptOutResponse response;
  response.set_details_removed(removed);
  for (std::string& id : unknown)
    response.add_unknown_record_ids(std::move(id));
  return response;
}

absl::StatusOr<v1::SharedAccounts> Broker::SharedAccounts(
    absl::string_view caller, const v1::GetSharedAccountsRequest& request) {
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   ActivePartnershipOf(caller, request.partnership_id()));
  return BuildSharedAccounts(*store_, record, caller);
}

absl::StatusOr<v1::DeletePartyResponse> Broker::DeleteParty(
    const v1::DeletePartyRequest& request) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(PartyDeletion deleted, store_->DeleteParty(request.name()));
  LogInfo("party %s removed with %d partnerships and %d snapshots",
          request.name(), deleted.partnerships, deleted.snapshots);
  v1::DeletePartyResponse response;
  response.set_partnerships_deleted(deleted.partnerships);
  response.set_snapshots_deleted(deleted.snapshots);
  return response;
}

absl::Status Broker::Compact() { return store_->CompactAll(); }

}  // namespace blindmap
