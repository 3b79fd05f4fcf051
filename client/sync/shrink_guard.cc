#include "client/sync/shrink_guard.h"

#include <filesystem>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/console/progress_line.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"

namespace blindmap {

std::string ShrinkWarning(const CrmExport& exported,
                          const std::optional<PreviousUpload>& previous,
                          int max_shrink_percent, absl::string_view partner) {
  const uint64_t records = exported.accounts.size();
  const ExportSummary& s = exported.summary;
  const std::string last =
      previous.has_value()
          ? absl::StrCat("your last upload for ", partner, " (period ",
                         previous->period, ") had ",
                         WithThousands(previous->records), " records")
          : "";
  if (records == 0) {
    return absl::StrCat(
        "this export gives no record to upload: of its ", WithThousands(s.rows),
        " rows, ", WithThousands(s.no_key),
        " have no usable company name, "
        "website or registration id, ",
        WithThousands(s.no_population), " are in no population, ",
        WithThousands(s.excluded), " are excluded and ",
        WithThousands(s.rejected), " are malformed",
        last.empty() ? "" : absl::StrCat("; ", last),
        ". Check the export and its columns (blindmap sync --dry-run lists "
        "the columns found)");
  }
  if (!previous.has_value() || previous->records == 0 ||
      records >= previous->records) {
    return "";
  }
  const uint64_t lost = previous->records - records;
  // lost / previous > max_shrink_percent / 100, in integers.
  if (lost * 100 <=
      static_cast<uint64_t>(max_shrink_percent) * previous->records) {
    return "";
  }
  return absl::StrCat(
      "this export gives ", WithThousands(records), " records, ",
      (lost * 100) / previous->records, "% fewer than the ",
      WithThousands(previous->records), " of your last upload for ", partner,
      " (period ", previous->period, "); losing more than ", max_shrink_percent,
      "% (export.max_shrink_percent) looks like a broken export");
}

absl::Status CheckShrink(const CrmExport& exported,
                         const std::optional<PreviousUpload>& previous,
                         int max_shrink_percent, absl::string_view partner,
                         bool allow_shrink) {
  if (allow_shrink) return absl::OkStatus();
  const std::string warning =
      ShrinkWarning(exported, previous, max_shrink_percent, partner);
  if (warning.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "not uploaded to ", partner, ": ", warning,
      ". Nothing was sent and none of the period's uploads was used; if the "
      "export is right, sync again with --allow-shrink"));
}

namespace {
std::string LastUploadPath(const std::string& state_dir,
                           absl::string_view partner) {
  return absl::StrCat(state_dir, "/partners/", partner, ".last-upload");
}
}  // namespace

std::optional<PreviousUpload> ReadLastUpload(const std::string& state_dir,
                                             absl::string_view partner) {
  absl::StatusOr<std::string> line =
      ReadPrivateFile(LastUploadPath(state_dir, partner), "last upload");
  if (!line.ok()) return std::nullopt;
  const std::vector<std::string> parts = absl::StrSplit(*line, ' ');
  PreviousUpload upload;
  if (parts.size() != 2 || parts[0].empty() ||
      !absl::SimpleAtoi(parts[1], &upload.records)) {
    return std::nullopt;
  }
  upload.period = parts[0];
  return upload;
}

absl::Status RecordLastUpload(const std::string& state_dir,
                              absl::string_view partner,
                              const PreviousUpload& upload) {
  RETURN_IF_ERROR(EnsurePrivateDir(state_dir + "/partners"));
  const std::string path = LastUploadPath(state_dir, partner);
  const std::string temporary = path + ".new";
  std::filesystem::remove(temporary);
  RETURN_IF_ERROR(WritePrivateFile(
      temporary, absl::StrCat(upload.period, " ", upload.records),
      "last upload"));
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", path, ": ", error.message()));
  }
  return absl::OkStatus();
}

std::optional<PreviousUpload> PreviousUploadOf(
    const v1::Partnership& partnership) {
  if (!partnership.has_my_latest_snapshot() ||
      partnership.my_latest_snapshot().period().empty()) {
    return std::nullopt;
  }
  return PreviousUpload{partnership.my_latest_snapshot().period(),
                        partnership.my_latest_snapshot().records()};
}

}  // namespace blindmap
