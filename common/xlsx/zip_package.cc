#include "common/xlsx/zip_package.h"

#include <zip.h>

#include "absl/strings/str_cat.h"

namespace blindmap {
namespace {

std::string ZipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

absl::Status NotAZip(const std::string& source, const std::string& why) {
  return absl::InvalidArgumentError(
      absl::StrCat(source, ": not a readable XLSX workbook (", why,
                   "); save it again from Excel as .xlsx, or export as CSV"));
}

}  // namespace

ZipPartStream::~ZipPartStream() {
  if (file_ != nullptr) zip_fclose(file_);
}

absl::StatusOr<size_t> ZipPartStream::Read(char* buffer, size_t size) {
  const zip_int64_t got = zip_fread(file_, buffer, size);
  if (got < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(where_, ": the workbook is damaged (",
                     zip_error_strerror(zip_file_get_error(file_)), ")"));
  }
  return static_cast<size_t>(got);
}

absl::StatusOr<std::unique_ptr<ZipPackage>> ZipPackage::OpenFile(
    const std::string& path) {
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (archive == nullptr) {
    if (code == ZIP_ER_NOENT) {
      return absl::NotFoundError(absl::StrCat(path, " does not exist"));
    }
    if (code == ZIP_ER_OPEN || code == ZIP_ER_READ) {
      return absl::PermissionDeniedError(
          absl::StrCat("cannot read ", path, ": ", ZipErrorText(code)));
    }
    return NotAZip(path, ZipErrorText(code));
  }
  return std::unique_ptr<ZipPackage>(new ZipPackage(archive, "", path));
}

absl::StatusOr<std::unique_ptr<ZipPackage>> ZipPackage::FromBytes(
    std::string bytes, std::string source) {
  zip_error_t error;
  zip_error_init(&error);
  // The package keeps the bytes; libzip reads them in place.
  std::unique_ptr<ZipPackage> package(
      new ZipPackage(nullptr, std::move(bytes), std::move(source)));
  zip_source_t* input = zip_source_buffer_create(
      package->bytes_.data(), package->bytes_.size(), 0, &error);
  if (input == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return NotAZip(package->source_, why);
  }
  package->archive_ = zip_open_from_source(input, ZIP_RDONLY, &error);
  if (package->archive_ == nullptr) {
    zip_source_free(input);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return NotAZip(package->source_, why);
  }
  zip_error_fini(&error);
  return package;
}

ZipPackage::~ZipPackage() {
  if (archive_ != nullptr) zip_discard(archive_);
}

absl::StatusOr<int64_t> ZipPackage::Locate(absl::string_view part) const {
  const zip_int64_t index =
      zip_name_locate(archive_, std::string(part).c_str(), ZIP_FL_NOCASE);
  if (index < 0) {
    return absl::NotFoundError(
        absl::StrCat(source_, ": the workbook has no part ", part));
  }
  return static_cast<int64_t>(index);
}

bool ZipPackage::Has(absl::string_view part) const { return Locate(part).ok(); }

absl::StatusOr<std::unique_ptr<ZipPartStream>> ZipPackage::Open(
    absl::string_view part) const {
  absl::StatusOr<int64_t> index = Locate(part);
  if (!index.ok()) return index.status();
  zip_file_t* file =
      zip_fopen_index(archive_, static_cast<zip_uint64_t>(*index), 0);
  if (file == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_, ": cannot read part ", part, " (",
                     zip_error_strerror(zip_get_error(archive_)),
                     "; an encrypted or unusual workbook?)"));
  }
  return std::unique_ptr<ZipPartStream>(
      new ZipPartStream(file, absl::StrCat(source_, ": ", part)));
}

absl::StatusOr<std::string> ZipPackage::ReadAll(absl::string_view part,
                                                size_t max_bytes) const {
  absl::StatusOr<std::unique_ptr<ZipPartStream>> stream = Open(part);
  if (!stream.ok()) return stream.status();
  std::string text;
  char buffer[1 << 16];
  while (true) {
    absl::StatusOr<size_t> got = (*stream)->Read(buffer, sizeof(buffer));
    if (!got.ok()) return got.status();
    if (*got == 0) break;
    if (text.size() + *got > max_bytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(source_, ": part ", part, " is larger than ",
                       max_bytes >> 20, " MiB inflated"));
    }
    text.append(buffer, *got);
  }
  return text;
}

}  // namespace blindmap
