#include "client/plan/shared_pairs.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/crypto/crypto.h"
#include "common/crypto/key_schedule.h"

namespace blindmap {
namespace {

MyStatus StatusOf(
    uint64_t bits,
    const google::protobuf::RepeatedPtrField<v1::PopulationSpec>& specs) {
  MyStatus status = MyStatus::kOther;
  for (int i = 0; i < specs.size() && i < 64; ++i) {
    if (((bits >> i) & 1) == 0) continue;
    if (specs[i].kind() == v1::POPULATION_KIND_CUSTOMER) {
      return MyStatus::kCustomer;
    }
    if (specs[i].kind() == v1::POPULATION_KIND_PROSPECT) {
      status = MyStatus::kProspect;
    }
  }
  return status;
}

}  // namespace

OpenedShared OpenSharedPairs(
    const v1::SharedAccounts& shared, absl::string_view detail_key,
    const std::map<std::string, OfferedAccount>& offered) {
  OpenedShared out;
  int unindexed = 0;
  for (int i = 0; i < shared.accounts_size(); ++i) {
    const v1::SharedAccount& account = shared.accounts(i);
    SharedPair pair;
    absl::StatusOr<std::string> opened =
        OpenAes256Gcm(detail_key,
                      DetailAad(shared.partnership_id(), shared.period(),
                                account.partner_record_id()),
                      account.partner_sealed_detail());
    if (!opened.ok() || !pair.partner.ParseFromString(*opened)) {
      out.problems.push_back(absl::StrCat(
          "shared account ", i + 1, " of ", shared.accounts_size(),
          ": the partner's detail does not open (altered, sealed under "
          "another partnership secret, or taken from another record); "
          "skipped"));
      continue;
    }
    auto mine = offered.find(account.my_record_id());
    if (mine != offered.end()) {
      pair.my_account_id = mine->second.account_id;
      pair.my_account_name = mine->second.name;
    } else {
      ++unindexed;
      pair.my_account_id = absl::StrCat(
          "record:", absl::BytesToHexString(account.my_record_id()));
    }
    pair.my_status =
        StatusOf(account.my_population_bits(), shared.my_populations());
    pair.partner_status = StatusOf(account.partner_population_bits(),
                                   shared.partner_populations());
    pair.type = SharedAccountOverlapType(shared, account);
    out.pairs.push_back(std::move(pair));
  }
  if (unindexed > 0) {
    out.problems.push_back(absl::StrCat(
        unindexed,
        " shared accounts are not in this machine's index of what "
        "it offered in period ",
        shared.period(),
        " (synced from another machine?): they show a record id and no "
        "factors of yours; sync from here to name them"));
  }
  return out;
}

}  // namespace blindmap
