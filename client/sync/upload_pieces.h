// Upload messages of a bounded size.
#ifndef BLINDMAP_CLIENT_SYNC_UPLOAD_PIECES_H_
#define BLINDMAP_CLIENT_SYNC_UPLOAD_PIECES_H_

#include <cstddef>
#include <vector>

#include "blindmap/v1/broker.pb.h"

namespace blindmap {

// Moves the records of `batch`, in order, into consecutive batches each
// serializing (as an UploadSnapshotRequest) to at most `max_bytes`, so that
// an upload stays under the broker's max_message_bytes however large the
// records' sealed details are. A record too large on its own travels alone
// (and the broker refuses it, naming its limit). `batch` is left empty.
std::vector<v1::RecordBatch> SplitBatch(v1::RecordBatch& batch,
                                        size_t max_bytes);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_UPLOAD_PIECES_H_
