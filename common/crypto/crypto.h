// The cryptographic primitives blindmap uses, behind a small API. This is the
// only place that includes OpenSSL headers; handles live in unique_ptrs.
#ifndef BLINDMAP_COMMON_CRYPTO_CRYPTO_H_
#define BLINDMAP_COMMON_CRYPTO_CRYPTO_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace blindmap {

inline constexpr size_t kSha256Bytes = 32;
inline constexpr size_t kTokenBytes = 16;

// SHA-256 of `data` (32 raw bytes).
std::string Sha256(absl::string_view data);

// HMAC-SHA256 (RFC 2104 / FIPS 198-1) of `data` under `key` (32 raw bytes).
// InternalError only if OpenSSL fails.
absl::StatusOr<std::string> HmacSha256(absl::string_view key,
                                       absl::string_view data);

// HKDF-SHA256 (RFC 5869), extract and expand. `length` <= 255 * 32.
// InvalidArgumentError for a bad length, InternalError if OpenSSL fails.
absl::StatusOr<std::string> HkdfSha256(absl::string_view ikm,
                                       absl::string_view salt,
                                       absl::string_view info, size_t length);

// `n` bytes from OpenSSL's CSPRNG. InternalError if it is not seeded.
absl::StatusOr<std::string> RandomBytes(size_t n);

// Compares without a timing side channel on the contents.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

inline constexpr size_t kAeadKeyBytes = 32;
inline constexpr size_t kAeadNonceBytes = 12;
inline constexpr size_t kAeadTagBytes = 16;

// AES-256-GCM with a fresh random 96-bit nonce: returns nonce || ciphertext
// || tag. `aad` is authenticated, not encrypted. INVALID_ARGUMENT for a key
// that is not 32 bytes, INTERNAL if OpenSSL fails.
absl::StatusOr<std::string> SealAes256Gcm(absl::string_view key,
                                          absl::string_view aad,
                                          absl::string_view plaintext);

// Opens what SealAes256Gcm() made. DATA_LOSS when the input is too short or
// does not authenticate (tampered, another key, or another `aad`);
// INVALID_ARGUMENT for a key that is not 32 bytes.
absl::StatusOr<std::string> OpenAes256Gcm(absl::string_view key,
                                          absl::string_view aad,
                                          absl::string_view sealed);

// HMAC-SHA256 under one fixed key, with the key's inner and outer pad states
// computed once, output truncated to kTokenBytes. About four times faster
// than HmacSha256() for short inputs; used to make tokens.
//
// Not thread-safe (it keeps scratch state); give each thread its own, e.g.
// with Clone().
class TruncatedHmac {
 public:
  using Output = std::array<uint8_t, kTokenBytes>;

  // InvalidArgumentError for an empty key, InternalError if OpenSSL fails.
  static absl::StatusOr<std::unique_ptr<TruncatedHmac>> Create(
      absl::string_view key);
  ~TruncatedHmac();
  TruncatedHmac(const TruncatedHmac&) = delete;
  TruncatedHmac& operator=(const TruncatedHmac&) = delete;

  // First kTokenBytes of HMAC-SHA256(key, prefix || data).
  Output Compute(uint8_t prefix, absl::string_view data);

  absl::StatusOr<std::unique_ptr<TruncatedHmac>> Clone() const;

 private:
  struct State;
  explicit TruncatedHmac(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_CRYPTO_CRYPTO_H_
