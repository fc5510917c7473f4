#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "io/curtois.h"
#include "io/mps.h"
#include "roster/column_generation.h"
#include "roster/generator.h"
#include "roster/row_dp.h"
#include "roster/solver.h"
#include "roster/weekend_bound.h"

namespace weft::cli {
namespace {

struct SolveOpts {
  std::string instance, out, initial;
  double time_limit = 10;
  int64_t move_limit = 0;
  uint64_t seed = 1;
  int threads = 2;
  bool debug = false;
  bool quiet = false;
  bool verbose = false;
  roster::SolverParams tuning;
};

int RunSolve(const SolveOpts& o) {
  auto problem = io::ReadCurtoisFile(o.instance);
  if (!problem.ok()) return Fail(2, problem.status().message());
  roster::SolverParams params = o.tuning;
  roster::Grid initial;
  if (!o.initial.empty()) {
    auto text = io::ReadFile(o.initial);
    if (!text.ok()) return Fail(2, text.status().message());
    auto g = io::ParseRosterCsv(*problem, *text, o.initial);
    if (!g.ok()) return Fail(2, g.status().message());
    initial = std::move(*g);
    params.initial = &initial;
  }
  params.time_limit_seconds = o.time_limit;
  params.move_limit = o.move_limit;
  params.seed = o.seed;
  params.threads = o.threads;
  params.debug_scoring = o.debug;
  const bool tty = isatty(fileno(stderr)) && !o.quiet;
  if (o.verbose) {
    params.on_progress = [](const roster::SolveProgress& p) {
      std::fprintf(stderr, "[weft] %7.2fs  best %lld%s  moves %.1fM", p.seconds,
                   static_cast<long long>(p.best.soft), p.best.hard > 0 ? " (infeasible)" : "",
                   static_cast<double>(p.moves) / 1e6);
      if (p.open > 0) std::fprintf(stderr, "  column generation: LP %.2f, %d open", p.lp, p.open);
      std::fprintf(stderr, "\n");
    };
  } else if (tty) {
    params.on_progress = [](const roster::SolveProgress& p) {
      std::fprintf(
          stderr, "\r\033[K[weft] %6.1fs  best penalty %lld%s  moves %.1fM", p.seconds,
          static_cast<long long>(p.best.soft),
          p.best.hard > 0 ? (" (infeasible: " + std::to_string(p.best.hard) + ")").c_str() : "",
          static_cast<double>(p.moves) / 1e6);
      if (p.open > 0) std::fprintf(stderr, "  LP %.1f, %d open", p.lp, p.open);
      std::fflush(stderr);
    };
  }
  const roster::SolveResponse r = roster::SolveRoster(*problem, params);
  if (tty) std::fprintf(stderr, "\r\033[K");
  if (r.status == roster::SolveStatus::kInvalidInput) return Fail(2, o.instance + ": " + r.message);
  if (!o.out.empty() && !r.roster.empty()) {
    if (Status s = io::WriteFile(o.out, io::FormatRosterCsv(*problem, r.roster)); !s.ok())
      return Fail(2, s.message());
  }
  nlohmann::json j;
  j["status"] = roster::ToString(r.status);
  j["feasible"] = r.check.feasible;
  j["penalty"] = r.check.penalty();
  j["requests"] = r.check.requests;
  j["cover"] = r.check.cover;
  j["hard_violations"] = r.check.violations.size();
  j["seconds"] = std::round(r.stats.seconds * 1000) / 1000;
  j["moves"] = r.stats.moves;
  j["dp_calls"] = r.stats.dp_calls;
  if (params.cg_time_fraction > 0) {
    j["cg_seconds"] = std::round(r.stats.cg_seconds * 1000) / 1000;
    j["cg_lp"] = std::round(r.stats.cg_lp * 1000) / 1000;
    j["cg_lp_is_bound"] = r.stats.cg_lp_is_bound;
    j["cg_penalty"] = r.stats.cg_penalty;
    j["cg_rounds"] = r.stats.cg_rounds;
    j["cg_root_seconds"] = std::round(r.stats.cg_root_seconds * 1000) / 1000;
    j["cg_lagrangian"] = std::round(r.stats.cg_lagrangian * 1000) / 1000;
    j["cg_root_end"] = r.stats.cg_root_end;
    j["optimal"] = r.stats.optimal;
    if (r.stats.lower_bound >= 0) j["lower_bound"] = r.stats.lower_bound;
  }
  j["windows"] = r.stats.windows;
  j["window_gain"] = r.stats.window_gain;
  j["weekend_windows"] = r.stats.weekend_windows;
  j["cover_patterns"] = r.stats.cover_patterns;
  j["weekend_transfers"] = r.stats.weekend_transfers;
  j["request_chains"] = r.stats.request_chains;
  j["helper_replans"] = r.stats.helper_replans;
  j["helper_taken"] = r.stats.helper_taken;
  j["seed"] = o.seed;
  j["threads"] = o.threads;
  std::cout << j.dump() << std::endl;
  if (r.status == roster::SolveStatus::kFeasible) return 0;
  return Fail(1, r.message);
}

struct BoundOpts {
  std::string instance;
  double time_limit = 0;
  int threads = 2;
  int64_t exact_work = 50'000'000;
  bool quiet = false;
};

int RunBound(const BoundOpts& o) {
  auto p = io::ReadCurtoisFile(o.instance);
  if (!p.ok()) return Fail(2, p.status().message());
  if (Status st = p->Validate(); !st.ok()) return Fail(2, o.instance + ": " + st.message());
  const roster::WeekendBoundResult w = roster::WeekendRelaxationBound(*p);
  int64_t best = w.solved ? w.bound : -1;
  nlohmann::json j{{"weekend_bound", w.solved ? nlohmann::json(w.bound) : nlohmann::json()},
                   {"weekend_seconds", std::round(w.seconds * 1000) / 1000}};
  if (o.time_limit > 0) {
    const roster::ProblemTables t(*p);
    const roster::Roster empty(*p);
    roster::RowOptimizer dp(t);
    int64_t work = 0;
    for (int e = 0; e < t.E; ++e) work = std::max(work, dp.BoundedWork(empty, e, 0, t.H - 1));
    j["row_work"] = work;
    if (work > 0 && work <= o.exact_work) {
      roster::ColumnGenParams cp;
      cp.time_limit_seconds = o.time_limit;
      cp.dives = 0;
      cp.max_rounds = cp.root_rounds = 1'000'000;
      cp.root_time_share = 1.0;
      cp.expected_rounds = 0;
      cp.exact_work_limit = o.exact_work;
      cp.threads = o.threads;
      const bool tty = isatty(fileno(stderr)) && !o.quiet;
      if (tty)
        cp.on_round = [](double sec, double lp, int, int cols) {
          std::fprintf(stderr, "\r\033[K[weft] %6.1fs  LP %.2f  columns %d", sec, lp, cols);
          std::fflush(stderr);
        };
      const roster::ColumnGenResult cg = roster::PriceAndDive(t, cp);
      if (tty) std::fprintf(stderr, "\r\033[K");
      const int64_t lagrangian =
          std::isfinite(cg.lagrangian) ? static_cast<int64_t>(std::ceil(cg.lagrangian - 1e-3)) : -1;
      best = std::max({best, cg.bound, lagrangian});
      j["rows_lp"] = std::round(cg.lp * 1000) / 1000;
      j["rows_converged"] = cg.lp_converged;
      j["rows_bound"] = std::max(cg.bound, lagrangian);
      j["rows_rounds"] = cg.rounds;
      j["rows_seconds"] = std::round(cg.seconds * 1000) / 1000;
    }
  }
  if (best < 0) return Fail(1, o.instance + ": no bound was proven");
  j["lower_bound"] = best;
  std::cout << j.dump() << std::endl;
  return 0;
}

}  // namespace

void RegisterRoster(CLI::App& app, int& exit_code) {
  CLI::App* roster = app.add_subcommand("roster", "Build and check rosters");
  roster->require_subcommand(1);

  auto o = std::make_shared<SolveOpts>();
  CLI::App* solve = roster->add_subcommand(
      "solve",
      "Solve a shift scheduling benchmark instance. Writes ROSTER.csv (employee,day,shift) and "
      "prints a JSON summary as the last stdout line. Exit 0 when the roster is feasible.");
  solve->add_option("instance", o->instance, "Instance file (benchmark format)")
      ->required()
      ->check(CLI::ExistingFile);
  solve
      ->add_option("--time-limit", o->time_limit,
                   "Wall-clock limit in seconds (0: use --move-limit)")
      ->default_val(10);
  solve->add_option("--move-limit", o->move_limit,
                    "Moves per thread (deterministic stop); 0 for none");
  solve->add_option("--seed", o->seed, "Random seed")->default_val(1);
  solve->add_option("--threads", o->threads, "Search threads")
      ->default_val(2)
      ->check(CLI::Range(1, 64));
  solve->add_option("--out", o->out, "Where to write the roster CSV");
  solve
      ->add_option("--initial", o->initial,
                   "Start from this roster (ROSTER.csv, e.g. an earlier --out) instead of a "
                   "constructed one; rows that break a rule are re-planned first")
      ->check(CLI::ExistingFile);
  solve
      ->add_option("--temperature-start", o->tuning.temperature_start,
                   "Annealing start temperature, as a fraction of the largest under-cover weight")
      ->capture_default_str();
  solve
      ->add_option("--temperature-end", o->tuning.temperature_end,
                   "Annealing end temperature, same unit")
      ->capture_default_str();
  solve
      ->add_option(
          "--hard-weight-min", o->tuning.hard_weight_min,
          "Least weight of one hard-penalty unit, as a fraction of the largest under-cover weight")
      ->capture_default_str();
  solve->add_option("--dp-every", o->tuning.dp_every, "One row re-optimisation per this many moves")
      ->capture_default_str();
  solve
      ->add_option("--cover-dp-share", o->tuning.cover_dp_share,
                   "% of row re-optimisations directed at a cell short of people")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  solve
      ->add_option("--request-dp-share", o->tuning.request_dp_share,
                   "% of row re-optimisations that are request chains (a request kept, the cover "
                   "it breaks set right by others; with --cover-dp-share at most 100)")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  solve->add_flag("--row-helper,!--no-row-helper", o->tuning.row_helper,
                  "Horizons longer than a window, under --time-limit alone: the second thread "
                  "re-plans rows for the first instead of searching on its own (default on)");
  solve
      ->add_option("--cg-fraction", o->tuning.cg_time_fraction,
                   "Share of the time limit for column generation and price-and-branch (0: off)")
      ->capture_default_str();
  solve
      ->add_option("--cg-start", o->tuning.cg_start_fraction,
                   "Share of the limit local search runs before column generation starts")
      ->capture_default_str();
  solve
      ->add_option("--cg-root-promise", o->tuning.cg_root_promise,
                   "On horizons no longer than a window: a column generation root out of its time "
                   "whose LP is below (1 - this) x the best roster local search has is given more "
                   "time and dived from (0: given up)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  solve
      ->add_option("--cg-rounds", o->tuning.cg_max_rounds,
                   "Pricing rounds of column generation, a deterministic work limit (0: none "
                   "under a time limit, 400 under a move limit alone)")
      ->capture_default_str();
  solve
      ->add_option("--window-moves", o->tuning.window_moves,
                   "With --move-limit alone: re-plan a window of days after every this many "
                   "moves per thread (0: none)")
      ->capture_default_str();
  solve
      ->add_option("--window-days", o->tuning.window_days,
                   "Days re-planned together by a window of column generation (a horizon no "
                   "longer than this is re-planned by crews of employees instead; 0: no windows)")
      ->capture_default_str();
  solve->add_flag("--crew-branching", o->tuning.crew_branching,
                  "Crews re-planned by branch and price after their dives (short horizons)");
  solve
      ->add_option("--pattern-search", o->tuning.pattern_search_fraction,
                   "Short horizons: once this share of the time limit is left, every other "
                   "re-plan is a slice of branch and price on cover patterns over every "
                   "employee (0: none)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  solve
      ->add_option("--pattern-slice", o->tuning.pattern_slice_fraction,
                   "Share of the time limit each slice of that search takes")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  solve
      ->add_option(
          "--pattern-nodes", o->tuning.pattern_nodes,
          "Branch-and-price nodes each cover pattern of that search may take (0: no limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  solve
      ->add_option("--pattern-target", o->tuning.pattern_target,
                   "Units above the LP bound the first slice of that search looks for (nodes "
                   "that cannot meet it are pruned); each slice that finds nothing better "
                   "looks one unit higher (-1: the incumbent alone)")
      ->check(CLI::Range(-1, 1000000))
      ->capture_default_str();
  solve->add_flag("--debug-scoring", o->debug,
                  "Recompute the score from scratch after every move (slow)");
  solve->add_flag("--quiet", o->quiet, "No progress line");
  solve->add_flag("--verbose", o->verbose, "A progress line per step on stderr, terminal or not");
  solve->callback([o, &exit_code] { exit_code = RunSolve(*o); });

  auto chk = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* check = roster->add_subcommand(
      "check", "Check a roster CSV against an instance (independent checker)");
  check->add_option("instance", chk->first, "Instance file")->required()->check(CLI::ExistingFile);
  check->add_option("roster", chk->second, "Roster CSV")->required()->check(CLI::ExistingFile);
  check->callback([chk, &exit_code] {
    auto p = io::ReadCurtoisFile(chk->first);
    if (!p.ok()) {
      exit_code = Fail(2, p.status().message());
      return;
    }
    auto text = io::ReadFile(chk->second);
    if (!text.ok()) {
      exit_code = Fail(2, text.status().message());
      return;
    }
    auto g = io::ParseRosterCsv(*p, *text, chk->second);
    if (!g.ok()) {
      exit_code = Fail(2, g.status().message());
      return;
    }
    const auto rep = roster::CheckRoster(*p, *g);
    nlohmann::json j{{"feasible", rep.feasible},
                     {"penalty", rep.penalty()},
                     {"requests", rep.requests},
                     {"cover", rep.cover},
                     {"violations", rep.violations}};
    std::cout << j.dump() << std::endl;
    exit_code = rep.feasible ? 0 : 1;
  });

  auto bnd = std::make_shared<BoundOpts>();
  CLI::App* bound = roster->add_subcommand(
      "bound",
      "A lower bound on every roster's penalty, proven without a roster: the weekends' LP "
      "relaxation under each employee's weekend budget (fast; it proves bounds on long "
      "horizons where `solve` proves none), and with --time-limit also the LP of whole rows by "
      "column generation, exactly priced, whose Lagrangian bound holds before it converges. "
      "Prints one JSON object");
  bound->add_option("instance", bnd->instance, "Instance file")
      ->required()
      ->check(CLI::ExistingFile);
  bound
      ->add_option("--time-limit", bnd->time_limit,
                   "Seconds for the column generation over whole rows (0: the weekend bound only)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  bound->add_option("--threads", bnd->threads, "Pricing threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  bound
      ->add_option("--exact-work", bnd->exact_work,
                   "Rows whose exact pricing (minutes in the state) exceeds this much work make "
                   "the column generation bound unavailable")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  bound->add_flag("--quiet", bnd->quiet, "No progress line");
  bound->callback([bnd, &exit_code] { exit_code = RunBound(*bnd); });

  auto mps = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* exp = roster->add_subcommand("export-mps", "Write the instance as a MIP in MPS format");
  exp->add_option("instance", mps->first, "Instance file")->required()->check(CLI::ExistingFile);
  exp->add_option("--out", mps->second, "MPS file to write")->required();
  exp->callback([mps, &exit_code] {
    auto p = io::ReadCurtoisFile(mps->first);
    if (!p.ok()) {
      exit_code = Fail(2, p.status().message());
      return;
    }
    if (Status s = io::WriteFile(mps->second, io::FormatMps(*p)); !s.ok())
      exit_code = Fail(2, s.message());
  });

  auto gen = std::make_shared<roster::GeneratorParams>();
  auto gen_out = std::make_shared<std::string>();
  CLI::App* g =
      roster->add_subcommand("generate", "Generate a realistic instance in the benchmark format");
  g->add_option("--employees", gen->employees, "Number of employees")
      ->default_val(12)
      ->check(CLI::Range(2, 10000));
  g->add_option("--weeks", gen->weeks, "Horizon in weeks")
      ->default_val(2)
      ->check(CLI::Range(1, 104));
  g->add_option("--seed", gen->seed, "Random seed")->default_val(1);
  g->add_option("--out", *gen_out, "Instance file to write")->required();
  g->callback([gen, gen_out, &exit_code] {
    if (Status s = io::WriteFile(*gen_out, io::FormatCurtois(roster::GenerateRosterProblem(*gen)));
        !s.ok())
      exit_code = Fail(2, s.message());
  });
  RegisterRosterPlan(*roster, exit_code);
}

}  // namespace weft::cli
