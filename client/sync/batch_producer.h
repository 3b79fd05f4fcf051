// Tokenizing accounts into upload batches on worker threads.
#ifndef BLINDMAP_CLIENT_SYNC_BATCH_PRODUCER_H_
#define BLINDMAP_CLIENT_SYNC_BATCH_PRODUCER_H_

#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "blindmap/v1/broker.pb.h"
#include "client/crm/crm_export.h"
#include "client/sync/snapshot_tokens.h"

namespace blindmap {

// Builds the upload batches of `accounts` (records_per_batch each, in
// order) on one worker thread per tokenizer, a few batches ahead of the
// consumer, so tokenizing overlaps with sending. `accounts` must outlive
// the producer. Next() is for one consumer thread.
class BatchProducer {
 public:
  BatchProducer(const std::vector<ExportedAccount>& accounts,
                std::vector<std::unique_ptr<SnapshotTokenizer>> tokenizers,
                size_t records_per_batch);
  ~BatchProducer();  // stops and joins the workers
  BatchProducer(const BatchProducer&) = delete;
  BatchProducer& operator=(const BatchProducer&) = delete;

  // Moves the next batch into `batch` (whose old contents are recycled);
  // false when all batches were delivered or tokenizing failed (status()).
  bool Next(v1::RecordBatch& batch);

  // The first tokenizing error, if any.
  absl::Status status();

  // Time the workers spent tokenizing, summed over workers.
  absl::Duration busy();

 private:
  struct Slot {
    v1::RecordBatch batch;
    int64_t number = -1;  // the batch it holds, -1 when free
  };
  void Work(size_t worker);

  const std::vector<ExportedAccount>& accounts_;
  const size_t per_batch_;
  const int64_t batches_;
  std::vector<std::unique_ptr<SnapshotTokenizer>> tokenizers_;
  absl::Mutex mutex_;
  std::vector<Slot> slots_ ABSL_GUARDED_BY(mutex_);
  int64_t next_ ABSL_GUARDED_BY(mutex_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  absl::Status status_ ABSL_GUARDED_BY(mutex_);
  absl::Duration busy_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::thread> workers_;
};

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_BATCH_PRODUCER_H_
