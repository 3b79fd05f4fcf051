// `blindmap sync --all`: every active partnership from one read of the
// CRM export.
#ifndef BLINDMAP_CLIENT_SYNC_SYNC_ALL_H_
#define BLINDMAP_CLIENT_SYNC_SYNC_ALL_H_

#include <functional>
#include <string>

#include "blindmap/v1/broker.pb.h"
#include "client/config/client_config.h"
#include "client/sync/broker_client.h"
#include "nlohmann/json.hpp"

namespace blindmap {

// What a step run after a partnership's successful upload (the CLI's alert
// step) reports: lines for the summary, JSON for the partnership's object
// (its "alerts"), and an exit code (0 when all is well) that joins the run's.
struct AfterSyncReport {
  std::string text;
  nlohmann::json json;
  int exit_code = 0;
};
using AfterSync = std::function<AfterSyncReport(
    BrokerClient& broker, const v1::Partnership& partnership,
    const std::string& partner, const std::string& me)>;

struct SyncAllOptions {
  std::string input;     // default: the config's export.file
  std::string contacts;  // optional contacts export
  std::string period;    // default: each partnership's current period
  std::string format = "text";
  bool dry_run = false;
  AfterSync after_sync;  // optional; not run for a dry run or a failure
  bool allow_shrink = false;  // see shrink_guard.h
};

// Lists this party's partnerships on the broker, skips (with a note) the
// pending ones and those without a partnership secret on this machine,
// reads the export once, and tokenizes and uploads it for each of the
// others with that partnership's keys, period and sharing (a dry run
// uploads nothing). A failure with one partnership does not stop the
// others. Prints one summary per partnership and a final line (text), or
// a JSON array with one object per partnership.
//
// Returns the exit code: 0 when every partnership to sync succeeded, else
// the most severe of their codes (MoreSevereExitCode()); kExitNotFound when
// there is no partnership to sync; the code of the error when the run
// cannot start (broker unreachable, unreadable export). The caller holds
// the sync lock.
int SyncAll(const ClientConfig& config, const SyncAllOptions& options);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_SYNC_ALL_H_
