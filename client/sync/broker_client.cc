#include "client/sync/broker_client.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/sync/upload_pieces.h"
#include "common/base/net_address.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"
#include "common/crypto/crypto.h"
#include "grpcpp/grpcpp.h"

namespace blindmap {
namespace {

constexpr int kMaxMessageBytes = 16 << 20;

}  // namespace

std::string RevocationLine(const v1::RevokedPartnership& revoked,
                           absl::string_view partner) {
  const std::string when = absl::FormatTime(
      "%Y-%m-%d %H:%M UTC", absl::FromUnixSeconds(revoked.revoked_at_unix()),
      absl::UTCTimeZone());
  const std::string by =
      revoked.revoked_by() == partner ? std::string(partner) : "you";
  return absl::StrCat(by, " revoked the partnership on ", when,
                      "; the broker deleted its data");
}

absl::StatusOr<std::unique_ptr<BrokerClient>> BrokerClient::Connect(
    const ClientConfig& config) {
  std::string token;
  if (!config.token_file.empty()) {
    ASSIGN_OR_RETURN(token, ReadPrivateFile(config.token_file, "API token"));
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (config.plaintext) {
    if (!IsLoopbackAddress(config.broker_address)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "broker.plaintext is only allowed for a loopback address, and "
          "broker.address is ",
          config.broker_address));
    }
    credentials = grpc::InsecureChannelCredentials();
  } else {
    grpc::SslCredentialsOptions options;
    if (!config.ca_file.empty()) {
      ASSIGN_OR_RETURN(options.pem_root_certs,
                       ReadWholeFile(config.ca_file, "CA file"));
    }
    if (!config.cert_file.empty()) {
      ASSIGN_OR_RETURN(options.pem_cert_chain,
                       ReadWholeFile(config.cert_file, "client certificate"));
      ASSIGN_OR_RETURN(options.pem_private_key,
                       ReadPrivateText(config.key_file, "client key"));
    }
    credentials = grpc::SslCredentials(options);
  }
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(kMaxMessageBytes);
  arguments.SetMaxSendMessageSize(kMaxMessageBytes);
  auto channel =
      grpc::CreateCustomChannel(config.broker_address, credentials, arguments);
  return std::unique_ptr<BrokerClient>(new BrokerClient(
      v1::Broker::NewStub(channel), std::move(token), config.broker_address,
      config.rpc_timeout, static_cast<size_t>(config.max_message_bytes)));
}

std::string BrokerClient::Prepare(grpc::ClientContext& context,
                                  absl::Duration timeout) const {
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  if (!bearer_.empty()) context.AddMetadata("authorization", bearer_);
  // Random, so it says nothing about the caller; the broker logs it.
  absl::StatusOr<std::string> random = RandomBytes(8);
  const std::string id =
      random.ok() ? absl::BytesToHexString(*random) : std::string("-");
  context.AddMetadata(kRequestIdMetadata, id);
  return id;
}

absl::Status BrokerClient::FromGrpc(const grpc::Status& status,
                                    absl::string_view request_id) const {
  if (status.ok()) return absl::OkStatus();
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  // The operator finds this call in the broker's log by this id.
  const std::string id = absl::StrCat(" (request id ", request_id, ")");
  if (code == absl::StatusCode::kUnavailable) {
    return absl::UnavailableError(absl::StrCat("cannot reach the broker at ",
                                               address_, ": ",
                                               status.error_message(), id));
  }
  if (code == absl::StatusCode::kDeadlineExceeded) {
    return absl::DeadlineExceededError(
        absl::StrCat("the broker at ", address_, " did not answer in time (",
                     status.error_message(), ")", id));
  }
  return absl::Status(code, absl::StrCat(status.error_message(), id));
}

template <typename Request, typename Response>
absl::StatusOr<Response> BrokerClient::Call(
    grpc::Status (v1::Broker::Stub::*method)(grpc::ClientContext*,
                                             const Request&, Response*),
    const Request& request) {
  grpc::ClientContext context;
  const std::string request_id = Prepare(context, timeout_);
  Response response;
  RETURN_IF_ERROR(FromGrpc((stub_.get()->*method)(&context, request, &response),
                           request_id));
  return response;
}

absl::StatusOr<std::string> BrokerClient::WhoAmI() {
  ASSIGN_OR_RETURN(v1::WhoAmIResponse response,
                   Call(&v1::Broker::Stub::WhoAmI, v1::WhoAmIRequest()));
  return response.party();
}

absl::StatusOr<v1::Partnership> BrokerClient::Invite(
    absl::string_view partner, absl::string_view key_check,
    v1::MatchPolicy policy, v1::SyncCadence cadence,
    const v1::ProbePolicy& probe_policy) {
  v1::InvitePartnerRequest request;
  request.set_partner(std::string(partner));
  request.set_key_check(std::string(key_check));
  request.set_cadence(cadence);
  request.set_match_policy(policy);
  *request.mutable_probe_policy() = probe_policy;
  return Call(&v1::Broker::Stub::InvitePartner, request);
}

absl::StatusOr<v1::Partnership> BrokerClient::Accept(
    absl::string_view partnership_id, absl::string_view key_check) {
  v1::AcceptPartnershipRequest request;
  request.set_partnership_id(std::string(partnership_id));
  request.set_key_check(std::string(key_check));
  return Call(&v1::Broker::Stub::AcceptPartnership, request);
}

absl::StatusOr<v1::RevokePartnershipResponse> BrokerClient::Revoke(
    absl::string_view partnership_id) {
  v1::RevokePartnershipRequest request;
  request.set_partnership_id(std::string(partnership_id));
  return Call(&v1::Broker::Stub::RevokePartnership, request);
}

absl::StatusOr<v1::ListPartnershipsResponse> BrokerClient::ListPartnerships() {
  return Call(&v1::Broker::Stub::ListPartnerships,
              v1::ListPartnershipsRequest());
}

absl::StatusOr<v1::Partnership> BrokerClient::FindPartnership(
    absl::string_view partner) {
  ASSIGN_OR_RETURN(v1::ListPartnershipsResponse list, ListPartnerships());
  for (const v1::Partnership& partnership : list.partnerships()) {
    if (partnership.inviter() == partner || partnership.invitee() == partner) {
      return partnership;
    }
  }
  for (const v1::RevokedPartnership& revoked : list.revoked()) {
    if (revoked.inviter() == partner || revoked.invitee() == partner) {
      return absl::NotFoundError(absl::StrCat(
          "no partnership with \"", partner,
          "\": ", RevocationLine(revoked, partner),
          ". To map accounts again, one of you invites the other (`blindmap "
          "partner invite ",
          partner, "`)"));
    }
  }
  return absl::NotFoundError(absl::StrCat(
      "no partnership with \"", partner,
      "\" on this broker; invite it with `blindmap partner invite ", partner,
      "` or check the name with `blindmap partner list`"));
}

absl::StatusOr<v1::UploadSnapshotResponse> BrokerClient::Upload(
    const v1::SnapshotHeader& header, const BatchSource& batches,
    const UploadProgress& progress) {
  grpc::ClientContext context;
  const int64_t records = static_cast<int64_t>(header.record_count());
  const std::string request_id =
      Prepare(context, timeout_ + absl::Seconds(1 + records / 20'000));
  v1::UploadSnapshotResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::UploadSnapshotRequest>> writer =
      stub_->UploadSnapshot(&context, &response);
  v1::UploadSnapshotRequest request;
  *request.mutable_header() = header;
  bool open = writer->Write(request);
  // One batch message, cleared and refilled: its records stay allocated.
  v1::UploadSnapshotRequest batch_request;
  v1::RecordBatch* batch = batch_request.mutable_batch();
  uint64_t sent = 0;
  while (open) {
    batch->Clear();
    if (!batches(*batch)) break;
    sent += batch->records_size();
    if (batch_request.ByteSizeLong() <= max_message_bytes_) {
      open = writer->Write(batch_request);
    } else {
      for (v1::RecordBatch& piece : SplitBatch(*batch, max_message_bytes_)) {
        v1::UploadSnapshotRequest piece_request;
        *piece_request.mutable_batch() = std::move(piece);
        open = open && writer->Write(piece_request);
      }
    }
    if (progress) progress(sent);
  }
  if (open) {
    request.Clear();
    request.mutable_commit()->set_record_count(sent);
    writer->Write(request);
  }
  writer->WritesDone();
  const grpc::Status finished = writer->Finish();
  if (finished.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED &&
      absl::StrContains(finished.error_message(), "larger than max")) {
    return absl::ResourceExhaustedError(absl::StrCat(
        finished.error_message(),
        ": the broker takes smaller messages than this client sends; set "
        "broker.max_message_bytes (now ",
        max_message_bytes_, ") to at most the broker's limit (request id ",
        request_id, ")"));
  }
  RETURN_IF_ERROR(FromGrpc(finished, request_id));
  return response;
}

absl::StatusOr<v1::OverlapReport> BrokerClient::Report(
    absl::string_view partnership_id) {
  v1::GetReportRequest request;
  request.set_partnership_id(std::string(partnership_id));
  return Call(&v1::Broker::Stub::GetReport, request);
}

absl::StatusOr<v1::Partnership> BrokerClient::SetSharing(
    absl::string_view partnership_id,
    const std::vector<v1::PopulationSharing>& levels,
    const std::vector<std::string>& unset) {
  v1::SetSharingRequest request;
  request.set_partnership_id(std::string(partnership_id));
  for (const v1::PopulationSharing& level : levels) {
    *request.add_levels() = level;
  }
  for (const std::string& name : unset) request.add_unset(name);
  return Call(&v1::Broker::Stub::SetSharing, request);
}

absl::StatusOr<v1::OptOutResponse> BrokerClient::OptOut(
    absl::string_view partnership_id,
    const std::vector<std::string>& record_ids) {
  v1::OptOutRequest request;
  request.set_partnership_id(std::string(partnership_id));
  for (const std::string& id : record_ids) request.add_record_ids(id);
  return Call(&v1::Broker::Stub::OptOut, request);
}

absl::StatusOr<v1::SharedAccounts> BrokerClient::SharedAccounts(
    absl::string_view partnership_id) {
  v1::GetSharedAccountsRequest request;
  request.set_partnership_id(std::string(partnership_id));
  return Call(&v1::Broker::Stub::GetSharedAccounts, request);
}

absl::StatusOr<v1::Partnership> BrokerClient::ProposePolicy(
    absl::string_view partnership_id, v1::MatchPolicy match_policy,
    const v1::ProbePolicy& probe_policy) {
  v1::ProposePolicyRequest request;
  request.set_partnership_id(std::string(partnership_id));
  request.set_match_policy(match_policy);
  *request.mutable_probe_policy() = probe_policy;
  return Call(&v1::Broker::Stub::ProposePolicy, request);
}

absl::StatusOr<v1::ReportHistory> BrokerClient::GetHistory(
    absl::string_view partnership_id) {
  v1::GetHistoryRequest request;
  request.set_partnership_id(std::string(partnership_id));
  return Call(&v1::Broker::Stub::GetHistory, request);
}

absl::StatusOr<v1::AccountCategories> BrokerClient::AccountCategories(
    absl::string_view partnership_id) {
  v1::GetAccountCategoriesRequest request;
  request.set_partnership_id(std::string(partnership_id));
  return Call(&v1::Broker::Stub::GetAccountCategories, request);
}

absl::StatusOr<v1::PortfolioEntry> BrokerClient::PortfolioEntry(
    absl::string_view partnership_id) {
  v1::GetPortfolioEntryRequest request;
  request.set_partnership_id(std::string(partnership_id));
  return Call(&v1::Broker::Stub::GetPortfolioEntry, request);
}

absl::StatusOr<v1::IcpExchange> BrokerClient::ShareIcp(
    absl::string_view partnership_id, const std::string& sealed_icp) {
  v1::ShareIcpRequest request;
  request.set_partnership_id(std::string(partnership_id));
  request.set_sealed_icp(sealed_icp);
  return Call(&v1::Broker::Stub::ShareIcp, request);
}

absl::StatusOr<v1::IcpExchange> BrokerClient::WithdrawIcp(
    absl::string_view partnership_id) {
  v1::WithdrawIcpRequest request;
  request.set_partnership_id(std::string(partnership_id));
  return Call(&v1::Broker::Stub::WithdrawIcp, request);
}

absl::StatusOr<v1::IcpExchange> BrokerClient::GetIcpExchange(
    absl::string_view partnership_id) {
  v1::GetIcpExchangeRequest request;
  request.set_partnership_id(std::string(partnership_id));
  return Call(&v1::Broker::Stub::GetIcpExchange, request);
}

}  // namespace blindmap
