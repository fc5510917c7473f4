// The roster solver: construction, then local search with an exact
// row-window re-optimisation as its large neighbourhood, on all cores.
//
// Data in, data out: SolveRoster(problem, params) -> SolveResponse. Every
// parameter has a default. Limits are a wall time and a deterministic move
// limit (per thread); with only a move limit the result depends on the seed
// alone. The returned roster is always re-checked by the independent checker.
//
// Search, per thread: simulated annealing (or late acceptance) over the
// scalar hard_weight * hard + soft, where hard_weight adapts (up while the
// current roster is infeasible, down while it is feasible), so the search can
// cross infeasible regions while the best roster is tracked lexicographically
// (feasible first). The temperature falls with the fraction of the time or
// move limit used, so the whole budget is spent searching. Moves: change one cell, swap two
// employees' cells on a day, swap a block of days between two employees, and
// re-optimise a window of one employee's row exactly (RowOptimizer). Threads
// run independent streams and share their best at fixed move epochs.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "roster/checker.h"
#include "roster/problem.h"
#include "roster/score.h"

namespace weft::roster {

struct SolveProgress {
  double seconds = 0;
  Score best;
  int64_t moves = 0;
  // During the column generation phase: its LP value and the employees not
  // yet fixed by the dive (0 outside the phase).
  double lp = 0;
  int open = 0;
};

enum class Acceptor {
  kAnnealing,       // simulated annealing, temperature falling geometrically over the limit
  kLateAcceptance,  // late acceptance hill climbing with ruin-and-recreate on stagnation
};

struct SolverParams {
  double time_limit_seconds = 10.0;  // wall clock; <= 0 for none (then set move_limit)
  int64_t move_limit = 0;            // moves per thread; 0 for none
  uint64_t seed = 1;                 // the only source of randomness
  int threads = 2;                   // independent search streams
  int64_t epoch_moves = 200'000;     // moves per thread between best-sharing rounds
  int dp_every = 100;                // one row re-optimisation per this many moves
  // Of the row re-optimisations, this many % are directed: the days around
  // a cell short of people re-planned for an employee who may take it.
  int cover_dp_share = 50;
  // And this many % are request chains (a request not kept, kept, and the
  // cover that breaks set right by other employees' re-plans).
  int request_dp_share = 50;
  // Long horizons (windows of days follow the whole-horizon phase) under a
  // time limit alone, with two threads or more: the second thread re-plans
  // rows for the first (on a copy of its roster, kept up to date) instead of
  // searching on its own; the first takes each re-plan as a move. There the
  // search is still improving when time runs out and a second search adds
  // little (Instance 23, 60 s, seeds 1-2: 18158 and 18185, against 18605
  // and 18706 for two searches; the 150 x 364 x 32 problem 24247 and 23982
  // against 25298 and 25055). Not used with a move limit (the helper's pace
  // is not deterministic).
  bool row_helper = true;
  Acceptor acceptor = Acceptor::kAnnealing;
  // Temperatures, as fractions of the largest under-cover weight: hot enough
  // at the start to trade a request for cover, cold enough at the end to
  // accept no worsening of one request point. Half and a third of the
  // earlier 0.1 and 0.003: long horizons, where the search is still
  // improving when time runs out, gain ~2 % (Instance 23, 60 s, seeds 1-4:
  // 19554 against 19950 on average); Instances 7-21 unchanged within noise.
  double temperature_start = 0.05;
  double temperature_end = 0.001;
  // The adaptive weight of one hard-penalty unit never falls below this
  // fraction of the largest under-cover weight.
  double hard_weight_min = 1.0;
  // Column generation and price-and-branch (column_generation.h) run once
  // local search has used cg_start_fraction of the limit (time, or moves
  // when only a move limit is set), for at most cg_time_fraction of the time
  // limit, seeded with the rows of every thread's best roster; the search
  // continues from the integer master's roster when it is better. 0 turns
  // the phase off.
  double cg_start_fraction = 0.05;
  double cg_time_fraction = 0.85;
  // Window re-planning after that phase: column generation and dives over
  // windows of this many days of the best roster, the rest of every row kept
  // (0, or a window as long as the horizon: off), each for this share of the
  // time limit, alternating with local search.
  int window_days = 28;
  double window_time_fraction = 0.02;
  // With a move limit and no time limit, a window runs after every this
  // many moves of each thread (0: none), with cg_max_rounds pricing rounds
  // and window_dives dives: deterministic work for a given seed.
  int64_t window_moves = 0;
  int window_dives = 4;
  // Crews (a horizon no longer than window_days) go on from their dives by
  // branch and price (column_generation.h) for the rest of their time, or
  // window_nodes nodes with a move limit alone. Off by default: on
  // Instance 7 (60 s, seeds 1 and 3) it gave 1057 twice, as the dives do.
  bool crew_branching = false;
  int64_t window_nodes = 50;
  // Crews (time limits only): once this share of the limit is left, every
  // other re-plan is a slice of pattern_slice_fraction of the limit in
  // which every employee is re-planned by branch and price with cover
  // branching (column_generation.h), each cover pattern given
  // pattern_nodes nodes (0 for pattern_search_fraction: never). From a
  // quarter of the limit on: with the dual simplex in the tree, Instance 7
  // (60 s) reached 1056 in 26 of 28 runs (13 of 14 from half the limit).
  double pattern_search_fraction = 0.75;
  double pattern_slice_fraction = 0.2;
  int64_t pattern_nodes = 20;
  // The first slice looks for a roster at most this many units above the
  // bound (ColumnGenParams::target_above_bound; -1: the incumbent alone);
  // each slice that finds nothing better raises it by one.
  int pattern_target = 1;
  // Weekend windows (when a rule limits the weekends worked): the Fridays
  // to Mondays of this many days re-planned together, Tuesdays to Thursdays
  // kept, each with this share of the time limit at most.
  int weekend_window_days = 84;
  double weekend_window_fraction = 0.35;
  // The first runs after this many windows of days, the next ones after
  // three (doubled while they gain less per second than windows of days).
  int weekend_window_after = 3;
  // Pricing rounds of the whole-horizon phase (and of windows run by moves):
  // a deterministic work limit. 0: none under a time limit (time limits it),
  // kCgRoundsByMoves under a move limit alone.
  int cg_max_rounds = 0;
  static constexpr int kCgRoundsByMoves = 400;
  // Time limits above this many seconds raise, in proportion, the work up to
  // which the whole-horizon phase prices rows exactly (ColumnGenParams::
  // exact_work_limit): longer solves afford the LP of longer rows (0: never).
  double cg_exact_seconds = 120;
  // Dives of that phase when windows of days follow it (a horizon longer
  // than window_days): the windows gain more per second than further
  // whole-horizon dives (Instance 15, 60 s, seeds 1-3: 3844, 3844, 3833
  // with one, against 3840-4139 with dives until the phase's time ran out).
  int cg_dives_before_windows = 1;
  // With windows to follow (and a time limit), the whole-horizon root ends,
  // once it has used half its time, when its LP is within this share of its
  // Lagrangian bound (ColumnGenParams::root_gap; 0: only once converged):
  // the windows re-plan the dive's roster anyway, and a slow root's flat
  // tail could otherwise leave no time to dive at all. On every horizon, a
  // root out of its time whose LP fell by at most this share over its last
  // rounds is dived from rather than given up (root_tail_gap). Short
  // horizons keep the exact root otherwise: its LP proves the roster
  // optimal (Instance 13 at 1348).
  double cg_root_gap = 0.005;
  // Without windows to follow (a horizon no longer than window_days), a
  // root out of its time whose LP is below (1 - cg_root_promise) x the
  // best roster local search has is given up to 80 % of the phase and
  // dived from (ColumnGenParams::root_promise; 0: given up). Instance 13
  // with 30 s, seeds 1-3: 2712, 2542, 2675 given up; 1550, 2283, 2162.
  double cg_root_promise = 0.05;
  // A warm start (e.g. the roster of an earlier solve, or one a manager
  // edited): every search thread begins there instead of at a constructed
  // roster. Rows that break a rule are re-planned first; when it keeps every
  // rule, the result is never worse than it. Not owned; must outlive the solve.
  const Grid* initial = nullptr;
  int lahc_length = 0;                                    // 0: sized from the instance
  bool debug_scoring = false;                             // check every delta from scratch (slow)
  std::function<void(const SolveProgress&)> on_progress;  // called from one thread
  const std::atomic<bool>* cancel = nullptr;
};

enum class SolveStatus { kFeasible, kInfeasible, kInvalidInput, kInternalError };
const char* ToString(SolveStatus s);

struct SolveStats {
  int64_t moves = 0;
  int64_t accepted = 0;
  int64_t dp_calls = 0;
  int64_t weekend_transfers = 0;  // accepted: a weekend given up for a short one elsewhere
  int64_t request_chains = 0;     // accepted: a request kept, the cover set right by others
  // The row helper (SolverParams::row_helper): re-plans it queued, and those
  // the search took as moves (0 when it did not run).
  int64_t helper_replans = 0;
  int64_t helper_taken = 0;
  double seconds = 0;
  // Column generation phase.
  double cg_seconds = 0;
  double cg_lp = 0;              // LP value of the master
  bool cg_lp_is_bound = false;   // cg_lp is a proven lower bound
  int64_t cg_penalty = -1;       // penalty of the integer master's roster; -1: none
  int cg_rounds = 0;             // pricing rounds (root and dives)
  double cg_root_seconds = 0;    // the root's time (its LP before any dive)
  double cg_lagrangian = 0;      // the root's best Lagrangian bound (0: none)
  const char* cg_root_end = "";  // how the root ended (ToString(RootEnd)); "": not run
  int windows = 0;               // windows re-planned
  int64_t window_gain = 0;       // penalty the windows removed from the best roster
  int weekend_windows = 0;       // of the windows, those that re-planned weekends
  int cover_patterns = 0;        // cover patterns the pattern search tried (crews)
  // Proven optimal (the roster meets the LP bound, or a tree over every
  // employee was searched to the end): the solve stopped early.
  bool optimal = false;
  // A proven lower bound on every roster's penalty (-1: none): the whole
  // problem's LP bound rounded up, raised by the pattern search's trees
  // searched to the end; the roster's penalty when it is proven optimal.
  int64_t lower_bound = -1;
};

struct SolveResponse {
  SolveStatus status = SolveStatus::kInternalError;
  std::string message;
  Grid roster;        // [employee][day], -1 off
  Score score;        // engine's score of `roster`
  CheckReport check;  // independent checker's verdict on `roster`
  SolveStats stats;
};

SolveResponse SolveRoster(const RosterProblem& p, const SolverParams& params);

}  // namespace weft::roster
