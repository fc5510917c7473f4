// Time in the core: integer minutes.
//
// Minutes is a duration; Instant is a point in UTC, counted in minutes since
// 1970-01-01T00:00Z. Civil (local) time exists only at the edges: a site has
// a fixed UTC offset per instant supplied by the adapter (the zone database is
// consulted in the I/O layer, never in the solver). DayIndex counts days from
// the start of a planning horizon, which by convention starts on a Monday.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace weft {

class Minutes {
 public:
  constexpr Minutes() = default;
  constexpr explicit Minutes(int64_t m) : m_(m) {}
  constexpr int64_t count() const { return m_; }
  constexpr auto operator<=>(const Minutes&) const = default;
  constexpr Minutes operator+(Minutes o) const { return Minutes(m_ + o.m_); }
  constexpr Minutes operator-(Minutes o) const { return Minutes(m_ - o.m_); }
  constexpr Minutes& operator+=(Minutes o) {
    m_ += o.m_;
    return *this;
  }
  constexpr Minutes& operator-=(Minutes o) {
    m_ -= o.m_;
    return *this;
  }

 private:
  int64_t m_ = 0;
};

constexpr Minutes Hours(int64_t h) { return Minutes(h * 60); }

class Instant {
 public:
  constexpr Instant() = default;
  constexpr explicit Instant(int64_t minutes_since_epoch) : m_(minutes_since_epoch) {}
  constexpr int64_t minutes_since_epoch() const { return m_; }
  constexpr auto operator<=>(const Instant&) const = default;
  constexpr Instant operator+(Minutes d) const { return Instant(m_ + d.count()); }
  constexpr Minutes operator-(Instant o) const { return Minutes(m_ - o.m_); }

 private:
  int64_t m_ = 0;
};

// A civil date-time as a person at a site reads it.
struct CivilTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0;
  auto operator<=>(const CivilTime&) const = default;
};

// Converts with an explicit UTC offset (minutes east of UTC) known for that
// instant; the zone lookup that produces the offset belongs to the adapter.
Instant ToInstant(const CivilTime& local, Minutes utc_offset);
CivilTime ToCivil(Instant t, Minutes utc_offset);
// ISO weekday of a civil date: 1 = Monday ... 7 = Sunday.
int IsoWeekday(int year, int month, int day);
// "YYYY-MM-DD HH:MM".
std::string FormatCivil(const CivilTime& t);

using DayIndex = int32_t;
// Day 0 of every horizon is a Monday: Saturday is day % 7 == 5, Sunday 6.
constexpr bool IsWeekendDay(DayIndex d) { return d % 7 >= 5; }

}  // namespace weft
