#include "dispatch/assignment.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace weft::dispatch {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Jonker-Volgenant on an n x m row-major matrix `c` (row stride m), n <= m.
// On success x[i] is the column of row i and true is returned; false when
// some row cannot be paired (forbidden pairs leave no complete matching).
//
// Invariant after every phase: each assigned row i sits on a column that
// minimises c[i][j] - v[j], so reduced costs c[i][j] - v[j] - u[i] with
// u[i] = c[i][x[i]] - v[x[i]] are >= 0 and 0 on the matching. Prices v of
// unassigned columns never change once they would matter (rectangular case:
// they stay at the common start 0, the optimality condition for columns
// that may stay free), so the final matching is optimal.
class JonkerVolgenant {
 public:
  JonkerVolgenant(int n, int m, const double* c) : n_(n), m_(m), c_(c) {}

  bool Solve(std::vector<int>& x, int& augmentations) {
    x_.assign(n_, -1);
    y_.assign(m_, -1);
    v_.assign(m_, 0.0);
    std::vector<int> free_rows;
    if (n_ == m_) {
      if (!ColumnReduction(free_rows)) return false;
    } else {
      free_rows.resize(n_);
      std::iota(free_rows.begin(), free_rows.end(), 0);
    }
    for (int pass = 0; pass < 2 && !free_rows.empty(); ++pass) {
      if (!AugmentingRowReduction(free_rows)) return false;
    }
    augmentations = static_cast<int>(free_rows.size());
    for (int f : free_rows) {
      if (!Augment(f)) return false;
    }
    x = x_;
    return true;
  }

 private:
  const double* Row(int i) const { return c_ + static_cast<size_t>(i) * m_; }

  // Square only: v[j] = min over rows of c[i][j]; each column goes to its
  // cheapest row when that row is still free (the lower price wins a
  // clash). Then reduction transfer lowers the price of the column of each
  // row assigned once, by that row's second-best reduced cost.
  bool ColumnReduction(std::vector<int>& free_rows) {
    std::vector<double> col_min(m_, kInf);
    std::vector<int> arg(m_, -1);
    for (int i = 0; i < n_; ++i) {
      const double* row = Row(i);
      for (int j = 0; j < m_; ++j) {
        if (row[j] < col_min[j]) {
          col_min[j] = row[j];
          arg[j] = i;
        }
      }
    }
    std::vector<int> matches(n_, 0);
    for (int j = m_ - 1; j >= 0; --j) {
      if (arg[j] < 0) return false;  // a column nobody may take
      v_[j] = col_min[j];
      const int i = arg[j];
      if (matches[i]++ == 0) {
        x_[i] = j;
        y_[j] = i;
      } else if (v_[j] < v_[x_[i]]) {
        y_[x_[i]] = -1;
        x_[i] = j;
        y_[j] = i;
      }
    }
    for (int i = 0; i < n_; ++i) {
      if (matches[i] == 0) {
        free_rows.push_back(i);
      } else if (matches[i] == 1) {
        const int j1 = x_[i];
        const double* row = Row(i);
        double best = kInf;
        for (int j = 0; j < m_; ++j) {
          if (j != j1) best = std::min(best, row[j] - v_[j]);
        }
        if (best < kInf) v_[j1] -= best;
      }
    }
    return true;
  }

  // One pass over the free rows: each takes its cheapest column at a price
  // that leaves it indifferent to the second cheapest, evicting the
  // previous owner, who is re-processed at once when the price fell
  // strictly (else at the next pass). Rows still free at the end go to the
  // shortest-path phase. A step cap bounds the auction on awkward data.
  bool AugmentingRowReduction(std::vector<int>& free_rows) {
    std::vector<int> rows = std::move(free_rows);
    free_rows.clear();
    const size_t cap = 8 * static_cast<size_t>(n_) + 1000;
    size_t steps = 0;
    size_t k = 0;
    while (k < rows.size()) {
      const int i = rows[k++];
      if (++steps > cap) {
        free_rows.push_back(i);
        continue;
      }
      const double* row = Row(i);
      double u1 = kInf;
      double u2 = kInf;
      int j1 = -1;
      int j2 = -1;
      for (int j = 0; j < m_; ++j) {
        const double h = row[j] - v_[j];
        if (h < u2) {
          if (h >= u1) {
            u2 = h;
            j2 = j;
          } else {
            u2 = u1;
            j2 = j1;
            u1 = h;
            j1 = j;
          }
        }
      }
      if (j1 < 0) return false;  // the row may take no column
      int i0 = y_[j1];
      const bool strict = u1 < u2 && u2 < kInf;
      if (strict) {
        v_[j1] -= u2 - u1;
      } else if (i0 >= 0 && j2 >= 0 && u2 == u1) {
        j1 = j2;
        i0 = y_[j2];
      }
      if (i0 >= 0) x_[i0] = -1;
      x_[i] = j1;
      y_[j1] = i;
      if (i0 >= 0) {
        if (strict) {
          rows[--k] = i0;
        } else {
          free_rows.push_back(i0);
        }
      }
    }
    return true;
  }

  // Dijkstra from free row f over reduced costs; columns are kept in one
  // permutation `cols_`: [0, low) scanned, [low, up) at the current minimum
  // distance, [up, m) the rest. Stops at the first free column at minimum
  // distance, updates the prices of scanned columns and flips the path.
  bool Augment(int f) {
    if (cols_.size() != static_cast<size_t>(m_)) {
      cols_.resize(m_);
      d_.resize(m_);
      pred_.resize(m_);
    }
    std::iota(cols_.begin(), cols_.end(), 0);
    const double* row_f = Row(f);
    for (int j = 0; j < m_; ++j) {
      d_[j] = row_f[j] - v_[j];
      pred_[j] = f;
    }
    int low = 0;
    int up = 0;
    int end = -1;
    double dmin = 0;
    while (end < 0) {
      if (low == up) {
        if (up == m_) return false;
        dmin = d_[cols_[up++]];
        for (int k = up; k < m_; ++k) {
          const int j = cols_[k];
          const double h = d_[j];
          if (h <= dmin) {
            if (h < dmin) {
              up = low;
              dmin = h;
            }
            cols_[k] = cols_[up];
            cols_[up++] = j;
          }
        }
        if (dmin == kInf) return false;
        for (int k = low; k < up; ++k) {
          if (y_[cols_[k]] < 0) {
            end = cols_[k];
            break;
          }
        }
        if (end >= 0) break;
      }
      const int j1 = cols_[low++];
      const int i = y_[j1];
      const double* row = Row(i);
      const double h = row[j1] - v_[j1] - dmin;
      for (int k = up; k < m_; ++k) {
        const int j = cols_[k];
        const double dj = row[j] - v_[j] - h;
        if (dj < d_[j]) {
          pred_[j] = i;
          if (dj == dmin) {
            if (y_[j] < 0) {
              end = j;
              break;
            }
            cols_[k] = cols_[up];
            cols_[up++] = j;
          }
          d_[j] = dj;
        }
      }
    }
    for (int k = 0; k < low; ++k) {
      const int j = cols_[k];
      v_[j] += d_[j] - dmin;
    }
    while (true) {
      const int i = pred_[end];
      y_[end] = i;
      const int next = x_[i];
      x_[i] = end;
      if (i == f) break;
      end = next;
    }
    return true;
  }

  const int n_;
  const int m_;
  const double* c_;
  std::vector<int> x_, y_;
  std::vector<double> v_;
  std::vector<int> cols_, pred_;
  std::vector<double> d_;
};

}  // namespace

std::vector<std::pair<int, int>> Assignment::Pairs() const {
  std::vector<std::pair<int, int>> pairs;
  for (int r = 0; r < static_cast<int>(row_to_col.size()); ++r) {
    if (row_to_col[r] >= 0) pairs.emplace_back(r, row_to_col[r]);
  }
  return pairs;
}

Assignment SolveAssignment(const CostMatrix& costs, const AssignmentOptions& options) {
  const int rows = costs.rows;
  const int cols = costs.cols;
  Assignment result;
  result.row_to_col.assign(rows, -1);
  result.col_to_row.assign(cols, -1);
  const bool optional = !options.unassigned_cost.empty();
  auto unassigned = [&](int col) {
    return options.unassigned_cost.size() == 1 ? options.unassigned_cost[0]
                                               : options.unassigned_cost[col];
  };
  const double sign = options.maximize ? -1.0 : 1.0;
  double total = 0;
  if (optional) {
    for (int c = 0; c < cols; ++c) total += unassigned(c);
    total *= sign;  // every job out, in the caller's sense
  }
  if (rows == 0 || cols == 0) {
    result.feasible = true;
    result.cost = total;
    return result;
  }

  // The working matrix: n <= m rows; the transformed copy is skipped for a
  // plain minimisation with rows <= cols.
  const bool transpose = rows > cols;
  const int n = std::min(rows, cols);
  const int base = std::max(rows, cols);
  const int m = optional ? base + n : base;
  std::vector<double> work;
  const double* c = costs.values.data();
  if (transpose || optional || options.maximize) {
    work.assign(static_cast<size_t>(n) * m, 0.0);  // dummy "idle" columns cost 0
    for (int a = 0; a < n; ++a) {
      double* out = work.data() + static_cast<size_t>(a) * m;
      for (int b = 0; b < base; ++b) {
        const int r = transpose ? b : a;
        const int col = transpose ? a : b;
        const double value = costs.at(r, col);
        if (value == kForbidden) {
          out[b] = kInf;
        } else {
          out[b] = sign * value - (optional ? unassigned(col) : 0.0);
        }
      }
    }
    c = work.data();
  }

  std::vector<int> x;
  JonkerVolgenant jv(n, m, c);
  if (!jv.Solve(x, result.augmentations)) return result;
  result.feasible = true;
  for (int a = 0; a < n; ++a) {
    if (x[a] >= base) continue;  // idle (dummy column)
    const int r = transpose ? x[a] : a;
    const int col = transpose ? a : x[a];
    result.row_to_col[r] = col;
    result.col_to_row[col] = r;
    total += costs.at(r, col);
    if (optional) total -= sign * unassigned(col);
  }
  result.cost = total;
  return result;
}

}  // namespace weft::dispatch
