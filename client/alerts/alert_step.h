// The alert step of a sync: after the upload, tell the team what changed
// since the last period, on every webhook the config names for the
// partner. Runs after the sync and never touches it: a webhook that fails
// is reported (and retried at the next run), the upload stays as it is.
#ifndef BLINDMAP_CLIENT_ALERTS_ALERT_STEP_H_
#define BLINDMAP_CLIENT_ALERTS_ALERT_STEP_H_

#include <string>
#include <vector>

#include "blindmap/v1/broker.pb.h"
#include "client/config/client_config.h"
#include "client/report/overlap_change.h"
#include "client/sync/broker_client.h"
#include "nlohmann/json.hpp"

namespace blindmap {

struct AlertOutcome {
  enum class Status {
    kSent,         // the webhook took the alert
    kNothingNew,   // no change since the last period (or no last period)
    kAlreadySent,  // this period was already announced there
    kFailed,       // see `message`; retried at the next run
  };
  std::string label;        // "alerts[0] (slack)"
  std::string destination;  // the redacted URL, or "" when unknown
  Status status = Status::kNothingNew;
  std::string message;  // why it failed, or what it found
  int attempts = 0;
};

struct AlertStepResult {
  std::string partner;
  std::string period;           // the latest period both sides synced, or ""
  std::string previous_period;  // the one compared with, or ""
  std::vector<AlertOutcome> outcomes;  // one per webhook for the partner

  bool failed() const;
};

struct AlertStepOptions {
  // `blindmap alert --test`: post a made-up change marked as a test to every
  // webhook, whatever happened, and remember nothing.
  bool test = false;
  std::string secret_file;  // "" for the config's
};

// The step for one partnership of `me` with `partner`:
//  1. the change between the two latest periods both sides synced
//     (GetHistory), per overlap type, counted in my records;
//  2. with names, which accounts both sides shared (GetSharedAccounts, the
//     partner's sealed detail opened with the partnership secret, my own
//     names from this machine's index) that were not shared at the last
//     step: only they are named;
//  3. each webhook not yet told about that period gets the alert when
//     there is news; the period and the shared accounts (as salted hashes)
//     are remembered in <state_dir>/alerts/ so the next run neither repeats
//     an alert nor misses one that failed.
// Never returns an error: every failure is an outcome (the history or the
// webhook unreachable, a bad URL file, ...). Thread-compatible.
AlertStepResult RunAlertStep(const ClientConfig& config, BrokerClient& broker,
                             const v1::Partnership& partnership,
                             const std::string& partner, const std::string& me,
                             const AlertStepOptions& options = {});

// For the summary: one line per webhook ("alerts[0] (slack) to
// https://hooks.slack.com/…: sent (1 attempt)"), and the JSON array of
// {webhook, destination, status, message, attempts}.
std::string AlertStepText(const AlertStepResult& result);
nlohmann::json AlertStepJson(const AlertStepResult& result);
const char* AlertStatusName(AlertOutcome::Status status);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_ALERTS_ALERT_STEP_H_
