// Normalizes the input as a website with the ASCII fast path and with every
// host through ICU's UTS #46, and checks that both give the same verdict and
// domain, and that a domain key is lowercase ASCII labels joined by dots.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/strings/string_view.h"
#include "common/keys/web_domain.h"
#include "common/keys/web_domain_internal.h"
#include "fuzz/fuzz_check.h"

namespace {

using blindmap::DomainNormalizer;
using blindmap::DomainVerdict;
using blindmap::NormalizedDomain;
namespace internal = blindmap::web_domain_internal;

std::unique_ptr<DomainNormalizer> MakeNormalizer(internal::IdnaPath path) {
  auto normalizer = internal::CreateNormalizer(path);
  FUZZ_CHECK(normalizer.ok());
  return *std::move(normalizer);
}

// At least two labels of 1-63 of [a-z0-9-], 253 characters at most.
bool IsDomainKey(absl::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  size_t label = 0;
  int labels = 1;
  for (char c : domain) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      ++labels;
      continue;
    }
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!allowed || ++label > 63) return false;
  }
  return label > 0 && labels >= 2;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const DomainNormalizer* const fast =
      MakeNormalizer(internal::IdnaPath::kAuto).release();
  static const DomainNormalizer* const icu =
      MakeNormalizer(internal::IdnaPath::kAlwaysIcu).release();
  const absl::string_view website(reinterpret_cast<const char*>(data), size);

  const NormalizedDomain result = fast->Normalize(website);
  const NormalizedDomain icu_result = icu->Normalize(website);
  FUZZ_CHECK(result.verdict == icu_result.verdict);
  FUZZ_CHECK(result.domain == icu_result.domain);
  FUZZ_CHECK(blindmap::DomainVerdictName(result.verdict) != nullptr);
  if (result.verdict == DomainVerdict::kOk) {
    FUZZ_CHECK(IsDomainKey(result.domain));
  } else {
    FUZZ_CHECK(result.domain.empty());
  }
  return 0;
}
