#include "common/match/count_noise.h"

#include <cmath>
#include <cstring>

#include "common/crypto/crypto.h"

namespace blindmap {
namespace {

// A uniform double in (0, 1) from 8 bytes.
double Uniform(const unsigned char* bytes) {
  uint64_t bits;
  std::memcpy(&bits, bytes, sizeof(bits));
  return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
}

// Failures before the first success, success probability 1 - a.
int64_t Geometric(double u, double a) {
  return static_cast<int64_t>(std::floor(std::log(u) / std::log(a)));
}

}  // namespace

int64_t TwoSidedGeometricNoise(double epsilon, absl::string_view key,
                               absl::string_view label) {
  const double a = std::exp(-epsilon);
  absl::StatusOr<std::string> mac = HmacSha256(key, label);
  if (!mac.ok()) return 0;  // OpenSSL failure; noise is best effort
  const auto* bytes = reinterpret_cast<const unsigned char*>(mac->data());
  // The difference of two independent geometric draws is two-sided
  // geometric with the same parameter.
  return Geometric(Uniform(bytes), a) - Geometric(Uniform(bytes + 8), a);
}

uint64_t NoisyCount(uint64_t count, double epsilon, absl::string_view key,
                    absl::string_view label) {
  if (!(epsilon > 0)) return count;
  const int64_t noisy =
      static_cast<int64_t>(count) + TwoSidedGeometricNoise(epsilon, key, label);
  return noisy < 0 ? 0 : static_cast<uint64_t>(noisy);
}

}  // namespace blindmap
