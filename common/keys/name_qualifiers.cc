#include "common/keys/name_qualifiers.h"

#include <algorithm>
#include <iterator>

#include "absl/status/status.h"
#include "absl/strings/str_split.h"
#include "common/keys/countries.h"

namespace blindmap {
namespace {

// ISO codes that are also common words: "(IT)" is more often a department
// than Italy, ", IN" a state. Folded.
constexpr absl::string_view kNeverQualifiers[] = {
    "ad",  "am",  "as",  "at",  "be",  "by",  "do",  "es",  "et",  "id",  "il",
    "in",  "is",  "it",  "la",  "ma",  "me",  "mo",  "my",  "no",  "pa",  "re",
    "si",  "so",  "st",  "to",  "tv",  "and", "are", "arm", "ben", "bra", "can",
    "cod", "com", "cub", "dom", "fin", "gab", "gin", "lie", "mac", "mar", "mus",
    "nor", "pan", "per", "pry", "sur", "ton", "tun", "vat",
};

// Country names that are also first names, surnames or common words, which
// after a comma are more likely part of a person's or product's name
// ("Smith, Chad"). They still qualify in brackets. Folded.
constexpr absl::string_view kOnlyInBrackets[] = {
    "america", "chad",   "china",   "england", "france",
    "georgia", "guinea", "holland", "india",   "israel",
    "jersey",  "jordan", "kenya",   "turkey",  "wales",
};

}  // namespace

absl::StatusOr<NameQualifiers> NameQualifiers::Create(const Splitter& split) {
  NameQualifiers qualifiers;
  const auto add = [&](absl::string_view spelling,
                       uint8_t where) -> absl::Status {
    absl::StatusOr<NameWords> words = split(spelling);
    if (!words.ok()) return words.status();
    if (words->spans.empty()) {
      return absl::InternalError(
          "country table: a qualifier normalizes to nothing");
    }
    const std::string& key = words->text;
    if (std::find(std::begin(kNeverQualifiers), std::end(kNeverQualifiers),
                  key) != std::end(kNeverQualifiers)) {
      return absl::OkStatus();
    }
    if (std::find(std::begin(kOnlyInBrackets), std::end(kOnlyInBrackets),
                  key) != std::end(kOnlyInBrackets)) {
      where &= kInBrackets;
    }
    qualifiers.qualifiers_[key] |= where;
    qualifiers.max_words_ =
        std::max(qualifiers.max_words_, words->spans.size());
    return absl::OkStatus();
  };
  const uint8_t anywhere = kInBrackets | kAfterSeparator;
  for (const Country& country : CountryTable()) {
    for (absl::string_view code : {country.alpha2, country.alpha3}) {
      if (absl::Status s = add(code, anywhere); !s.ok()) return s;
    }
    for (absl::string_view name : absl::StrSplit(country.names, '|')) {
      if (absl::Status s = add(name, anywhere); !s.ok()) return s;
    }
    for (absl::string_view adjective :
         absl::StrSplit(country.adjectives, '|', absl::SkipEmpty())) {
      if (absl::Status s = add(adjective, kInBrackets); !s.ok()) return s;
    }
  }
  for (absl::string_view regions : RegionNames()) {
    for (absl::string_view region : absl::StrSplit(regions, '|')) {
      if (absl::Status s = add(region, anywhere); !s.ok()) return s;
    }
  }
  return qualifiers;
}

bool NameQualifiers::Accept(const NameWords& words,
                            const LegalFormMatcher& matcher, size_t begin,
                            size_t end, Where where, QualifiedName& out) const {
  if (begin < 1 || begin >= end || end - begin > max_words_) return false;
  const uint32_t start = words.spans[begin].first;
  const absl::string_view qualifier =
      absl::string_view(words.text)
          .substr(start, words.spans[end - 1].second - start);
  const auto it = qualifiers_.find(qualifier);
  if (it == qualifiers_.end() || (it->second & where) == 0) return false;
  const absl::string_view core = matcher.StripRange(words, 0, begin);
  if (core.empty()) return false;
  out.core = core;
  out.qualifier = qualifier;
  return true;
}

bool NameQualifiers::Find(const NameWords& words, absl::string_view stripped,
                          const LegalFormMatcher& matcher,
                          QualifiedName& out) const {
  const auto& marks = words.marks;
  if (marks.empty() || stripped.empty()) return false;
  // Strip() removed the legal forms after a qualifier and none of it (it
  // is not one), so a qualifier ends where the stripped name ends: at the
  // end of word `end - 1`.
  const auto stripped_end = static_cast<uint32_t>(
      stripped.data() + stripped.size() - words.text.data());
  size_t end = words.spans.size();
  while (end > 0 && words.spans[end - 1].second > stripped_end) --end;
  if (end < 2 || words.spans[end - 1].second != stripped_end) return false;
  // A bracketed group closing there, with its opening bracket.
  for (size_t i = marks.size(); i-- > 0;) {
    if (marks[i].before_word < end) break;
    if (marks[i].before_word > end ||
        marks[i].kind != WordBreakKind::kCloseParen) {
      continue;
    }
    for (size_t j = i; j-- > 0;) {
      if (marks[j].kind != WordBreakKind::kOpenParen) continue;
      if (Accept(words, matcher, marks[j].before_word, end, kInBrackets, out)) {
        return true;
      }
      break;
    }
    break;
  }
  // Everything after the last separator before it.
  for (size_t i = marks.size(); i-- > 0;) {
    if (marks[i].kind != WordBreakKind::kSeparator ||
        marks[i].before_word >= end) {
      continue;
    }
    return Accept(words, matcher, marks[i].before_word, end, kAfterSeparator,
                  out);
  }
  return false;
}

bool NameQualifiers::FindBare(absl::string_view key, absl::string_view& core,
                              absl::string_view& qualifier) const {
  bool found = false;
  size_t end = key.size();
  for (size_t words = 1; words <= max_words_ && end > 0; ++words) {
    const size_t space = key.rfind(' ', end - 1);
    if (space == absl::string_view::npos || space == 0) break;
    const absl::string_view candidate = key.substr(space + 1);
    // Two letters without a separator are too often a word or a legal form
    // ("Pepsi Co", "Acme SA"); "UK" is the exception.
    const auto it = candidate.size() < 3 && candidate != "uk"
                        ? qualifiers_.end()
                        : qualifiers_.find(candidate);
    if (it != qualifiers_.end() && (it->second & kAfterSeparator) != 0) {
      core = key.substr(0, space);
      qualifier = candidate;
      found = true;
    }
    end = space;
  }
  return found;
}

}  // namespace blindmap
