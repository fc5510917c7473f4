// Google Benchmark: the exact row optimiser (roster/row_dp.h), the engine's
// hottest code (three quarters of a solve's time on Instance 19): whole rows
// priced as column generation prices them, and 28-day windows re-planned as
// local search re-plans them, on Instance 19 of the shift scheduling
// benchmark (40 employees, 84 days) when ../shared is there, otherwise on a
// generated problem of the same size.
//
//   ./build/release/weft_bench --benchmark_filter=RowDp
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "io/curtois.h"
#include "roster/generator.h"
#include "roster/row_dp.h"
#include "roster/solver.h"

namespace weft::roster {
namespace {

struct Fixture {
  RosterProblem problem;
  std::unique_ptr<ProblemTables> tables;
  Grid roster;  // a feasible roster from a short solve
};

const Fixture& Instance() {
  static const Fixture f = [] {
    Fixture x;
    const char* env = std::getenv("WEFT_SHARED");
    const std::filesystem::path file =
        std::filesystem::path(env ? env : "../shared") / "data/shift-scheduling/Instance19.txt";
    if (auto p = io::ReadCurtoisFile(file.string()); p.ok()) {
      x.problem = *p;
    } else {
      GeneratorParams g;
      g.employees = 40;
      g.weeks = 12;
      x.problem = GenerateRosterProblem(g);
    }
    x.tables = std::make_unique<ProblemTables>(x.problem);
    SolverParams sp;
    sp.time_limit_seconds = 0;
    sp.move_limit = 200'000;
    sp.cg_time_fraction = 0;
    sp.threads = 1;
    x.roster = SolveRoster(x.problem, sp).roster;
    return x;
  }();
  return f;
}

Roster ToRoster(const Fixture& f) {
  Roster r(f.problem);
  for (int e = 0; e < f.tables->E; ++e)
    for (int d = 0; d < f.tables->H; ++d)
      r.Set(e, d, static_cast<ShiftIdx>(f.roster[static_cast<size_t>(e)][static_cast<size_t>(d)]));
  return r;
}

// Whole rows with random cell costs (request penalties less random cover
// duals), per-type maxima exact: every employee's row per iteration.
void BM_RowDpWholeRow(benchmark::State& state) {
  const Fixture& f = Instance();
  const ProblemTables& t = *f.tables;
  const Roster r = ToRoster(f);
  RowOptimizer dp(t);
  std::mt19937_64 rng(1);
  std::uniform_int_distribution<int64_t> dual(0, 120'000);
  const int C = t.S + 1;
  std::vector<int64_t> costs(static_cast<size_t>(t.H * C));
  for (size_t i = 0; i < costs.size(); ++i) costs[i] = i % static_cast<size_t>(C) ? -dual(rng) : 0;
  RowDpOptions o;
  o.exact_type_maxima = true;
  o.max_work = int64_t{1} << 40;
  for (auto _ : state)
    for (int e = 0; e < t.E; ++e)
      benchmark::DoNotOptimize(dp.OptimizeCosts(r, e, 0, t.H - 1, costs, o));
}
BENCHMARK(BM_RowDpWholeRow)->Unit(benchmark::kMillisecond);

// 28-day windows of the roster, starting every 7 days, re-planned for each
// employee in turn: all of them per iteration.
void BM_RowDpWindow(benchmark::State& state) {
  const Fixture& f = Instance();
  const ProblemTables& t = *f.tables;
  const Roster r = ToRoster(f);
  RowOptimizer dp(t);
  const int len = std::min(28, t.H);
  for (auto _ : state)
    for (int a = 0; a + len <= t.H; a += 7)
      for (int e = 0; e < t.E; ++e) benchmark::DoNotOptimize(dp.Optimize(r, e, a, a + len - 1));
}
BENCHMARK(BM_RowDpWindow)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace weft::roster
