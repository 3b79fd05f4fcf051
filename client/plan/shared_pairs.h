// The mutually shared accounts of one period, opened on this machine: the
// partner's sealed detail decrypted, my side named from this machine's
// index of what it offered, and each pair's overlap type.
#ifndef BLINDMAP_CLIENT_PLAN_SHARED_PAIRS_H_
#define BLINDMAP_CLIENT_PLAN_SHARED_PAIRS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/detail.pb.h"
#include "client/plan/plan_state.h"
#include "client/report/overlap_types.h"

namespace blindmap {

// My side of an offered record, from this machine's index.
struct OfferedAccount {
  std::string account_id;  // my CRM id
  std::string name;        // as offered
};

// One matching pair both sides offer.
struct SharedPair {
  std::string my_account_id;  // CRM id; "record:<hex>" when not indexed here
  std::string my_account_name;
  MyStatus my_status = MyStatus::kOther;
  MyStatus partner_status = MyStatus::kOther;
  std::optional<OverlapType> type;  // the most valuable the populations give
  v1::AccountDetail partner;        // opened
};

struct OpenedShared {
  std::vector<SharedPair> pairs;
  // A detail that does not open, or a record this machine has no index of
  // (never the detail's contents).
  std::vector<std::string> problems;
};

// Opens every account of `shared` with `detail_key` (KeySchedule's detail
// key), naming my side from `offered` (record id bytes -> account). A
// detail that does not open is skipped and listed. Pure apart from the
// decryption; thread-safe.
OpenedShared OpenSharedPairs(
    const v1::SharedAccounts& shared, absl::string_view detail_key,
    const std::map<std::string, OfferedAccount>& offered);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_PLAN_SHARED_PAIRS_H_
