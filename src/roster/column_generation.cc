#include "roster/column_generation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <coin/ClpSimplex.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <tuple>

#include "roster/row_dp.h"

namespace weft::roster {
namespace {

using Clock = std::chrono::steady_clock;

// Duals are turned into integer DP costs at this resolution.
constexpr double kCostScale = 1000.0;
// A column enters when its reduced cost is below -kRcTolerance.
constexpr double kRcTolerance = 1e-4;
// An LP value this close to 1 counts as integral.
constexpr double kIntegral = 1 - 1e-6;
// A free cell, in the table of fixed cells.
constexpr int kUnfixed = -2;
// The pricing cost of a cell that breaks a fixed cell.
constexpr int64_t kForbidden = int64_t{1} << 40;

// The soft score of a full roster: requests and cover.
int64_t Penalty(const ProblemTables& t, const Grid& g) {
  std::vector<int> count(static_cast<size_t>(t.H * t.S), 0);
  int64_t p = 0;
  for (int e = 0; e < t.E; ++e)
    for (int d = 0; d < t.H; ++d) {
      const int s = g[static_cast<size_t>(e)][static_cast<size_t>(d)];
      const size_t ci = static_cast<size_t>(t.CellIdx(e, d, s));
      p += t.on_cost[ci] + t.off_cost[ci];
      if (s >= 0) ++count[static_cast<size_t>(d * t.S + s)];
    }
  for (int d = 0; d < t.H; ++d)
    for (int s = 0; s < t.S; ++s) p += t.CoverCost(d, s, count[static_cast<size_t>(d * t.S + s)]);
  return p;
}

// The restricted master: rows 0..E-1 are the employees' convexity rows, then
// one cover row per (d, s); columns are the cover slacks, one artificial per
// employee (so the LP is feasible before that employee has a row), then rows.
class Master {
 public:
  explicit Master(const ProblemTables& t) : t_(t) {
    lp_.setLogLevel(0);
    const int rows = t.E + t.H * t.S;
    std::vector<double> lo(static_cast<size_t>(rows), 1), hi(static_cast<size_t>(rows), 1);
    for (int i = 0; i < t.H * t.S; ++i)
      lo[static_cast<size_t>(t.E + i)] = hi[static_cast<size_t>(t.E + i)] =
          t.cover_req[static_cast<size_t>(i)];
    std::vector<CoinBigIndex> starts(static_cast<size_t>(rows) + 1, 0);
    lp_.addRows(rows, lo.data(), hi.data(), starts.data(), nullptr, nullptr);
    const double plus = 1, minus = -1;
    for (int i = 0; i < t.H * t.S; ++i) {
      const int r = t.E + i;
      lp_.addColumn(1, &r, &plus, 0, COIN_DBL_MAX, t.cover_under[static_cast<size_t>(i)]);
      lp_.addColumn(1, &r, &minus, 0, COIN_DBL_MAX, t.cover_over[static_cast<size_t>(i)]);
    }
    // An artificial costs more than any roster could.
    double big = 1;
    for (int32_t w : t.cover_under) big += w;
    for (int e = 0; e < t.E; ++e)
      lp_.addColumn(1, &e, &plus, 0, COIN_DBL_MAX, big * (t.H + 1) * (t.E + 1));
    first_row_column_ = lp_.numberColumns();
  }

  // Queues a row of employee e as a column; columns enter at the next Solve.
  void Add(int e, std::vector<ShiftIdx> row) {
    if (starts_.empty()) starts_.push_back(0);
    idx_.push_back(e);
    val_.push_back(1);
    int64_t cost = 0;
    for (int d = 0; d < t_.H; ++d) {
      const int s = row[static_cast<size_t>(d)];
      const size_t ci = static_cast<size_t>(t_.CellIdx(e, d, s));
      cost += t_.on_cost[ci] + t_.off_cost[ci];
      if (s >= 0) {
        idx_.push_back(t_.E + d * t_.S + s);
        val_.push_back(1);
      }
    }
    starts_.push_back(static_cast<CoinBigIndex>(idx_.size()));
    cost_.push_back(static_cast<double>(cost));
    owner_.push_back(e);
    rows_.push_back(std::move(row));
  }

  double SolveLp() {
    Flush();
    lp_.primal();
    return lp_.objectiveValue();
  }

  // Fixes employee e to shift s (-1: off) on day d: columns of e that
  // disagree can no longer be used.
  void FixCell(int e, int d, ShiftIdx s) {
    Flush();
    for (int k = 0; k < num_rows(); ++k)
      if (owner_[static_cast<size_t>(k)] == e &&
          rows_[static_cast<size_t>(k)][static_cast<size_t>(d)] != s)
        lp_.setColumnUpper(first_row_column_ + k, 0);
  }

  // Frees every column again (fixed rows and cells included).
  void UnfixAll() {
    Flush();
    for (int j = first_row_column_ - t_.E; j < lp_.numberColumns(); ++j)
      lp_.setColumnUpper(j, COIN_DBL_MAX);
  }

  // Keeps row k as its employee's only column.
  void Fix(int k) {
    Flush();
    const int e = owner_[static_cast<size_t>(k)];
    for (int j = 0; j < num_rows(); ++j)
      if (owner_[static_cast<size_t>(j)] == e && j != k)
        lp_.setColumnUpper(first_row_column_ + j, 0);
    lp_.setColumnUpper(first_row_column_ - t_.E + e, 0);  // the artificial
  }

  double value(int k) const { return lp_.primalColumnSolution()[first_row_column_ + k]; }
  int owner(int k) const { return owner_[static_cast<size_t>(k)]; }
  double dual(int row) const { return lp_.dualRowSolution()[row]; }
  int num_rows() const { return static_cast<int>(rows_.size()); }
  const std::vector<ShiftIdx>& row(int k) const { return rows_[static_cast<size_t>(k)]; }

 private:
  void Flush() {
    const int n = static_cast<int>(cost_.size());
    if (n == 0) return;
    std::vector<double> lo(static_cast<size_t>(n), 0), hi(static_cast<size_t>(n), COIN_DBL_MAX);
    lp_.addColumns(n, lo.data(), hi.data(), cost_.data(), starts_.data(), idx_.data(), val_.data());
    starts_.clear(), idx_.clear(), val_.clear(), cost_.clear();
  }

  const ProblemTables& t_;
  ClpSimplex lp_;
  int first_row_column_ = 0;
  std::vector<int> owner_;
  std::vector<std::vector<ShiftIdx>> rows_;
  std::vector<CoinBigIndex> starts_;  // queued columns
  std::vector<int> idx_;
  std::vector<double> val_, cost_;
};

// Prices the rows of every employee on several threads.
class Pricer {
 public:
  Pricer(const ProblemTables& t, int threads, int64_t exact_work_limit)
      : t_(t), empty_(t.problem), threads_(std::max(1, threads)) {
    for (int i = 0; i < threads_; ++i) dp_.push_back(std::make_unique<RowOptimizer>(t));
    for (int e = 0; e < t.E; ++e) {
      const int64_t w = dp_[0]->Work(empty_, e, 0, t.H - 1, false);
      relax_.push_back(w == 0 || w > exact_work_limit);
    }
  }

  // Whether every row can be priced with the minutes in the DP's state.
  bool exact_capable() const {
    return std::none_of(relax_.begin(), relax_.end(), [](bool r) { return r; });
  }

  struct Priced {
    std::optional<std::vector<ShiftIdx>> row;  // nullopt: no feasible row
    bool exact = false;                        // a proven best row
  };
  // The best row of each employee in `who` under the cover duals `pi`
  // [d * S + s].
  // `forced` [e * H + d] is the shift a fixed cell must have (kUnfixed: free).
  std::vector<Priced> Price(const std::vector<int>& who, const std::vector<double>& pi,
                            const std::vector<int>& forced) {
    const int C = t_.S + 1;
    std::vector<Priced> out(who.size());
    auto work = [&](int tid) {
      RowOptimizer& dp = *dp_[static_cast<size_t>(tid)];
      std::vector<int64_t> costs(static_cast<size_t>(t_.H * C));
      for (size_t k = static_cast<size_t>(tid); k < who.size();
           k += static_cast<size_t>(threads_)) {
        const int e = who[k];
        bool any_forced = false;
        for (int d = 0; d < t_.H; ++d) {
          const int want = forced[static_cast<size_t>(e * t_.H + d)];
          any_forced = any_forced || want != kUnfixed;
          for (int s = -1; s < t_.S; ++s)
            costs[static_cast<size_t>(d * C + s + 1)] =
                want != kUnfixed && s != want ? kForbidden
                                              : std::llround(Cost(e, d, s, pi) * kCostScale);
        }
        RowDpOptions o;
        o.relax_minutes = relax_[static_cast<size_t>(e)];
        o.exact_type_maxima = true;
        o.max_work = int64_t{1} << 40;
        Priced& p = out[k];
        p.row = dp.OptimizeCosts(empty_, e, 0, t_.H - 1, costs, o);
        p.exact = dp.last_exact();
        if (p.row && any_forced)
          for (int d = 0; d < t_.H; ++d) {
            const int want = forced[static_cast<size_t>(e * t_.H + d)];
            if (want != kUnfixed && (*p.row)[static_cast<size_t>(d)] != want) {
              p.row.reset();  // no row keeps the fixed cells
              break;
            }
          }
      }
    };
    std::vector<std::thread> pool;
    for (int i = 1; i < threads_; ++i) pool.emplace_back(work, i);
    work(0);
    for (auto& th : pool) th.join();
    return out;
  }

  // sum_d (request(e, d, row(d)) - pi(d, row(d))).
  double Value(int e, const std::vector<ShiftIdx>& row, const std::vector<double>& pi) const {
    double v = 0;
    for (int d = 0; d < t_.H; ++d) v += Cost(e, d, row[static_cast<size_t>(d)], pi);
    return v;
  }

 private:
  double Cost(int e, int d, int s, const std::vector<double>& pi) const {
    const size_t ci = static_cast<size_t>(t_.CellIdx(e, d, s));
    double c = t_.on_cost[ci] + t_.off_cost[ci];
    if (s >= 0) c -= pi[static_cast<size_t>(d * t_.S + s)];
    return c;
  }

  const ProblemTables& t_;
  Roster empty_;
  int threads_;
  std::vector<std::unique_ptr<RowOptimizer>> dp_;
  std::vector<bool> relax_;
};

}  // namespace

ColumnGenResult PriceAndDive(const ProblemTables& t, const ColumnGenParams& params) {
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  auto out_of_time = [&] {
    return (params.time_limit_seconds > 0 && elapsed() >= params.time_limit_seconds) ||
           (params.cancel && params.cancel->load());
  };
  ColumnGenResult res;
  Master master(t);
  Pricer pricer(t, params.threads, params.exact_work_limit);
  if (!pricer.exact_capable() && params.time_limit_seconds > 0) {
    // Rows priced with minutes priced converge too slowly to pay for the
    // time they take from local search.
    res.abandoned = true;
    return res;
  }
  for (const auto& [e, row] : params.initial_columns) master.Add(e, row);
  res.columns = static_cast<int>(params.initial_columns.size());
  std::vector<int> forced(static_cast<size_t>(t.E * t.H), kUnfixed);
  std::vector<int> open(static_cast<size_t>(t.E));
  for (int e = 0; e < t.E; ++e) open[static_cast<size_t>(e)] = e;

  // Up to `rounds` rounds of column generation for the open employees.
  // Returns true when no improving column is left (with every row priced
  // exactly if `exact` is given).
  const int CS = t.H * t.S;
  std::vector<double> pi(static_cast<size_t>(CS));
  double lp = 0;
  bool at_root = true;
  auto generate = [&](int rounds, bool* exact) {
    for (int i = 0; i < rounds && res.rounds < params.max_rounds; ++i) {
      lp = master.SolveLp();
      if (params.on_round)
        params.on_round(elapsed(), lp, static_cast<int>(open.size()), res.columns);
      if (out_of_time()) return false;
      if (at_root && params.time_limit_seconds > 0 &&
          elapsed() > params.time_limit_seconds * params.root_time_share)
        return false;
      ++res.rounds;
      for (int k = 0; k < CS; ++k) pi[static_cast<size_t>(k)] = master.dual(t.E + k);
      const auto priced = pricer.Price(open, pi, forced);
      int added = 0;
      bool all_exact = true;
      for (size_t k = 0; k < open.size(); ++k) {
        const auto& p = priced[k];
        all_exact = all_exact && p.exact;
        if (!p.row) continue;
        const int e = open[k];
        if (pricer.Value(e, *p.row, pi) - master.dual(e) >= -kRcTolerance) continue;
        master.Add(e, *p.row);
        ++added;
      }
      res.columns += added;
      // Judged on two rounds: the first alone is a noisy estimate.
      if (at_root && res.rounds == 2 && params.time_limit_seconds > 0 &&
          elapsed() / 2 * params.expected_rounds >
              params.time_limit_seconds * params.root_time_share) {
        res.abandoned = true;  // the LP would not converge in time
        return false;
      }
      if (added == 0) {
        if (exact) *exact = all_exact;
        return true;
      }
    }
    lp = master.SolveLp();
    return false;
  };

  bool exact = false;
  res.lp_converged = generate(params.root_rounds, &exact);
  res.lp = lp;
  res.lp_is_bound = res.lp_converged && exact;
  res.lp_seconds = elapsed();
  at_root = false;
  if (!res.lp_converged) {
    // A dive from an LP far from its optimum costs time and gives little.
    res.abandoned = true;
    res.seconds = elapsed();
    return res;
  }

  // The dive, on cells: a cell (e, d, s) has the LP value of the columns of
  // e that work s on d. Every cell at 1 is fixed, and the largest fractional
  // cells (a share of the open employees, one per employee); the columns
  // that disagree leave, and pricing keeps to the fixed cells. An employee
  // is done once one of its columns carries the whole LP value. Later dives
  // start again from the root (keeping the columns found) and rank the
  // fractional cells with seeded noise; the best roster is kept.
  const int C = t.S + 1;
  std::vector<double> cell(static_cast<size_t>(t.H * C));
  std::mt19937_64 rng(params.seed);
  auto dive = [&](double noise) -> std::optional<Grid> {
    Grid done(static_cast<size_t>(t.E));
    while (!open.empty() && !out_of_time()) {
      std::vector<int> still;
      std::vector<std::tuple<double, int, int, int>> frac;  // value, e, d, s
      for (int e : open) {
        std::fill(cell.begin(), cell.end(), 0.0);
        int whole = -1;
        for (int k = 0; k < master.num_rows(); ++k) {
          if (master.owner(k) != e) continue;
          const double v = master.value(k);
          if (v <= 1e-9) continue;
          if (v >= kIntegral) whole = k;
          for (int d = 0; d < t.H; ++d)
            cell[static_cast<size_t>(d * C + master.row(k)[static_cast<size_t>(d)] + 1)] += v;
        }
        if (whole >= 0) {
          done[static_cast<size_t>(e)].assign(master.row(whole).begin(), master.row(whole).end());
          master.Fix(whole);
          continue;
        }
        still.push_back(e);
        double best_v = -1;
        int best_d = -1, best_s = 0;
        for (int d = 0; d < t.H; ++d) {
          if (forced[static_cast<size_t>(e * t.H + d)] != kUnfixed) continue;
          for (int s = -1; s < t.S; ++s) {
            const double v = cell[static_cast<size_t>(d * C + s + 1)];
            if (v >= kIntegral) {
              forced[static_cast<size_t>(e * t.H + d)] = s;  // integral already
              master.FixCell(e, d, static_cast<ShiftIdx>(s));
              continue;
            }
            if (v <= 1e-9) continue;
            const double ranked =
                noise > 0 ? v + noise * std::generate_canonical<double, 32>(rng) : v;
            if (ranked > best_v) best_v = ranked, best_d = d, best_s = s;
          }
        }
        if (best_d >= 0) frac.emplace_back(best_v, e, best_d, best_s);
      }
      std::stable_sort(frac.begin(), frac.end(), [](const auto& x, const auto& y) {
        return std::get<0>(x) > std::get<0>(y);
      });
      const auto batch =
          std::max<size_t>(1, static_cast<size_t>(std::ceil(params.dive_fix_share *
                                                            static_cast<double>(still.size()))));
      for (size_t i = 0; i < std::min(batch, frac.size()); ++i) {
        const auto [v, e, d, s] = frac[i];
        forced[static_cast<size_t>(e * t.H + d)] = s;
        master.FixCell(e, d, static_cast<ShiftIdx>(s));
      }
      const bool progress = still.size() < open.size() || !frac.empty();
      open = std::move(still);
      if (open.empty()) break;
      generate(params.dive_rounds, nullptr);
      if (!progress) break;
    }
    if (!open.empty()) return std::nullopt;
    return done;
  };

  int64_t best = 0;
  for (int i = 0; i < params.dives && !out_of_time(); ++i) {
    if (i > 0) {  // back to the root
      master.UnfixAll();
      std::fill(forced.begin(), forced.end(), kUnfixed);
      open.resize(static_cast<size_t>(t.E));
      for (int e = 0; e < t.E; ++e) open[static_cast<size_t>(e)] = e;
      lp = master.SolveLp();
    }
    const auto g = dive(i == 0 ? 0.0 : params.dive_noise);
    if (!g) continue;
    const int64_t pen = Penalty(t, *g);
    ++res.dives;
    if (!res.found || pen < best) {
      res.found = true;
      res.roster = *g;
      best = pen;
    }
  }
  res.seconds = elapsed();
  return res;
}

}  // namespace weft::roster
