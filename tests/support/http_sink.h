// A tiny HTTP server on 127.0.0.1 that records the requests it gets and
// answers each with a fixed status, or never answers ("hang"): the far end
// of a webhook in tests. Loopback only and bounded: at most kMaxRequests
// requests of at most kMaxRequestBytes each (more are closed unread); every
// connection is closed and the thread joined on destruction.
#ifndef BLINDMAP_TESTS_SUPPORT_HTTP_SINK_H_
#define BLINDMAP_TESTS_SUPPORT_HTTP_SINK_H_

#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace blindmap {

class HttpSink {
 public:
  static constexpr size_t kMaxRequests = 32;
  static constexpr size_t kMaxRequestBytes = 1 << 20;

  enum class Mode { kAnswer, kHang };

  struct Request {
    std::string method;
    std::string path;
    std::string content_type;
    std::string body;
  };

  // Listens at once; port() is 0 if it could not.
  explicit HttpSink(int status = 200, Mode mode = Mode::kAnswer);
  ~HttpSink();
  HttpSink(const HttpSink&) = delete;
  HttpSink& operator=(const HttpSink&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:<port><path>".
  std::string Url(const std::string& path) const;
  std::vector<Request> requests() const;
  // Waits until `n` requests have arrived or `timeout` passed; returns how
  // many have.
  size_t WaitForRequests(size_t n, absl::Duration timeout) const;

 private:
  void Serve();
  void Handle(int fd);

  const int status_;
  const Mode mode_;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  int port_ = 0;
  std::vector<int> held_;  // connections left unanswered (kHang)
  mutable absl::Mutex mu_;
  std::vector<Request> requests_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace blindmap

#endif  // BLINDMAP_TESTS_SUPPORT_HTTP_SINK_H_
