// Sync periods and probe resistance on the broker, in process over a real
// RocksDB in a temp dir with a fake clock: period rollover and history, the
// upload window, and each membership probe failing under the policy.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/crypto/crypto.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/broker/broker.h"
#include "server/store/store.h"
#include "server/store/store_keys.h"
#include "tests/server/broker/broker_harness.h"
#include "tests/support/file_scan.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr uint64_t kCustomers = 0b01;
constexpr uint64_t kProspects = 0b10;

// 16 bytes: "<tag>" then the number, e.g. "acme-nov" + 8 bytes of n.
std::string Bytes16(const std::string& tag, uint64_t n) {
  std::string out = tag.substr(0, 8);
  out.resize(8, '.');
  store_keys::AppendU64(out, n);
  return out;
}

// Token `n` of `tag`: random-looking, like real tokens (sequential ones
// would share most of their bytes with their neighbours in SST blocks).
std::string TokenValue(const std::string& tag, uint64_t n) {
  return Sha256(absl::StrCat(tag, "/", n)).substr(0, 16);
}

// Records `first`..`first + count - 1` of `tag`, each with its own domain
// token numbered like the record (so equal numbers match across sides).
void AddRecords(v1::RecordBatch& batch, const std::string& tag, uint64_t first,
                uint64_t count, uint64_t populations,
                const std::string& token_tag) {
  for (uint64_t n = first; n < first + count; ++n) {
    v1::Record* record = batch.add_records();
    record->set_record_id(Bytes16(tag, n));
    record->set_population_bits(populations);
    v1::Token* token = record->add_tokens();
    token->set_kind(v1::KEY_KIND_DOMAIN);
    token->set_value(TokenValue(token_tag, n));
  }
}

absl::Time At(int year, int month, int day) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, 9, 0, 0),
                         absl::UTCTimeZone());
}

class PolicyTest : public BrokerHarness {
 protected:
  std::string ActivePartnership(
      const v1::ProbePolicy& policy,
      v1::SyncCadence cadence = v1::SYNC_CADENCE_UNSPECIFIED) {
    PartnershipTerms terms;
    terms.probe = policy;
    terms.cadence = cadence;
    return Partnership(terms);
  }

  v1::ProbePolicy Policy(uint32_t min_population, uint32_t max_uploads,
                         uint32_t min_changed, double epsilon = 0) {
    v1::ProbePolicy policy;
    policy.set_min_population_size(min_population);
    policy.set_max_uploads_per_period(max_uploads);
    policy.set_min_changed_records(min_changed);
    policy.set_noise_epsilon(epsilon);
    return policy;
  }
};

TEST_F(PolicyTest, PeriodRolloverShowsTheLastCommonPeriodThenKeepsItsCounts) {
  const std::string id = ActivePartnership(v1::ProbePolicy());  // defaults
  // November: 30 customers each, records 10..29 of acme meet globex's.
  v1::RecordBatch acme_nov, globex_nov;
  AddRecords(acme_nov, "acme-nov", 0, 30, kCustomers, "tok-nov");
  AddRecords(globex_nov, "glob-nov", 10, 30, kCustomers, "tok-nov");
  ASSERT_TRUE(UploadSnapshot("acme", id, acme_nov, "2026-11").ok());
  ASSERT_TRUE(UploadSnapshot("globex", id, globex_nov, "2026-11").ok());
  EXPECT_EQ(ReportFor("acme", id).my_overlapping_records(), 20u);

  // December: acme syncs; globex has not yet.
  now_ = At(2026, 12, 3);
  v1::RecordBatch acme_dec, globex_dec;
  AddRecords(acme_dec, "acme-dec", 0, 35, kCustomers, "tok-dec");
  AddRecords(globex_dec, "glob-dec", 10, 35, kCustomers, "tok-dec");
  ASSERT_TRUE(UploadSnapshot("acme", id, acme_dec, "2026-12").ok());
  const v1::OverlapReport waiting = ReportFor("acme", id);
  EXPECT_EQ(waiting.period(), "2026-11");
  EXPECT_EQ(waiting.current_period(), "2026-12");
  EXPECT_EQ(waiting.my_latest_period(), "2026-12");
  EXPECT_EQ(waiting.partner_latest_period(), "2026-11");
  EXPECT_EQ(waiting.partner_latest_upload_unix(),
            absl::ToUnixSeconds(At(2026, 11, 20)));
  EXPECT_THAT(waiting.notes(),
              ::testing::Contains(
                  "globex has not synced period 2026-12 yet (its last sync "
                  "was on 2026-11-20, for 2026-11); this shows period "
                  "2026-11, the latest both sides have synced"));
  EXPECT_EQ(waiting.my_overlapping_records(), 20u);

  // Needles for November's data, present until it is superseded.
  std::vector<Needle> november;
  for (uint64_t n = 0; n < 40; ++n) {
    AddNeedle(november, TokenValue("tok-nov", n).substr(2), "November token");
  }
  for (uint64_t n = 0; n < 30; ++n) {
    AddNeedle(november, Bytes16("acme-nov", n), "November record id");
  }
  ASSERT_TRUE(store_->CompactAll().ok());
  EXPECT_EQ(CountFound(ReadTree(dir_.path()), november), november.size());

  ASSERT_TRUE(UploadSnapshot("globex", id, globex_dec, "2026-12").ok());
  const v1::OverlapReport december = ReportFor("acme", id);
  EXPECT_EQ(december.period(), "2026-12");
  EXPECT_EQ(december.my_overlapping_records(), 25u);
  EXPECT_EQ(december.partner_latest_period(), "2026-12");
  for (const std::string& note : december.notes()) {
    EXPECT_THAT(note, ::testing::Not(HasSubstr("not synced")));
  }

  v1::GetHistoryRequest request;
  request.set_partnership_id(id);
  auto history = broker_->History("acme", request);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->reports_size(), 2);
  EXPECT_EQ(history->reports(0).period(), "2026-11");
  EXPECT_EQ(history->reports(0).my_overlapping_records(), 20u);
  EXPECT_EQ(history->reports(0).cells(0).my_records(), 20u);
  EXPECT_EQ(history->reports(0).my_populations(0).records(), 30u);
  EXPECT_EQ(history->reports(1).period(), "2026-12");
  EXPECT_EQ(history->reports(1).cells(0).my_records(), 25u);
  auto theirs = broker_->History("globex", request);
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(theirs->reports(0).partner_populations(0).records(), 30u);

  // November's tokens and record ids are gone from the files.
  for (uint64_t snapshot : {1, 2}) {
    auto found = store_->FindSnapshot(snapshot);
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found->has_value()) << snapshot;
  }
  ASSERT_TRUE(store_->CompactAll().ok());
  EXPECT_THAT(FindNeedles(ReadTree(dir_.path()), november), IsEmpty());
}

TEST_F(PolicyTest, UploadsAreAcceptedForTheCurrentAndPreviousPeriodOnly) {
  const std::string id = ActivePartnership(NoProbeLimits());
  now_ = At(2026, 12, 3);
  v1::RecordBatch batch;
  AddRecords(batch, "acme", 0, 3, kCustomers, "tok");
  EXPECT_TRUE(UploadSnapshot("acme", id, batch, "2026-12").ok());
  EXPECT_TRUE(UploadSnapshot("acme", id, batch, "2026-11").ok());
  const auto closed = UploadSnapshot("acme", id, batch, "2026-10");
  EXPECT_EQ(closed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(closed.status().message(),
              HasSubstr("period 2026-10 is closed: uploads are accepted for "
                        "the current monthly period, 2026-12, and the "
                        "previous one, 2026-11"));
  const auto early = UploadSnapshot("acme", id, batch, "2027-01");
  EXPECT_THAT(early.status().message(),
              HasSubstr("period 2027-01 has not started yet"));
  EXPECT_EQ(UploadSnapshot("acme", id, batch, "2026-W49").status().code(),
            absl::StatusCode::kInvalidArgument);

  // A weekly partnership takes ISO weeks.
  ASSERT_TRUE(broker_
                  ->Revoke("acme",
                           [&] {
                             v1::RevokePartnershipRequest r;
                             r.set_partnership_id(id);
                             return r;
                           }())
                  .ok());
  const std::string weekly =
      ActivePartnership(NoProbeLimits(), v1::SYNC_CADENCE_WEEKLY);
  EXPECT_TRUE(UploadSnapshot("acme", weekly, batch, "2026-W49").ok());
  EXPECT_THAT(
      UploadSnapshot("acme", weekly, batch, "2026-12").status().message(),
      HasSubstr("is not a weekly period label"));
}

// Probe 1: a one-account upload. Probe 2: a population of 24.
TEST_F(PolicyTest, PopulationsBelowTheMinimumAreNotCounted) {
  const std::string id = ActivePartnership(Policy(25, 4, 0));
  v1::RecordBatch globex;
  AddRecords(globex, "globex", 0, 60, kCustomers, "tok");
  ASSERT_TRUE(UploadSnapshot("globex", id, globex, "2026-11").ok());
  v1::RecordBatch one;
  AddRecords(one, "acme", 7, 1, kCustomers, "tok");  // globex has record 7
  ASSERT_TRUE(UploadSnapshot("acme", id, one, "2026-11").ok());
  const v1::OverlapReport probe = ReportFor("acme", id);
  // (Empty Prospects are below the minimum too.)
  EXPECT_THAT(probe.my_suppressed_populations(),
              ElementsAre("Customers", "Prospects"));
  EXPECT_EQ(probe.my_overlapping_records(), 0u);
  EXPECT_EQ(probe.partner_overlapping_records(), 0u);
  for (const v1::OverlapCell& cell : probe.cells()) {
    EXPECT_EQ(cell.my_records(), 0u);
    EXPECT_EQ(cell.partner_records(), 0u);
  }
  EXPECT_THAT(probe.notes(),
              ::testing::Contains("Your Customers, Prospects have fewer than "
                                  "25 records: not counted (probe policy: "
                                  "minimum population size)"));
  EXPECT_THAT(ReportFor("globex", id).partner_suppressed_populations(),
              ElementsAre("Customers", "Prospects"));

  // 24 customers and 25 prospects, all of them globex's accounts: only the
  // prospects count.
  v1::RecordBatch small;
  AddRecords(small, "acme", 0, 24, kCustomers, "tok");
  AddRecords(small, "acme", 24, 25, kProspects, "tok");
  ASSERT_TRUE(UploadSnapshot("acme", id, small, "2026-11").ok());
  const v1::OverlapReport report = ReportFor("acme", id);
  EXPECT_THAT(report.my_suppressed_populations(), ElementsAre("Customers"));
  ASSERT_EQ(report.my_populations_size(), 1);
  EXPECT_EQ(report.my_populations(0).name(), "Prospects");
  EXPECT_EQ(report.my_overlapping_records(), 25u);
  EXPECT_EQ(report.probe_policy().min_population_size(), 25u);
}

// Probe 3: a fifth upload in a period.
TEST_F(PolicyTest, AFifthUploadInAPeriodIsRefused) {
  const std::string id = ActivePartnership(Policy(0, 4, 0));
  v1::RecordBatch batch;
  AddRecords(batch, "acme", 0, 5, kCustomers, "tok");
  for (uint32_t n = 1; n <= 4; ++n) {
    auto uploaded = UploadSnapshot("acme", id, batch, "2026-11");
    ASSERT_TRUE(uploaded.ok()) << n << uploaded.status();
    EXPECT_EQ(uploaded->upload_number(), n);
    EXPECT_EQ(uploaded->max_uploads_per_period(), 4u);
  }
  const auto fifth = UploadSnapshot("acme", id, batch, "2026-11");
  EXPECT_EQ(fifth.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(fifth.status().message(),
              HasSubstr("refused by the partnership's probe policy "
                        "(max_uploads_per_period 4): acme has made 4 uploads "
                        "for period 2026-11 already"));
  // The other side and the next period have their own allowance.
  EXPECT_TRUE(UploadSnapshot("globex", id, batch, "2026-11").ok());
  now_ = At(2026, 12, 1);
  EXPECT_TRUE(UploadSnapshot("acme", id, batch, "2026-12").ok());
}

// Probe 4: an upload that differs by one account from the previous one.
TEST_F(PolicyTest, AnUploadDifferingByOneAccountIsRefused) {
  const std::string id = ActivePartnership(Policy(0, 10, 10));
  v1::RecordBatch globex, acme;
  AddRecords(globex, "globex", 0, 100, kCustomers, "tok");
  AddRecords(acme, "acme", 200, 40, kCustomers, "tok");  // no overlap
  ASSERT_TRUE(UploadSnapshot("globex", id, globex, "2026-11").ok());
  ASSERT_TRUE(UploadSnapshot("acme", id, acme, "2026-11").ok());
  const std::string before = ReportFor("acme", id).SerializeAsString();
  EXPECT_EQ(ReportFor("acme", id).my_overlapping_records(), 0u);

  // The same list plus the account acme wants to test for.
  v1::RecordBatch probe = acme;
  AddRecords(probe, "acme", 42, 1, kCustomers, "tok");
  const auto refused = UploadSnapshot("acme", id, probe, "2026-11");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(refused.status().message(),
              HasSubstr("difference check, min_changed_records 10"));
  EXPECT_THAT(refused.status().message(),
              HasSubstr("adds or removes only 1 records"));
  EXPECT_EQ(ReportFor("acme", id).SerializeAsString(), before);

  // Same ids, one record's token swapped for the target's: refused too.
  v1::RecordBatch swapped = acme;
  swapped.mutable_records(0)->mutable_tokens(0)->set_value(
      TokenValue("tok", 42));
  EXPECT_EQ(UploadSnapshot("acme", id, swapped, "2026-11").status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ReportFor("acme", id).SerializeAsString(), before);

  // An unchanged re-upload is fine (nothing can move), and so is a real
  // change of 10 records.
  EXPECT_TRUE(UploadSnapshot("acme", id, acme, "2026-11").ok());
  v1::RecordBatch changed = acme;
  AddRecords(changed, "acme", 40, 10, kCustomers, "tok");
  ASSERT_TRUE(UploadSnapshot("acme", id, changed, "2026-11").ok());
  EXPECT_EQ(ReportFor("acme", id).my_overlapping_records(), 10u);
}

TEST_F(PolicyTest, NoisyCountsAreTheSameWhenAskedAgain) {
  const std::string id = ActivePartnership(Policy(0, 4, 0, 0.5));
  v1::RecordBatch acme, globex;
  AddRecords(acme, "acme", 0, 300, kCustomers, "tok");
  AddRecords(globex, "globex", 100, 300, kCustomers, "tok");
  ASSERT_TRUE(UploadSnapshot("acme", id, acme, "2026-11").ok());
  ASSERT_TRUE(UploadSnapshot("globex", id, globex, "2026-11").ok());
  const v1::OverlapReport first = ReportFor("acme", id);
  EXPECT_TRUE(first.noisy());
  EXPECT_DOUBLE_EQ(first.probe_policy().noise_epsilon(), 0.5);
  EXPECT_THAT(first.notes(), ::testing::Contains(HasSubstr("epsilon 0.5")));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ReportFor("acme", id).SerializeAsString(),
              first.SerializeAsString());
  }
  // Noise of a = e^-0.5 has standard deviation ~2.7: every noisy count is
  // near the true 200, and not all are exactly 200. One draw is 0 with
  // p = (1 - a) / (1 + a) ~ 0.245, so the test takes the 4 independent
  // counts (two cells, two totals) of three partnerships with the same
  // uploads: all 12 exact has p ~ 5e-8 (4 alone, p ~ 0.004, made the test
  // fail about once in 300 runs).
  const v1::OverlapReport mirror = ReportFor("globex", id);
  std::vector<uint64_t> noisy = {
      first.my_overlapping_records(), first.partner_overlapping_records(),
      first.cells(0).my_records(), mirror.cells(0).my_records()};
  for (const auto& [inviter, invitee] :
       {std::pair<std::string, std::string>{"acme", "initech"},
        std::pair<std::string, std::string>{"globex", "initech"}}) {
    PartnershipTerms terms;
    terms.inviter = inviter;
    terms.invitee = invitee;
    terms.probe = Policy(0, 4, 0, 0.5);
    const std::string other = Partnership(terms);
    v1::RecordBatch a, b;
    AddRecords(a, inviter, 0, 300, kCustomers, "tok");
    AddRecords(b, invitee, 100, 300, kCustomers, "tok");
    ASSERT_TRUE(UploadSnapshot(inviter, other, a, "2026-11").ok());
    ASSERT_TRUE(UploadSnapshot(invitee, other, b, "2026-11").ok());
    const v1::OverlapReport one = ReportFor(inviter, other);
    const v1::OverlapReport two = ReportFor(invitee, other);
    noisy.insert(
        noisy.end(),
        {one.my_overlapping_records(), one.partner_overlapping_records(),
         one.cells(0).my_records(), two.cells(0).my_records()});
  }
  int exact = 0;
  for (uint64_t count : noisy) {
    EXPECT_NEAR(static_cast<double>(count), 200.0, 30.0);
    exact += count == 200 ? 1 : 0;
  }
  EXPECT_LT(exact, 12);
  // Both sides see the same noisy numbers for the same counts.
  EXPECT_EQ(first.cells(0).my_records(), mirror.cells(0).partner_records());
}

TEST_F(PolicyTest, PolicyChangesNeedBothSides) {
  const std::string id = ActivePartnership(v1::ProbePolicy());
  v1::ProposePolicyRequest proposal;
  proposal.set_partnership_id(id);
  proposal.mutable_probe_policy()->set_min_population_size(50);
  proposal.mutable_probe_policy()->set_noise_epsilon(1.0);
  auto pending = broker_->ProposePolicy("acme", proposal);
  ASSERT_TRUE(pending.ok()) << pending.status();
  EXPECT_EQ(pending->probe_policy().min_population_size(), 25u);  // not yet
  EXPECT_EQ(pending->pending_policy().proposed_by(), "acme");
  EXPECT_EQ(pending->pending_policy().probe_policy().min_population_size(),
            50u);
  // Asking again alone changes nothing.
  EXPECT_EQ(broker_->ProposePolicy("acme", proposal)
                ->probe_policy()
                .min_population_size(),
            25u);
  auto agreed = broker_->ProposePolicy("globex", proposal);
  ASSERT_TRUE(agreed.ok());
  EXPECT_EQ(agreed->probe_policy().min_population_size(), 50u);
  EXPECT_EQ(agreed->probe_policy().max_uploads_per_period(), 4u);  // default
  EXPECT_DOUBLE_EQ(agreed->probe_policy().noise_epsilon(), 1.0);
  EXPECT_FALSE(agreed->has_pending_policy());

  proposal.mutable_probe_policy()->set_noise_epsilon(-1);
  EXPECT_EQ(broker_->ProposePolicy("globex", proposal).status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::InvitePartnerRequest bad;
  bad.set_partner("globex");
  bad.set_key_check(kKeyCheck);
  bad.mutable_probe_policy()->set_max_uploads_per_period(5000);
  EXPECT_THAT(broker_->Invite("acme", bad).status().message(),
              HasSubstr("max_uploads_per_period may be at most 1000"));
}

}  // namespace
}  // namespace blindmap
