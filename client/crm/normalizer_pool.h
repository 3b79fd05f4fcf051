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
  std::vector<std::string> name_variants;
  std::vector<std::string> domain_keys;  // distinct
  std::string duns;                      // empty: none
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
// that is a valid LEI becomes the LEI key.
void NormalizeRow(const CompanyNameNormalizer& names,
                  const DomainNormalizer& domains, const RawAccount& raw,
                  NormalizedKeys& out);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CRM_NORMALIZER_POOL_H_
