#include "client/crm/normalizer_pool.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_split.h"
#include "common/keys/brand_label.h"
#include "common/keys/countries.h"

namespace blindmap {

namespace {

void AddDistinct(std::string value, std::vector<std::string>& out) {
  if (std::find(out.begin(), out.end(), value) == out.end()) {
    out.push_back(std::move(value));
  }
}

// The brand label forms of one of the account's own domains.
void AddBrandLabels(absl::string_view domain, NormalizedKeys& out) {
  BrandLabelForms forms = BrandLabelsOf(domain);
  if (!forms.label.empty()) {
    out.brand_variants.erase(std::remove(out.brand_variants.begin(),
                                         out.brand_variants.end(), forms.label),
                             out.brand_variants.end());
    AddDistinct(std::move(forms.label), out.brand_labels);
  }
  for (std::string& variant : forms.variants) {
    if (std::find(out.brand_labels.begin(), out.brand_labels.end(), variant) ==
        out.brand_labels.end()) {
      AddDistinct(std::move(variant), out.brand_variants);
    }
  }
}

// The name without trailing words that name the account's own country,
// however written ("Halifax Ltd GB", "Tempur-Pedic US", "Air France" for an
// account in the UK, the US, France), as another spelling of the name.
void AddNameWithoutOwnCountry(const CompanyNameNormalizer& names,
                              NormalizedKeys& out) {
  const absl::string_view key = out.name_key;
  size_t end = key.size();
  for (int words = 0; words < 5; ++words) {
    const size_t space = key.rfind(' ', end == 0 ? 0 : end - 1);
    if (space == absl::string_view::npos || space == 0) return;
    const absl::string_view core_text = key.substr(0, space);
    // "Bank of America", "Banco de Chile": the country is the name's.
    const size_t before = core_text.rfind(' ');
    const absl::string_view last = before == absl::string_view::npos
                                       ? core_text
                                       : core_text.substr(before + 1);
    if (last == "of" || last == "de" || last == "and" || last == "the" ||
        last == "du" || last == "des" || last == "del" || last == "la") {
      end = space;
      continue;
    }
    const char* named = FindFoldedCountryAlpha2(key.substr(space + 1));
    if (named != nullptr && std::strcmp(named, out.country) == 0) {
      absl::StatusOr<std::string> core = names.Normalize(core_text);
      if (core.ok() && !core->empty() && *core != out.name_key &&
          std::find(out.name_variants.begin(), out.name_variants.end(),
                    *core) == out.name_variants.end()) {
        out.weak_name_variants.erase(
            std::remove(out.weak_name_variants.begin(),
                        out.weak_name_variants.end(), *core),
            out.weak_name_variants.end());
        out.name_variants.push_back(*std::move(core));
      }
      return;
    }
    end = space;
  }
}

}  // namespace

void NormalizeRow(const CompanyNameNormalizer& names,
                  const DomainNormalizer& domains, const RawAccount& raw,
                  NormalizedKeys& out) {
  if (!raw.name.empty()) {
    absl::StatusOr<CompanyNameKeys> keys = names.NormalizeKeys(raw.name);
    if (keys.ok()) {
      out.name_key = std::move(keys->key);
      out.name_variants = std::move(keys->variants);
      out.weak_name_variants = std::move(keys->weak_variants);
      out.country = keys->country;
    } else {
      out.bad_name = true;
    }
  }
  if (!raw.country.empty()) {
    if (const char* country = FindCountryAlpha2(raw.country)) {
      out.country = country;
    }
  }
  // Without a country, the country code of the account's own websites'
  // top-level domain, if they agree on one.
  const char* site_country = nullptr;
  bool sites_disagree = false;
  for (size_t cell = 0; cell < raw.websites.size(); ++cell) {
    const bool own = cell >= 64 || ((raw.additional_websites >> cell) & 1) == 0;
    for (absl::string_view website :
         absl::StrSplit(raw.websites[cell], absl::ByAnyChar(";,| \t\r\n"),
                        absl::SkipEmpty())) {
      NormalizedDomain domain = domains.Normalize(website);
      if (domain.verdict == DomainVerdict::kOk) {
        if (own) {
          AddBrandLabels(domain.domain, out);
          const char* country = FindCountryOfDomain(domain.domain);
          if (country != nullptr && site_country != nullptr &&
              country != site_country) {
            sites_disagree = true;
          } else if (country != nullptr) {
            site_country = country;
          }
        }
        if (std::find(out.domain_keys.begin(), out.domain_keys.end(),
                      domain.domain) == out.domain_keys.end()) {
          out.domain_keys.push_back(std::move(domain.domain));
        }
      } else if (domain.verdict != DomainVerdict::kEmpty) {
        out.unusable.push_back(domain.verdict);
      }
    }
  }
  if (out.country == nullptr && !sites_disagree) out.country = site_country;
  if (out.country != nullptr) AddNameWithoutOwnCountry(names, out);
  const auto take = [&out](IdKey key, std::string& field, const char* what) {
    if (key.verdict == IdVerdict::kOk) {
      field = std::move(key.value);
    } else if (key.verdict == IdVerdict::kInvalid) {
      out.invalid_ids.push_back(what);
    }
  };
  take(NormalizeDuns(raw.duns), out.duns, "duns");
  take(NormalizeLei(raw.lei), out.lei, "lei");
  if (!raw.registration_id.empty()) {
    // CRMs often keep an LEI in a generic registration-id field: as an LEI
    // it meets the other side's LEIs (and their veto).
    IdKey lei = NormalizeLei(raw.registration_id);
    if (lei.verdict == IdVerdict::kOk && out.lei.empty()) {
      out.lei = std::move(lei.value);
    } else if (lei.verdict != IdVerdict::kOk) {
      take(NormalizeRegistrationId(raw.registration_country,
                                   raw.registration_id),
           out.registration, "registration_id");
    }
  }
}

NormalizerPool::NormalizerPool(const CompanyNameNormalizer& names,
                               const DomainNormalizer& domains, size_t threads)
    : names_(names), domains_(domains) {
  for (size_t i = 0; i < std::max<size_t>(threads, 1); ++i) {
    workers_.emplace_back([this] { Work(); });
  }
}

NormalizerPool::~NormalizerPool() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  for (std::thread& worker : workers_) worker.join();
}

void NormalizerPool::Submit(std::unique_ptr<RowChunk> chunk) {
  auto job = std::make_shared<Job>();
  job->chunk = std::move(chunk);
  absl::MutexLock lock(&mutex_);
  order_.push_back(job);
  waiting_.push_back(std::move(job));
}

size_t NormalizerPool::in_flight() {
  absl::MutexLock lock(&mutex_);
  return order_.size();
}

std::unique_ptr<RowChunk> NormalizerPool::TakeOldest() {
  absl::MutexLock lock(&mutex_);
  if (order_.empty()) return nullptr;
  std::shared_ptr<Job> oldest = order_.front();
  mutex_.Await(absl::Condition(
      +[](Job* job) { return job->done; }, oldest.get()));
  order_.pop_front();
  return std::move(oldest->chunk);
}

void NormalizerPool::Work() {
  while (true) {
    std::shared_ptr<Job> job;
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(
          +[](NormalizerPool* pool)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool->mutex_) {
                 return pool->stopping_ || !pool->waiting_.empty();
               },
          this));
      if (waiting_.empty()) return;  // stopping, and nothing left
      job = std::move(waiting_.front());
      waiting_.pop_front();
    }
    RowChunk& chunk = *job->chunk;
    chunk.keys.clear();
    chunk.keys.resize(chunk.raw.size());
    for (size_t i = 0; i < chunk.raw.size(); ++i) {
      NormalizeRow(names_, domains_, chunk.raw[i], chunk.keys[i]);
    }
    absl::MutexLock lock(&mutex_);
    job->done = true;
  }
}

}  // namespace blindmap
