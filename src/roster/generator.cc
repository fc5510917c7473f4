#include "roster/generator.h"

#include <algorithm>
#include <random>
#include <set>
#include <string>

#include "roster/row_dp.h"

namespace weft::roster {

RosterProblem GenerateRosterProblem(const GeneratorParams& g) {
  std::mt19937_64 rng(g.seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  RosterProblem p;
  p.days = 7 * std::max(1, g.weeks);
  // Early, Day, Late, Night. A late shift may not be followed by an early one;
  // a night by anything but a night.
  p.shifts = {{"E", 480, {}}, {"D", 480, {}}, {"L", 480, {0}}, {"N", 600, {0, 1, 2}}};
  const int E = std::max(2, g.employees);
  static const char* kNames[] = {"Ana", "Bo",  "Chen", "Dara", "Eli",  "Fei", "Gus", "Hana", "Ivo",
                                 "Jun", "Kai", "Lin",  "Mei",  "Noor", "Oli", "Pia", "Qing", "Raj",
                                 "Sol", "Tao", "Uma",  "Vik",  "Wen",  "Xia", "Yan", "Zoe"};
  for (int e = 0; e < E; ++e) {
    EmployeeRules r;
    r.name = std::string(kNames[e % 26]) + (e >= 26 ? std::to_string(e / 26) : "");
    const bool part_time = e % 3 == 2;
    const int per_week = part_time ? 3 : 5;
    r.max_total_minutes = per_week * 480 * p.days / 7 + (part_time ? 0 : 240);
    r.min_total_minutes = std::max(0, r.max_total_minutes - 2 * 480);
    r.max_consecutive_shifts = part_time ? 4 : 5;
    r.min_consecutive_shifts = part_time ? 1 : 2;
    r.min_consecutive_days_off = 2;
    r.max_weekends = std::max(1, p.days / 7 / 2 + (part_time ? 1 : 0));
    const bool nights = e % 4 != 1;
    r.max_shifts = {p.days, p.days, p.days, nights ? p.days / 7 * 2 : 0};
    std::set<int> off;
    const int n_off = uni(0, 2);
    for (int i = 0; i < n_off; ++i) off.insert(uni(0, p.days - 1));
    r.days_off.assign(off.begin(), off.end());
    p.employees.push_back(r);
  }
  // Every employee's rules must allow at least one row: check each with the
  // exact row optimiser and loosen (fewer fixed days off, then a shift less
  // of minimum work, then one more weekend) until they do.
  for (auto& r : p.employees) {
    for (int attempt = 0; attempt < 20; ++attempt) {
      RosterProblem one = p;
      one.employees = {r};
      one.on_requests.clear();
      one.off_requests.clear();
      one.cover.clear();
      const ProblemTables t(one);
      RowOptimizer dp(t);
      if (dp.Optimize(Roster(one), 0, 0, one.days - 1)) break;
      if (!r.days_off.empty()) {
        r.days_off.pop_back();
      } else if (attempt % 2 == 0) {
        r.min_total_minutes = std::max(0, r.min_total_minutes - 480);
      } else {
        ++r.max_weekends;
      }
    }
  }
  for (int e = 0; e < E; ++e) {
    std::set<int> used(p.employees[static_cast<size_t>(e)].days_off.begin(),
                       p.employees[static_cast<size_t>(e)].days_off.end());
    for (int i = 0; i < p.days / 5; ++i) {
      const int d = uni(0, p.days - 1);
      if (!used.insert(d).second) continue;
      if (uni(0, 1) == 0)
        p.on_requests.push_back({e, d, uni(0, 2), uni(1, 3)});
      else
        p.off_requests.push_back({e, d, uni(0, 3), uni(1, 3)});
    }
  }
  // Cover: about 80 % of the available shifts are wanted, weighted towards
  // early and late on weekdays, fewer at weekends.
  int64_t supply = 0;
  for (const auto& r : p.employees) supply += r.max_total_minutes / 480;
  const double per_day = 0.85 * static_cast<double>(supply) / p.days;
  static const double kShare[] = {0.32, 0.2, 0.3, 0.18};
  for (int d = 0; d < p.days; ++d) {
    const double day_factor = d % 7 >= 5 ? 0.7 : 1.08;
    for (int s = 0; s < 4; ++s) {
      const int req =
          std::max(0, static_cast<int>(per_day * day_factor * kShare[s] + 0.5) + uni(-1, 0));
      p.cover.push_back({d, s, req, 100, 1});
    }
  }
  return p;
}

}  // namespace weft::roster
