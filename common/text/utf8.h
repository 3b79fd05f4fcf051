// UTF-8 checks shared by the CSV reader and the match-key normalizers.
#ifndef BLINDMAP_COMMON_TEXT_UTF8_H_
#define BLINDMAP_COMMON_TEXT_UTF8_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace blindmap {

// True if every byte of `text` is below 0x80.
bool IsAscii(absl::string_view text);

// Offset of the first byte that does not start (or continue) a well-formed
// UTF-8 sequence as defined by RFC 3629 / Unicode 3.9 (no overlong forms, no
// surrogates, nothing above U+10FFFF), or absl::string_view::npos if `text` is
// valid UTF-8. A truncated sequence at the end is invalid at its first byte.
size_t FindInvalidUtf8(absl::string_view text);

inline bool IsValidUtf8(absl::string_view text) {
  return FindInvalidUtf8(text) == absl::string_view::npos;
}

// `text` if it fits in `max_bytes`; otherwise its longest prefix ending at
// a character boundary that fits together with a closing "…" (U+2026,
// 3 bytes), followed by it. `max_bytes` must be at least 3.
std::string TruncateUtf8(absl::string_view text, size_t max_bytes);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_TEXT_UTF8_H_
