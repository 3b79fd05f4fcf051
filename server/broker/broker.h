// The broker's protocol: parties, partnerships, uploads and reports.
#ifndef BLINDMAP_SERVER_BROKER_BROKER_H_
#define BLINDMAP_SERVER_BROKER_BROKER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "blindmap/v1/admin.pb.h"
#include "blindmap/v1/broker.pb.h"
#include "server/broker/upload_session.h"

namespace blindmap {

class Store;

// Limits a broker enforces on every upload.
struct UploadLimits {
  uint64_t max_records_per_snapshot = 20'000'000;
  uint32_t max_tokens_per_record = 64;
};

// Implements blindmap.v1.Broker and blindmap.v1.Admin over a Store, without
// any gRPC: the services in broker_service.h and admin_service.h only
// authenticate, call these methods and convert statuses. `caller` is always
// the party name Authenticate() returned.
//
// Authorization: a party sees and changes only partnerships it is part of.
// Asking about a partnership it is not part of gives PERMISSION_DENIED, an
// unknown id NOT_FOUND. Nothing returned or logged contains tokens, record
// ids or secrets.
//
// Does not own the store, which must outlive it. Thread-safe.
class Broker {
 public:
  using Clock = std::function<absl::Time()>;

  Broker(Store* store, Clock clock, UploadLimits limits = {});

  // The party whose API token this is. UNAUTHENTICATED for an unknown or
  // malformed token (the message never echoes it).
  absl::StatusOr<std::string> Authenticate(absl::string_view api_token);
  // The party named by a verified client certificate's common name.
  // UNAUTHENTICATED when no party has that name (one deleted included).
  absl::StatusOr<std::string> AuthenticateCertificate(
      absl::string_view common_name);

  // Operator actions. CreateParty: INVALID_ARGUMENT for a bad name,
  // ALREADY_EXISTS for a taken one.
  absl::StatusOr<v1::CreatePartyResponse> CreateParty(
      const v1::CreatePartyRequest& request);
  absl::StatusOr<v1::ListPartiesResponse> ListParties();
  // NOT_FOUND for an unknown party.
  absl::StatusOr<v1::DeletePartyResponse> DeleteParty(
      const v1::DeletePartyRequest& request);
  absl::Status Compact();

  absl::StatusOr<v1::Partnership> Invite(
      absl::string_view caller, const v1::InvitePartnerRequest& request);
  absl::StatusOr<v1::Partnership> Accept(
      absl::string_view caller, const v1::AcceptPartnershipRequest& request);
  absl::StatusOr<v1::RevokePartnershipResponse> Revoke(
      absl::string_view caller, const v1::RevokePartnershipRequest& request);
  // The caller's partnerships, and the revoked ones it has not partnered
  // again (who revoked, when).
  absl::StatusOr<v1::ListPartnershipsResponse> ListPartnerships(
      absl::string_view caller);

  // Validates the header and starts a pending snapshot. FAILED_PRECONDITION
  // if the partnership is not active or the key-check value differs.
  absl::StatusOr<std::unique_ptr<UploadSession>> BeginUpload(
      absl::string_view caller, const v1::SnapshotHeader& header);

  // The overlap report for the caller, oriented so that "my" is the caller.
  absl::StatusOr<v1::OverlapReport> Report(absl::string_view caller,
                                           const v1::GetReportRequest& request);

  // Sets the caller's sharing levels (see SetSharingRequest).
  absl::StatusOr<v1::Partnership> SetSharing(
      absl::string_view caller, const v1::SetSharingRequest& request);
  // Removes the caller's sealed details of the given records at once.
  absl::StatusOr<v1::OptOutResponse> OptOut(absl::string_view caller,
                                            const v1::OptOutRequest& request);
  // The mutually shared accounts (see BuildSharedAccounts).
  absl::StatusOr<v1::SharedAccounts> SharedAccounts(
      absl::string_view caller, const v1::GetSharedAccountsRequest& request);

  // Proposes the policies in `request`; they take effect when the partner
  // has proposed the same (then the proposal is cleared). Proposing the
  // policies in force withdraws a pending proposal. INVALID_ARGUMENT for an
  // out-of-range value.
  absl::StatusOr<v1::Partnership> ProposePolicy(
      absl::string_view caller, const v1::ProposePolicyRequest& request);
  // The reports of the superseded periods kept, then the current one.
  absl::StatusOr<v1::ReportHistory> History(
      absl::string_view caller, const v1::GetHistoryRequest& request);

  // The portfolio (portfolio_entry.cc): the account categories of the
  // latest common period (see BuildAccountCategories), and one
  // partnership's report, previous period, categories and whether the
  // partner hides populations. FAILED_PRECONDITION as Report().
  absl::StatusOr<v1::AccountCategories> AccountCategories(
      absl::string_view caller, const v1::GetAccountCategoriesRequest& request);
  absl::StatusOr<v1::PortfolioEntry> PortfolioEntry(
      absl::string_view caller, const v1::GetPortfolioEntryRequest& request);

  // The sealed ICP exchange (icp_exchange.cc). ShareIcp: FAILED_PRECONDITION
  // while the partnership is pending, INVALID_ARGUMENT for a sealed ICP
  // outside 28 bytes..16 KiB. WithdrawIcp removes the caller's, if any.
  // GetIcpExchange: the partner's sealed ICP only when both have shared.
  absl::StatusOr<v1::IcpExchange> ShareIcp(absl::string_view caller,
                                           const v1::ShareIcpRequest& request);
  absl::StatusOr<v1::IcpExchange> WithdrawIcp(
      absl::string_view caller, const v1::WithdrawIcpRequest& request);
  absl::StatusOr<v1::IcpExchange> GetIcpExchange(
      absl::string_view caller, const v1::GetIcpExchangeRequest& request);

 private:
  // The partnership `id` if `caller` is part of it.
  absl::StatusOr<storage::PartnershipRecord> PartnershipOf(
      absl::string_view caller, absl::string_view id);
  // The partnership as `viewer` may see it (the partner's hidden
  // populations are not listed).
  absl::StatusOr<v1::Partnership> ToApi(
      const storage::PartnershipRecord& record, absl::string_view viewer);
  // An active partnership of `caller`, or FAILED_PRECONDITION.
  absl::StatusOr<storage::PartnershipRecord> ActivePartnershipOf(
      absl::string_view caller, absl::string_view id);
  absl::Status RecordKeyCheckProblem(storage::PartnershipRecord record,
                                     absl::string_view party);
  // INVALID_ARGUMENT unless `period` is the partnership's current or
  // previous period by the broker's clock.
  absl::Status CheckUploadPeriod(const storage::PartnershipRecord& record,
                                 absl::string_view period);
  // Counts an upload attempt of `caller` for `period`; RESOURCE_EXHAUSTED
  // naming the policy beyond max_uploads_per_period.
  absl::StatusOr<UploadPolicy> CountUpload(absl::string_view partnership_id,
                                           absl::string_view caller,
                                           absl::string_view period);
  // After a commit: keeps the counts of the periods older than the latest
  // common one and deletes their snapshots.
  absl::Status SupersedeOldPeriods(const storage::SnapshotRecord& committed);

  Store* const store_;
  const Clock clock_;
  const UploadLimits limits_;
  // Serializes read-modify-write of parties and partnerships (invite, accept,
  // key-check notices).
  absl::Mutex mutex_;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_BROKER_H_
