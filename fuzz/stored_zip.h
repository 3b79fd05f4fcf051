// A zip archive of stored (not deflated) files, built in memory with
// correct CRCs: how the XLSX fuzzer and its seed maker package XML that
// libFuzzer mutates.
#ifndef BLINDMAP_FUZZ_STORED_ZIP_H_
#define BLINDMAP_FUZZ_STORED_ZIP_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace blindmap::fuzz {

inline uint32_t Crc32(const std::string& data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : data) {
    crc ^= byte;
    for (int k = 0; k < 8; ++k) {
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
  }
  return ~crc;
}

inline void Put16(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
inline void Put32(std::string& out, uint32_t v) {
  Put16(out, v & 0xFFFF);
  Put16(out, v >> 16);
}

// `files`: name and content, each under 4 GiB.
inline std::string StoredZip(
    const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out;
  std::string directory;
  for (const auto& [name, content] : files) {
    const uint32_t offset = static_cast<uint32_t>(out.size());
    const uint32_t crc = Crc32(content);
    const uint32_t size = static_cast<uint32_t>(content.size());
    Put32(out, 0x04034b50);  // local file header
    Put16(out, 20);          // version needed
    Put16(out, 0);           // flags
    Put16(out, 0);           // method: stored
    Put32(out, 0);           // time, date
    Put32(out, crc);
    Put32(out, size);
    Put32(out, size);
    Put16(out, static_cast<uint32_t>(name.size()));
    Put16(out, 0);
    out += name;
    out += content;
    Put32(directory, 0x02014b50);  // central directory header
    Put16(directory, 20);
    Put16(directory, 20);
    Put16(directory, 0);
    Put16(directory, 0);
    Put32(directory, 0);
    Put32(directory, crc);
    Put32(directory, size);
    Put32(directory, size);
    Put16(directory, static_cast<uint32_t>(name.size()));
    Put16(directory, 0);  // extra
    Put16(directory, 0);  // comment
    Put16(directory, 0);  // disk
    Put16(directory, 0);  // internal attributes
    Put32(directory, 0);  // external attributes
    Put32(directory, offset);
    directory += name;
  }
  const uint32_t directory_offset = static_cast<uint32_t>(out.size());
  out += directory;
  Put32(out, 0x06054b50);  // end of central directory
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, static_cast<uint32_t>(files.size()));
  Put16(out, static_cast<uint32_t>(files.size()));
  Put32(out, static_cast<uint32_t>(directory.size()));
  Put32(out, directory_offset);
  Put16(out, 0);
  return out;
}

}  // namespace blindmap::fuzz

#endif  // BLINDMAP_FUZZ_STORED_ZIP_H_
