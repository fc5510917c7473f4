#include "forecast/series.h"

#include <algorithm>
#include <limits>

namespace weft::forecast {

IntervalSeries IntervalSeries::Before(Date end) const {
  return Between(std::numeric_limits<Date>::min(), end);
}

IntervalSeries IntervalSeries::Between(Date from, Date to) const {
  IntervalSeries out;
  out.step_minutes = step_minutes;
  for (const auto& d : days)
    if (d.date >= from && d.date < to) out.days.push_back(d);
  return out;
}

std::vector<std::vector<uint8_t>> OpeningHours(const IntervalSeries& h, int weeks) {
  const int S = h.slots_per_day();
  std::vector<std::vector<uint8_t>> hours(7, std::vector<uint8_t>(static_cast<size_t>(S), 0));
  if (h.days.empty()) return hours;
  const Date last = h.days.back().date;
  const Date first = std::max(h.days.front().date, last - 7 * weeks + 1);
  std::vector<int> dates(7, 0), seen(7, 0);
  std::vector<std::vector<int>> slot(7, std::vector<int>(static_cast<size_t>(S), 0));
  for (Date d = first; d <= last; ++d) ++dates[static_cast<size_t>(Weekday(d))];
  for (const auto& day : h.days) {
    if (day.date < first) continue;
    const auto w = static_cast<size_t>(Weekday(day.date));
    ++seen[w];
    for (int s = 0; s < S; ++s) slot[w][static_cast<size_t>(s)] += day.open[static_cast<size_t>(s)];
  }
  for (size_t w = 0; w < 7; ++w) {
    if (seen[w] == 0 || 2 * seen[w] < dates[w]) continue;
    for (int s = 0; s < S; ++s)
      hours[w][static_cast<size_t>(s)] = 2 * slot[w][static_cast<size_t>(s)] >= seen[w];
  }
  return hours;
}

}  // namespace weft::forecast
