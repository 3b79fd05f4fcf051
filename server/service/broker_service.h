// gRPC adapter for blindmap.v1.Broker.
#ifndef BLINDMAP_SERVER_SERVICE_BROKER_SERVICE_H_
#define BLINDMAP_SERVER_SERVICE_BROKER_SERVICE_H_

#include <memory>

#include "blindmap/v1/broker.grpc.pb.h"
#include "server/broker/broker.h"
#include "server/broker/party_limits.h"
#include "server/service/broker_config.h"

namespace blindmap {

// The upload streams in progress and the thread ending idle ones (defined in
// broker_service.cc).
class UploadStreams;
class BrokerMetrics;

// Authenticates each call from its "authorization: Bearer <token>" metadata
// or, with `party_from_certificate` (mutual TLS, the server verifying client
// certificates), from the client certificate's common name, which must be a
// party; a token sent beside a certificate must belong to the same party.
// Hands the call to Broker and converts the result. Logs one line per call
// (call_log.h): method, party, status code, duration and the request id
// (the client's x-request-id, echoed in the trailing metadata), never
// request contents; counts it in the metrics when given.
//
// Limits per authenticated party (see BrokerLimits), checked before any work:
// every call, an upload stream counting once, takes a request from the
// party's bucket, and an upload also one of its upload places, both
// RESOURCE_EXHAUSTED naming the limit and its value when refused. A unary
// call whose deadline (the client's, or server_deadline_seconds after it
// began, whichever is sooner) has passed before its work begins is refused
// with DEADLINE_EXCEEDED; an intersection still running at that deadline
// stops with DEADLINE_EXCEEDED, storing nothing (other work is not
// interrupted; a slow call is logged as a warning). An upload stream that sends
// nothing for upload_idle_seconds is ended with DEADLINE_EXCEEDED and its
// pending snapshot deleted; the visible one stays as it was.
//
// Does not own the Broker, which must outlive the gRPC server; the server
// must be shut down (every call done) before this is destroyed. Thread-safe.
class BrokerService final : public v1::Broker::CallbackService {
 public:
  // Limits other than the upload ones (which Broker enforces) apply here.
  // `metrics`, if not null, counts every call (it must outlive this).
  explicit BrokerService(Broker* broker, const BrokerLimits& limits = {},
                         bool party_from_certificate = false,
                         BrokerMetrics* metrics = nullptr);
  ~BrokerService() override;

  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context,
                                   const v1::WhoAmIRequest* request,
                                   v1::WhoAmIResponse* response) override;
  grpc::ServerUnaryReactor* InvitePartner(
      grpc::CallbackServerContext* context,
      const v1::InvitePartnerRequest* request,
      v1::Partnership* response) override;
  grpc::ServerUnaryReactor* AcceptPartnership(
      grpc::CallbackServerContext* context,
      const v1::AcceptPartnershipRequest* request,
      v1::Partnership* response) override;
  grpc::ServerUnaryReactor* RevokePartnership(
      grpc::CallbackServerContext* context,
      const v1::RevokePartnershipRequest* request,
      v1::RevokePartnershipResponse* response) override;
  grpc::ServerUnaryReactor* ListPartnerships(
      grpc::CallbackServerContext* context,
      const v1::ListPartnershipsRequest* request,
      v1::ListPartnershipsResponse* response) override;
  grpc::ServerReadReactor<v1::UploadSnapshotRequest>* UploadSnapshot(
      grpc::CallbackServerContext* context,
      v1::UploadSnapshotResponse* response) override;
  grpc::ServerUnaryReactor* GetReport(grpc::CallbackServerContext* context,
                                      const v1::GetReportRequest* request,
                                      v1::OverlapReport* response) override;
  grpc::ServerUnaryReactor* SetSharing(grpc::CallbackServerContext* context,
                                       const v1::SetSharingRequest* request,
                                       v1::Partnership* response) override;
  grpc::ServerUnaryReactor* OptOut(grpc::CallbackServerContext* context,
                                   const v1::OptOutRequest* request,
                                   v1::OptOutResponse* response) override;
  grpc::ServerUnaryReactor* GetSharedAccounts(
      grpc::CallbackServerContext* context,
      const v1::GetSharedAccountsRequest* request,
      v1::SharedAccounts* response) override;
  grpc::ServerUnaryReactor* ProposePolicy(
      grpc::CallbackServerContext* context,
      const v1::ProposePolicyRequest* request,
      v1::Partnership* response) override;
  grpc::ServerUnaryReactor* GetHistory(grpc::CallbackServerContext* context,
                                       const v1::GetHistoryRequest* request,
                                       v1::ReportHistory* response) override;
  grpc::ServerUnaryReactor* GetAccountCategories(
      grpc::CallbackServerContext* context,
      const v1::GetAccountCategoriesRequest* request,
      v1::AccountCategories* response) override;
  grpc::ServerUnaryReactor* GetPortfolioEntry(
      grpc::CallbackServerContext* context,
      const v1::GetPortfolioEntryRequest* request,
      v1::PortfolioEntry* response) override;
  grpc::ServerUnaryReactor* ShareIcp(grpc::CallbackServerContext* context,
                                     const v1::ShareIcpRequest* request,
                                     v1::IcpExchange* response) override;
  grpc::ServerUnaryReactor* WithdrawIcp(grpc::CallbackServerContext* context,
                                        const v1::WithdrawIcpRequest* request,
                                        v1::IcpExchange* response) override;
  grpc::ServerUnaryReactor* GetIcpExchange(
      grpc::CallbackServerContext* context,
      const v1::GetIcpExchangeRequest* request,
      v1::IcpExchange* response) override;

 private:
  // Authenticates the caller of a unary call and admits it under the
  // limits; the caller's party name, or why not.
  absl::StatusOr<std::string> AdmitUnary(grpc::CallbackServerContext& context,
                                         absl::Time started);
  // Authenticates, admits, runs `handler(caller)`, logs and finishes.
  template <typename Handler>
  grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* context,
                                  absl::string_view method, Handler handler);

  blindmap::Broker* const broker_;
  const BrokerLimits limits_;
  const bool party_from_certificate_;
  BrokerMetrics* const metrics_;
  PartyLimits party_limits_;
  std::unique_ptr<UploadStreams> upload_streams_;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_SERVICE_BROKER_SERVICE_H_
