// Property tests of the incremental score: over random problems, random
// rosters and random moves, every delta equals the from-scratch difference,
// move + undo leaves nothing changed, and the engine agrees with the
// independent checker.
#include "roster/constraints.h"

#include <gtest/gtest.h>

#include <random>

#include "roster/checker.h"
#include "roster/score_director.h"
#include "test_util.h"

namespace weft::roster {
namespace {

Grid ToGrid(const Roster& r) {
  Grid g(static_cast<size_t>(r.num_employees()),
         std::vector<int>(static_cast<size_t>(r.num_days())));
  for (int e = 0; e < r.num_employees(); ++e)
    for (int d = 0; d < r.num_days(); ++d) g[e][d] = r.at(e, d);
  return g;
}

Roster RandomRoster(const RosterProblem& p, std::mt19937_64& rng, double work) {
  Roster r(p);
  std::uniform_real_distribution<double> u(0, 1);
  for (int e = 0; e < p.num_employees(); ++e)
    for (int d = 0; d < p.days; ++d)
      if (u(rng) < work) r.Set(e, d, static_cast<ShiftIdx>(rng() % p.shifts.size()));
  return r;
}

std::vector<CellChange> RandomMove(const RosterProblem& p, std::mt19937_64& rng) {
  std::vector<CellChange> m;
  const int E = p.num_employees(), H = p.days, S = p.num_shifts();
  const int kind = static_cast<int>(rng() % 3);
  const int len = kind == 0 ? 1 : 1 + static_cast<int>(rng() % 6);
  const int e1 = static_cast<int>(rng() % E), e2 = (e1 + 1 + static_cast<int>(rng() % (E - 1))) % E;
  const int a = static_cast<int>(rng() % (H - len + 1));
  for (int d = a; d < a + len; ++d) {
    m.push_back({e1, d, kOff, static_cast<ShiftIdx>(static_cast<int>(rng() % (S + 1)) - 1)});
    if (kind == 2)
      m.push_back({e2, d, kOff, static_cast<ShiftIdx>(static_cast<int>(rng() % (S + 1)) - 1)});
  }
  return m;
}

TEST(Constraints, DeltaEqualsFromScratchAndUndoRestores) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    const RosterProblem p =
        test::SmallProblem(seed, 3 + static_cast<int>(seed % 5), 1 + static_cast<int>(seed % 3));
    const ProblemTables t(p);
    std::mt19937_64 rng(seed);
    ScoreDirector sd(t, RandomRoster(p, rng, 0.6), /*debug=*/true);
    for (int i = 0; i < 400; ++i) {
      const Roster before = sd.roster();
      const Score s0 = sd.score();
      const auto move = RandomMove(p, rng);
      const Score delta = sd.Do(move);
      ASSERT_TRUE(sd.debug_error().empty()) << "seed " << seed << ": " << sd.debug_error();
      ASSERT_EQ(sd.score(), sd.Recompute());
      ASSERT_EQ(sd.score(), s0 + delta);
      if (rng() % 2) {
        sd.Undo();
        ASSERT_TRUE(sd.debug_error().empty()) << sd.debug_error();
        ASSERT_EQ(sd.roster(), before);
        ASSERT_EQ(sd.score(), s0);
        ASSERT_TRUE(sd.roster().CountersConsistent());
      }
    }
  }
}

TEST(Constraints, EngineAgreesWithIndependentChecker) {
  int feasible_seen = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const RosterProblem p =
        test::SmallProblem(seed, 2 + static_cast<int>(seed % 4), 1 + static_cast<int>(seed % 2));
    const ProblemTables t(p);
    std::mt19937_64 rng(seed * 7);
    const Roster start = seed % 2
                             ? test::FeasibleRows(p, t)
                             : RandomRoster(p, rng, 0.2 + 0.6 * static_cast<double>(seed % 5) / 4);
    ScoreDirector sd(t, start);
    const CheckReport rep = CheckRoster(p, ToGrid(sd.roster()));
    EXPECT_EQ(rep.feasible, sd.score().feasible()) << "seed " << seed;
    EXPECT_EQ(rep.penalty(), sd.score().soft) << "seed " << seed;
    feasible_seen += rep.feasible;
  }
  EXPECT_GT(feasible_seen, 0);  // the property is exercised on both sides
}

TEST(Constraints, EachRuleIsNamedAndLevelled) {
  const RosterProblem p = test::SmallProblem(1);
  const ProblemTables t(p);
  const auto cs = MakeConstraints(t);
  int hard = 0;
  for (const auto& c : cs) {
    EXPECT_FALSE(c->name().empty());
    hard += c->hard();
  }
  EXPECT_EQ(hard, 8);
  EXPECT_EQ(cs.size(), 11u);
}

TEST(Constraints, PenaltiesGrowWithTheSizeOfAViolation) {
  RosterProblem p = test::SmallProblem(2, 2, 2);
  p.employees[0].max_consecutive_shifts = 3;
  p.employees[0].max_shifts = {14, 14, 14, 14};
  p.employees[0].days_off.clear();
  const ProblemTables t(p);
  ScoreDirector sd(t, Roster(p));
  const auto& cs = sd.constraints();
  const auto idx =
      std::find_if(cs.begin(), cs.end(),
                   [](const auto& c) { return c->name() == "max_consecutive_shifts"; }) -
      cs.begin();
  std::vector<int64_t> seen;
  for (int d = 0; d < 7; ++d) {
    const CellChange c{0, d, kOff, 1};
    sd.Do(std::span<const CellChange>(&c, 1));
    seen.push_back(sd.parts()[static_cast<size_t>(idx)]);
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 0, 0, 1, 2, 3, 4}));
}

}  // namespace
}  // namespace weft::roster
