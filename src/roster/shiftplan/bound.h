// The lower bound on under-coverage + cost, by column generation.
//
// Dantzig-Wolfe over workers: a column is one worker's whole week that
// keeps its contract (RowSolver, RowCost::kPay); the master picks a convex
// combination of columns per worker and pays the cover targets through
// slack columns:
//
//   min  sum_p c_p x_p + sum_cells (under_c u_c + over_c o_c)
//   s.t. sum_(p of w) x_p = 1                            for every worker w
//        sum_(p covering cell) x_p + u_c - o_c = need_c  for every cell
//        x, u, o >= 0
//
// A cell nobody is needed in has no row when over-coverage is free (its
// slack would take whatever covers it, at no cost): its price is zero.
//
// The cover rows are differenced along each day and skill (each row less
// the one before), so a shift piece has two non-zeros instead of one per
// interval; the LP is the same. 200 workers, 15-minute intervals, seed 21:
// the bound converged in 16.6 s instead of 52.9 s.
//
// Its LP optimum is at least as strong as the compact LP relaxation (one
// variable per worker, day and shift). Every pricing round also gives a
// valid Lagrangian bound, z_master + sum_w min(0, reduced cost_w), so the
// bound stays valid when time runs out before the LP converges; the best
// one seen is reported.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "roster/shiftplan/model.h"
#include "roster/shiftplan/row_solver.h"

namespace weft::shiftplan {

struct BoundParams {
  double time_limit_seconds = 0;  // <= 0: none
  int max_rounds = 200;
  double tolerance = 1e-4;  // stop when the master is within this fraction of the bound
  double smoothing = 0.7;   // weight of the best-bound duals in the pricing duals (0: none)
  // A column out of the basis and priced out this many rounds in a row
  // leaves the master (0: every column stays). The master's simplex is
  // nearly all of the bound's time (200 workers, before the rows were
  // differenced: 12.5 of 13 s, pricing 0.24 s), and it grows with the
  // columns: 200 workers, seeds 4 and 6 took 5.9 and 11.8 s to converge with
  // every column kept, 5.4 and 8.8 s with 10.
  int max_idle_rounds = 10;
  int threads = 2;
  // kPay bounds under-coverage + cost; kObjective bounds the whole objective
  // (columns then cost their own terms and fairness too).
  RowCost mode = RowCost::kPay;
  std::vector<std::vector<int>> initial_rows;  // [w] a row to start from (or empty)
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(double seconds, double master, double bound)> on_round;
};

struct BoundResult {
  double lower_bound = 0;  // valid whenever rounds > 0
  double master = 0;       // the restricted master's LP value
  // No improving column (lower_bound is the LP optimum), or the master came
  // within `tolerance` of the bound.
  bool converged = false;
  int rounds = 0;
  int columns = 0;
  double seconds = 0;
  // Per worker, the columns with their LP values (for guiding the search).
  std::vector<std::vector<std::pair<double, std::vector<int>>>> lp_rows;
};

BoundResult LowerBound(const Model& m, const BoundParams& params);

}  // namespace weft::shiftplan
