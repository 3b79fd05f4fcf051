#include "common/name_folding.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf16.h"
#include "unicode/utf8.h"

namespace blindmap {
namespace {

// Combining marks that are optional accents in their script (see the
// header). Sorted, inclusive ranges.
constexpr std::pair<UChar32, UChar32> kStrippedMarks[] = {
    {0x0300, 0x036F},  // Combining Diacritical Marks
    {0x0483, 0x0489},  // Cyrillic titlo and friends
    {0x0591, 0x05BD},  // Hebrew cantillation and points
    {0x05BF, 0x05BF}, {0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7},
    {0x0610, 0x061A},  // Arabic signs
    {0x0640, 0x0640},  // Arabic tatweel
    {0x064B, 0x065F},  // Arabic harakat
    {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8},
    {0x06EA, 0x06ED}, {0x1AB0, 0x1AFF},  // Combining Diacritical Marks Extended
    {0x1DC0, 0x1DFF},  // Combining Diacritical Marks Supplement
    {0x20D0, 0x20FF},  // Combining Diacritical Marks for Symbols
    {0xFE20, 0xFE2F},  // Combining Half Marks
};

bool IsStrippedMark(UChar32 c) {
  if (c < 0x0300) return false;
  for (const auto& [first, last] : kStrippedMarks) {
    if (c < first) return false;
    if (c <= last) return true;
  }
  return false;
}

// Case-folded Latin letters without a canonical decomposition, spelled the
// way an ASCII keyboard would. Null if `c` is not one of them.
const char16_t* AsciiSpelling(UChar32 c) {
  switch (c) {
    case 0x00E6:
      return u"ae";  // æ
    case 0x00F0:
      return u"d";  // ð
    case 0x00F8:
      return u"o";  // ø
    case 0x00FE:
      return u"th";  // þ
    case 0x0111:
      return u"d";  // đ
    case 0x0127:
      return u"h";  // ħ
    case 0x0131:
      return u"i";  // ı
    case 0x0140:
      return u"l";  // ŀ
    case 0x0142:
      return u"l";  // ł
    case 0x0153:
      return u"oe";  // œ
    case 0x0167:
      return u"t";  // ŧ
    default:
      return nullptr;
  }
}

// Character classes for SplitWords.
enum class CharClass {
  kWord,
  kApostrophe,
  kAmpersand,
  kJoiner,
  kSpace,
  kOther
};

constexpr CharClass AsciiClass(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9')) {
    return CharClass::kWord;
  }
  switch (c) {
    case '\'':
    case '`':
      return CharClass::kApostrophe;
    case '&':
    case '+':
      return CharClass::kAmpersand;
    case '.':
    case '/':
      return CharClass::kJoiner;
    case ' ':
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
      return CharClass::kSpace;
    default:
      return CharClass::kOther;
  }
}

struct AsciiClassTable {
  CharClass cls[128] = {};
  constexpr AsciiClassTable() {
    for (int c = 0; c < 128; ++c)
      cls[c] = AsciiClass(static_cast<unsigned char>(c));
  }
};
constexpr AsciiClassTable kAsciiClasses;

CharClass ClassOf(UChar32 c) {
  if (c < 0x80) return kAsciiClasses.cls[c];
  switch (c) {
    case 0x2018:  // ‘
    case 0x2019:  // ’
    case 0x201B:  // ‛
    case 0x02BB:  // ʻ
    case 0x02BC:  // ʼ
    case 0x2032:  // ′
      return CharClass::kApostrophe;
    default:
      break;
  }
  if (u_isUWhiteSpace(c)) return CharClass::kSpace;
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return CharClass::kWord;
    default:
      return CharClass::kOther;
  }
}

bool IsLetter(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return u_isalpha(c);
}

// Streams classified code points into NameWords (see SplitWords).
class WordSplitter {
 public:
  explicit WordSplitter(size_t size_hint) {
    out_.text.reserve(size_hint + 8);
    token_.reserve(32);
  }

  void Add(UChar32 c, const char* bytes, size_t length) {
    switch (ClassOf(c)) {
      case CharClass::kWord:
        if (token_.empty()) {
          token_first_ = c;
          token_code_points_ = 0;
        }
        token_.append(bytes, length);
        ++token_code_points_;
        return;
      case CharClass::kApostrophe:
        return;
      case CharClass::kAmpersand:
        EndToken();
        if (!out_.spans.empty()) pending_and_ = true;
        gap_ = Gap::kBroken;
        return;
      case CharClass::kJoiner:
        EndToken();
        gap_ = gap_ == Gap::kNone ? Gap::kJoiner : Gap::kBroken;
        return;
      case CharClass::kSpace:
        EndToken();
        if (gap_ == Gap::kNone) gap_ = Gap::kBroken;
        return;
      case CharClass::kOther:
        EndToken();
        gap_ = Gap::kBroken;
        return;
    }
  }

  NameWords Finish() {
    EndToken();
    return std::move(out_);
  }

 private:
  // What separates the last token from the next one.
  enum class Gap {
    kNone,    // nothing yet
    kJoiner,  // one '.' or '/', then possibly spaces
    kBroken,  // anything else
  };

  void EndToken() {
    if (token_.empty()) return;
    const bool single_letter =
        token_code_points_ == 1 && IsLetter(token_first_);
    if (single_letter && last_single_letter_ && gap_ == Gap::kJoiner) {
      // "s.a" -> "sa": extend the last word.
      out_.text += token_;
      out_.spans.back().second = static_cast<uint32_t>(out_.text.size());
    } else {
      if (pending_and_) AppendWord("and");
      AppendWord(token_);
    }
    pending_and_ = false;
    last_single_letter_ = single_letter;
    gap_ = Gap::kNone;
    token_.clear();
  }

  void AppendWord(absl::string_view word) {
    if (!out_.text.empty()) out_.text += ' ';
    const auto begin = static_cast<uint32_t>(out_.text.size());
    out_.text.append(word.data(), word.size());
    out_.spans.emplace_back(begin, static_cast<uint32_t>(out_.text.size()));
  }

  NameWords out_;
  std::string token_;  // the word being read
  UChar32 token_first_ = 0;
  int token_code_points_ = 0;
  bool last_single_letter_ = false;
  bool pending_and_ = false;
  Gap gap_ = Gap::kBroken;
};

}  // namespace

absl::StatusOr<UnicodeFolder> UnicodeFolder::Create() {
  UnicodeFolder folder;
  UErrorCode status = U_ZERO_ERROR;
  folder.nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
  folder.nfd_ = icu::Normalizer2::getNFDInstance(status);
  folder.nfc_ = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat(
        "cannot load ICU normalization data: ", u_errorName(status)));
  }
  return folder;
}

absl::StatusOr<std::string> UnicodeFolder::Fold(absl::string_view utf8) const {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  // Step 1: symbols that NFKC would turn into letters glued to a word.
  for (int32_t i = 0; i < text.length(); ++i) {
    const char16_t unit = text.charAt(i);
    if (unit == 0x2122 || unit == 0x2120) {  // ™ ℠
      text.setCharAt(i, u' ');
    } else if (unit == 0x00B4) {  // ´
      text.setCharAt(i, u'\'');
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  // Steps 2 and 3.
  const icu::UnicodeString folded = nfkc_casefold_->normalize(text, status);
  const icu::UnicodeString decomposed = nfd_->normalize(folded, status);
  if (U_FAILURE(status)) {
    return absl::InternalError(
        absl::StrCat("ICU normalization failed: ", u_errorName(status)));
  }
  icu::UnicodeString filtered;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (IsStrippedMark(c)) continue;
    if (const char16_t* spelling = AsciiSpelling(c)) {  // step 4
      filtered.append(spelling, -1);
    } else {
      filtered.append(c);
    }
  }
  // Step 5.
  const icu::UnicodeString composed = nfc_->normalize(filtered, status);
  if (U_FAILURE(status)) {
    return absl::InternalError(
        absl::StrCat("ICU normalization failed: ", u_errorName(status)));
  }
  std::string out;
  composed.toUTF8String(out);
  return out;
}

std::string FoldAscii(absl::string_view ascii) {
  std::string out(ascii);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return out;
}

NameWords SplitWords(absl::string_view folded) {
  WordSplitter splitter(folded.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(folded.data());
  const auto length = static_cast<int32_t>(folded.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    if (bytes[i] < 0x80) {
      c = bytes[i++];
    } else {
      U8_NEXT(bytes, i, length, c);
      if (c < 0) c = 0xFFFD;  // unreachable for valid UTF-8
    }
    splitter.Add(c, folded.data() + start, static_cast<size_t>(i - start));
  }
  return splitter.Finish();
}

}  // namespace blindmap
