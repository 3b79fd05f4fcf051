// Refusing an upload that looks like a broken CRM export.
#ifndef BLINDMAP_CLIENT_SYNC_SHRINK_GUARD_H_
#define BLINDMAP_CLIENT_SYNC_SHRINK_GUARD_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/crm/crm_export.h"

namespace blindmap {

// The upload a new export is compared with.
struct PreviousUpload {
  std::string period;
  uint64_t records = 0;
};

// A broken export (header only, columns renamed, a filter that matches
// nothing) would replace a partnership's snapshot with an empty or much
// smaller one, and spend one of the period's uploads on it. The guard
// compares what a sync would upload with the last upload:
//   - no record at all (no row with a usable key in a population) is
//     always suspect;
//   - losing more than `max_shrink_percent` of the last upload's records
//     is suspect (100: only the empty case).
// ShrinkWarning() says why, or returns "" when nothing is suspect; the
// dry run prints it. CheckShrink() is INVALID_ARGUMENT with the warning and
// what to do when something is suspect and `allow_shrink` is false; it runs
// before anything is sent, so a refused sync uses none of the period's
// uploads. Pure functions.
std::string ShrinkWarning(const CrmExport& exported,
                          const std::optional<PreviousUpload>& previous,
                          int max_shrink_percent, absl::string_view partner);
absl::Status CheckShrink(const CrmExport& exported,
                         const std::optional<PreviousUpload>& previous,
                         int max_shrink_percent, absl::string_view partner,
                         bool allow_shrink);

// This machine's last upload for `partner`, kept in
// <state_dir>/partners/<partner>.last-upload (mode 0600) so that a dry run,
// which asks no broker, can warn too. nullopt when there is none (or it
// cannot be read: the guard then only checks for an empty upload).
std::optional<PreviousUpload> ReadLastUpload(const std::string& state_dir,
                                             absl::string_view partner);
absl::Status RecordLastUpload(const std::string& state_dir,
                              absl::string_view partner,
                              const PreviousUpload& upload);

// The caller's latest upload as the broker lists it in the partnership
// (Partnership.my_latest_snapshot), or nullopt before the first one.
std::optional<PreviousUpload> PreviousUploadOf(
    const v1::Partnership& partnership);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_SHRINK_GUARD_H_
