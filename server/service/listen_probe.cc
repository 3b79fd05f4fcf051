#include "server/service/listen_probe.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/base/net_address.h"

namespace blindmap {
namespace {

// Closes a file descriptor on scope exit.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() {
    if (fd_ >= 0) close(fd_);
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

absl::Status ProbeListenAddress(const std::string& listen) {
  std::string host;
  if (!SplitHostPort(listen, host)) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen: expected host:port, not ", listen));
  }
  const std::string port = listen.substr(listen.rfind(':') + 1);
  if (port.find_first_not_of('0') == std::string::npos) {
    return absl::OkStatus();  // port 0: the kernel picks a free one
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const int resolved = getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
  if (resolved != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "listen: cannot resolve ", host, ": ", gai_strerror(resolved)));
  }
  absl::Status result = absl::OkStatus();
  for (addrinfo* at = found; at != nullptr && result.ok(); at = at->ai_next) {
    ScopedFd fd(socket(at->ai_family, at->ai_socktype, at->ai_protocol));
    if (fd.get() < 0) continue;  // e.g. no IPv6 on this host
    // As gRPC does, so that connections of a stopped broker in TIME_WAIT do
    // not block a restart; SO_REUSEPORT is not set, so a live listener
    // (with or without it) makes bind() fail.
    const int on = 1;
    setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (at->ai_family == AF_INET6) {
      setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
    }
    if (bind(fd.get(), at->ai_addr, at->ai_addrlen) == 0) continue;
    const int error = errno;
    if (error == EADDRINUSE) {
      result = absl::FailedPreconditionError(absl::StrCat(
          "cannot listen on ", listen,
          ": the address is already in use (another blindmapd?). Refusing to "
          "start: two brokers on one port would split the clients' calls "
          "between two databases"));
    } else {
      result = absl::UnavailableError(absl::StrCat("cannot listen on ", listen,
                                                   ": ", std::strerror(error)));
    }
  }
  freeaddrinfo(found);
  return result;
}

absl::Status ProbeAdminSocket(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof(address.sun_path)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "admin_socket ", path, " is longer than a Unix socket path may be (",
        sizeof(address.sun_path) - 1, " bytes)"));
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  ScopedFd fd(socket(AF_UNIX, SOCK_STREAM, 0));
  if (fd.get() < 0) return absl::OkStatus();
  if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&address),
              sizeof(address)) == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "another process (another blindmapd?) serves the admin socket ", path,
        "; refusing to replace it"));
  }
  return absl::OkStatus();
}

}  // namespace blindmap
