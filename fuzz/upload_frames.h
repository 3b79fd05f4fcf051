// The input format of fuzz_upload_session, shared with make_seeds.cc: a
// sequence of frames, each one operation byte, a 16-bit little-endian length
// and that many bytes of a serialized request.
#ifndef BLINDMAP_FUZZ_UPLOAD_FRAMES_H_
#define BLINDMAP_FUZZ_UPLOAD_FRAMES_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace blindmap {
namespace fuzz {

// Low three bits of the operation byte; bit 4 picks the caller (0: the
// inviter "acme", 1: the invitee "globex"). An empty partnership id or key
// check in a request stands for the fuzzer's active partnership and its key
// check.
enum class UploadOp : uint8_t {
  kBeginUpload = 0,     // v1::SnapshotHeader; ends any session in progress
  kAddBatch = 1,        // v1::RecordBatch, to the session in progress
  kCommit = 2,          // v1::SnapshotCommit, ends the session in progress
  kReport = 3,          // v1::GetReportRequest
  kSetSharing = 4,      // v1::SetSharingRequest
  kOptOut = 5,          // v1::OptOutRequest
  kSharedAccounts = 6,  // v1::GetSharedAccountsRequest
  kHistory = 7,         // v1::GetHistoryRequest
};
constexpr uint8_t kCallerIsInvitee = 0x10;

inline void AppendFrame(std::string& out, uint8_t op,
                        const std::string& payload) {
  const size_t size = payload.size() < 0xffff ? payload.size() : 0xffff;
  out.push_back(static_cast<char>(op));
  out.push_back(static_cast<char>(size & 0xff));
  out.push_back(static_cast<char>(size >> 8));
  out.append(payload, 0, size);
}

// Reads the next frame of [data, data + size) at `pos`; false at the end. A
// truncated last frame gets what is left.
inline bool NextFrame(const uint8_t* data, size_t size, size_t& pos,
                      uint8_t& op, const uint8_t*& payload,
                      size_t& payload_size) {
  if (pos + 3 > size) return false;
  op = data[pos];
  const size_t length = data[pos + 1] | (size_t{data[pos + 2]} << 8);
  pos += 3;
  payload = data + pos;
  payload_size = length < size - pos ? length : size - pos;
  pos += payload_size;
  return true;
}

}  // namespace fuzz
}  // namespace blindmap

#endif  // BLINDMAP_FUZZ_UPLOAD_FRAMES_H_
