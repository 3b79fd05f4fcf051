// host:port addresses.
#ifndef BLINDMAP_COMMON_BASE_NET_ADDRESS_H_
#define BLINDMAP_COMMON_BASE_NET_ADDRESS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace blindmap {

// Splits "host:port" or "[v6]:port" (port all digits); false if malformed.
bool SplitHostPort(absl::string_view address, std::string& host);

// The port of a "host:port" address as SplitHostPort() accepts it: 0 to
// 65535, or -1 when the address is malformed or the port out of range.
int PortOf(absl::string_view address);

// True for 127.0.0.0/8, [::1] and "localhost" addresses (host:port): the
// only places where blindmap allows plaintext.
bool IsLoopbackAddress(absl::string_view address);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_BASE_NET_ADDRESS_H_
