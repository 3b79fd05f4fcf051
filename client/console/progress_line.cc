#include "client/console/progress_line.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace blindmap {

std::string WithThousands(uint64_t value) {
  std::string digits = absl::StrCat(value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

ProgressLine::ProgressLine(std::string label, uint64_t total, std::FILE* out,
                           absl::Duration delay)
    : label_(std::move(label)),
      total_(total),
      out_(out),
      delay_(delay),
      terminal_(isatty(fileno(out)) == 1),
      started_(absl::Now()) {}

ProgressLine::~ProgressLine() { Finish(); }

void ProgressLine::Update(uint64_t done) {
  last_done_ = done;
  const absl::Time now = absl::Now();
  if (now - started_ < delay_) return;
  if (terminal_) {
    if (now - last_print_ < absl::Milliseconds(200)) return;
  } else {
    const int decile = total_ == 0 ? 10 : static_cast<int>(done * 10 / total_);
    if (decile == last_decile_) return;
    last_decile_ = decile;
  }
  last_print_ = now;
  Print(done, false);
}

void ProgressLine::Finish() {
  if (finished_) return;
  finished_ = true;
  if (shown_) Print(last_done_, true);
}

void ProgressLine::Print(uint64_t done, bool final_line) {
  shown_ = true;
  const double seconds = absl::ToDoubleSeconds(absl::Now() - started_);
  std::string text;
  if (total_ > 0) {
    text = absl::StrFormat("%s: %s / %s (%d%%), %.1f s", label_,
                           WithThousands(done), WithThousands(total_),
                           static_cast<int>(done * 100 / total_), seconds);
  } else {
    text =
        absl::StrFormat("%s: %s, %.1f s", label_, WithThousands(done), seconds);
  }
  if (terminal_) {
    absl::FPrintF(out_, "\r%s\x1b[K%s", text, final_line ? "\n" : "");
  } else {
    absl::FPrintF(out_, "%s\n", text);
  }
  std::fflush(out_);
}

}  // namespace blindmap
