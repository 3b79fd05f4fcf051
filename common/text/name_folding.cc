#include "common/text/name_folding.h"

#include <cstdint>
#include <string>

#include "absl/base/attributes.h"
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

// Marks that transliteration reads, kept on the letters it reads them on:
// the breve of Cyrillic "й" and the diaeresis of Greek "ϊ" and "ϋ".
bool IsKeptMark(UChar32 mark, UChar32 base) {
  return (mark == 0x0306 && base == 0x0438) ||
         (mark == 0x0308 && (base == 0x03B9 || base == 0x03C5));
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
  kOpenParen,
  kCloseParen,
  kComma,  // "," and ";"
  kDash,   // a separator when spaces surround it
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
    case '(':
    case '[':
    case '{':
      return CharClass::kOpenParen;
    case ')':
    case ']':
    case '}':
      return CharClass::kCloseParen;
    case ',':
    case ';':
      return CharClass::kComma;
    case '-':
      return CharClass::kDash;
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

// Classes of all byte values; bytes from 0x80 up are kOther (FoldAndSplitAscii
// never sees them).
struct ByteClassTable {
  CharClass cls[256] = {};
  constexpr ByteClassTable() {
    for (int c = 0; c < 256; ++c) {
      cls[c] = c < 0x80 ? AsciiClass(static_cast<unsigned char>(c))
                        : CharClass::kOther;
    }
  }
};
constexpr ByteClassTable kByteClasses;

CharClass ClassOf(UChar32 c) {
  if (c < 0x80) return kByteClasses.cls[c];
  switch (c) {
    case 0x2018:  // ‘
    case 0x2019:  // ’
    case 0x201B:  // ‛
    case 0x02BB:  // ʻ
    case 0x02BC:  // ʼ
    case 0x2032:  // ′
      return CharClass::kApostrophe;
    case 0x2012:  // ‒
    case 0x2013:  // –
    case 0x2014:  // —
    case 0x2015:  // ―
    case 0x2212:  // −
      return CharClass::kDash;
    case 0x3010:  // 【
    case 0x3014:  // 〔
      return CharClass::kOpenParen;
    case 0x3011:  // 】
    case 0x3015:  // 〕
      return CharClass::kCloseParen;
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

char AsciiToLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

// Streams classified code points into a NameWords (see SplitWords). Word
// characters go straight into the output text; nothing is buffered.
class WordSplitter {
  // What the last characters were, to find dashes between spaces.
  enum class Spacing : uint8_t {
    kNone,       // anything else
    kSpace,      // a space
    kSpaceDash,  // a dash after a space
  };

 public:
  // Clears `out`, keeping its capacity.
  explicit WordSplitter(NameWords& out) : out_(out) {
    out_.text.clear();
    out_.spans.clear();
    out_.marks.clear();
  }

  // A word character `c` whose UTF-8 bytes are [bytes, bytes + length).
  void AddWordChar(UChar32 c, const char* bytes, size_t length) {
    spacing_ = Spacing::kNone;
    if (!in_token_) StartToken(c);
    out_.text.append(bytes, length);
    ++token_code_points_;
  }

  // A run of ASCII word characters, lowercased on the way.
  void AddAsciiWordRun(const char* bytes, size_t length) {
    spacing_ = Spacing::kNone;
    if (!in_token_) StartToken(static_cast<unsigned char>(bytes[0]));
    const size_t at = out_.text.size();
    out_.text.resize(at + length);
    char* dest = &out_.text[at];
    for (size_t i = 0; i < length; ++i) dest[i] = AsciiToLower(bytes[i]);
    token_code_points_ += static_cast<int>(length);
  }

  // A character of any class but kWord.
  void AddBreak(CharClass cls) {
    // Tests in order of frequency, written as branches rather than a switch:
    // a jump table here costs a mispredicted indirect jump per name.
    if (cls == CharClass::kSpace) {
      EndToken();
      if (gap_ == Gap::kNone) gap_ = Gap::kBroken;
      if (spacing_ == Spacing::kSpaceDash) Mark(WordBreakKind::kSeparator);
      spacing_ = Spacing::kSpace;
      return;
    }
    const Spacing spacing = spacing_;
    spacing_ = Spacing::kNone;
    if (cls == CharClass::kJoiner) {
      EndToken();
      gap_ = gap_ == Gap::kNone ? Gap::kJoiner : Gap::kBroken;
      return;
    }
    // kWord: callers use AddWordChar; apostrophes join.
    if (cls == CharClass::kWord || cls == CharClass::kApostrophe) return;
    EndToken();
    if (cls == CharClass::kAmpersand) {
      if (!out_.spans.empty()) pending_and_ = true;
      gap_ = Gap::kBroken;
      return;
    }
    gap_ = Gap::kBroken;
    if (cls != CharClass::kOther) AddMarkedBreak(cls, spacing);
  }

  void Finish() { EndToken(); }

 private:
  // What separates the last token from the next one.
  enum class Gap {
    kNone,    // nothing yet
    kJoiner,  // one '.' or '/', then possibly spaces
    kBroken,  // anything else
  };

  // Brackets, commas and dashes, after EndToken(): recorded in marks. A dash
  // is a separator only between spaces ("acme - uk", not "coca-cola" or
  // "acme -uk"); the space after it records the mark. `spacing` is what
  // came before.
  ABSL_ATTRIBUTE_NOINLINE void AddMarkedBreak(CharClass cls, Spacing spacing) {
    if (cls == CharClass::kDash) {
      if (spacing == Spacing::kSpace) spacing_ = Spacing::kSpaceDash;
      return;
    }
    Mark(cls == CharClass::kOpenParen    ? WordBreakKind::kOpenParen
         : cls == CharClass::kCloseParen ? WordBreakKind::kCloseParen
                                         : WordBreakKind::kSeparator);
  }

  // Records punctuation before the next word; called after EndToken().
  void Mark(WordBreakKind kind) {
    out_.marks.push_back(
        WordBreakMark{static_cast<uint32_t>(out_.spans.size()), kind});
  }

  void StartToken(UChar32 first) {
    in_token_ = true;
    token_first_ = first;
    token_code_points_ = 0;
    // Whether the token may extend the last word ("s.a" -> "sa"); decided
    // in EndToken once we know if it is a single letter. `pending_and_` is
    // never set here: an "&" leaves the gap kBroken.
    may_join_ = last_single_letter_ && gap_ == Gap::kJoiner;
    if (may_join_) {
      token_begin_ = out_.text.size();
      return;
    }
    if (pending_and_) {
      if (!out_.text.empty()) out_.text += ' ';
      const auto begin = static_cast<uint32_t>(out_.text.size());
      out_.text += "and";
      out_.spans.emplace_back(begin, static_cast<uint32_t>(out_.text.size()));
    }
    if (!out_.text.empty()) out_.text += ' ';
    token_begin_ = out_.text.size();
  }

  void EndToken() {
    if (!in_token_) return;
    in_token_ = false;
    const bool single_letter =
        token_code_points_ == 1 && IsLetter(token_first_);
    if (may_join_ && single_letter) {
      out_.spans.back().second = static_cast<uint32_t>(out_.text.size());
    } else {
      if (may_join_) {  // a word of its own after all
        out_.text.insert(token_begin_, 1, ' ');
        ++token_begin_;
      }
      out_.spans.emplace_back(static_cast<uint32_t>(token_begin_),
                              static_cast<uint32_t>(out_.text.size()));
    }
    pending_and_ = false;
    last_single_letter_ = single_letter;
    gap_ = Gap::kNone;
  }

  NameWords& out_;
  bool in_token_ = false;
  size_t token_begin_ = 0;  // where the token's bytes start in out_.text
  UChar32 token_first_ = 0;
  int token_code_points_ = 0;
  bool may_join_ = false;
  bool last_single_letter_ = false;
  bool pending_and_ = false;
  Gap gap_ = Gap::kBroken;
  Spacing spacing_ = Spacing::kNone;
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
  // Steps 2 and 3. Each step is skipped when ICU's quick check says the text
  // is already in that form, which is exact: normalizing would not change it.
  const icu::UnicodeString folded = nfkc_casefold_->normalize(text, status);
  icu::UnicodeString decomposed_copy;
  const icu::UnicodeString* decomposed = &folded;
  if (U_SUCCESS(status) &&
      nfd_->spanQuickCheckYes(folded, status) != folded.length()) {
    decomposed_copy = nfd_->normalize(folded, status);
    decomposed = &decomposed_copy;
  }
  if (U_FAILURE(status)) {
    return absl::InternalError(
        absl::StrCat("ICU normalization failed: ", u_errorName(status)));
  }
  // Copies the decomposed text only if a mark goes or a letter is respelled.
  const char16_t* units = decomposed->getBuffer();
  const int32_t length = decomposed->length();
  icu::UnicodeString filtered_copy;
  const icu::UnicodeString* filtered = decomposed;
  int32_t copied = 0;  // units[0, copied) are in filtered_copy
  UChar32 base = 0;    // the last code point that was not a stripped mark
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U16_NEXT(units, i, length, c);
    const bool stripped = IsStrippedMark(c) && !IsKeptMark(c, base);
    if (!stripped) base = c;
    const char16_t* spelling = stripped ? nullptr : AsciiSpelling(c);
    if (!stripped && spelling == nullptr) continue;
    filtered_copy.append(units, copied, start - copied);
    if (spelling != nullptr) filtered_copy.append(spelling, -1);  // step 4
    copied = i;
    filtered = &filtered_copy;
  }
  if (filtered == &filtered_copy) {
    filtered_copy.append(units, copied, length - copied);
  }
  // Step 5.
  icu::UnicodeString composed_copy;
  const icu::UnicodeString* composed = filtered;
  if (nfc_->spanQuickCheckYes(*filtered, status) != filtered->length()) {
    composed_copy = nfc_->normalize(*filtered, status);
    composed = &composed_copy;
  }
  if (U_FAILURE(status)) {
    return absl::InternalError(
        absl::StrCat("ICU normalization failed: ", u_errorName(status)));
  }
  std::string out;
  composed->toUTF8String(out);
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
  NameWords words;
  SplitWordsInto(folded, words);
  return words;
}

void SplitWordsInto(absl::string_view folded, NameWords& words) {
  WordSplitter splitter(words);
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
    const CharClass cls = ClassOf(c);
    if (cls == CharClass::kWord) {
      splitter.AddWordChar(c, folded.data() + start,
                           static_cast<size_t>(i - start));
    } else {
      splitter.AddBreak(cls);
    }
  }
  splitter.Finish();
}

void FoldAndSplitAscii(absl::string_view ascii, NameWords& words) {
  WordSplitter splitter(words);
  const char* data = ascii.data();
  const size_t size = ascii.size();
  const auto class_of = [data](size_t i) {
    return kByteClasses.cls[static_cast<unsigned char>(data[i])];
  };
  for (size_t i = 0; i < size;) {
    const CharClass cls = class_of(i);
    if (cls != CharClass::kWord) {
      splitter.AddBreak(cls);
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < size && class_of(end) == CharClass::kWord) ++end;
    splitter.AddAsciiWordRun(data + i, end - i);
    i = end;
  }
  splitter.Finish();
}

}  // namespace blindmap
