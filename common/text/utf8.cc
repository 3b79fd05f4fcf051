#include "common/text/utf8.h"

#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace blindmap {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Length of the leading run of ASCII bytes, eight at a time.
size_t AsciiPrefixLength(absl::string_view text) {
  const char* data = text.data();
  const size_t size = text.size();
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, sizeof(word));
    if ((word & kHighBits) != 0) break;
  }
  while (i < size && static_cast<unsigned char>(data[i]) < 0x80) ++i;
  return i;
}

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

bool IsAscii(absl::string_view text) {
  return AsciiPrefixLength(text) == text.size();
}

size_t FindInvalidUtf8(absl::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    if (bytes[i] < 0x80) {
      i += AsciiPrefixLength(text.substr(i));
      continue;
    }
    const unsigned char lead = bytes[i];
    size_t length;
    // Bounds of the second byte (Unicode Table 3-7), which rule out overlong
    // forms, surrogates and code points above U+10FFFF.
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) second_min = 0xA0;
      if (lead == 0xED) second_max = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) second_min = 0x90;
      if (lead == 0xF4) second_max = 0x8F;
    } else {
      return i;
    }
    if (size - i < length) return i;
    if (bytes[i + 1] < second_min || bytes[i + 1] > second_max) return i;
    for (size_t k = 2; k < length; ++k) {
      if (!IsContinuation(bytes[i + k])) return i;
    }
    i += length;
  }
  return absl::string_view::npos;
}

std::string TruncateUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  constexpr absl::string_view kEllipsis = "\xE2\x80\xA6";
  size_t end = max_bytes - kEllipsis.size();
  // Back off continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return absl::StrCat(text.substr(0, end), kEllipsis);
}

}  // namespace blindmap
