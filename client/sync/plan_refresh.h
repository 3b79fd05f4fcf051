// Refreshing the co-sell plan with one partner: what the broker released
// (the mutually shared accounts, the counts, the history), this machine's
// index of what it offered, my export's plan columns, the engagement log
// and the previous period's plan, put together by BuildPlan(); the
// period's state is saved for the next one. `blindmap plan` calls it, and
// so can `sync --all` followed by DiffPeriods() (alerts, issue #20).
#ifndef BLINDMAP_CLIENT_SYNC_PLAN_REFRESH_H_
#define BLINDMAP_CLIENT_SYNC_PLAN_REFRESH_H_

#include <string>

#include "absl/status/statusor.h"
#include "client/config/client_config.h"
#include "client/plan/plan_model.h"
#include "client/sync/broker_client.h"

namespace blindmap {

struct PlanRefreshOptions {
  std::string partner;
  // My CRM export (my own factors); "" reads the config's export.file, and
  // with none either, the plan says my factors are unknown.
  std::string input;
  std::string secret_file;  // "" = the config's
  bool save_state = true;   // keep the period's PlanState
};

// Errors: the broker's (NOT_FOUND for an unknown partner,
// FAILED_PRECONDITION when the partnership is pending or a side has not
// synced yet), NOT_FOUND / FAILED_PRECONDITION for the secret file,
// INVALID_ARGUMENT / NOT_FOUND for the export, DATA_LOSS for a damaged
// plan file, FAILED_PRECONDITION when the state cannot be written.
absl::StatusOr<BuiltPlan> RefreshPlan(BrokerClient& broker,
                                      const ClientConfig& config,
                                      const PlanRefreshOptions& options);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_SYNC_PLAN_REFRESH_H_
