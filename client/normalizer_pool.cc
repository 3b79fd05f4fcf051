#include "client/normalizer_pool.h"

#include <algorithm>

namespace blindmap {

void NormalizeRow(const CompanyNameNormalizer& names,
                  const DomainNormalizer& domains, const RawAccount& raw,
                  NormalizedKeys& out) {
  if (!raw.name.empty()) {
    absl::StatusOr<std::string> key = names.Normalize(raw.name);
    if (key.ok()) {
      out.name_key = *std::move(key);
    } else {
      out.bad_name = true;
    }
  }
  for (const std::string& website : raw.websites) {
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
