// Test hooks for DomainNormalizer. Not for production code.
#ifndef BLINDMAP_COMMON_KEYS_WEB_DOMAIN_INTERNAL_H_
#define BLINDMAP_COMMON_KEYS_WEB_DOMAIN_INTERNAL_H_

#include <memory>

#include "absl/status/statusor.h"
#include "common/keys/web_domain.h"

namespace blindmap {
namespace web_domain_internal {

enum class IdnaPath {
  kAuto,       // ASCII host names skip ICU (what Create() returns)
  kAlwaysIcu,  // every host goes through ICU's UTS #46, to check the fast path
};

absl::StatusOr<std::unique_ptr<DomainNormalizer>> CreateNormalizer(
    IdnaPath path);

}  // namespace web_domain_internal
}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_WEB_DOMAIN_INTERNAL_H_
