// gRPC adapter for blindmap.v1.Broker.
#ifndef BLINDMAP_SERVER_BROKER_SERVICE_H_
#define BLINDMAP_SERVER_BROKER_SERVICE_H_

#include "blindmap/v1/broker.grpc.pb.h"
#include "server/broker.h"

namespace blindmap {

// Authenticates each call from its "authorization: Bearer <token>" metadata,
// hands it to Broker and converts the result. Logs one line per call: method,
// party, status code and duration, never request contents.
//
// Does not own the Broker, which must outlive the gRPC server. Thread-safe.
class BrokerService final : public v1::Broker::CallbackService {
 public:
  explicit BrokerService(Broker* broker) : broker_(broker) {}

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

 private:
  blindmap::Broker* const broker_;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_SERVICE_H_
