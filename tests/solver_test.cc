#include "roster/solver.h"

#include <gtest/gtest.h>

#include "io/curtois.h"
#include "roster/generator.h"
#include "test_util.h"

namespace weft::roster {
namespace {

SolverParams MoveLimited(uint64_t seed, int64_t moves, int threads = 2) {
  SolverParams p;
  p.time_limit_seconds = 0;
  p.move_limit = moves;
  p.seed = seed;
  p.threads = threads;
  p.epoch_moves = 5'000;
  return p;
}

TEST(Solver, SameSeedAndMoveLimitGiveTheSameRoster) {
  const RosterProblem p = test::SmallProblem(3, 8, 2);
  const auto a = SolveRoster(p, MoveLimited(42, 30'000));
  const auto b = SolveRoster(p, MoveLimited(42, 30'000));
  ASSERT_NE(a.status, SolveStatus::kInternalError) << a.message;
  EXPECT_EQ(a.roster, b.roster);
  EXPECT_EQ(a.score, b.score);
  EXPECT_EQ(a.stats.moves, b.stats.moves);
}

TEST(Solver, ReturnedRosterPassesTheIndependentChecker) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const RosterProblem p = test::SmallProblem(seed, 6 + static_cast<int>(seed), 2);
    const auto r = SolveRoster(p, MoveLimited(seed, 40'000));
    ASSERT_NE(r.status, SolveStatus::kInternalError) << r.message;
    EXPECT_EQ(r.check.feasible, r.score.feasible());
    EXPECT_EQ(r.check.penalty(), r.score.soft);
  }
}

// Solves p twice with every move a row re-plan, cover_share % of them
// directed at cells short of people and the rest request chains: the rosters
// stay checked and the seed alone fixes the result. Returns the first solve.
SolveResponse DirectedTwice(const RosterProblem& p, SolverParams params, int cover_share = 100) {
  params.dp_every = 1;
  params.cover_dp_share = cover_share;
  params.request_dp_share = 100 - cover_share;
  const auto a = SolveRoster(p, params);
  const auto b = SolveRoster(p, params);
  EXPECT_NE(a.status, SolveStatus::kInternalError) << a.message;
  EXPECT_EQ(a.roster, b.roster);
  EXPECT_EQ(a.score, b.score);
  EXPECT_EQ(a.stats.weekend_transfers, b.stats.weekend_transfers);
  EXPECT_EQ(a.stats.request_chains, b.stats.request_chains);
  EXPECT_EQ(a.check.feasible, a.score.feasible());
  EXPECT_EQ(a.check.penalty(), a.score.soft);
  return a;
}

TEST(Solver, DirectedRowRePlansAreCheckedAndDeterministic) {
  const auto a = DirectedTwice(test::SmallProblem(4, 9, 2), MoveLimited(4, 4'000));
  EXPECT_GT(a.stats.dp_calls, 3'000);
}

// The last weekends need more people than the weekend budgets can give
// them, so row re-plans directed at them try weekend transfers (a weekend
// given up elsewhere). Transfers are made, the rosters stay checked, and the
// seed alone fixes the result.
TEST(Solver, WeekendTransfersAreCheckedAndDeterministic) {
  RosterProblem p = GenerateRosterProblem({8, 4, 7});
  for (auto& emp : p.employees) emp.max_weekends = 2;
  // The last two weekends need twice the people of the first two.
  for (auto& c : p.cover)
    if (c.day % 7 >= 5) c.requirement = c.day >= 14 ? 2 * c.requirement + 1 : c.requirement;
  SolverParams params = MoveLimited(7, 1'500);
  params.cg_time_fraction = 0;  // local search alone
  EXPECT_GT(DirectedTwice(p, params).stats.weekend_transfers, 0);
}

// Every move a request chain: a request not kept is kept and other
// employees' re-plans set the cover right. Chains are accepted, every step
// is scored from scratch too, and the rosters stay checked and
// deterministic.
TEST(Solver, RequestChainsAreCheckedAndDeterministic) {
  const RosterProblem p = GenerateRosterProblem({10, 4, 7});
  ASSERT_FALSE(p.on_requests.empty());
  SolverParams params = MoveLimited(11, 1'500);
  params.cg_time_fraction = 0;  // local search alone
  params.debug_scoring = true;
  EXPECT_GT(DirectedTwice(p, params, 0).stats.request_chains, 0);
}

// Solves p twice with windows (or crews) from the start (the whole-horizon
// phase off), one after every 2,000 moves of each thread: they run, the
// roster stays checked and the seed alone fixes the result.
void ExpectWindowsRan(const RosterProblem& p, int window_days, uint64_t seed,
                      SolveResponse* out = nullptr, bool crew_branching = false) {
  SolverParams params = MoveLimited(seed, 10'000);
  params.crew_branching = crew_branching;
  params.epoch_moves = 1'000;
  params.window_moves = 2'000;
  params.weekend_window_after = 0;  // the first window re-plans the weekends
  params.weekend_window_days = 28;
  params.cg_time_fraction = 0;
  params.cg_max_rounds = 20;
  params.window_days = window_days;
  const auto r = SolveRoster(p, params);
  const auto again = SolveRoster(p, params);
  ASSERT_EQ(r.status, SolveStatus::kFeasible) << r.message;
  EXPECT_EQ(r.check.penalty(), r.score.soft);
  EXPECT_EQ(r.roster, again.roster);
  // After 2k, 4k, 6k, 8k and 10k moves, unless a crew proved the roster optimal.
  EXPECT_GE(r.stats.windows, r.stats.optimal ? 1 : 5);
  EXPECT_EQ(r.stats.window_gain, again.stats.window_gain);
  EXPECT_GE(r.stats.window_gain, 0);
  // A bound, when one is proven, is below the roster, and met when optimal.
  EXPECT_LE(r.stats.lower_bound, r.check.penalty());
  if (r.stats.optimal) {
    EXPECT_EQ(r.stats.lower_bound, r.check.penalty());
  }
  if (out) *out = r;
}

// Long horizons: windows of days are re-planned by column generation, and
// (the generator limits the weekends worked) the weekends of several weeks
// together.
TEST(Solver, WindowsRePlanLongHorizons) {
  const RosterProblem p = GenerateRosterProblem({10, 8, 3});
  ASSERT_LT(p.employees.front().max_weekends, p.num_weekends());
  SolveResponse r;
  ExpectWindowsRan(p, 14, 3, &r);
  EXPECT_GT(r.stats.weekend_windows, 0);
}

// Long horizons under a time limit: the second thread re-plans rows for
// the first, which takes them as moves; the roster stays checked. Not with
// a move limit (its pace is not deterministic), nor when turned off.
TEST(Solver, RowHelperRePlansRowsForTheSearchOnLongHorizons) {
  const RosterProblem p = GenerateRosterProblem({10, 8, 3});
  SolverParams params;
  params.time_limit_seconds = 1.5;
  params.threads = 2;
  params.window_days = 14;
  params.cg_time_fraction = 0;
  const auto r = SolveRoster(p, params);
  ASSERT_EQ(r.status, SolveStatus::kFeasible) << r.message;
  EXPECT_EQ(r.check.penalty(), r.score.soft);
  EXPECT_GT(r.stats.helper_replans, 0);
  EXPECT_GT(r.stats.helper_taken, 0);
  EXPECT_LE(r.stats.helper_taken, r.stats.helper_replans);

  params.row_helper = false;
  const auto off = SolveRoster(p, params);
  ASSERT_EQ(off.status, SolveStatus::kFeasible) << off.message;
  EXPECT_EQ(off.stats.helper_replans, 0);

  SolverParams moves = MoveLimited(3, 20'000);
  moves.window_days = 14;
  const auto limited = SolveRoster(p, moves);
  ASSERT_EQ(limited.status, SolveStatus::kFeasible) << limited.message;
  EXPECT_EQ(limited.stats.helper_replans, 0);
}

// A horizon no longer than a window: crews of employees are re-planned
// instead of windows of days, by dives alone or then by branch and price.
TEST(Solver, CrewsRePlanShortHorizons) {
  ExpectWindowsRan(GenerateRosterProblem({12, 2, 5}), 28, 5);
  ExpectWindowsRan(GenerateRosterProblem({12, 2, 5}), 28, 5, nullptr, true);
}

// Instance 3's LP bound is its optimum (1001): the solve proves it and stops
// long before its limit.
TEST(Solver, StopsAtAProvenOptimum) {
  const std::string dir = test::BenchmarkDir();
  if (dir.empty()) GTEST_SKIP() << "../shared/data not present";
  auto p = io::ReadCurtoisFile(dir + "/Instance3.txt");
  ASSERT_TRUE(p.ok());
  SolverParams params;
  params.time_limit_seconds = 40;
  const auto r = SolveRoster(*p, params);
  ASSERT_EQ(r.status, SolveStatus::kFeasible) << r.message;
  EXPECT_TRUE(r.stats.optimal);
  EXPECT_EQ(r.check.penalty(), 1001);
  EXPECT_EQ(r.stats.lower_bound, 1001);
  EXPECT_LT(r.stats.seconds, params.time_limit_seconds);
}

// Epochs far longer than the limit: the column generation phase still
// starts on time (an epoch ends when it is due) and proves the demo's
// problem optimal long before the limit (before, the one epoch ran to the
// limit and the phase never ran).
TEST(Solver, PhaseStartsOnTimeHoweverLongTheEpoch) {
  const RosterProblem p = GenerateRosterProblem({14, 2, 7});
  SolverParams params;
  params.time_limit_seconds = 30;
  params.epoch_moves = int64_t{1} << 50;
  const auto r = SolveRoster(p, params);
  ASSERT_EQ(r.status, SolveStatus::kFeasible) << r.message;
  EXPECT_TRUE(r.stats.optimal);
  EXPECT_EQ(r.stats.lower_bound, r.check.penalty());
  EXPECT_LT(r.stats.seconds, params.time_limit_seconds);
}

TEST(Solver, DebugScoringFindsNoDisagreement) {
  const RosterProblem p = test::SmallProblem(9, 5, 1);
  SolverParams params = MoveLimited(9, 3'000, 1);
  params.debug_scoring = true;
  const auto r = SolveRoster(p, params);
  EXPECT_NE(r.status, SolveStatus::kInternalError) << r.message;
}

TEST(Solver, RejectsInvalidInputAndMissingLimits) {
  RosterProblem p = test::SmallProblem(1);
  p.cover.push_back(p.cover.front());
  auto r = SolveRoster(p, MoveLimited(1, 100));
  EXPECT_EQ(r.status, SolveStatus::kInvalidInput);
  EXPECT_NE(r.message.find("two entries"), std::string::npos);
  SolverParams none;
  none.time_limit_seconds = 0;
  r = SolveRoster(test::SmallProblem(1), none);
  EXPECT_EQ(r.status, SolveStatus::kInvalidInput);
  SolverParams shares = MoveLimited(1, 100);
  shares.cover_dp_share = 60;
  shares.request_dp_share = 60;
  r = SolveRoster(test::SmallProblem(1), shares);
  EXPECT_EQ(r.status, SolveStatus::kInvalidInput);
  EXPECT_NE(r.message.find("add up to at most 100"), std::string::npos);
}

TEST(Solver, AWarmStartIsNeverWorseThanItsRosterAndDeterministic) {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    const RosterProblem p = test::SmallProblem(seed, 7 + static_cast<int>(seed), 2);
    const auto first = SolveRoster(p, MoveLimited(seed, 30'000));
    ASSERT_EQ(first.status, SolveStatus::kFeasible) << first.message;
    // A few moves from there (a constructed roster is far worse after so few).
    SolverParams params = MoveLimited(seed + 10, 50);
    params.cg_time_fraction = 0;
    params.initial = &first.roster;
    const auto a = SolveRoster(p, params);
    const auto b = SolveRoster(p, params);
    ASSERT_EQ(a.status, SolveStatus::kFeasible) << a.message;
    EXPECT_LE(a.check.penalty(), first.check.penalty()) << "seed " << seed;
    EXPECT_EQ(a.check.penalty(), a.score.soft);
    EXPECT_EQ(a.roster, b.roster);
  }
}

TEST(Solver, AWarmStartThatBreaksRulesIsRepaired) {
  const RosterProblem p = test::SmallProblem(5, 8, 2);
  // Everyone on the first shift every day: runs, minutes and weekends broken.
  const Grid all_on(p.employees.size(), std::vector<int>(static_cast<size_t>(p.days), 0));
  ASSERT_FALSE(CheckRoster(p, all_on).feasible);
  SolverParams params = MoveLimited(5, 30'000);
  params.initial = &all_on;
  const auto r = SolveRoster(p, params);
  ASSERT_EQ(r.status, SolveStatus::kFeasible) << r.message;
  EXPECT_TRUE(r.check.feasible);
}

TEST(Solver, RejectsAWarmStartOfTheWrongShape) {
  const RosterProblem p = test::SmallProblem(2, 6, 2);
  SolverParams params = MoveLimited(2, 1'000);
  Grid short_one(p.employees.size() - 1, std::vector<int>(static_cast<size_t>(p.days), -1));
  params.initial = &short_one;
  auto r = SolveRoster(p, params);
  EXPECT_EQ(r.status, SolveStatus::kInvalidInput);
  EXPECT_NE(r.message.find("initial roster"), std::string::npos) << r.message;
  Grid bad_shift(p.employees.size(), std::vector<int>(static_cast<size_t>(p.days), -1));
  bad_shift[0][0] = p.num_shifts();
  params.initial = &bad_shift;
  r = SolveRoster(p, params);
  EXPECT_EQ(r.status, SolveStatus::kInvalidInput);
}

TEST(Solver, ReachesTheOptimumOfInstance1) {
  const std::string dir = test::BenchmarkDir();
  if (dir.empty()) GTEST_SKIP() << "../shared/data not present";
  auto p = io::ReadCurtoisFile(dir + "/Instance1.txt");
  ASSERT_TRUE(p.ok());
  const auto r = SolveRoster(*p, MoveLimited(1, 2'000'000));
  ASSERT_EQ(r.status, SolveStatus::kFeasible) << r.message;
  EXPECT_EQ(r.check.penalty(), 607);  // proven optimal
}

}  // namespace
}  // namespace weft::roster

namespace weft::roster {
namespace {

TEST(Generator, EveryEmployeeCanBeRosteredAndTheSolverFindsIt) {
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    const RosterProblem p = GenerateRosterProblem({10 + static_cast<int>(seed), 2, seed});
    ASSERT_TRUE(p.Validate().ok());
    SolverParams params;
    params.time_limit_seconds = 0;
    params.move_limit = 50'000;
    params.seed = seed;
    params.epoch_moves = 10'000;
    const auto r = SolveRoster(p, params);
    EXPECT_EQ(r.status, SolveStatus::kFeasible) << "seed " << seed << ": " << r.message;
  }
}

}  // namespace
}  // namespace weft::roster
