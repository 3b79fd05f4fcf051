#include "common/keys/countries.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_split.h"
#include "common/text/name_folding.h"
#include "common/text/utf8.h"

namespace blindmap {
namespace {

// Our own table, from ISO 3166-1: codes, English short names, and the names
// people write in CRMs (own-language names, "UK", "USA"). Sorted by alpha-2.
constexpr Country kCountries[] = {
    {"AD", "AND", "Andorra", ""},
    {"AE", "ARE",
     "United Arab Emirates|UAE|U.A.E.|Emirates|الإمارات|الإمارات العربية "
     "المتحدة",
     "Emirati"},
    {"AF", "AFG", "Afghanistan|افغانستان", "Afghan"},
    {"AG", "ATG", "Antigua and Barbuda", ""},
    {"AI", "AIA", "Anguilla", ""},
    {"AL", "ALB", "Albania|Shqipëria|Shqipëri", "Albanian"},
    {"AM", "ARM", "Armenia|Հայաստան", "Armenian"},
    {"AO", "AGO", "Angola", "Angolan"},
    {"AQ", "ATA", "Antarctica", ""},
    {"AR", "ARG", "Argentina|República Argentina",
     "Argentine|Argentinian|Argentino"},
    {"AS", "ASM", "American Samoa", ""},
    {"AT", "AUT", "Austria|Österreich", "Austrian|Österreichische"},
    {"AU", "AUS", "Australia|Aust", "Australian"},
    {"AW", "ABW", "Aruba", ""},
    {"AX", "ALA", "Åland Islands|Åland|Ahvenanmaa", ""},
    {"AZ", "AZE", "Azerbaijan|Azərbaycan", "Azerbaijani"},
    {"BA", "BIH",
     "Bosnia and Herzegovina|Bosna i Hercegovina|Босна и Херцеговина",
     "Bosnian"},
    {"BB", "BRB", "Barbados", ""},
    {"BD", "BGD", "Bangladesh|বাংলাদেশ", "Bangladeshi"},
    {"BE", "BEL", "Belgium|België|Belgique|Belgien", "Belgian|Belge"},
    {"BF", "BFA", "Burkina Faso", ""},
    {"BG", "BGR", "Bulgaria|България", "Bulgarian"},
    {"BH", "BHR", "Bahrain|البحرين", "Bahraini"},
    {"BI", "BDI", "Burundi", ""},
    {"BJ", "BEN", "Benin|Bénin", ""},
    {"BL", "BLM", "Saint Barthélemy|St. Barthélemy", ""},
    {"BM", "BMU", "Bermuda", ""},
    {"BN", "BRN", "Brunei|Brunei Darussalam", ""},
    {"BO", "BOL", "Bolivia|Bolivia, Plurinational State of", "Bolivian"},
    {"BQ", "BES", "Bonaire, Sint Eustatius and Saba|Caribbean Netherlands", ""},
    {"BR", "BRA", "Brazil|Brasil", "Brazilian|Brasileira|Brasileiro"},
    {"BS", "BHS", "Bahamas|The Bahamas|Bahamas, The", ""},
    {"BT", "BTN", "Bhutan", ""},
    {"BV", "BVT", "Bouvet Island", ""},
    {"BW", "BWA", "Botswana", ""},
    {"BY", "BLR", "Belarus|Беларусь|Белоруссия", "Belarusian"},
    {"BZ", "BLZ", "Belize", ""},
    {"CA", "CAN", "Canada", "Canadian"},
    {"CC", "CCK", "Cocos (Keeling) Islands|Cocos Islands", ""},
    {"CD", "COD",
     "Democratic Republic of the Congo|DR Congo|DRC|Congo-Kinshasa|Congo, The "
     "Democratic Republic of the|Congo, Democratic Republic of the",
     ""},
    {"CF", "CAF", "Central African Republic", ""},
    {"CG", "COG", "Congo|Republic of the Congo|Congo-Brazzaville", ""},
    {"CH", "CHE", "Switzerland|Schweiz|Suisse|Svizzera|Svizra", "Swiss"},
    {"CI", "CIV", "Côte d'Ivoire|Ivory Coast", ""},
    {"CK", "COK", "Cook Islands", ""},
    {"CL", "CHL", "Chile", "Chilean"},
    {"CM", "CMR", "Cameroon|Cameroun", ""},
    {"CN", "CHN",
     "China|PRC|People's Republic of China|中国|中國|中华人民共和国",
     "Chinese"},
    {"CO", "COL", "Colombia", "Colombian"},
    {"CR", "CRI", "Costa Rica", ""},
    {"CU", "CUB", "Cuba", ""},
    {"CV", "CPV", "Cabo Verde|Cape Verde", ""},
    {"CW", "CUW", "Curaçao", ""},
    {"CX", "CXR", "Christmas Island", ""},
    {"CY", "CYP", "Cyprus|Κύπρος|Kıbrıs", "Cypriot"},
    {"CZ", "CZE", "Czechia|Czech Republic|Česko|Česká republika", "Czech"},
    {"DE", "DEU", "Germany|Deutschland", "German|Deutsche"},
    {"DJ", "DJI", "Djibouti", ""},
    {"DK", "DNK", "Denmark|Danmark", "Danish|Dansk"},
    {"DM", "DMA", "Dominica", ""},
    {"DO", "DOM", "Dominican Republic|República Dominicana", ""},
    {"DZ", "DZA", "Algeria|Algérie|الجزائر", "Algerian"},
    {"EC", "ECU", "Ecuador", "Ecuadorian"},
    {"EE", "EST", "Estonia|Eesti", "Estonian"},
    {"EG", "EGY", "Egypt|مصر", "Egyptian"},
    {"EH", "ESH", "Western Sahara", ""},
    {"ER", "ERI", "Eritrea", ""},
    {"ES", "ESP", "Spain|España", "Spanish|Española"},
    {"ET", "ETH", "Ethiopia", "Ethiopian"},
    {"FI", "FIN", "Finland|Suomi", "Finnish"},
    {"FJ", "FJI", "Fiji", ""},
    {"FK", "FLK", "Falkland Islands|Falkland Islands (Malvinas)", ""},
    {"FM", "FSM", "Micronesia|Micronesia, Federated States of", ""},
    {"FO", "FRO", "Faroe Islands|Føroyar", ""},
    {"FR", "FRA", "France", "French|Française"},
    {"GA", "GAB", "Gabon", ""},
    {"GB", "GBR",
     "United Kingdom|UK|Great Britain|Britain|England|Scotland|Wales|Northern "
     "Ireland|United Kingdom of Great Britain and Northern Ireland",
     "British"},
    {"GD", "GRD", "Grenada", ""},
    {"GE", "GEO", "Georgia|საქართველო", "Georgian"},
    {"GF", "GUF", "French Guiana|Guyane", ""},
    {"GG", "GGY", "Guernsey", ""},
    {"GH", "GHA", "Ghana", "Ghanaian"},
    {"GI", "GIB", "Gibraltar", ""},
    {"GL", "GRL", "Greenland|Kalaallit Nunaat", ""},
    {"GM", "GMB", "Gambia|The Gambia|Gambia, The", ""},
    {"GN", "GIN", "Guinea|Guinée", ""},
    {"GP", "GLP", "Guadeloupe", ""},
    {"GQ", "GNQ", "Equatorial Guinea", ""},
    {"GR", "GRC", "Greece|Hellas|Ελλάδα|Ελλάς", "Greek|Hellenic"},
    {"GS", "SGS", "South Georgia and the South Sandwich Islands", ""},
    {"GT", "GTM", "Guatemala", ""},
    {"GU", "GUM", "Guam", ""},
    {"GW", "GNB", "Guinea-Bissau", ""},
    {"GY", "GUY", "Guyana", ""},
    {"HK", "HKG", "Hong Kong|Hong Kong SAR|香港|Hong Kong, China", ""},
    {"HM", "HMD", "Heard Island and McDonald Islands", ""},
    {"HN", "HND", "Honduras", ""},
    {"HR", "HRV", "Croatia|Hrvatska", "Croatian"},
    {"HT", "HTI", "Haiti", ""},
    {"HU", "HUN", "Hungary|Magyarország", "Hungarian"},
    {"ID", "IDN", "Indonesia", "Indonesian"},
    {"IE", "IRL", "Ireland|Éire|Republic of Ireland", "Irish"},
    {"IL", "ISR", "Israel|ישראל", "Israeli"},
    {"IM", "IMN", "Isle of Man", ""},
    {"IN", "IND", "India|Bharat|भारत", "Indian"},
    {"IO", "IOT", "British Indian Ocean Territory", ""},
    {"IQ", "IRQ", "Iraq|العراق", ""},
    {"IR", "IRN", "Iran|ایران|Iran, Islamic Republic of", ""},
    {"IS", "ISL", "Iceland|Ísland", "Icelandic"},
    {"IT", "ITA", "Italy|Italia", "Italian|Italiana"},
    {"JE", "JEY", "Jersey", ""},
    {"JM", "JAM", "Jamaica", ""},
    {"JO", "JOR", "Jordan|الأردن", ""},
    {"JP", "JPN", "Japan|Nippon|Nihon|日本", "Japanese"},
    {"KE", "KEN", "Kenya", "Kenyan"},
    {"KG", "KGZ", "Kyrgyzstan|Кыргызстан", ""},
    {"KH", "KHM", "Cambodia", ""},
    {"KI", "KIR", "Kiribati", ""},
    {"KM", "COM", "Comoros", ""},
    {"KN", "KNA", "Saint Kitts and Nevis", ""},
    {"KP", "PRK", "North Korea|DPRK|Korea, Democratic People's Republic of",
     ""},
    {"KR", "KOR",
     "South Korea|Korea|Republic of Korea|ROK|한국|대한민국|韓國|韩国|Korea, "
     "Republic of|Korea (the Republic of)",
     "Korean"},
    {"KW", "KWT", "Kuwait|الكويت", ""},
    {"KY", "CYM", "Cayman Islands", ""},
    {"KZ", "KAZ", "Kazakhstan|Казахстан|Қазақстан", "Kazakh"},
    {"LA", "LAO", "Laos|Lao PDR|Lao People's Democratic Republic", ""},
    {"LB", "LBN", "Lebanon|لبنان", ""},
    {"LC", "LCA", "Saint Lucia", ""},
    {"LI", "LIE", "Liechtenstein", ""},
    {"LK", "LKA", "Sri Lanka", "Sri Lankan"},
    {"LR", "LBR", "Liberia", ""},
    {"LS", "LSO", "Lesotho", ""},
    {"LT", "LTU", "Lithuania|Lietuva", "Lithuanian"},
    {"LU", "LUX", "Luxembourg|Luxemburg|Lëtzebuerg", ""},
    {"LV", "LVA", "Latvia|Latvija", "Latvian"},
    {"LY", "LBY", "Libya|ليبيا", ""},
    {"MA", "MAR", "Morocco|Maroc|المغرب", "Moroccan"},
    {"MC", "MCO", "Monaco", ""},
    {"MD", "MDA", "Moldova|Republic of Moldova|Moldova, Republic of", ""},
    {"ME", "MNE", "Montenegro|Crna Gora|Црна Гора", ""},
    {"MF", "MAF", "Saint Martin|Saint Martin (French part)", ""},
    {"MG", "MDG", "Madagascar", ""},
    {"MH", "MHL", "Marshall Islands", ""},
    {"MK", "MKD", "North Macedonia|Macedonia|Северна Македонија|Македонија",
     ""},
    {"ML", "MLI", "Mali", ""},
    {"MM", "MMR", "Myanmar|Burma", ""},
    {"MN", "MNG", "Mongolia|Монгол Улс", ""},
    {"MO", "MAC", "Macao|Macau|澳門|澳门|Macao SAR", ""},
    {"MP", "MNP", "Northern Mariana Islands", ""},
    {"MQ", "MTQ", "Martinique", ""},
    {"MR", "MRT", "Mauritania", ""},
    {"MS", "MSR", "Montserrat", ""},
    {"MT", "MLT", "Malta", "Maltese"},
    {"MU", "MUS", "Mauritius", ""},
    {"MV", "MDV", "Maldives", ""},
    {"MW", "MWI", "Malawi", ""},
    {"MX", "MEX", "Mexico|México", "Mexican|Mexicana"},
    {"MY", "MYS", "Malaysia", "Malaysian"},
    {"MZ", "MOZ", "Mozambique|Moçambique", ""},
    {"NA", "NAM", "Namibia", ""},
    {"NC", "NCL", "New Caledonia|Nouvelle-Calédonie", ""},
    {"NE", "NER", "Niger", ""},
    {"NF", "NFK", "Norfolk Island", ""},
    {"NG", "NGA", "Nigeria", "Nigerian"},
    {"NI", "NIC", "Nicaragua", ""},
    {"NL", "NLD",
     "Netherlands|The Netherlands|Nederland|Holland|Netherlands, Kingdom of "
     "the",
     "Dutch|Nederlandse"},
    {"NO", "NOR", "Norway|Norge|Noreg", "Norwegian|Norsk"},
    {"NP", "NPL", "Nepal", ""},
    {"NR", "NRU", "Nauru", ""},
    {"NU", "NIU", "Niue", ""},
    {"NZ", "NZL", "New Zealand|Aotearoa", ""},
    {"OM", "OMN", "Oman|عمان", ""},
    {"PA", "PAN", "Panama|Panamá", ""},
    {"PE", "PER", "Peru|Perú", "Peruvian"},
    {"PF", "PYF", "French Polynesia", ""},
    {"PG", "PNG", "Papua New Guinea", ""},
    {"PH", "PHL", "Philippines|Pilipinas", "Philippine|Filipino"},
    {"PK", "PAK", "Pakistan|پاکستان", "Pakistani"},
    {"PL", "POL", "Poland|Polska", "Polish|Polski"},
    {"PM", "SPM", "Saint Pierre and Miquelon", ""},
    {"PN", "PCN", "Pitcairn", ""},
    {"PR", "PRI", "Puerto Rico", ""},
    {"PS", "PSE", "Palestine|فلسطين|Palestine, State of", ""},
    {"PT", "PRT", "Portugal", "Portuguese|Portuguesa"},
    {"PW", "PLW", "Palau", ""},
    {"PY", "PRY", "Paraguay", ""},
    {"QA", "QAT", "Qatar|قطر", "Qatari"},
    {"RE", "REU", "Réunion", ""},
    {"RO", "ROU", "Romania|România", "Romanian"},
    {"RS", "SRB", "Serbia|Srbija|Србија", "Serbian"},
    {"RU", "RUS", "Russia|Russian Federation|Россия|Российская Федерация|РФ",
     "Russian"},
    {"RW", "RWA", "Rwanda", ""},
    {"SA", "SAU",
     "Saudi Arabia|Kingdom of Saudi Arabia|KSA|السعودية|المملكة العربية "
     "السعودية",
     "Saudi"},
    {"SB", "SLB", "Solomon Islands", ""},
    {"SC", "SYC", "Seychelles", ""},
    {"SD", "SDN", "Sudan|السودان", ""},
    {"SE", "SWE", "Sweden|Sverige", "Swedish|Svenska"},
    {"SG", "SGP", "Singapore|Singapura|新加坡", ""},
    {"SH", "SHN", "Saint Helena, Ascension and Tristan da Cunha|Saint Helena",
     ""},
    {"SI", "SVN", "Slovenia|Slovenija", "Slovenian"},
    {"SJ", "SJM", "Svalbard and Jan Mayen", ""},
    {"SK", "SVK", "Slovakia|Slovensko", "Slovak"},
    {"SL", "SLE", "Sierra Leone", ""},
    {"SM", "SMR", "San Marino", ""},
    {"SN", "SEN", "Senegal|Sénégal", ""},
    {"SO", "SOM", "Somalia", ""},
    {"SR", "SUR", "Suriname", ""},
    {"SS", "SSD", "South Sudan", ""},
    {"ST", "STP", "São Tomé and Príncipe", ""},
    {"SV", "SLV", "El Salvador", ""},
    {"SX", "SXM", "Sint Maarten|Sint Maarten (Dutch part)", ""},
    {"SY", "SYR", "Syria|سوريا|Syrian Arab Republic", ""},
    {"SZ", "SWZ", "Eswatini|Swaziland", ""},
    {"TC", "TCA", "Turks and Caicos Islands", ""},
    {"TD", "TCD", "Chad|Tchad", ""},
    {"TF", "ATF", "French Southern Territories", ""},
    {"TG", "TGO", "Togo", ""},
    {"TH", "THA", "Thailand|ประเทศไทย|ไทย", "Thai"},
    {"TJ", "TJK", "Tajikistan|Тоҷикистон", ""},
    {"TK", "TKL", "Tokelau", ""},
    {"TL", "TLS", "Timor-Leste|East Timor", ""},
    {"TM", "TKM", "Turkmenistan|Türkmenistan", ""},
    {"TN", "TUN", "Tunisia|Tunisie|تونس", "Tunisian"},
    {"TO", "TON", "Tonga", ""},
    {"TR", "TUR", "Türkiye|Turkey", "Turkish"},
    {"TT", "TTO", "Trinidad and Tobago", ""},
    {"TV", "TUV", "Tuvalu", ""},
    {"TW", "TWN",
     "Taiwan|R.O.C.|Republic of China|台灣|台湾|Taiwan, Province of China",
     "Taiwanese"},
    {"TZ", "TZA", "Tanzania|Tanzania, United Republic of", ""},
    {"UA", "UKR", "Ukraine|Україна", "Ukrainian"},
    {"UG", "UGA", "Uganda", ""},
    {"UM", "UMI", "United States Minor Outlying Islands", ""},
    {"US", "USA", "United States|United States of America|America|U.S.A.|U.S.",
     "American"},
    {"UY", "URY", "Uruguay", ""},
    {"UZ", "UZB", "Uzbekistan|Oʻzbekiston|Ўзбекистон", ""},
    {"VA", "VAT", "Holy See|Vatican City|Vatican|Holy See (Vatican City State)",
     ""},
    {"VC", "VCT", "Saint Vincent and the Grenadines", ""},
    {"VE", "VEN", "Venezuela|Venezuela, Bolivarian Republic of", "Venezuelan"},
    {"VG", "VGB", "British Virgin Islands|BVI|Virgin Islands, British", ""},
    {"VI", "VIR", "U.S. Virgin Islands|USVI|Virgin Islands, U.S.", ""},
    {"VN", "VNM", "Vietnam|Viet Nam|Việt Nam", "Vietnamese"},
    {"VU", "VUT", "Vanuatu", ""},
    {"WF", "WLF", "Wallis and Futuna", ""},
    {"WS", "WSM", "Samoa", ""},
    {"YE", "YEM", "Yemen|اليمن", ""},
    {"YT", "MYT", "Mayotte", ""},
    {"ZA", "ZAF", "South Africa|RSA|Suid-Afrika", "South African"},
    {"ZM", "ZMB", "Zambia", ""},
    {"ZW", "ZWE", "Zimbabwe", ""},
};

constexpr const char* kRegions[] = {
    "Europe|European|EU|E.U.|EMEA|Europe, Middle East and Africa",
    "Asia|Asia Pacific|Asia-Pacific|APAC|APJ|Asia Pacific and Japan",
    "Americas|North America|Latin America|LATAM|LatAm|South America",
    "Middle East|MENA|GCC",
    "Africa|Sub-Saharan Africa",
    "Nordic|Nordics|Nordic Countries|Scandinavia|Baltics|Baltic States",
    "Benelux|DACH|CEE|Central and Eastern Europe|Iberia|Balkans|Oceania",
};

// The folded form of a name, as company names are folded: words joined by
// single spaces, in `words.text`. Empty if `name` is not valid UTF-8 or has
// no words.
absl::string_view FoldName(const UnicodeFolder* folder, absl::string_view name,
                           NameWords& words) {
  if (IsAscii(name)) {
    FoldAndSplitAscii(name, words);
    return words.text;
  }
  if (folder == nullptr || !IsValidUtf8(name)) return absl::string_view();
  absl::StatusOr<std::string> folded = folder->Fold(name);
  if (!folded.ok()) return absl::string_view();
  SplitWordsInto(*folded, words);
  return words.text;
}

class CountryIndex {
 public:
  CountryIndex() {
    absl::StatusOr<UnicodeFolder> folder = UnicodeFolder::Create();
    if (folder.ok()) folder_ = std::make_unique<UnicodeFolder>(*folder);
    NameWords words;
    for (const Country& country : kCountries) {
      const auto add = [&](absl::string_view name) {
        const absl::string_view key = FoldName(folder_.get(), name, words);
        if (!key.empty()) by_name_.emplace(key, country.alpha2);
      };
      add(country.alpha2);
      add(country.alpha3);
      for (absl::string_view name : absl::StrSplit(country.names, '|')) {
        add(name);
      }
    }
  }

  const char* FindFolded(absl::string_view folded) const {
    const auto it = by_name_.find(folded);
    return it == by_name_.end() ? nullptr : it->second;
  }

  const char* Find(absl::string_view name) const {
    thread_local NameWords words;
    const absl::string_view key = FoldName(folder_.get(), name, words);
    const auto it = key.empty() ? by_name_.end() : by_name_.find(key);
    const char* alpha2 = it == by_name_.end() ? nullptr : it->second;
    if (alpha2 == nullptr && !key.empty()) alpha2 = FindWithoutStateForm(key);
    if (words.text.capacity() > 4096) words = NameWords();  // one huge cell
    return alpha2;
  }

 private:
  // `key` without the words that name a form of state ("the", "republic",
  // "of", "kingdom", "islamic", ...), if anything is left and that is a
  // country's name.
  const char* FindWithoutStateForm(absl::string_view key) const {
    static constexpr absl::string_view kStateForm[] = {
        "the",           "republic",   "of",         "kingdom",
        "islamic",       "federal",    "federation", "democratic",
        "plurinational", "bolivarian", "socialist",  "commonwealth",
        "principality",  "state",      "grand",      "duchy",
    };
    std::string rest;
    bool dropped = false;
    for (absl::string_view word : absl::StrSplit(key, ' ')) {
      if (std::find(std::begin(kStateForm), std::end(kStateForm), word) !=
          std::end(kStateForm)) {
        dropped = true;
        continue;
      }
      if (!rest.empty()) rest += ' ';
      rest.append(word.data(), word.size());
    }
    if (!dropped || rest.empty()) return nullptr;
    const auto it = by_name_.find(rest);
    return it == by_name_.end() ? nullptr : it->second;
  }

 public:
 private:
  std::unique_ptr<UnicodeFolder> folder_;  // null if ICU failed
  absl::flat_hash_map<std::string, const char*> by_name_;
};

}  // namespace

absl::Span<const Country> CountryTable() {
  return absl::MakeConstSpan(kCountries, std::size(kCountries));
}

absl::Span<const char* const> RegionNames() {
  return absl::MakeConstSpan(kRegions, std::size(kRegions));
}

namespace {

const CountryIndex& Index() {
  static const CountryIndex* const index = new CountryIndex();
  return *index;
}

}  // namespace

const char* FindCountryAlpha2(absl::string_view name) {
  // CRM exports repeat a few spellings: remember them per thread.
  thread_local absl::flat_hash_map<std::string, const char*> seen;
  if (name.size() <= 64) {
    const auto it = seen.find(name);
    if (it != seen.end()) return it->second;
  }
  const char* alpha2 = Index().Find(name);
  if (name.size() <= 64) {
    if (seen.size() >= 4096) seen.clear();
    seen.emplace(name, alpha2);
  }
  return alpha2;
}

const char* FindFoldedCountryAlpha2(absl::string_view folded) {
  return Index().FindFolded(folded);
}

bool IsRegionName(absl::string_view folded) {
  static const auto* const regions = [] {
    auto* set = new absl::flat_hash_map<std::string, bool>();
    NameWords words;
    for (absl::string_view names : RegionNames()) {
      for (absl::string_view name : absl::StrSplit(names, '|')) {
        const absl::string_view key = FoldName(nullptr, name, words);
        if (!key.empty()) set->emplace(key, true);
      }
    }
    return set;
  }();
  return regions->contains(folded);
}

const char* FindCountryOfDomain(absl::string_view domain) {
  // Country codes sold and used as generic top-level domains.
  static constexpr absl::string_view kGenericUse[] = {
      "ac", "ad", "ag", "ai", "am", "as", "bz", "cc", "cd", "cm", "co",
      "cx", "dj", "fm", "ga", "gg", "gl", "gq", "gs", "im", "io", "je",
      "la", "ly", "me", "ml", "ms", "mu", "nu", "pw", "sc", "sh", "so",
      "st", "su", "tc", "tf", "tk", "tl", "to", "tv", "vc", "vg", "ws",
  };
  const size_t dot = domain.rfind('.');
  if (dot == absl::string_view::npos) return nullptr;
  const absl::string_view tld = domain.substr(dot + 1);
  if (tld.size() != 2 ||
      std::find(std::begin(kGenericUse), std::end(kGenericUse), tld) !=
          std::end(kGenericUse)) {
    return nullptr;
  }
  if (tld == "uk") return "GB";
  if (tld[0] < 'a' || tld[0] > 'z' || tld[1] < 'a' || tld[1] > 'z') {
    return nullptr;
  }
  // kCountries by the two letters of their code.
  static const auto* const by_code = [] {
    auto* table = new std::array<const char*, 26 * 26>();
    for (const Country& country : kCountries) {
      (*table)[(country.alpha2[0] - 'A') * 26 + (country.alpha2[1] - 'A')] =
          country.alpha2;
    }
    return table;
  }();
  return (*by_code)[(tld[0] - 'a') * 26 + (tld[1] - 'a')];
}

}  // namespace blindmap
