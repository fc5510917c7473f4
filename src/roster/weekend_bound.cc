#include "roster/weekend_bound.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <coin/ClpSimplex.hpp>
#include <cstddef>
#include <vector>

#include "roster/constraints.h"

namespace weft::roster {
namespace {

// One choice for a weekend: the Saturday's and the Sunday's shift (-1: off).
struct Choice {
  int sat, sun;
};

}  // namespace

WeekendBoundResult WeekendRelaxationBound(const RosterProblem& p, int max_rounds) {
  const auto t0 = std::chrono::steady_clock::now();
  const ProblemTables t(p);
  WeekendBoundResult res;
  int weekends = 0;
  while (7 * weekends + 5 < t.H) ++weekends;
  // The choices: at least one day worked, and Sunday's shift allowed after
  // Saturday's. A Sunday past the horizon is never worked.
  std::vector<Choice> choices;
  for (int a = -1; a < t.S; ++a)
    for (int b = -1; b < t.S; ++b)
      if ((a >= 0 || b >= 0) && (a < 0 || b < 0 || !t.forbidden[static_cast<size_t>(a * t.S + b)]))
        choices.push_back({a, b});

  // Rows: weekend cover (d, s), then per employee its weekends, its budget and
  // its per-type maxima.
  std::vector<double> lo, hi;
  auto cover_row = [&](int d, int s) { return ((d / 7) * 2 + (d % 7 - 5)) * t.S + s; };
  for (int w = 0; w < weekends; ++w)
    for (int d = 7 * w + 5; d <= 7 * w + 6; ++d)
      for (int s = 0; s < t.S; ++s) {
        const double r = d < t.H ? t.cover_req[static_cast<size_t>(d * t.S + s)] : 0;
        lo.push_back(r);
        hi.push_back(r);
      }
  const int employee_rows = weekends + 1 + t.S;
  const int first_employee_row = static_cast<int>(lo.size());
  for (int e = 0; e < t.E; ++e) {
    const EmployeeRules& rules = p.employees[static_cast<size_t>(e)];
    for (int w = 0; w < weekends; ++w) lo.push_back(-COIN_DBL_MAX), hi.push_back(1);
    lo.push_back(-COIN_DBL_MAX), hi.push_back(rules.max_weekends);
    for (int s = 0; s < t.S; ++s)
      lo.push_back(-COIN_DBL_MAX), hi.push_back(rules.max_shifts[static_cast<size_t>(s)]);
  }
  auto weekend_row = [&](int e, int w) { return first_employee_row + e * employee_rows + w; };
  auto budget_row = [&](int e) { return first_employee_row + e * employee_rows + weekends; };
  auto type_row = [&](int e, int s) {
    return first_employee_row + e * employee_rows + weekends + 1 + s;
  };

  ClpSimplex lp;
  lp.setLogLevel(0);
  lp.addRows(static_cast<int>(lo.size()), lo.data(), hi.data(), nullptr, nullptr, nullptr);
  // The cover slacks.
  std::vector<double> col_lo, col_hi, cost, value;
  std::vector<int> starts{0}, index;
  auto add = [&](double c, std::initializer_list<std::pair<int, double>> entries) {
    col_lo.push_back(0);
    col_hi.push_back(COIN_DBL_MAX);
    cost.push_back(c);
    for (const auto& [r, v] : entries) index.push_back(r), value.push_back(v);
    starts.push_back(static_cast<int>(index.size()));
  };
  auto flush = [&] {
    lp.addColumns(static_cast<int>(cost.size()), col_lo.data(), col_hi.data(), cost.data(),
                  starts.data(), index.data(), value.data());
    col_lo.clear(), col_hi.clear(), cost.clear(), value.clear(), index.clear();
    starts.assign(1, 0);
  };
  for (int w = 0; w < weekends; ++w)
    for (int d = 7 * w + 5; d <= 7 * w + 6 && d < t.H; ++d)
      for (int s = 0; s < t.S; ++s) {
        const auto g = static_cast<size_t>(d * t.S + s);
        add(t.cover_under[g], {{cover_row(d, s), 1.0}});
        add(t.cover_over[g], {{cover_row(d, s), -1.0}});
      }
  flush();

  // The request cost of a day: working s (or off, s = -1).
  auto request = [&](int e, int d, int s) -> double {
    if (d >= t.H) return 0;
    const auto i = static_cast<size_t>(t.CellIdx(e, d, s));
    return t.request_cost[i];
  };
  // Whether e may work s on d at all.
  auto may = [&](int e, int d, int s) {
    return s < 0 || (d < t.H && !t.day_off[static_cast<size_t>(e * t.H + d)] &&
                     p.employees[static_cast<size_t>(e)].max_shifts[static_cast<size_t>(s)] > 0);
  };
  double constant = 0;
  for (int e = 0; e < t.E; ++e)
    for (int w = 0; w < weekends; ++w)
      constant += request(e, 7 * w + 5, -1) + request(e, 7 * w + 6, -1);

  // Column generation: each round adds, for every employee and weekend, the
  // choice of least reduced cost when it is negative.
  std::vector<double> rhs(lo.size());
  for (size_t i = 0; i < lo.size(); ++i) rhs[i] = lo[i] > -COIN_DBL_MAX ? lo[i] : hi[i];
  constexpr double kTolerance = 1e-7;
  res.solved = true;
  res.lagrangian = -COIN_DBL_MAX;
  for (res.rounds = 0; res.rounds < max_rounds; ++res.rounds) {
    lp.primal();
    if (!lp.isProvenOptimal()) {
      res.solved = false;
      break;
    }
    const double* y = lp.dualRowSolution();
    // Lagrangian bound, the weekend rows kept in the subproblem: the duals of
    // the other rows times their right-hand sides, plus each employee's and
    // weekend's best choice (or none) under those duals.
    double lagrangian = constant;
    for (int r = 0; r < first_employee_row; ++r) lagrangian += y[r] * rhs[static_cast<size_t>(r)];
    int added = 0;
    for (int e = 0; e < t.E; ++e) {
      lagrangian += y[budget_row(e)] * rhs[static_cast<size_t>(budget_row(e))];
      for (int s = 0; s < t.S; ++s)
        lagrangian += y[type_row(e, s)] * rhs[static_cast<size_t>(type_row(e, s))];
      for (int w = 0; w < weekends; ++w) {
        const int sat = 7 * w + 5, sun = 7 * w + 6;
        const double off = request(e, sat, -1) + request(e, sun, -1);
        double best = 0;  // the weekend off
        const Choice* pick = nullptr;
        for (const Choice& c : choices) {
          if (!may(e, sat, c.sat) || !may(e, sun, c.sun)) continue;
          double rc = request(e, sat, c.sat) + request(e, sun, c.sun) - off - y[budget_row(e)];
          if (c.sat >= 0) rc -= y[cover_row(sat, c.sat)] + y[type_row(e, c.sat)];
          if (c.sun >= 0) rc -= y[cover_row(sun, c.sun)] + y[type_row(e, c.sun)];
          if (rc < best) best = rc, pick = &c;
        }
        lagrangian += best;
        // Against the weekend row's dual: a column that improves the master.
        if (pick && best - y[weekend_row(e, w)] < -kTolerance) {
          const Choice& c = *pick;
          double cst = request(e, sat, c.sat) + request(e, sun, c.sun) - off;
          index.push_back(weekend_row(e, w)), value.push_back(1);
          index.push_back(budget_row(e)), value.push_back(1);
          for (const auto& [d, s] : {std::pair{sat, c.sat}, std::pair{sun, c.sun}}) {
            if (s < 0) continue;
            index.push_back(cover_row(d, s)), value.push_back(1);
            index.push_back(type_row(e, s)), value.push_back(1);
          }
          col_lo.push_back(0), col_hi.push_back(1), cost.push_back(cst);
          starts.push_back(static_cast<int>(index.size()));
          ++added;
        }
      }
    }
    res.lagrangian = std::max(res.lagrangian, lagrangian);
    res.lp = lp.objectiveValue() + constant;
    if (added == 0) {
      res.converged = true;
      break;
    }
    flush();
  }
  res.columns = lp.numberColumns();
  res.rows = lp.numberRows();
  if (res.solved) {
    const double proven = res.converged ? std::max(res.lp, res.lagrangian) : res.lagrangian;
    res.bound = static_cast<int64_t>(std::ceil(proven - 1e-6));
  }
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace weft::roster
