#include "client/sync/batch_producer.h"

#include <algorithm>
#include <tuple>

#include "absl/time/clock.h"

namespace blindmap {

BatchProducer::BatchProducer(
    const std::vector<ExportedAccount>& accounts,
    std::vector<std::unique_ptr<SnapshotTokenizer>> tokenizers,
    size_t records_per_batch)
    : accounts_(accounts),
      per_batch_(std::max<size_t>(records_per_batch, 1)),
      batches_(static_cast<int64_t>((accounts.size() + per_batch_ - 1) /
                                    per_batch_)),
      tokenizers_(std::move(tokenizers)) {
  // Two slots per worker; slot b % size is always filled by worker
  // b % workers, so workers never wait on each other.
  slots_.resize(2 * tokenizers_.size());
  for (size_t w = 0; w < tokenizers_.size(); ++w) {
    workers_.emplace_back([this, w] { Work(w); });
  }
}

BatchProducer::~BatchProducer() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  for (std::thread& worker : workers_) worker.join();
}

void BatchProducer::Work(size_t worker) {
  const int64_t step = static_cast<int64_t>(tokenizers_.size());
  const int64_t size = static_cast<int64_t>(2 * tokenizers_.size());
  v1::RecordBatch building;
  for (int64_t b = static_cast<int64_t>(worker); b < batches_; b += step) {
    const absl::Time start = absl::Now();
    building.Clear();
    const size_t begin = static_cast<size_t>(b) * per_batch_;
    const size_t end = std::min(accounts_.size(), begin + per_batch_);
    absl::Status added;
    for (size_t i = begin; i < end && added.ok(); ++i) {
      added = tokenizers_[worker]->Add(accounts_[i], building);
    }
    if (!added.ok()) {
      absl::MutexLock lock(&mutex_);
      if (status_.ok()) status_ = added;
      return;
    }
    const absl::Duration spent = absl::Now() - start;
    absl::MutexLock lock(&mutex_);
    Slot& slot = slots_[b % size];
    std::pair<BatchProducer*, Slot*> args(this, &slot);
    mutex_.Await(absl::Condition(
        +[](std::pair<BatchProducer*, Slot*>* a) {
          return a->first->stopping_ || a->second->number < 0;
        },
        &args));
    if (stopping_) return;
    slot.batch.Swap(&building);
    slot.number = b;
    busy_ += spent;
  }
}

bool BatchProducer::Next(v1::RecordBatch& batch) {
  absl::MutexLock lock(&mutex_);
  if (next_ >= batches_) return false;
  Slot& slot = slots_[next_ % static_cast<int64_t>(slots_.size())];
  // The batch, or a worker's failure (then the batch never comes).
  std::tuple<Slot*, int64_t, absl::Status*> wait(&slot, next_, &status_);
  mutex_.Await(absl::Condition(
      +[](std::tuple<Slot*, int64_t, absl::Status*>* w) {
        return std::get<0>(*w)->number == std::get<1>(*w) ||
               !std::get<2>(*w)->ok();
      },
      &wait));
  if (!status_.ok()) return false;
  batch.Swap(&slot.batch);
  slot.number = -1;
  ++next_;
  return true;
}

absl::Status BatchProducer::status() {
  absl::MutexLock lock(&mutex_);
  return status_;
}

absl::Duration BatchProducer::busy() {
  absl::MutexLock lock(&mutex_);
  return busy_;
}

}  // namespace blindmap
