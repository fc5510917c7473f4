// The row re-optimisation against brute force on small windows.
#include "roster/row_dp.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "roster/checker.h"
#include "roster/score_director.h"
#include "test_util.h"

namespace weft::roster {
namespace {

// Hard-feasibility of one employee's row, by the independent checker.
bool RowFeasible(const RosterProblem& p, const Roster& r, int e) {
  std::vector<int> row(static_cast<size_t>(p.days));
  for (int d = 0; d < p.days; ++d) row[static_cast<size_t>(d)] = r.at(e, d);
  return test::RowFeasible(p, e, row);
}

// A small problem with loose per-type limits (the DP is then exact, no
// multipliers), its rows each feasible where the DP finds a way (so the rest
// of a row outside a window is too), and a random employee.
struct Case {
  Case(uint64_t seed, int weeks)
      : p(Loose(test::SmallProblem(seed, 4, weeks))),
        t(p),
        rng(seed),
        sd(t, test::FeasibleRows(p, t)),
        dp(t),
        e(static_cast<int>(rng() % p.num_employees())) {}
  static RosterProblem Loose(RosterProblem p) {
    for (auto& r : p.employees)
      for (auto& m : r.max_shifts) m = m > 0 ? p.days : 0;
    return p;
  }
  // The best soft score over the (S+1)^len fillings of days [a, b] of e's row
  // that keep the row feasible and pass keep(fillings); INT64_MAX if none.
  template <class Keep>
  int64_t BruteForce(int a, int b, Keep keep) {
    const int C = p.num_shifts() + 1;
    int total = 1;
    for (int d = a; d <= b; ++d) total *= C;
    int64_t best = INT64_MAX;
    for (int code = 0; code < total; ++code) {
      std::vector<CellChange> cells;
      int c = code;
      for (int d = a; d <= b; ++d, c /= C)
        cells.push_back({e, d, kOff, static_cast<ShiftIdx>(c % C - 1)});
      if (!keep(cells)) continue;
      sd.Do(cells);
      if (RowFeasible(p, sd.roster(), e)) best = std::min(best, sd.score().soft);
      sd.Undo();
    }
    return best;
  }
  // Applies the plan for days [a, b] (undo with sd.Undo()).
  void Apply(int a, const std::vector<ShiftIdx>& plan) {
    std::vector<CellChange> cells;
    for (size_t i = 0; i < plan.size(); ++i)
      cells.push_back({e, a + static_cast<int>(i), kOff, plan[i]});
    sd.Do(cells);
  }

  RosterProblem p;
  ProblemTables t;
  std::mt19937_64 rng;
  ScoreDirector sd;
  RowOptimizer dp;
  int e;
};

TEST(RowDp, MatchesBruteForceOnSmallWindows) {
  int compared = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    Case k(seed, 2);
    if (!RowFeasible(k.p, k.sd.roster(), k.e)) continue;
    const int len = 1 + static_cast<int>(k.rng() % 5);
    const int a = static_cast<int>(k.rng() % (k.p.days - len + 1)), b = a + len - 1;
    // Brute force over the window; then again with one cell of it forced.
    const int fday = a + static_cast<int>(k.rng() % len);
    const auto fshift =
        static_cast<int16_t>(static_cast<int>(k.rng() % (k.p.num_shifts() + 1)) - 1);
    for (const bool force : {false, true}) {
      const int64_t best = k.BruteForce(a, b, [&](const std::vector<CellChange>& cells) {
        return !force || cells[static_cast<size_t>(fday - a)].to == fshift;
      });
      std::vector<int16_t> forced(static_cast<size_t>(len), RowDpOptions::kFree);
      forced[static_cast<size_t>(fday - a)] = fshift;
      RowDpOptions o;
      if (force) o.forced = forced;
      const auto plan = k.dp.Optimize(k.sd.roster(), k.e, a, b, o);
      if (best == INT64_MAX) {
        EXPECT_FALSE(plan.has_value()) << "seed " << seed << " forced " << force;
        continue;
      }
      ASSERT_TRUE(plan.has_value()) << "seed " << seed << " window " << a << ".." << b;
      if (force) {
        EXPECT_EQ((*plan)[static_cast<size_t>(fday - a)], fshift) << "seed " << seed;
      }
      k.Apply(a, *plan);
      EXPECT_TRUE(RowFeasible(k.p, k.sd.roster(), k.e)) << "seed " << seed;
      EXPECT_EQ(k.sd.score().soft, best) << "seed " << seed << " window " << a << ".." << b;
      k.sd.Undo();
      ++compared;
    }
  }
  EXPECT_GT(compared, 40);
}

// A weekend share caps the weekends of the whole row, once the window is
// planned, at ceil(share x budget) (or at what the rest of the row already
// works): the optimum over the rows that keep that cap, by brute force.
TEST(RowDp, WeekendShareCapsTheRowsWeekends) {
  int compared = 0, capped = 0;
  for (uint64_t seed = 1; seed <= 80; ++seed) {
    Case k(seed, 3);
    if (!RowFeasible(k.p, k.sd.roster(), k.e)) continue;
    // A window of 2-5 days holding a Saturday.
    const int len = 2 + static_cast<int>(k.rng() % 4);
    const int sat = 7 * static_cast<int>(k.rng() % k.p.num_weekends()) + 5;
    const int a = std::clamp(sat - static_cast<int>(k.rng() % len), 0, k.p.days - len);
    const int b = a + len - 1;
    const double share = static_cast<double>(k.rng() % 4) / 4;
    const int max_w = k.p.employees[static_cast<size_t>(k.e)].max_weekends;
    const int cap = static_cast<int>(std::ceil(share * max_w - 1e-9));
    // The weekends the rest of the row works.
    k.Apply(a, std::vector<ShiftIdx>(static_cast<size_t>(len), kOff));
    const int allowed = std::max(cap, k.sd.roster().worked_weekends(k.e));
    k.sd.Undo();
    const int64_t best_free = k.BruteForce(a, b, [](const auto&) { return true; });
    const int64_t best = k.BruteForce(a, b, [&](const std::vector<CellChange>& cells) {
      k.sd.Do(cells);
      const bool ok = k.sd.roster().worked_weekends(k.e) <= allowed;
      k.sd.Undo();
      return ok;
    });
    RowDpOptions o;
    o.max_weekends_share = share;
    const auto plan = k.dp.Optimize(k.sd.roster(), k.e, a, b, o);
    if (best == INT64_MAX) {
      EXPECT_FALSE(plan.has_value()) << "seed " << seed;
      continue;
    }
    ASSERT_TRUE(plan.has_value()) << "seed " << seed << " window " << a << ".." << b;
    k.Apply(a, *plan);
    EXPECT_TRUE(RowFeasible(k.p, k.sd.roster(), k.e)) << "seed " << seed;
    EXPECT_LE(k.sd.roster().worked_weekends(k.e), allowed) << "seed " << seed;
    EXPECT_EQ(k.sd.score().soft, best) << "seed " << seed << " window " << a << ".." << b;
    k.sd.Undo();
    ++compared;
    capped += best > best_free;
  }
  EXPECT_GT(compared, 40);
  EXPECT_GT(capped, 0);  // the cap changed the optimum somewhere
}

TEST(RowDp, RespectsTightPerTypeLimits) {
  RosterProblem p = test::SmallProblem(5, 3, 2);
  p.employees[0].max_shifts = {2, 1, 0, 0};
  p.employees[0].min_total_minutes = 0;
  const ProblemTables t(p);
  Roster r(p);
  RowOptimizer dp(t);
  const auto plan = dp.Optimize(r, 0, 0, p.days - 1);
  ASSERT_TRUE(plan.has_value());
  int n0 = 0, n1 = 0, other = 0;
  for (ShiftIdx s : *plan) {
    n0 += s == 0;
    n1 += s == 1;
    other += s >= 2;
  }
  EXPECT_LE(n0, 2);
  EXPECT_LE(n1, 1);
  EXPECT_EQ(other, 0);
}

// Tight per-type limits with exact_type_maxima (as column generation prices
// rows): a result marked exact is the brute-force optimum. The limits are
// below what the unconstrained optimum uses, so that the multipliers'
// certificate or the counts in the state decide.
TEST(RowDp, ExactUnderTightTypeLimitsMatchesBruteForce) {
  int compared = 0, exact = 0;
  for (uint64_t seed = 1; seed <= 120; ++seed) {
    Case k(seed, 2);
    if (!RowFeasible(k.p, k.sd.roster(), k.e)) continue;
    const int len = 3 + static_cast<int>(k.rng() % 4);
    const int a = static_cast<int>(k.rng() % (k.p.days - len + 1)), b = a + len - 1;
    // The limit of a type the unconstrained optimum works in the window:
    // what the row has outside it, plus one fewer than that optimum puts
    // inside.
    const auto free_plan = k.dp.Optimize(k.sd.roster(), k.e, a, b);
    if (!free_plan) continue;
    std::vector<int16_t> worked;
    for (ShiftIdx x : *free_plan)
      if (x != kOff) worked.push_back(x);
    if (worked.empty()) continue;
    const int s = worked[static_cast<size_t>(k.rng() % worked.size())];
    int outside = 0;
    for (int d = 0; d < k.p.days; ++d) outside += (d < a || d > b) && k.sd.roster().at(k.e, d) == s;
    const auto inside = static_cast<int>(std::count(free_plan->begin(), free_plan->end(), s));
    k.p.employees[static_cast<size_t>(k.e)].max_shifts[static_cast<size_t>(s)] =
        outside + inside - 1;
    // The soft score does not depend on the limits (k.sd keeps the old
    // tables); feasibility is the checker's, under the new ones.
    const ProblemTables t(k.p);
    RowOptimizer dp(t);
    const int64_t best = k.BruteForce(a, b, [](const std::vector<CellChange>&) { return true; });
    // Counts in the state at once, the certificate first, and the default.
    for (const int certify : {0, 6, -1}) {
      RowDpOptions o;
      o.exact_type_maxima = true;
      o.certify_solves = certify;
      const auto plan = dp.Optimize(k.sd.roster(), k.e, a, b, o);
      if (best == INT64_MAX) {
        EXPECT_FALSE(plan.has_value()) << "seed " << seed;
        continue;
      }
      ASSERT_TRUE(plan.has_value()) << "seed " << seed;
      k.Apply(a, *plan);
      EXPECT_TRUE(RowFeasible(k.p, k.sd.roster(), k.e)) << "seed " << seed;
      if (dp.last_exact()) {
        EXPECT_EQ(k.sd.score().soft, best)
            << "seed " << seed << " window " << a << ".." << b << " certify " << certify;
        ++exact;
      }
      k.sd.Undo();
      ++compared;
    }
  }
  EXPECT_GT(compared, 120);
  EXPECT_GT(exact, compared * 9 / 10);
}

// On windows too long for brute force, with random cell costs (as duals
// make them in column generation): the row the certificate finds (when it
// finds one) costs as little as the row with the counts in the state, both
// proven. Budgets one to three below what the unconstrained optimum uses.
TEST(RowDp, CertificateAgreesWithCountsOnLongWindows) {
  int compared = 0;
  for (uint64_t seed = 1; seed <= 120; ++seed) {
    Case k(seed, 6);
    if (!RowFeasible(k.p, k.sd.roster(), k.e)) continue;
    const int len = 14 + static_cast<int>(k.rng() % 15);
    const int a = static_cast<int>(k.rng() % (k.p.days - len + 1)), b = a + len - 1;
    const int C = k.p.num_shifts() + 1;
    std::vector<int64_t> costs(static_cast<size_t>(len * C));
    for (size_t i = 0; i < costs.size(); ++i)
      costs[i] = i % static_cast<size_t>(C) ? -static_cast<int64_t>(k.rng() % 1000) : 0;
    auto cost_of = [&](const std::vector<ShiftIdx>& plan) {
      int64_t c = 0;
      for (int i = 0; i < len; ++i)
        c += costs[static_cast<size_t>(i * C + plan[static_cast<size_t>(i)] + 1)];
      return c;
    };
    RowDpOptions loose;
    const auto free_plan = k.dp.OptimizeCosts(k.sd.roster(), k.e, a, b, costs, loose);
    if (!free_plan) continue;
    for (int s = 0; s < k.p.num_shifts(); ++s) {
      const auto inside = static_cast<int>(std::count(free_plan->begin(), free_plan->end(), s));
      if (inside == 0) continue;
      int outside = 0;
      for (int d = 0; d < k.p.days; ++d)
        outside += (d < a || d > b) && k.sd.roster().at(k.e, d) == s;
      k.p.employees[static_cast<size_t>(k.e)].max_shifts[static_cast<size_t>(s)] =
          outside + std::max(0, inside - 1 - static_cast<int>(k.rng() % 3));
    }
    const ProblemTables t(k.p);
    RowOptimizer dp(t);
    int64_t cost[2] = {0, 0};
    bool exact[2] = {false, false};
    for (int i = 0; i < 2; ++i) {
      RowDpOptions o;
      o.exact_type_maxima = true;
      o.certify_solves = i == 0 ? 0 : 8;
      const auto plan = dp.OptimizeCosts(k.sd.roster(), k.e, a, b, costs, o);
      if (!plan) break;
      exact[i] = dp.last_exact();
      k.Apply(a, *plan);
      EXPECT_TRUE(RowFeasible(k.p, k.sd.roster(), k.e)) << "seed " << seed;
      k.sd.Undo();
      cost[i] = cost_of(*plan);
    }
    if (!exact[0] || !exact[1]) continue;
    EXPECT_EQ(cost[1], cost[0]) << "seed " << seed << " window " << a << ".." << b;
    ++compared;
  }
  EXPECT_GT(compared, 20);
}

// A small problem whose employees' minimum minutes lie from one shift to
// loose below their maximum (drawn from rng): the minute bounds pruning
// works on.
RosterProblem MinutesBoundProblem(uint64_t seed, std::mt19937_64& rng) {
  RosterProblem p = test::SmallProblem(seed, 4, 2 + static_cast<int>(seed % 5));
  for (auto& emp : p.employees) {
    const int slack = std::array{0, 240, 480, 960, 100000}[rng() % 5];
    emp.min_total_minutes = std::max(emp.min_total_minutes, emp.max_total_minutes - slack);
  }
  return p;
}

// Visiting only the states some valid row passes through keeps every
// optimum: windows of one day to six weeks (whole rows included), minute
// bounds from loose to one shift apart, cells forced or not, type maxima
// exact, against the DP that visits every state.
TEST(RowDp, PruningKeepsTheOptimum) {
  int compared = 0, feasible = 0;
  for (uint64_t seed = 1; seed <= 80; ++seed) {
    std::mt19937_64 rng(seed);
    const RosterProblem p = MinutesBoundProblem(seed, rng);
    const ProblemTables t(p);
    const Roster r = test::FeasibleRows(p, t);
    RowOptimizer dp(t);
    const int e = static_cast<int>(rng() % p.num_employees());
    const int len = rng() % 4 == 0 ? p.days : 1 + static_cast<int>(rng() % p.days);
    const int a = static_cast<int>(rng() % (p.days - len + 1)), b = a + len - 1;
    const int C = p.num_shifts() + 1;
    std::vector<int64_t> costs(static_cast<size_t>(len * C));
    for (auto& c : costs) c = static_cast<int64_t>(rng() % 200) - 100;
    std::vector<int16_t> forced(static_cast<size_t>(len), RowDpOptions::kFree);
    if (rng() % 2)
      forced[rng() % forced.size()] =
          static_cast<int16_t>(static_cast<int>(rng() % static_cast<uint64_t>(C)) - 1);
    int64_t cost[2] = {0, 0};
    bool found[2] = {false, false}, exact[2] = {false, false};
    for (int i = 0; i < 2; ++i) {
      RowDpOptions o;
      o.exact_type_maxima = true;
      o.forced = forced;
      o.prune = i == 0;
      o.max_work = int64_t{1} << 40;
      const auto plan = dp.OptimizeCosts(r, e, a, b, costs, o);
      exact[i] = dp.last_exact();
      if (!plan) continue;
      found[i] = true;
      Roster with = r;
      for (int d = a; d <= b; ++d) with.Set(e, d, (*plan)[static_cast<size_t>(d - a)]);
      std::vector<int> row(static_cast<size_t>(p.days));
      for (int d = 0; d < p.days; ++d) row[static_cast<size_t>(d)] = with.at(e, d);
      EXPECT_TRUE(test::RowFeasible(p, e, row)) << "seed " << seed << " pruned " << (i == 0);
      for (int j = 0; j < len; ++j)
        cost[i] += costs[static_cast<size_t>(j * C + (*plan)[static_cast<size_t>(j)] + 1)];
    }
    if (!exact[0] || !exact[1]) continue;
    EXPECT_EQ(found[0], found[1]) << "seed " << seed << " window " << a << ".." << b;
    if (found[0] && found[1]) {
      EXPECT_EQ(cost[0], cost[1]) << "seed " << seed << " window " << a << ".." << b;
      ++feasible;
    }
    ++compared;
  }
  EXPECT_GT(compared, 60);
  EXPECT_GT(feasible, 30);
}

// One pruned optimiser serves many windows in turn (as a search thread's
// does), so its buffers hold the last search's costs: it resets only the
// states the next day reads, and what lies outside them must never be read.
// Every other window's costs are far below the next one's, so a stale entry
// read would win; each result must cost what a fresh unpruned search finds.
TEST(RowDp, PrunedSearchNeverReadsAnEarlierWindowsCosts) {
  int compared = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    const RosterProblem p = MinutesBoundProblem(seed, rng);
    const ProblemTables t(p);
    const Roster r = test::FeasibleRows(p, t);
    RowOptimizer pruned(t);
    const int C = p.num_shifts() + 1;
    for (int call = 0; call < 12; ++call) {
      const int e = static_cast<int>(rng() % p.num_employees());
      const int len = rng() % 3 == 0 ? p.days : 1 + static_cast<int>(rng() % p.days);
      const int a = static_cast<int>(rng() % (p.days - len + 1)), b = a + len - 1;
      std::vector<int64_t> costs(static_cast<size_t>(len * C));
      const int64_t shift = call % 2 ? 0 : -100000;
      for (auto& c : costs) c = shift + static_cast<int64_t>(rng() % 200) - 100;
      RowDpOptions o;
      o.exact_type_maxima = true;
      o.max_work = int64_t{1} << 40;
      const auto got = pruned.OptimizeCosts(r, e, a, b, costs, o);
      const bool got_exact = pruned.last_exact();
      RowOptimizer fresh(t);
      o.prune = false;
      const auto want = fresh.OptimizeCosts(r, e, a, b, costs, o);
      if (!got_exact || !fresh.last_exact()) continue;
      ASSERT_EQ(got.has_value(), want.has_value()) << "seed " << seed << " call " << call;
      if (got) {
        auto cost_of = [&](const std::vector<ShiftIdx>& plan) {
          int64_t c = 0;
          for (int i = 0; i < len; ++i)
            c += costs[static_cast<size_t>(i * C + plan[static_cast<size_t>(i)] + 1)];
          return c;
        };
        EXPECT_EQ(cost_of(*got), cost_of(*want)) << "seed " << seed << " call " << call;
      }
      ++compared;
    }
  }
  EXPECT_GT(compared, 150);
}

}  // namespace
}  // namespace weft::roster

namespace weft::roster {
namespace {

TEST(RowDp, PricedMinutesGiveFeasibleWholeRows) {
  int solved = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const RosterProblem p = test::SmallProblem(seed, 4, 4);
    const ProblemTables t(p);
    const Roster empty(p);
    RowOptimizer dp(t);
    for (int e = 0; e < p.num_employees(); ++e) {
      RowDpOptions exact;
      const auto want = dp.Optimize(empty, e, 0, p.days - 1, exact);
      RowDpOptions relaxed;
      relaxed.relax_minutes = true;
      EXPECT_LT(dp.Work(empty, e, 0, p.days - 1, true), dp.Work(empty, e, 0, p.days - 1));
      const auto got = dp.Optimize(empty, e, 0, p.days - 1, relaxed);
      if (!got) continue;
      ASSERT_TRUE(want.has_value()) << "relaxed found a row the exact DP says is impossible";
      Roster r(p);
      for (int d = 0; d < p.days; ++d) r.Set(e, d, (*got)[static_cast<size_t>(d)]);
      EXPECT_TRUE(RowFeasible(p, r, e)) << "seed " << seed << " employee " << e;
      ++solved;
    }
  }
  EXPECT_GT(solved, 40);
}

}  // namespace
}  // namespace weft::roster
