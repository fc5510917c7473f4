// The row re-optimisation against brute force on small windows.
#include "roster/row_dp.h"

#include <gtest/gtest.h>

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

TEST(RowDp, MatchesBruteForceOnSmallWindows) {
  int compared = 0, infeasible = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    RosterProblem p = test::SmallProblem(seed, 4, 2);
    // Loose per-type limits so the DP is exact (no multipliers).
    for (auto& r : p.employees)
      for (auto& m : r.max_shifts) m = m > 0 ? p.days : 0;
    const ProblemTables t(p);
    std::mt19937_64 rng(seed);
    // Every row feasible, so the rest of the row outside the window is too.
    ScoreDirector sd(t, test::FeasibleRows(p, t));
    RowOptimizer dp(t);
    const int e = static_cast<int>(rng() % p.num_employees());
    if (!RowFeasible(p, sd.roster(), e)) continue;
    const int len = 1 + static_cast<int>(rng() % 5);
    const int a = static_cast<int>(rng() % (p.days - len + 1)), b = a + len - 1;
    // Brute force over all (S+1)^len fillings of the window; then again
    // with one cell of the window forced.
    const int C = p.num_shifts() + 1;
    const int fday = a + static_cast<int>(rng() % len);
    const auto fshift = static_cast<int16_t>(static_cast<int>(rng() % C) - 1);
    for (const bool force : {false, true}) {
      int total = 1;
      for (int i = 0; i < len; ++i) total *= C;
      int64_t best = INT64_MAX;
      for (int code = 0; code < total; ++code) {
        std::vector<CellChange> cells;
        int c = code;
        for (int d = a; d <= b; ++d, c /= C)
          cells.push_back({e, d, kOff, static_cast<ShiftIdx>(c % C - 1)});
        if (force && cells[static_cast<size_t>(fday - a)].to != fshift) continue;
        sd.Do(cells);
        if (RowFeasible(p, sd.roster(), e)) best = std::min(best, sd.score().soft);
        sd.Undo();
      }
      std::vector<int16_t> forced(static_cast<size_t>(len), RowDpOptions::kFree);
      forced[static_cast<size_t>(fday - a)] = fshift;
      RowDpOptions o;
      if (force) o.forced = forced;
      const auto plan = dp.Optimize(sd.roster(), e, a, b, o);
      if (best == INT64_MAX) {
        EXPECT_FALSE(plan.has_value()) << "seed " << seed << " forced " << force;
        ++infeasible;
        continue;
      }
      ASSERT_TRUE(plan.has_value()) << "seed " << seed << " window " << a << ".." << b;
      if (force) {
        EXPECT_EQ((*plan)[static_cast<size_t>(fday - a)], fshift) << "seed " << seed;
      }
      std::vector<CellChange> cells;
      for (int d = a; d <= b; ++d)
        cells.push_back({e, d, kOff, (*plan)[static_cast<size_t>(d - a)]});
      sd.Do(cells);
      EXPECT_TRUE(RowFeasible(p, sd.roster(), e)) << "seed " << seed;
      EXPECT_EQ(sd.score().soft, best) << "seed " << seed << " window " << a << ".." << b;
      sd.Undo();
      ++compared;
    }
  }
  EXPECT_GT(compared, 40);
  (void)infeasible;
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
