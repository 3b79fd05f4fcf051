// Normalizing CRM rows on worker threads, for CrmExportReader.
#ifndef BLINDMAP_CLIENT_CRM_NORMALIZER_POOL_H_
#define BLINDMAP_CLIENT_CRM_NORMALIZER_POOL_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/keys/company_name.h"
#include "common/keys/registration_id.h"
#include "common/keys/web_domain.h"

namespace blindmap {

// A row as read, before normalization.
struct RawAccount {
  int64_t row = 0;
  std::string account_id;
  uint64_t populations = 0;
  std::string name;
  std::vector<std::string> websites;  // cells; each may list several
  // Bit i set: websites[i] lists additional domains, not the account's own
  // website (ExportColumns::additional_websites).
  uint64_t additional_websites = 0;
  std::string country;  // the country cell, as typed
  std::string duns;
  std::string lei;
  std::string registration_id;
  std::string registration_country;
  std::string detail;     // serialized AccountDetail when offered
  bool opted_in = false;  // explicitly
};

// The normalization of one RawAccount.
struct NormalizedKeys {
  std::string name_key;
  std::vector<std::string> name_variants;       // CompanyNameKeys::variants
  std::vector<std::string> weak_name_variants;  // ...::weak_variants
  std::vector<std::string> domain_keys;         // distinct
  // Brand labels of the account's own websites and their weaker forms
  // (common/keys/brand_label.h), distinct.
  std::vector<std::string> brand_labels;
  std::vector<std::string> brand_variants;
  // ISO 3166-1 alpha-2 code of the country cell or, without one, of a
  // country the name names ("Acme (UK)") or, without one, of the country
  // top-level domain of the account's own websites (acme.co.uk; not .co,
  // .io, ...); null if none.
  const char* country = nullptr;
  std::string duns;  // empty: none
  std::string lei;
  std::string registration;             // "DE:HRB12345"
  std::vector<DomainVerdict> unusable;  // verdicts of websites without a key
  // Id cells that gave no key ("duns", "lei", "registration_id").
  std::vector<const char*> invalid_ids;
  bool bad_name = false;  // name not valid UTF-8
};

// Rows and, once normalized, their keys (same indices).
struct RowChunk {
  std::vector<RawAccount> raw;
  std::vector<NormalizedKeys> keys;
};

// Normalizes submitted chunks on `threads` worker threads and hands them
// back in submission order, so the reader keeps reading while earlier chunks
// are normalized. The normalizers must outlive the pool. Thread-safe;
// meant for one submitting thread.
class NormalizerPool {
 public:
  NormalizerPool(const CompanyNameNormalizer& names,
                 const DomainNormalizer& domains, size_t threads);
  ~NormalizerPool();  // finishes queued work, then joins the workers
  NormalizerPool(const NormalizerPool&) = delete;
  NormalizerPool& operator=(const NormalizerPool&) = delete;

  void Submit(std::unique_ptr<RowChunk> chunk);
  // The oldest submitted chunk, once normalized (blocks until then);
  // nullptr when nothing is in flight.
  std::unique_ptr<RowChunk> TakeOldest();
  size_t in_flight();

 private:
  struct Job {
    std::unique_ptr<RowChunk> chunk;
    bool done = false;
  };
  void Work();

  const CompanyNameNormalizer& names_;
  const DomainNormalizer& domains_;
  absl::Mutex mutex_;
  std::deque<std::shared_ptr<Job>> order_ ABSL_GUARDED_BY(mutex_);
  std::deque<std::shared_ptr<Job>> waiting_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::vector<std::thread> workers_;
};

// Normalizes one row (used by the pool, and directly in tests). Website
// cells are split on ';', ',', '|' and whitespace first. A registration id
// that is a valid LEI becomes the LEI key. The country cell is read with
// FindCountryAlpha2() ("U.S.", "Deutschland", "Great Britain"); a cell that
// names no country (a region, a typo) gives none.
void NormalizeRow(const CompanyNameNormalizer& names,
                  const DomainNormalizer& domains, const RawAccount& raw,
                  NormalizedKeys& out);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CRM_NORMALIZER_POOL_H_
