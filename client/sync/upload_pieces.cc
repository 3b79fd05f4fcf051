#include "client/sync/upload_pieces.h"

#include <utility>

#include "google/protobuf/io/coded_stream.h"

namespace blindmap {
namespace {

// Bytes a message of `size` bytes adds as a length-delimited field (tag and
// length), an upper bound.
size_t FieldBytes(size_t size) {
  return 1 + google::protobuf::io::CodedOutputStream::VarintSize64(size) + size;
}

}  // namespace

std::vector<v1::RecordBatch> SplitBatch(v1::RecordBatch& batch,
                                        size_t max_bytes) {
  std::vector<v1::RecordBatch> pieces;
  size_t piece_bytes = 0;
  for (v1::Record& record : *batch.mutable_records()) {
    const size_t bytes = FieldBytes(record.ByteSizeLong());
    // The piece itself is a field of the request: its tag and length.
    if (pieces.empty() || (pieces.back().records_size() > 0 &&
                           FieldBytes(piece_bytes + bytes) > max_bytes)) {
      pieces.emplace_back();
      piece_bytes = 0;
    }
    *pieces.back().add_records() = std::move(record);
    piece_bytes += bytes;
  }
  batch.Clear();
  return pieces;
}

}  // namespace blindmap
