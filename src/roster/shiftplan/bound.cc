#include "roster/shiftplan/bound.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <coin/ClpSimplex.hpp>
#include <memory>
#include <thread>

#include "roster/shiftplan/row_solver.h"

namespace weft::shiftplan {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kRcTolerance = 1e-6;

}  // namespace

BoundResult LowerBound(const Model& m, const BoundParams& params) {
  const auto t0 = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  BoundResult res;
  const int W = m.W();
  const size_t cells = m.problem().need.size();
  const double wcost = m.problem().weights.cost;
  res.lp_rows.resize(static_cast<size_t>(W));

  ClpSimplex lp;
  lp.setLogLevel(0);
  // A cell nobody is needed in, with over-coverage free, constrains nothing
  // (its over slack takes whatever covers it, at no cost): it has no row
  // and a price of zero. Off hours are ~40 % of a contact centre's cells
  // (200 workers: the bound converged in 6.0 and 11.3 s instead of 7.3 and
  // 12.7).
  std::vector<int> row_of(cells, -1);
  int rows = W;
  for (size_t c = 0; c < cells; ++c)
    if (m.need(c) > 0 || m.over_weight() > 0) row_of[c] = rows++;
  // The cover rows are differenced: along a run of consecutive intervals of
  // one day and skill that all have rows, each row after the first is its
  // cell's cover row less the previous cell's. The LP is the same (a
  // nonsingular transformation of its equations), but a shift piece then
  // has two non-zeros (+1 where it starts, -1 just after it ends) instead
  // of one per interval, and the master's simplex, nearly all of the
  // bound's time, works on a matrix 8-16 times sparser. next_row[r]: the
  // row of the next cell of r's run, or -1.
  std::vector<int> next_row(static_cast<size_t>(rows), -1);
  std::vector<double> rhs(static_cast<size_t>(rows), 1);
  for (int d = 0; d < m.D(); ++d)
    for (int k = 0; k < m.K(); ++k)
      for (int i = 0; i < m.S(); ++i) {
        const size_t c = m.Cell(d, i, k);
        const int r = row_of[c];
        if (r < 0) continue;
        rhs[static_cast<size_t>(r)] = m.need(c);
        if (i > 0) {
          const size_t pc = m.Cell(d, i - 1, k);
          if (row_of[pc] >= 0) {
            next_row[static_cast<size_t>(row_of[pc])] = r;
            rhs[static_cast<size_t>(r)] -= m.need(pc);
          }
        }
      }
  {
    std::vector<CoinBigIndex> starts(static_cast<size_t>(rows) + 1, 0);
    lp.addRows(rows, rhs.data(), rhs.data(), starts.data(), nullptr, nullptr);
  }
  for (size_t c = 0; c < cells; ++c) {
    const int r = row_of[c];
    if (r < 0) continue;
    const int nr = next_row[static_cast<size_t>(r)];
    const int rr[2] = {r, nr};
    const double under[2] = {1, -1}, over[2] = {-1, 1};
    const int n = nr >= 0 ? 2 : 1;
    lp.addColumn(n, rr, under, 0, COIN_DBL_MAX, m.under_weight(c));
    lp.addColumn(n, rr, over, 0, COIN_DBL_MAX, m.over_weight());
  }
  const double plus = 1;
  // Artificials: a worker with no column yet (priced far above any week).
  double big = 1;
  for (size_t c = 0; c < cells; ++c) big += m.under_weight(c) * std::max(1, m.need(c));
  for (int w = 0; w < W; ++w)
    big += wcost * m.problem().workers[static_cast<size_t>(w)].hourly_cost * 168;
  for (int w = 0; w < W; ++w) lp.addColumn(1, &w, &plus, 0, COIN_DBL_MAX, big);
  const int first_col = lp.numberColumns();
  std::vector<int> owner;
  std::vector<std::vector<int>> rows_of;
  std::vector<int> idle;  // per master column: rounds out of the basis, priced out

  std::vector<CoinBigIndex> starts;
  std::vector<int> idx;
  std::vector<double> val, cost;
  std::vector<std::pair<int, double>> entries;  // a column's differenced cover entries
  auto queue = [&](int w, const std::vector<int>& row) {
    if (starts.empty()) starts.push_back(0);
    idx.push_back(w);
    val.push_back(1);
    entries.clear();
    double c = 0;
    int units = 0;
    for (int d = 0; d < m.D(); ++d) {
      const int ci = row[static_cast<size_t>(d)];
      if (ci < 0) continue;
      const Candidate& cd = m.cands(w, d)[static_cast<size_t>(ci)];
      c += params.mode == RowCost::kPay ? wcost * cd.pay : cd.own_cost;
      units += cd.units;
      auto piece = [&](int a, int b) {
        for (int i = a; i < b; ++i) {
          const int r = row_of[m.Cell(d, i, cd.skill)];
          if (r < 0) continue;
          entries.emplace_back(r, 1);
          const int nr = next_row[static_cast<size_t>(r)];
          if (nr >= 0) entries.emplace_back(nr, -1);
        }
      };
      piece(cd.start, cd.end);
      if (cd.start2 >= 0) piece(cd.start2, cd.end2);
    }
    std::sort(entries.begin(), entries.end());
    for (size_t e = 0; e < entries.size();) {
      const int r = entries[e].first;
      double v = 0;
      for (; e < entries.size() && entries[e].first == r; ++e) v += entries[e].second;
      if (v != 0) {
        idx.push_back(r);
        val.push_back(v);
      }
    }
    if (params.mode == RowCost::kObjective) c += m.FairnessCost(w, units);
    starts.push_back(static_cast<CoinBigIndex>(idx.size()));
    cost.push_back(c);
    owner.push_back(w);
    rows_of.push_back(row);
  };
  auto flush = [&] {
    const int n = static_cast<int>(cost.size());
    if (n == 0) return;
    std::vector<double> lo(static_cast<size_t>(n), 0), hi(static_cast<size_t>(n), COIN_DBL_MAX);
    lp.addColumns(n, lo.data(), hi.data(), cost.data(), starts.data(), idx.data(), val.data());
    starts.clear(), idx.clear(), val.clear(), cost.clear();
  };
  for (int w = 0; w < W && w < static_cast<int>(params.initial_rows.size()); ++w)
    if (!params.initial_rows[static_cast<size_t>(w)].empty())
      queue(w, params.initial_rows[static_cast<size_t>(w)]);

  const int T = std::max(1, params.threads);
  std::vector<std::unique_ptr<RowSolver>> solvers;
  for (int i = 0; i < T; ++i) solvers.push_back(std::make_unique<RowSolver>(m));
  std::vector<double> price(cells);
  std::vector<std::vector<int>> found(static_cast<size_t>(W));
  std::vector<double> found_value(static_cast<size_t>(W));
  std::vector<uint8_t> ok(static_cast<size_t>(W));
  res.lower_bound = -std::numeric_limits<double>::infinity();
  // Dual smoothing (Wentges): price at a point between the duals with the
  // best Lagrangian bound so far (the centre) and the master's duals, which
  // damps the oscillation that makes plain column generation tail off. A
  // round whose smoothed prices find nothing that improves the master is
  // repeated with the master's own duals, so convergence is exact.
  std::vector<double> centre, pi(cells), cur(cells);
  bool smooth = true;
  std::vector<uint8_t> excluded(static_cast<size_t>(W), 0);
  while (res.rounds < params.max_rounds) {
    flush();
    lp.primal();
    res.master = lp.objectiveValue();
    // Columns out of the basis and priced out for max_idle_rounds rounds in
    // a row leave the master (as the roster master's Purge does); pricing
    // brings them back if wanted.
    if (params.max_idle_rounds > 0) {
      const int n = lp.numberColumns() - first_col;
      idle.resize(static_cast<size_t>(n), 0);
      const double* rc = lp.dualColumnSolution();
      std::vector<int> drop;
      size_t kept = 0;
      for (int k = 0; k < n; ++k) {
        const int col = first_col + k;
        int& rounds = idle[static_cast<size_t>(k)];
        rounds = lp.getColumnStatus(col) == ClpSimplex::basic || rc[col] <= kRcTolerance
                     ? 0
                     : rounds + 1;
        if (rounds >= params.max_idle_rounds) {
          drop.push_back(col);
          continue;
        }
        if (kept != static_cast<size_t>(k)) {
          owner[kept] = owner[static_cast<size_t>(k)];
          rows_of[kept] = std::move(rows_of[static_cast<size_t>(k)]);
          idle[kept] = rounds;
        }
        ++kept;
      }
      if (!drop.empty()) {
        lp.deleteColumns(static_cast<int>(drop.size()), drop.data());
        owner.resize(kept), rows_of.resize(kept), idle.resize(kept);
        lp.primal();  // same basis, no pivots: the solution arrays for what is left
      }
    }
    if ((params.time_limit_seconds > 0 && elapsed() >= params.time_limit_seconds) ||
        (params.cancel && params.cancel->load()))
      break;
    ++res.rounds;
    // The cells' duals from the differenced rows' (pi = T'y).
    const double* dual = lp.dualRowSolution();
    for (size_t c = 0; c < cells; ++c) {
      const int r = row_of[c];
      if (r < 0) {
        cur[c] = 0.0;
        continue;
      }
      const int nr = next_row[static_cast<size_t>(r)];
      cur[c] = dual[static_cast<size_t>(r)] - (nr >= 0 ? dual[static_cast<size_t>(nr)] : 0.0);
    }
    const bool smoothed = smooth && !centre.empty();
    for (size_t c = 0; c < cells; ++c) {
      pi[c] = smoothed ? params.smoothing * centre[c] + (1 - params.smoothing) * cur[c] : cur[c];
      price[c] = -pi[c];
    }
    std::vector<std::thread> pool;
    for (int t = 0; t < T; ++t)
      pool.emplace_back([&, t] {
        for (int w = t; w < W; w += T)
          ok[static_cast<size_t>(w)] = solvers[static_cast<size_t>(t)]->Solve(
              w, price, params.mode, found[static_cast<size_t>(w)],
              found_value[static_cast<size_t>(w)]);
      });
    for (auto& th : pool) th.join();
    // The Lagrangian bound at pi: sum_c pi_c need_c + sum_w (best week at pi).
    double lagrangian = 0;
    for (size_t c = 0; c < cells; ++c) lagrangian += pi[c] * m.need(c);
    for (size_t c = 0; c < cells; ++c) price[c] = -cur[c];
    int added = 0;
    for (int w = 0; w < W; ++w) {
      if (!ok[static_cast<size_t>(w)]) {
        // No week keeps this worker's rules (whatever the prices): no row.
        if (!excluded[static_cast<size_t>(w)]) lp.setRowBounds(w, 0, 0);
        excluded[static_cast<size_t>(w)] = 1;
        continue;
      }
      lagrangian += found_value[static_cast<size_t>(w)];
      // Reduced cost at the master's own duals.
      const double rc =
          solvers[0]->Value(w, price, params.mode, found[static_cast<size_t>(w)]) - dual[w];
      if (rc < -kRcTolerance) {
        queue(w, found[static_cast<size_t>(w)]);
        ++added;
      }
    }
    if (lagrangian > res.lower_bound) {
      res.lower_bound = lagrangian;
      centre = pi;
    }
    if (params.on_round) params.on_round(elapsed(), res.master, res.lower_bound);
    if (added == 0 && !smoothed) {
      res.converged = true;  // no improving column at the master's duals: LP optimum
      res.lower_bound = std::max(res.lower_bound, res.master);
      break;
    }
    smooth = added > 0;  // a mispriced round: the next one prices at the duals
    if (res.master - res.lower_bound <= params.tolerance * std::max(1.0, std::abs(res.master))) {
      res.converged = true;  // within the tolerance; the Lagrangian bound stays the bound
      break;
    }
  }
  if (res.rounds == 0) res.lower_bound = 0;
  res.columns = static_cast<int>(rows_of.size());
  const double* x = lp.primalColumnSolution();
  for (size_t k = 0; k < rows_of.size() && first_col + static_cast<int>(k) < lp.numberColumns();
       ++k) {
    const double v = x[static_cast<size_t>(first_col) + k];
    if (v > 1e-6) res.lp_rows[static_cast<size_t>(owner[k])].emplace_back(v, rows_of[k]);
  }
  res.seconds = elapsed();
  return res;
}

}  // namespace weft::shiftplan
