// A minimal process-wide logger (Debian's Abseil 20220623 has no absl/log).
// Lines look like "2026-11-22T16:19:00.123Z INFO upload committed ...".
//
// Never pass account names, domains, ids, details, secrets or tokens to it:
// log party names, partnership ids, counts, codes and durations only.
#ifndef BLINDMAP_COMMON_BASE_LOG_H_
#define BLINDMAP_COMMON_BASE_LOG_H_

#include <cstdio>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace blindmap {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Where lines go (default stderr) and the least severe level written
// (default kInfo). The logger does not own `sink`. Thread-safe.
void SetLogSink(std::FILE* sink);
void SetLogLevel(LogLevel level);

// Writes one line; thread-safe.
void Log(LogLevel level, absl::string_view message);

template <typename... Args>
void LogInfo(const absl::FormatSpec<Args...>& format, const Args&... args) {
  Log(LogLevel::kInfo, absl::StrFormat(format, args...));
}
template <typename... Args>
void LogWarning(const absl::FormatSpec<Args...>& format, const Args&... args) {
  Log(LogLevel::kWarning, absl::StrFormat(format, args...));
}
template <typename... Args>
void LogError(const absl::FormatSpec<Args...>& format, const Args&... args) {
  Log(LogLevel::kError, absl::StrFormat(format, args...));
}

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_BASE_LOG_H_
