#include "common/base/log.h"

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace blindmap {
namespace {

absl::Mutex log_mutex;
std::FILE* log_sink ABSL_GUARDED_BY(log_mutex) = nullptr;
LogLevel min_level ABSL_GUARDED_BY(log_mutex) = LogLevel::kInfo;

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "INFO";
}

}  // namespace

void SetLogSink(std::FILE* sink) {
  absl::MutexLock lock(&log_mutex);
  log_sink = sink;
}

void SetLogLevel(LogLevel level) {
  absl::MutexLock lock(&log_mutex);
  min_level = level;
}

void Log(LogLevel level, absl::string_view message) {
  const std::string stamp = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ",
                                             absl::Now(), absl::UTCTimeZone());
  absl::MutexLock lock(&log_mutex);
  if (level < min_level) return;
  std::FILE* out = log_sink != nullptr ? log_sink : stderr;
  absl::FPrintF(out, "%s %s %s\n", stamp, LevelName(level), message);
  std::fflush(out);
}

}  // namespace blindmap
