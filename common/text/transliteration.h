// Spelling of Cyrillic and Greek company names in Latin letters, so that
// "Газпром" and "Gazprom" get one match key. Internal to common/;
// CompanyNameNormalizer is the public interface.
//
// The romanization is chosen to agree as often as possible with the Latin
// names companies give themselves (tests/common/keys/company_name_test.cc
// measures it on real companies), not to be reversible:
//
// Cyrillic, decided word by word from the letters in the word:
//  - a word with a Serbian or Macedonian letter (ј љ њ ћ ђ џ ѕ) is spelled as
//    Serbian Latin with its accents folded away: "Србија" -> "srbija",
//    "осигурање" -> "osiguranje", ц ч ћ -> "c", ш -> "s", ж -> "z",
//    х -> "h";
//  - a word with a Ukrainian letter (і ї є ґ) follows the Ukrainian national
//    system of 2010: и -> "y", г -> "h", я ю є -> "ia" "iu" "ie" ("ya" "yu"
//    "ye" first in a word): "Укрзалізниця" -> "ukrzaliznytsia", "Київстар"
//    -> "kyivstar";
//  - a word with a Bulgarian "ъ" (one not followed by е ё ю я, which only
//    Russian has) follows the Bulgarian system of 2009: ъ -> "a",
//    щ -> "sht", х -> "h";
//  - every other word (Russian, and the many Ukrainian, Bulgarian and
//    Serbian words written with the shared letters) follows BGN/PCGN as
//    companies use it: х -> "kh", ц -> "ts", ч -> "ch", ш -> "sh",
//    щ -> "shch", ж -> "zh", ю -> "yu", я -> "ya", ы -> "y"; е, ё and э are
//    always "e" ("Евраз" -> "evraz", not "yevraz"); ь and ъ are dropped
//    ("Тинькофф" -> "tinkoff"); й is "y" first in a word or before a vowel
//    and "i" otherwise ("Лукойл" -> "lukoil"), and "-ий"/"-ый" at the end of
//    a word is "y" ("Детский" -> "detsky").
//  Kazakh, Belarusian and Tajik letters get their plain Latin base letter.
//
// Greek follows ELOT 743 (ISO 843 type 2, as on Greek passports): η ι υ ->
// "i" "i" "y", ου -> "ou", αυ ευ ηυ -> "av" "ev" "iv" ("af" "ef" "if" before
// a voiceless consonant or at the end), β -> "v", θ -> "th", χ -> "ch",
// ψ -> "ps", γγ γκ γξ γχ -> "ng" "gk" "nx" "nch", μπ -> "b" first in a word
// and "mp" elsewhere, ντ -> "d" first in a word and "nt" elsewhere; a
// diaeresis breaks a digraph ("αϋ" -> "ay").
//
// Letters of other scripts, digits and Latin letters are copied unchanged.
#ifndef BLINDMAP_COMMON_TEXT_TRANSLITERATION_H_
#define BLINDMAP_COMMON_TEXT_TRANSLITERATION_H_

#include <string>

#include "absl/strings/string_view.h"

namespace blindmap {

// True if `folded` contains a Cyrillic or Greek character. `folded` is valid
// UTF-8.
bool HasCyrillicOrGreek(absl::string_view folded);

// Appends `words` to `out` with Cyrillic and Greek letters spelled in Latin.
// `words` is folded text (lowercase, accents removed as UnicodeFolder does)
// whose words are separated by single spaces; the output keeps that shape.
// A word that transliterates to nothing (a lone "ь") is dropped with its
// space. Thread-safe; allocates only the output.
void AppendTransliterated(absl::string_view words, std::string& out);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_TEXT_TRANSLITERATION_H_
