// IntervalSeries: counts per regular interval of local (site) time, by day.
//
// A day is a local civil date (days since 1970-01-01); each day holds one
// value per slot of `step_minutes` from midnight and a flag saying whether
// the slot was open. Days absent from `days` are closed (weekends, holidays):
// closed is not zero demand. Invariants: days are in ascending date order,
// `value` and `open` have slots_per_day() entries, closed slots hold 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace weft::forecast {

using Date = int32_t;  // days since 1970-01-01, local civil date

// 0 = Monday ... 6 = Sunday.
constexpr int Weekday(Date d) { return ((d % 7) + 7 + 3) % 7; }

struct DaySeries {
  Date date = 0;
  std::vector<double> value;  // per slot
  std::vector<uint8_t> open;  // per slot: 1 when the slot had a row
};

struct IntervalSeries {
  int step_minutes = 0;  // divides 1440
  std::vector<DaySeries> days;

  int slots_per_day() const { return 1440 / step_minutes; }
  double DayTotal(size_t i) const {
    double t = 0;
    for (double v : days[i].value) t += v;
    return t;
  }
  // The days before date `end` (exclusive), same step.
  IntervalSeries Before(Date end) const;
  // The days in [from, to).
  IntervalSeries Between(Date from, Date to) const;
};

// The slots of each weekday the centre opens, judged from the last `weeks`
// weeks of the history: a weekday is open when it had rows on at least half
// of its dates in that span, and a slot when it was open on at least half of
// that weekday's open days. Indexed [weekday][slot].
std::vector<std::vector<uint8_t>> OpeningHours(const IntervalSeries& h, int weeks = 4);

}  // namespace weft::forecast
