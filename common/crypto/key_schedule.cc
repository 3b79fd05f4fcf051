#include "common/crypto/key_schedule.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/crypto/crypto.h"

namespace blindmap {
namespace {
constexpr absl::string_view kSalt = "blindmap/v1";
}  // namespace

absl::StatusOr<std::string> KeySchedule::KeyCheck() const {
  return HkdfSha256(secret_.bytes(), kSalt, "blindmap v1 key-check",
                    kKeyCheckBytes);
}

absl::StatusOr<std::string> KeySchedule::TokenKey(
    absl::string_view period) const {
  if (period.empty()) {
    return absl::InvalidArgumentError("sync period must not be empty");
  }
  return HkdfSha256(secret_.bytes(), kSalt,
                    absl::StrCat("blindmap v1 token-key ", period),
                    kTokenKeyBytes);
}

absl::StatusOr<std::string> KeySchedule::DetailKey() const {
  return HkdfSha256(secret_.bytes(), kSalt, "blindmap v1 detail-key",
                    kAeadKeyBytes);
}

absl::StatusOr<std::string> KeySchedule::IcpKey() const {
  return HkdfSha256(secret_.bytes(), kSalt, "blindmap v1 icp-key",
                    kAeadKeyBytes);
}

std::string DetailAad(absl::string_view partnership_id,
                      absl::string_view period, absl::string_view record_id) {
  const absl::string_view nul("\0", 1);
  return absl::StrCat("blindmap v1 detail", nul, partnership_id, nul, period,
                      nul, record_id);
}

std::string IcpAad(absl::string_view partnership_id, absl::string_view author) {
  const absl::string_view nul("\0", 1);
  return absl::StrCat("blindmap v1 icp", nul, partnership_id, nul, author);
}

}  // namespace blindmap
