#include "server/service/call_log.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "common/base/log.h"
#include "common/crypto/crypto.h"
#include "grpcpp/grpcpp.h"
#include "server/broker/probe_policy.h"
#include "server/metrics/broker_metrics.h"

namespace blindmap {
namespace {

constexpr size_t kMaxRequestIdBytes = 64;

bool IsRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdBytes) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' &&
        c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

UploadOutcome OutcomeOf(const absl::Status& status) {
  if (status.ok()) return UploadOutcome::kCommitted;
  if (status.GetPayload(kProbeRefusalPayload).has_value()) {
    return UploadOutcome::kRefusedByPolicy;
  }
  if (absl::IsResourceExhausted(status)) return UploadOutcome::kRefusedByLimit;
  return UploadOutcome::kFailed;
}

}  // namespace

std::string RequestIdOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find(kRequestIdKey);
  if (it != metadata.end()) {
    const absl::string_view id(it->second.data(), it->second.size());
    if (IsRequestId(id)) return std::string(id);
  }
  absl::StatusOr<std::string> random = RandomBytes(8);
  return random.ok() ? absl::BytesToHexString(*random) : "-";
}

void RecordCall(const CallRecord& call, BrokerMetrics* metrics) {
  const absl::Duration took = absl::Now() - call.started;
  LogFields fields = {
      {"method", std::string(call.method)},
      {"party", std::string(call.party.empty() ? "-" : call.party)},
      {"code", absl::StatusCodeToString(call.status.code())},
      {"ms", absl::ToInt64Milliseconds(took)},
      {"request_id", std::string(call.request_id)},
  };
  if (!call.partnership.empty()) {
    fields.emplace_back("partnership", std::string(call.partnership));
  }
  if (call.records >= 0) fields.emplace_back("records", call.records);
  LogEvent(LogLevel::kInfo, "rpc", fields);
  if (metrics == nullptr) return;
  metrics->RecordRpc(call.method, call.status.code(), took);
  if (call.records < 0) return;  // not an upload
  const UploadOutcome outcome = OutcomeOf(call.status);
  metrics->RecordUpload(outcome, static_cast<uint64_t>(call.records));
  if (outcome == UploadOutcome::kRefusedByPolicy) {
    const auto rule = call.status.GetPayload(kProbeRefusalPayload);
    metrics->RecordProbeRefusal(std::string(*rule));
  }
}

}  // namespace blindmap
