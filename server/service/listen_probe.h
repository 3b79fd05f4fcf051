// Refusing to start a second broker on an address another process serves.
#ifndef BLINDMAP_SERVER_SERVICE_LISTEN_PROBE_H_
#define BLINDMAP_SERVER_SERVICE_LISTEN_PROBE_H_

#include <string>

#include "absl/status/status.h"

namespace blindmap {

// Binds (without SO_REUSEPORT, then closes) every address `listen`
// ("host:port", "[v6]:port") resolves to, so that a broker whose address
// is taken fails before it opens anything, instead of sharing the port with
// the other process (gRPC sets SO_REUSEPORT by default: the kernel would
// split the connections between the two). Port 0 needs no probe.
//
// FAILED_PRECONDITION naming the address when it is in use ("another
// blindmapd?"), INVALID_ARGUMENT when it does not resolve, UNAVAILABLE
// for other bind failures (not an address of this host, no permission).
// Thread-safe; no state.
absl::Status ProbeListenAddress(const std::string& listen);

// FAILED_PRECONDITION when a process accepts connections on the Unix socket
// `path` (another broker's admin socket, which starting would replace);
// OK when nothing listens there.
absl::Status ProbeAdminSocket(const std::string& path);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_SERVICE_LISTEN_PROBE_H_
