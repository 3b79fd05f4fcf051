#include "common/crypto/sync_period.h"

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

absl::Time Day(int y, int m, int d) {
  return absl::FromCivil(absl::CivilDay(y, m, d), absl::UTCTimeZone());
}

TEST(SyncPeriodTest, WeeklyPeriodsAreIsoWeeks) {
  EXPECT_EQ(PeriodOf(v1::SYNC_CADENCE_WEEKLY, Day(2026, 11, 22)), "2026-W47");
  EXPECT_EQ(PeriodOf(v1::SYNC_CADENCE_WEEKLY, Day(2026, 11, 23)), "2026-W48");
  // 2026-01-01 is a Thursday: week 1 of 2026. 2027-01-01 is a Friday: it
  // belongs to week 53 of 2026.
  EXPECT_EQ(PeriodOf(v1::SYNC_CADENCE_WEEKLY, Day(2026, 1, 1)), "2026-W01");
  EXPECT_EQ(PeriodOf(v1::SYNC_CADENCE_WEEKLY, Day(2027, 1, 1)), "2026-W53");
  EXPECT_EQ(PeriodOf(v1::SYNC_CADENCE_WEEKLY, Day(2024, 12, 30)), "2025-W01");
  EXPECT_TRUE(IsPeriod(v1::SYNC_CADENCE_WEEKLY, "2026-W53"));
  EXPECT_FALSE(IsPeriod(v1::SYNC_CADENCE_WEEKLY, "2025-W53"));  // no such week
  EXPECT_FALSE(IsPeriod(v1::SYNC_CADENCE_WEEKLY, "2026-W00"));
  EXPECT_FALSE(IsPeriod(v1::SYNC_CADENCE_WEEKLY, "2026-11"));
}

TEST(SyncPeriodTest, QuarterlyAndMonthlyPeriods) {
  EXPECT_EQ(PeriodOf(v1::SYNC_CADENCE_QUARTERLY, Day(2026, 11, 22)), "2026-Q4");
  EXPECT_EQ(PeriodOf(v1::SYNC_CADENCE_QUARTERLY, Day(2026, 3, 31)), "2026-Q1");
  EXPECT_EQ(PeriodOf(v1::SYNC_CADENCE_MONTHLY, Day(2026, 11, 22)), "2026-11");
  EXPECT_EQ(PeriodOf(v1::SYNC_CADENCE_UNSPECIFIED, Day(2026, 11, 22)),
            "2026-11");
  EXPECT_TRUE(IsPeriod(v1::SYNC_CADENCE_QUARTERLY, "2026-Q4"));
  EXPECT_FALSE(IsPeriod(v1::SYNC_CADENCE_QUARTERLY, "2026-Q5"));
  EXPECT_FALSE(IsPeriod(v1::SYNC_CADENCE_MONTHLY, "2026-Q4"));
}

TEST(SyncPeriodTest, PreviousPeriodCrossesYearBoundaries) {
  EXPECT_EQ(PreviousPeriodOf(v1::SYNC_CADENCE_MONTHLY, Day(2027, 1, 15)),
            "2026-12");
  EXPECT_EQ(PreviousPeriodOf(v1::SYNC_CADENCE_QUARTERLY, Day(2027, 2, 1)),
            "2026-Q4");
  EXPECT_EQ(PreviousPeriodOf(v1::SYNC_CADENCE_WEEKLY, Day(2026, 1, 7)),
            "2026-W01");  // Wednesday of week 2
  EXPECT_EQ(PeriodStart(v1::SYNC_CADENCE_WEEKLY, Day(2026, 11, 22)),
            Day(2026, 11, 16));  // the Monday
}

TEST(SyncPeriodTest, CadenceNamesRoundTrip) {
  for (auto cadence : {v1::SYNC_CADENCE_WEEKLY, v1::SYNC_CADENCE_MONTHLY,
                       v1::SYNC_CADENCE_QUARTERLY}) {
    v1::SyncCadence parsed = v1::SYNC_CADENCE_UNSPECIFIED;
    ASSERT_TRUE(ParseCadence(CadenceName(cadence), parsed));
    EXPECT_EQ(parsed, cadence);
  }
  v1::SyncCadence parsed;
  EXPECT_FALSE(ParseCadence("daily", parsed));
}

}  // namespace
}  // namespace blindmap
