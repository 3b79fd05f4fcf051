// A minimal HTTP endpoint for Prometheus to scrape.
#ifndef BLINDMAP_SERVER_METRICS_METRICS_HTTP_SERVER_H_
#define BLINDMAP_SERVER_METRICS_METRICS_HTTP_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace blindmap {

// Serves `GET /metrics` (HTTP/1.0 and 1.1, one request per connection) with
// the text `render()` returns, as text/plain; version=0.0.4; anything else
// gets 404 or 405. One thread answers one connection at a time; a client
// that sends nothing for 2 s is dropped. It serves metrics only: no
// request reaches the broker.
//
// Owns its socket and thread; the destructor stops both. Start() is
// thread-safe, `render` is called from the server's thread.
class MetricsHttpServer {
 public:
  // Listens on `address` ("host:port", "[v6]:port"; port 0 picks one).
  // INVALID_ARGUMENT for an address that does not parse or resolve,
  // UNAVAILABLE when it cannot be bound (in use: another process).
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(
      const std::string& address, std::function<std::string()> render);
  ~MetricsHttpServer();
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  int port() const { return port_; }

 private:
  MetricsHttpServer(int listen_fd, int wake_read, int wake_write, int port,
                    std::function<std::string()> render);
  void Serve();
  void Answer(int connection);

  const int listen_fd_;
  const int wake_read_;  // becomes readable when the server stops
  const int wake_write_;
  const int port_;
  const std::function<std::string()> render_;
  std::thread thread_;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_METRICS_METRICS_HTTP_SERVER_H_
