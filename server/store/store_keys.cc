#include "server/store/store_keys.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace blindmap::store_keys {

void AppendU64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

void AppendU32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

uint64_t ReadU64(absl::string_view bytes) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  }
  return value;
}

uint32_t ReadU32(absl::string_view bytes) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  }
  return value;
}

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

bool ReadVarint(absl::string_view& bytes, uint64_t& value) {
  value = 0;
  for (int shift = 0, i = 0; shift < 64 && i < static_cast<int>(bytes.size());
       shift += 7, ++i) {
    const uint8_t byte = static_cast<uint8_t>(bytes[i]);
    value |= uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) {
      bytes.remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

std::string SnapshotId(uint64_t id) {
  std::string out;
  AppendU64(out, id);
  return out;
}

std::string SnapshotRangeEnd(uint64_t id) { return SnapshotId(id + 1); }

std::string TokenKey(uint64_t snapshot, const blindmap::TokenKey& token,
                     uint32_t record) {
  std::string out;
  out.reserve(kTokenKeyBytes);
  AppendU64(out, snapshot);
  out.append(reinterpret_cast<const char*>(token.data()), token.size());
  AppendU32(out, record);
  return out;
}

bool ParseTokenKey(absl::string_view key, blindmap::TokenKey& token,
                   uint32_t& record) {
  if (key.size() != kTokenKeyBytes) return false;
  const absl::string_view body = key.substr(kSnapshotIdBytes);
  for (size_t i = 0; i < token.size(); ++i) {
    token[i] = static_cast<uint8_t>(body[i]);
  }
  record = ReadU32(body.substr(token.size()));
  return true;
}

std::string RecordKey(uint64_t snapshot, uint32_t record) {
  std::string out;
  out.reserve(kRecordKeyBytes);
  AppendU64(out, snapshot);
  AppendU32(out, record);
  return out;
}

std::string RecordIndexKey(uint64_t snapshot, absl::string_view record_id) {
  std::string out;
  out.reserve(kSnapshotIdBytes + record_id.size());
  AppendU64(out, snapshot);
  out.append(record_id.data(), record_id.size());
  return out;
}

std::string HeadKey(absl::string_view partnership_id, absl::string_view party,
                    absl::string_view period) {
  return absl::StrCat(HeadPrefix(partnership_id, party), period);
}

std::string HeadPrefix(absl::string_view partnership_id) {
  return absl::StrCat(partnership_id, absl::string_view("\0", 1));
}

std::string HeadPrefix(absl::string_view partnership_id,
                       absl::string_view party) {
  return absl::StrCat(HeadPrefix(partnership_id), party,
                      absl::string_view("\0", 1));
}

std::string OverlapKey(uint64_t low, uint64_t high) {
  std::string out;
  AppendU64(out, low);
  AppendU64(out, high);
  return out;
}

std::string RevocationKey(absl::string_view a, absl::string_view b) {
  if (b < a) std::swap(a, b);
  std::string key(kRevocationPrefix);
  key.append(a.data(), a.size());
  key.push_back('\0');
  key.append(b.data(), b.size());
  return key;
}

}  // namespace blindmap::store_keys
