// Asking the broker for the portfolio: one call per partnership.
#ifndef BLINDMAP_CLIENT_PORTFOLIO_PORTFOLIO_FETCH_H_
#define BLINDMAP_CLIENT_PORTFOLIO_PORTFOLIO_FETCH_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blindmap/v1/broker.pb.h"
#include "client/sync/broker_client.h"

namespace blindmap {

// What the broker said about one partnership of mine.
struct PartnerFetch {
  v1::Partnership partnership;
  std::string partner;
  // OK with `entry` for an active partnership both sides have synced;
  // FAILED_PRECONDITION (with the broker's reason) for a pending one or one
  // not synced by both; any other error as the call returned it.
  absl::Status status;
  std::optional<v1::PortfolioEntry> entry;
};

struct PortfolioFetch {
  std::string me;
  std::vector<PartnerFetch> partners;  // in the broker's order
};

// Lists my partnerships, then asks GetPortfolioEntry once for each active
// one (a pending one is not asked). A partnership whose call fails keeps
// its error in PartnerFetch::status and the others go on, so partnerships
// on different brokers behind a router fan out independently. Errors: only
// WhoAmI's and ListPartnerships'.
absl::StatusOr<PortfolioFetch> FetchPortfolio(BrokerClient& broker);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PORTFOLIO_PORTFOLIO_FETCH_H_
