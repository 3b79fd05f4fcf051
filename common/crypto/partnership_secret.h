// The 256-bit secret two partners share out of band.
#ifndef BLINDMAP_COMMON_CRYPTO_PARTNERSHIP_SECRET_H_
#define BLINDMAP_COMMON_CRYPTO_PARTNERSHIP_SECRET_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace blindmap {

// 32 random bytes, everything secret in a partnership is derived from (see
// KeySchedule). Its text form is made to be read aloud or pasted into a
// password manager: "bm1-" and 14 groups of 4 Crockford base32 characters,
// the last 20 bits a checksum, e.g. "bm1-7GQ4-...-K3ZD". Parsing ignores case,
// spaces and dashes, reads O as 0 and I/L as 1, and reports a typo through
// the checksum. Messages never contain the secret or any part of it.
//
// A value type; copying copies the secret. Thread-compatible.
class PartnershipSecret {
 public:
  static constexpr size_t kBytes = 32;

  // A fresh secret from the CSPRNG. InternalError if it is not seeded.
  static absl::StatusOr<PartnershipSecret> Generate();
  // InvalidArgumentError naming what is wrong (prefix, length, character
  // position, checksum).
  static absl::StatusOr<PartnershipSecret> FromText(absl::string_view text);
  // Reads a file written by WriteFile(). NotFoundError if missing,
  // FailedPreconditionError if group or others can read it,
  // InvalidArgumentError if its contents do not parse.
  static absl::StatusOr<PartnershipSecret> ReadFile(const std::string& path);

  // Creates `path` with mode 0600 holding ToText(). AlreadyExistsError if the
  // file exists (a secret is never overwritten), FailedPreconditionError on
  // I/O errors.
  absl::Status WriteFile(const std::string& path) const;

  std::string ToText() const;
  const std::string& bytes() const { return bytes_; }

 private:
  explicit PartnershipSecret(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string bytes_;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_CRYPTO_PARTNERSHIP_SECRET_H_
