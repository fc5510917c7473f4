#include "core/time.h"

#include <chrono>
#include <cstdio>

namespace weft {
namespace {
namespace chr = std::chrono;

chr::sys_days ToSysDays(int y, int m, int d) {
  return chr::sys_days(chr::year(y) / chr::month(static_cast<unsigned>(m)) /
                       chr::day(static_cast<unsigned>(d)));
}
}  // namespace

Instant ToInstant(const CivilTime& local, Minutes utc_offset) {
  const int64_t days = ToSysDays(local.year, local.month, local.day).time_since_epoch().count();
  return Instant(days * 1440 + local.hour * 60 + local.minute - utc_offset.count());
}

CivilTime ToCivil(Instant t, Minutes utc_offset) {
  int64_t m = t.minutes_since_epoch() + utc_offset.count();
  int64_t days = m >= 0 ? m / 1440 : -((-m + 1439) / 1440);
  int64_t rem = m - days * 1440;
  chr::year_month_day ymd{chr::sys_days(chr::days(days))};
  return CivilTime{static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
                   static_cast<int>(unsigned(ymd.day())), static_cast<int>(rem / 60),
                   static_cast<int>(rem % 60)};
}

int IsoWeekday(int year, int month, int day) {
  return static_cast<int>(chr::weekday(ToSysDays(year, month, day)).iso_encoding());
}

std::string FormatCivil(const CivilTime& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", t.year, t.month, t.day, t.hour,
                t.minute);
  return buf;
}

}  // namespace weft
