// Test hooks for CompanyNameNormalizer. Not for production code.
#ifndef BLINDMAP_COMMON_KEYS_COMPANY_NAME_INTERNAL_H_
#define BLINDMAP_COMMON_KEYS_COMPANY_NAME_INTERNAL_H_

#include <memory>

#include "absl/status/statusor.h"
#include "common/keys/company_name.h"

namespace blindmap {
namespace company_name_internal {

enum class FoldPath {
  kAuto,       // ASCII names skip ICU (what Create() returns)
  kAlwaysIcu,  // every name goes through ICU, to check the ASCII fast path
};

absl::StatusOr<std::unique_ptr<CompanyNameNormalizer>> CreateNormalizer(
    FoldPath path);

}  // namespace company_name_internal
}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_COMPANY_NAME_INTERNAL_H_
