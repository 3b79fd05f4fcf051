// PartyLimits with a fake clock: the request bucket's burst and refill, and
// upload places given back by their RAII slots; and the `limits:` section of
// the broker's config.
#include "server/broker/party_limits.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/service/broker_config.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;

class FakeClock {
 public:
  absl::Time Now() const { return now_; }
  void Advance(absl::Duration d) { now_ += d; }
  PartyLimits::Clock AsClock() {
    return [this] { return now_; };
  }

 private:
  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
};

PartyLimitsOptions Options(int64_t per_minute, int64_t burst, int64_t uploads) {
  PartyLimitsOptions options;
  options.requests_per_minute = per_minute;
  options.request_burst = burst;
  options.max_concurrent_uploads = uploads;
  return options;
}

TEST(PartyLimitsTest,
     BurstIsAdmittedThenTheNextRequestIsRefusedNamingTheLimit) {
  FakeClock clock;
  PartyLimits limits(Options(60, 3, 2), clock.AsClock());
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limits.AdmitRequest("acme").ok()) << "request " << i;
  }
  const absl::Status refused = limits.AdmitRequest("acme");
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(refused.message(),
            "requests_per_minute_per_party (60) exceeded (burst 3); retry in "
            "1 s");
}

TEST(PartyLimitsTest, BucketRefillsAtTheRatePerMinute) {
  FakeClock clock;
  PartyLimits limits(Options(6, 2, 2), clock.AsClock());  // one per 10 s
  ASSERT_TRUE(limits.AdmitRequest("acme").ok());
  ASSERT_TRUE(limits.AdmitRequest("acme").ok());
  const absl::Status empty = limits.AdmitRequest("acme");
  EXPECT_THAT(empty.message(), HasSubstr("retry in 10 s"));
  clock.Advance(absl::Seconds(7));
  const absl::Status later = limits.AdmitRequest("acme");
  EXPECT_EQ(later.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(later.message(), HasSubstr("retry in 3 s"));
  clock.Advance(absl::Seconds(3));
  EXPECT_TRUE(limits.AdmitRequest("acme").ok());
  EXPECT_EQ(limits.AdmitRequest("acme").code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(PartyLimitsTest, BucketNeverHoldsMoreThanTheBurst) {
  FakeClock clock;
  PartyLimits limits(Options(600, 2, 2), clock.AsClock());
  clock.Advance(absl::Hours(5));
  EXPECT_TRUE(limits.AdmitRequest("acme").ok());
  EXPECT_TRUE(limits.AdmitRequest("acme").ok());
  EXPECT_EQ(limits.AdmitRequest("acme").code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(PartyLimitsTest, PartiesHaveSeparateBuckets) {
  FakeClock clock;
  PartyLimits limits(Options(60, 1, 2), clock.AsClock());
  EXPECT_TRUE(limits.AdmitRequest("acme").ok());
  EXPECT_FALSE(limits.AdmitRequest("acme").ok());
  EXPECT_TRUE(limits.AdmitRequest("globex").ok());
}

TEST(PartyLimitsTest, AClockGoingBackRefillsNothing) {
  FakeClock clock;
  PartyLimits limits(Options(60, 1, 2), clock.AsClock());
  ASSERT_TRUE(limits.AdmitRequest("acme").ok());
  clock.Advance(absl::Seconds(-30));
  EXPECT_FALSE(limits.AdmitRequest("acme").ok());
  clock.Advance(absl::Seconds(30));
  EXPECT_FALSE(limits.AdmitRequest("acme").ok());
  clock.Advance(absl::Seconds(1));
  EXPECT_TRUE(limits.AdmitRequest("acme").ok());
}

TEST(PartyLimitsTest, ThirdConcurrentUploadIsRefusedUntilASlotIsReleased) {
  FakeClock clock;
  PartyLimits limits(Options(600, 10, 2), clock.AsClock());
  absl::StatusOr<PartyLimits::UploadSlot> first = limits.AcquireUpload("acme");
  absl::StatusOr<PartyLimits::UploadSlot> second = limits.AcquireUpload("acme");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(limits.uploads_in_progress("acme"), 2);
  absl::StatusOr<PartyLimits::UploadSlot> third = limits.AcquireUpload("acme");
  ASSERT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(third.status().message(),
              HasSubstr("max_concurrent_uploads_per_party (2) reached"));
  // Another party is not affected.
  EXPECT_TRUE(limits.AcquireUpload("globex").ok());

  first->Release();
  first->Release();  // idempotent
  EXPECT_EQ(limits.uploads_in_progress("acme"), 1);
  EXPECT_TRUE(limits.AcquireUpload("acme").ok());  // released at once
  EXPECT_EQ(limits.uploads_in_progress("acme"), 1);
}

TEST(PartyLimitsTest, SlotsReleaseWhenDestroyedAndMoveWithoutDoubleRelease) {
  FakeClock clock;
  PartyLimits limits(Options(600, 10, 1), clock.AsClock());
  {
    absl::StatusOr<PartyLimits::UploadSlot> slot = limits.AcquireUpload("acme");
    ASSERT_TRUE(slot.ok());
    PartyLimits::UploadSlot moved = std::move(slot).value();
    EXPECT_EQ(limits.uploads_in_progress("acme"), 1);
    PartyLimits::UploadSlot assigned;
    assigned = std::move(moved);
    EXPECT_EQ(limits.uploads_in_progress("acme"), 1);
    EXPECT_FALSE(limits.AcquireUpload("acme").ok());
  }
  EXPECT_EQ(limits.uploads_in_progress("acme"), 0);
  EXPECT_TRUE(limits.AcquireUpload("acme").ok());
}

absl::StatusOr<BrokerConfig> ParseWithLimits(const std::string& limits) {
  return ParseBrokerConfig(
      "listen: 127.0.0.1:0\ndata_dir: /tmp/x\nplaintext: true\n" + limits,
      "broker.yaml");
}

TEST(BrokerLimitsConfigTest, DefaultsWithoutALimitsSection) {
  absl::StatusOr<BrokerConfig> config = ParseWithLimits("");
  ASSERT_TRUE(config.ok()) << config.status();
  const BrokerLimits& limits = config->limits;
  EXPECT_EQ(limits.max_message_bytes, 4 << 20);
  EXPECT_EQ(limits.max_records_per_snapshot, 20'000'000);
  EXPECT_EQ(limits.max_tokens_per_record, 64);
  EXPECT_EQ(limits.max_concurrent_uploads_per_party, 2);
  EXPECT_EQ(limits.requests_per_minute_per_party, 600);
  EXPECT_EQ(limits.request_burst_per_party, 120);
  EXPECT_EQ(limits.server_deadline_seconds, 60);
  EXPECT_EQ(limits.upload_idle_seconds, 120);
}

TEST(BrokerLimitsConfigTest, EveryKeyIsRead) {
  absl::StatusOr<BrokerConfig> config = ParseWithLimits(
      "limits:\n"
      "  max_message_bytes: 65536\n"
      "  max_records_per_snapshot: 5\n"
      "  max_tokens_per_record: 4\n"
      "  max_concurrent_uploads_per_party: 3\n"
      "  requests_per_minute_per_party: 6\n"
      "  request_burst_per_party: 7\n"
      "  server_deadline_seconds: 8\n"
      "  upload_idle_seconds: 9\n");
  ASSERT_TRUE(config.ok()) << config.status();
  const BrokerLimits& limits = config->limits;
  EXPECT_EQ(limits.max_message_bytes, 65536);
  EXPECT_EQ(limits.max_records_per_snapshot, 5);
  EXPECT_EQ(limits.max_tokens_per_record, 4);
  EXPECT_EQ(limits.max_concurrent_uploads_per_party, 3);
  EXPECT_EQ(limits.requests_per_minute_per_party, 6);
  EXPECT_EQ(limits.request_burst_per_party, 7);
  EXPECT_EQ(limits.server_deadline_seconds, 8);
  EXPECT_EQ(limits.upload_idle_seconds, 9);
}

TEST(BrokerLimitsConfigTest, OutOfRangeValuesAreErrorsNamingTheKey) {
  const absl::StatusOr<BrokerConfig> zero =
      ParseWithLimits("limits:\n  requests_per_minute_per_party: 0\n");
  EXPECT_EQ(zero.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(zero.status().message(),
              HasSubstr("limits.requests_per_minute_per_party: must be "
                        "between 1 and 1000000, not 0"));
  const absl::StatusOr<BrokerConfig> tiny =
      ParseWithLimits("limits:\n  max_message_bytes: 100\n");
  EXPECT_THAT(tiny.status().message(),
              HasSubstr("limits.max_message_bytes: must be between 4096"));
  const absl::StatusOr<BrokerConfig> word =
      ParseWithLimits("limits:\n  upload_idle_seconds: soon\n");
  EXPECT_THAT(word.status().message(),
              HasSubstr("limits.upload_idle_seconds: expected a whole number"));
  const absl::StatusOr<BrokerConfig> typo =
      ParseWithLimits("limits:\n  max_uploads: 3\n");
  EXPECT_EQ(typo.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(typo.status().message(),
              HasSubstr("limits.max_uploads: unknown key"));
}

}  // namespace
}  // namespace blindmap
