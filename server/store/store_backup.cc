// Backups of a running broker's database, and restoring one.
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/base/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/utilities/checkpoint.h"
#include "server/store/rocksdb_status.h"
#include "server/store/store.h"
#include "server/store/store_internal.h"

namespace blindmap {
namespace {

namespace fs = std::filesystem;

// Files and bytes under `dir`.
void Measure(const fs::path& dir, BackupInfo& info) {
  std::error_code error;
  for (const auto& entry : fs::recursive_directory_iterator(dir, error)) {
    if (!entry.is_regular_file(error)) continue;
    ++info.files;
    info.bytes += entry.file_size(error);
  }
}

}  // namespace

absl::StatusOr<BackupInfo> Store::Backup(const std::string& directory) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create the backup directory ", directory, ": ",
                     error.message()));
  }
  const std::string stamp =
      absl::FormatTime("%Y%m%dT%H%M%SZ", absl::Now(), absl::UTCTimeZone());
  fs::path path = fs::path(directory) / absl::StrCat("blindmapd-", stamp);
  for (int n = 2; fs::exists(path, error); ++n) {
    path = fs::path(directory) / absl::StrCat("blindmapd-", stamp, "-", n);
  }
  rocksdb::Checkpoint* raw = nullptr;
  RETURN_IF_ERROR(FromRocksDb(rocksdb::Checkpoint::Create(db_.get(), &raw),
                              "starting a backup"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // log_size_for_flush 0: memtables are flushed first, so the copy needs
  // no write-ahead log and is one consistent point in time.
  RETURN_IF_ERROR(FromRocksDb(
      checkpoint->CreateCheckpoint(path.string(), /*log_size_for_flush=*/0),
      absl::StrCat("writing the backup ", path.string())));
  chmod(path.c_str(), 0700);
  BackupInfo info;
  info.path = path.string();
  Measure(path, info);
  return info;
}

absl::Status RestoreBackup(const std::string& backup,
                           const std::string& db_dir) {
  std::error_code error;
  if (!fs::is_regular_file(fs::path(backup) / "CURRENT", error)) {
    return absl::InvalidArgumentError(absl::StrCat(
        backup,
        " is not a blindmapd backup (no CURRENT file; give the "
        "blindmapd-<time> directory that `blindmapd admin backup` printed)"));
  }
  if (fs::exists(db_dir, error) && !fs::is_empty(db_dir, error)) {
    return absl::FailedPreconditionError(absl::StrCat(
        db_dir,
        " already holds a database: restore into a fresh data_dir (or move "
        "the old one away first)"));
  }
  const std::string partial = db_dir + ".restoring";
  fs::remove_all(partial, error);
  fs::create_directories(partial, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", partial, ": ", error.message()));
  }
  chmod(partial.c_str(), 0700);
  for (const auto& entry : fs::directory_iterator(backup, error)) {
    if (!entry.is_regular_file()) continue;
    const fs::path target = fs::path(partial) / entry.path().filename();
    fs::copy_file(entry.path(), target, error);
    if (error) {
      fs::remove_all(partial, error);
      return absl::FailedPreconditionError(
          absl::StrCat("cannot copy ", entry.path().string(), " to ",
                       target.string(), ": ", error.message()));
    }
    chmod(target.c_str(), 0600);
  }
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read ", backup, ": ", error.message()));
  }
  fs::remove(db_dir, error);  // empty, if there
  fs::rename(partial, db_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot move the restored database to ", db_dir, ": ",
                     error.message()));
  }
  // Opening checks it, and sweeps uploads that were streaming at the time.
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store,
                   Store::Open(db_dir, StoreOptions()));
  return absl::OkStatus();
}

}  // namespace blindmap
