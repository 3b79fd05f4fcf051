// Normalizes the input as a company name with the ASCII fast path and with
// every name through ICU, and checks that both give the same keys, that
// NormalizeKeys() agrees with Normalize(), and that keys look as documented:
// valid UTF-8 words joined by single spaces, variants distinct and non-empty.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "common/keys/company_name.h"
#include "common/keys/company_name_internal.h"
#include "common/text/utf8.h"
#include "fuzz/fuzz_check.h"

namespace {

using blindmap::CompanyNameKeys;
using blindmap::CompanyNameNormalizer;
namespace internal = blindmap::company_name_internal;

std::unique_ptr<CompanyNameNormalizer> MakeNormalizer(internal::FoldPath path) {
  auto normalizer = internal::CreateNormalizer(path);
  FUZZ_CHECK(normalizer.ok());
  return *std::move(normalizer);
}

// Words of one or more bytes joined by single ASCII spaces.
bool IsWellFormedKey(absl::string_view key) {
  if (!blindmap::IsValidUtf8(key)) return false;
  if (key.empty()) return true;
  if (key.front() == ' ' || key.back() == ' ') return false;
  return key.find("  ") == absl::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const CompanyNameNormalizer* const fast =
      MakeNormalizer(internal::FoldPath::kAuto).release();
  static const CompanyNameNormalizer* const icu =
      MakeNormalizer(internal::FoldPath::kAlwaysIcu).release();
  const absl::string_view name(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<std::string> key = fast->Normalize(name);
  absl::StatusOr<CompanyNameKeys> keys = fast->NormalizeKeys(name);
  absl::StatusOr<CompanyNameKeys> icu_keys = icu->NormalizeKeys(name);
  FUZZ_CHECK(key.ok() == keys.ok());
  FUZZ_CHECK(keys.ok() == icu_keys.ok());
  if (!key.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(key.status()));
    FUZZ_CHECK(!blindmap::IsValidUtf8(name));
    return 0;
  }
  FUZZ_CHECK(*key == keys->key);
  FUZZ_CHECK(keys->key == icu_keys->key);
  FUZZ_CHECK(keys->variants == icu_keys->variants);
  FUZZ_CHECK(IsWellFormedKey(keys->key));
  for (size_t i = 0; i < keys->variants.size(); ++i) {
    const std::string& variant = keys->variants[i];
    FUZZ_CHECK(!variant.empty());
    FUZZ_CHECK(variant != keys->key);
    FUZZ_CHECK(IsWellFormedKey(variant));
    for (size_t j = 0; j < i; ++j) FUZZ_CHECK(variant != keys->variants[j]);
  }
  return 0;
}
