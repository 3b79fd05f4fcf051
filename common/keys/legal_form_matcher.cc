#include "common/keys/legal_form_matcher.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"

namespace blindmap {
namespace {

// A window on NameWords: words [begin, end), where the first word may have
// lost a prefix (first_begin) and the last a suffix (last_end).
class WordWindow {
 public:
  // Words [begin, end) of `words`.
  WordWindow(const NameWords& words, size_t begin, size_t end)
      : words_(words), begin_(begin), end_(end) {
    if (end_ > begin_) {
      first_begin_ = words.spans[begin_].first;
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
  size_t begin_;
  size_t end_;
  uint32_t first_begin_ = 0;
  uint32_t last_end_ = 0;
};

// Word count of the first (longest) form in `forms` that equals
// `words_at(form.word_count)` and has at most `max_words` words, or 0.
// `forms` may be null.
template <typename WordForms, typename WordsAt>
size_t LongestMatch(const WordForms* forms, size_t max_words,
                    const WordsAt& words_at) {
  if (forms == nullptr) return 0;
  for (const auto& form : *forms) {
    if (form.word_count <= max_words &&
        words_at(form.word_count) == form.text) {
      return form.word_count;
    }
  }
  return 0;
}

template <typename WordForms>
bool ContainsForm(const WordForms* forms, absl::string_view text) {
  if (forms == nullptr) return false;
  for (const auto& form : *forms) {
    if (form.text == text) return true;
  }
  return false;
}

// Affixes have no ASCII bytes, so text that starts or ends with one cannot
// start or end with an affix.
bool StartsNonAscii(absl::string_view text) {
  return !text.empty() && static_cast<unsigned char>(text.front()) >= 0x80;
}
bool EndsNonAscii(absl::string_view text) {
  return !text.empty() && static_cast<unsigned char>(text.back()) >= 0x80;
}

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
    for (const auto& [target, edge] :
         {std::make_pair(suffix ? &matcher.suffixes_ : nullptr,
                         words->spans.back()),
          std::make_pair(prefix ? &matcher.prefixes_ : nullptr,
                         words->spans.front())}) {
      if (target == nullptr) continue;
      if (is_affix) {
        target->affixes.push_back(words->text);
        continue;
      }
      const std::string edge_word =
          words->text.substr(edge.first, edge.second - edge.first);
      WordForms& same_edge = target->by_edge_word[edge_word];
      if (!ContainsForm(&same_edge, words->text)) {
        same_edge.push_back(WordForm{words->text, words->spans.size()});
      }
    }
  }
  for (Forms* target : {&matcher.suffixes_, &matcher.prefixes_}) {
    for (auto& [edge_word, same_edge] : target->by_edge_word) {
      std::stable_sort(same_edge.begin(), same_edge.end(),
                       [](const WordForm& a, const WordForm& b) {
                         return a.word_count > b.word_count;
                       });
    }
    std::vector<std::string>& affixes = target->affixes;
    std::sort(affixes.begin(), affixes.end(),
              [](const std::string& a, const std::string& b) {
                return a.size() != b.size() ? a.size() > b.size() : a < b;
              });
    affixes.erase(std::unique(affixes.begin(), affixes.end()), affixes.end());
  }
  return matcher;
}

absl::string_view LegalFormMatcher::Strip(const NameWords& words) const {
  size_t end = words.spans.size();
  // "Boots Company PLC (The)": the registry's way of writing a leading "the".
  if (end >= 2 && !words.marks.empty() &&
      words.spans[end - 1].second - words.spans[end - 1].first == 3 &&
      absl::string_view(words.text).substr(words.spans[end - 1].first, 3) ==
          "the") {
    for (const WordBreakMark& mark : words.marks) {
      if (mark.before_word == end - 1 &&
          mark.kind != WordBreakKind::kCloseParen) {
        --end;
        break;
      }
    }
  }
  return StripRange(words, 0, end);
}

bool LegalFormMatcher::IsAffix(absl::string_view word) const {
  if (!EndsNonAscii(word)) return false;
  for (const Forms* forms : {&suffixes_, &prefixes_}) {
    for (const std::string& affix : forms->affixes) {
      if (word == affix) return true;
    }
  }
  return false;
}

absl::string_view LegalFormMatcher::StripRange(const NameWords& words,
                                               size_t begin, size_t end) const {
  WordWindow window(words, begin, end);
  if (window.size() == 0) return absl::string_view();
  if (window.size() >= 2 && window.First(1) == "the") window.DropFirst(1);

  // Word forms that may match at either end, looked up again only when that
  // end changes. With one word left, both ends are that word.
  const WordForms* at_end = suffixes_.Find(window.Last(1));
  const WordForms* at_start = prefixes_.Find(window.First(1));
  const auto end_changed = [&] {
    at_end = suffixes_.Find(window.Last(1));
    if (window.size() == 1) at_start = prefixes_.Find(window.First(1));
  };
  const auto start_changed = [&] {
    at_start = prefixes_.Find(window.First(1));
    if (window.size() == 1) at_end = suffixes_.Find(window.Last(1));
  };
  const auto last = [&window](size_t count) { return window.Last(count); };
  const auto first = [&window](size_t count) { return window.First(count); };

  // Only a legal form: nothing distinctive.
  const absl::string_view all = window.All();
  if (ContainsForm(at_end, all) || ContainsForm(at_start, all) ||
      (StartsNonAscii(all) && IsAffix(all))) {
    return absl::string_view();
  }

  bool changed = true;
  while (changed) {
    changed = false;
    // Suffixes made of whole words, longest first, leaving at least a word.
    if (const size_t k = LongestMatch(at_end, window.size() - 1, last)) {
      window.DropLast(k);
      if (window.size() >= 2 && window.Last(1) == "and") window.DropLast(1);
      end_changed();
      changed = true;
      continue;
    }
    // Suffixes glued to the last word.
    if (EndsNonAscii(window.Last(1))) {
      for (const std::string& affix : suffixes_.affixes) {
        const absl::string_view last_word = window.Last(1);
        if (!absl::EndsWith(last_word, affix)) continue;
        if (last_word.size() > affix.size()) {
          window.TrimLast(affix.size());
        } else if (window.size() >= 2) {
          window.DropLast(1);
        } else {
          continue;
        }
        end_changed();
        changed = true;
        break;
      }
      if (changed) continue;
    }
    if (const size_t k = LongestMatch(at_start, window.size() - 1, first)) {
      window.DropFirst(k);
      start_changed();
      changed = true;
      continue;
    }
    if (StartsNonAscii(window.First(1))) {
      for (const std::string& affix : prefixes_.affixes) {
        const absl::string_view first_word = window.First(1);
        if (!absl::StartsWith(first_word, affix)) continue;
        if (first_word.size() > affix.size()) {
          window.TrimFirst(affix.size());
        } else if (window.size() >= 2) {
          window.DropFirst(1);
        } else {
          continue;
        }
        start_changed();
        changed = true;
        break;
      }
    }
  }
  return window.All();
}

}  // namespace blindmap
