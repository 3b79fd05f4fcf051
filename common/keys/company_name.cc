#include "common/keys/company_name.h"

#include <cstddef>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/base/status_macros.h"
#include "common/keys/company_name_internal.h"
#include "common/keys/legal_form_matcher.h"
#include "common/keys/legal_forms.h"
#include "common/keys/name_qualifiers.h"
#include "common/text/name_folding.h"
#include "common/text/transliteration.h"
#include "common/text/utf8.h"

namespace blindmap {
namespace {

using company_name_internal::FoldPath;

class CompanyNameNormalizerImpl final : public CompanyNameNormalizer {
 public:
  CompanyNameNormalizerImpl(UnicodeFolder folder, LegalFormMatcher matcher,
                            NameQualifiers qualifiers, FoldPath path)
      : folder_(std::move(folder)),
        matcher_(std::move(matcher)),
        qualifiers_(std::move(qualifiers)),
        path_(path) {}

  absl::StatusOr<std::string> Normalize(absl::string_view raw) const override {
    std::string key;
    if (absl::Status status = Guarded(raw, key, nullptr); !status.ok()) {
      return status;
    }
    return key;
  }

  absl::StatusOr<CompanyNameKeys> NormalizeKeys(
      absl::string_view raw) const override {
    CompanyNameKeys keys;
    if (absl::Status status = Guarded(raw, keys.key, &keys.variants);
        !status.ok()) {
      return status;
    }
    return keys;
  }

 private:
  absl::Status Guarded(absl::string_view raw, std::string& key,
                       std::vector<std::string>* variants) const {
    try {
      return KeysOrThrow(raw, key, variants);
    } catch (const std::exception&) {
      // std::bad_alloc from a huge cell, or anything ICU lets through.
      return absl::ResourceExhaustedError(
          "company name normalization ran out of memory");
    }
  }

  // Sets `key`, and appends the key without its qualifier to `variants`
  // unless that is null. The qualifier's words stay in the key, after the
  // core ("Acme Holdings, Inc. (USA)" -> "acme holdings usa"), so that the
  // name with and without brackets ("Siemens Deutschland GmbH") gets one
  // key; `broad` matching also uses the core alone ("acme holdings").
  // Cyrillic and Greek are transliterated only now, after legal forms were
  // matched in their own script.
  absl::Status KeysOrThrow(absl::string_view raw, std::string& key,
                           std::vector<std::string>* variants) const {
    NameWords& words = ScratchWords();
    const bool ascii = path_ == FoldPath::kAuto && IsAscii(raw);
    if (ascii) {
      FoldAndSplitAscii(raw, words);
    } else {
      ASSIGN_OR_RETURN(const std::string folded, Fold(folder_, raw, path_));
      SplitWordsInto(folded, words);
    }
    const auto append = [ascii](absl::string_view text, std::string& out) {
      if (!ascii && HasCyrillicOrGreek(text)) {
        AppendTransliterated(text, out);
      } else {
        out.append(text.data(), text.size());
      }
    };
    const absl::string_view stripped = matcher_.Strip(words);
    QualifiedName qualified;
    if (!words.marks.empty() &&
        qualifiers_.Find(words, stripped, matcher_, qualified)) {
      append(qualified.core, key);
      std::string qualifier;
      append(qualified.qualifier, qualifier);
      if (!key.empty() && !qualifier.empty()) {
        if (variants != nullptr) variants->push_back(key);
        key += ' ';
      }
      key += qualifier;
    } else if (ascii) {
      key.assign(stripped.data(), stripped.size());
    } else {
      append(stripped, key);
    }
    if (words.text.capacity() > kMaxScratchBytes ||
        words.spans.capacity() > kMaxScratchBytes / sizeof(words.spans[0]) ||
        words.marks.capacity() > kMaxScratchBytes / sizeof(words.marks[0])) {
      words = NameWords();  // do not hold on to one huge name per thread
    }
    return absl::OkStatus();
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
  NameQualifiers qualifiers_;
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
    ASSIGN_OR_RETURN(NameQualifiers qualifiers, NameQualifiers::Create(split));
    return std::unique_ptr<CompanyNameNormalizer>(new CompanyNameNormalizerImpl(
        std::move(folder), std::move(matcher), std::move(qualifiers), path));
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

}  // namespace blindmap
