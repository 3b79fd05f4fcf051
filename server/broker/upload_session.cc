#include "server/broker/upload_session.h"

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/base/log.h"
#include "common/base/status_macros.h"
#include "common/crypto/crypto.h"
#include "common/match/match_rule.h"
#include "server/broker/probe_policy.h"
#include "server/store/store.h"
#include "server/store/store_keys.h"

namespace blindmap {
namespace {

constexpr size_t kRecordIdBytes = 16;
constexpr size_t kTokenValueBytes = 16;
constexpr size_t kMaxSealedDetailBytes = 16 * 1024;

bool IsKnownKind(v1::KeyKind kind) {
  return kind > v1::KEY_KIND_UNSPECIFIED && kind <= kMaxKeyKind;
}

// Adds what a record contributes to the counts (id, populations, tokens in
// the order sent; not its detail or opt-in) to `digest`.
void AddToDigest(const v1::Record& record, std::array<uint64_t, 4>& digest) {
  std::string bytes = record.record_id();
  store_keys::AppendU64(bytes, record.population_bits());
  for (const v1::Token& token : record.tokens()) {
    bytes.push_back(static_cast<char>(token.kind()));
    bytes.append(token.value());
  }
  const std::string hash = Sha256(bytes);
  for (size_t lane = 0; lane < digest.size(); ++lane) {
    digest[lane] +=
        store_keys::ReadU64(absl::string_view(hash).substr(8 * lane));
  }
}

}  // namespace

UploadSession::UploadSession(Store* store,
                             std::unique_ptr<SnapshotWriter> writer,
                             storage::SnapshotRecord pending,
                             uint32_t max_tokens_per_record,
                             std::function<absl::Time()> clock,
                             UploadPolicy policy)
    : store_(store),
      writer_(std::move(writer)),
      snapshot_(std::move(pending)),
      max_tokens_per_record_(max_tokens_per_record),
      clock_(std::move(clock)),
      policy_(std::move(policy)),
      population_sizes_(snapshot_.populations_size(), 0) {}

UploadSession::~UploadSession() {
  if (committed_) return;
  const absl::Status status = store_->AbandonSnapshot(writer_->snapshot_id());
  if (!status.ok()) {
    // The start-up sweep removes it if this failed.
    LogError("could not delete abandoned snapshot %d: %s",
             writer_->snapshot_id(), status.ToString());
  }
}

absl::Status UploadSession::AddBatch(const v1::RecordBatch& batch) {
  if (failed_ || committed_) {
    return absl::FailedPreconditionError("upload session is closed");
  }
  const uint64_t announced = snapshot_.record_count();
  const uint64_t allowed_bits =
      population_sizes_.size() >= 64
          ? ~uint64_t{0}
          : (uint64_t{1} << population_sizes_.size()) - 1;
  auto reject = [&](int index, absl::string_view rule) {
    failed_ = true;
    return absl::InvalidArgumentError(absl::StrCat(
        "record ", writer_->records() + index + 1, " of the upload: ", rule));
  };
  if (writer_->records() + static_cast<uint64_t>(batch.records_size()) >
      announced) {
    return reject(announced - writer_->records(),
                  absl::StrCat("more records than the ", announced,
                               " the header announced"));
  }
  for (int i = 0; i < batch.records_size(); ++i) {
    const v1::Record& record = batch.records(i);
    if (record.record_id().size() != kRecordIdBytes) {
      return reject(i, "record_id must be 16 bytes");
    }
    std::array<char, 16> id;
    std::memcpy(id.data(), record.record_id().data(), id.size());
    if (!record_ids_.insert(id).second) {
      return reject(i, "record_id repeats an earlier record of this upload");
    }
    if (record.population_bits() == 0 ||
        (record.population_bits() & ~allowed_bits) != 0) {
      return reject(i, absl::StrCat("population_bits must name at least one "
                                    "of the header's ",
                                    population_sizes_.size(),
                                    " populations and no other"));
    }
    if (record.tokens_size() == 0 ||
        static_cast<uint32_t>(record.tokens_size()) > max_tokens_per_record_) {
      return reject(i,
                    absl::StrCat("a record needs 1 to ", max_tokens_per_record_,
                                 " tokens (max_tokens_per_record), not ",
                                 record.tokens_size()));
    }
    if (record.sealed_detail().size() > kMaxSealedDetailBytes) {
      return reject(i, absl::StrCat("sealed_detail may hold at most ",
                                    kMaxSealedDetailBytes, " bytes"));
    }
    if (record.opted_in() && record.sealed_detail().empty()) {
      return reject(i, "an opted-in record needs its sealed_detail");
    }
    for (const v1::Token& token : record.tokens()) {
      if (!IsKnownKind(token.kind())) {
        return reject(i, absl::StrCat("unknown token kind ", token.kind()));
      }
      if (token.value().size() != kTokenValueBytes) {
        return reject(i, "token value must be 16 bytes");
      }
    }
    for (size_t p = 0; p < population_sizes_.size(); ++p) {
      if ((record.population_bits() >> p) & 1) ++population_sizes_[p];
    }
    AddToDigest(record, digest_);
  }
  const absl::Status written = writer_->Append(batch);
  if (!written.ok()) failed_ = true;
  return written;
}

absl::StatusOr<v1::UploadSnapshotResponse> UploadSession::Commit(
    const v1::SnapshotCommit& commit) {
  if (failed_ || committed_) {
    return absl::FailedPreconditionError("upload session is closed");
  }
  if (commit.record_count() != snapshot_.record_count() ||
      writer_->records() != snapshot_.record_count()) {
    failed_ = true;
    return absl::InvalidArgumentError(absl::StrCat(
        "upload incomplete: the header announced ", snapshot_.record_count(),
        " records, the commit ", commit.record_count(), ", and ",
        writer_->records(), " arrived"));
  }
  std::string digest;
  for (uint64_t lane : digest_) store_keys::AppendU64(digest, lane);
  snapshot_.set_content_digest(digest);
  snapshot_.set_upload_number(policy_.upload_number);
  if (absl::Status refused = CheckDifference(); !refused.ok()) {
    failed_ = true;
    return refused;
  }
  snapshot_.set_token_count(writer_->tokens());
  snapshot_.clear_population_sizes();
  for (uint64_t size : population_sizes_) snapshot_.add_population_sizes(size);
  snapshot_.set_uploaded_at_unix(absl::ToUnixSeconds(clock_()));
  absl::StatusOr<SnapshotFiles> files = writer_->Finish();
  if (!files.ok()) {
    failed_ = true;
    return files.status();
  }
  absl::StatusOr<bool> replaced = store_->CommitSnapshot(snapshot_, *files);
  if (!replaced.ok()) {
    failed_ = true;
    return replaced.status();
  }
  committed_ = true;
  v1::UploadSnapshotResponse response;
  response.set_period(snapshot_.period());
  response.set_records_stored(writer_->records());
  response.set_tokens_stored(writer_->tokens());
  for (uint64_t size : population_sizes_) response.add_population_sizes(size);
  response.set_replaced_previous(*replaced);
  response.set_upload_number(policy_.upload_number);
  response.set_max_uploads_per_period(policy_.max_uploads_per_period);
  if (policy_.on_committed) policy_.on_committed(snapshot_);
  return response;
}

absl::Status UploadSession::CheckDifference() {
  if (policy_.min_changed_records == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(
      auto heads, store_->Heads(snapshot_.partnership_id(), snapshot_.party()));
  const auto head = heads.find(snapshot_.period());
  if (head == heads.end()) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto previous, store_->FindSnapshot(head->second));
  if (!previous.has_value() ||
      previous->content_digest() == snapshot_.content_digest()) {
    return absl::OkStatus();  // unchanged: the counts cannot move
  }
  const uint64_t threshold = policy_.min_changed_records;
  ASSIGN_OR_RETURN(uint64_t removed, store_->CountRecordIdsMissing(
                                         previous->id(),
                                         [this](absl::string_view id) {
                                           std::array<char, 16> key;
                                           if (id.size() != key.size())
                                             return false;
                                           std::memcpy(key.data(), id.data(),
                                                       key.size());
                                           return record_ids_.contains(key);
                                         },
                                         threshold));
  // Added = new records - (old records - removed).
  const uint64_t kept = previous->record_count() - removed;
  const uint64_t added = writer_->records() - kept;
  if (removed + added >= threshold) return absl::OkStatus();
  LogInfo(
      "partnership %s: upload of snapshot %d by %s refused by the "
      "difference check",
      snapshot_.partnership_id(), snapshot_.id(), snapshot_.party());
  return MarkProbeRefusal(
      absl::ResourceExhaustedError(absl::StrCat(
          "refused by the partnership's probe policy (difference check, "
          "min_changed_records ",
          threshold, "): this upload changes the content of your upload for ",
          snapshot_.period(), " but adds or removes only ", removed + added,
          " records; counts are not recomputed for changes smaller than ",
          threshold,
          " records. Your previous upload stays in place. Sync again when more "
          "of your CRM has changed, or in the next period.")),
      "min_changed_records");
}

}  // namespace blindmap
