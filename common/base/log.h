// A minimal process-wide logger (Debian's Abseil 20220623 has no absl/log).
// Lines look like "2026-11-22T16:19:00.123Z INFO upload committed ...".
//
// Never pass account names, domains, ids, details, secrets or tokens to it:
// log party names, partnership ids, counts, codes and durations only.
#ifndef BLINDMAP_COMMON_BASE_LOG_H_
#define BLINDMAP_COMMON_BASE_LOG_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/types/variant.h"

namespace blindmap {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Where lines go (default stderr) and the least severe level written
// (default kInfo). The logger does not own `sink`. Thread-safe.
void SetLogSink(std::FILE* sink);
void SetLogLevel(LogLevel level);

// How lines are written: text (above), or one JSON object per line, for a
// log shipper: {"ts":"2026-11-22T16:19:00.123Z","level":"info","msg":"..."}
// plus the fields of LogEvent(). Default kText.
enum class LogFormat { kText = 0, kJson = 1 };
void SetLogFormat(LogFormat format);

// Writes one line; thread-safe.
void Log(LogLevel level, absl::string_view message);

// One field of a structured line: a string or a whole number.
using LogValue = absl::variant<std::string, int64_t>;
using LogFields = std::vector<std::pair<std::string, LogValue>>;

// One line about one event with its fields: "message key=value ..." as
// text, or the fields as members of the JSON object. Thread-safe. The same
// rule as for Log(): no account data, token or secret in any field.
void LogEvent(LogLevel level, absl::string_view message,
              const LogFields& fields);

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
