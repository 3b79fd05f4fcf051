// A progress line on standard error for long work.
#ifndef BLINDMAP_CLIENT_CONSOLE_PROGRESS_LINE_H_
#define BLINDMAP_CLIENT_CONSOLE_PROGRESS_LINE_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "absl/time/time.h"

namespace blindmap {

// Shows "<label>: 450,000 / 1,000,000 (45%), 3.1 s" once the work has taken
// longer than `delay`: rewritten in place on a terminal (at most 5 times a
// second), one line per 10% otherwise. Silent for short work. Not
// thread-safe.
class ProgressLine {
 public:
  ProgressLine(std::string label, uint64_t total, std::FILE* out = stderr,
               absl::Duration delay = absl::Seconds(2));
  ~ProgressLine();  // calls Finish()

  void Update(uint64_t done);
  // Ends the line if anything was shown.
  void Finish();

 private:
  void Print(uint64_t done, bool final_line);

  const std::string label_;
  const uint64_t total_;
  std::FILE* const out_;
  const absl::Duration delay_;
  const bool terminal_;
  const absl::Time started_;
  absl::Time last_print_ = absl::InfinitePast();
  uint64_t last_done_ = 0;
  int last_decile_ = -1;
  bool shown_ = false;
  bool finished_ = false;
};

// 1234567 -> "1,234,567".
std::string WithThousands(uint64_t value);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CONSOLE_PROGRESS_LINE_H_
