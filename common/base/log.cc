#include "common/base/log.h"

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace blindmap {
namespace {

absl::Mutex log_mutex;
std::FILE* log_sink ABSL_GUARDED_BY(log_mutex) = nullptr;
LogLevel min_level ABSL_GUARDED_BY(log_mutex) = LogLevel::kInfo;
LogFormat log_format ABSL_GUARDED_BY(log_mutex) = LogFormat::kText;

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

// `text` as a JSON string, quotes included; invalid UTF-8 bytes become
// U+FFFD so that every line stays valid JSON.
std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7F) {
      out += absl::StrFormat("\\u%04x", c);
      continue;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    // A well-formed UTF-8 sequence is copied whole.
    const size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    bool valid = length > 0 && c <= 0xF4 && i + length <= text.size();
    for (size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (!valid) {
      out += "\xEF\xBF\xBD";
      continue;
    }
    out.append(text.data() + i, length);
    i += length - 1;
  }
  out += "\"";
  return out;
}

const char* JsonLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void Write(LogLevel level, absl::string_view message, const LogFields& fields) {
  const std::string stamp = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ",
                                             absl::Now(), absl::UTCTimeZone());
  absl::MutexLock lock(&log_mutex);
  if (level < min_level) return;
  std::string line;
  if (log_format == LogFormat::kJson) {
    line =
        absl::StrCat("{\"ts\":\"", stamp, "\",\"level\":\"",
                     JsonLevelName(level), "\",\"msg\":", JsonString(message));
    for (const auto& [key, value] : fields) {
      absl::StrAppend(&line, ",", JsonString(key), ":");
      if (const auto* number = absl::get_if<int64_t>(&value)) {
        absl::StrAppend(&line, *number);
      } else {
        absl::StrAppend(&line, JsonString(absl::get<std::string>(value)));
      }
    }
    line += "}";
  } else {
    line = absl::StrCat(stamp, " ", LevelName(level), " ", message);
    for (const auto& [key, value] : fields) {
      absl::StrAppend(&line, " ", key, "=");
      if (const auto* number = absl::get_if<int64_t>(&value)) {
        absl::StrAppend(&line, *number);
      } else {
        const std::string& text = absl::get<std::string>(value);
        absl::StrAppend(&line, text.empty() ? "-" : text);
      }
    }
  }
  std::FILE* out = log_sink != nullptr ? log_sink : stderr;
  absl::FPrintF(out, "%s\n", line);
  std::fflush(out);
}

}  // namespace

void SetLogSink(std::FILE* sink) {
  absl::MutexLock lock(&log_mutex);
  log_sink = sink;
}

void SetLogFormat(LogFormat format) {
  absl::MutexLock lock(&log_mutex);
  log_format = format;
}

void LogEvent(LogLevel level, absl::string_view message,
              const LogFields& fields) {
  Write(level, message, fields);
}

void SetLogLevel(LogLevel level) {
  absl::MutexLock lock(&log_mutex);
  min_level = level;
}

void Log(LogLevel level, absl::string_view message) {
  Write(level, message, {});
}

}  // namespace blindmap
