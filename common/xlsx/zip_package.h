// The parts of a zip archive (an Office Open XML package), read with libzip.
#ifndef BLINDMAP_COMMON_XLSX_ZIP_PACKAGE_H_
#define BLINDMAP_COMMON_XLSX_ZIP_PACKAGE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct zip;
struct zip_file;

namespace blindmap {

// One part of the package, read from the start in pieces (inflated as it
// goes, so a large worksheet never sits in memory whole).
class ZipPartStream {
 public:
  ~ZipPartStream();
  ZipPartStream(const ZipPartStream&) = delete;
  ZipPartStream& operator=(const ZipPartStream&) = delete;

  // Up to `size` bytes into `buffer`; 0 at the end. INVALID_ARGUMENT naming
  // the source and part when the data is damaged (a bad CRC, truncated
  // deflate data).
  absl::StatusOr<size_t> Read(char* buffer, size_t size);

 private:
  friend class ZipPackage;
  ZipPartStream(zip_file* file, std::string where)
      : file_(file), where_(std::move(where)) {}
  zip_file* file_;
  std::string where_;
};

// A zip archive opened read-only from a file or from bytes it keeps. Part
// names are matched ignoring case (as OPC says). Not thread-safe; the
// streams it hands out must not outlive it. Errors are INVALID_ARGUMENT
// naming `source` ("accounts.xlsx: not a zip archive ...").
class ZipPackage {
 public:
  static absl::StatusOr<std::unique_ptr<ZipPackage>> OpenFile(
      const std::string& path);
  static absl::StatusOr<std::unique_ptr<ZipPackage>> FromBytes(
      std::string bytes, std::string source);
  ~ZipPackage();
  ZipPackage(const ZipPackage&) = delete;
  ZipPackage& operator=(const ZipPackage&) = delete;

  bool Has(absl::string_view part) const;
  // The whole part; INVALID_ARGUMENT if it inflates to more than
  // `max_bytes`, NOT_FOUND if the package has no such part.
  absl::StatusOr<std::string> ReadAll(absl::string_view part,
                                      size_t max_bytes) const;
  // NOT_FOUND if the package has no such part.
  absl::StatusOr<std::unique_ptr<ZipPartStream>> Open(
      absl::string_view part) const;

  const std::string& source() const { return source_; }

 private:
  ZipPackage(zip* archive, std::string bytes, std::string source)
      : archive_(archive),
        bytes_(std::move(bytes)),
        source_(std::move(source)) {}
  absl::StatusOr<int64_t> Locate(absl::string_view part) const;

  zip* archive_;
  std::string bytes_;  // FromBytes: the archive libzip reads from
  std::string source_;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_XLSX_ZIP_PACKAGE_H_
