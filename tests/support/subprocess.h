// Running the real binaries from tests: one-shot commands and daemons.
#ifndef BLINDMAP_TESTS_SUPPORT_SUBPROCESS_H_
#define BLINDMAP_TESTS_SUPPORT_SUBPROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace blindmap {

struct ProcessResult {
  int exit_code = -1;  // -1 if killed by a signal or timed out
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] a path), feeding `input` on standard input, and
// collects standard output and error. Kills it after `timeout`.
ProcessResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& input = "",
                         absl::Duration timeout = absl::Seconds(60));

// A long-running child with standard output and error redirected to
// `log_path`. Killed with SIGKILL on destruction if still running.
class Daemon {
 public:
  Daemon(const std::vector<std::string>& argv, const std::string& log_path);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  // Sends `signal` and waits up to `timeout` for the exit; returns the exit
  // code (or 128 + signal number), -1 on timeout (then SIGKILLs it).
  int Stop(int signal, absl::Duration timeout = absl::Seconds(15));

 private:
  pid_t pid_ = -1;
};

// Polls `path` until it holds a non-empty first line, for up to `timeout`.
// Returns that line, or "" on timeout.
std::string WaitForFileLine(const std::string& path, absl::Duration timeout);

std::string ReadFileOrEmpty(const std::string& path);
void WriteFile(const std::string& path, const std::string& contents);

}  // namespace blindmap

#endif  // BLINDMAP_TESTS_SUPPORT_SUBPROCESS_H_
