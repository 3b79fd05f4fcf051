// Authorization end to end, against a real blindmapd on 127.0.0.1: every RPC
// of blindmap.v1.Broker called as every role, with the exact status each must
// get, and proof that a refused call neither reads nor changes anything; and
// blindmap.v1.Admin reachable only on the operator's Unix socket.
#include <sys/stat.h>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "blindmap/v1/admin.grpc.pb.h"
#include "blindmap/v1/broker.grpc.pb.h"
#include "common/crypto/crypto.h"
#include "common/crypto/key_schedule.h"
#include "common/crypto/partnership_secret.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/broker_fixture.h"

namespace blindmap {
namespace {

using ::grpc::StatusCode;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kActive[] = "acme-globex";  // active, both sides synced
constexpr char kPending[] = "acme-hooli";  // invited, not accepted
constexpr char kUnknown[] = "unknown";     // an id no partnership has
constexpr char kUnknownId[] = "0123456789abcdef0123456789abcdef";
// The key-check value of the partnerships this test creates by raw RPC.
const std::string kRawKeyCheck(16, '\x5a');

// Who calls. The first six hold no party credential for the Broker service.
enum class Role {
  kNoCredentials,      // no authorization metadata
  kNoBearerScheme,     // acme's real token, without "Bearer "
  kMalformedToken,     // "Bearer acme": no API token at all
  kWrongToken,         // acme's token with its last character changed
  kOperatorTokenHash,  // what the broker's database holds for acme's token
  kOperatorSocket,     // the operator's admin Unix socket, no token
  kOutsider,           // initech: in no partnership with acme or globex
  kInvitee,            // hooli: invited by acme, outside acme-globex
  kPartner,            // globex: invitee of acme-globex
  kOwner,              // acme: inviter of acme-globex and acme-hooli
};

// How each role shows in traces, and the party it is ("" for none).
struct RoleInfo {
  const char* name;
  const char* party;
};

RoleInfo InfoOf(Role role) {
  static const std::map<Role, RoleInfo> kRoles = {
      {Role::kNoCredentials, {"no credentials", ""}},
      {Role::kNoBearerScheme, {"token without Bearer", ""}},
      {Role::kMalformedToken, {"malformed token", ""}},
      {Role::kWrongToken, {"wrong token", ""}},
      {Role::kOperatorTokenHash, {"operator (stored token hash)", ""}},
      {Role::kOperatorSocket, {"operator (admin socket)", ""}},
      {Role::kOutsider, {"outsider initech", "initech"}},
      {Role::kInvitee, {"invitee hooli", "hooli"}},
      {Role::kPartner, {"partner globex", "globex"}},
      {Role::kOwner, {"owner acme", "acme"}},
  };
  return kRoles.at(role);
}

const char* RoleName(Role role) { return InfoOf(role).name; }
std::string PartyOf(Role role) { return InfoOf(role).party; }

std::string CodeName(StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

struct Row {
  std::string rpc;
  Role role;
  // The partnership the request names ("inviter-invitee" or kUnknown); for
  // InvitePartner the party invited; "" for none.
  std::string on;
  StatusCode code;
  // An authorized call that may change what the parties see. Every other
  // row must leave all four parties' views byte-identical.
  bool writes = false;
};

// The methods of blindmap.v1.Broker, from its descriptor.
std::vector<std::string> BrokerRpcNames() {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          v1::Broker::service_full_name());
  std::vector<std::string> names;
  for (int i = 0; service != nullptr && i < service->method_count(); ++i) {
    names.push_back(service->method(i)->name());
  }
  return names;
}

std::vector<Row> AuthorizationTable() {
  constexpr StatusCode kOk = StatusCode::OK;
  constexpr StatusCode kDenied = StatusCode::PERMISSION_DENIED;
  constexpr StatusCode kNotFound = StatusCode::NOT_FOUND;
  constexpr StatusCode kPrecondition = StatusCode::FAILED_PRECONDITION;
  constexpr StatusCode kExists = StatusCode::ALREADY_EXISTS;
  std::vector<Row> rows;
  // Without a party's credential every RPC is refused before it reads
  // anything (each request is one acme could make); the operator's socket
  // does not serve the Broker service at all.
  for (const std::string& rpc : BrokerRpcNames()) {
    const std::string on = rpc == "InvitePartner" ? "initech" : kActive;
    for (Role role :
         {Role::kNoCredentials, Role::kNoBearerScheme, Role::kMalformedToken,
          Role::kWrongToken, Role::kOperatorTokenHash}) {
      rows.push_back({rpc, role, on, StatusCode::UNAUTHENTICATED});
    }
    rows.push_back({rpc, Role::kOperatorSocket, on, StatusCode::UNIMPLEMENTED});
  }
  const std::vector<Row> parties = {
      {"WhoAmI", Role::kOutsider, "", kOk},
      {"WhoAmI", Role::kInvitee, "", kOk},
      {"WhoAmI", Role::kPartner, "", kOk},
      {"WhoAmI", Role::kOwner, "", kOk},
      {"ListPartnerships", Role::kOutsider, "", kOk},
      {"ListPartnerships", Role::kInvitee, "", kOk},
      {"ListPartnerships", Role::kPartner, "", kOk},
      {"ListPartnerships", Role::kOwner, "", kOk},
      // Reads.
      {"GetReport", Role::kOutsider, kActive, kDenied},
      {"GetReport", Role::kInvitee, kActive, kDenied},
      {"GetReport", Role::kOutsider, kUnknown, kNotFound},
      {"GetReport", Role::kPartner, kPending, kDenied},
      {"GetReport", Role::kInvitee, kPending, kPrecondition},
      {"GetReport", Role::kPartner, kActive, kOk},
      {"GetReport", Role::kOwner, kActive, kOk},
      {"GetHistory", Role::kOutsider, kActive, kDenied},
      {"GetHistory", Role::kInvitee, kActive, kDenied},
      {"GetHistory", Role::kOutsider, kUnknown, kNotFound},
      {"GetHistory", Role::kPartner, kPending, kDenied},
      {"GetHistory", Role::kInvitee, kPending, kPrecondition},
      {"GetHistory", Role::kPartner, kActive, kOk},
      {"GetHistory", Role::kOwner, kActive, kOk},
      {"GetSharedAccounts", Role::kOutsider, kActive, kDenied},
      {"GetSharedAccounts", Role::kInvitee, kActive, kDenied},
      {"GetSharedAccounts", Role::kOutsider, kUnknown, kNotFound},
      {"GetSharedAccounts", Role::kPartner, kPending, kDenied},
      {"GetSharedAccounts", Role::kInvitee, kPending, kPrecondition},
      {"GetSharedAccounts", Role::kPartner, kActive, kOk},
      {"GetSharedAccounts", Role::kOwner, kActive, kOk},
      {"GetAccountCategories", Role::kOutsider, kActive, kDenied},
      {"GetAccountCategories", Role::kInvitee, kActive, kDenied},
      {"GetAccountCategories", Role::kOutsider, kUnknown, kNotFound},
      {"GetAccountCategories", Role::kPartner, kPending, kDenied},
      {"GetAccountCategories", Role::kInvitee, kPending, kPrecondition},
      {"GetAccountCategories", Role::kPartner, kActive, kOk},
      {"GetAccountCategories", Role::kOwner, kActive, kOk},
      {"GetPortfolioEntry", Role::kOutsider, kActive, kDenied},
      {"GetPortfolioEntry", Role::kInvitee, kActive, kDenied},
      {"GetPortfolioEntry", Role::kOutsider, kUnknown, kNotFound},
      {"GetPortfolioEntry", Role::kPartner, kPending, kDenied},
      {"GetPortfolioEntry", Role::kInvitee, kPending, kPrecondition},
      {"GetPortfolioEntry", Role::kPartner, kActive, kOk},
      {"GetPortfolioEntry", Role::kOwner, kActive, kOk},
      {"GetIcpExchange", Role::kOutsider, kActive, kDenied},
      {"GetIcpExchange", Role::kInvitee, kActive, kDenied},
      {"GetIcpExchange", Role::kOutsider, kUnknown, kNotFound},
      {"GetIcpExchange", Role::kPartner, kPending, kDenied},
      {"GetIcpExchange", Role::kInvitee, kPending, kOk},
      {"GetIcpExchange", Role::kPartner, kActive, kOk},
      {"GetIcpExchange", Role::kOwner, kActive, kOk},
      // Writes. The requests carry acme's record ids and would visibly
      // change the partnership; the partner's opt-out of acme's ids removes
      // nothing of acme's.
      {"OptOut", Role::kOutsider, kActive, kDenied},
      {"OptOut", Role::kInvitee, kActive, kDenied},
      {"OptOut", Role::kPartner, kPending, kDenied},
      {"OptOut", Role::kPartner, kActive, kOk},
      {"OptOut", Role::kOwner, kPending, kOk},
      {"OptOut", Role::kOwner, kActive, kOk, true},
      {"UploadSnapshot", Role::kOutsider, kActive, kDenied},
      {"UploadSnapshot", Role::kInvitee, kActive, kDenied},
      {"UploadSnapshot", Role::kPartner, kPending, kDenied},
      {"UploadSnapshot", Role::kInvitee, kPending, kPrecondition},
      {"UploadSnapshot", Role::kOwner, kPending, kPrecondition},
      {"UploadSnapshot", Role::kOwner, kActive, kOk, true},
      {"SetSharing", Role::kOutsider, kActive, kDenied},
      {"SetSharing", Role::kInvitee, kActive, kDenied},
      {"SetSharing", Role::kPartner, kPending, kDenied},
      {"SetSharing", Role::kPartner, kActive, kOk, true},
      {"SetSharing", Role::kOwner, kActive, kOk, true},
      {"ProposePolicy", Role::kOutsider, kActive, kDenied},
      {"ProposePolicy", Role::kInvitee, kActive, kDenied},
      {"ProposePolicy", Role::kPartner, kPending, kDenied},
      {"ProposePolicy", Role::kOwner, kActive, kOk, true},
      {"ProposePolicy", Role::kPartner, kActive, kOk, true},
      // The sealed ICP exchange: each side shares and withdraws its own.
      {"ShareIcp", Role::kOutsider, kActive, kDenied},
      {"ShareIcp", Role::kInvitee, kActive, kDenied},
      {"ShareIcp", Role::kOutsider, kUnknown, kNotFound},
      {"ShareIcp", Role::kPartner, kPending, kDenied},
      {"ShareIcp", Role::kInvitee, kPending, kPrecondition},
      {"ShareIcp", Role::kOwner, kPending, kPrecondition},
      {"ShareIcp", Role::kOwner, kActive, kOk, true},
      {"ShareIcp", Role::kPartner, kActive, kOk, true},
      {"WithdrawIcp", Role::kOutsider, kActive, kDenied},
      {"WithdrawIcp", Role::kInvitee, kActive, kDenied},
      {"WithdrawIcp", Role::kOutsider, kUnknown, kNotFound},
      {"WithdrawIcp", Role::kPartner, kPending, kDenied},
      {"WithdrawIcp", Role::kOwner, kPending, kOk},
      {"WithdrawIcp", Role::kPartner, kActive, kOk, true},
      // Partnerships. A party invites only in its own name.
      {"InvitePartner", Role::kPartner, "acme", kExists},
      {"InvitePartner", Role::kOwner, "globex", kExists},
      {"InvitePartner", Role::kInvitee, "acme", kExists},
      {"InvitePartner", Role::kOutsider, "nobody", kNotFound},
      {"InvitePartner", Role::kOutsider, "acme", kOk, true},
      {"AcceptPartnership", Role::kOutsider, kActive, kDenied},
      {"AcceptPartnership", Role::kOutsider, kPending, kDenied},
      {"AcceptPartnership", Role::kPartner, kPending, kDenied},
      {"AcceptPartnership", Role::kInvitee, kActive, kDenied},
      {"AcceptPartnership", Role::kOwner, kPending, kPrecondition},
      {"AcceptPartnership", Role::kPartner, kActive, kPrecondition},
      {"AcceptPartnership", Role::kInvitee, kPending, kOk, true},
      // Last: the authorized revocations end every partnership.
      {"RevokePartnership", Role::kOutsider, kActive, kDenied},
      {"RevokePartnership", Role::kInvitee, kActive, kDenied},
      {"RevokePartnership", Role::kPartner, kPending, kDenied},
      {"RevokePartnership", Role::kOutsider, kPending, kDenied},
      {"RevokePartnership", Role::kOwner, kUnknown, kNotFound},
      {"RevokePartnership", Role::kOwner, "initech-acme", kOk, true},
      {"RevokePartnership", Role::kInvitee, kPending, kOk, true},
      {"RevokePartnership", Role::kPartner, kActive, kOk, true},
  };
  rows.insert(rows.end(), parties.begin(), parties.end());
  return rows;
}

struct Outcome {
  grpc::Status status;
  std::unique_ptr<google::protobuf::Message> response;
};

template <typename Request, typename Response>
Outcome CallUnary(grpc::Status (v1::Broker::Stub::*method)(grpc::ClientContext*,
                                                           const Request&,
                                                           Response*),
                  v1::Broker::Stub& stub, grpc::ClientContext& context,
                  const Request& request) {
  auto response = std::make_unique<Response>();
  grpc::Status status = (stub.*method)(&context, request, response.get());
  return {status, std::move(response)};
}

// Accounts both export, so both sides offer detail of them.
const char kAcmeCsv[] =
    "Account ID,Account Name,Type,Website\n"
    "001A1,Quillfeather Robotics GmbH,Customer - Direct,"
    "quillfeather-robotics.com\n"
    "001A2,Marrowind Analytics Inc.,Customer - Direct,marrowind-analytics.com\n"
    "001A3,Tessaline Foods Ltd,Prospect,tessaline-foods.co.uk\n";
const char kGlobexCsv[] =
    "Record ID,Company name,Company Domain Name,Lifecycle Stage\n"
    "8801,QUILLFEATHER ROBOTICS,quillfeather-robotics.com,Customer\n"
    "8802,Marrowind Analytics,marrowind-analytics.com,Customer\n"
    "8804,Oxbridge Lanterns Co,oxbridge-lanterns.com,Customer\n";
const char kSharingYaml[] =
    "sharing:\n"
    "  fields: [account_name, website, populations]\n";

class AuthzTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    // The table makes ~1,500 calls within seconds, far beyond the default
    // per-party rate; e2e_limits_test covers the rate limit itself.
    AddBrokerConfig(
        "limits:\n  requests_per_minute_per_party: 1000000\n"
        "  request_burst_per_party: 100000\n");
    StartBroker();
    tcp_stub_ = v1::Broker::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port()),
                            grpc::InsecureChannelCredentials()));
    socket_stub_ = v1::Broker::NewStub(grpc::CreateChannel(
        admin_socket(), grpc::InsecureChannelCredentials()));
  }

  std::string admin_socket() const {
    return "unix:" + data_dir() + "/admin.sock";
  }

  // acme and globex in an active partnership, both synced with Customers at
  // "overlaps"; acme's pending invitation to hooli; initech on its own.
  void CreateParties() {
    AddParty("acme", kSharingYaml);
    AddParty("globex", kSharingYaml);
    AddParty("initech");
    AddParty("hooli");
    Partner("acme", "globex", NoProbeLimitArgs());
    WriteFile(party_dir("acme") + "/accounts.csv", kAcmeCsv);
    WriteFile(party_dir("globex") + "/accounts.csv", kGlobexCsv);
    for (const auto& [party, partner] : std::map<std::string, std::string>{
             {"acme", "globex"}, {"globex", "acme"}}) {
      const ProcessResult set = Blindmap(
          party,
          {"sharing", "--partner", partner, "--set", "Customers=overlaps"});
      ASSERT_EQ(set.exit_code, 0) << set.err;
      const ProcessResult sync =
          Blindmap(party, {"sync", "--partner", partner, "--input",
                           party_dir(party) + "/accounts.csv"});
      ASSERT_EQ(sync.exit_code, 0) << sync.err;
    }
    const ProcessResult invite =
        Blindmap("acme", {"partner", "invite", "hooli"});
    ASSERT_EQ(invite.exit_code, 0) << invite.err;

    Outcome report = Call("GetReport", Role::kOwner, kActive);
    ASSERT_TRUE(report.status.ok()) << report.status.error_message();
    period_ = static_cast<v1::OverlapReport&>(*report.response).period();
    Outcome shared = Call("GetSharedAccounts", Role::kOwner, kActive);
    ASSERT_TRUE(shared.status.ok()) << shared.status.error_message();
    for (const v1::SharedAccount& account :
         static_cast<v1::SharedAccounts&>(*shared.response).accounts()) {
      acme_record_ids_.push_back(account.my_record_id());
    }
    ASSERT_EQ(acme_record_ids_.size(), 2u) << "both Customers should match";
  }

  // The authorization metadata `role` presents ("" for none).
  std::string CredentialOf(Role role) const {
    switch (role) {
      case Role::kNoCredentials:
      case Role::kOperatorSocket:
        return "";
      case Role::kNoBearerScheme:
        return api_token("acme");
      case Role::kMalformedToken:
        return "Bearer acme";
      case Role::kWrongToken: {
        std::string token = api_token("acme");
        token.back() = token.back() == 'A' ? 'B' : 'A';
        return "Bearer " + token;
      }
      case Role::kOperatorTokenHash:
        return "Bearer bm_" +
               absl::WebSafeBase64Escape(Sha256(api_token("acme")));
      default:
        return "Bearer " + api_token(PartyOf(role));
    }
  }

  struct Target {
    std::string id;
    std::string key_check;
  };

  // The id and key-check value of partnership `on` ("inviter-invitee"),
  // looked up once through the inviter's ListPartnerships.
  Target TargetOf(const std::string& on) {
    if (on == kUnknown) return {kUnknownId, kRawKeyCheck};
    const std::vector<std::string> sides = absl::StrSplit(on, '-');
    if (sides.size() != 2) return {};
    auto [it, added] = targets_.try_emplace(on);
    if (!added) return it->second;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + api_token(sides[0]));
    v1::ListPartnershipsResponse list;
    EXPECT_TRUE(tcp_stub_->ListPartnerships(&context, {}, &list).ok());
    for (const v1::Partnership& partnership : list.partnerships()) {
      if (partnership.inviter() == sides[0] &&
          partnership.invitee() == sides[1]) {
        it->second.id = partnership.id();
      }
    }
    EXPECT_FALSE(it->second.id.empty()) << "no partnership " << on;
    absl::StatusOr<PartnershipSecret> secret = PartnershipSecret::ReadFile(
        party_dir(sides[0]) + "/state/partners/" + sides[1] + ".secret");
    it->second.key_check = kRawKeyCheck;
    if (secret.ok()) it->second.key_check = *KeySchedule(*secret).KeyCheck();
    return it->second;
  }

  // Calls `rpc` as `role` with a request about `on` that acme could make.
  Outcome Call(const std::string& rpc, Role role, const std::string& on) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    const std::string credential = CredentialOf(role);
    if (!credential.empty()) context.AddMetadata("authorization", credential);
    v1::Broker::Stub& stub =
        role == Role::kOperatorSocket ? *socket_stub_ : *tcp_stub_;
    const Target target = TargetOf(on);
    using Stub = v1::Broker::Stub;
    if (rpc == "WhoAmI") {
      return CallUnary(&Stub::WhoAmI, stub, context, v1::WhoAmIRequest());
    }
    if (rpc == "InvitePartner") {
      v1::InvitePartnerRequest request;
      request.set_partner(on);
      request.set_key_check(kRawKeyCheck);
      return CallUnary(&Stub::InvitePartner, stub, context, request);
    }
    if (rpc == "AcceptPartnership") {
      v1::AcceptPartnershipRequest request;
      request.set_partnership_id(target.id);
      request.set_key_check(target.key_check);
      return CallUnary(&Stub::AcceptPartnership, stub, context, request);
    }
    if (rpc == "RevokePartnership") {
      v1::RevokePartnershipRequest request;
      request.set_partnership_id(target.id);
      return CallUnary(&Stub::RevokePartnership, stub, context, request);
    }
    if (rpc == "ListPartnerships") {
      return CallUnary(&Stub::ListPartnerships, stub, context,
                       v1::ListPartnershipsRequest());
    }
    if (rpc == "UploadSnapshot") return Upload(stub, context, target);
    if (rpc == "GetReport") {
      v1::GetReportRequest request;
      request.set_partnership_id(target.id);
      return CallUnary(&Stub::GetReport, stub, context, request);
    }
    if (rpc == "SetSharing") {
      v1::SetSharingRequest request;
      request.set_partnership_id(target.id);
      v1::PopulationSharing* level = request.add_levels();
      level->set_population("Customers");
      level->set_level(v1::SHARING_LEVEL_HIDDEN);
      return CallUnary(&Stub::SetSharing, stub, context, request);
    }
    if (rpc == "OptOut") {
      v1::OptOutRequest request;
      request.set_partnership_id(target.id);
      for (const std::string& id : acme_record_ids_) request.add_record_ids(id);
      return CallUnary(&Stub::OptOut, stub, context, request);
    }
    if (rpc == "GetSharedAccounts") {
      v1::GetSharedAccountsRequest request;
      request.set_partnership_id(target.id);
      return CallUnary(&Stub::GetSharedAccounts, stub, context, request);
    }
    if (rpc == "ProposePolicy") {
      v1::ProposePolicyRequest request;
      request.set_partnership_id(target.id);
      request.set_match_policy(v1::MATCH_POLICY_STRICT);
      request.mutable_probe_policy()->set_min_population_size(0);
      return CallUnary(&Stub::ProposePolicy, stub, context, request);
    }
    if (rpc == "GetHistory") {
      v1::GetHistoryRequest request;
      request.set_partnership_id(target.id);
      return CallUnary(&Stub::GetHistory, stub, context, request);
    }
    if (rpc == "GetAccountCategories") {
      v1::GetAccountCategoriesRequest request;
      request.set_partnership_id(target.id);
      return CallUnary(&Stub::GetAccountCategories, stub, context, request);
    }
    if (rpc == "GetPortfolioEntry") {
      v1::GetPortfolioEntryRequest request;
      request.set_partnership_id(target.id);
      return CallUnary(&Stub::GetPortfolioEntry, stub, context, request);
    }
    if (rpc == "ShareIcp") {
      v1::ShareIcpRequest request;
      request.set_partnership_id(target.id);
      request.set_sealed_icp(std::string(64, 'i'));  // stands for ciphertext
      return CallUnary(&Stub::ShareIcp, stub, context, request);
    }
    if (rpc == "WithdrawIcp") {
      v1::WithdrawIcpRequest request;
      request.set_partnership_id(target.id);
      return CallUnary(&Stub::WithdrawIcp, stub, context, request);
    }
    if (rpc == "GetIcpExchange") {
      v1::GetIcpExchangeRequest request;
      request.set_partnership_id(target.id);
      return CallUnary(&Stub::GetIcpExchange, stub, context, request);
    }
    ADD_FAILURE() << "the table has no request for " << rpc;
    return {grpc::Status(StatusCode::INTERNAL, "no such rpc"), nullptr};
  }

  // A complete one-record upload stream for the current period.
  Outcome Upload(v1::Broker::Stub& stub, grpc::ClientContext& context,
                 const Target& target) {
    auto response = std::make_unique<v1::UploadSnapshotResponse>();
    auto writer = stub.UploadSnapshot(&context, response.get());
    v1::UploadSnapshotRequest header;
    header.mutable_header()->set_partnership_id(target.id);
    header.mutable_header()->set_period(period_);
    header.mutable_header()->set_key_check(target.key_check);
    header.mutable_header()->set_record_count(1);
    v1::PopulationSpec* population = header.mutable_header()->add_populations();
    population->set_name("Customers");
    population->set_kind(v1::POPULATION_KIND_CUSTOMER);
    v1::UploadSnapshotRequest batch;
    v1::Record* record = batch.mutable_batch()->add_records();
    record->set_record_id(std::string(16, 'r'));
    record->set_population_bits(1);
    v1::Token* token = record->add_tokens();
    token->set_kind(v1::KEY_KIND_DOMAIN);
    token->set_value(std::string(16, 't'));
    v1::UploadSnapshotRequest commit;
    commit.mutable_commit()->set_record_count(1);
    // A broker that refuses early ends the stream; later writes then fail.
    if (writer->Write(header) && writer->Write(batch)) writer->Write(commit);
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    return {status, std::move(response)};
  }

  // Everything the four parties can see: their partnership lists, and
  // acme's and globex's report, shared accounts, history and ICP exchange
  // of acme-globex.
  std::string ObservedState() {
    std::string state;
    const auto add = [&state](const std::string& what, const Outcome& seen) {
      absl::StrAppend(&state, what, ": ", CodeName(seen.status.error_code()),
                      " ", seen.status.error_message(), "\n",
                      seen.response ? seen.response->DebugString() : "", "\n");
    };
    for (Role role :
         {Role::kOwner, Role::kPartner, Role::kInvitee, Role::kOutsider}) {
      add(PartyOf(role) + " list", Call("ListPartnerships", role, ""));
    }
    for (Role role : {Role::kOwner, Role::kPartner}) {
      for (const char* rpc :
           {"GetReport", "GetSharedAccounts", "GetHistory", "GetIcpExchange"}) {
        add(absl::StrCat(PartyOf(role), " ", rpc), Call(rpc, role, kActive));
      }
    }
    return state;
  }

  // What an authorized answer must (not) contain.
  void CheckAnswer(const Row& row, const google::protobuf::Message& answer) {
    const std::string caller = PartyOf(row.role);
    const std::string id = TargetOf(row.on).id;
    if (row.rpc == "WhoAmI") {
      EXPECT_EQ(static_cast<const v1::WhoAmIResponse&>(answer).party(), caller);
    } else if (row.rpc == "ListPartnerships") {
      for (const v1::Partnership& partnership :
           static_cast<const v1::ListPartnershipsResponse&>(answer)
               .partnerships()) {
        EXPECT_TRUE(partnership.inviter() == caller ||
                    partnership.invitee() == caller)
            << caller << " sees " << partnership.DebugString();
      }
    } else if (row.rpc == "GetReport") {
      const auto& report = static_cast<const v1::OverlapReport&>(answer);
      EXPECT_EQ(report.partnership().id(), id);
      EXPECT_NE(report.partner(), caller);
    } else if (row.rpc == "GetSharedAccounts") {
      EXPECT_EQ(static_cast<const v1::SharedAccounts&>(answer).partnership_id(),
                id);
    } else if (row.rpc == "GetAccountCategories") {
      const auto& categories =
          static_cast<const v1::AccountCategories&>(answer);
      EXPECT_EQ(categories.partnership_id(), id);
      EXPECT_NE(categories.partner(), caller);
    } else if (row.rpc == "GetPortfolioEntry") {
      const auto& entry = static_cast<const v1::PortfolioEntry&>(answer);
      EXPECT_EQ(entry.report().partnership().id(), id);
      EXPECT_EQ(entry.categories().partnership_id(), id);
      EXPECT_NE(entry.report().partner(), caller);
    } else if (row.rpc == "ShareIcp" || row.rpc == "WithdrawIcp" ||
               row.rpc == "GetIcpExchange") {
      const auto& exchange = static_cast<const v1::IcpExchange&>(answer);
      EXPECT_EQ(exchange.partnership_id(), id);
      EXPECT_EQ(exchange.i_shared(), row.rpc == "ShareIcp");
      // The partner's sealed ICP only once both have shared.
      EXPECT_EQ(exchange.partner_sealed_icp().empty(),
                !(exchange.i_shared() && exchange.partner_shared()));
    } else if (row.rpc == "OptOut" && !row.writes) {
      EXPECT_EQ(
          static_cast<const v1::OptOutResponse&>(answer).details_removed(), 0u);
    } else if (row.rpc == "InvitePartner") {
      EXPECT_EQ(static_cast<const v1::Partnership&>(answer).inviter(), caller);
    }
  }

  std::unique_ptr<v1::Broker::Stub> tcp_stub_;
  std::unique_ptr<v1::Broker::Stub> socket_stub_;
  std::map<std::string, Target> targets_;
  std::string period_;
  std::vector<std::string> acme_record_ids_;
};

TEST_F(AuthzTest, EveryBrokerRpcAsEveryRoleGetsItsExactStatus) {
  CreateParties();
  if (HasFatalFailure()) return;
  const std::vector<Row> table = AuthorizationTable();
  // The table covers every RPC for every role without party credentials,
  // and for the outsider.
  for (const std::string& rpc : BrokerRpcNames()) {
    for (Role role : {Role::kNoCredentials, Role::kOperatorSocket,
                      Role::kOperatorTokenHash, Role::kOutsider}) {
      bool found = false;
      for (const Row& row : table) found |= row.rpc == rpc && row.role == role;
      EXPECT_TRUE(found) << rpc << " as " << RoleName(role);
    }
  }
  std::set<std::string> secrets = {CredentialOf(Role::kWrongToken),
                                   CredentialOf(Role::kOperatorTokenHash)};
  for (const char* party : {"acme", "globex", "initech", "hooli"}) {
    secrets.insert(api_token(party));
  }

  std::string seen = ObservedState();
  ASSERT_EQ(ObservedState(), seen) << "the observed state is not stable";
  for (const Row& row : table) {
    SCOPED_TRACE(absl::StrCat(row.rpc, " as ", RoleName(row.role), " on \"",
                              row.on, "\""));
    const Outcome outcome = Call(row.rpc, row.role, row.on);
    const std::string message = outcome.status.error_message();
    EXPECT_EQ(CodeName(outcome.status.error_code()), CodeName(row.code))
        << message;
    for (const std::string& secret : secrets) {
      EXPECT_THAT(message, Not(HasSubstr(secret)));
    }
    if (outcome.status.ok()) {
      CheckAnswer(row, *outcome.response);
    } else {
      EXPECT_EQ(outcome.response->ByteSizeLong(), 0u) << "a refusal answered";
      // A party outside the partnership does not learn who is in it.
      const std::vector<std::string> members = absl::StrSplit(row.on, '-');
      const std::string caller = PartyOf(row.role);
      if (members.size() == 2 && caller != members[0] && caller != members[1]) {
        EXPECT_THAT(message, Not(HasSubstr(members[0])));
        EXPECT_THAT(message, Not(HasSubstr(members[1])));
      }
    }
    const std::string now = ObservedState();
    if (!row.writes) {
      EXPECT_EQ(now, seen) << "changed by a call that may not";
    }
    seen = now;
  }
  // The authorized revocations ended everything: no partnership is left,
  // only the tombstones saying who revoked (#14 item 8), each shown only to
  // the two parties of its partnership. The log holds no token.
  for (Role role :
       {Role::kOwner, Role::kPartner, Role::kInvitee, Role::kOutsider}) {
    const Outcome list = Call("ListPartnerships", role, "");
    ASSERT_TRUE(list.status.ok());
    const auto& partnerships =
        dynamic_cast<const v1::ListPartnershipsResponse&>(*list.response);
    EXPECT_EQ(partnerships.partnerships_size(), 0) << PartyOf(role);
    for (const v1::RevokedPartnership& revoked : partnerships.revoked()) {
      EXPECT_TRUE(revoked.inviter() == PartyOf(role) ||
                  revoked.invitee() == PartyOf(role))
          << PartyOf(role);
    }
    if (role != Role::kOutsider) {
      EXPECT_GT(partnerships.revoked_size(), 0) << PartyOf(role);
    }
  }
  const std::string log = ReadFileOrEmpty(broker_log());
  for (const std::string& secret : secrets) {
    EXPECT_THAT(log, Not(HasSubstr(secret)));
  }
}

// Where an Admin call is made from.
enum class AdminChannel { kTcp, kTcpWithPartyToken, kSocket };

TEST_F(AuthzTest, AdminServiceAnswersOnlyOnItsUnixSocket) {
  AddParty("acme");
  struct stat socket_stat;
  ASSERT_EQ(stat((data_dir() + "/admin.sock").c_str(), &socket_stat), 0);
  EXPECT_EQ(socket_stat.st_mode & 0777, 0600u) << "only the operator connects";

  auto tcp = v1::Admin::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port()), grpc::InsecureChannelCredentials()));
  auto socket = v1::Admin::NewStub(
      grpc::CreateChannel(admin_socket(), grpc::InsecureChannelCredentials()));
  const auto list_parties = [&socket] {
    grpc::ClientContext context;
    v1::ListPartiesResponse parties;
    EXPECT_TRUE(socket->ListParties(&context, {}, &parties).ok());
    return parties.DebugString();
  };
  // `scratch` is created, listed and deleted through the socket only.
  struct AdminRow {
    std::string rpc;
    AdminChannel channel;
    StatusCode code;
  };
  const std::vector<AdminRow> table = {
      {"CreateParty", AdminChannel::kTcp, StatusCode::UNIMPLEMENTED},
      {"CreateParty", AdminChannel::kTcpWithPartyToken,
       StatusCode::UNIMPLEMENTED},
      {"CreateParty", AdminChannel::kSocket, StatusCode::OK},
      {"ListParties", AdminChannel::kTcp, StatusCode::UNIMPLEMENTED},
      {"ListParties", AdminChannel::kTcpWithPartyToken,
       StatusCode::UNIMPLEMENTED},
      {"ListParties", AdminChannel::kSocket, StatusCode::OK},
      {"Compact", AdminChannel::kTcp, StatusCode::UNIMPLEMENTED},
      {"Compact", AdminChannel::kTcpWithPartyToken, StatusCode::UNIMPLEMENTED},
      {"Compact", AdminChannel::kSocket, StatusCode::OK},
      {"DeleteParty", AdminChannel::kTcp, StatusCode::UNIMPLEMENTED},
      {"DeleteParty", AdminChannel::kTcpWithPartyToken,
       StatusCode::UNIMPLEMENTED},
      {"DeleteParty", AdminChannel::kSocket, StatusCode::OK},
  };
  std::string scratch_token;
  for (const AdminRow& row : table) {
    SCOPED_TRACE(
        absl::StrCat(row.rpc, " over channel ", static_cast<int>(row.channel)));
    const std::string before = list_parties();
    grpc::ClientContext context;
    if (row.channel == AdminChannel::kTcpWithPartyToken) {
      context.AddMetadata("authorization", "Bearer " + api_token("acme"));
    }
    v1::Admin::Stub& stub =
        row.channel == AdminChannel::kSocket ? *socket : *tcp;
    grpc::Status status;
    if (row.rpc == "CreateParty") {
      v1::CreatePartyRequest request;
      request.set_name("scratch");
      v1::CreatePartyResponse created;
      status = stub.CreateParty(&context, request, &created);
      if (status.ok()) scratch_token = created.api_token();
    } else if (row.rpc == "ListParties") {
      v1::ListPartiesResponse parties;
      status = stub.ListParties(&context, {}, &parties);
      if (status.ok()) {
        EXPECT_EQ(parties.parties_size(), 2);
      }
    } else if (row.rpc == "Compact") {
      v1::CompactResponse compacted;
      status = stub.Compact(&context, {}, &compacted);
    } else {
      v1::DeletePartyRequest request;
      request.set_name("scratch");
      v1::DeletePartyResponse deleted;
      status = stub.DeleteParty(&context, request, &deleted);
    }
    EXPECT_EQ(CodeName(status.error_code()), CodeName(row.code))
        << status.error_message();
    if (!status.ok()) {
      EXPECT_EQ(list_parties(), before);
    }
    EXPECT_THAT(status.error_message(), Not(HasSubstr(api_token("acme"))));
    if (row.rpc == "CreateParty" && status.ok()) {
      // The new party's token works on the Broker service at once.
      grpc::ClientContext who_context;
      who_context.AddMetadata("authorization", "Bearer " + scratch_token);
      v1::WhoAmIResponse me;
      ASSERT_TRUE(tcp_stub_->WhoAmI(&who_context, {}, &me).ok());
      EXPECT_EQ(me.party(), "scratch");
    }
  }
  // A party the operator removed is locked out.
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + scratch_token);
  v1::WhoAmIResponse me;
  EXPECT_EQ(CodeName(tcp_stub_->WhoAmI(&context, {}, &me).error_code()),
            CodeName(StatusCode::UNAUTHENTICATED));
}

}  // namespace
}  // namespace blindmap
