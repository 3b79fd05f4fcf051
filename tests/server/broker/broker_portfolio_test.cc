// The portfolio's broker side, in process over a real RocksDB: account
// categories (distinct counts over relationship and target-list
// populations, under the probe policy), the per-partnership portfolio entry
// (previous period, the partner hiding populations) and the sealed ICP
// exchange (released only when both sides shared).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/broker/broker.h"
#include "server/broker/icp_exchange.h"
#include "server/store/store.h"
#include "tests/server/broker/broker_harness.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Populations of the crafted snapshots, by bit.
constexpr uint64_t kC = 1;  // Customers
constexpr uint64_t kP = 2;  // Prospects
constexpr uint64_t kT = 4;  // Targets (role target_list)
constexpr uint64_t kI = 8;  // ICP (role icp)

struct Crafted {
  int id;
  uint64_t populations;
  uint8_t token;
};

class BrokerPortfolioTest : public BrokerHarness {
 protected:
  static v1::SnapshotHeader HeaderWith(const std::string& partnership,
                                       const std::string& period,
                                       uint64_t records, bool target_list,
                                       bool icp) {
    v1::SnapshotHeader header;
    header.set_partnership_id(partnership);
    header.set_period(period);
    header.set_key_check(kKeyCheck);
    header.set_record_count(records);
    const auto add = [&](const char* name, v1::PopulationKind kind,
                         v1::PopulationRole role) {
      v1::PopulationSpec* spec = header.add_populations();
      spec->set_name(name);
      spec->set_kind(kind);
      spec->set_role(role);
    };
    add("Customers", v1::POPULATION_KIND_CUSTOMER,
        v1::POPULATION_ROLE_UNSPECIFIED);
    add("Prospects", v1::POPULATION_KIND_PROSPECT,
        v1::POPULATION_ROLE_UNSPECIFIED);
    if (target_list) {
      add("Targets", v1::POPULATION_KIND_OTHER,
          v1::POPULATION_ROLE_TARGET_LIST);
    }
    if (icp) add("ICP", v1::POPULATION_KIND_OTHER, v1::POPULATION_ROLE_ICP);
    return header;
  }

  absl::Status UploadCrafted(const std::string& party,
                             const std::string& partnership,
                             const std::vector<Crafted>& records,
                             const std::string& period = "2026-11",
                             bool target_list = true, bool icp = true) {
    v1::RecordBatch batch;
    for (const Crafted& crafted : records) {
      v1::Record* record = batch.add_records();
      std::string id = absl::StrCat(party.substr(0, 6), "-rec-", crafted.id);
      id.resize(16, '.');
      record->set_record_id(id);
      record->set_population_bits(crafted.populations);
      v1::Token* token = record->add_tokens();
      token->set_kind(v1::KEY_KIND_DOMAIN);
      std::string value(16, 't');
      value[15] = static_cast<char>(crafted.token);
      token->set_value(value);
    }
    auto session = broker_->BeginUpload(
        party, HeaderWith(partnership, period, batch.records_size(),
                          target_list, icp));
    if (!session.ok()) return session.status();
    if (absl::Status added = (*session)->AddBatch(batch); !added.ok()) {
      return added;
    }
    v1::SnapshotCommit commit;
    commit.set_record_count(batch.records_size());
    return (*session)->Commit(commit).status();
  }

  // acme: customers 1, 2 (also ICP), 7; prospects 3, 4; target list 5, 6.
  // globex: customers 1, 3, 6; prospects 2, 8; target list 4, 5.
  // Tokens: equal numbers match.
  void UploadBoth(const std::string& id, const std::string& period = "2026-11",
                  bool globex_target_list = true) {
    ASSERT_TRUE(UploadCrafted("acme", id,
                              {{1, kC, 1},
                               {2, kC | kI, 2},
                               {3, kP, 3},
                               {4, kP, 4},
                               {5, kT, 5},
                               {6, kT, 6},
                               {7, kC, 7}},
                              period)
                    .ok());
    std::vector<Crafted> globex = {
        {1, kC, 1}, {2, kP, 2}, {3, kC, 3}, {6, kC, 6}, {7, kP, 8}};
    if (globex_target_list) {
      globex.push_back({4, kT, 4});
      globex.push_back({5, kT, 5});
    }
    ASSERT_TRUE(
        UploadCrafted("globex", id, globex, period, globex_target_list, false)
            .ok());
  }

  v1::AccountCategories CategoriesFor(const std::string& party,
                                      const std::string& id) {
    v1::GetAccountCategoriesRequest request;
    request.set_partnership_id(id);
    auto categories = broker_->AccountCategories(party, request);
    EXPECT_TRUE(categories.ok()) << categories.status();
    return categories.ok() ? *categories : v1::AccountCategories();
  }
};

TEST_F(BrokerPortfolioTest, CategoriesCountEachAccountOnceByRelationship) {
  const std::string id = Partnership();
  UploadBoth(id);
  const v1::AccountCategories acme = CategoriesFor("acme", id);
  EXPECT_EQ(acme.partner(), "globex");
  EXPECT_EQ(acme.period(), "2026-11");
  // Relationship records: acme 1, 2, 3, 4, 7; globex 1, 2, 3, 6, 8.
  EXPECT_EQ(acme.my_relationship_records(), 5u);
  EXPECT_EQ(acme.partner_relationship_records(), 5u);
  // Overlap: acme 1, 2, 3 with globex 1, 2, 3. Acme's prospect 4 meets
  // globex's target list, which is no relationship.
  EXPECT_EQ(acme.my_overlap_records(), 3u);
  EXPECT_EQ(acme.partner_overlap_records(), 3u);
  // Greenfield: only token 5 is in both target lists (acme's target 6 is a
  // globex customer: a partner account, not greenfield).
  EXPECT_TRUE(acme.greenfield_counted());
  EXPECT_EQ(acme.my_greenfield_records(), 1u);
  EXPECT_EQ(acme.partner_greenfield_records(), 1u);
  EXPECT_THAT(acme.my_relationship_populations(),
              ElementsAre("Customers", "Prospects"));
  EXPECT_THAT(acme.my_target_lists(), ElementsAre("Targets"));
  EXPECT_THAT(acme.partner_target_lists(), ElementsAre("Targets"));
  EXPECT_FALSE(acme.noisy());
  // The partner sees the same counts from its side.
  const v1::AccountCategories globex = CategoriesFor("globex", id);
  EXPECT_EQ(globex.my_overlap_records(), acme.partner_overlap_records());
  EXPECT_EQ(globex.my_relationship_records(),
            acme.partner_relationship_records());
  EXPECT_EQ(globex.my_greenfield_records(), acme.partner_greenfield_records());
}

TEST_F(BrokerPortfolioTest, GreenfieldSaysWhyItIsNotCounted) {
  PartnershipTerms terms;
  terms.probe.set_min_population_size(3);
  const std::string id = Partnership(terms);
  UploadBoth(id, "2026-11", /*globex_target_list=*/false);
  const v1::AccountCategories acme = CategoriesFor("acme", id);
  EXPECT_FALSE(acme.greenfield_counted());
  EXPECT_EQ(acme.my_greenfield_records(), 0u);
  // Acme's target list has 2 records, below the minimum of 3; globex has
  // none. Neither note names an account.
  EXPECT_THAT(acme.notes(),
              ElementsAre(HasSubstr("Your target list Targets has fewer than "
                                    "3 records"),
                          HasSubstr("globex has no target list counted for "
                                    "you")));
  // Both sides' Prospects (2 records each) are below the minimum too: only
  // the customers count, acme 1, 2, 7 against globex 1, 3, 6.
  EXPECT_EQ(acme.my_relationship_records(), 3u);
  EXPECT_EQ(acme.partner_relationship_records(), 3u);
  EXPECT_EQ(acme.my_overlap_records(), 1u);
  EXPECT_THAT(acme.my_relationship_populations(), ElementsAre("Customers"));
}

TEST_F(BrokerPortfolioTest, HiddenPopulationsLeaveTheCategoriesAndAreFlagged) {
  const std::string id = Partnership();
  UploadBoth(id);
  v1::SetSharingRequest hide;
  hide.set_partnership_id(id);
  v1::PopulationSharing* level = hide.add_levels();
  level->set_population("Prospects");
  level->set_level(v1::SHARING_LEVEL_HIDDEN);
  ASSERT_TRUE(broker_->SetSharing("globex", hide).ok());

  const v1::AccountCategories acme = CategoriesFor("acme", id);
  // globex's relationship records are now its customers 1, 3, 6 only.
  EXPECT_EQ(acme.partner_relationship_records(), 3u);
  EXPECT_THAT(acme.partner_relationship_populations(),
              ElementsAre("Customers"));
  EXPECT_EQ(acme.my_overlap_records(), 2u);  // acme 1 and 3

  v1::GetPortfolioEntryRequest request;
  request.set_partnership_id(id);
  auto acme_entry = broker_->PortfolioEntry("acme", request);
  ASSERT_TRUE(acme_entry.ok()) << acme_entry.status();
  EXPECT_TRUE(acme_entry->partner_hides_populations());
  auto globex_entry = broker_->PortfolioEntry("globex", request);
  ASSERT_TRUE(globex_entry.ok()) << globex_entry.status();
  EXPECT_FALSE(globex_entry->partner_hides_populations());
}

TEST_F(BrokerPortfolioTest, PortfolioEntryCarriesThePreviousPeriod) {
  const std::string id = Partnership();
  UploadBoth(id, "2026-10");
  v1::GetPortfolioEntryRequest request;
  request.set_partnership_id(id);
  auto first = broker_->PortfolioEntry("acme", request);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->report().period(), "2026-10");
  EXPECT_FALSE(first->has_previous());

  UploadBoth(id, "2026-11");
  auto second = broker_->PortfolioEntry("acme", request);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->report().period(), "2026-11");
  ASSERT_TRUE(second->has_previous());
  EXPECT_EQ(second->previous().period(), "2026-10");
  EXPECT_EQ(second->previous().my_overlapping_records(),
            second->report().my_overlapping_records());
  EXPECT_EQ(second->categories().period(), "2026-11");
  EXPECT_EQ(second->report().partner(), "globex");
}

TEST_F(BrokerPortfolioTest, PortfolioCallsNeedAnActivePartnershipOfTheCaller) {
  const std::string id = Partnership();
  UploadBoth(id);
  v1::GetPortfolioEntryRequest entry;
  entry.set_partnership_id(id);
  EXPECT_EQ(broker_->PortfolioEntry("initech", entry).status().code(),
            absl::StatusCode::kPermissionDenied);
  v1::GetAccountCategoriesRequest categories;
  categories.set_partnership_id("0123456789abcdef0123456789abcdef");
  EXPECT_EQ(broker_->AccountCategories("acme", categories).status().code(),
            absl::StatusCode::kNotFound);
  // Invited, not accepted: nothing to report yet.
  v1::InvitePartnerRequest invite;
  invite.set_partner("initech");
  invite.set_key_check(kKeyCheck);
  auto pending = broker_->Invite("acme", invite);
  ASSERT_TRUE(pending.ok());
  entry.set_partnership_id(pending->id());
  EXPECT_EQ(broker_->PortfolioEntry("acme", entry).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(BrokerPortfolioTest, NoisyCategoriesAreTheSameOnEveryAskAndBothSides) {
  PartnershipTerms terms;
  terms.probe.set_noise_epsilon(0.5);
  const std::string id = Partnership(terms);
  UploadBoth(id);
  const v1::AccountCategories first = CategoriesFor("acme", id);
  const v1::AccountCategories again = CategoriesFor("acme", id);
  const v1::AccountCategories globex = CategoriesFor("globex", id);
  EXPECT_TRUE(first.noisy());
  EXPECT_EQ(first.my_overlap_records(), again.my_overlap_records());
  EXPECT_EQ(first.my_greenfield_records(), again.my_greenfield_records());
  EXPECT_EQ(first.my_overlap_records(), globex.partner_overlap_records());
  EXPECT_EQ(first.partner_overlap_records(), globex.my_overlap_records());
  EXPECT_EQ(first.my_greenfield_records(), globex.partner_greenfield_records());
  // Never above the relationship records it is part of.
  EXPECT_LE(first.my_overlap_records(), first.my_relationship_records());
}

class IcpExchangeTest : public BrokerHarness {
 protected:
  absl::StatusOr<v1::IcpExchange> Share(const std::string& party,
                                        const std::string& id,
                                        const std::string& sealed) {
    v1::ShareIcpRequest request;
    request.set_partnership_id(id);
    request.set_sealed_icp(sealed);
    return broker_->ShareIcp(party, request);
  }
  v1::IcpExchange View(const std::string& party, const std::string& id) {
    v1::GetIcpExchangeRequest request;
    request.set_partnership_id(id);
    auto exchange = broker_->GetIcpExchange(party, request);
    EXPECT_TRUE(exchange.ok()) << exchange.status();
    return exchange.ok() ? *exchange : v1::IcpExchange();
  }
};

TEST_F(IcpExchangeTest, EachSideGetsTheOthersOnlyWhenBothShared) {
  const std::string id = Partnership();
  const std::string acme_icp(64, 'a');
  const std::string globex_icp(80, 'g');
  auto shared = Share("acme", id, acme_icp);
  ASSERT_TRUE(shared.ok()) << shared.status();
  EXPECT_TRUE(shared->i_shared());
  EXPECT_FALSE(shared->partner_shared());
  EXPECT_TRUE(shared->partner_sealed_icp().empty());
  // globex learns that acme shared, not what.
  v1::IcpExchange globex = View("globex", id);
  EXPECT_TRUE(globex.partner_shared());
  EXPECT_FALSE(globex.i_shared());
  EXPECT_TRUE(globex.partner_sealed_icp().empty());

  ASSERT_TRUE(Share("globex", id, globex_icp).ok());
  EXPECT_EQ(View("globex", id).partner_sealed_icp(), acme_icp);
  EXPECT_EQ(View("acme", id).partner_sealed_icp(), globex_icp);
  EXPECT_EQ(View("acme", id).my_shared_at_unix(), absl::ToUnixSeconds(now_));

  // Withdrawing ends the release both ways.
  v1::WithdrawIcpRequest withdraw;
  withdraw.set_partnership_id(id);
  ASSERT_TRUE(broker_->WithdrawIcp("acme", withdraw).ok());
  EXPECT_TRUE(View("globex", id).partner_sealed_icp().empty());
  EXPECT_FALSE(View("globex", id).partner_shared());
  EXPECT_TRUE(View("acme", id).partner_sealed_icp().empty());
}

TEST_F(IcpExchangeTest, RefusesOutsidersSizesAndPendingPartnerships) {
  const std::string id = Partnership();
  EXPECT_EQ(Share("initech", id, std::string(64, 'x')).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Share("acme", id, std::string(kMinSealedIcpBytes - 1, 'x'))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Share("acme", id, std::string(kMaxSealedIcpBytes + 1, 'x'))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Share("acme", id, std::string(kMaxSealedIcpBytes, 'x')).ok());
  v1::GetIcpExchangeRequest view;
  view.set_partnership_id(id);
  EXPECT_EQ(broker_->GetIcpExchange("initech", view).status().code(),
            absl::StatusCode::kPermissionDenied);

  v1::InvitePartnerRequest invite;
  invite.set_partner("initech");
  invite.set_key_check(kKeyCheck);
  auto pending = broker_->Invite("acme", invite);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(Share("acme", pending->id(), std::string(64, 'x')).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(IcpExchangeTest, RevokingDeletesBothSealedIcps) {
  const std::string id = Partnership();
  ASSERT_TRUE(Share("acme", id, std::string(64, 'a')).ok());
  ASSERT_TRUE(Share("globex", id, std::string(64, 'g')).ok());
  v1::RevokePartnershipRequest revoke;
  revoke.set_partnership_id(id);
  ASSERT_TRUE(broker_->Revoke("globex", revoke).ok());
  auto found = store_->FindPartnership(id);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

}  // namespace
}  // namespace blindmap
