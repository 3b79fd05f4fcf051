// Removal of legal forms ("Inc", "GmbH & Co. KG", "株式会社", "ООО") and a
// leading "the" from a company name split into words. Internal to common/;
// CompanyNameNormalizer is the public interface.
#ifndef BLINDMAP_COMMON_LEGAL_FORM_MATCHER_H_
#define BLINDMAP_COMMON_LEGAL_FORM_MATCHER_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/legal_forms.h"
#include "common/name_folding.h"

namespace blindmap {

// Immutable after Create(); Strip() is const and thread-safe.
class LegalFormMatcher {
 public:
  // Turns a spelling from the table into words, with the same folding and
  // splitting that names get.
  using Splitter =
      std::function<absl::StatusOr<NameWords>(absl::string_view spelling)>;

  // InternalError if a spelling normalizes to nothing, or a kAffix spelling
  // contains ASCII characters or spaces.
  static absl::StatusOr<LegalFormMatcher> Create(
      absl::Span<const LegalForm> forms, const Splitter& split);

  // The name key of `words`:
  //  1. a leading "the" is dropped when other words follow;
  //  2. if what is left is exactly one legal form, the key is empty;
  //  3. otherwise legal forms are removed from the end (and prefix forms from
  //     the start), longest first and repeatedly, as long as at least one
  //     word is left; an "and" left dangling at the end by a removal goes
  //     too ("smith & co., ltd." -> "smith").
  // Word forms match whole words only; kAffix forms match the start or end
  // of the first or last word.
  std::string Strip(const NameWords& words) const;

 private:
  LegalFormMatcher() = default;

  struct Forms {
    absl::flat_hash_set<std::string> words;  // space-joined word sequences
    size_t max_words = 0;
    std::vector<std::string> affixes;  // longest first
  };

  Forms suffixes_;
  Forms prefixes_;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_LEGAL_FORM_MATCHER_H_
