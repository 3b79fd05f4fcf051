#include "common/keys/brand_label.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/base/status_macros.h"
#include "common/keys/countries.h"
#include "common/text/name_folding.h"
#include "common/text/transliteration.h"
#include "common/text/utf8.h"
#include "unicode/bytestream.h"
#include "unicode/idna.h"

namespace blindmap {
namespace {

// Labels shorter than this are too often shared by unrelated companies
// ("ge", "bt", "np") to be a key on their own.
constexpr size_t kMinLabelBytes = 3;
// Weaker forms, which only tell two sites of one company apart from two
// companies' sites, may be shorter ("getok" -> "ok").
constexpr size_t kMinVariantBytes = 2;
// What a generic suffix may leave of a label ("pepsico" -> "pepsi", not
// "tesco" -> "tes").
constexpr size_t kMinStemBytes = 4;

// First labels that stand for "the site of" under a brand top-level domain
// ("home.barclays", "global.honda", "group.softbank"): there the brand is
// the top-level domain.
constexpr absl::string_view kBrandTldHosts[] = {
    "about", "corporate", "global", "group", "home", "info", "my", "www",
};

// Written before a brand in a domain ("getacme", "tryacme", "theacme").
constexpr absl::string_view kGenericPrefixes[] = {
    "the", "get", "go", "try", "my", "join", "use", "shop", "visit", "hello",
};

// Written after a brand in a domain: legal forms, "group", a country.
constexpr absl::string_view kGenericSuffixes[] = {
    "group",     "grp",         "holdings",
    "holding",   "global",      "international",
    "intl",      "world",       "worldwide",
    "corporate", "corporation", "corp",
    "company",   "inc",         "co",
    "ltd",       "llc",         "plc",
    "ag",        "gmbh",        "sa",
    "se",        "nv",          "bv",
    "hq",        "online",      "app",
    "apps",      "official",    "web",
    "brands",    "stores",      "store",
    "shop",      "usa",         "us",
    "uk",        "de",          "fr",
    "au",        "ca",          "nz",
    "ie",        "in",          "eu",
    "europe",    "asia",        "na",
};

bool Contains(absl::Span<const absl::string_view> list,
              absl::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// A two-letter country code written after a hyphen ("hellyhansen-no",
// "verimark-za").
bool IsCountryPart(absl::string_view part) {
  if (part.size() != 2) return false;
  const std::string upper = {static_cast<char>(part[0] - 'a' + 'A'),
                             static_cast<char>(part[1] - 'a' + 'A')};
  if (part[0] < 'a' || part[0] > 'z' || part[1] < 'a' || part[1] > 'z') {
    return false;
  }
  for (const Country& country : CountryTable()) {
    if (upper == country.alpha2) return true;
  }
  return false;
}

void AddVariant(absl::string_view form, BrandLabelForms& out) {
  if (form.size() < kMinVariantBytes || form == out.label) return;
  if (std::find(out.variants.begin(), out.variants.end(), form) !=
      out.variants.end()) {
    return;
  }
  out.variants.emplace_back(form);
}

// Weaker forms of `label` (hyphens still in it): whole generic parts of a
// hyphenated label removed, then a generic prefix and up to two generic
// suffixes removed from the joined label.
void AddWeakForms(absl::string_view label, BrandLabelForms& out) {
  std::string joined;
  if (label.find('-') != absl::string_view::npos) {
    std::vector<absl::string_view> parts = absl::StrSplit(label, '-');
    while (parts.size() > 1 && (Contains(kGenericSuffixes, parts.back()) ||
                                IsCountryPart(parts.back()))) {
      parts.pop_back();
    }
    while (parts.size() > 1 && Contains(kGenericPrefixes, parts.front())) {
      parts.erase(parts.begin());
    }
    for (absl::string_view part : parts) {
      joined.append(part.data(), part.size());
    }
    AddVariant(joined, out);
  } else {
    joined = std::string(label);
  }
  absl::string_view form = joined;
  for (absl::string_view prefix : kGenericPrefixes) {
    if (absl::StartsWith(form, prefix) &&
        form.size() >= prefix.size() + kMinVariantBytes) {
      form.remove_prefix(prefix.size());
      AddVariant(form, out);
      break;
    }
  }
  for (int round = 0; round < 2; ++round) {
    // The longest generic suffix ("usa" before "sa").
    size_t longest = 0;
    for (absl::string_view suffix : kGenericSuffixes) {
      if (suffix.size() > longest && absl::EndsWith(form, suffix) &&
          form.size() >= suffix.size() + kMinStemBytes) {
        longest = suffix.size();
      }
    }
    if (longest == 0) break;
    form.remove_suffix(longest);
    AddVariant(form, out);
  }
}

class BrandLabelerImpl final : public BrandLabeler {
 public:
  BrandLabelerImpl(std::unique_ptr<icu::IDNA> idna, UnicodeFolder folder)
      : idna_(std::move(idna)), folder_(std::move(folder)) {}

  BrandLabelForms Forms(absl::string_view domain) const override {
    BrandLabelForms out;
    const size_t dot = domain.find('.');
    if (dot == absl::string_view::npos || dot == 0) return out;
    absl::string_view label = domain.substr(0, dot);
    const absl::string_view rest = domain.substr(dot + 1);
    if (Contains(kBrandTldHosts, label) &&
        rest.find('.') == absl::string_view::npos && rest.size() > 3 &&
        !absl::StartsWith(rest, "xn--")) {
      label = rest;  // "home.barclays" -> "barclays"
    }
    std::string decoded;
    if (absl::StartsWith(label, "xn--")) {
      decoded = Decode(label);
      if (decoded.empty()) return out;
      label = decoded;
    }
    std::string joined;
    joined.reserve(label.size());
    for (char c : label) {
      if (c != '-') joined.push_back(c);
    }
    if (joined.size() < kMinLabelBytes) {
      if (!joined.empty()) out.variants.push_back(std::move(joined));
      return out;
    }
    out.label = std::move(joined);
    if (IsAscii(label)) AddWeakForms(label, out);
    return out;
  }

 private:
  // The Unicode form of an IDN label, folded like names and with Cyrillic
  // and Greek spelled in Latin; "" if it does not decode.
  std::string Decode(absl::string_view label) const {
    UErrorCode status = U_ZERO_ERROR;
    icu::IDNAInfo info;
    std::string unicode;
    icu::StringByteSink<std::string> sink(&unicode);
    idna_->labelToUnicodeUTF8(
        icu::StringPiece(label.data(), static_cast<int32_t>(label.size())),
        sink, info, status);
    if (U_FAILURE(status) || info.hasErrors() || !IsValidUtf8(unicode)) {
      return "";
    }
    absl::StatusOr<std::string> folded = folder_.Fold(unicode);
    if (!folded.ok()) return "";
    if (!HasCyrillicOrGreek(*folded)) return *folded;
    std::string latin;
    AppendTransliterated(*folded, latin);
    return latin;
  }

  std::unique_ptr<icu::IDNA> idna_;
  UnicodeFolder folder_;
};

}  // namespace

BrandLabelForms BrandLabelsOf(absl::string_view registrable_domain) {
  static const BrandLabeler* const labeler = [] {
    absl::StatusOr<std::unique_ptr<BrandLabeler>> created =
        BrandLabeler::Create();
    return created.ok() ? created->release() : nullptr;
  }();
  if (labeler == nullptr) return {};
  return labeler->Forms(registrable_domain);
}

absl::StatusOr<std::unique_ptr<BrandLabeler>> BrandLabeler::Create() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::IDNA> idna(
      icu::IDNA::createUTS46Instance(UIDNA_NONTRANSITIONAL_TO_UNICODE, status));
  if (U_FAILURE(status) || idna == nullptr) {
    return absl::InternalError("cannot load ICU's IDNA data for brand labels");
  }
  ASSIGN_OR_RETURN(UnicodeFolder folder, UnicodeFolder::Create());
  return std::unique_ptr<BrandLabeler>(
      new BrandLabelerImpl(std::move(idna), std::move(folder)));
}

}  // namespace blindmap
