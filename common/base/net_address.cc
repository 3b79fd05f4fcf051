#include "common/base/net_address.h"

#include <arpa/inet.h>

#include "absl/strings/match.h"

namespace blindmap {

bool SplitHostPort(absl::string_view address, std::string& host) {
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos || colon + 1 == address.size()) {
    return false;
  }
  for (char c : address.substr(colon + 1)) {
    if (c < '0' || c > '9') return false;
  }
  absl::string_view h = address.substr(0, colon);
  if (absl::StartsWith(h, "[") && absl::EndsWith(h, "]")) {
    h = h.substr(1, h.size() - 2);
  } else if (absl::StrContains(h, ':')) {
    return false;  // an IPv6 literal needs brackets
  }
  host = std::string(h);
  return !host.empty();
}

int PortOf(absl::string_view address) {
  std::string host;
  if (!SplitHostPort(address, host)) return -1;
  const absl::string_view digits = address.substr(address.rfind(':') + 1);
  if (digits.size() > 5) return -1;
  int port = 0;
  for (char c : digits) port = port * 10 + (c - '0');
  return port <= 65535 ? port : -1;
}

bool IsLoopbackAddress(absl::string_view address) {
  std::string host;
  if (!SplitHostPort(address, host)) return false;
  if (host == "localhost") return true;
  in_addr v4;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 &&
         IN6_IS_ADDR_LOOPBACK(&v6);
}

}  // namespace blindmap
