#include "common/keys/company_name.h"

#include <algorithm>
#include <cstddef>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/base/status_macros.h"
#include "common/keys/company_name_internal.h"
#include "common/keys/countries.h"
#include "common/keys/legal_form_matcher.h"
#include "common/keys/legal_forms.h"
#include "common/keys/name_qualifiers.h"
#include "common/keys/name_variants.h"
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
    if (absl::Status status = Guarded(raw, key, nullptr, nullptr);
        !status.ok()) {
      return status;
    }
    return key;
  }

  absl::StatusOr<CompanyNameKeys> NormalizeKeys(
      absl::string_view raw) const override {
    CompanyNameKeys keys;
    bool qualified = false;
    if (absl::Status status = Guarded(raw, keys.key, &keys, &qualified);
        !status.ok()) {
      return status;
    }
    if (!keys.key.empty()) {
      // The key and its qualifier-free form, not the "co" one.
      const size_t first = keys.variants.size();
      AddNameVariants(keys.key, qualifiers_, keys.variants, keys.weak_variants,
                      keys.country);
      if (qualified) {
        const std::string core = keys.variants[0];
        AddNameVariants(core, qualifiers_, keys.variants, keys.weak_variants,
                        keys.country);
      }
      // A form that lost a trailing country may end in a legal form now
      // ("bupa plc great britain" -> "bupa plc" -> "bupa").
      if (keys.variants.size() > first || !keys.weak_variants.empty()) {
        RETURN_IF_ERROR(Renormalize(keys.key, keys.variants, first));
        RETURN_IF_ERROR(Renormalize(keys.key, keys.weak_variants, 0));
        keys.weak_variants.erase(
            std::remove_if(keys.weak_variants.begin(), keys.weak_variants.end(),
                           [&keys](const std::string& form) {
                             return std::find(keys.variants.begin(),
                                              keys.variants.end(),
                                              form) != keys.variants.end();
                           }),
            keys.weak_variants.end());
      }
    }
    return keys;
  }

 private:
  absl::Status Guarded(absl::string_view raw, std::string& key,
                       CompanyNameKeys* keys, bool* has_qualifier) const {
    try {
      return KeysOrThrow(raw, key, keys, has_qualifier);
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
  // Sets `*has_qualifier` (if not null) when keys->variants[0] is the key
  // without a country qualifier.
  absl::Status KeysOrThrow(absl::string_view raw, std::string& key,
                           CompanyNameKeys* keys, bool* has_qualifier) const {
    std::vector<std::string>* variants =
        keys != nullptr ? &keys->variants : nullptr;
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
      const char* country = FindCountryAlpha2(qualified.qualifier);
      if (!key.empty() && !qualifier.empty()) {
        // A region ("Acme (Europe)") gives a weak variant only.
        if (keys != nullptr && !IsRegionName(qualified.qualifier)) {
          keys->variants.push_back(key);
          if (has_qualifier != nullptr) *has_qualifier = true;
        } else if (keys != nullptr) {
          keys->weak_variants.push_back(key);
        }
        key += ' ';
      }
      key += qualifier;
      if (keys != nullptr) keys->country = country;
    } else if (ascii) {
      key.assign(stripped.data(), stripped.size());
    } else {
      append(stripped, key);
    }
    if (variants != nullptr && !key.empty() && FollowedByCo(words, stripped)) {
      variants->push_back(key + " co");
    }
    if (words.text.capacity() > kMaxScratchBytes ||
        words.spans.capacity() > kMaxScratchBytes / sizeof(words.spans[0]) ||
        words.marks.capacity() > kMaxScratchBytes / sizeof(words.marks[0])) {
      words = NameWords();  // do not hold on to one huge name per thread
    }
    return absl::OkStatus();
  }

  // Normalizes each of `forms` from index `from` on again (legal forms a
  // removed ending left at the end), dropping any that becomes empty, equal
  // to `key` or to an earlier form.
  absl::Status Renormalize(const std::string& key,
                           std::vector<std::string>& forms, size_t from) const {
    std::vector<std::string> out(forms.begin(), forms.begin() + from);
    for (size_t i = from; i < forms.size(); ++i) {
      std::string again;
      RETURN_IF_ERROR(KeysOrThrow(forms[i], again, nullptr, nullptr));
      if (again.empty() || again == key ||
          std::find(out.begin(), out.end(), again) != out.end()) {
        continue;
      }
      out.push_back(std::move(again));
    }
    forms = std::move(out);
    return absl::OkStatus();
  }

  // True if the word right after `stripped` (a view into words.text) is
  // "co", written apart from the name and removed as a legal form ("Pepsi
  // Co", "Pepsi Co., Inc.").
  static bool FollowedByCo(const NameWords& words, absl::string_view stripped) {
    if (stripped.empty()) return false;
    const auto end = static_cast<uint32_t>(stripped.data() + stripped.size() -
                                           words.text.data());
    for (const auto& [begin, finish] : words.spans) {
      if (begin <= end) continue;
      return absl::string_view(words.text).substr(begin, finish - begin) ==
             "co";
    }
    return false;
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
