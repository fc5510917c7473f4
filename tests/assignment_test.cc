#include "dispatch/assignment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

#include "io/cost_matrix_csv.h"

namespace weft::dispatch {
namespace {

// Brute force over every partial matching: the best total under the same
// semantics as SolveAssignment (see assignment.h). Returns +inf when none.
double BruteForce(const CostMatrix& m, const AssignmentOptions& o) {
  const bool optional = !o.unassigned_cost.empty();
  const double sign = o.maximize ? -1.0 : 1.0;
  auto un = [&](int c) {
    return o.unassigned_cost.size() == 1 ? o.unassigned_cost[0] : o.unassigned_cost[c];
  };
  const int need = std::min(m.rows, m.cols);
  double best = kForbidden;
  std::vector<bool> used(m.cols, false);
  std::function<void(int, int, double)> go = [&](int r, int pairs, double total) {
    if (r == m.rows) {
      if (!optional && pairs != need) return;
      double t = total;
      if (optional)
        for (int c = 0; c < m.cols; ++c)
          if (!used[c]) t += un(c);
      best = std::min(best, t);
      return;
    }
    go(r + 1, pairs, total);  // row idle
    for (int c = 0; c < m.cols; ++c) {
      if (used[c] || m.at(r, c) == kForbidden) continue;
      used[c] = true;
      go(r + 1, pairs + 1, total + sign * m.at(r, c));
      used[c] = false;
    }
  };
  go(0, 0, 0.0);
  return best;
}

CostMatrix RandomMatrix(std::mt19937_64& rng, int rows, int cols, int range, double forbid) {
  CostMatrix m(rows, cols);
  std::uniform_int_distribution<int> cost(-range / 4, range);
  std::uniform_real_distribution<double> u(0, 1);
  for (double& v : m.values) v = u(rng) < forbid ? kForbidden : cost(rng);
  return m;
}

// Checks the result's own consistency and returns its recomputed total.
double Recompute(const CostMatrix& m, const AssignmentOptions& o, const Assignment& a) {
  const double sign = o.maximize ? -1.0 : 1.0;
  double total = 0;
  int pairs = 0;
  for (int r = 0; r < m.rows; ++r) {
    const int c = a.row_to_col[r];
    if (c < 0) continue;
    EXPECT_EQ(a.col_to_row[c], r);
    EXPECT_NE(m.at(r, c), kForbidden);
    total += sign * m.at(r, c);
    ++pairs;
  }
  for (int c = 0; c < m.cols; ++c) {
    if (a.col_to_row[c] < 0 && !o.unassigned_cost.empty())
      total += o.unassigned_cost.size() == 1 ? o.unassigned_cost[0] : o.unassigned_cost[c];
  }
  if (o.unassigned_cost.empty()) {
    EXPECT_EQ(pairs, std::min(m.rows, m.cols));
  }
  return total;
}

TEST(Assignment, MatchesBruteForceOnSmallMatrices) {
  std::mt19937_64 rng(42);
  int infeasible = 0;
  for (int trial = 0; trial < 1500; ++trial) {
    const int rows = 1 + static_cast<int>(rng() % 6);
    const int cols = 1 + static_cast<int>(rng() % 6);
    const int range = trial % 3 == 0 ? 3 : 100;  // small ranges make ties
    const double forbid = (trial % 4) * 0.15;
    const CostMatrix m = RandomMatrix(rng, rows, cols, range, forbid);
    AssignmentOptions o;
    o.maximize = trial % 5 == 1;
    if (trial % 3 == 1) o.unassigned_cost = {static_cast<double>(rng() % 60)};
    if (trial % 3 == 2 && trial % 2 == 0) {
      for (int c = 0; c < cols; ++c) o.unassigned_cost.push_back(static_cast<double>(rng() % 80));
    }
    const double want = BruteForce(m, o);
    const Assignment a = SolveAssignment(m, o);
    SCOPED_TRACE(testing::Message() << "trial " << trial << " " << rows << "x" << cols);
    if (want == kForbidden) {
      EXPECT_FALSE(a.feasible);
      ++infeasible;
      continue;
    }
    ASSERT_TRUE(a.feasible);
    const double sign = o.maximize ? -1.0 : 1.0;
    EXPECT_EQ(Recompute(m, o, a), want);
    EXPECT_EQ(a.cost, sign * want);
  }
  EXPECT_GT(infeasible, 10);  // the forbidden pairs did make some infeasible
}

TEST(Assignment, LargerSquareAndRectangularAgreeWithTransposeAndNegation) {
  // No brute force at this size: the same optimum must come out of the
  // square solve in place, the transposed solve, the negated maximisation
  // and the "unassigned" extension with a prohibitive cost.
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 30; ++trial) {
    const int rows = 20 + static_cast<int>(rng() % 60);
    const int cols = trial % 2 ? rows : rows + static_cast<int>(rng() % 40);
    const CostMatrix m = RandomMatrix(rng, rows, cols, trial % 3 ? 1000 : 5, 0.0);
    CostMatrix t(cols, rows), neg(rows, cols);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        t.at(c, r) = m.at(r, c);
        neg.at(r, c) = -m.at(r, c);
      }
    const Assignment a = SolveAssignment(m);
    const Assignment b = SolveAssignment(t);
    AssignmentOptions maxi;
    maxi.maximize = true;
    const Assignment c = SolveAssignment(neg, maxi);
    AssignmentOptions prohibitive;
    prohibitive.unassigned_cost = {1e7};
    const Assignment d = SolveAssignment(m, prohibitive);
    ASSERT_TRUE(a.feasible && b.feasible && c.feasible && d.feasible);
    EXPECT_EQ(a.cost, b.cost);
    EXPECT_EQ(a.cost, -c.cost);
    EXPECT_EQ(a.cost + 1e7 * (cols - rows), d.cost);
  }
}

TEST(Assignment, UnassignedCostLeavesExpensiveJobsOut) {
  CostMatrix m(2, 3);
  m.values = {1, 50, kForbidden,  //
              2, 60, 3};
  AssignmentOptions o;
  o.unassigned_cost = {10};
  const Assignment a = SolveAssignment(m, o);
  ASSERT_TRUE(a.feasible);
  EXPECT_EQ(a.row_to_col, (std::vector<int>{0, 2}));
  EXPECT_EQ(a.col_to_row[1], -1);
  EXPECT_EQ(a.cost, 1 + 3 + 10);
  // Without it, every row must be paired and the forbidden pair is avoided.
  const Assignment b = SolveAssignment(m);
  EXPECT_EQ(b.cost, 1 + 3);
  EXPECT_EQ(b.row_to_col, (std::vector<int>{0, 2}));
}

TEST(Assignment, EmptyAndInfeasible) {
  EXPECT_TRUE(SolveAssignment(CostMatrix(0, 4)).feasible);
  CostMatrix m(2, 2);
  m.values = {1, kForbidden, 2, kForbidden};  // column 1 forbidden to all
  EXPECT_FALSE(SolveAssignment(m).feasible);
  CostMatrix r(3, 2);
  r.values = {kForbidden, kForbidden, 1, 2, 3, 4};
  const Assignment a = SolveAssignment(r);  // more rows than columns: row 0 idles
  ASSERT_TRUE(a.feasible);
  EXPECT_EQ(a.cost, 5);
  EXPECT_EQ(a.row_to_col[0], -1);
}

TEST(CostMatrixCsv, ParsesForbiddenCellsAndNamesBadOnes) {
  auto m = io::ParseCostMatrixCsv("1, 2,inf\r\n,4.5,-3\n\n", "m.csv");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->rows, 2);
  EXPECT_EQ(m->cols, 3);
  EXPECT_EQ(m->at(0, 2), kForbidden);
  EXPECT_EQ(m->at(1, 0), kForbidden);
  EXPECT_EQ(m->at(1, 2), -3);
  auto bad = io::ParseCostMatrixCsv("1,2\n3,x\n", "m.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("m.csv:2:2: expected a number"), std::string::npos)
      << bad.status().message();
  auto ragged = io::ParseCostMatrixCsv("1,2\n3\n", "m.csv");
  ASSERT_FALSE(ragged.ok());
  EXPECT_NE(ragged.status().message().find("m.csv:2: expected 2 cells like line 1, got 1"),
            std::string::npos);
  EXPECT_FALSE(io::ParseCostMatrixCsv("1,nan\n", "m.csv").ok());
  EXPECT_FALSE(io::ParseCostMatrixCsv("\n\n", "m.csv").ok());
}

}  // namespace
}  // namespace weft::dispatch
