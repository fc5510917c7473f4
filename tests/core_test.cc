#include <gtest/gtest.h>

#include "core/ids.h"
#include "core/status.h"
#include "core/time.h"

namespace weft {
namespace {

TEST(Time, CivilRoundTripWithOffset) {
  const CivilTime local{2026, 3, 29, 1, 30};
  const Instant utc = ToInstant(local, Minutes(60));  // UTC+1
  EXPECT_EQ(ToCivil(utc, Minutes(0)), (CivilTime{2026, 3, 29, 0, 30}));
  EXPECT_EQ(ToCivil(utc, Minutes(60)), local);
  EXPECT_EQ(ToCivil(utc, Minutes(120)), (CivilTime{2026, 3, 29, 2, 30}));
}

TEST(Time, BeforeEpochAndFormatting) {
  const Instant t = ToInstant({1969, 12, 31, 23, 59}, Minutes(0));
  EXPECT_EQ(t.minutes_since_epoch(), -1);
  EXPECT_EQ(FormatCivil(ToCivil(t, Minutes(0))), "1969-12-31 23:59");
}

TEST(Time, WeekdaysAndWeekends) {
  EXPECT_EQ(IsoWeekday(2026, 11, 23), 1);  // a Monday
  EXPECT_EQ(IsoWeekday(2003, 3, 3), 1);
  EXPECT_FALSE(IsWeekendDay(4));
  EXPECT_TRUE(IsWeekendDay(5));
  EXPECT_TRUE(IsWeekendDay(13));
}

TEST(Ids, StrongIdsCompareByValue) {
  WorkerId a(3), b(3), c(4);
  EXPECT_EQ(a, b);
  EXPECT_LT(a, c);
  EXPECT_FALSE(WorkerId().valid());
}

TEST(Status, ResultCarriesValueOrError) {
  Result<int> ok = 5;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 5);
  Result<int> bad = Status::InvalidInput("f.txt:3: expected a number");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bad.status().message(), "f.txt:3: expected a number");
}

}  // namespace
}  // namespace weft
