#include "tests/support/http_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace blindmap {
namespace {

constexpr int kReadTimeoutMs = 5000;

// Reads what `fd` has within the timeout; false on error, close or timeout.
bool ReadSome(int fd, std::string& into) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, kReadTimeoutMs) <= 0) return false;
  char buffer[16384];
  const ssize_t got = read(fd, buffer, sizeof(buffer));
  if (got <= 0) return false;
  into.append(buffer, static_cast<size_t>(got));
  return true;
}

}  // namespace

HttpSink::HttpSink(int status, Mode mode) : status_(status), mode_(mode) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (listen_fd_ < 0 ||
      bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      listen(listen_fd_, 16) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) !=
          0 ||
      pipe(wake_) != 0) {
    return;
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

HttpSink::~HttpSink() {
  if (thread_.joinable()) {
    const char stop = 'x';
    if (write(wake_[1], &stop, 1) != 1) std::abort();
    thread_.join();
  }
  for (int fd : held_) close(fd);
  for (int fd : {listen_fd_, wake_[0], wake_[1]}) {
    if (fd >= 0) close(fd);
  }
}

std::string HttpSink::Url(const std::string& path) const {
  return absl::StrCat("http://127.0.0.1:", port_, path);
}

std::vector<HttpSink::Request> HttpSink::requests() const {
  absl::MutexLock lock(&mu_);
  return requests_;
}

size_t HttpSink::WaitForRequests(size_t n, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  const auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return requests_.size() >= n;
  };
  mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
  return requests_.size();
}

void HttpSink::Serve() {
  size_t accepted = 0;
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) continue;
    if ((fds[1].revents & POLLIN) != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    if (++accepted > kMaxRequests) {
      close(fd);
      continue;
    }
    Handle(fd);
  }
}

void HttpSink::Handle(int fd) {
  std::string data;
  size_t header_end = std::string::npos;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    if (data.size() > kMaxRequestBytes || !ReadSome(fd, data)) {
      close(fd);
      return;
    }
  }
  Request request;
  size_t content_length = 0;
  const std::vector<std::string> lines =
      absl::StrSplit(data.substr(0, header_end), "\r\n");
  const std::vector<std::string> first = absl::StrSplit(lines[0], ' ');
  if (first.size() >= 2) {
    request.method = first[0];
    request.path = first[1];
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == std::string::npos) continue;
    const std::string name = absl::AsciiStrToLower(lines[i].substr(0, colon));
    const std::string value(
        absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
    if (name == "content-length") {
      if (!absl::SimpleAtoi(value, &content_length)) content_length = 0;
    } else if (name == "content-type") {
      request.content_type = value;
    }
  }
  if (content_length > kMaxRequestBytes) {
    close(fd);
    return;
  }
  std::string body = data.substr(header_end + 4);
  while (body.size() < content_length) {
    if (!ReadSome(fd, body)) {
      close(fd);
      return;
    }
  }
  request.body = body.substr(0, content_length);
  {
    absl::MutexLock lock(&mu_);
    requests_.push_back(std::move(request));
  }
  if (mode_ == Mode::kHang) {
    held_.push_back(fd);  // never answered; closed on destruction
    return;
  }
  const std::string answer =
      absl::StrCat("HTTP/1.1 ", status_,
                   " Status\r\nContent-Type: text/plain"
                   "\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  if (write(fd, answer.data(), answer.size()) < 0) {
    // The client went away; nothing to do.
  }
  close(fd);
}

}  // namespace blindmap
