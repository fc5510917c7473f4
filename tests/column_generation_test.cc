// Column generation: pricing against brute force, the LP against the MIP
// optimum (CBC on the MPS export), the dive's rosters against the checker.
#include "roster/column_generation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <regex>
#include <sstream>

#include "io/curtois.h"
#include "io/mps.h"
#include "roster/checker.h"
#include "roster/row_dp.h"
#include "test_util.h"

namespace weft::roster {
namespace {

using test::RowFeasible;
using test::RunCommand;

// Rows of six days with no requests or cover, for brute force: (S+1)^6 rows
// at most. `max_shift(s)` gives each allowed type's maximum.
RosterProblem SixDayRows(uint64_t seed, const std::function<int(int)>& max_shift) {
  RosterProblem p = test::SmallProblem(seed, 3, 1);
  p.days = 6;
  for (auto& r : p.employees) {
    r.days_off.clear();
    r.max_weekends = 1;
    r.min_total_minutes = 0;
    for (size_t s = 0; s < r.max_shifts.size(); ++s)
      r.max_shifts[s] = r.max_shifts[s] > 0 ? max_shift(static_cast<int>(s)) : 0;
  }
  p.on_requests.clear();
  p.off_requests.clear();
  p.cover.clear();
  return p;
}

// The cheapest feasible row of employee e under the cell costs
// costs[d * (S + 1) + s + 1] that keeps the cells of `forced` (per day: the
// shift, -1 off, or RowDpOptions::kFree; empty: none), by enumerating every
// row; INT64_MAX if none.
int64_t BruteForceBest(const RosterProblem& p, int e, const std::vector<int64_t>& costs,
                       const std::vector<int16_t>& forced = {}) {
  const int C = p.num_shifts() + 1;
  int64_t best = INT64_MAX;
  std::vector<int> row(static_cast<size_t>(p.days));
  int total = 1;
  for (int d = 0; d < p.days; ++d) total *= C;
  for (int code = 0; code < total; ++code) {
    int c = code;
    int64_t cost = 0;
    bool keeps = true;
    for (int d = 0; d < p.days; ++d, c /= C) {
      row[static_cast<size_t>(d)] = c % C - 1;
      cost += costs[static_cast<size_t>(d * C + c % C)];
      if (!forced.empty() && forced[static_cast<size_t>(d)] != RowDpOptions::kFree)
        keeps = keeps && forced[static_cast<size_t>(d)] == c % C - 1;
    }
    if (keeps && cost < best && RowFeasible(p, e, row)) best = cost;
  }
  return best;
}

TEST(Pricing, OptimizeCostsMatchesBruteForceWithArbitraryCosts) {
  int compared = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const RosterProblem p = SixDayRows(seed, [](int) { return 6; });  // maxima never bind
    const ProblemTables t(p);
    RowOptimizer dp(t);
    const Roster empty(p);
    std::mt19937_64 rng(seed);
    const int C = p.num_shifts() + 1;
    std::vector<int64_t> costs(static_cast<size_t>(p.days * C));
    for (auto& c : costs) c = static_cast<int64_t>(rng() % 2001) - 1000;  // duals of either sign
    const int e = static_cast<int>(rng() % p.num_employees());
    const int64_t best = BruteForceBest(p, e, costs);
    std::vector<int> row(static_cast<size_t>(p.days));
    const auto plan = dp.OptimizeCosts(empty, e, 0, p.days - 1, costs);
    if (best == INT64_MAX) {
      EXPECT_FALSE(plan.has_value()) << "seed " << seed;
      continue;
    }
    ASSERT_TRUE(plan.has_value()) << "seed " << seed;
    EXPECT_TRUE(dp.last_exact());
    int64_t got = 0;
    for (int d = 0; d < p.days; ++d) {
      row[static_cast<size_t>(d)] = (*plan)[static_cast<size_t>(d)];
      got += costs[static_cast<size_t>(d * C + row[static_cast<size_t>(d)] + 1)];
    }
    EXPECT_TRUE(RowFeasible(p, e, row)) << "seed " << seed;
    EXPECT_EQ(got, best) << "seed " << seed;
    ++compared;
  }
  EXPECT_GT(compared, 20);
}

// Forced cells (a cell dive's fixings): the row keeps them and is the best
// row that does (brute force as oracle); forcing that no row can keep gives
// no row, proven (last_exact) where the search was exhaustive. A proof is
// never given where a row exists: every such case must return one.
TEST(Pricing, ForcedCellsAreKeptAndTheRestIsOptimal) {
  int compared = 0, impossible = 0, proved = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    const RosterProblem p = SixDayRows(seed, [](int) { return 6; });
    const ProblemTables t(p);
    RowOptimizer dp(t);
    const Roster empty(p);
    std::mt19937_64 rng(seed * 13 + 5);
    const int C = p.num_shifts() + 1;
    std::vector<int64_t> costs(static_cast<size_t>(p.days * C));
    for (auto& c : costs) c = static_cast<int64_t>(rng() % 2001) - 1000;
    const int e = static_cast<int>(rng() % p.num_employees());
    std::vector<int16_t> forced(static_cast<size_t>(p.days), RowDpOptions::kFree);
    for (int k = 0; k < 2; ++k)
      forced[rng() % forced.size()] = static_cast<int16_t>(static_cast<int>(rng() % C) - 1);
    RowDpOptions o;
    o.exact_type_maxima = true;
    o.forced = forced;
    const int64_t best = BruteForceBest(p, e, costs, forced);
    const auto plan = dp.OptimizeCosts(empty, e, 0, p.days - 1, costs, o);
    if (best == INT64_MAX) {
      EXPECT_FALSE(plan.has_value()) << "seed " << seed;
      ++impossible;
      proved += dp.last_exact() ? 1 : 0;  // none, and the DP says it proved that
      continue;
    }
    ASSERT_TRUE(plan.has_value()) << "seed " << seed;
    int64_t got = 0;
    for (int d = 0; d < p.days; ++d) {
      const int x = (*plan)[static_cast<size_t>(d)];
      if (forced[static_cast<size_t>(d)] != RowDpOptions::kFree) {
        EXPECT_EQ(x, forced[static_cast<size_t>(d)]) << "seed " << seed << " day " << d;
      }
      got += costs[static_cast<size_t>(d * C + x + 1)];
    }
    EXPECT_TRUE(RowFeasible(p, e, std::vector<int>(plan->begin(), plan->end()))) << "seed " << seed;
    EXPECT_EQ(got, best) << "seed " << seed;
    ++compared;
  }
  EXPECT_GT(compared, 20);
  EXPECT_GT(impossible, 0);  // some forcings break a rule (e.g. a day off worked)
  EXPECT_GT(proved, 0);      // which the DP proves (branch and price prunes on it)
}

// Per-type maxima that bind: the types over budget carry their count in the
// DP state, so the row is still the proven optimum (brute force as oracle).
TEST(Pricing, BindingTypeMaximaAreExactWhenTracked) {
  int compared = 0, exact = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed * 7 + 1);
    const RosterProblem p =
        SixDayRows(seed, [&](int) { return static_cast<int>(rng() % 3); });  // 0..2: binding
    const ProblemTables t(p);
    RowOptimizer dp(t);
    const Roster empty(p);
    RowDpOptions tracked;
    tracked.exact_type_maxima = true;
    const int C = p.num_shifts() + 1;
    std::vector<int64_t> costs(static_cast<size_t>(p.days * C));
    for (auto& c : costs) c = static_cast<int64_t>(rng() % 2001) - 1200;  // work is attractive
    const int e = static_cast<int>(rng() % p.num_employees());
    const int64_t best = BruteForceBest(p, e, costs);
    std::vector<int> row(static_cast<size_t>(p.days));
    const auto plan = dp.OptimizeCosts(empty, e, 0, p.days - 1, costs, tracked);
    if (best == INT64_MAX) continue;
    ASSERT_TRUE(plan.has_value()) << "seed " << seed;
    int64_t got = 0;
    for (int d = 0; d < p.days; ++d) {
      row[static_cast<size_t>(d)] = (*plan)[static_cast<size_t>(d)];
      got += costs[static_cast<size_t>(d * C + row[static_cast<size_t>(d)] + 1)];
    }
    EXPECT_TRUE(RowFeasible(p, e, row)) << "seed " << seed;
    if (dp.last_exact()) {
      EXPECT_EQ(got, best) << "seed " << seed;
      ++exact;
    } else {
      EXPECT_GE(got, best) << "seed " << seed;
    }
    ++compared;
  }
  EXPECT_GT(compared, 20);
  EXPECT_GE(exact * 10, compared * 9);  // small budgets are tracked: multipliers are rare
}

TEST(Pricing, TightTypeMaximaStillGiveFeasibleRows) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    RosterProblem p = test::SmallProblem(seed, 4, 2);
    for (auto& r : p.employees)
      for (auto& m : r.max_shifts) m = m > 0 ? 2 : 0;  // binding: multipliers needed
    const ProblemTables t(p);
    RowOptimizer dp(t);
    const Roster empty(p);
    std::mt19937_64 rng(seed);
    const int C = p.num_shifts() + 1;
    std::vector<int64_t> costs(static_cast<size_t>(p.days * C));
    for (int d = 0; d < p.days; ++d)
      for (int s = 0; s < C; ++s)
        costs[static_cast<size_t>(d * C + s)] = s == 0 ? 0 : -static_cast<int64_t>(rng() % 100);
    for (int e = 0; e < p.num_employees(); ++e)
      for (bool exact : {false, true}) {  // multipliers, or counts in the state
        RowDpOptions o;
        o.exact_type_maxima = exact;
        const auto plan = dp.OptimizeCosts(empty, e, 0, p.days - 1, costs, o);
        if (!plan) continue;
        std::vector<int> row(plan->begin(), plan->end());
        EXPECT_TRUE(RowFeasible(p, e, row)) << "seed " << seed << " employee " << e;
      }
  }
}

// CBC's optimum of p's compact model (the MPS export), solved in dir; NaN
// (and a test failure) when CBC gives none.
double CbcOptimum(const RosterProblem& p, const std::filesystem::path& dir, uint64_t seed) {
  std::ostringstream name, cmd;
  name << "p" << seed << ".mps";
  const std::string mps = (dir / name.str()).string();
  EXPECT_TRUE(io::WriteFile(mps, io::FormatMps(p)).ok());
  cmd << "cbc " << mps << " solve 2>&1";
  const std::string out = RunCommand(cmd.str());
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("Objective value:\\s*([-0-9.eE+]+)"))) {
    ADD_FAILURE() << out;
    return std::nan("");
  }
  return std::stod(m[1].str());
}

TEST(ColumnGeneration, LpBoundsTheOptimumAndTheDiveGivesCheckedRosters) {
  if (std::system("command -v cbc >/dev/null 2>&1") != 0) GTEST_SKIP() << "cbc not installed";
  const auto dir = std::filesystem::temp_directory_path() / "weft_cg_test";
  std::filesystem::create_directories(dir);
  int bounds = 0, dives = 0;
  for (uint64_t seed : {1u, 2u, 3u, 5u, 8u}) {
    const RosterProblem p = GenerateRosterProblem({5, 1, seed});
    const double optimum = CbcOptimum(p, dir, seed);

    const ProblemTables t(p);
    ColumnGenParams cp;
    cp.threads = 2;
    const ColumnGenResult r = PriceAndDive(t, cp);
    if (r.lp_is_bound) {
      EXPECT_LE(r.lp, optimum + 1e-6) << "seed " << seed;
      ++bounds;
    }
    if (r.found) {
      const CheckReport rep = CheckRoster(p, r.roster);
      EXPECT_TRUE(rep.feasible) << "seed " << seed;
      EXPECT_GE(static_cast<double>(rep.penalty()), optimum - 1e-6) << "seed " << seed;
      // A roster claimed optimal (it meets the LP bound) is CBC's optimum.
      if (r.optimal) {
        EXPECT_NEAR(static_cast<double>(rep.penalty()), optimum, 1e-6) << seed;
      }
      ++dives;
    }
  }
  EXPECT_GT(bounds, 0);
  EXPECT_GT(dives, 0);
  std::filesystem::remove_all(dir);
}

// The Lagrangian bound of the root's rounds is a bound before the LP has
// converged (one to three rounds), and meets the LP once it has.
TEST(ColumnGeneration, LagrangianBoundHoldsBeforeConvergence) {
  if (std::system("command -v cbc >/dev/null 2>&1") != 0) GTEST_SKIP() << "cbc not installed";
  const auto dir = std::filesystem::temp_directory_path() / "weft_cg_lagrangian_test";
  std::filesystem::create_directories(dir);
  int early = 0, converged = 0;
  for (uint64_t seed : {1u, 2u, 3u, 4u, 6u}) {
    const RosterProblem p = GenerateRosterProblem({5, 1, seed});
    const double optimum = CbcOptimum(p, dir, seed);
    const ProblemTables t(p);
    for (int rounds : {1, 2, 3, 1000}) {
      ColumnGenParams cp;
      cp.dives = 0;
      cp.max_rounds = cp.root_rounds = rounds;
      const ColumnGenResult r = PriceAndDive(t, cp);
      if (!std::isfinite(r.lagrangian)) continue;
      EXPECT_LE(r.lagrangian, optimum + 1e-6) << "seed " << seed << ", " << rounds << " rounds";
      if (r.lp_is_bound) {
        EXPECT_LE(r.lagrangian, r.lp + 1e-6) << "seed " << seed;
        EXPECT_GE(r.lagrangian, r.lp - 0.5) << "seed " << seed;
        ++converged;
      } else {
        ++early;
      }
    }
  }
  EXPECT_GT(early, 0);
  EXPECT_GT(converged, 0);
  std::filesystem::remove_all(dir);
}

// A root ended near convergence (root_gap: its LP within that share of its
// Lagrangian bound) proves no LP bound, but its bound (the Lagrangian one)
// stays below the optimum, the dive still gives checked rosters, and a
// roster said optimal is CBC's optimum. It takes fewer rounds than the root
// priced to convergence.
TEST(ColumnGeneration, RootEndedNearConvergenceStillBoundsAndDives) {
  if (std::system("command -v cbc >/dev/null 2>&1") != 0) GTEST_SKIP() << "cbc not installed";
  const auto dir = std::filesystem::temp_directory_path() / "weft_cg_root_gap_test";
  std::filesystem::create_directories(dir);
  int near = 0, fewer = 0;
  for (uint64_t seed : {1u, 2u, 3u, 5u, 8u}) {
    const RosterProblem p = GenerateRosterProblem({5, 1, seed});
    const double optimum = CbcOptimum(p, dir, seed);
    const ProblemTables t(p);
    ColumnGenParams cp;
    cp.time_limit_seconds = 600;  // never reached: only enables the rule
    cp.dives = 2;
    const ColumnGenResult exact = PriceAndDive(t, cp);
    cp.root_gap = 0.2;
    cp.root_gap_after = 0;
    const ColumnGenResult r = PriceAndDive(t, cp);
    ASSERT_TRUE(r.lp_converged) << "seed " << seed;  // ended (near) converged: it dives
    EXPECT_EQ(exact.root_end, RootEnd::kConverged) << "seed " << seed;
    if (!r.lp_is_bound) {
      ++near;
      EXPECT_EQ(r.root_end, RootEnd::kNearBound) << "seed " << seed;
      EXPECT_STREQ(ToString(r.root_end), "near-bound");
      ASSERT_GE(r.bound, 0) << "seed " << seed;
      EXPECT_LE(static_cast<double>(r.bound), optimum + 1e-6) << "seed " << seed;
      EXPECT_LE(r.lagrangian, r.lp + 1e-6) << "seed " << seed;
      EXPECT_GE(r.lagrangian, r.lp - 0.2 * std::max(1.0, r.lp) - 1e-6) << "seed " << seed;
      fewer += r.rounds < exact.rounds ? 1 : 0;
    }
    ASSERT_TRUE(r.found) << "seed " << seed;
    const CheckReport rep = CheckRoster(p, r.roster);
    EXPECT_TRUE(rep.feasible) << "seed " << seed;
    EXPECT_GE(static_cast<double>(rep.penalty()), optimum - 1e-6) << "seed " << seed;
    if (r.optimal) {
      EXPECT_NEAR(static_cast<double>(rep.penalty()), optimum, 1e-6) << "seed " << seed;
    }
  }
  EXPECT_GT(near, 0);
  EXPECT_GT(fewer, 0);
  std::filesystem::remove_all(dir);
}

// Branch and price alone (no dive) searched to the end finds CBC's optimum
// of the compact model and says it is optimal; with a node limit too small
// to finish, it proves nothing.
TEST(ColumnGeneration, BranchAndPriceFindsTheOptimum) {
  if (std::system("command -v cbc >/dev/null 2>&1") != 0) GTEST_SKIP() << "cbc not installed";
  const auto dir = std::filesystem::temp_directory_path() / "weft_bnp_test";
  std::filesystem::create_directories(dir);
  int branched = 0, cover_branches = 0;
  for (uint64_t seed : {1u, 2u, 3u, 5u, 8u, 13u}) {
    const RosterProblem p = GenerateRosterProblem({5, 1, seed});
    const double optimum = CbcOptimum(p, dir, seed);

    const ProblemTables t(p);
    // Cells alone, cover first (the default), and cover first looking for
    // rosters at the bound first (target 0: nodes whose LP is a unit above
    // the bound are pruned until the target is raised).
    for (int mode : {0, 1, 2}) {
      const bool cover = mode > 0;
      ColumnGenParams cp;
      cp.threads = 2;
      cp.dives = 0;
      cp.branch_nodes = 1'000'000;
      cp.cover_branching = cover;
      if (mode == 2) cp.target_above_bound = 0;
      const ColumnGenResult r = PriceAndDive(t, cp);
      ASSERT_TRUE(r.lp_is_bound) << "seed " << seed;
      ASSERT_TRUE(r.found) << "seed " << seed << " mode " << mode;
      EXPECT_TRUE(r.optimal) << "seed " << seed << " mode " << mode;
      const CheckReport rep = CheckRoster(p, r.roster);
      EXPECT_TRUE(rep.feasible) << "seed " << seed;
      EXPECT_NEAR(static_cast<double>(rep.penalty()), optimum, 1e-6)
          << "seed " << seed << " mode " << mode;
      // The tree searched to the end proves the optimum as a bound too.
      EXPECT_EQ(r.bound, rep.penalty()) << "seed " << seed << " mode " << mode;
      if (cover) cover_branches += r.cover_branches;
      if (r.nodes > 1) {
        ++branched;
        cp.branch_nodes = 1;  // the root only: nothing proven
        const ColumnGenResult root = PriceAndDive(t, cp);
        EXPECT_FALSE(root.optimal) << "seed " << seed;
        EXPECT_LE(root.bound, rep.penalty()) << "seed " << seed;
      }
    }
  }
  EXPECT_GT(branched, 0);        // some roots are fractional
  EXPECT_GT(cover_branches, 0);  // and some covers
  std::filesystem::remove_all(dir);
}

// Branch and price cut short by a node limit, looking for rosters at the LP
// bound first (target 0, raised when a tree ends with none): the bound it
// proves lies between the root's LP and CBC's optimum, never falls as it may
// search more nodes, and is the optimum once the tree is searched to the end.
// (These small problems' optima are their LPs rounded up; on a variant of
// Instance 5, bench/curtois_variants.py, the trees raise the bound from 701
// to the optimum 745.)
TEST(ColumnGeneration, BranchAndPriceBoundsTheOptimumFromBelow) {
  if (std::system("command -v cbc >/dev/null 2>&1") != 0) GTEST_SKIP() << "cbc not installed";
  const auto dir = std::filesystem::temp_directory_path() / "weft_bnp_bound_test";
  std::filesystem::create_directories(dir);
  int fractional = 0;
  for (const auto& [employees, seed] :
       std::vector<std::pair<int, uint64_t>>{{5, 1}, {5, 8}, {8, 2}, {8, 5}, {8, 8}}) {
    const RosterProblem p = GenerateRosterProblem({employees, 1, seed});
    const double optimum = CbcOptimum(p, dir, seed);
    const ProblemTables t(p);
    int64_t last = -1;
    for (int64_t nodes : {1, 4, 16, 64, 1'000'000}) {
      ColumnGenParams cp;
      cp.threads = 2;
      cp.dives = 0;
      cp.branch_nodes = nodes;
      cp.target_above_bound = 0;
      const ColumnGenResult r = PriceAndDive(t, cp);
      ASSERT_TRUE(r.lp_is_bound) << "seed " << seed;
      EXPECT_GE(static_cast<double>(r.bound), r.lp - 1e-3) << "seed " << seed;
      EXPECT_LE(static_cast<double>(r.bound), optimum + 1e-6)
          << "seed " << seed << " nodes " << nodes;
      EXPECT_GE(r.bound, last) << "seed " << seed << " nodes " << nodes;
      if (nodes == 1 && r.lp < static_cast<double>(r.bound) - 1e-3) ++fractional;
      last = r.bound;
    }
    EXPECT_NEAR(static_cast<double>(last), optimum, 1e-6) << "seed " << seed;
  }
  EXPECT_GT(fractional, 0);  // some bounds are LPs rounded up
  std::filesystem::remove_all(dir);
}

// Both dives (cells or whole rows fixed per step) give rosters that keep
// every rule and no better than the LP bound (their quality is compared by
// bench/curtois.py), also after steps undone for raising the LP.
TEST(ColumnGeneration, CellAndRowDivesGiveCheckedRosters) {
  int backtracks = 0;
  for (uint64_t seed : {2u, 4u, 6u, 11u}) {
    const RosterProblem p = GenerateRosterProblem({14, 2, seed});
    const ProblemTables t(p);
    for (bool cell : {true, false}) {
      ColumnGenParams cp;
      cp.threads = 2;
      cp.cell_dive = cell;
      const ColumnGenResult r = PriceAndDive(t, cp);
      backtracks += r.backtracks;
      ASSERT_TRUE(r.found) << "seed " << seed << " cells " << cell;
      const CheckReport rep = CheckRoster(p, r.roster);
      EXPECT_TRUE(rep.feasible) << "seed " << seed << " cells " << cell << ": "
                                << (rep.violations.empty() ? "" : rep.violations.front());
      if (r.lp_is_bound) {
        EXPECT_GE(static_cast<double>(rep.penalty()), r.lp - 1e-6) << "seed " << seed;
      }
    }
  }
  // Some dive steps were undone (their batch raised the LP by more than 1 %)
  // and the rosters after them still check.
  EXPECT_GT(backtracks, 0);
}

// A dive held to the root's bound undoes steps that lift its LP off it by
// less than the 1 % that undoes any step, and still gives checked rosters
// (Instance 5: bound 1141, optimum 1143; one dive from the root).
TEST(ColumnGeneration, DivesHeldToTheBoundUndoStepsThatLeaveIt) {
  const std::string dir = test::BenchmarkDir();
  if (dir.empty()) GTEST_SKIP() << "benchmark data not found";
  auto p = io::ReadCurtoisFile(dir + "/Instance5.txt");
  ASSERT_TRUE(p.ok());
  const ProblemTables t(*p);
  for (bool hold : {false, true}) {
    ColumnGenParams cp;
    cp.threads = 2;
    cp.dives = 1;
    cp.hold_bound = hold;
    const ColumnGenResult r = PriceAndDive(t, cp);
    ASSERT_TRUE(r.lp_is_bound);
    ASSERT_TRUE(r.found) << "hold " << hold;
    const CheckReport rep = CheckRoster(*p, r.roster);
    EXPECT_TRUE(rep.feasible) << "hold " << hold;
    EXPECT_GE(rep.penalty(), r.bound);
    if (hold) {
      EXPECT_GT(r.held, 0);
    } else {
      EXPECT_EQ(r.held, 0);
    }
    EXPECT_LE(r.held, r.backtracks);
  }
}

TEST(ColumnGeneration, SameInputSameResult) {
  const RosterProblem p = GenerateRosterProblem({8, 2, 4});
  const ProblemTables t(p);
  ColumnGenParams cp;
  cp.threads = 2;
  const ColumnGenResult a = PriceAndDive(t, cp), b = PriceAndDive(t, cp);
  EXPECT_EQ(a.found, b.found);
  EXPECT_EQ(a.roster, b.roster);
  EXPECT_EQ(a.rounds, b.rounds);
  EXPECT_DOUBLE_EQ(a.lp, b.lp);
}

// A window of days re-planned over a base roster: the rows outside the
// window stay as they were, the result keeps every rule, and the LP, which
// starts from the base's own window rows, is no worse than the base there.
TEST(ColumnGeneration, WindowKeepsTheRestOfTheRoster) {
  const RosterProblem p = GenerateRosterProblem({12, 3, 7});
  const ProblemTables t(p);
  ColumnGenParams full;
  full.threads = 2;
  const ColumnGenResult base = PriceAndDive(t, full);
  ASSERT_TRUE(base.found);
  ASSERT_TRUE(CheckRoster(p, base.roster).feasible);
  for (const auto& [a, b] : {std::pair{0, 6}, std::pair{7, 13}, std::pair{10, 20}}) {
    ColumnGenParams cp;
    cp.threads = 2;
    cp.first_day = a;
    cp.last_day = b;
    cp.base = base.roster;
    // The base's cost on the window's days: requests and cover.
    double base_cost = 0;
    for (int e = 0; e < t.E; ++e) {
      const auto& row = base.roster[static_cast<size_t>(e)];
      cp.initial_columns.emplace_back(e,
                                      std::vector<ShiftIdx>(row.begin() + a, row.begin() + b + 1));
      for (int d = a; d <= b; ++d) {
        const auto ci = static_cast<size_t>(t.CellIdx(e, d, row[static_cast<size_t>(d)]));
        base_cost += static_cast<double>(t.on_cost[ci] + t.off_cost[ci]);
      }
    }
    for (int d = a; d <= b; ++d)
      for (int s = 0; s < t.S; ++s) {
        int n = 0;
        for (const auto& row : base.roster) n += row[static_cast<size_t>(d)] == s;
        base_cost += static_cast<double>(t.CoverCost(d, s, n));
      }
    const ColumnGenResult r = PriceAndDive(t, cp);
    if (r.lp_converged) {
      EXPECT_LE(r.lp, base_cost + 1e-6) << a << "-" << b;
    }
    // No roster found: the root proved the base optimal on the window.
    ASSERT_TRUE(r.found || r.optimal) << a << "-" << b;
    if (!r.found) continue;
    const CheckReport rep = CheckRoster(p, r.roster);
    EXPECT_TRUE(rep.feasible) << a << "-" << b << ": "
                              << (rep.violations.empty() ? "" : rep.violations.front());
    for (int e = 0; e < t.E; ++e)
      for (int d = 0; d < t.H; ++d) {
        if (d >= a && d <= b) continue;
        EXPECT_EQ(r.roster[static_cast<size_t>(e)][static_cast<size_t>(d)],
                  base.roster[static_cast<size_t>(e)][static_cast<size_t>(d)])
            << "employee " << e << " day " << d << " outside " << a << "-" << b;
      }
  }
}

// A roster from one dive over the whole problem, to re-plan from.
ColumnGenResult OneDive(const ProblemTables& t) {
  ColumnGenParams full;
  full.threads = 2;
  full.dives = 1;
  return PriceAndDive(t, full);
}

// Re-plans over `base`, whose rows are the master's first columns.
ColumnGenParams OverBase(const ProblemTables& t, const Grid& base) {
  ColumnGenParams cp;
  cp.threads = 2;
  cp.base = base;
  for (int e = 0; e < t.E; ++e) {
    const auto& row = base[static_cast<size_t>(e)];
    cp.initial_columns.emplace_back(e, std::vector<ShiftIdx>(row.begin(), row.end()));
  }
  return cp;
}

// A crew of employees re-planned over a base roster: every other row stays
// as it was, the result keeps every rule and is no worse than the base (its
// rows are the master's first columns), and the dive's bound pruning keeps
// the best roster it finds.
TEST(ColumnGeneration, CrewKeepsTheOtherRows) {
  const RosterProblem p = GenerateRosterProblem({12, 2, 9});
  const ProblemTables t(p);
  const ColumnGenResult base = OneDive(t);
  ASSERT_TRUE(base.found);
  const CheckReport base_rep = CheckRoster(p, base.roster);
  ASSERT_TRUE(base_rep.feasible);
  for (const std::vector<int>& crew : {std::vector<int>{0, 3, 5, 7}, std::vector<int>{11, 1},
                                       std::vector<int>{2, 4, 6, 8, 9, 10}}) {
    ColumnGenParams cp = OverBase(t, base.roster);
    cp.employees = crew;
    const ColumnGenResult r = PriceAndDive(t, cp);
    // No roster found: the root proved the base optimal for this crew.
    ASSERT_TRUE(r.found || r.optimal);
    const Grid& got = r.found ? r.roster : base.roster;
    const CheckReport rep = CheckRoster(p, got);
    EXPECT_TRUE(rep.feasible) << (rep.violations.empty() ? "" : rep.violations.front());
    EXPECT_LE(rep.penalty(), base_rep.penalty());
    if (r.lp_converged) {
      EXPECT_LE(r.lp, static_cast<double>(base_rep.penalty()) + 1e-6);
    }
    if (r.optimal && r.lp_is_bound) {
      EXPECT_LE(static_cast<double>(rep.penalty()), std::ceil(r.lp - 1e-3) + 1e-9);
    }
    for (int e = 0; e < t.E; ++e) {
      if (std::find(crew.begin(), crew.end(), e) != crew.end()) continue;
      EXPECT_EQ(got[static_cast<size_t>(e)], base.roster[static_cast<size_t>(e)])
          << "employee " << e << " is not in the crew";
    }
  }
}

// Days that need not be consecutive re-planned (the weekends), every other
// day kept as the base has it: the result keeps every rule, changes no kept
// day, is no worse than the base, and its LP is no worse than the base's
// cost.
TEST(ColumnGeneration, KeptDaysStayAsTheBase) {
  for (const uint64_t seed : {3, 11}) {
    const RosterProblem p = GenerateRosterProblem({10, 4, seed});
    const ProblemTables t(p);
    const ColumnGenResult base = OneDive(t);
    ASSERT_TRUE(base.found);
    const CheckReport base_rep = CheckRoster(p, base.roster);
    ASSERT_TRUE(base_rep.feasible);
    ColumnGenParams cp = OverBase(t, base.roster);
    cp.keep_days.resize(static_cast<size_t>(t.H));
    for (int d = 0; d < t.H; ++d) cp.keep_days[static_cast<size_t>(d)] = d % 7 < 5;
    const ColumnGenResult r = PriceAndDive(t, cp);
    if (r.lp_converged) {
      EXPECT_LE(r.lp, static_cast<double>(base_rep.penalty()) + 1e-6) << "seed " << seed;
    }
    ASSERT_TRUE(r.found || r.optimal) << "seed " << seed;
    if (!r.found) continue;  // the base is optimal on those days
    const CheckReport rep = CheckRoster(p, r.roster);
    EXPECT_TRUE(rep.feasible) << (rep.violations.empty() ? "" : rep.violations.front());
    EXPECT_LE(rep.penalty(), base_rep.penalty()) << "seed " << seed;
    for (int e = 0; e < t.E; ++e)
      for (int d = 0; d < t.H; ++d) {
        if (d % 7 >= 5) continue;
        EXPECT_EQ(r.roster[static_cast<size_t>(e)][static_cast<size_t>(d)],
                  base.roster[static_cast<size_t>(e)][static_cast<size_t>(d)])
            << "seed " << seed << " employee " << e << " day " << d;
      }
  }
}

TEST(ColumnGeneration, Instance1LpIsBelowTheOptimum) {
  const std::string dir = test::BenchmarkDir();
  if (dir.empty()) GTEST_SKIP() << "benchmark data not found";
  auto p = io::ReadCurtoisFile(dir + "/Instance1.txt");
  ASSERT_TRUE(p.ok());
  const ProblemTables t(*p);
  ColumnGenParams cp;
  const ColumnGenResult r = PriceAndDive(t, cp);
  ASSERT_TRUE(r.lp_converged);
  EXPECT_LE(r.lp, 607 + 1e-6);
  ASSERT_TRUE(r.found);
  const CheckReport rep = CheckRoster(*p, r.roster);
  EXPECT_TRUE(rep.feasible);
  EXPECT_GE(rep.penalty(), 607);
}

// Each cover pattern cut to one node: several patterns are tried, nothing is
// proven, and what is found keeps the rules and is no better than the
// optimum the whole tree proves.
TEST(ColumnGeneration, CoverPatternsCutShortProveNothing) {
  for (uint64_t seed : {1u}) {
    const RosterProblem p = GenerateRosterProblem({8, 2, seed});
    const ProblemTables t(p);
    ColumnGenParams cp;
    cp.threads = 2;
    cp.dives = 0;
    cp.branch_nodes = 1'000'000;
    const ColumnGenResult full = PriceAndDive(t, cp);
    ASSERT_TRUE(full.found && full.optimal) << "seed " << seed;
    const int64_t optimum = CheckRoster(p, full.roster).penalty();
    cp.pattern_nodes = 1;
    const ColumnGenResult cut = PriceAndDive(t, cp);
    EXPECT_GT(cut.patterns, 1) << "seed " << seed;
    EXPECT_FALSE(cut.optimal) << "seed " << seed;
    if (cut.found) {
      const CheckReport rep = CheckRoster(p, cut.roster);
      EXPECT_TRUE(rep.feasible) << "seed " << seed;
      EXPECT_GE(rep.penalty(), optimum) << "seed " << seed;
    }
  }
}

// A root given up says why: one whose first rounds' pace could not converge
// in its time is "projected-slow", and no dive runs from it.
TEST(ColumnGeneration, RootGivenUpSaysWhy) {
  const RosterProblem p = GenerateRosterProblem({16, 4, 3});
  const ProblemTables t(p);
  ColumnGenParams cp;
  cp.time_limit_seconds = 1000;
  cp.expected_rounds = 1'000'000'000;  // no pace can converge in time
  const ColumnGenResult r = PriceAndDive(t, cp);
  ASSERT_GE(r.rounds, 3);
  EXPECT_TRUE(r.abandoned);
  EXPECT_FALSE(r.found);
  EXPECT_EQ(r.root_end, RootEnd::kProjectedSlow);
  EXPECT_STREQ(ToString(r.root_end), "projected-slow");
}

// A root out of its time whose LP is far below the incumbent is dived from
// ("promising"); one whose LP is not is given up ("out-of-time").
TEST(ColumnGeneration, PromisingRootOutOfTimeIsDivedFrom) {
  const RosterProblem p = GenerateRosterProblem({8, 2, 5});
  const ProblemTables t(p);
  ColumnGenParams cp;
  cp.time_limit_seconds = 1000;
  cp.root_time_share = 1e-9;  // out of its time after its first LP
  cp.root_promise_share = 1e-9;
  cp.root_promise = 0.05;
  cp.incumbent = 1e9;
  const ColumnGenResult r = PriceAndDive(t, cp);
  EXPECT_EQ(r.root_end, RootEnd::kPromising);
  EXPECT_FALSE(r.abandoned);
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(CheckRoster(p, r.roster).feasible);
  cp.incumbent = 0;  // nothing to promise
  const ColumnGenResult given_up = PriceAndDive(t, cp);
  EXPECT_EQ(given_up.root_end, RootEnd::kOutOfTime);
  EXPECT_TRUE(given_up.abandoned);
  EXPECT_FALSE(given_up.found);
}

// Under a time limit a root whose rows cannot all be priced exactly is given
// up at once ("inexact"); without one it runs with minutes priced.
TEST(ColumnGeneration, InexactRowsUnderATimeLimitAreGivenUp) {
  const RosterProblem p = GenerateRosterProblem({8, 2, 5});
  const ProblemTables t(p);
  ColumnGenParams cp;
  cp.exact_work_limit = 1;  // no row fits
  cp.time_limit_seconds = 1000;
  const ColumnGenResult timed = PriceAndDive(t, cp);
  EXPECT_EQ(timed.root_end, RootEnd::kInexact);
  EXPECT_TRUE(timed.abandoned);
  EXPECT_EQ(timed.rounds, 0);
  cp.time_limit_seconds = 0;
  const ColumnGenResult untimed = PriceAndDive(t, cp);
  EXPECT_FALSE(untimed.abandoned);
  EXPECT_GT(untimed.rounds, 0);
  EXPECT_FALSE(untimed.lp_is_bound);  // rows priced with minutes priced prove nothing
  ASSERT_TRUE(untimed.found);
  EXPECT_TRUE(CheckRoster(p, untimed.roster).feasible);
}

}  // namespace
}  // namespace weft::roster
