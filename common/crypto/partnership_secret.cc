#include "common/crypto/partnership_secret.h"

#include <cctype>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"
#include "common/crypto/crypto.h"

namespace blindmap {
namespace {

constexpr absl::string_view kPrefix = "bm1";
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford
constexpr size_t kChecksumBytes = 3;  // 20 of its 24 bits fill the last chars
constexpr size_t kPayloadBytes = PartnershipSecret::kBytes + kChecksumBytes;
constexpr size_t kTextChars = kPayloadBytes * 8 / 5;  // 56
constexpr size_t kGroupChars = 4;

std::string Checksum(absl::string_view secret) {
  return Sha256(absl::StrCat("blindmap secret checksum", secret))
      .substr(0, kChecksumBytes);
}

// Crockford decoding: case-insensitive, O->0, I/L->1, U invalid.
int DecodeChar(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  for (int i = 0; i < 32; ++i) {
    if (kAlphabet[i] == c) return i;
  }
  return -1;
}

}  // namespace

absl::StatusOr<PartnershipSecret> PartnershipSecret::Generate() {
  ASSIGN_OR_RETURN(std::string bytes, RandomBytes(kBytes));
  return PartnershipSecret(std::move(bytes));
}

std::string PartnershipSecret::ToText() const {
  const std::string payload = bytes_ + Checksum(bytes_);
  std::string chars;
  chars.reserve(kTextChars);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : payload) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && chars.size() < kTextChars) {
      chars.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  std::string text(kPrefix);
  for (size_t i = 0; i < chars.size(); i += kGroupChars) {
    absl::StrAppend(&text, "-", chars.substr(i, kGroupChars));
  }
  return text;
}

absl::StatusOr<PartnershipSecret> PartnershipSecret::FromText(
    absl::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    compact.push_back(c);
  }
  std::string prefix = compact.substr(0, kPrefix.size());
  for (char& c : prefix) c = static_cast<char>(std::tolower(c));
  if (prefix.size() == 3 && (prefix[2] == 'l' || prefix[2] == 'i')) {
    prefix[2] = '1';  // the Crockford reading of the version digit
  }
  if (prefix != kPrefix) {
    return absl::InvalidArgumentError(
        "partnership secret must start with \"bm1-\"");
  }
  const absl::string_view body = absl::string_view(compact).substr(3);
  if (body.size() != kTextChars) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "partnership secret has %d characters after \"bm1-\" (dashes and "
        "spaces not counted), expected %d",
        body.size(), kTextChars));
  }
  std::string payload;
  payload.reserve(kPayloadBytes);
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    const int value = DecodeChar(body[i]);
    if (value < 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "partnership secret has an invalid character at position %d of "
          "%d (after \"bm1-\")",
          i + 1, kTextChars));
    }
    buffer = (buffer << 5) | static_cast<uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      payload.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  std::string bytes = payload.substr(0, kBytes);
  if (!ConstantTimeEquals(payload.substr(kBytes), Checksum(bytes))) {
    return absl::InvalidArgumentError(
        "partnership secret checksum does not match: it was mistyped or "
        "truncated");
  }
  return PartnershipSecret(std::move(bytes));
}

absl::StatusOr<PartnershipSecret> PartnershipSecret::ReadFile(
    const std::string& path) {
  ASSIGN_OR_RETURN(std::string text,
                   ReadPrivateFile(path, "partnership secret"));
  auto secret = FromText(text);
  if (!secret.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", secret.status().message()));
  }
  return secret;
}

absl::Status PartnershipSecret::WriteFile(const std::string& path) const {
  return WritePrivateFile(path, ToText(), "partnership secret");
}

}  // namespace blindmap
