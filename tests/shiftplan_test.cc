// Part-time rostering: the JSON problem, candidates, the row solver against
// brute force, the bound against brute force, the engine, greedy, reports,
// the generator and the command line.
#include <coin/ClpSimplex.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <sstream>

#include "io/shiftplan_json.h"
#include "roster/shiftplan/bound.h"
#include "roster/shiftplan/check.h"
#include "roster/shiftplan/model.h"
#include "roster/shiftplan/report.h"
#include "roster/shiftplan/row_solver.h"
#include "roster/shiftplan/scenario.h"
#include "roster/shiftplan/solver.h"

namespace weft::shiftplan {
namespace {

// Concatenation through a stream (GCC 12 warns falsely on string + string).
template <typename... A>
std::string Cat(const A&... a) {
  std::ostringstream o;
  (o << ... << a);
  return o.str();
}

int Shell(const std::string& cmd) { return std::system(cmd.c_str()); }

// A small problem: `days` days of 60-minute intervals, two skills, needs
// drawn at random between 8:00 and 16:00.
Problem Small(int workers, int days, uint64_t seed, bool split = false) {
  std::mt19937_64 rng(seed);
  Problem p;
  p.days = days;
  p.interval = 60;
  p.skills = {{"a", "A", 0.2}, {"b", "B", 0.8}};
  const int S = p.SlotsPerDay();
  p.need.assign(static_cast<size_t>(days * S * 2), 0);
  p.importance.assign(static_cast<size_t>(days * S), 1.0);
  for (int d = 0; d < days; ++d)
    for (int i = 8; i < 16; ++i) {
      p.need[p.NeedIdx(d, i, 0)] = static_cast<int>(rng() % 3);
      p.need[p.NeedIdx(d, i, 1)] = static_cast<int>(rng() % 2);
      p.importance[static_cast<size_t>(d * S + i)] = 1 + static_cast<double>(rng() % 2);
    }
  for (int w = 0; w < workers; ++w) {
    Worker wk;
    wk.id = Cat("w", w);
    wk.hourly_cost = 20 + static_cast<double>(rng() % 10);
    wk.skills.push_back({0, SkillLevel::kB, true});
    if (rng() % 2) wk.skills.push_back({1, rng() % 2 ? SkillLevel::kS : SkillLevel::kC, true});
    for (int d = 0; d < days; ++d) {
      if (rng() % 4 == 0) continue;
      const int s = 8 + static_cast<int>(rng() % 4);
      wk.availability.push_back(
          {d, s * 60, (s + 2 + static_cast<int>(rng() % 3)) * 60, rng() % 2 == 0});
      if (split && rng() % 2)
        wk.availability.push_back({d, (s + 6) * 60, std::min(18, s + 8) * 60, false});
    }
    wk.contract.min_shift_minutes = 120;
    wk.contract.max_shift_minutes = 240;
    wk.contract.max_day_minutes = 300;
    wk.contract.max_week_minutes = 600;
    wk.contract.min_week_minutes = rng() % 2 ? 120 : 0;
    wk.contract.min_rest_minutes = 16 * 60 + static_cast<int>(rng() % 4) * 60;
    wk.contract.split_allowed = split;
    wk.contract.max_split_gap_minutes = split ? 240 : 0;
    wk.hoped_minutes = 240 + static_cast<int>(rng() % 4) * 60;
    p.workers.push_back(wk);
  }
  return p;
}

// Every row of worker w: one candidate or off per day.
void EachRow(const Model& m, int w, const std::function<void(const std::vector<int>&)>& f) {
  std::vector<int> row(static_cast<size_t>(m.D()), -1);
  std::function<void(int)> rec = [&](int d) {
    if (d == m.D()) return f(row);
    const int pin = m.pinned(w, d);
    if (pin < 0) {
      row[static_cast<size_t>(d)] = -1;
      rec(d + 1);
    }
    for (int c = 0; c < static_cast<int>(m.cands(w, d).size()); ++c) {
      if (pin >= 0 && c != pin) continue;
      row[static_cast<size_t>(d)] = c;
      rec(d + 1);
    }
  };
  rec(0);
}

bool RowKeepsRules(const Model& m, int w, const std::vector<int>& row) {
  int units = 0;
  const Candidate* prev = nullptr;
  for (int d = 0; d < m.D(); ++d) {
    const int ci = row[static_cast<size_t>(d)];
    const Candidate* c = ci >= 0 ? &m.cands(w, d)[static_cast<size_t>(ci)] : nullptr;
    if (c) units += c->units;
    if (prev && c && !m.RestOk(w, *prev, *c)) return false;
    prev = c;
  }
  return units <= m.max_units(w) && units >= m.min_units(w);
}

// The first worker with some availability, and its first block.
std::pair<int, Block> SomeBlock(const Problem& p) {
  for (size_t w = 0; w < p.workers.size(); ++w)
    if (!p.workers[w].availability.empty())
      return {static_cast<int>(w), p.workers[w].availability[0]};
  ADD_FAILURE() << "no worker has availability";
  return {0, Block{}};
}

TEST(ShiftModel, CandidatesStayInsideAvailabilityAndRules) {
  Problem p = Small(1, 1, 1);
  p.workers[0].availability = {{0, 9 * 60, 13 * 60, true}};
  p.workers[0].skills = {{0, SkillLevel::kA, true}, {1, SkillLevel::kB, false}};
  p.workers[0].contract.min_week_minutes = 0;
  p.interval = 30;
  p.need.assign(static_cast<size_t>(48 * 2), 0);
  p.importance.assign(48, 1.0);
  ASSERT_TRUE(p.Validate().ok()) << p.Validate().message();
  const Model m(p);
  // 2 h to 4 h inside 09:00-13:00 on 30-minute steps: 5 + 4 + 3 + 2 + 1 shapes,
  // only for the certified skill.
  EXPECT_EQ(m.cands(0, 0).size(), 15u);
  for (const Candidate& c : m.cands(0, 0)) {
    EXPECT_EQ(c.skill, 0);
    EXPECT_GE(c.start, 18);
    EXPECT_LE(c.end, 26);
    EXPECT_EQ(c.preferred_units, c.units);
  }
}

TEST(ShiftRowSolver, MatchesBruteForce) {
  int compared = 0, rows_seen = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const Problem p = Small(3, 3, seed, seed % 2 == 0);
    ASSERT_TRUE(p.Validate().ok()) << p.Validate().message();
    const Model m(p);
    RowSolver rs(m);
    std::mt19937_64 rng(seed);
    std::vector<double> price(p.need.size());
    for (double& x : price) x = std::uniform_real_distribution<double>(-60, 20)(rng);
    for (int w = 0; w < m.W(); ++w)
      for (RowCost mode : {RowCost::kObjective, RowCost::kPay}) {
        double best = std::numeric_limits<double>::infinity();
        EachRow(m, w, [&](const std::vector<int>& row) {
          if (!RowKeepsRules(m, w, row)) return;
          best = std::min(best, rs.Value(w, price, mode, row));
          ++rows_seen;
        });
        std::vector<int> row;
        double v = 0;
        const bool found = rs.Solve(w, price, mode, row, v);
        ASSERT_EQ(found, std::isfinite(best)) << "seed " << seed << " worker " << w;
        if (!found) continue;
        EXPECT_NEAR(v, best, 1e-6) << "seed " << seed << " worker " << w;
        ++compared;
        EXPECT_TRUE(RowKeepsRules(m, w, row));
        EXPECT_NEAR(rs.Value(w, price, mode, row), v, 1e-6);
      }
  }
  EXPECT_GT(compared, 150);
  EXPECT_GT(rows_seen, 5000);
}

// The best plan by brute force over every worker's rows.
double BruteForceCoverAndCost(const Model& m) {
  std::vector<std::vector<std::vector<int>>> rows(static_cast<size_t>(m.W()));
  for (int w = 0; w < m.W(); ++w)
    EachRow(m, w, [&](const std::vector<int>& r) {
      if (RowKeepsRules(m, w, r)) rows[static_cast<size_t>(w)].push_back(r);
    });
  double best = std::numeric_limits<double>::infinity();
  std::vector<int> pick(static_cast<size_t>(m.W()), 0);
  std::function<void(int)> rec = [&](int w) {
    if (w == m.W()) {
      PlanGrid g;
      for (int i = 0; i < m.W(); ++i)
        g.push_back(
            rows[static_cast<size_t>(i)][static_cast<size_t>(pick[static_cast<size_t>(i)])]);
      best = std::min(best, CheckPlan(m.problem(), ToShifts(m, g)).score.cover_and_cost);
      return;
    }
    for (size_t i = 0; i < rows[static_cast<size_t>(w)].size(); ++i) {
      pick[static_cast<size_t>(w)] = static_cast<int>(i);
      rec(w + 1);
    }
  };
  rec(0);
  return best;
}

TEST(ShiftBound, NeverAboveTheOptimumAndTightOnSmallCases) {
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    Problem p = Small(2, 2, seed);
    const Model m(p);
    const double opt = BruteForceCoverAndCost(m);
    BoundParams bp;
    bp.threads = 1;
    const BoundResult b = LowerBound(m, bp);
    EXPECT_TRUE(b.converged) << "seed " << seed;
    EXPECT_LE(b.lower_bound, opt + 1e-6) << "seed " << seed;
    EXPECT_GE(b.lower_bound, 0.8 * opt) << "seed " << seed;
  }
}

// The bound's master differences its cover rows (a run of intervals of one
// day and skill: each row less the one before); its LP optimum must be the
// plain master's, built here over every week of every worker with one
// undifferenced row per cell, zero-need cells included.
TEST(ShiftBound, EqualsThePlainMastersOptimumOverEveryWeek) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    Problem p = Small(3, 2, seed, seed % 2 == 0);
    if (seed >= 4) p.weights.over = 0.5;  // every cell a row: runs span whole days
    const Model m(p);
    const int W = m.W();
    const int cells = static_cast<int>(p.need.size());
    ClpSimplex lp;
    lp.setLogLevel(0);
    std::vector<double> lo(static_cast<size_t>(W + cells)), hi(lo.size());
    for (int w = 0; w < W; ++w) lo[static_cast<size_t>(w)] = hi[static_cast<size_t>(w)] = 1;
    for (int c = 0; c < cells; ++c)
      lo[static_cast<size_t>(W + c)] = hi[static_cast<size_t>(W + c)] =
          m.need(static_cast<size_t>(c));
    std::vector<CoinBigIndex> none(lo.size() + 1, 0);
    lp.addRows(static_cast<int>(lo.size()), lo.data(), hi.data(), none.data(), nullptr, nullptr);
    for (int c = 0; c < cells; ++c) {
      const int r = W + c;
      const double plus = 1, minus = -1;
      lp.addColumn(1, &r, &plus, 0, COIN_DBL_MAX, m.under_weight(static_cast<size_t>(c)));
      lp.addColumn(1, &r, &minus, 0, COIN_DBL_MAX, m.over_weight());
    }
    int weeks = 0;
    for (int w = 0; w < W; ++w)
      EachRow(m, w, [&](const std::vector<int>& row) {
        if (!RowKeepsRules(m, w, row)) return;
        std::vector<int> idx{w};
        double cost = 0;
        for (int d = 0; d < m.D(); ++d) {
          const int ci = row[static_cast<size_t>(d)];
          if (ci < 0) continue;
          const Candidate& cd = m.cands(w, d)[static_cast<size_t>(ci)];
          cost += p.weights.cost * cd.pay;
          for (int i = 0; i < m.S(); ++i)
            if ((i >= cd.start && i < cd.end) || (cd.start2 >= 0 && i >= cd.start2 && i < cd.end2))
              idx.push_back(W + static_cast<int>(m.Cell(d, i, cd.skill)));
        }
        const std::vector<double> ones(idx.size(), 1.0);
        lp.addColumn(static_cast<int>(idx.size()), idx.data(), ones.data(), 0, COIN_DBL_MAX, cost);
        ++weeks;
      });
    lp.primal();
    ASSERT_TRUE(lp.isProvenOptimal()) << "seed " << seed;
    BoundParams bp;
    bp.threads = 1;
    bp.max_rounds = 1000;
    bp.tolerance = 0;
    const BoundResult b = LowerBound(m, bp);
    ASSERT_TRUE(b.converged) << "seed " << seed;
    EXPECT_GT(weeks, 3 * W) << "seed " << seed;
    EXPECT_NEAR(b.lower_bound, lp.objectiveValue(), 1e-6 * std::max(1.0, lp.objectiveValue()))
        << "seed " << seed;
  }
}

TEST(ShiftBound, LagrangianBoundIsValidBeforeConvergence) {
  const Problem p = Small(3, 2, 5);
  const Model m(p);
  const double opt = BruteForceCoverAndCost(m);
  for (int rounds = 1; rounds <= 4; ++rounds) {
    BoundParams bp;
    bp.max_rounds = rounds;
    const BoundResult b = LowerBound(m, bp);
    EXPECT_LE(b.lower_bound, opt + 1e-6) << rounds << " rounds";
  }
}

// The master leaves out the rows of cells nobody is needed in (over-coverage
// free) and the columns idle for a few rounds; neither may move its LP optimum.
TEST(ShiftBound, RowsAndColumnsLeftOutKeepTheLpOptimum) {
  bool left_out = false;  // some column did leave the master
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    Problem p = Small(30, 5, seed, seed == 2);
    const Model m(p);
    BoundParams bp;
    bp.threads = 1;
    bp.max_rounds = 1000;
    bp.tolerance = 0;
    const BoundResult lean = LowerBound(m, bp);
    bp.max_idle_rounds = 0;
    const BoundResult full = LowerBound(m, bp);
    ASSERT_TRUE(lean.converged && full.converged) << "seed " << seed;
    EXPECT_NEAR(lean.lower_bound, full.lower_bound, 1e-6 * full.lower_bound) << "seed " << seed;
    EXPECT_LE(lean.columns, full.columns) << "seed " << seed;
    left_out = left_out || lean.columns < full.columns;
    // Every cell's row kept: over-coverage priced at next to nothing.
    p.weights.over = 1e-9;
    const BoundResult rows = LowerBound(Model(p), bp);
    ASSERT_TRUE(rows.converged) << "seed " << seed;
    EXPECT_NEAR(rows.lower_bound, full.lower_bound, 1e-6 * full.lower_bound) << "seed " << seed;
  }
  EXPECT_TRUE(left_out);
}

TEST(ShiftEngine, PlansKeepEveryRuleAndBeatGreedy) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const Problem p = Small(12, 4, seed, seed % 2 == 1);
    const PlanResult g = GreedyPlan(p);
    ASSERT_TRUE(g.status.ok()) << g.status.message();
    PlanParams pp;
    pp.time_limit_seconds = 0;
    pp.iteration_limit = 300;
    pp.seed = seed;
    const PlanResult r = PlanShifts(p, pp);
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    EXPECT_TRUE(r.check.feasible);
    EXPECT_NEAR(r.objective, r.check.score.total, 1e-6 * std::max(1.0, r.objective));
    EXPECT_LE(r.check.score.total, g.check.score.total + 1e-6);
    EXPECT_LE(r.lower_bound, r.check.score.cover_and_cost + 1e-6);
    EXPECT_GE(r.gap, -1e-9);
  }
}

TEST(ShiftEngine, SameSeedSamePlan) {
  const Problem p = Small(10, 3, 9);
  PlanParams pp;
  pp.time_limit_seconds = 0;
  pp.iteration_limit = 200;
  pp.seed = 4;
  const PlanResult a = PlanShifts(p, pp), b = PlanShifts(p, pp);
  ASSERT_EQ(a.shifts.size(), b.shifts.size());
  for (size_t i = 0; i < a.shifts.size(); ++i) {
    EXPECT_EQ(a.shifts[i].worker, b.shifts[i].worker);
    EXPECT_EQ(a.shifts[i].pieces, b.shifts[i].pieces);
  }
  EXPECT_DOUBLE_EQ(a.objective, b.objective);
}

TEST(ShiftEngine, KeepsPinsAndPromises) {
  Problem p = Small(6, 3, 3);
  // Pin a worker to a shift inside its first block, even against the need.
  const auto [pw, b] = SomeBlock(p);
  p.pins.push_back({pw, b.day, 0, {{b.start, b.start + 120}}});
  const int promised = pw == 1 ? 2 : 1;
  p.workers[static_cast<size_t>(promised)].contract.min_week_minutes = 240;
  ASSERT_TRUE(p.Validate().ok()) << p.Validate().message();
  PlanParams pp;
  pp.time_limit_seconds = 0;
  pp.iteration_limit = 100;
  const PlanResult r = PlanShifts(p, pp);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  bool pinned = false;
  int minutes = 0;
  for (const Shift& s : r.shifts) {
    if (s.worker == pw && s.day == b.day) pinned = s.pieces == p.pins[0].pieces && s.skill == 0;
    if (s.worker == promised) minutes += s.Minutes();
  }
  EXPECT_TRUE(pinned);
  EXPECT_GE(minutes, std::min(240, ReachableMinutes(p, promised)));
}

TEST(ShiftCheck, FindsBrokenRules) {
  Problem p = Small(2, 2, 2);
  p.workers[0].availability = {{0, 8 * 60, 12 * 60, false}, {1, 8 * 60, 12 * 60, false}};
  p.workers[0].contract.min_week_minutes = 0;
  p.workers[0].contract.min_rest_minutes = 23 * 60;
  p.workers[1].contract.min_week_minutes = 0;
  p.workers[0].skills = {{0, SkillLevel::kB, true}};
  auto broken = [&](std::vector<Shift> s) { return !CheckPlan(p, s).feasible; };
  EXPECT_FALSE(broken({{0, 0, 0, {{8 * 60, 10 * 60}}}}));
  EXPECT_TRUE(broken({{0, 0, 0, {{7 * 60, 10 * 60}}}}));  // outside availability
  EXPECT_TRUE(broken({{0, 0, 1, {{8 * 60, 10 * 60}}}}));  // not certified
  EXPECT_TRUE(broken({{0, 0, 0, {{8 * 60, 9 * 60}}}}));   // too short
  EXPECT_TRUE(broken({{0, 0, 0, {{8 * 60, 10 * 60}}}, {0, 1, 0, {{8 * 60, 10 * 60}}}}));  // rest
  EXPECT_TRUE(broken({{0, 0, 0, {{8 * 60, 9 * 60}, {10 * 60, 12 * 60}}}}));  // split not allowed
}

TEST(ShiftReport, GiniAndReasons) {
  EXPECT_DOUBLE_EQ(Gini({1, 1, 1, 1}), 0);
  EXPECT_NEAR(Gini({0, 0, 0, 1}), 0.75, 1e-12);
  Problem p = Small(1, 1, 1);
  std::fill(p.need.begin(), p.need.end(), 0);
  p.workers[0].availability = {{0, 8 * 60, 12 * 60, false}};
  p.workers[0].skills = {{0, SkillLevel::kB, true}};
  p.workers[0].contract.min_week_minutes = 0;
  p.need[p.NeedIdx(0, 20, 0)] = 1;  // 20:00: nobody offers it
  p.need[p.NeedIdx(0, 9, 1)] = 1;   // skill b at 09:00: nobody certified
  p.need[p.NeedIdx(0, 10, 0)] = 2;  // two needed, one person
  const PlanReport r = BuildReport(p, {{0, 0, 0, {{9 * 60, 12 * 60}}}});
  ASSERT_EQ(r.gaps.size(), 3u);
  EXPECT_EQ(r.gap_counts[static_cast<int>(GapReason::kNoOneAvailable)], 1);
  EXPECT_EQ(r.gap_counts[static_cast<int>(GapReason::kNoOneCertified)], 1);
  EXPECT_EQ(r.gap_counts[static_cast<int>(GapReason::kEveryoneBusy)], 1);
  EXPECT_NEAR(r.workers[0].given_hours, 3, 1e-9);
}

TEST(ShiftJson, ErrorsNameTheJsonPointer) {
  const Problem base = Small(2, 1, 1);
  const std::string good = io::ShiftProblemToJson(base);
  ASSERT_TRUE(io::ParseShiftProblem(good, "p.json").ok());
  auto error_of = [&](const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j = nlohmann::json::parse(good);
    edit(j);
    auto r = io::ParseShiftProblem(j.dump(), "p.json");
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_NE(error_of([](auto& j) {
              j["workers"][0]["availability"].push_back(
                  {{"day", 0}, {"start", "08:00"}, {"end", "23:00"}});
            }).find("p.json: /workers/0/availability/"),
            std::string::npos);
  EXPECT_NE(error_of([](auto& j) {
              j["workers"][1]["availability"] = {
                  {{"day", 0}, {"start", "08:00"}, {"end", "12:00"}},
                  {{"day", 0}, {"start", "11:00"}, {"end", "14:00"}}};
            }).find("/workers/1/availability/1: overlaps /workers/1/availability/0"),
            std::string::npos);
  EXPECT_NE(error_of([](auto& j) {
              j["workers"][0]["skills"][0]["skill"] = "cooking";
            }).find("/workers/0/skills/0/skill: unknown skill \"cooking\""),
            std::string::npos);
  EXPECT_NE(error_of([](auto& j) {
              j["workers"][0]["contract"]["max_hours_per_week"] = -4;
            }).find("/workers/0/contract/max_hours_per_week: expected hours (>= 0)"),
            std::string::npos);
  EXPECT_NE(error_of([](auto& j) {
              j["workers"][0]["availability"][0]["end"] = "12:10";
            }).find("/workers/0/availability/0/end: expected a time HH:MM on the 60-minute grid"),
            std::string::npos);
  EXPECT_NE(error_of([](auto& j) {
              j["pins"] = {{{"worker", "w0"},
                            {"day", 0},
                            {"skill", "a"},
                            {"pieces", {{{"start", "02:00"}, {"end", "04:00"}}}}}};
            }).find("/pins/0: lies outside worker 'w0' availability"),
            std::string::npos);
  EXPECT_NE(error_of([](auto& j) { j["needs"]["a"][0][3] = -1; }).find("/needs/a/0/3"),
            std::string::npos);
  const auto syntax = io::ParseShiftProblem("{\n  \"horizon\": ,\n}", "p.json");
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.status().message().find("p.json:2:"), std::string::npos)
      << syntax.status().message();
}

TEST(ShiftJson, RoundTrips) {
  Problem p = Small(3, 2, 7, true);
  const auto [pw, b] = SomeBlock(p);
  p.pins.push_back({pw, b.day, 0, {{b.start, b.start + 120}}});
  auto back = io::ParseShiftProblem(io::ShiftProblemToJson(p), "p.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->need, p.need);
  EXPECT_EQ(back->importance, p.importance);
  ASSERT_EQ(back->workers.size(), p.workers.size());
  for (size_t w = 0; w < p.workers.size(); ++w) {
    EXPECT_EQ(back->workers[w].availability.size(), p.workers[w].availability.size());
    EXPECT_EQ(back->workers[w].contract.min_rest_minutes, p.workers[w].contract.min_rest_minutes);
    EXPECT_EQ(back->workers[w].hoped_minutes, p.workers[w].hoped_minutes);
  }
  ASSERT_EQ(back->pins.size(), 1u);
  EXPECT_EQ(back->pins[0].pieces, p.pins[0].pieces);
}

TEST(ShiftScenario, RealisticAndSeeded) {
  ScenarioParams sp;
  sp.workers = 150;
  const Problem a = GenerateScenario(sp), b = GenerateScenario(sp);
  ASSERT_TRUE(a.Validate().ok()) << a.Validate().message();
  EXPECT_EQ(io::ShiftProblemToJson(a), io::ShiftProblemToJson(b));
  sp.seed = 2;
  EXPECT_NE(io::ShiftProblemToJson(GenerateScenario(sp)), io::ShiftProblemToJson(a));
  int tiers[3] = {0, 0, 0};
  double hoped = 0, need = 0;
  for (const Worker& w : a.workers) {
    ++tiers[static_cast<int>(w.tier)];
    hoped += w.hoped_minutes / 60.0;
    EXPECT_LE(w.contract.min_week_minutes,
              ReachableMinutes(a, static_cast<int>(&w - a.workers.data())));
  }
  for (int v : a.need) need += v * a.interval / 60.0;
  EXPECT_GT(tiers[0], 5);
  EXPECT_GT(tiers[1], 20);
  EXPECT_GT(tiers[2], 30);
  EXPECT_GT(need, 0.5 * hoped);
  EXPECT_LT(need, 1.0 * hoped);
  // Closed at night: no need at 03:00.
  EXPECT_EQ(a.need[a.NeedIdx(0, 6, 0)], 0);
}

TEST(ShiftCli, GeneratePlanReport) {
  const std::string bin = WEFT_BINARY;
  const auto dir = std::filesystem::temp_directory_path() / "weft_shiftplan_cli";
  std::filesystem::create_directories(dir);
  const std::string p = (dir / "p.json").string(), plan = (dir / "plan.json").string();
  ASSERT_EQ(Shell(Cat(bin, " scenario generate --workers 40 --seed 3 --out ", p, " > /dev/null")),
            0);
  const std::string out = (dir / "out.txt").string();
  ASSERT_EQ(Shell(Cat(bin, " roster plan ", p, " --time-limit 3 --quiet --out ", plan, " > ", out)),
            0);
  std::ifstream in(out);
  std::string line, last;
  while (std::getline(in, line)) last = line;
  const auto j = nlohmann::json::parse(last);
  for (const char* key : {"under_coverage", "cost", "lower_bound", "gap", "fairness_gini",
                          "preferences_honoured", "shifts", "split_shifts", "seconds"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_TRUE(j["feasible"].get<bool>());
  EXPECT_GE(j["gap"].get<double>(), 0);
  ASSERT_EQ(Shell(Cat(bin, " roster report ", plan, " > ", out)), 0);
  std::ifstream rep(out);
  std::stringstream text;
  text << rep.rdbuf();
  EXPECT_NE(text.str().find("Every rule is kept."), std::string::npos);
  EXPECT_NE(text.str().find("Fairness"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "plan.svg"));
  // Next week, rotating the prized slots from this plan.
  const std::string plan2 = (dir / "plan2.json").string();
  ASSERT_EQ(Shell(Cat(bin, " roster plan ", p, " --time-limit 2 --quiet --previous ", plan,
                      " --out ", plan2, " > ", out)),
            0);
  const auto doc2 = io::ReadShiftPlan(plan2);
  ASSERT_TRUE(doc2.ok()) << doc2.status().message();
  EXPECT_FALSE(doc2->problem.prized.empty());
  EXPECT_EQ(doc2->problem.prized_history.size(), doc2->problem.workers.size());
  // Bad input: exit 2 and the JSON pointer.
  std::ofstream(dir / "bad.json") << "{\"horizon\": {\"start\": \"2026-01-05\", \"days\": -3}}";
  const int rc =
      Shell(Cat(bin, " roster plan ", (dir / "bad.json").string(), " --time-limit 1 2> ", out));
  EXPECT_EQ(WEXITSTATUS(rc), 2);
  std::ifstream err(out);
  std::stringstream e;
  e << err.rdbuf();
  EXPECT_NE(e.str().find("/horizon/days"), std::string::npos) << e.str();
}

}  // namespace
}  // namespace weft::shiftplan

namespace weft::shiftplan {
namespace {

// Minutes each worker works in prized slots.
std::vector<int> PrizedMinutes(const Problem& p, const std::vector<Shift>& shifts) {
  std::vector<int> out(p.workers.size(), 0);
  for (const Shift& s : shifts)
    for (const Piece& pc : s.pieces)
      for (int t = pc.start; t < pc.end; t += p.interval)
        if (p.prized[static_cast<size_t>(s.day * p.SlotsPerDay() + t / p.interval)])
          out[static_cast<size_t>(s.worker)] += p.interval;
  return out;
}

TEST(ShiftRotation, HistoryCountsPrizedMinutesOfThePreviousPlan) {
  Problem p = Small(2, 2, 3);
  p.prized.assign(static_cast<size_t>(p.days * p.SlotsPerDay()), 0);
  p.prized[static_cast<size_t>(1 * p.SlotsPerDay() + 9)] = 1;  // day 1, 09:00-10:00
  const std::vector<Shift> prev = {{1, 1, 0, {{8 * 60, 11 * 60}}}, {0, 0, 0, {{9 * 60, 11 * 60}}}};
  RotatePrized(p, p, prev);
  ASSERT_EQ(p.prized_history.size(), 2u);
  EXPECT_EQ(p.prized_history[0], 0);
  EXPECT_EQ(p.prized_history[1], 60);
  // Without marked slots, the most preferred ones are taken.
  Problem q = Small(30, 2, 4);
  RotatePrized(q, q, {});
  EXPECT_GT(std::count(q.prized.begin(), q.prized.end(), 1), 0);
}

TEST(ShiftRotation, PrizedSlotsMoveToThoseWhoHadFewer) {
  ScenarioParams sp;
  sp.workers = 80;
  sp.seed = 6;
  Problem p = GenerateScenario(sp);
  RotatePrized(p, p, {});  // marks the prized slots, no history yet
  PlanParams pp;
  pp.time_limit_seconds = 0;
  pp.iteration_limit = 400;
  pp.bound = false;
  const PlanResult week1 = PlanShifts(p, pp);
  ASSERT_TRUE(week1.status.ok()) << week1.status.message();
  const std::vector<int> had = PrizedMinutes(p, week1.shifts);
  Problem next = p;
  RotatePrized(next, p, week1.shifts);
  EXPECT_EQ(next.prized_history, had);
  const PlanResult week2 = PlanShifts(next, pp);
  ASSERT_TRUE(week2.status.ok()) << week2.status.message();
  const std::vector<int> got = PrizedMinutes(next, week2.shifts);
  // The third who had the most prized time in week 1 get less of it in week 2.
  std::vector<int> order(had.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return had[static_cast<size_t>(a)] > had[static_cast<size_t>(b)];
  });
  int before = 0, after = 0;
  for (size_t i = 0; i < order.size() / 3; ++i) {
    before += had[static_cast<size_t>(order[i])];
    after += got[static_cast<size_t>(order[i])];
  }
  EXPECT_LT(after, before);
}

}  // namespace
}  // namespace weft::shiftplan
