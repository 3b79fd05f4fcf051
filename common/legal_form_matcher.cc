#include "common/legal_form_matcher.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/utf8.h"

namespace blindmap {
namespace {

// A window on NameWords: words [begin, end), where the first word may have
// lost a prefix (first_begin) and the last a suffix (last_end).
class WordWindow {
 public:
  explicit WordWindow(const NameWords& words)
      : words_(words), end_(words.spans.size()) {
    if (end_ > 0) {
      first_begin_ = words.spans[0].first;
      last_end_ = words.spans[end_ - 1].second;
    }
  }

  size_t size() const { return end_ - begin_; }

  // Text of words [begin_ + from_front, end_ - from_back).
  absl::string_view Range(size_t from_front, size_t from_back) const {
    const size_t first = begin_ + from_front;
    const size_t last = end_ - from_back - 1;
    const uint32_t start =
        first == begin_ ? first_begin_ : words_.spans[first].first;
    const uint32_t stop =
        last == end_ - 1 ? last_end_ : words_.spans[last].second;
    return absl::string_view(words_.text).substr(start, stop - start);
  }
  absl::string_view All() const { return Range(0, 0); }
  absl::string_view Last(size_t count) const {
    return Range(size() - count, 0);
  }
  absl::string_view First(size_t count) const {
    return Range(0, size() - count);
  }

  // Dropped words take their trimming with them; a trimmed word that stays
  // keeps it.
  void DropLast(size_t count) {
    end_ -= count;
    last_end_ = words_.spans[end_ - 1].second;
  }
  void DropFirst(size_t count) {
    begin_ += count;
    first_begin_ = words_.spans[begin_].first;
  }
  void TrimLast(size_t bytes) { last_end_ -= static_cast<uint32_t>(bytes); }
  void TrimFirst(size_t bytes) { first_begin_ += static_cast<uint32_t>(bytes); }

 private:
  const NameWords& words_;
  size_t begin_ = 0;
  size_t end_;
  uint32_t first_begin_ = 0;
  uint32_t last_end_ = 0;
};

}  // namespace

absl::StatusOr<LegalFormMatcher> LegalFormMatcher::Create(
    absl::Span<const LegalForm> forms, const Splitter& split) {
  LegalFormMatcher matcher;
  for (const LegalForm& form : forms) {
    absl::StatusOr<NameWords> words = split(form.spelling);
    if (!words.ok()) return words.status();
    if (words->spans.empty()) {
      return absl::InternalError(
          absl::StrCat("legal form table: a spelling for ", form.countries,
                       " normalizes to nothing"));
    }
    const bool is_affix = form.match == LegalFormMatch::kAffix;
    if (is_affix &&
        (words->spans.size() != 1 ||
         FindInvalidUtf8(words->text) != absl::string_view::npos ||
         std::any_of(words->text.begin(), words->text.end(), [](char c) {
           return static_cast<unsigned char>(c) < 0x80;
         }))) {
      return absl::InternalError(
          absl::StrCat("legal form table: an affix form for ", form.countries,
                       " must be one word without ASCII characters"));
    }
    const bool suffix = form.position != LegalFormPosition::kPrefix;
    const bool prefix = form.position != LegalFormPosition::kSuffix;
    for (Forms* target : {suffix ? &matcher.suffixes_ : nullptr,
                          prefix ? &matcher.prefixes_ : nullptr}) {
      if (target == nullptr) continue;
      if (is_affix) {
        target->affixes.push_back(words->text);
      } else {
        target->words.insert(words->text);
        target->max_words = std::max(target->max_words, words->spans.size());
      }
    }
  }
  for (Forms* target : {&matcher.suffixes_, &matcher.prefixes_}) {
    std::vector<std::string>& affixes = target->affixes;
    std::sort(affixes.begin(), affixes.end(),
              [](const std::string& a, const std::string& b) {
                return a.size() != b.size() ? a.size() > b.size() : a < b;
              });
    affixes.erase(std::unique(affixes.begin(), affixes.end()), affixes.end());
  }
  return matcher;
}

std::string LegalFormMatcher::Strip(const NameWords& words) const {
  WordWindow window(words);
  if (window.size() == 0) return "";
  if (window.size() >= 2 && window.First(1) == "the") window.DropFirst(1);

  // Only a legal form: nothing distinctive.
  const absl::string_view all = window.All();
  if (suffixes_.words.contains(all) || prefixes_.words.contains(all)) return "";
  for (const Forms* forms : {&suffixes_, &prefixes_}) {
    for (const std::string& affix : forms->affixes) {
      if (all == affix) return "";
    }
  }

  bool changed = true;
  while (changed) {
    changed = false;
    // Suffixes made of whole words, longest first, leaving at least a word.
    for (size_t k = std::min(suffixes_.max_words, window.size() - 1); k >= 1;
         --k) {
      if (suffixes_.words.contains(window.Last(k))) {
        window.DropLast(k);
        if (window.size() >= 2 && window.Last(1) == "and") window.DropLast(1);
        changed = true;
        break;
      }
    }
    if (changed) continue;
    // Suffixes glued to the last word.
    for (const std::string& affix : suffixes_.affixes) {
      const absl::string_view last = window.Last(1);
      if (!absl::EndsWith(last, affix)) continue;
      if (last.size() > affix.size()) {
        window.TrimLast(affix.size());
      } else if (window.size() >= 2) {
        window.DropLast(1);
      } else {
        continue;
      }
      changed = true;
      break;
    }
    if (changed) continue;
    for (size_t k = std::min(prefixes_.max_words, window.size() - 1); k >= 1;
         --k) {
      if (prefixes_.words.contains(window.First(k))) {
        window.DropFirst(k);
        changed = true;
        break;
      }
    }
    if (changed) continue;
    for (const std::string& affix : prefixes_.affixes) {
      const absl::string_view first = window.First(1);
      if (!absl::StartsWith(first, affix)) continue;
      if (first.size() > affix.size()) {
        window.TrimFirst(affix.size());
      } else if (window.size() >= 2) {
        window.DropFirst(1);
      } else {
        continue;
      }
      changed = true;
      break;
    }
  }
  return std::string(window.All());
}

}  // namespace blindmap
