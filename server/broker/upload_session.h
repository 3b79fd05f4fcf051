// One snapshot upload in progress.
#ifndef BLINDMAP_SERVER_BROKER_UPLOAD_SESSION_H_
#define BLINDMAP_SERVER_BROKER_UPLOAD_SESSION_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/storage.pb.h"
#include "server/store/snapshot_writer.h"

namespace blindmap {

class Store;
namespace storage = ::blindmap::v1::storage;

// What the partnership's probe policy asks of one upload (see
// v1.ProbePolicy).
struct UploadPolicy {
  // This upload's number within the period (1 for the first) and the limit.
  uint32_t upload_number = 1;
  uint32_t max_uploads_per_period = 0;
  // A re-upload within the period whose content changed but whose record
  // ids differ from the visible snapshot's in fewer records than this is
  // refused (0: no check).
  uint32_t min_changed_records = 0;
  // Called after a successful commit (outside any lock).
  std::function<void(const storage::SnapshotRecord&)> on_committed;
};

// Receives the batches of one UploadSnapshot stream, validates every record
// and writes it as pending data; Commit() makes the snapshot visible. If the
// session is destroyed before a successful Commit() (stream broken, client
// killed, validation error), the pending data is deleted and the previously
// visible snapshot stays as it was.
//
// Created by Broker::BeginUpload(). Does not own the store. Not thread-safe:
// one stream feeds one session.
class UploadSession {
 public:
  UploadSession(Store* store, std::unique_ptr<SnapshotWriter> writer,
                storage::SnapshotRecord pending, uint32_t max_tokens_per_record,
                std::function<absl::Time()> clock, UploadPolicy policy = {});
  ~UploadSession();
  UploadSession(const UploadSession&) = delete;
  UploadSession& operator=(const UploadSession&) = delete;

  // INVALID_ARGUMENT naming the batch-relative record index and the rule
  // broken (record id length or reuse, empty or unknown population bits,
  // token count, kind or length, more records than the header announced).
  // After an error the session is unusable.
  absl::Status AddBatch(const v1::RecordBatch& batch);

  // INVALID_ARGUMENT if the commit's count, the header's count and the
  // records received disagree; FAILED_PRECONDITION if the partnership was
  // revoked meanwhile; RESOURCE_EXHAUSTED naming the difference check when
  // the probe policy refuses the upload (the visible snapshot stays).
  absl::StatusOr<v1::UploadSnapshotResponse> Commit(
      const v1::SnapshotCommit& commit);

  uint64_t records_received() const { return writer_->records(); }

 private:
  // RESOURCE_EXHAUSTED if the difference check refuses this upload.
  absl::Status CheckDifference();

  Store* const store_;
  std::unique_ptr<SnapshotWriter> writer_;
  storage::SnapshotRecord snapshot_;
  const uint32_t max_tokens_per_record_;
  const std::function<absl::Time()> clock_;
  UploadPolicy policy_;
  std::vector<uint64_t> population_sizes_;
  // Sum over records of SHA-256(record id, populations, tokens), as four
  // 64-bit lanes: order-independent, equal for an unchanged upload.
  std::array<uint64_t, 4> digest_{};
  absl::flat_hash_set<std::array<char, 16>> record_ids_;
  bool failed_ = false;
  bool committed_ = false;
};

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_BROKER_UPLOAD_SESSION_H_
