// The client side of blindmap.v1.Broker.
#ifndef BLINDMAP_CLIENT_SYNC_BROKER_CLIENT_H_
#define BLINDMAP_CLIENT_SYNC_BROKER_CLIENT_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "blindmap/v1/broker.grpc.pb.h"
#include "client/config/client_config.h"

namespace blindmap {

// Produces the batches of an upload in order; false when there are no more.
using BatchSource = std::function<bool(v1::RecordBatch& batch)>;
// Told the number of records sent so far.
using UploadProgress = std::function<void(uint64_t records_sent)>;

// The metadata key of each call's request id (random, per call): the
// broker logs it, and an error message ends in "(request id <id>)" so that
// the operator can find the failed call.
inline constexpr char kRequestIdMetadata[] = "x-request-id";

// One connection to the broker with this party's credentials. Every call
// has a deadline (the config's timeout; uploads get one more second per
// 20,000 records). Upload messages stay within the config's
// max_message_bytes (a batch beyond it is sent in pieces). gRPC statuses come
// back as absl::Status with the same code; UNAVAILABLE and DEADLINE_EXCEEDED
// messages name the broker address.
//
// TLS verifies the broker's certificate against the config's ca_file (or the
// system's roots); plaintext is refused unless the address is loopback.
// Thread-safe (gRPC stubs are).
class BrokerClient {
 public:
  // Authenticates with the API token, the client certificate (mutual TLS)
  // or both, as the config gives them.
  // FAILED_PRECONDITION / NOT_FOUND for an unreadable token, key,
  // certificate or CA file,
  // INVALID_ARGUMENT for plaintext to a non-loopback address.
  static absl::StatusOr<std::unique_ptr<BrokerClient>> Connect(
      const ClientConfig& config);

  absl::StatusOr<std::string> WhoAmI();
  // Invites `partner` with the inviter's proposed policies; `probe_policy`
  // fields left unset take the broker's defaults.
  absl::StatusOr<v1::Partnership> Invite(absl::string_view partner,
                                         absl::string_view key_check,
                                         v1::MatchPolicy policy,
                                         v1::SyncCadence cadence,
                                         const v1::ProbePolicy& probe_policy);
  absl::StatusOr<v1::Partnership> Accept(absl::string_view partnership_id,
                                         absl::string_view key_check);
  absl::StatusOr<v1::RevokePartnershipResponse> Revoke(
      absl::string_view partnership_id);
  absl::StatusOr<v1::ListPartnershipsResponse> ListPartnerships();
  // The partnership with `partner` (pending or active); NOT_FOUND if none,
  // saying who revoked it and when if it was revoked.
  absl::StatusOr<v1::Partnership> FindPartnership(absl::string_view partner);
  absl::StatusOr<v1::UploadSnapshotResponse> Upload(
      const v1::SnapshotHeader& header, const BatchSource& batches,
      const UploadProgress& progress);
  absl::StatusOr<v1::OverlapReport> Report(absl::string_view partnership_id);
  // Sets `levels`, then removes the entries of `unset` (back to counts).
  absl::StatusOr<v1::Partnership> SetSharing(
      absl::string_view partnership_id,
      const std::vector<v1::PopulationSharing>& levels,
      const std::vector<std::string>& unset = {});
  absl::StatusOr<v1::OptOutResponse> OptOut(
      absl::string_view partnership_id,
      const std::vector<std::string>& record_ids);
  absl::StatusOr<v1::SharedAccounts> SharedAccounts(
      absl::string_view partnership_id);
  // Proposes new policies; they take effect when the partner proposes the
  // same. Returns the partnership (its pending_policy is set while the
  // proposal awaits the partner). UNIMPLEMENTED from a broker without it.
  absl::StatusOr<v1::Partnership> ProposePolicy(
      absl::string_view partnership_id, v1::MatchPolicy match_policy,
      const v1::ProbePolicy& probe_policy);
  // The reports of every kept sync period, oldest first.
  absl::StatusOr<v1::ReportHistory> GetHistory(
      absl::string_view partnership_id);
  // The portfolio and the ICP exchange (see broker.proto); UNIMPLEMENTED
  // from a broker without them.
  absl::StatusOr<v1::AccountCategories> AccountCategories(
      absl::string_view partnership_id);
  absl::StatusOr<v1::PortfolioEntry> PortfolioEntry(
      absl::string_view partnership_id);
  absl::StatusOr<v1::IcpExchange> ShareIcp(absl::string_view partnership_id,
                                           const std::string& sealed_icp);
  absl::StatusOr<v1::IcpExchange> WithdrawIcp(absl::string_view partnership_id);
  absl::StatusOr<v1::IcpExchange> GetIcpExchange(
      absl::string_view partnership_id);

  const std::string& address() const { return address_; }

 private:
  BrokerClient(std::unique_ptr<v1::Broker::Stub> stub, std::string token,
               std::string address, absl::Duration timeout,
               size_t max_message_bytes)
      : stub_(std::move(stub)),
        bearer_(token.empty() ? "" : "Bearer " + token),
        address_(std::move(address)),
        timeout_(timeout),
        max_message_bytes_(max_message_bytes) {}

  // Sets the deadline and credentials, and a fresh request id, which it
  // returns.
  std::string Prepare(grpc::ClientContext& context,
                      absl::Duration timeout) const;
  // One unary call with the standard deadline.
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (v1::Broker::Stub::*method)(grpc::ClientContext*,
                                               const Request&, Response*),
      const Request& request);
  // The call's status, its message ending in "(request id <id>)" on error.
  absl::Status FromGrpc(const grpc::Status& status,
                        absl::string_view request_id) const;

  std::unique_ptr<v1::Broker::Stub> stub_;
  std::string bearer_;
  std::string address_;
  absl::Duration timeout_;
  // Upload batches larger than this go as several messages.
  size_t max_message_bytes_;
};

// "globex revoked the partnership on 2026-11-20 14:03 UTC; the broker
// deleted its data" ("you revoked ..." when this party did), as seen by the
// party that partnered with `partner`.
std::string RevocationLine(const v1::RevokedPartnership& revoked,
                           absl::string_view partner);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_BROKER_CLIENT_H_
