#include "common/text/transliteration.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "unicode/utf8.h"

namespace blindmap {
namespace {

// The letters this file reads, folded (lowercase).
namespace cyr {
constexpr char32_t a = 0x0430, b = 0x0431, v = 0x0432, g = 0x0433, d = 0x0434,
                   e = 0x0435, zh = 0x0436, z = 0x0437, i = 0x0438,
                   short_i = 0x0439, k = 0x043A, l = 0x043B, m = 0x043C,
                   n = 0x043D, o = 0x043E, p = 0x043F, r = 0x0440, s = 0x0441,
                   t = 0x0442, u = 0x0443, f = 0x0444, kh = 0x0445, ts = 0x0446,
                   ch = 0x0447, sh = 0x0448, shch = 0x0449, hard = 0x044A,
                   yery = 0x044B, soft = 0x044C, ee = 0x044D, yu = 0x044E,
                   ya = 0x044F, ye_grave = 0x0450, yo = 0x0451, dje = 0x0452,
                   gje = 0x0453, ukr_ye = 0x0454, dze = 0x0455, ukr_i = 0x0456,
                   yi = 0x0457, je = 0x0458, lje = 0x0459, nje = 0x045A,
                   tshe = 0x045B, kje = 0x045C, i_grave = 0x045D,
                   short_u = 0x045E, dzhe = 0x045F, ghe_up = 0x0491,
                   ghe_bar = 0x0493, ka_desc = 0x049B, en_desc = 0x04A3,
                   straight_u = 0x04AF, straight_u_bar = 0x04B1,
                   ha_desc = 0x04B3, che_desc = 0x04B7, shha = 0x04BB,
                   schwa = 0x04D9, i_macron = 0x04E3, barred_o = 0x04E9,
                   u_macron = 0x04EF;
}  // namespace cyr

namespace gr {
constexpr char32_t alpha = 0x03B1, beta = 0x03B2, gamma = 0x03B3,
                   delta = 0x03B4, epsilon = 0x03B5, zeta = 0x03B6,
                   eta = 0x03B7, theta = 0x03B8, iota = 0x03B9, kappa = 0x03BA,
                   lambda = 0x03BB, mu = 0x03BC, nu = 0x03BD, xi = 0x03BE,
                   omicron = 0x03BF, pi = 0x03C0, rho = 0x03C1,
                   final_sigma = 0x03C2, sigma = 0x03C3, tau = 0x03C4,
                   upsilon = 0x03C5, phi = 0x03C6, chi = 0x03C7, psi = 0x03C8,
                   omega = 0x03C9, iota_diaeresis = 0x03CA,
                   upsilon_diaeresis = 0x03CB;
}  // namespace gr

bool IsCyrillic(char32_t c) { return c >= 0x0400 && c <= 0x052F; }
bool IsGreek(char32_t c) { return c >= 0x0370 && c <= 0x03FF; }

enum class CyrillicStyle { kRussian, kUkrainian, kBulgarian, kSerbian };

bool IsCyrillicVowel(char32_t c) {
  switch (c) {
    case cyr::a:
    case cyr::e:
    case cyr::i:
    case cyr::o:
    case cyr::u:
    case cyr::yery:
    case cyr::ee:
    case cyr::yu:
    case cyr::ya:
    case cyr::yo:
    case cyr::ukr_ye:
    case cyr::ukr_i:
    case cyr::yi:
      return true;
    default:
      return false;
  }
}

// The style of a word (see the header), from its letters.
CyrillicStyle StyleOf(const std::vector<char32_t>& word) {
  bool ukrainian = false;
  bool bulgarian = false;
  for (size_t i = 0; i < word.size(); ++i) {
    switch (word[i]) {
      case cyr::je:
      case cyr::lje:
      case cyr::nje:
      case cyr::tshe:
      case cyr::dje:
      case cyr::dzhe:
      case cyr::dze:
      case cyr::gje:
      case cyr::kje:
        return CyrillicStyle::kSerbian;
      case cyr::ukr_i:
      case cyr::yi:
      case cyr::ukr_ye:
      case cyr::ghe_up:
        ukrainian = true;
        break;
      case cyr::hard: {
        const char32_t next = i + 1 < word.size() ? word[i + 1] : 0;
        if (next != cyr::e && next != cyr::yo && next != cyr::yu &&
            next != cyr::ya) {
          bulgarian = true;
        }
        break;
      }
      default:
        break;
    }
  }
  if (ukrainian) return CyrillicStyle::kUkrainian;
  if (bulgarian) return CyrillicStyle::kBulgarian;
  return CyrillicStyle::kRussian;
}

void AppendCodePoint(char32_t c, std::string& out) {
  char bytes[U8_MAX_LENGTH];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(bytes, length, U8_MAX_LENGTH, static_cast<UChar32>(c), error);
  if (!error) out.append(bytes, static_cast<size_t>(length));
}

// Letters spelled alike in every style, or null.
const char* CommonCyrillic(char32_t c) {
  switch (c) {
    case cyr::a:
      return "a";
    case cyr::b:
      return "b";
    case cyr::v:
      return "v";
    case cyr::d:
      return "d";
    case cyr::e:
    case cyr::ye_grave:
    case cyr::yo:
    case cyr::ee:
      return "e";
    case cyr::z:
      return "z";
    case cyr::k:
    case cyr::kje:
    case cyr::ka_desc:
      return "k";
    case cyr::l:
      return "l";
    case cyr::m:
      return "m";
    case cyr::n:
    case cyr::en_desc:
      return "n";
    case cyr::o:
    case cyr::barred_o:
      return "o";
    case cyr::p:
      return "p";
    case cyr::r:
      return "r";
    case cyr::s:
      return "s";
    case cyr::t:
      return "t";
    case cyr::u:
    case cyr::short_u:
    case cyr::straight_u:
    case cyr::straight_u_bar:
    case cyr::u_macron:
      return "u";
    case cyr::f:
      return "f";
    case cyr::yery:
      return "y";
    case cyr::ukr_i:
    case cyr::yi:
    case cyr::i_grave:
    case cyr::i_macron:
      return "i";
    case cyr::ghe_up:
    case cyr::ghe_bar:
    case cyr::gje:
      return "g";
    case cyr::shha:
    case cyr::ha_desc:
      return "h";
    case cyr::che_desc:
      return "j";
    case cyr::schwa:
      return "a";
    case cyr::je:
      return "j";
    case cyr::lje:
      return "lj";
    case cyr::nje:
      return "nj";
    case cyr::dje:
      return "d";
    case cyr::tshe:
      return "c";
    case cyr::dzhe:
    case cyr::dze:
      return "dz";
    default:
      return nullptr;
  }
}

void AppendCyrillicWord(const std::vector<char32_t>& w, std::string& out) {
  const CyrillicStyle style = StyleOf(w);
  const size_t size = w.size();
  for (size_t i = 0; i < size; ++i) {
    const char32_t c = w[i];
    const char32_t next = i + 1 < size ? w[i + 1] : 0;
    const bool first = i == 0;
    if (!IsCyrillic(c)) {
      AppendCodePoint(c, out);
      continue;
    }
    if (style == CyrillicStyle::kSerbian) {
      switch (c) {
        case cyr::zh:
          out += 'z';
          continue;
        case cyr::ts:
        case cyr::ch:
          out += 'c';
          continue;
        case cyr::sh:
          out += 's';
          continue;
        case cyr::kh:
          out += 'h';
          continue;
        case cyr::short_i:
          out += 'j';
          continue;
        default:
          break;
      }
    } else if (style == CyrillicStyle::kUkrainian) {
      switch (c) {
        case cyr::g:
          out += 'h';
          continue;
        case cyr::i:
          out += 'y';
          continue;
        case cyr::z:
          if (next == cyr::g) {  // "зг" -> "zgh", not "zh"
            out += "zgh";
            ++i;
            continue;
          }
          out += 'z';
          continue;
        case cyr::ukr_ye:
          out += first ? "ye" : "ie";
          continue;
        case cyr::short_i:
          out += first ? "y" : "i";
          continue;
        case cyr::yu:
          out += first ? "yu" : "iu";
          continue;
        case cyr::ya:
          out += first ? "ya" : "ia";
          continue;
        default:
          break;
      }
    } else if (style == CyrillicStyle::kBulgarian) {
      switch (c) {
        case cyr::kh:
          out += 'h';
          continue;
        case cyr::shch:
          out += "sht";
          continue;
        case cyr::hard:
          out += 'a';
          continue;
        case cyr::soft:
          out += 'y';
          continue;
        case cyr::short_i:
          out += 'y';
          continue;
        case cyr::i:
          if (next == cyr::ya && i + 2 == size) {  // "-ия" -> "-ia"
            out += "ia";
            ++i;
            continue;
          }
          break;
        default:
          break;
      }
    }
    // Russian, and the letters the other styles share with it.
    switch (c) {
      case cyr::g:
        out += 'g';
        continue;
      case cyr::zh:
        out += "zh";
        continue;
      case cyr::i:
      case cyr::yery:
        if (next == cyr::short_i && i + 2 == size) {  // "-ий", "-ый"
          out += 'y';
          ++i;
          continue;
        }
        out += c == cyr::i ? 'i' : 'y';
        continue;
      case cyr::short_i:
        out += first || IsCyrillicVowel(next) ? 'y' : 'i';
        continue;
      case cyr::kh:
        out += "kh";
        continue;
      case cyr::ts:
        out += "ts";
        continue;
      case cyr::ch:
        out += "ch";
        continue;
      case cyr::sh:
        out += "sh";
        continue;
      case cyr::shch:
        out += "shch";
        continue;
      case cyr::hard:
      case cyr::soft:
        continue;
      case cyr::yu:
        out += "yu";
        continue;
      case cyr::ya:
        out += "ya";
        continue;
      case cyr::ukr_ye:
        out += "ye";
        continue;
      default:
        break;
    }
    if (const char* latin = CommonCyrillic(c)) {
      out += latin;
    } else {
      AppendCodePoint(c, out);  // a letter we have no spelling for
    }
  }
}

// Consonants before which αυ, ευ, ηυ are spelled with "f" (ELOT 743).
bool IsGreekVoiceless(char32_t c) {
  switch (c) {
    case gr::theta:
    case gr::kappa:
    case gr::xi:
    case gr::pi:
    case gr::sigma:
    case gr::final_sigma:
    case gr::tau:
    case gr::phi:
    case gr::chi:
    case gr::psi:
      return true;
    default:
      return false;
  }
}

const char* GreekLetter(char32_t c) {
  switch (c) {
    case gr::alpha:
      return "a";
    case gr::beta:
      return "v";
    case gr::gamma:
      return "g";
    case gr::delta:
      return "d";
    case gr::epsilon:
      return "e";
    case gr::zeta:
      return "z";
    case gr::eta:
    case gr::iota:
    case gr::iota_diaeresis:
      return "i";
    case gr::theta:
      return "th";
    case gr::kappa:
      return "k";
    case gr::lambda:
      return "l";
    case gr::mu:
      return "m";
    case gr::nu:
      return "n";
    case gr::xi:
      return "x";
    case gr::omicron:
    case gr::omega:
      return "o";
    case gr::pi:
      return "p";
    case gr::rho:
      return "r";
    case gr::sigma:
    case gr::final_sigma:
      return "s";
    case gr::tau:
      return "t";
    case gr::upsilon:
    case gr::upsilon_diaeresis:
      return "y";
    case gr::phi:
      return "f";
    case gr::chi:
      return "ch";
    case gr::psi:
      return "ps";
    default:
      return nullptr;
  }
}

void AppendGreekWord(const std::vector<char32_t>& w, std::string& out) {
  const size_t size = w.size();
  for (size_t i = 0; i < size; ++i) {
    const char32_t c = w[i];
    const char32_t next = i + 1 < size ? w[i + 1] : 0;
    const bool first = i == 0;
    if (next == gr::upsilon) {
      const char* vowel = c == gr::alpha     ? "a"
                          : c == gr::epsilon ? "e"
                          : c == gr::eta     ? "i"
                                             : nullptr;
      if (vowel != nullptr) {
        const char32_t after = i + 2 < size ? w[i + 2] : 0;
        out += vowel;
        out += after == 0 || IsGreekVoiceless(after) ? 'f' : 'v';
        ++i;
        continue;
      }
      if (c == gr::omicron) {
        out += "ou";
        ++i;
        continue;
      }
    }
    if (c == gr::gamma) {
      const char* pair = next == gr::gamma   ? "ng"
                         : next == gr::kappa ? "gk"
                         : next == gr::xi    ? "nx"
                         : next == gr::chi   ? "nch"
                                             : nullptr;
      if (pair != nullptr) {
        out += pair;
        ++i;
        continue;
      }
    }
    if ((c == gr::mu && next == gr::pi) || (c == gr::nu && next == gr::tau)) {
      out += first ? (c == gr::mu ? "b" : "d") : (c == gr::mu ? "mp" : "nt");
      ++i;
      continue;
    }
    if (const char* latin = GreekLetter(c)) {
      out += latin;
    } else {
      AppendCodePoint(c, out);
    }
  }
}

// Decodes valid UTF-8 into `out`, replacing its contents.
void Decode(absl::string_view utf8, std::vector<char32_t>& out) {
  out.clear();
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0) out.push_back(static_cast<char32_t>(c));
  }
}

void AppendWord(absl::string_view word, std::vector<char32_t>& code_points,
                std::string& out) {
  if (!HasCyrillicOrGreek(word)) {
    out.append(word.data(), word.size());
    return;
  }
  Decode(word, code_points);
  bool cyrillic = false;
  bool greek = false;
  for (char32_t c : code_points) {
    cyrillic |= IsCyrillic(c);
    greek |= IsGreek(c);
  }
  // A word mixing the two scripts is rare; Greek letters in a Cyrillic word
  // are then copied as they are.
  if (cyrillic) {
    AppendCyrillicWord(code_points, out);
  } else if (greek) {
    AppendGreekWord(code_points, out);
  } else {
    out.append(word.data(), word.size());
  }
}

}  // namespace

bool HasCyrillicOrGreek(absl::string_view folded) {
  // U+0370..U+052F are encoded with lead bytes 0xCD (from U+0340) to 0xD4.
  for (size_t i = 0; i < folded.size(); ++i) {
    const auto byte = static_cast<unsigned char>(folded[i]);
    if (byte < 0xCD || byte > 0xD4) continue;
    if (byte == 0xCD && i + 1 < folded.size() &&
        static_cast<unsigned char>(folded[i + 1]) < 0xB0) {
      continue;  // U+0340..U+036F: combining marks
    }
    return true;
  }
  return false;
}

void AppendTransliterated(absl::string_view words, std::string& out) {
  thread_local std::vector<char32_t> code_points;
  bool first = true;
  while (!words.empty()) {
    const size_t space = words.find(' ');
    const absl::string_view word = words.substr(0, space);
    words.remove_prefix(space == absl::string_view::npos ? words.size()
                                                         : space + 1);
    if (word.empty()) continue;
    const size_t before = out.size();
    if (!first) out += ' ';
    AppendWord(word, code_points, out);
    if (out.size() == before + (first ? 0 : 1)) {
      out.resize(before);  // nothing left of the word
      continue;
    }
    first = false;
  }
  if (code_points.capacity() > 4096) {
    code_points = std::vector<char32_t>();  // keep one huge name's memory
  }
}

}  // namespace blindmap
