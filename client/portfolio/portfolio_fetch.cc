#include "client/portfolio/portfolio_fetch.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"

namespace blindmap {

absl::StatusOr<PortfolioFetch> FetchPortfolio(BrokerClient& broker) {
  PortfolioFetch fetch;
  ASSIGN_OR_RETURN(fetch.me, broker.WhoAmI());
  ASSIGN_OR_RETURN(v1::ListPartnershipsResponse list,
                   broker.ListPartnerships());
  for (const v1::Partnership& partnership : list.partnerships()) {
    PartnerFetch& partner = fetch.partners.emplace_back();
    partner.partnership = partnership;
    partner.partner = partnership.inviter() == fetch.me ? partnership.invitee()
                                                        : partnership.inviter();
    if (partnership.state() != v1::PARTNERSHIP_STATE_ACTIVE) {
      partner.status = absl::FailedPreconditionError(
          partnership.inviter() == fetch.me
              ? absl::StrCat("invited; waiting for ", partner.partner,
                             " to accept")
              : absl::StrCat("invited by ", partner.partner,
                             "; accept with `blindmap partner accept ",
                             partner.partner, "`"));
      continue;
    }
    absl::StatusOr<v1::PortfolioEntry> entry =
        broker.PortfolioEntry(partnership.id());
    partner.status = entry.status();
    if (entry.ok()) partner.entry = *std::move(entry);
  }
  return fetch;
}

}  // namespace blindmap
