#include "roster/checker.h"

#include <map>

namespace weft::roster {

CheckReport CheckRoster(const RosterProblem& p, const Grid& grid) {
  CheckReport rep;
  const int H = p.days;
  auto bad = [&](const std::string& what) {
    rep.feasible = false;
    rep.violations.push_back(what);
  };
  if (static_cast<int>(grid.size()) != p.num_employees()) {
    bad("grid has the wrong number of employees");
    return rep;
  }
  for (int e = 0; e < p.num_employees(); ++e) {
    const auto& r = p.employees[e];
    const auto& row = grid[e];
    if (static_cast<int>(row.size()) != H) {
      bad("row of " + r.name + " has the wrong length");
      continue;
    }
    std::map<int, int> count;
    int minutes = 0;
    for (int d = 0; d < H; ++d) {
      if (row[d] < -1 || row[d] >= p.num_shifts()) {
        bad("unknown shift for " + r.name + " on day " + std::to_string(d));
        return rep;
      }
      if (row[d] < 0) continue;
      ++count[row[d]];
      minutes += p.shifts[row[d]].minutes;
      if (d + 1 < H && row[d + 1] >= 0)
        for (int t : p.shifts[row[d]].cannot_follow)
          if (t == row[d + 1]) bad("forbidden succession " + r.name + " day " + std::to_string(d));
    }
    for (auto [s, n] : count)
      if (n > r.max_shifts[s]) bad("max shifts " + r.name + " " + p.shifts[s].name);
    if (minutes > r.max_total_minutes) bad("max total minutes " + r.name);
    if (minutes < r.min_total_minutes) bad("min total minutes " + r.name);
    for (int d = 0; d < H;) {
      int j = d;
      const bool w = row[d] >= 0;
      while (j < H && (row[j] >= 0) == w) ++j;
      const int len = j - d;
      const bool interior = d > 0 && j < H;
      if (w && len > r.max_consecutive_shifts)
        bad("max consecutive " + r.name + " day " + std::to_string(d));
      if (w && interior && len < r.min_consecutive_shifts)
        bad("min consecutive " + r.name + " day " + std::to_string(d));
      if (!w && interior && len < r.min_consecutive_days_off)
        bad("min days off " + r.name + " day " + std::to_string(d));
      d = j;
    }
    int weekends = 0;
    for (int k = 0; k < H / 7; ++k) weekends += row[7 * k + 5] >= 0 || row[7 * k + 6] >= 0;
    if (weekends > r.max_weekends) bad("max weekends " + r.name);
    for (int d : r.days_off)
      if (row[d] >= 0) bad("day off " + r.name + " day " + std::to_string(d));
  }
  if (!rep.feasible && rep.violations.front().find("grid") != std::string::npos) return rep;
  for (const auto& q : p.on_requests)
    if (grid[q.employee][q.day] != q.shift) rep.requests += q.weight;
  for (const auto& q : p.off_requests)
    if (grid[q.employee][q.day] == q.shift) rep.requests += q.weight;
  for (const auto& c : p.cover) {
    int n = 0;
    for (int e = 0; e < p.num_employees(); ++e) n += grid[e][c.day] == c.shift;
    rep.cover += n < c.requirement ? int64_t{c.weight_under} * (c.requirement - n)
                                   : int64_t{c.weight_over} * (n - c.requirement);
  }
  return rep;
}

}  // namespace weft::roster
