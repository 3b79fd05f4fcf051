#include "server/snapshot_writer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/overlap.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "server/rocksdb_status.h"
#include "server/store_keys.h"

namespace blindmap {

absl::Status SnapshotWriter::Append(const v1::RecordBatch& batch) {
  rocksdb::WriteBatch updates;
  TokenKey token;
  std::string value;
  for (const v1::Record& record : batch.records()) {
    const uint32_t index = records_++;
    value.clear();
    store_keys::AppendVarint(value, record.population_bits());
    for (const v1::Token& t : record.tokens()) {
      if (t.value().size() != token.size() - 1) {
        return absl::InvalidArgumentError("token value must be 16 bytes");
      }
      token[0] = static_cast<uint8_t>(t.kind());
      std::copy_n(t.value().data(), token.size() - 1, token.begin() + 1);
      updates.Put(tokens_cf_, store_keys::TokenKey(snapshot_id_, token, index),
                  value);
      ++tokens_;
    }
    updates.Put(records_cf_, store_keys::RecordKey(snapshot_id_, index),
                absl::StrCat(record.record_id(), value));
  }
  rocksdb::WriteOptions options;
  options.disableWAL = true;
  return FromRocksDb(db_->Write(options, &updates), "writing snapshot records");
}

}  // namespace blindmap
