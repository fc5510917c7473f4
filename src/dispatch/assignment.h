// Linear assignment: the best one-to-one pairing of rows (workers) and
// columns (jobs) in a rectangular cost matrix.
//
// The algorithm is Jonker and Volgenant's (R. Jonker, A. Volgenant, "A
// shortest augmenting path algorithm for dense and sparse linear assignment
// problems", Computing 38, 1987): column reduction with reduction transfer
// (square matrices only), two passes of augmenting row reduction (an
// auction-like start that settles most rows cheaply), then one Dijkstra
// shortest augmenting path per row still free, on reduced costs kept
// non-negative by column prices. Worst case O(n^2 m) time for n <= m, O(nm)
// memory only when the matrix must be transformed (transposed, negated, or
// extended with the "leave unassigned" option); a square minimisation is
// solved in place.
//
// Semantics:
//  - Without unassigned costs, min(rows, cols) pairs are made: every row is
//    assigned when rows <= cols, every column otherwise. If forbidden pairs
//    make that impossible the result is infeasible.
//  - With unassigned costs (one per column, i.e. per job), any job may be left
//    out at its cost and any worker may stay idle at no cost; the result is
//    always feasible.
//  - Maximising negates the matrix; an unassigned cost is then subtracted
//    from the total value.
//
// Costs are finite doubles or kForbidden (+inf). With integer costs below
// 2^53 in magnitude every sum is exact, so the optimum is exact.
//
// Example:
//   CostMatrix m(2, 3);                   // 2 technicians, 3 jobs
//   m.at(0, 0) = 4; m.at(0, 1) = 1; m.at(0, 2) = kForbidden; ...
//   Assignment a = SolveAssignment(m);    // a.row_to_col[0] == 1, ...
//
// Thread safety: SolveAssignment is a pure function.
#pragma once

#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

namespace weft::dispatch {

inline constexpr double kForbidden = std::numeric_limits<double>::infinity();

// A dense matrix, row-major: one row per worker, one column per job.
struct CostMatrix {
  int rows = 0;
  int cols = 0;
  std::vector<double> values;  // rows * cols; kForbidden forbids the pair

  CostMatrix() = default;
  CostMatrix(int r, int c, double fill = 0.0)
      : rows(r), cols(c), values(static_cast<size_t>(r) * static_cast<size_t>(c), fill) {}
  double& at(int r, int c) { return values[static_cast<size_t>(r) * cols + c]; }
  double at(int r, int c) const { return values[static_cast<size_t>(r) * cols + c]; }
};

struct AssignmentOptions {
  // Maximise the total instead of minimising it.
  bool maximize = false;
  // Cost of leaving each column (job) unassigned: empty (everyone on the
  // smaller side must be paired), one value for every column, or one value
  // per column.
  std::vector<double> unassigned_cost;
};

struct Assignment {
  bool feasible = false;
  // Sum of the chosen pairs plus (minus, when maximising) the unassigned
  // costs of jobs left out.
  double cost = 0.0;
  std::vector<int> row_to_col;  // -1: the row is idle
  std::vector<int> col_to_row;  // -1: the column is unassigned
  int augmentations = 0;        // rows settled by shortest paths (statistics)

  // (row, col) of every pair, by row.
  std::vector<std::pair<int, int>> Pairs() const;
};

// REQUIRES: costs.values.size() == rows * cols; no NaN or -inf;
// options.unassigned_cost has 0, 1 or cols entries, all finite.
Assignment SolveAssignment(const CostMatrix& costs, const AssignmentOptions& options = {});

}  // namespace weft::dispatch
