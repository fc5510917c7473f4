// Column generation over whole rows, and price-and-branch: the LP relaxation
// of the roster model solved by column generation, then the integer master
// over the columns it generated, solved by a MIP solver (COIN-OR CBC).
//
// The model (Dantzig-Wolfe over employees). A column is one employee's whole
// row that keeps every rule of that employee (runs, rest, minutes, weekends,
// per-type maxima, days off); its cost is the row's request penalty. The
// master picks one column per employee and pays the cover targets through
// slack columns:
//
//   min  sum_p c_p x_p + sum_(d,s) (w_under u_ds + w_over o_ds)
//   s.t. sum_(p of e) x_p = 1                               for every employee e
//        sum_(p working s on d) x_p + u_ds - o_ds = r_ds    for every (d, s)
//        x binary, u, o >= 0
//
// Pricing: with duals y_e and pi_ds of the LP relaxation, the reduced cost of
// a row p of e is c_p - y_e - sum_d pi_(d,p(d)), so the best new column of e
// is the row optimiser (row_dp.h) run over the whole horizon with cell costs
// request(e, d, s) - pi_ds. It is exact when the minutes fit in its state and
// no per-type multiplier is needed; otherwise it returns a good feasible row
// (multipliers found by bisection; minutes priced for very long rows). The
// LP value is reported as a lower bound only when the last pricing round was
// exact for every employee and found no improving column.
//
// Columns generated this way make the integer master's LP bound very tight on
// rostering instances (T. Curtois and R. Qu (2014) solve these benchmark
// instances by branch and price on the same decomposition), so branching on
// the generated columns alone ("price and branch") finds near-optimal rosters
// fast. Reference: G. Desaulniers, J. Desrosiers, M. M. Solomon (eds.),
// "Column Generation" (2005).
//
// Determinism: pricing runs on `threads` threads, but each employee's column
// depends only on the duals, and columns enter in employee order; with only
// round and node limits the result depends on the input alone.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "roster/checker.h"
#include "roster/constraints.h"

namespace weft::roster {

struct ColumnGenParams {
  double time_limit_seconds = 0;  // wall clock for LP and dive together; <= 0: none
  int max_rounds = 1000;          // pricing rounds in all (deterministic work limit)
  int root_rounds = 400;          // of which at most this many before the dive
  int dive_rounds = 20;           // and at most this many after each dive step
  double dive_fix_share = 0.3;    // fractional employees fixed per step, of the open ones
  double dive_keep_value = 0.5;   // and every column at least this high
  // Fix cells, not rows: a step fixes, for each employee chosen, the cells of
  // its largest column that at least `cell_majority` of the employee's LP
  // value agrees on (one at least); the row is fixed once every cell is.
  // Dives then alternate: even dives fix cells, odd dives whole rows.
  bool cell_dive = true;
  double cell_majority = 0.5;
  // While a dive's LP is at the root's bound (rounded up), a step whose batch
  // lifts it off by a whole unit is undone and retried with half the batch,
  // however small the rise (kLpJump alone allows 1 %): with integer weights
  // the rise rules out every roster at the bound. Instance 13 (bound 1348,
  // optimal): after a slower local search the first step lifted the LP to
  // 1349 and the dive ended at 1448-1450 (five bench runs of five); held at
  // the bound, 1348 in 25-30 s. A step of one employee that leaves the
  // bound (no smaller batch to retry) is undone and the next-ranked
  // employee tried, three times in a row at most. It costs undone steps where the bound is
  // not met (Instance 7, bound 1055, optimum 1056): the solver holds its
  // whole-horizon dives to the bound, not its windows' and crews'.
  bool hold_bound = false;
  int dives = 8;  // dives from the root; the best roster is kept
  // After the dives, when the root LP is a bound and the best roster does
  // not meet it: depth-first branch and price on cells for at most this
  // many nodes (and the time left), looking for a roster better than the
  // best dive's and than `base` (0: none). A node whose exactly priced LP
  // cannot beat the best by a whole unit is pruned; a tree searched to the
  // end proves the best optimal.
  int64_t branch_nodes = 0;
  // Branch first on the cover of a cell (the people working that shift on
  // that day, whole in every roster) while the LP's is fractional: one
  // child holds it to at most its floor, the other to at least its ceiling
  // (bounds on the cell's slacks), the nearer first. Where the cover is
  // whole on every cell the search goes on by cells.
  bool cover_branching = true;
  // Each subtree that starts where the cover has become whole (a cover
  // pattern: how many work each shift each day) gets at most this many
  // nodes (0: no limit), so that the search tries many patterns rather
  // than exhausting the first. On Instance 7 the LP with the cover held to
  // the pattern of a 1056 roster is 1056, and the cells below find it in
  // about 20 nodes; with the pattern of a 1057 roster the LP is 1055.4
  // and 1 400 nodes find nothing better.
  int64_t pattern_nodes = 0;
  // Branch and price looks first for a roster at most this many units above
  // the root's bound (rounded up): a node whose LP cannot meet that target
  // is pruned as if an incumbent there could not be beaten (-1: no target,
  // the incumbent alone). A tree searched to the end under a target proves
  // only that no roster meets it; the target then grows by one. A search
  // from a weak incumbent otherwise spends its nodes on patterns whose LP is
  // near that incumbent: on Instance 7 (bound 1055, best 1056), from a
  // roster at 1058-1061 with 15 s, a target of one unit reached 1056 from 4
  // of 8 rosters, the incumbent alone from 1 of 8.
  int target_above_bound = -1;
  int stale_dives = 4;      // stop after this many dives in a row gave nothing better
  double dive_noise = 0.3;  // later dives rank columns by LP value + this x U(0, 1)
  uint64_t seed = 1;        // of that noise
  int threads = 2;          // pricing threads
  // Root dual smoothing: rows are priced at this share of the duals of the
  // best Lagrangian bound plus the rest of the LP's duals (0: plain). 0.7:
  // Instance 19's LP of whole rows converges in 109 rounds, 169 at 0.3.
  double smoothing = 0.7;
  // With a time limit: the LP must converge within this share of it, and
  // the phase gives up after its third round when the time so far plus the
  // mean time of rounds 2-3 times the `expected_rounds` left (root and dive
  // together) would not fit in the limit (the time is better spent on local
  // search). 0: never given up that way.
  double root_time_share = 0.6;
  // With a time limit, once the root has used root_gap_after of that share
  // (half), it also ends when its LP is within this share of its best Lagrangian bound (0:
  // only once converged). Its LP is then near its optimum but no proven
  // bound; the Lagrangian bound is (`bound`), and the dives start from it.
  // The tail of a slow root is long and flat: on a variant of Instance 19
  // (bench/curtois_variants.py, I19v2s3) the LP was 3584.3 with the bound
  // at 3564.9 after 20 s, and converged at 3581.2 after 30 s, past the 60 %
  // of a 60-s solve's phase, so no dive was run at all.
  double root_gap = 0;
  double root_gap_after = 0.5;  // of root_time_share x the limit: when root_gap applies
  // And a root out of its time whose LP fell by at most this share over its
  // last 10 rounds, or is within four times this share of its Lagrangian
  // bound, is dived from rather than given up (0: given up).
  double root_tail_gap = 0;
  // And one whose LP, converged or not, is below (1 - root_promise) x
  // `incumbent` (the penalty of the best roster known, e.g. local search's;
  // < 0: none) is dived from too: even unconverged, the LP promises a roster
  // far better than the one at hand (0: never). Instance 13 with 30 s:
  // its root out of time at 15 s with the LP at 1354.7 (the optimum is 1348)
  // and its Lagrangian bound still at 1168, local search's roster at 2542.
  // Such a root has until this share of the limit (when larger than
  // root_time_share) to converge.
  double root_promise = 0;
  double root_promise_share = 0.8;
  double incumbent = -1;
  // and the dive starts only when the time left is at least this multiple
  // of the time the root took.
  double dive_time_ratio = 0.5;
  int expected_rounds = 100;
  // Rows whose exact DP (minutes in the state) would visit more day x
  // states than this (RowOptimizer::BoundedWork, with the days kept) are
  // priced with minutes priced instead. Instance 19's whole rows: 644 k;
  // its weekend windows: 145 k; Instance 21's whole rows: 2.5 M.
  int64_t exact_work_limit = 1'000'000;
  // Rows whose DP would hold more day x states than this before pruning
  // (RowOptimizer::Work) are priced with minutes priced too (0: no such
  // limit).
  int64_t exact_state_limit = 0;
  // The window re-planned: days [first_day, last_day] (last_day < 0: to the
  // end of the horizon). Outside it every row keeps `base` ([employee][day],
  // -1 off; empty: all off), which must then keep every rule.
  int first_day = 0, last_day = -1;
  Grid base;
  // Per day of the window: 1 keeps the base's cells there too (the days
  // re-planned need not be consecutive: the weekends of several weeks, say).
  // Empty: every day is re-planned.
  std::vector<uint8_t> keep_days;
  // The employees re-planned (empty: all); every other one keeps its base
  // row (`base` must then be given).
  std::vector<int> employees;
  // Rows (their days in the window) to start the master with; each must keep
  // its employee's rules with `base` outside the window.
  std::vector<std::pair<int, std::vector<ShiftIdx>>> initial_columns;
  // Return the root's columns in ColumnGenResult::pool.
  bool keep_pool = false;
  const std::atomic<bool>* cancel = nullptr;
  // Called after every LP solve: seconds so far, LP value, employees still
  // open (all of them until the dive starts), columns in the master.
  std::function<void(double seconds, double lp, int open, int columns)> on_round;
};

// How the root (the LP over the whole window, before any dive) ended.
enum class RootEnd {
  kConverged,      // no improving column left
  kNearBound,      // within root_gap of its Lagrangian bound, past root_gap_after
  kTailFlat,       // out of its time, its LP flat or near its Lagrangian bound: dived from
  kPromising,      // out of its time, its LP far below the incumbent (root_promise): dived from
  kRoundLimit,     // out of pricing rounds
  kCancelled,      // out of the phase's time, or cancelled
  kOutOfTime,      // out of its time, far from converged: given up
  kProjectedSlow,  // its first rounds' pace would not converge in time: given up
  kInexact,        // rows cannot be priced exactly under a time limit: given up
  kNoDiveTime,     // converged, but too little time left for a dive
};
const char* ToString(RootEnd e);

struct ColumnGenResult {
  bool found = false;      // `roster` holds a full roster: every employee fixed
  bool abandoned = false;  // the LP could not converge in its time: no dive
  RootEnd root_end = RootEnd::kConverged;
  int dives = 0;               // dives that gave a full roster
  int pruned = 0;              // dives ended by their LP bound (they could not beat the best)
  int backtracks = 0;          // dive steps undone (their batch raised the LP too much)
  int held = 0;                // of which only for leaving the root's bound (hold_bound)
  int64_t nodes = 0;           // branch-and-price nodes
  int patterns = 0;            // cover patterns searched (cover branching)
  int64_t cover_branches = 0;  // nodes that branched on a cell's cover
  int target = -1;             // the last target of branch and price (units above the bound)
  int branch_found = 0;        // better rosters branch and price found
  // A proven lower bound on the penalty of every roster that keeps the base
  // outside the re-planned cells: the root's LP bound rounded up, raised by
  // a branch-and-price tree searched to the end under a prune level (no
  // roster below it was left unfound). -1: none.
  int64_t bound = -1;
  // The best Lagrangian bound of the root's rounds that priced every
  // re-planned employee's row exactly: the cover duals times the cover
  // required, plus each employee's least row value under those duals, plus
  // the slacks' part (-inf: none). It bounds the same rosters as `bound`,
  // and is valid before the LP has converged.
  double lagrangian = -std::numeric_limits<double>::infinity();
  // Proven optimal: the best roster (or, none found, the base) meets the
  // root's LP bound, or branch and price searched its whole tree.
  bool optimal = false;
  Grid roster;                // [employee][day], -1 off
  double lp = 0;              // LP value of the master before the dive
  bool lp_converged = false;  // no improving column was left
  bool lp_is_bound = false;   // converged with exact pricing: `lp` is a lower bound
  int rounds = 0;             // pricing rounds
  int columns = 0;            // row columns in the master
  // With keep_pool: the re-planned employees' columns of the master when
  // the root ended (converged or not), to seed a later re-plan of the same
  // days (their cells on days kept may then need the new base's).
  std::vector<std::pair<int, std::vector<ShiftIdx>>> pool;
  double lp_seconds = 0;
  double seconds = 0;
};

ColumnGenResult PriceAndDive(const ProblemTables& t, const ColumnGenParams& params);

}  // namespace weft::roster
