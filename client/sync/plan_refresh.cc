#include "client/sync/plan_refresh.h"

#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "client/config/secret_file.h"
#include "client/sync/local_state.h"
#include "client/sync/partner_sync.h"
#include "client/sync/shared_index.h"
#include "common/base/status_macros.h"
#include "common/crypto/key_schedule.h"
#include "common/crypto/sync_period.h"

namespace blindmap {
namespace {

std::map<std::string, v1::SharingLevel> Levels(
    const google::protobuf::RepeatedPtrField<v1::PopulationSharing>& list) {
  std::map<std::string, v1::SharingLevel> levels;
  for (const v1::PopulationSharing& entry : list) {
    levels[entry.population()] = entry.level();
  }
  return levels;
}

// The state of `period` (or the latest before it); nullopt when none.
absl::StatusOr<std::optional<PlanState>> Optional(
    absl::StatusOr<PlanState> state) {
  if (state.ok()) return std::optional<PlanState>(*std::move(state));
  if (absl::IsNotFound(state.status())) return std::optional<PlanState>();
  return state.status();
}

}  // namespace

absl::StatusOr<BuiltPlan> RefreshPlan(BrokerClient& broker,
                                      const ClientConfig& config,
                                      const PlanRefreshOptions& options) {
  ASSIGN_OR_RETURN(v1::Partnership partnership,
                   broker.FindPartnership(options.partner));
  if (partnership.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the partnership with ", options.partner, " is pending: ",
        partnership.invitee(), " has not accepted the invitation yet"));
  }
  const bool inviter = partnership.invitee() == options.partner;
  const std::string me =
      inviter ? partnership.inviter() : partnership.invitee();
  ASSIGN_OR_RETURN(v1::SharedAccounts shared,
                   broker.SharedAccounts(partnership.id()));
  ASSIGN_OR_RETURN(v1::OverlapReport report, broker.Report(partnership.id()));
  ASSIGN_OR_RETURN(v1::ReportHistory history,
                   broker.GetHistory(partnership.id()));
  ASSIGN_OR_RETURN(PartnershipSecret secret,
                   LoadSecret(config, options.partner, options.secret_file));
  ASSIGN_OR_RETURN(std::string detail_key, KeySchedule(secret).DetailKey());

  PlanInputs in;
  in.me = me;
  in.partner = options.partner;
  in.partnership_id = partnership.id();
  in.period = shared.period();
  in.cadence = CadenceName(partnership.cadence());
  in.today = absl::ToCivilDay(Now(), absl::UTCTimeZone());
  std::map<std::string, OfferedAccount> offered;
  absl::StatusOr<SharedIndex> index = ReadSharedIndex(
      SharedIndexPath(config.state_dir, partnership.id(), shared.period()));
  if (index.ok()) {
    for (const auto& [record_id, account] : *index) {
      offered[record_id] = {account.account_id, account.detail.account_name()};
      in.offered.insert(account.account_id);
    }
  } else if (!absl::IsNotFound(index.status())) {
    return index.status();
  }
  in.shared = OpenSharedPairs(shared, detail_key, offered);
  for (const SharedPair& pair : in.shared.pairs) {
    in.partner_shares_relationship |= !pair.partner.relationship().empty();
  }
  ASSIGN_OR_RETURN(std::vector<std::string> opted_out,
                   ReadOptOuts(config.state_dir, options.partner));
  in.opted_out.insert(opted_out.begin(), opted_out.end());

  const PlanStore store(config.state_dir, options.partner);
  ASSIGN_OR_RETURN(in.previous, Optional(store.LatestBefore(in.period)));
  ASSIGN_OR_RETURN(in.this_period, Optional(store.Load(in.period)));
  ASSIGN_OR_RETURN(in.log, store.ReadEngagement());

  const std::string input =
      options.input.empty() ? config.export_file : options.input;
  std::optional<OwnFacts> facts;
  if (!input.empty()) {
    absl::flat_hash_set<std::string> wanted;
    for (const SharedPair& pair : in.shared.pairs) {
      wanted.insert(pair.my_account_id);
    }
    if (in.previous.has_value()) {
      for (const PlannedAccount& a : in.previous->accounts) {
        wanted.insert(a.account_id);
      }
    }
    ASSIGN_OR_RETURN(facts, ReadOwnFacts(config, input, wanted, &in.offered));
    in.facts = &*facts;
  }
  in.report = report;
  in.history.assign(history.reports().begin(), history.reports().end());
  in.my_levels = Levels(MyLevels(partnership, me));
  in.partner_levels = Levels(inviter ? partnership.invitee_sharing()
                                     : partnership.inviter_sharing());

  BuiltPlan built = BuildPlan(in, config.plan);
  if (options.save_state) RETURN_IF_ERROR(store.Save(built.state));
  return built;
}

}  // namespace blindmap
