// The two halves of company-name normalization before legal forms are
// removed: folding text to one case and one form (UnicodeFolder, or plain
// lowercasing for ASCII), and splitting folded text into words (SplitWords).
// Internal to common/; CompanyNameNormalizer is the public interface.
#ifndef BLINDMAP_COMMON_TEXT_NAME_FOLDING_H_
#define BLINDMAP_COMMON_TEXT_NAME_FOLDING_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "unicode/uversion.h"

U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace blindmap {

// Folds text so that spellings a reader would call the same compare equal:
//  1. a few symbols NFKC would glue onto a word are mapped first: "™" and
//     "℠" become a space, "´" an apostrophe;
//  2. Unicode NFKC with full case folding and removal of default-ignorable
//     code points (ICU's nfkc_cf): "ＡＣＭＥ" -> "acme", "ﬁ" -> "fi",
//     "ß" -> "ss", "İ" -> "i̇";
//  3. canonical decomposition, then removal of the combining marks that are
//     optional accents in their script: the Combining Diacritical Marks
//     blocks (Latin, Greek, Cyrillic accents: "é" -> "e", "ё" -> "е",
//     "ї" -> "і", "ά" -> "α"), Cyrillic titlo, Hebrew points, Arabic harakat
//     and the Arabic tatweel. Marks that distinguish letters elsewhere are
//     kept: Japanese voicing marks ("ガ" stays "ガ"), Indic and Thai vowel
//     signs, and the two marks that transliteration reads: the breve of
//     Cyrillic "й" and the diaeresis of Greek "ϊ" and "ϋ" (which keeps "αϋ"
//     from reading as the digraph "αυ");
//  4. Latin letters with a stroke or ligatures that have no decomposition
//     are spelled as ASCII: "ø" -> "o", "ł" -> "l", "đ" -> "d", "ı" -> "i",
//     "ħ" -> "h", "ŧ" -> "t", "æ" -> "ae", "œ" -> "oe", "þ" -> "th",
//     "ð" -> "d";
//  5. canonical composition (NFC), so Hangul and kana come out composed.
// For ASCII input the result is the input lowercased (FoldAscii), which is
// what the steps above yield for ASCII.
//
// Holds pointers to ICU's process-wide normalizer singletons; copyable;
// Fold() is const and thread-safe.
class UnicodeFolder {
 public:
  // InternalError if ICU's normalization data cannot be loaded.
  static absl::StatusOr<UnicodeFolder> Create();

  // `utf8` must be valid UTF-8 (callers check). InternalError if ICU fails.
  absl::StatusOr<std::string> Fold(absl::string_view utf8) const;

 private:
  UnicodeFolder() = default;

  const U_ICU_NAMESPACE::Normalizer2* nfkc_casefold_ = nullptr;
  const U_ICU_NAMESPACE::Normalizer2* nfd_ = nullptr;
  const U_ICU_NAMESPACE::Normalizer2* nfc_ = nullptr;
};

// ASCII lowercasing; equal to UnicodeFolder::Fold for ASCII input.
std::string FoldAscii(absl::string_view ascii);

// Punctuation that can set a country qualifier off from the rest of a name
// ("Siemens AG (Deutschland)", "Acme Ltd - UK", "Acme, UK").
enum class WordBreakKind : uint8_t {
  kOpenParen,   // "(", "[" or "{"
  kCloseParen,  // ")", "]" or "}"
  kSeparator,   // ",", ";", or a dash ("-", "–", "—") with spaces around it
};

struct WordBreakMark {
  // Index in NameWords::spans of the first word after the punctuation (the
  // number of words before it).
  uint32_t before_word;
  WordBreakKind kind;
};

// Folded text split into words, stored as the words joined by single spaces
// plus the [begin, end) byte offsets of each word in `text`, and where the
// punctuation listed in WordBreakKind fell between them, in text order.
struct NameWords {
  std::string text;
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  std::vector<WordBreakMark> marks;
};

// Splits folded text (valid UTF-8) into words:
//  - letters, marks and digits of any script form words;
//  - apostrophes (' ’ ‘ ‛ ʼ ʻ ′ `) are deleted, joining what is around them:
//    "mcdonald's" -> "mcdonalds";
//  - "&" and "+" become the word "and" when a word precedes them and one
//    follows (spaced or not): "at&t" -> "at and t", "a + b" -> "a and b";
//    otherwise they are dropped like other punctuation;
//  - single letters joined by "." or "/" (optionally followed by spaces)
//    are one word: "s.a." -> "sa", "j. p. morgan" -> "jp morgan",
//    "a/s" -> "as", while "s a" and "amazon.com" stay two words;
//  - every other character (spaces, punctuation, symbols, controls) ends a
//    word; brackets, commas, semicolons and spaced dashes are also recorded
//    in `marks`.
// ASCII input never reaches ICU.
NameWords SplitWords(absl::string_view folded);

// SplitWords into `words`, replacing their contents but keeping the capacity
// of `words.text` and `words.spans`, so a caller that splits many names can
// reuse one NameWords without allocating.
void SplitWordsInto(absl::string_view folded, NameWords& words);

// SplitWordsInto(FoldAscii(ascii), words) in one pass, without the folded
// copy. `ascii` must be ASCII (callers check with IsAscii).
void FoldAndSplitAscii(absl::string_view ascii, NameWords& words);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_TEXT_NAME_FOLDING_H_
