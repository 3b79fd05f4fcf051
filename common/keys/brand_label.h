// The brand label of a website: what is left of a registrable domain once
// its public suffix is removed ("gxo" for gxo.ca and gxo.com), and weaker
// forms of it, so that two sites of one company can be told apart from the
// sites of two companies.
#ifndef BLINDMAP_COMMON_KEYS_BRAND_LABEL_H_
#define BLINDMAP_COMMON_KEYS_BRAND_LABEL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace blindmap {

struct BrandLabelForms {
  // The first label of the registrable domain, hyphens removed, an IDN
  // label decoded and folded like company names (Cyrillic and Greek in
  // Latin letters: "газпром.рф" -> "gazprom", as "gazprom.ru"). Empty if
  // nothing usable is left.
  std::string label;
  // Weaker forms, distinct from `label` and from each other: the label
  // without a generic prefix or suffix ("tescoplc" -> "tesco", "getacme" ->
  // "acme", "acmegroup" -> "acme", "acme-uk" -> "acme"), at least three
  // characters long. Used only to tell that two websites belong to one
  // company, never to match two records.
  std::vector<std::string> variants;
};

// Immutable after Create(); Forms() is const and thread-safe.
class BrandLabeler {
 public:
  // InternalError if ICU's IDNA or normalization data cannot be loaded.
  static absl::StatusOr<std::unique_ptr<BrandLabeler>> Create();
  virtual ~BrandLabeler() = default;

  // The forms of `registrable_domain`, as DomainNormalizer gives it (ASCII,
  // IDN labels as punycode: "xn--80afnujfh.xn--p1ai"). A label shorter than
  // three characters ("ge.com") yields no label, only itself as a variant,
  // so that it never matches on its own. ASCII labels never reach ICU.
  virtual BrandLabelForms Forms(absl::string_view registrable_domain) const = 0;
};

// BrandLabeler::Forms() of a process-wide labeler, created on first use
// (thread-safe). Should ICU fail to load, nothing.
BrandLabelForms BrandLabelsOf(absl::string_view registrable_domain);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_KEYS_BRAND_LABEL_H_
