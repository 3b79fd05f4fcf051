// The steps of a sync that concern one partnership: its period, its
// sharing, and tokenizing and uploading the export read for it. Shared by
// `blindmap sync --partner` and `blindmap sync --all`.
#ifndef BLINDMAP_CLIENT_SYNC_PARTNER_SYNC_H_
#define BLINDMAP_CLIENT_SYNC_PARTNER_SYNC_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "blindmap/v1/broker.pb.h"
#include "client/config/client_config.h"
#include "client/config/sharing_config.h"
#include "client/crm/crm_export.h"
#include "client/sync/broker_client.h"

namespace blindmap {

// Reads the export (with a progress line on a terminal); `sharing`, if
// given, decides which accounts offer their detail. See CrmExportReader.
absl::StatusOr<CrmExport> ReadExport(const ClientConfig& config,
                                     const std::string& input,
                                     const std::string& contacts,
                                     const SharingConfig* sharing);

// Warnings for the levels the config sets for `partner` (sharing.levels,
// or partners.<partner>.sharing.levels) on populations the config does not
// define, exactly: they would never apply (names are case-exact).
std::vector<std::string> UnknownLevelWarnings(const ClientConfig& config,
                                              const std::string& partner);

// The period to sync for a partnership of `cadence`: `requested` (from
// --period) if it is a label of that cadence, else INVALID_ARGUMENT; the
// current period (blindmap::Now(), so BLINDMAP_FAKE_NOW applies) when
// `requested` is empty.
absl::StatusOr<std::string> SyncPeriodFor(v1::SyncCadence cadence,
                                          const std::string& requested);

// This party's sharing levels as the broker holds them.
const google::protobuf::RepeatedPtrField<v1::PopulationSharing>& MyLevels(
    const v1::Partnership& partnership, const std::string& me);

// The sharing settings for `partner`: the config's, with levels set on the
// broker (`blindmap sharing --set`) for populations the config does not
// list (none when `broker_levels` is null), and the accounts opted out from
// this machine (`blindmap opt-out`).
absl::StatusOr<SharingConfig> EffectiveSharing(
    const ClientConfig& config, const std::string& partner,
    const google::protobuf::RepeatedPtrField<v1::PopulationSharing>*
        broker_levels);

// What one upload achieved.
struct UploadOutcome {
  v1::UploadSnapshotResponse response;
  double tokenize_seconds = 0;  // the workers' busy time
  double upload_seconds = 0;    // wall time, tokenizing included
};

// Tells the broker the sharing levels the config sets, tokenizes
// `exported` with the partnership's keys for `period` (one tokenizer per
// core, ahead of the upload), uploads it, and writes this machine's index
// of the accounts it offered. `secret_file` may be empty (the config's).
// Errors: the broker's (RESOURCE_EXHAUSTED when its probe policy refuses
// the upload, FAILED_PRECONDITION on a key-check mismatch, ...), NOT_FOUND
// / FAILED_PRECONDITION for the secret file.
absl::StatusOr<UploadOutcome> TokenizeAndUpload(
    BrokerClient& broker, const ClientConfig& config,
    const v1::Partnership& partnership, const std::string& partner,
    const std::string& period, const std::string& secret_file,
    const CrmExport& exported);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_PARTNER_SYNC_H_
