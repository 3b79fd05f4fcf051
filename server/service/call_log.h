// One line and one set of metrics per finished RPC, with its request id.
#ifndef BLINDMAP_SERVER_SERVICE_CALL_LOG_H_
#define BLINDMAP_SERVER_SERVICE_CALL_LOG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace grpc {
class ServerContextBase;
}  // namespace grpc

namespace blindmap {

class BrokerMetrics;

// The metadata key of a call's request id, sent by the client and echoed
// in the trailing metadata, so that an operator finds the client's failed
// call in the log by the id the client printed.
inline constexpr char kRequestIdKey[] = "x-request-id";

// The request id of a call: the client's if it is 1 to 64 characters of
// [A-Za-z0-9._-], else a fresh random one (16 hex digits). Never anything
// else a client sent.
std::string RequestIdOf(const grpc::ServerContextBase& context);

// What is logged of one finished RPC: never request contents.
struct CallRecord {
  absl::string_view method;  // "GetReport", ...
  absl::string_view party;   // "" before authentication
  absl::string_view request_id;
  absl::Status status;
  absl::Time started;
  absl::string_view partnership;  // uploads: the header's, else ""
  int64_t records = -1;           // uploads: records received
};

// Logs `call` as one line (LogEvent "rpc" with method, party, code, ms,
// request_id and, for uploads, partnership and records; JSON under
// `log_format: json`) and, when `metrics` is not null, counts it (and an
// upload's outcome and probe refusal). Thread-safe.
void RecordCall(const CallRecord& call, BrokerMetrics* metrics);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_SERVICE_CALL_LOG_H_
