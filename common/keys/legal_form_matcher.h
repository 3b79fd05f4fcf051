// Removal of legal forms ("Inc", "GmbH & Co. KG", "株式会社", "ООО") and a
// leading "the" from a company name split into words. Internal to common/;
// CompanyNameNormalizer is the public interface.
#ifndef BLINDMAP_COMMON_KEYS_LEGAL_FORM_MATCHER_H_
#define BLINDMAP_COMMON_KEYS_LEGAL_FORM_MATCHER_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/keys/legal_forms.h"
#include "common/text/name_folding.h"

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

  // The name key of `words`, as a view into `words.text`:
  //  1. a leading "the" is dropped when other words follow, and so is a
  //     trailing one set off by a bracket or comma, as registries write it
  //     ("Boots Company PLC (The)", "Boots Company PLC, The");
  //  2. if what is left is exactly one legal form, the key is empty;
  //  3. otherwise legal forms are removed from the end (and prefix forms from
  //     the start), longest first and repeatedly, as long as at least one
  //     word is left; an "and" left dangling at the end by a removal goes
  //     too ("smith & co., ltd." -> "smith").
  // Word forms match whole words only; kAffix forms match the start or end
  // of the first or last word. Allocates nothing.
  absl::string_view Strip(const NameWords& words) const;

  // Strip() applied to words [begin, end) of `words` only, as if they were
  // the whole name (begin <= end <= words.spans.size()), except that a
  // trailing "the" is not looked for.
  absl::string_view StripRange(const NameWords& words, size_t begin,
                               size_t end) const;

 private:
  // True if `word` is exactly one kAffix form.
  bool IsAffix(absl::string_view word) const;

  LegalFormMatcher() = default;

  // A legal form made of whole words: its words joined by single spaces.
  struct WordForm {
    std::string text;
    size_t word_count = 0;
  };
  // Word forms sharing the word they end with (suffixes) or start with
  // (prefixes), most words first.
  using WordForms = std::vector<WordForm>;

  struct Forms {
    // Keyed by the last word for suffixes, the first word for prefixes, so
    // each end of a name costs one hash lookup whatever the form lengths.
    absl::flat_hash_map<std::string, WordForms> by_edge_word;
    std::vector<std::string> affixes;  // longest first; no ASCII bytes

    // Forms ending (or starting) with `edge_word`, or null.
    const WordForms* Find(absl::string_view edge_word) const {
      const auto it = by_edge_word.find(edge_word);
      return it == by_edge_word.end() ? nullptr : &it->second;
    }
  };

  Forms suffixes_;
  Forms prefixes_;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_LEGAL_FORM_MATCHER_H_
