// RowSolver: the best week for one worker, exactly, given a price for each
// cover cell (what one more person there costs or saves).
//
// A dynamic programme over the days: a state is (slots worked so far, the
// earliest slot the next day's shift may start, from the minimum rest); a
// day's choice is off or one of the worker's candidates, of which only the
// cheapest skill of each time shape is kept. Final states must reach the
// promised minimum; the fairness term (a function of the slots worked) is
// added there. Pinned days have their pin as the only choice.
//
// With the prices set to the marginal cover cost given everyone else, the
// result is the worker's exact best response (local search); with the
// master's duals, it prices a column (the lower bound).
//
// Complexity: O(days x units x slots x shapes) time in the worst case, far
// less in practice (only reachable states are expanded). Not thread-safe:
// one solver per thread.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "roster/shiftplan/model.h"

namespace weft::shiftplan {

enum class RowCost {
  kObjective,  // each candidate's own cost, plus fairness: the full objective
  kPay,        // weights.cost x pay only: what the lower bound bounds
};

class RowSolver {
 public:
  explicit RowSolver(const Model& m);

  // The best row of worker w: row[d] is a candidate index or -1. Returns
  // false when no row keeps the worker's rules (row untouched then). `value`
  // is the row's cost: candidate costs + prices of its cells (+ fairness).
  bool Solve(int w, std::span<const double> cell_price, RowCost mode, std::vector<int>& row,
             double& value);

  // The cost the same programme gives a fixed row (for comparing rows).
  double Value(int w, std::span<const double> cell_price, RowCost mode,
               std::span<const int> row) const;

  // Cost of candidate c of (w, d) under the prices.
  double CandidateCost(int w, int d, const Candidate& c, std::span<const double> cell_price,
                       RowCost mode) const;

 private:
  const Model& m_;
  std::vector<double> cost_, next_;
  std::vector<int32_t> back_;  // per day and state: (candidate + 1) << 16 | previous state
  std::vector<double> price_sum_;
  struct Option {
    int cand;
    int units;
    int start;
    int next_min;  // class of the earliest start on the next day (index into levels_)
    double cost;
  };
  std::vector<Option> options_;
  std::vector<int> levels_;
};

}  // namespace weft::shiftplan
