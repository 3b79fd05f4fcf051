#include "client/crm/normalizer_pool.h"

#include <algorithm>

#include "absl/strings/str_split.h"

namespace blindmap {

void NormalizeRow(const CompanyNameNormalizer& names,
                  const DomainNormalizer& domains, const RawAccount& raw,
                  NormalizedKeys& out) {
  if (!raw.name.empty()) {
    absl::StatusOr<CompanyNameKeys> keys = names.NormalizeKeys(raw.name);
    if (keys.ok()) {
      out.name_key = std::move(keys->key);
      out.name_variants = std::move(keys->variants);
    } else {
      out.bad_name = true;
    }
  }
  for (const std::string& cell : raw.websites) {
    for (absl::string_view website : absl::StrSplit(
             cell, absl::ByAnyChar(";,| \t\r\n"), absl::SkipEmpty())) {
      NormalizedDomain domain = domains.Normalize(website);
      if (domain.verdict == DomainVerdict::kOk) {
        if (std::find(out.domain_keys.begin(), out.domain_keys.end(),
                      domain.domain) == out.domain_keys.end()) {
          out.domain_keys.push_back(std::move(domain.domain));
        }
      } else if (domain.verdict != DomainVerdict::kEmpty) {
        out.unusable.push_back(domain.verdict);
      }
    }
  }
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
