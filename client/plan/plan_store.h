// The co-sell plan's files on this machine, per partner, under the state
// directory:
//   <state_dir>/plan/<partner>/periods/<period>.json   one PlanState each
//   <state_dir>/plan/<partner>/engagement.jsonl        the engagement log
// Directories 0700, files 0600. Nothing here is ever sent: `blindmap sync`
// does not read or write these files, so the log survives every re-sync.
#ifndef BLINDMAP_CLIENT_PLAN_PLAN_STORE_H_
#define BLINDMAP_CLIENT_PLAN_PLAN_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "client/plan/plan_state.h"
#include "client/plan/plan_values.h"

namespace blindmap {

// One line of the engagement log (the tracker's: date, account, activity,
// participants, outcome, next steps), with the status it sets.
struct EngagementEntry {
  absl::CivilDay date;
  std::string account_id;    // my CRM id
  std::string account_name;  // my account name when recorded
  PlanStatus status = PlanStatus::kNew;
  std::optional<Activity> activity;
  std::string participants;
  std::string outcome;
  std::string next_step;
  std::string note;
  int64_t recorded_at_unix = 0;
};

// Reads and writes one partner's plan files. Holds only paths; every call
// goes to the file system. Not synchronized: two processes writing the same
// partner's plan at once may lose a period state (never a log line, which
// is appended with O_APPEND in one write).
class PlanStore {
 public:
  // `partner` must be a valid party name (checked by the caller).
  PlanStore(std::string state_dir, std::string partner);

  const std::string& dir() const { return dir_; }

  // Replaces the saved state of state.period: written to a temporary file,
  // synced, then renamed. FAILED_PRECONDITION naming the file on I/O
  // errors; INVALID_ARGUMENT for a period label that is not a file name.
  absl::Status Save(const PlanState& state) const;
  // NOT_FOUND when the period has no saved state; DATA_LOSS naming the
  // file when it is malformed.
  absl::StatusOr<PlanState> Load(const std::string& period) const;
  // The periods with a saved state, oldest first.
  std::vector<std::string> Periods() const;
  // The newest saved state, or the newest before `period`; NOT_FOUND when
  // there is none.
  absl::StatusOr<PlanState> Latest() const;
  absl::StatusOr<PlanState> LatestBefore(const std::string& period) const;

  // The engagement log, in the order recorded (empty when there is none).
  // DATA_LOSS naming the file and line for a malformed line.
  absl::StatusOr<std::vector<EngagementEntry>> ReadEngagement() const;
  // Appends one entry (one write with O_APPEND, then fsync).
  // FAILED_PRECONDITION naming the file on I/O errors.
  absl::Status AppendEngagement(const EngagementEntry& entry) const;

  // The partners with a plan directory under `state_dir`, sorted.
  static std::vector<std::string> PartnersWithPlans(
      const std::string& state_dir);

 private:
  std::string PeriodPath(const std::string& period) const;

  std::string dir_;
};

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PLAN_PLAN_STORE_H_
