// The Broker methods behind the portfolio: one partnership's account
// categories, and everything the portfolio shows about it in one call.
#include <string>
#include <vector>

#include "common/base/status_macros.h"
#include "server/broker/account_categories.h"
#include "server/broker/broker.h"
#include "server/broker/common_period.h"
#include "server/broker/report_builder.h"
#include "server/store/store.h"

namespace blindmap {

absl::StatusOr<v1::AccountCategories> Broker::AccountCategories(
    absl::string_view caller, const v1::GetAccountCategoriesRequest& request) {
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   ActivePartnershipOf(caller, request.partnership_id()));
  ASSIGN_OR_RETURN(CommonSnapshots snapshots,
                   LatestCommonSnapshots(*store_, record, caller));
  ASSIGN_OR_RETURN(std::string noise_key, store_->NoiseKey());
  return BuildAccountCategories(*store_, record, caller, snapshots, noise_key);
}

absl::StatusOr<v1::PortfolioEntry> Broker::PortfolioEntry(
    absl::string_view caller, const v1::GetPortfolioEntryRequest& request) {
  ASSIGN_OR_RETURN(storage::PartnershipRecord record,
                   ActivePartnershipOf(caller, request.partnership_id()));
  ASSIGN_OR_RETURN(v1::Partnership api, ToApi(record, caller));
  ASSIGN_OR_RETURN(std::string noise_key, store_->NoiseKey());
  v1::PortfolioEntry entry;
  ASSIGN_OR_RETURN(
      *entry.mutable_report(),
      BuildReport(*store_, record, caller, api, noise_key, clock_()));
  ASSIGN_OR_RETURN(std::vector<storage::HistoryRecord> kept,
                   store_->History(record.id()));
  // The latest kept period before the report's (kept is oldest first).
  for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
    if (it->period() < entry.report().period()) {
      ASSIGN_OR_RETURN(*entry.mutable_previous(),
                       ReportFromHistory(record, caller, api, *it, noise_key));
      break;
    }
  }
  ASSIGN_OR_RETURN(CommonSnapshots snapshots,
                   LatestCommonSnapshots(*store_, record, caller));
  ASSIGN_OR_RETURN(
      *entry.mutable_categories(),
      BuildAccountCategories(*store_, record, caller, snapshots, noise_key));
  entry.set_partner_hides_populations(
      HidesPopulations(record, snapshots.partner, snapshots.theirs));
  return entry;
}

}  // namespace blindmap
