#include "common/company_name.h"

#include <cstddef>
#include <exception>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "common/company_name_internal.h"
#include "common/legal_form_matcher.h"
#include "common/legal_forms.h"
#include "common/name_folding.h"
#include "common/status_macros.h"
#include "common/utf8.h"

namespace blindmap {
namespace {

using company_name_internal::FoldPath;

class CompanyNameNormalizerImpl final : public CompanyNameNormalizer {
 public:
  CompanyNameNormalizerImpl(UnicodeFolder folder, LegalFormMatcher matcher,
                            FoldPath path)
      : folder_(std::move(folder)), matcher_(std::move(matcher)), path_(path) {}

  absl::StatusOr<std::string> Normalize(absl::string_view raw) const override {
    try {
      return NormalizeOrThrow(raw);
    } catch (const std::exception&) {
      // std::bad_alloc from a huge cell, or anything ICU lets through.
      return absl::ResourceExhaustedError(
          "company name normalization ran out of memory");
    }
  }

 private:
  absl::StatusOr<std::string> NormalizeOrThrow(absl::string_view raw) const {
    NameWords& words = ScratchWords();
    if (path_ == FoldPath::kAuto && IsAscii(raw)) {
      FoldAndSplitAscii(raw, words);
    } else {
      ASSIGN_OR_RETURN(const std::string folded, Fold(folder_, raw, path_));
      SplitWordsInto(folded, words);
    }
    std::string key(matcher_.Strip(words));
    if (words.text.capacity() > kMaxScratchBytes ||
        words.spans.capacity() > kMaxScratchBytes / sizeof(words.spans[0])) {
      words = NameWords();  // do not hold on to one huge name per thread
    }
    return key;
  }

  // Words of the name being normalized, reused by every Normalize() call on
  // this thread so that ASCII names allocate nothing but their key.
  static NameWords& ScratchWords() {
    thread_local NameWords words;
    return words;
  }
  static constexpr size_t kMaxScratchBytes = 64 << 10;

 public:
  // Shared with the legal form table, whose spellings are folded like names.
  static absl::StatusOr<std::string> Fold(const UnicodeFolder& folder,
                                          absl::string_view raw,
                                          FoldPath path) {
    if (path == FoldPath::kAuto && IsAscii(raw)) return FoldAscii(raw);
    if (!IsValidUtf8(raw)) {
      return absl::InvalidArgumentError("company name is not valid UTF-8");
    }
    return folder.Fold(raw);
  }

 private:
  UnicodeFolder folder_;
  LegalFormMatcher matcher_;
  FoldPath path_;
};

}  // namespace

namespace company_name_internal {

absl::StatusOr<std::unique_ptr<CompanyNameNormalizer>> CreateNormalizer(
    FoldPath path) {
  try {
    ASSIGN_OR_RETURN(UnicodeFolder folder, UnicodeFolder::Create());
    const auto split =
        [&folder,
         path](absl::string_view spelling) -> absl::StatusOr<NameWords> {
      ASSIGN_OR_RETURN(const std::string folded,
                       CompanyNameNormalizerImpl::Fold(folder, spelling, path));
      return SplitWords(folded);
    };
    ASSIGN_OR_RETURN(LegalFormMatcher matcher,
                     LegalFormMatcher::Create(LegalFormTable(), split));
    return std::unique_ptr<CompanyNameNormalizer>(new CompanyNameNormalizerImpl(
        std::move(folder), std::move(matcher), path));
  } catch (const std::exception&) {
    return absl::ResourceExhaustedError(
        "out of memory building the company name normalizer");
  }
}

}  // namespace company_name_internal

absl::StatusOr<std::unique_ptr<CompanyNameNormalizer>>
CompanyNameNormalizer::Create() {
  return company_name_internal::CreateNormalizer(FoldPath::kAuto);
}

absl::StatusOr<CompanyNameKeys> CompanyNameNormalizer::NormalizeKeys(
    absl::string_view raw) const {
  absl::StatusOr<std::string> key = Normalize(raw);
  if (!key.ok()) return key.status();
  return CompanyNameKeys{*std::move(key), {}};
}

}  // namespace blindmap
