// Mutual opt-in on the broker, in process over a real RocksDB in a temp dir:
// sharing levels, per-account opt-in and opt-out, the release rule of
// sealed detail, and deleting a party.
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/broker/broker.h"
#include "server/store/store.h"
#include "tests/server/broker/broker_harness.h"
#include "tests/support/file_scan.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr uint64_t kCustomers = 0b01;
constexpr uint64_t kProspects = 0b10;

constexpr v1::SharingLevel kHidden = v1::SHARING_LEVEL_HIDDEN;
constexpr v1::SharingLevel kCounts = v1::SHARING_LEVEL_COUNTS;
constexpr v1::SharingLevel kOverlaps = v1::SHARING_LEVEL_OVERLAPS;

// 16-byte record ids that say whose record they are: "acme-rec-1001...".
std::string RecordId(const std::string& party, int n) {
  std::string id = absl::StrCat(party.substr(0, 6), "-rec-", 1000 + n);
  id.resize(16, '.');
  return id;
}

std::string Token(uint8_t n) {
  std::string token(16, 't');
  token[15] = static_cast<char>(n);
  return token;
}

// Stands for a ciphertext: the broker never opens it, so any bytes do.
std::string Sealed(const std::string& party, int n) {
  return absl::StrCat("sealed detail of ", party, " record ", n);
}

// One record of `party` with one domain token; `sealed` may be empty.
void AddRecord(v1::RecordBatch& batch, const std::string& party, int n,
               uint64_t populations, uint8_t token, bool with_detail,
               bool opted_in) {
  v1::Record* record = batch.add_records();
  record->set_record_id(RecordId(party, n));
  record->set_population_bits(populations);
  v1::Token* t = record->add_tokens();
  t->set_kind(v1::KEY_KIND_DOMAIN);
  t->set_value(Token(token));
  if (with_detail) record->set_sealed_detail(Sealed(party, n));
  record->set_opted_in(opted_in);
}

// A released pair as the caller sees it.
struct Released {
  std::string mine;
  std::string partner;
  std::string detail;
  bool operator==(const Released& o) const {
    return std::tie(mine, partner, detail) ==
           std::tie(o.mine, o.partner, o.detail);
  }
  bool operator<(const Released& o) const {
    return std::tie(mine, partner, detail) <
           std::tie(o.mine, o.partner, o.detail);
  }
};

void PrintTo(const Released& r, std::ostream* os) {
  *os << "{" << r.mine << " <-> " << r.partner << ": " << r.detail << "}";
}

class SharingTest : public BrokerHarness {
 protected:
  // `inviter` invites `invitee`, who accepts.
  std::string ActivePartnership(const std::string& inviter = "acme",
                                const std::string& invitee = "globex") {
    PartnershipTerms terms;
    terms.inviter = inviter;
    terms.invitee = invitee;
    return Partnership(terms);
  }

  absl::StatusOr<v1::Partnership> SetLevels(
      const std::string& party, const std::string& partnership,
      const std::vector<std::pair<std::string, v1::SharingLevel>>& levels) {
    v1::SetSharingRequest request;
    request.set_partnership_id(partnership);
    for (const auto& [population, level] : levels) {
      v1::PopulationSharing* entry = request.add_levels();
      entry->set_population(population);
      entry->set_level(level);
    }
    return broker_->SetSharing(party, request);
  }

  absl::StatusOr<v1::SharedAccounts> Shared(const std::string& party,
                                            const std::string& partnership) {
    v1::GetSharedAccountsRequest request;
    request.set_partnership_id(partnership);
    return broker_->SharedAccounts(party, request);
  }

  // The pairs released to `party` (empty on error, which fails the test).
  std::vector<Released> ReleasedTo(const std::string& party,
                                   const std::string& partnership) {
    auto shared = Shared(party, partnership);
    EXPECT_TRUE(shared.ok()) << shared.status();
    std::vector<Released> out;
    if (!shared.ok()) return out;
    for (const v1::SharedAccount& account : shared->accounts()) {
      out.push_back({account.my_record_id(), account.partner_record_id(),
                     account.partner_sealed_detail()});
    }
    return out;
  }

  absl::StatusOr<v1::OptOutResponse> OptOut(
      const std::string& party, const std::string& partnership,
      const std::vector<std::string>& record_ids) {
    v1::OptOutRequest request;
    request.set_partnership_id(partnership);
    for (const std::string& id : record_ids) request.add_record_ids(id);
    return broker_->OptOut(party, request);
  }

  // Record ids and sealed details of `records`, `tokens` and partnership
  // ids: what must be gone from the files once they are deleted.
  static std::vector<Needle> NeedlesOf(
      const std::vector<std::pair<std::string, int>>& records,
      const std::vector<uint8_t>& tokens,
      const std::vector<std::string>& partnership_ids) {
    std::vector<Needle> needles;
    for (const auto& [party, n] : records) {
      AddNeedle(needles, RecordId(party, n), "record id");
      AddNeedle(needles, Sealed(party, n), "sealed detail");
    }
    for (uint8_t token : tokens) AddNeedle(needles, Token(token), "token");
    for (const std::string& id : partnership_ids) {
      AddNeedle(needles, id, "partnership id");
    }
    return needles;
  }

  // Every database file after a full compaction.
  std::vector<std::pair<std::string, std::string>> CompactedFiles() {
    EXPECT_TRUE(store_->CompactAll().ok());
    return ReadTree(dir_.path());
  }

  // Control for a scan: each needle is in the files before the deletion.
  void ExpectStored(const std::vector<Needle>& needles) {
    const auto files = CompactedFiles();
    for (const Needle& needle : needles) {
      EXPECT_TRUE(AnyFileContains(files, needle.text)) << needle.what;
    }
  }
};

// The four opt-in combinations side by side, all populations at `counts`:
// pair 1 both opt in, pair 2 only acme, pair 3 only globex, pair 4 neither;
// record 5 of each side is opted in and matches nothing.
TEST_F(SharingTest, OnlyPairsBothSidesOptInAreReleasedToEachSide) {
  const std::string id = ActivePartnership();
  v1::RecordBatch acme;
  AddRecord(acme, "acme", 1, kCustomers, 1, true, true);
  AddRecord(acme, "acme", 2, kCustomers, 2, true, true);
  AddRecord(acme, "acme", 3, kCustomers, 3, false, false);
  AddRecord(acme, "acme", 4, kCustomers, 4, false, false);
  AddRecord(acme, "acme", 5, kCustomers, 50, true, true);
  v1::RecordBatch globex;
  AddRecord(globex, "globex", 1, kCustomers, 1, true, true);
  AddRecord(globex, "globex", 2, kCustomers, 2, false, false);
  AddRecord(globex, "globex", 3, kCustomers, 3, true, true);
  AddRecord(globex, "globex", 4, kCustomers, 4, false, false);
  AddRecord(globex, "globex", 5, kCustomers, 60, true, true);
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());

  auto to_acme = Shared("acme", id);
  ASSERT_TRUE(to_acme.ok()) << to_acme.status();
  EXPECT_EQ(to_acme->partnership_id(), id);
  EXPECT_EQ(to_acme->period(), "2026-11");
  ASSERT_EQ(to_acme->accounts_size(), 1);
  const v1::SharedAccount& account = to_acme->accounts(0);
  EXPECT_EQ(account.my_record_id(), RecordId("acme", 1));
  EXPECT_EQ(account.partner_record_id(), RecordId("globex", 1));
  EXPECT_EQ(account.partner_sealed_detail(), Sealed("globex", 1));
  EXPECT_EQ(account.my_population_bits(), kCustomers);
  EXPECT_EQ(account.partner_population_bits(), kCustomers);
  ASSERT_EQ(to_acme->partner_populations_size(), 2);
  EXPECT_EQ(to_acme->partner_populations(1).name(), "Prospects");

  // The mirror: globex gets acme's detail of the same pair, nothing else.
  EXPECT_THAT(ReleasedTo("globex", id),
              ElementsAre(Released{RecordId("globex", 1), RecordId("acme", 1),
                                   Sealed("acme", 1)}));
  // Counts do not depend on opt-ins: all four pairs are counted.
  EXPECT_EQ(ReportFor("acme", id).my_overlapping_records(), 4u);
}

// The release rule over every combination of the two sides' levels for the
// population holding the records, crossed with the four opt-in combinations.
TEST_F(SharingTest, ReleaseNeedsBothSidesToOfferByLevelOrOptIn) {
  const std::string id = ActivePartnership();
  // Pair n matches on token n; every record has a sealed detail.
  // Opted in: pair 1 neither, 2 both, 3 acme only, 4 globex only.
  const bool acme_opt[] = {false, false, true, true, false};
  const bool globex_opt[] = {false, false, true, false, true};
  v1::RecordBatch acme, globex;
  for (int n = 1; n <= 4; ++n) {
    AddRecord(acme, "acme", n, kCustomers, n, true, acme_opt[n]);
    AddRecord(globex, "globex", n, kCustomers, n, true, globex_opt[n]);
  }
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());

  const auto offers = [](v1::SharingLevel level, bool opted_in) {
    return level != kHidden && (level == kOverlaps || opted_in);
  };
  int combinations = 0;
  for (v1::SharingLevel acme_level : {kHidden, kCounts, kOverlaps}) {
    for (v1::SharingLevel globex_level : {kHidden, kCounts, kOverlaps}) {
      SCOPED_TRACE(absl::StrCat("acme Customers ", acme_level,
                                ", globex Customers ", globex_level));
      ASSERT_TRUE(SetLevels("acme", id, {{"Customers", acme_level}}).ok());
      ASSERT_TRUE(SetLevels("globex", id, {{"Customers", globex_level}}).ok());
      std::vector<Released> to_acme, to_globex;
      for (int n = 1; n <= 4; ++n) {
        if (offers(acme_level, acme_opt[n]) &&
            offers(globex_level, globex_opt[n])) {
          to_acme.push_back({RecordId("acme", n), RecordId("globex", n),
                             Sealed("globex", n)});
          to_globex.push_back(
              {RecordId("globex", n), RecordId("acme", n), Sealed("acme", n)});
        }
      }
      EXPECT_EQ(ReleasedTo("acme", id), to_acme);
      EXPECT_EQ(ReleasedTo("globex", id), to_globex);
      ++combinations;
    }
  }
  EXPECT_EQ(combinations, 9);
  // Spot checks of the table above, so it cannot be vacuous: with both at
  // overlaps all four pairs are released; with both at counts only pair 2.
  ASSERT_TRUE(SetLevels("acme", id, {{"Customers", kOverlaps}}).ok());
  ASSERT_TRUE(SetLevels("globex", id, {{"Customers", kOverlaps}}).ok());
  EXPECT_EQ(ReleasedTo("acme", id).size(), 4u);
  ASSERT_TRUE(SetLevels("acme", id, {{"Customers", kCounts}}).ok());
  ASSERT_TRUE(SetLevels("globex", id, {{"Customers", kCounts}}).ok());
  EXPECT_THAT(ReleasedTo("acme", id),
              ElementsAre(Released{RecordId("acme", 2), RecordId("globex", 2),
                                   Sealed("globex", 2)}));
}

// `overlaps` offers a population's records that carry a sealed detail; the
// level of another population, or a record without detail, offers nothing.
TEST_F(SharingTest, OverlapsLevelOffersOnlyThatPopulationsSealedRecords) {
  const std::string id = ActivePartnership();
  v1::RecordBatch acme;
  AddRecord(acme, "acme", 1, kCustomers, 1, true, false);
  AddRecord(acme, "acme", 2, kProspects, 2, true, false);
  AddRecord(acme, "acme", 3, kCustomers, 3, false, false);  // no detail
  AddRecord(acme, "acme", 4, kCustomers, 40, true, false);  // no match
  v1::RecordBatch globex;
  AddRecord(globex, "globex", 1, kCustomers, 1, true, false);
  AddRecord(globex, "globex", 2, kProspects, 2, true, false);
  AddRecord(globex, "globex", 3, kCustomers, 3, true, false);
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());

  EXPECT_THAT(ReleasedTo("acme", id), IsEmpty());  // both at counts
  ASSERT_TRUE(SetLevels("acme", id, {{"Customers", kOverlaps}}).ok());
  EXPECT_THAT(ReleasedTo("acme", id), IsEmpty());  // one side alone
  EXPECT_THAT(ReleasedTo("globex", id), IsEmpty());
  // Takes effect without a new upload.
  ASSERT_TRUE(SetLevels("globex", id, {{"Customers", kOverlaps}}).ok());
  EXPECT_THAT(ReleasedTo("acme", id),
              ElementsAre(Released{RecordId("acme", 1), RecordId("globex", 1),
                                   Sealed("globex", 1)}));
  EXPECT_THAT(ReleasedTo("globex", id),
              ElementsAre(Released{RecordId("globex", 1), RecordId("acme", 1),
                                   Sealed("acme", 1)}));
  ASSERT_TRUE(SetLevels("acme", id, {{"Prospects", kOverlaps}}).ok());
  EXPECT_EQ(ReleasedTo("acme", id).size(), 1u);  // globex Prospects: counts
  ASSERT_TRUE(SetLevels("globex", id, {{"Prospects", kOverlaps}}).ok());
  EXPECT_THAT(ReleasedTo("acme", id),
              ElementsAre(Released{RecordId("acme", 1), RecordId("globex", 1),
                                   Sealed("globex", 1)},
                          Released{RecordId("acme", 2), RecordId("globex", 2),
                                   Sealed("globex", 2)}));
  // Lowering a level withdraws at once.
  ASSERT_TRUE(SetLevels("globex", id, {{"Customers", kCounts}}).ok());
  EXPECT_THAT(ReleasedTo("acme", id),
              ElementsAre(Released{RecordId("acme", 2), RecordId("globex", 2),
                                   Sealed("globex", 2)}));
}

// What acme receives is a function of what acme offers: globex opting in
// or out of accounts acme does not offer changes nothing acme can see.
TEST_F(SharingTest, ASideLearnsNothingFromOptInsOnAccountsItDoesNotOffer) {
  const std::string id = ActivePartnership();
  v1::RecordBatch acme;
  AddRecord(acme, "acme", 1, kCustomers, 1, true, true);
  AddRecord(acme, "acme", 2, kCustomers, 2, false, false);
  AddRecord(acme, "acme", 3, kCustomers, 3, true, false);
  ASSERT_TRUE(Upload("acme", id, acme).ok());

  // Two globex uploads that differ only on accounts acme does not offer
  // (records 2 and 3, and an unmatched one).
  v1::RecordBatch first;
  AddRecord(first, "globex", 1, kCustomers, 1, true, true);
  AddRecord(first, "globex", 2, kCustomers, 2, true, true);
  AddRecord(first, "globex", 3, kCustomers, 3, true, true);
  AddRecord(first, "globex", 4, kCustomers, 90, true, true);
  v1::RecordBatch second;
  AddRecord(second, "globex", 1, kCustomers, 1, true, true);
  AddRecord(second, "globex", 2, kCustomers, 2, false, false);
  AddRecord(second, "globex", 3, kCustomers, 3, false, false);
  AddRecord(second, "globex", 4, kCustomers, 90, false, false);

  ASSERT_TRUE(Upload("globex", id, first).ok());
  auto with_opt_ins = Shared("acme", id);
  const v1::OverlapReport report_with = ReportFor("acme", id);
  ASSERT_TRUE(Upload("globex", id, second).ok());
  auto without_opt_ins = Shared("acme", id);
  const v1::OverlapReport report_without = ReportFor("acme", id);
  ASSERT_TRUE(with_opt_ins.ok() && without_opt_ins.ok());

  ASSERT_EQ(with_opt_ins->accounts_size(), 1);
  EXPECT_EQ(with_opt_ins->accounts(0).partner_record_id(),
            RecordId("globex", 1));
  EXPECT_EQ(with_opt_ins->SerializeAsString(),
            without_opt_ins->SerializeAsString());
  EXPECT_EQ(report_with.cells(0).my_records(), 3u);
  EXPECT_EQ(report_with.cells(0).my_records(),
            report_without.cells(0).my_records());
  EXPECT_EQ(report_with.partner_overlapping_records(),
            report_without.partner_overlapping_records());
}

TEST_F(SharingTest, HiddenPopulationIsNotCountedNotListedAndNeverReleased) {
  const std::string id = ActivePartnership();
  // acme: 1 Customers, 2 Prospects, 3 both; all opted in.
  v1::RecordBatch acme;
  AddRecord(acme, "acme", 1, kCustomers, 1, true, true);
  AddRecord(acme, "acme", 2, kProspects, 2, true, true);
  AddRecord(acme, "acme", 3, kCustomers | kProspects, 3, true, true);
  v1::RecordBatch globex;
  AddRecord(globex, "globex", 1, kCustomers, 1, true, true);
  AddRecord(globex, "globex", 2, kCustomers, 2, true, true);
  AddRecord(globex, "globex", 3, kCustomers, 3, true, true);
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());
  ASSERT_EQ(ReportFor("globex", id).my_overlapping_records(), 3u);
  ASSERT_EQ(ReleasedTo("globex", id).size(), 3u);

  auto set = SetLevels("acme", id, {{"Prospects", kHidden}});
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ(set->inviter_sharing_size(), 1);  // acme sees its own level
  EXPECT_EQ(set->inviter_sharing(0).level(), kHidden);

  // globex: acme's Prospects are gone from the report, counts included.
  const v1::OverlapReport theirs = ReportFor("globex", id);
  ASSERT_EQ(theirs.partner_populations_size(), 1);
  EXPECT_EQ(theirs.partner_populations(0).name(), "Customers");
  EXPECT_EQ(theirs.partner_populations(0).records(), 2u);
  ASSERT_EQ(theirs.cells_size(), 2);            // my 2 rows x acme's 1 column
  EXPECT_EQ(theirs.cells(0).my_records(), 2u);  // globex 1 and 3
  EXPECT_EQ(theirs.cells(0).partner_records(), 2u);
  EXPECT_EQ(theirs.my_overlapping_records(), 2u);
  EXPECT_EQ(theirs.partner_overlapping_records(), 2u);
  // acme's total is that of its visible records (1 and 3), not its 3
  // records: 3 - 2 would give the hidden population's size away.
  EXPECT_EQ(theirs.theirs().records(), 2u);
  EXPECT_EQ(theirs.mine().records(), 3u);
  for (const std::string& note : theirs.notes()) {
    EXPECT_THAT(note, Not(HasSubstr("Prospects")));
  }
  EXPECT_THAT(theirs.notes(),
              ElementsAre("acme hides some of its populations from you: they "
                          "are in no count, total or rate of this report"));
  // ... and from the partnership globex is shown.
  auto listed = broker_->ListPartnerships("globex");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->partnerships_size(), 1);
  EXPECT_EQ(listed->partnerships(0).inviter_sharing_size(), 0);

  // acme: its hidden row is dropped too, with a note saying why.
  const v1::OverlapReport mine = ReportFor("acme", id);
  ASSERT_EQ(mine.my_populations_size(), 1);
  EXPECT_EQ(mine.my_populations(0).name(), "Customers");
  EXPECT_EQ(mine.my_overlapping_records(), 2u);
  EXPECT_EQ(mine.mine().records(), 2u);  // the rate's base: counted records
  EXPECT_THAT(mine.notes(),
              ElementsAre("You hide Prospects from globex: not counted, not "
                          "listed to them"));

  // Only the records in a visible population are released, even opted in:
  // acme 3 is also a Customer, acme 2 only a hidden Prospect.
  auto to_globex = Shared("globex", id);
  ASSERT_TRUE(to_globex.ok()) << to_globex.status();
  ASSERT_EQ(to_globex->partner_populations_size(), 1);
  EXPECT_EQ(to_globex->partner_populations(0).name(), "Customers");
  ASSERT_EQ(to_globex->accounts_size(), 2);
  EXPECT_EQ(to_globex->accounts(0).partner_record_id(), RecordId("acme", 1));
  EXPECT_EQ(to_globex->accounts(1).partner_record_id(), RecordId("acme", 3));
  // Bits over acme's visible populations only: Customers, not Prospects.
  EXPECT_EQ(to_globex->accounts(1).partner_population_bits(), 0b1u);
  EXPECT_THAT(ReleasedTo("acme", id),
              ElementsAre(Released{RecordId("acme", 1), RecordId("globex", 1),
                                   Sealed("globex", 1)},
                          Released{RecordId("acme", 3), RecordId("globex", 3),
                                   Sealed("globex", 3)}));
}

TEST_F(SharingTest, SetSharingRejectsBadLevelsAndChangesNothing) {
  const std::string id = ActivePartnership();
  ASSERT_TRUE(SetLevels("acme", id, {{"Customers", kOverlaps}}).ok());

  const auto code = [](const absl::StatusOr<v1::Partnership>& result) {
    return result.status().code();
  };
  EXPECT_EQ(code(SetLevels("acme", id, {{"", kOverlaps}})),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(SetLevels("acme", id, {{std::string(81, 'P'), kOverlaps}})),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(SetLevels("acme", id, {{std::string(80, 'P'), kCounts}}).ok());
  auto unspecified =
      SetLevels("acme", id, {{"Prospects", v1::SHARING_LEVEL_UNSPECIFIED}});
  EXPECT_EQ(code(unspecified), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unspecified.status().message()),
              HasSubstr("the level must be hidden, counts or overlaps"));
  EXPECT_EQ(code(SetLevels("acme", id,
                           {{"Prospects", static_cast<v1::SharingLevel>(7)}})),
            absl::StatusCode::kInvalidArgument);
  // A request with one bad entry changes none of them.
  EXPECT_EQ(code(SetLevels("acme", id,
                           {{"Customers", kHidden},
                            {"Prospects", v1::SHARING_LEVEL_UNSPECIFIED}})),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(SetLevels("acme", "00000000000000000000000000000000",
                           {{"Customers", kHidden}})),
            absl::StatusCode::kNotFound);

  auto listed = broker_->ListPartnerships("acme");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->partnerships_size(), 1);
  const auto& levels = listed->partnerships(0).inviter_sharing();
  ASSERT_EQ(levels.size(), 2);
  EXPECT_EQ(levels[0].population(), "Customers");
  EXPECT_EQ(levels[0].level(), kOverlaps);
  EXPECT_EQ(levels[1].population(), std::string(80, 'P'));
  EXPECT_EQ(listed->partnerships(0).invitee_sharing_size(), 0);
  // The partner sees acme's non-hidden levels.
  auto theirs = broker_->ListPartnerships("globex");
  ASSERT_TRUE(theirs.ok());
  ASSERT_EQ(theirs->partnerships(0).inviter_sharing_size(), 2);
  EXPECT_EQ(theirs->partnerships(0).inviter_sharing(0).level(), kOverlaps);
}

TEST_F(SharingTest, OptOutRemovesSealedDetailAtOnceInEveryPeriod) {
  const std::string id = ActivePartnership();
  v1::RecordBatch acme, globex;
  for (int n = 1; n <= 2; ++n) {
    AddRecord(acme, "acme", n, kCustomers, n, true, true);
    AddRecord(globex, "globex", n, kCustomers, n, true, true);
  }
  // globex's records are in two stored periods (same record ids here, so
  // the opt-out finds both): acme has not synced 2026-11 yet, so 2026-10 is
  // the common period and is not superseded.
  ASSERT_TRUE(Upload("acme", id, acme, "2026-10").ok());
  ASSERT_TRUE(Upload("globex", id, globex, "2026-10").ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());
  ASSERT_EQ(ReleasedTo("acme", id).size(), 2u);

  auto removed = OptOut("globex", id, {RecordId("globex", 1)});
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_EQ(removed->details_removed(), 2u);  // 2026-10 and 2026-11
  // Gone for acme at once, and globex no longer gets acme's detail for the
  // pair either: it no longer offers its side of it.
  EXPECT_THAT(ReleasedTo("acme", id),
              ElementsAre(Released{RecordId("acme", 2), RecordId("globex", 2),
                                   Sealed("globex", 2)}));
  EXPECT_THAT(ReleasedTo("globex", id),
              ElementsAre(Released{RecordId("globex", 2), RecordId("acme", 2),
                                   Sealed("acme", 2)}));
  // Counts are unchanged: opting out is about detail.
  EXPECT_EQ(ReportFor("acme", id).my_overlapping_records(), 2u);

  // Repeating it, another party's record ids, or unknown ones remove nothing.
  EXPECT_EQ(OptOut("globex", id, {RecordId("globex", 1)})->details_removed(),
            0u);
  EXPECT_EQ(OptOut("globex", id, {RecordId("acme", 2)})->details_removed(), 0u);
  EXPECT_EQ(OptOut("globex", id, {RecordId("nobody", 9)})->details_removed(),
            0u);
  EXPECT_EQ(ReleasedTo("acme", id).size(), 1u);
  EXPECT_EQ(OptOut("globex", id, {"short"}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(SharingTest, UploadRejectsOptInWithoutDetailAndOversizeDetail) {
  const std::string id = ActivePartnership();
  {
    v1::RecordBatch batch;
    AddRecord(batch, "acme", 1, kCustomers, 1, true, true);
    AddRecord(batch, "acme", 2, kCustomers, 2, false, true);
    const absl::Status status = Upload("acme", id, batch);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message(),
              "record 2 of the upload: an opted-in record needs its "
              "sealed_detail");
  }
  {
    v1::RecordBatch batch;
    AddRecord(batch, "acme", 1, kCustomers, 1, true, true);
    batch.mutable_records(0)->set_sealed_detail(
        std::string(16 * 1024 + 1, 'x'));
    const absl::Status status = Upload("acme", id, batch);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message(),
              "record 1 of the upload: sealed_detail may hold at most 16384 "
              "bytes");
  }
  // Nothing was stored by either refusal.
  auto heads = store_->Heads(id, "acme");
  ASSERT_TRUE(heads.ok());
  EXPECT_TRUE(heads->empty());
  // 16 KiB exactly is allowed, and forwarded byte for byte.
  v1::RecordBatch acme;
  AddRecord(acme, "acme", 1, kCustomers, 1, true, true);
  const std::string largest(16 * 1024, '\xab');
  acme.mutable_records(0)->set_sealed_detail(largest);
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  v1::RecordBatch globex;
  AddRecord(globex, "globex", 1, kCustomers, 1, true, true);
  ASSERT_TRUE(Upload("globex", id, globex).ok());
  auto to_globex = Shared("globex", id);
  ASSERT_TRUE(to_globex.ok());
  ASSERT_EQ(to_globex->accounts_size(), 1);
  EXPECT_EQ(to_globex->accounts(0).partner_sealed_detail(), largest);
}

TEST_F(SharingTest, OutsidersAndUnknownIdsAreRefusedOnEverySharingCall) {
  const std::string id = ActivePartnership();
  v1::RecordBatch acme, globex;
  AddRecord(acme, "acme", 1, kCustomers, 1, true, true);
  AddRecord(globex, "globex", 1, kCustomers, 1, true, true);
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());

  EXPECT_EQ(SetLevels("initech", id, {{"Customers", kHidden}}).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(OptOut("initech", id, {RecordId("globex", 1)}).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Shared("initech", id).status().code(),
            absl::StatusCode::kPermissionDenied);
  const std::string unknown = "00000000000000000000000000000000";
  EXPECT_EQ(OptOut("acme", unknown, {RecordId("acme", 1)}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Shared("acme", unknown).status().code(),
            absl::StatusCode::kNotFound);
  // The outsider's attempts changed nothing.
  EXPECT_EQ(ReleasedTo("acme", id).size(), 1u);
  EXPECT_EQ(ReportFor("acme", id).partner_populations_size(), 2);

  // Before acceptance there is nothing to share.
  v1::InvitePartnerRequest invite;
  invite.set_partner("initech");
  invite.set_key_check(kKeyCheck);
  auto pending = broker_->Invite("acme", invite);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(Shared("acme", pending->id()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(SharingTest, DeletePartyRemovesItsPartnershipsWithTheirDetail) {
  const std::string with_globex = ActivePartnership("acme", "globex");
  const std::string without_acme = ActivePartnership("initech", "globex");
  v1::RecordBatch acme, globex, initech;
  AddRecord(acme, "acme", 1, kCustomers, 1, true, true);
  AddRecord(globex, "globex", 1, kCustomers, 1, true, true);
  AddRecord(initech, "initech", 1, kCustomers, 1, true, true);
  ASSERT_TRUE(Upload("acme", with_globex, acme).ok());         // snapshot 1
  ASSERT_TRUE(Upload("globex", with_globex, globex).ok());     // snapshot 2
  ASSERT_TRUE(Upload("initech", without_acme, initech).ok());  // 3
  ASSERT_TRUE(Upload("globex", without_acme, globex).ok());    // snapshot 4
  ASSERT_EQ(ReleasedTo("globex", with_globex).size(), 1u);
  for (uint64_t snapshot : {1, 2}) {
    auto detail = store_->ReadDetail(snapshot, 0);
    ASSERT_TRUE(detail.ok() && detail->has_value()) << snapshot;
  }
  // Control: before the deletion the scan finds acme's data and the ids.
  ExpectStored(NeedlesOf({{"acme", 1}}, {}, {with_globex}));

  v1::DeletePartyRequest request;
  request.set_name("acme");
  auto deleted = broker_->DeleteParty(request);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->partnerships_deleted(), 1u);
  EXPECT_EQ(deleted->snapshots_deleted(), 2u);

  EXPECT_EQ(broker_->Authenticate(tokens_["acme"]).status().code(),
            absl::StatusCode::kUnauthenticated);
  auto parties = broker_->ListParties();
  ASSERT_TRUE(parties.ok());
  ASSERT_EQ(parties->parties_size(), 2);
  EXPECT_EQ(parties->parties(0).name(), "globex");
  EXPECT_EQ(Shared("globex", with_globex).status().code(),
            absl::StatusCode::kNotFound);
  for (uint64_t snapshot : {1, 2}) {
    auto found = store_->FindSnapshot(snapshot);
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found->has_value()) << snapshot;
    auto detail = store_->ReadDetail(snapshot, 0);
    ASSERT_TRUE(detail.ok());
    EXPECT_FALSE(detail->has_value()) << snapshot;
  }
  auto heads = store_->Heads(with_globex, "globex");
  ASSERT_TRUE(heads.ok());
  EXPECT_TRUE(heads->empty());
  // globex's other partnership is untouched.
  auto listed = broker_->ListPartnerships("globex");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->partnerships_size(), 1);
  EXPECT_EQ(listed->partnerships(0).id(), without_acme);
  EXPECT_THAT(
      ReleasedTo("globex", without_acme),
      ElementsAre(Released{RecordId("globex", 1), RecordId("initech", 1),
                           Sealed("initech", 1)}));

  // Nothing of acme or its partnership is left in the files; globex's
  // record stays, as part of its partnership with initech.
  EXPECT_THAT(FindNeedles(CompactedFiles(),
                          NeedlesOf({{"acme", 1}}, {}, {with_globex})),
              IsEmpty());
  ExpectStored(NeedlesOf({{"globex", 1}, {"initech", 1}}, {1}, {without_acme}));

  EXPECT_EQ(broker_->DeleteParty(request).status().code(),
            absl::StatusCode::kNotFound);
  // The name is free again, with no trace of the old partnership.
  v1::CreatePartyRequest again;
  again.set_name("acme");
  ASSERT_TRUE(broker_->CreateParty(again).ok());
  auto fresh = broker_->ListPartnerships("acme");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->partnerships_size(), 0);
}

TEST_F(SharingTest, RevokeDeletesTheSealedDetailOfBothSides) {
  const std::string id = ActivePartnership();
  v1::RecordBatch acme, globex;
  AddRecord(acme, "acme", 1, kCustomers, 1, true, true);
  AddRecord(globex, "globex", 1, kCustomers, 1, true, true);
  ASSERT_TRUE(Upload("acme", id, acme).ok());
  ASSERT_TRUE(Upload("globex", id, globex).ok());
  ASSERT_EQ(ReleasedTo("acme", id).size(), 1u);
  ASSERT_EQ(ReportFor("acme", id).my_overlapping_records(), 1u);  // cached
  // Control: the scan sees both records, their token and the id.
  ExpectStored(NeedlesOf({{"acme", 1}, {"globex", 1}}, {1}, {id}));

  v1::RevokePartnershipRequest revoke;
  revoke.set_partnership_id(id);
  auto revoked = broker_->Revoke("globex", revoke);
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->snapshots_deleted(), 2u);
  for (uint64_t snapshot : {1, 2}) {
    auto detail = store_->ReadDetail(snapshot, 0);
    ASSERT_TRUE(detail.ok());
    EXPECT_FALSE(detail->has_value()) << snapshot;
  }
  EXPECT_EQ(Shared("acme", id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(OptOut("acme", id, {RecordId("acme", 1)}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(FindNeedles(CompactedFiles(),
                          NeedlesOf({{"acme", 1}, {"globex", 1}}, {1}, {id})),
              IsEmpty());
}

}  // namespace
}  // namespace blindmap
