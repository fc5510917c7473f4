#include "roster/weekend_bound.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "io/curtois.h"
#include "roster/checker.h"
#include "roster/solver.h"
#include "test_util.h"

namespace weft::roster {
namespace {

// One employee, `weeks` weeks, shifts E and L (E may not follow L), free
// minutes and runs: only the weekends matter.
RosterProblem OneEmployee(int weeks, int max_weekends) {
  RosterProblem p;
  p.days = 7 * weeks;
  p.shifts = {{"E", 480, {}}, {"L", 480, {0}}};
  EmployeeRules r;
  r.name = "A";
  r.max_shifts = {p.days, p.days};
  r.max_total_minutes = 480 * p.days;
  r.min_total_minutes = 0;
  r.max_consecutive_shifts = p.days;
  r.min_consecutive_shifts = 0;
  r.min_consecutive_days_off = 0;
  r.max_weekends = max_weekends;
  p.employees = {r};
  return p;
}

TEST(WeekendBound, CountsTheWeekendsTheBudgetCannotCover) {
  // Two weekends ask for one E each day; the budget allows one weekend.
  RosterProblem p = OneEmployee(2, 1);
  for (int d : {5, 6, 12, 13}) p.cover.push_back({d, 0, 1, 100, 1});
  ASSERT_TRUE(p.Validate().ok());
  const WeekendBoundResult r = WeekendRelaxationBound(p);
  ASSERT_TRUE(r.solved);
  EXPECT_TRUE(r.converged);
  EXPECT_EQ(r.bound, 200);
}

TEST(WeekendBound, KeepsTheForbiddenSuccessionFromSaturdayToSunday) {
  // L on Saturday and E on Sunday: E may not follow L, so one goes short.
  RosterProblem p = OneEmployee(1, 1);
  p.cover.push_back({5, 1, 1, 100, 1});
  p.cover.push_back({6, 0, 1, 70, 1});
  const WeekendBoundResult r = WeekendRelaxationBound(p);
  ASSERT_TRUE(r.solved);
  EXPECT_EQ(r.bound, 70);
  // The other way round is allowed: nothing short.
  RosterProblem q = OneEmployee(1, 1);
  q.cover.push_back({5, 0, 1, 100, 1});
  q.cover.push_back({6, 1, 1, 100, 1});
  EXPECT_EQ(WeekendRelaxationBound(q).bound, 0);
}

TEST(WeekendBound, CountsWeekendRequestsDaysOffAndTypeMaxima) {
  // No weekend allowed: a Saturday shift-on request (weight 5) is unmet.
  RosterProblem p = OneEmployee(1, 0);
  p.on_requests.push_back({0, 5, 0, 5});
  EXPECT_EQ(WeekendRelaxationBound(p).bound, 5);
  // A day off on Sunday and at most one E: one of three E cells is covered.
  RosterProblem q = OneEmployee(2, 2);
  q.employees[0].max_shifts = {1, 0};
  q.employees[0].days_off = {6};
  for (int d : {6, 12, 13}) q.cover.push_back({d, 0, 1, 100, 1});
  EXPECT_EQ(WeekendRelaxationBound(q).bound, 200);
}

TEST(WeekendBound, NeverAboveAnyRosterTheSolverFinds) {
  int feasible = 0, positive = 0;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    RosterProblem p =
        test::SmallProblem(seed, 4 + static_cast<int>(seed % 5), 1 + static_cast<int>(seed % 3));
    // Tight weekend budgets, so that the bound has something to count.
    for (auto& e : p.employees) e.max_weekends = static_cast<int>(seed % 2);
    SolverParams params;
    params.time_limit_seconds = 0;
    params.move_limit = 20'000;
    params.seed = seed;
    const SolveResponse s = SolveRoster(p, params);
    ASSERT_NE(s.status, SolveStatus::kInternalError) << s.message;
    const WeekendBoundResult r = WeekendRelaxationBound(p);
    ASSERT_TRUE(r.solved);
    if (s.check.feasible) {
      ++feasible;
      EXPECT_LE(r.bound, s.check.penalty()) << "seed " << seed;
      positive += r.bound > 0 ? 1 : 0;
    }
    // Stopped after one round, the Lagrangian bound is valid and no higher.
    const WeekendBoundResult early = WeekendRelaxationBound(p, 1);
    ASSERT_TRUE(early.solved);
    EXPECT_LE(early.bound, r.bound) << "seed " << seed;
  }
  EXPECT_GE(feasible, 8);
  EXPECT_GE(positive, 4);  // the budgets leave weekend cells short
}

TEST(WeekendBound, NeverAboveTheBestKnownRosters) {
  const std::string dir = test::BenchmarkDir();
  if (dir.empty()) GTEST_SKIP() << "../shared/data not present";
  // The best known values of the benchmark (best-known.csv), the long
  // horizons' bounds from this relaxation alone.
  const std::map<int, int64_t> best = {{1, 607},   {3, 1001},  {5, 1143},  {7, 1056},  {9, 439},
                                       {11, 3443}, {15, 3828}, {17, 5746}, {19, 3149}, {21, 21133}};
  for (const auto& [n, value] : best) {
    auto p = io::ReadCurtoisFile(dir + "/Instance" + std::to_string(n) + ".txt");
    ASSERT_TRUE(p.ok());
    const WeekendBoundResult r = WeekendRelaxationBound(*p);
    ASSERT_TRUE(r.solved && r.converged) << n;
    EXPECT_LE(r.bound, value) << "Instance " << n;
  }
  // Instance 19: 28 weekend shifts short at least (bound 2 805).
  auto p19 = io::ReadCurtoisFile(dir + "/Instance19.txt");
  EXPECT_GE(WeekendRelaxationBound(*p19).bound, 2800);
}

// `weft roster bound`: the weekend bound alone, and with --time-limit the
// whole rows' LP (Instance 7: its LP bound 1 055, the optimum 1 056).
TEST(WeekendBound, TheBoundCommandAddsTheRowsLp) {
  const std::string dir = test::BenchmarkDir();
  if (dir.empty()) GTEST_SKIP() << "../shared/data not present";
  const std::string bin = WEFT_BINARY;
  const std::string inst = dir + "/Instance7.txt";
  auto last_json = [](const std::string& out) {
    return nlohmann::json::parse(out.substr(out.rfind('{')));
  };
  const auto weekend = last_json(test::RunCommand(bin + " roster bound " + inst));
  EXPECT_EQ(weekend["lower_bound"], 1000);
  const auto rows =
      last_json(test::RunCommand(bin + " roster bound " + inst + " --time-limit 30 --quiet"));
  EXPECT_EQ(rows["weekend_bound"], 1000);
  EXPECT_EQ(rows["lower_bound"], 1055);
  EXPECT_TRUE(rows["rows_converged"].get<bool>());
  EXPECT_NE(std::system((bin + " roster bound /dev/null 2>/dev/null").c_str()), 0);
}

}  // namespace
}  // namespace weft::roster
