#include "roster/column_generation.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <coin/ClpSimplex.hpp>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
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
constexpr double kCoverTolerance = 1e-6;
// An LP bound is rounded up to the next integer penalty after this much is
// taken off it (the LP's own tolerances).
constexpr double kBoundSlack = 1e-3;
// Column values and reduced costs below this count as zero.
constexpr double kZero = 1e-9;
// A dive step whose batch raises the LP by more than this share of it is
// undone and retried with half the batch.
constexpr double kLpJump = 0.01;
// Single-employee dive steps that left the root's bound undone in a row
// (hold_bound), each retried with the next-ranked employee.
constexpr int kMaxLifts = 3;
// Root columns the LP has not used for this many rounds leave the master.
constexpr int kMaxIdleRounds = 5;
// A dive from a root with few fractional employees is expected to take at
// least this share of the root's time.
constexpr double kMinDiveShare = 0.1;
// A dive plans to end within this share of the time it has left.
constexpr double kDiveTimeUse = 0.8;
// A root out of its time is dived from when its LP fell by at most
// root_tail_gap over this many rounds.
constexpr size_t kTailRounds = 10;
// or when its LP is within this multiple of root_tail_gap of its Lagrangian
// bound.
constexpr double kOutOfTimeGap = 4;

// No Lagrangian cut-off (see generate in PriceAndDive).
constexpr double kNoCutoff = std::numeric_limits<double>::infinity();

// The soft score of a roster on the days [a, b] (all days by default):
// requests and cover.
int64_t Penalty(const ProblemTables& t, const Grid& g, int a = 0, int b = -1) {
  if (b < 0) b = t.H - 1;
  std::vector<int> count(static_cast<size_t>(t.H * t.S), 0);
  int64_t p = 0;
  for (int e = 0; e < t.E; ++e)
    for (int d = a; d <= b; ++d) {
      const int s = g[static_cast<size_t>(e)][static_cast<size_t>(d)];
      const size_t ci = static_cast<size_t>(t.CellIdx(e, d, s));
      p += t.request_cost[ci];
      if (s >= 0) ++count[static_cast<size_t>(d * t.S + s)];
    }
  for (int d = a; d <= b; ++d)
    for (int s = 0; s < t.S; ++s) p += t.CoverCost(d, s, count[static_cast<size_t>(d * t.S + s)]);
  return p;
}

// The restricted master: rows 0..E-1 are the employees' convexity rows, then
// one cover row per (d, s); columns are the cover slacks, one artificial per
// employee (so the LP is feasible before that employee has a row), then rows.
class Master {
 public:
  // The master of days [a, a + L).
  Master(const ProblemTables& t, int a, int L) : t_(t), a_(a), L_(L) {
    lp_.setLogLevel(0);
    const int rows = t.E + L * t.S;
    std::vector<double> lo(static_cast<size_t>(rows), 1), hi(static_cast<size_t>(rows), 1);
    for (int i = 0; i < L * t.S; ++i)
      lo[static_cast<size_t>(t.E + i)] = hi[static_cast<size_t>(t.E + i)] =
          t.cover_req[static_cast<size_t>(a * t.S + i)];
    std::vector<CoinBigIndex> starts(static_cast<size_t>(rows) + 1, 0);
    lp_.addRows(rows, lo.data(), hi.data(), starts.data(), nullptr, nullptr);
    const double plus = 1, minus = -1;
    for (int i = 0; i < L * t.S; ++i) {
      const int r = t.E + i;
      const auto gi = static_cast<size_t>(a * t.S + i);
      lp_.addColumn(1, &r, &plus, 0, COIN_DBL_MAX, t.cover_under[gi]);
      lp_.addColumn(1, &r, &minus, 0, COIN_DBL_MAX, t.cover_over[gi]);
    }
    // An artificial costs more than any roster could.
    double big = 1;
    for (int32_t w : t.cover_under) big += w;
    for (int e = 0; e < t.E; ++e)
      lp_.addColumn(1, &e, &plus, 0, COIN_DBL_MAX, big * (t.H + 1) * (t.E + 1));
    first_row_column_ = lp_.numberColumns();
  }

  // Queues a row of employee e (its days in the window) as a column; columns
  // enter at the next Solve.
  void Add(int e, std::vector<ShiftIdx> row) {
    if (starts_.empty()) starts_.push_back(0);
    idx_.push_back(e);
    val_.push_back(1);
    int64_t cost = 0;
    for (int i = 0; i < L_; ++i) {
      const int s = row[static_cast<size_t>(i)];
      const size_t ci = static_cast<size_t>(t_.CellIdx(e, a_ + i, s));
      cost += t_.request_cost[ci];
      if (s >= 0) {
        idx_.push_back(t_.E + i * t_.S + s);
        val_.push_back(1);
      }
    }
    starts_.push_back(static_cast<CoinBigIndex>(idx_.size()));
    cost_.push_back(static_cast<double>(cost));
    owner_.push_back(e);
    rows_.push_back(std::move(row));
    used_.push_back(round_);  // new: not idle yet
    pinned_.push_back(0);
  }

  double SolveLp() {
    Flush();
    // In branch and price, after bounds alone changed (a branch, a
    // restriction) the last basis stays dual feasible, and the dual simplex
    // repairs it in a few pivots; the primal simplex would first have to
    // regain primal feasibility. New columns keep the basis primal feasible
    // instead. Instance 7, branch and price from 13 rosters for 15 s each:
    // 1.2-2.7 times the nodes, and 11 rosters reached 1056 instead of 5.
    // Not in dives: with it there, Instance 19's windows ended higher
    // (60 s, seeds 3, 5, 6: 3366, 3355, 3362 against 3353, 3239, 3248).
    if (dual_after_bounds_ && bounds_changed_ && !columns_added_)
      lp_.dual();
    else
      lp_.primal();
    bounds_changed_ = columns_added_ = false;
    return lp_.objectiveValue();
  }

  void set_dual_after_bounds(bool on) { dual_after_bounds_ = on; }

  // Frees every column again, then fixes the pinned ones.
  void Unfix() {
    Flush();
    for (int j = first_row_column_ - t_.E; j < lp_.numberColumns(); ++j)
      lp_.setColumnUpper(j, COIN_DBL_MAX);
    bounds_changed_ = true;
    for (size_t k = 0; k < rows_.size(); ++k)
      if (pinned_[k]) Fix(static_cast<int>(k));
  }

  // Removes (until Unfix) the columns of e that break a cell of `forced`
  // (per window day: the shift required, or RowDpOptions::kFree).
  void Restrict(int e, const int16_t* forced) {
    Flush();
    for (size_t k = 0; k < rows_.size(); ++k) {
      if (owner_[k] != e) continue;
      for (int i = 0; i < L_; ++i)
        if (forced[i] != RowDpOptions::kFree && forced[i] != rows_[k][static_cast<size_t>(i)]) {
          lp_.setColumnUpper(first_row_column_ + static_cast<int>(k), 0);
          bounds_changed_ = true;
          break;
        }
    }
  }

  // Keeps row k as its employee's only column, now and after every Unfix.
  void Pin(int k) {
    Flush();
    pinned_[static_cast<size_t>(k)] = 1;
    Fix(k);
  }

  // Records which columns the last LP solution uses (round `round`), then
  // removes the columns it has not used for more than `max_idle` rounds that
  // price out (reduced cost above zero: the LP optimum stays optimal
  // without them). The cost of a simplex iteration grows with the columns,
  // and most generated columns are never used again. Row indices change.
  // Returns the columns removed.
  int Purge(int round, int max_idle) {
    Flush();
    round_ = round;
    const double* x = lp_.primalColumnSolution() + first_row_column_;
    const double* rc = lp_.dualColumnSolution() + first_row_column_;
    std::vector<int> drop;
    size_t kept = 0;
    for (size_t k = 0; k < rows_.size(); ++k) {
      if (x[k] > kZero) used_[k] = round;
      if (!pinned_[k] && round - used_[k] > max_idle && rc[k] > kZero) {
        drop.push_back(first_row_column_ + static_cast<int>(k));
        continue;
      }
      if (kept != k) {
        owner_[kept] = owner_[k];
        rows_[kept] = std::move(rows_[k]);
        used_[kept] = used_[k];
        pinned_[kept] = pinned_[k];
      }
      ++kept;
    }
    if (drop.empty()) return 0;
    lp_.deleteColumns(static_cast<int>(drop.size()), drop.data());
    owner_.resize(kept), rows_.resize(kept), used_.resize(kept), pinned_.resize(kept);
    return static_cast<int>(drop.size());
  }

  // Keeps row k as its employee's only column.
  void Fix(int k) {
    Flush();
    const int e = owner_[static_cast<size_t>(k)];
    for (int j = 0; j < num_rows(); ++j)
      if (owner_[static_cast<size_t>(j)] == e && j != k)
        lp_.setColumnUpper(first_row_column_ + j, 0);
    lp_.setColumnUpper(first_row_column_ - t_.E + e, 0);  // the artificial
    bounds_changed_ = true;
  }

  // The LP value of employee e's columns per cell: (*agg)[i * (S + 1) + s + 1]
  // for window day i and shift s (-1: off).
  void CellValues(int e, std::vector<double>* agg) const {
    agg->assign(static_cast<size_t>(L_ * (t_.S + 1)), 0.0);
    for (int j = 0; j < num_rows(); ++j) {
      if (owner_[static_cast<size_t>(j)] != e) continue;
      const double x = value(j);
      if (x <= kZero) continue;
      for (int i = 0; i < L_; ++i)
        (*agg)[static_cast<size_t>(i * (t_.S + 1) +
                                   rows_[static_cast<size_t>(j)][static_cast<size_t>(i)] + 1)] += x;
    }
  }

  // Bounds the number of people on window cell i (day * S + shift) to
  // [lo, hi] (kNoLimit: none), through the bounds of its two slacks: with
  // the cover required r, under = r - cover for a cover below r, over =
  // cover - r above it.
  static constexpr int kNoLimit = std::numeric_limits<int>::max();
  void BoundCover(int i, int lo, int hi) {
    Flush();
    const int r = t_.cover_req[static_cast<size_t>(a_ * t_.S + i)];
    const double inf = COIN_DBL_MAX;
    const double u_lo = hi == kNoLimit ? 0 : std::max(0, r - hi);
    const double u_hi = lo == -kNoLimit ? inf : std::max(0, r - lo);
    const double o_lo = lo == -kNoLimit ? 0 : std::max(0, lo - r);
    const double o_hi = hi == kNoLimit ? inf : std::max(0, hi - r);
    lp_.setColumnBounds(2 * i, u_lo, u_hi);
    lp_.setColumnBounds(2 * i + 1, o_lo, o_hi);
    bounds_changed_ = true;
  }
  // The people on window cell i in the LP solution.
  double Cover(int i) const {
    const double* x = lp_.primalColumnSolution();
    return t_.cover_req[static_cast<size_t>(a_ * t_.S + i)] - x[2 * i] + x[2 * i + 1];
  }
  // The slacks' part of the Lagrangian bound at cover duals `pi`: each
  // slack at the bound that minimises its reduced cost (0 for slacks
  // without bounds whose reduced cost is not negative; -inf when one is
  // negative and unbounded).
  double SlackLagrangian(const std::vector<double>& pi) const {
    const double* lo = lp_.getColLower();
    const double* hi = lp_.getColUpper();
    const double* cost = lp_.getObjCoefficients();
    double v = 0;
    for (int i = 0; i < L_ * t_.S; ++i)
      for (int j : {2 * i, 2 * i + 1}) {
        const double rc = cost[j] - (j % 2 == 0 ? 1 : -1) * pi[static_cast<size_t>(i)];
        const double x = rc >= -1e-6 ? lo[j] : hi[j];
        if (x >= COIN_DBL_MAX) return -COIN_DBL_MAX;
        v += rc * x;
      }
    return v;
  }
  bool Optimal() const { return lp_.isProvenOptimal(); }
  double value(int k) const { return lp_.primalColumnSolution()[first_row_column_ + k]; }
  int owner(int k) const { return owner_[static_cast<size_t>(k)]; }
  bool pinned(int k) const { return pinned_[static_cast<size_t>(k)] != 0; }
  double dual(int row) const { return lp_.dualRowSolution()[row]; }
  int num_rows() const { return static_cast<int>(rows_.size()); }
  const std::vector<ShiftIdx>& row(int k) const { return rows_[static_cast<size_t>(k)]; }

 private:
  void Flush() {
    const int n = static_cast<int>(cost_.size());
    if (n == 0) return;
    std::vector<double> lo(static_cast<size_t>(n), 0), hi(static_cast<size_t>(n), COIN_DBL_MAX);
    lp_.addColumns(n, lo.data(), hi.data(), cost_.data(), starts_.data(), idx_.data(), val_.data());
    columns_added_ = true;
    starts_.clear(), idx_.clear(), val_.clear(), cost_.clear();
  }

  const ProblemTables& t_;
  int a_, L_;
  ClpSimplex lp_;
  int first_row_column_ = 0;
  std::vector<int> owner_;
  std::vector<std::vector<ShiftIdx>> rows_;
  std::vector<int> used_;  // per row column: the last round the LP used it
  int round_ = 0;          // the round of the last Purge
  // Since the last solve: bounds changed, columns added.
  bool bounds_changed_ = false, columns_added_ = false;
  bool dual_after_bounds_ = false;
  std::vector<uint8_t> pinned_;       // per row column: fixed for good
  std::vector<CoinBigIndex> starts_;  // queued columns
  std::vector<int> idx_;
  std::vector<double> val_, cost_;
};

// Prices the rows of every employee on several threads.
class Pricer {
 public:
  // Prices the days [a, b] of rows whose other days are those of `base`.
  // Rows whose exact pricing would visit more than exact_work_limit day x
  // states, with the cells in `kept` ([e * L + i], RowDpOptions::kFree where
  // free; empty: none) kept, or hold more than exact_state_limit (if > 0)
  // before pruning, are priced with minutes priced. With `exact_only`,
  // the check stops at the first such row (the caller then gives up), rows
  // with the most states first: on a 150 x 364 x 32 problem checking every
  // row took 1.0 s, 0.74 s this way (its largest row, 792 M states before
  // pruning, is most of it).
  Pricer(const ProblemTables& t, const Roster& base, int a, int b, int threads,
         int64_t exact_work_limit, int64_t exact_state_limit, std::span<const int16_t> kept,
         bool exact_only)
      : t_(t), base_(base), a_(a), b_(b), threads_(std::max(1, threads)) {
    for (int i = 0; i < threads_; ++i) dp_.push_back(std::make_unique<RowOptimizer>(t));
    const auto L = static_cast<size_t>(b - a + 1);
    // The rows with the most states before pruning first (counting them is
    // cheap; pruning is not): the likeliest to be too large.
    std::vector<std::pair<int64_t, int>> order;
    for (int e = 0; e < t.E; ++e) order.emplace_back(-dp_[0]->Work(base_, e, a, b, false), e);
    if (exact_only) std::sort(order.begin(), order.end());
    relax_.assign(static_cast<size_t>(t.E), false);
    for (const auto& [minus_states, e] : order) {
      const int64_t w = dp_[0]->BoundedWork(
          base_, e, a, b, kept.empty() ? kept : kept.subspan(static_cast<size_t>(e) * L, L));
      const bool relax = w == 0 || w > exact_work_limit ||
                         (exact_state_limit > 0 && -minus_states > exact_state_limit);
      relax_[static_cast<size_t>(e)] = relax;
      if (exact_only && relax) {
        relax_.assign(static_cast<size_t>(t.E), true);
        break;
      }
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
  // Cells in `forced` ([e * L + i], RowDpOptions::kFree where free; empty:
  // none) are kept.
  std::vector<Priced> Price(const std::vector<int>& who, const std::vector<double>& pi,
                            const std::vector<int16_t>& forced) {
    const int C = t_.S + 1, L = b_ - a_ + 1;
    std::vector<Priced> out(who.size());
    // Rows are handed out one at a time (a row whose type counts go into the
    // state takes ten times as long as one that needs none), and each row's
    // result is the same whichever thread prices it.
    std::atomic<size_t> next{0};
    auto work = [&](int tid) {
      RowOptimizer& dp = *dp_[static_cast<size_t>(tid)];
      std::vector<int64_t> costs(static_cast<size_t>(L * C));
      for (size_t k; (k = next.fetch_add(1)) < who.size();) {
        const int e = who[k];
        for (int i = 0; i < L; ++i)
          for (int s = -1; s < t_.S; ++s)
            costs[static_cast<size_t>(i * C + s + 1)] =
                std::llround(Cost(e, i, s, pi) * kCostScale);
        RowDpOptions o;
        o.relax_minutes = relax_[static_cast<size_t>(e)];
        o.exact_type_maxima = true;
        o.max_work = int64_t{1} << 40;
        if (!forced.empty())
          o.forced = std::span<const int16_t>(forced).subspan(static_cast<size_t>(e * L),
                                                              static_cast<size_t>(L));
        Priced& p = out[k];
        p.row = dp.OptimizeCosts(base_, e, a_, b_, costs, o);
        p.exact = dp.last_exact();
      }
    };
    std::vector<std::thread> pool;
    for (int i = 1; i < threads_; ++i) pool.emplace_back(work, i);
    work(0);
    for (auto& th : pool) th.join();
    return out;
  }

  // sum over the window of request(e, d, row(d)) - pi(d, row(d)).
  double Value(int e, const std::vector<ShiftIdx>& row, const std::vector<double>& pi) const {
    double v = 0;
    for (int i = 0; i <= b_ - a_; ++i) v += Cost(e, i, row[static_cast<size_t>(i)], pi);
    return v;
  }

 private:
  // Window day i; pi [i * S + s].
  double Cost(int e, int i, int s, const std::vector<double>& pi) const {
    const size_t ci = static_cast<size_t>(t_.CellIdx(e, a_ + i, s));
    double c = t_.request_cost[ci];
    if (s >= 0) c -= pi[static_cast<size_t>(i * t_.S + s)];
    return c;
  }

  const ProblemTables& t_;
  const Roster& base_;
  int a_, b_;
  int threads_;
  std::vector<std::unique_ptr<RowOptimizer>> dp_;
  std::vector<bool> relax_;
};

// Re-plans the days [a, b] of one employee's row at a time, exactly, given
// everyone else's (row_dp.h), until a pass over the employees `who` gains
// nothing: a dive's last steps fix rows against a restricted LP, and this
// repairs some of the cover they leave short. Returns the penalty of `g` on
// the days [a, b] (the rest of the roster is not changed).
int64_t Polish(const ProblemTables& t, RowOptimizer& dp, const std::vector<int>& who, int a, int b,
               Grid& g) {
  Roster r(t.problem);
  for (int e = 0; e < t.E; ++e)
    for (int d = 0; d < t.H; ++d)
      r.Set(e, d, static_cast<ShiftIdx>(g[static_cast<size_t>(e)][static_cast<size_t>(d)]));
  int64_t pen = Penalty(t, g, a, b);
  for (bool gained = true; gained;) {
    gained = false;
    for (int e : who) {
      const auto row = dp.Optimize(r, e, a, b);
      if (!row) continue;
      auto& cur = g[static_cast<size_t>(e)];
      if (std::equal(row->begin(), row->end(), cur.begin() + a)) continue;
      const std::vector<ShiftIdx> old(cur.begin() + a, cur.begin() + b + 1);
      std::copy(row->begin(), row->end(), cur.begin() + a);
      const int64_t p = Penalty(t, g, a, b);
      if (p < pen) {
        pen = p;
        gained = true;
        for (int d = a; d <= b; ++d) r.Set(e, d, cur[static_cast<size_t>(d)]);
      } else {
        std::copy(old.begin(), old.end(), cur.begin() + a);
      }
    }
  }
  return pen;
}

}  // namespace

const char* ToString(RootEnd e) {
  switch (e) {
    case RootEnd::kConverged:
      return "converged";
    case RootEnd::kNearBound:
      return "near-bound";
    case RootEnd::kTailFlat:
      return "tail-flat";
    case RootEnd::kPromising:
      return "promising";
    case RootEnd::kRoundLimit:
      return "round-limit";
    case RootEnd::kCancelled:
      return "cancelled";
    case RootEnd::kOutOfTime:
      return "out-of-time";
    case RootEnd::kProjectedSlow:
      return "projected-slow";
    case RootEnd::kInexact:
      return "inexact";
    case RootEnd::kNoDiveTime:
      return "no-dive-time";
  }
  return "?";
}

ColumnGenResult PriceAndDive(const ProblemTables& t, const ColumnGenParams& params) {
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  auto out_of_time = [&] {
    return (params.time_limit_seconds > 0 && elapsed() >= params.time_limit_seconds) ||
           (params.cancel && params.cancel->load());
  };
  ColumnGenResult res;
  const int a = params.first_day, b = params.last_day < 0 ? t.H - 1 : params.last_day;
  const int L = b - a + 1;
  // The rows every roster starts from outside the window (all off without a base).
  const Grid base_grid =
      params.base.empty()
          ? Grid(static_cast<size_t>(t.E), std::vector<int>(static_cast<size_t>(t.H), kOff))
          : params.base;
  Roster base(t.problem);
  for (int e = 0; e < t.E; ++e)
    for (int d = 0; d < t.H; ++d)
      base.Set(e, d,
               static_cast<ShiftIdx>(base_grid[static_cast<size_t>(e)][static_cast<size_t>(d)]));
  Master master(t, a, L);
  // Cells a dive has fixed ([e * L + i]: the shift, -1 off, or kFree), on
  // top of the base's cells on the days kept (`kept`; empty: none).
  std::vector<int16_t> forced, kept;
  if (!params.keep_days.empty()) {
    kept.assign(static_cast<size_t>(t.E * L), RowDpOptions::kFree);
    for (int e = 0; e < t.E; ++e)
      for (int i = 0; i < L; ++i)
        if (params.keep_days[static_cast<size_t>(i)])
          kept[static_cast<size_t>(e * L + i)] = static_cast<int16_t>(base.at(e, a + i));
    forced = kept;
  }
  // Under a time limit rows priced with minutes priced converge too slowly:
  // the phase is given up at the first.
  Pricer pricer(t, base, a, b, params.threads, params.exact_work_limit, params.exact_state_limit,
                kept, params.time_limit_seconds > 0);
  if (!pricer.exact_capable() && params.time_limit_seconds > 0) {
    // Rows priced with minutes priced converge too slowly to pay for the
    // time they take from local search.
    res.abandoned = true;
    res.root_end = RootEnd::kInexact;
    return res;
  }
  for (const auto& [e, row] : params.initial_columns) master.Add(e, row);
  res.columns = static_cast<int>(params.initial_columns.size());
  // The employees re-planned; every other one keeps its base row, as a
  // column of its own fixed in the master.
  std::vector<int> free = params.employees, pinned;                // pinned: row columns
  std::vector<std::pair<int, std::vector<ShiftIdx>>> pinned_rows;  // their employee, row
  if (free.empty())
    for (int e = 0; e < t.E; ++e) free.push_back(e);
  else {
    std::sort(free.begin(), free.end());
    std::vector<uint8_t> is_free(static_cast<size_t>(t.E), 0);
    for (int e : free) is_free[static_cast<size_t>(e)] = 1;
    for (int e = 0; e < t.E; ++e) {
      if (is_free[static_cast<size_t>(e)]) continue;
      pinned.push_back(master.num_rows());
      std::vector<ShiftIdx> row;
      for (int d = a; d <= b; ++d) row.push_back(base.at(e, d));
      pinned_rows.emplace_back(e, row);
      master.Add(e, std::move(row));
    }
    for (int k : pinned) master.Pin(k);
  }
  std::vector<int> open = free;

  // Up to `rounds` rounds of column generation for the open employees.
  // Returns true when no improving column is left (with every row priced
  // exactly if `exact` is given).
  const int CS = L * t.S;
  std::vector<double> pi(static_cast<size_t>(CS));
  double lp = 0;
  bool at_root = true;
  // Dual smoothing at the root (Wentges): rows are priced at a mix of the
  // LP's duals and the duals of the best Lagrangian bound so far, which
  // damps the duals' swings and saves rounds; a round whose mix finds no
  // column that improves the LP itself (a mispricing) prices at the LP's
  // duals before convergence is declared.
  std::vector<double> pi_out(static_cast<size_t>(CS)), center;
  double center_bound = -COIN_DBL_MAX;
  double first_round_end = 0;
  int round_cap = params.max_rounds;  // branch and price has a node limit instead
  // Lagrangian cut-off: generation stops (cut_off set) once a round prices
  // every free row exactly and its Lagrangian bound shows that no roster
  // under the current fixings beats `cutoff` by a whole unit (the LP's
  // tail adds columns for many rounds at an unchanged value: Instance 7's
  // crews ran 100-370 rounds at their base's penalty without converging).
  // The bound: the duals times the cover required, plus each employee's
  // least reduced row value (priced rows: less what rounding the cell
  // costs to 1/kCostScale can hide; pinned rows: their own).
  double cutoff = kNoCutoff;
  bool cut_off = false;
  bool no_row = false;     // some employee has no row that keeps the fixed cells
  bool branching = false;  // in branch and price (a node without rows ends at once)
  // The root ended near convergence: within root_gap of its Lagrangian
  // bound, or flat (root_tail_gap) when its time ran out.
  bool near_converged = false;
  std::vector<double> root_lps;  // the root's LP value, round by round
  // An LP far below the incumbent (root_promise): the root is given until
  // root_promise_share of the limit, and dived from however little is left.
  auto promises = [&](double value) {
    return params.root_promise > 0 && params.incumbent >= 0 &&
           value < (1 - params.root_promise) * params.incumbent;
  };
  auto generate = [&](int rounds, bool* exact) {
    cut_off = false;
    no_row = false;
    bool misprice = false;
    // How the root ends (the dive's generations leave it as it is).
    auto root_ends = [&](RootEnd e) {
      if (at_root) res.root_end = e;
    };
    root_ends(RootEnd::kRoundLimit);
    for (int i = 0; i < rounds && res.rounds < round_cap; ++i) {
      lp = master.SolveLp();
      if (params.on_round)
        params.on_round(elapsed(), lp, static_cast<int>(open.size()), res.columns);
      if (out_of_time()) {
        root_ends(RootEnd::kCancelled);
        return false;
      }
      const bool promising = promises(lp);
      if (at_root && params.time_limit_seconds > 0 &&
          elapsed() > params.time_limit_seconds *
                          (promising ? std::max(params.root_time_share, params.root_promise_share)
                                     : params.root_time_share)) {
        // Out of the root's time: an LP whose tail has gone flat (it fell
        // by at most root_tail_gap over the last rounds), or that is within
        // kOutOfTimeGap x root_tail_gap of its Lagrangian bound, is dived
        // from all the same (Instance 13 on a slow day: 1348.13 when its
        // 60 % ran out, where the optimum is 1348; given up, the solve ended
        // at 2352-2669; a variant of Instance 19 given up ended at 2877,
        // dived from, at ~2570).
        const size_t n = root_lps.size();
        const double scale = params.root_tail_gap * std::max(1.0, std::abs(lp));
        if (params.root_tail_gap > 0 &&
            ((n >= kTailRounds && root_lps[n - kTailRounds] - lp <= scale) ||
             lp - res.lagrangian <= kOutOfTimeGap * scale)) {
          near_converged = true;
          root_ends(RootEnd::kTailFlat);
          return true;
        }
        if (promising) {
          near_converged = true;
          root_ends(RootEnd::kPromising);
          return true;
        }
        root_ends(RootEnd::kOutOfTime);
        return false;
      }
      if (at_root) root_lps.push_back(lp);
      ++res.rounds;
      if (at_root) res.columns -= master.Purge(res.rounds, kMaxIdleRounds);
      for (int k = 0; k < CS; ++k) pi_out[static_cast<size_t>(k)] = master.dual(t.E + k);
      const bool smooth = at_root && !misprice && !center.empty() && params.smoothing > 0;
      for (int k = 0; k < CS; ++k) {
        const auto kk = static_cast<size_t>(k);
        pi[kk] = smooth ? params.smoothing * center[kk] + (1 - params.smoothing) * pi_out[kk]
                        : pi_out[kk];
      }
      const auto priced = pricer.Price(open, pi, forced);
      int added = 0;
      bool all_exact = true, all_rows = true;
      double bound = 0;
      for (int k = 0; k < CS; ++k)
        bound += pi[static_cast<size_t>(k)] * t.cover_req[static_cast<size_t>(a * t.S + k)];
      for (size_t k = 0; k < open.size(); ++k) {
        const auto& p = priced[k];
        all_exact = all_exact && p.exact;
        all_rows = all_rows && p.row;
        if (!p.row) {
          if (p.exact) {
            no_row = true;  // the DP proved that no row keeps the cells fixed
            if (branching) return false;
          }
          continue;
        }
        const int e = open[k];
        bound += pricer.Value(e, *p.row, pi);
        if (pricer.Value(e, *p.row, pi_out) - master.dual(e) >= -kRcTolerance) continue;
        master.Add(e, *p.row);
        ++added;
      }
      bound += master.SlackLagrangian(pi);
      if (at_root && all_rows && bound > center_bound) center_bound = bound, center = pi;
      res.columns += added;
      if (all_rows && all_exact && open.size() == free.size()) {
        // A priced row's value is within L / kCostScale of the best row's
        // (both rounded to 1/kCostScale per cell).
        double full = bound - 1.0 / kCostScale * L * static_cast<double>(open.size());
        for (const auto& [e, row] : pinned_rows) full += pricer.Value(e, row, pi);
        if (at_root) res.lagrangian = std::max(res.lagrangian, full);
        if (at_root && params.root_gap > 0 && params.time_limit_seconds > 0 &&
            elapsed() >=
                params.root_gap_after * params.root_time_share * params.time_limit_seconds &&
            lp - res.lagrangian <= params.root_gap * std::max(1.0, std::abs(lp))) {
          near_converged = true;  // close enough: the dive re-prices as it goes
          root_ends(RootEnd::kNearBound);
          lp = master.SolveLp();  // with this round's columns
          return true;
        }
        if (cutoff < kNoCutoff && std::ceil(full - kBoundSlack) >= cutoff) {
          cut_off = true;
          root_ends(RootEnd::kConverged);
          return false;
        }
      }
      // Judged on the second and third rounds: the first is no estimate
      // (a weekend window of Instance 19 prices its first round in 0.45 s
      // and the next ones in 0.1-0.15 s, and was given up on two rounds
      // when the root converges in 4-7 s of its 12).
      if (at_root && res.rounds == 1) first_round_end = elapsed();
      if (at_root && res.rounds == 3 && params.time_limit_seconds > 0 &&
          params.expected_rounds > 0 &&
          elapsed() + (elapsed() - first_round_end) / 2 * (params.expected_rounds - 3) >
              params.time_limit_seconds) {
        res.abandoned = true;  // the LP would not converge in time
        root_ends(RootEnd::kProjectedSlow);
        return false;
      }
      if (added == 0) {
        if (smooth) {
          misprice = true;  // price at the LP's own duals next
          continue;
        }
        if (exact) *exact = all_exact;
        root_ends(RootEnd::kConverged);
        return true;
      }
      misprice = false;
    }
    lp = master.SolveLp();
    return false;
  };

  // A base at the bound is optimal: nothing to dive for.
  const int64_t base_penalty =
      params.base.empty() ? std::numeric_limits<int64_t>::max() : Penalty(t, params.base, a, b);
  if (!params.base.empty()) cutoff = static_cast<double>(base_penalty);
  bool exact = false;
  res.lp_converged = generate(params.root_rounds, &exact);
  const bool promised = promises(lp);
  res.lp = lp;
  res.lp_is_bound = res.lp_converged && exact;
  if (res.lp_is_bound) res.bound = static_cast<int64_t>(std::ceil(res.lp - kBoundSlack));
  if (near_converged && std::isfinite(res.lagrangian))
    res.bound = static_cast<int64_t>(std::ceil(res.lagrangian - kBoundSlack));
  res.lp_seconds = elapsed();
  if (params.keep_pool)
    for (int k = 0; k < master.num_rows(); ++k)
      if (!master.pinned(k)) res.pool.emplace_back(master.owner(k), master.row(k));
  at_root = false;
  cutoff = kNoCutoff;
  if (cut_off || (res.lp_is_bound && std::ceil(res.lp - kBoundSlack) >= base_penalty)) {
    res.optimal = true;
    res.seconds = elapsed();
    return res;
  }
  // A dive from an LP far from its optimum costs time and gives little. A
  // dive takes about as long as the root took for the employees the root
  // leaves fractional (those with a column at 1 are kept at its first step):
  // one that would not finish in the time left gives a poor roster.
  int fractional = 0;
  if (res.lp_converged) {
    std::vector<uint8_t> whole(static_cast<size_t>(t.E), 0);
    for (int k = 0; k < master.num_rows(); ++k)
      if (master.value(k) >= kIntegral) whole[static_cast<size_t>(master.owner(k))] = 1;
    for (int e : free) fractional += whole[static_cast<size_t>(e)] ? 0 : 1;
  }
  const double dive_share =
      std::max(kMinDiveShare, static_cast<double>(fractional) / static_cast<double>(free.size()));
  if (!res.lp_converged || (params.time_limit_seconds > 0 && !promised &&
                            params.time_limit_seconds - res.lp_seconds <
                                params.dive_time_ratio * dive_share * res.lp_seconds)) {
    res.abandoned = true;
    if (res.lp_converged) res.root_end = RootEnd::kNoDiveTime;
    res.seconds = elapsed();
    return res;
  }

  // The dive: every column at 1 is kept, then the largest fractional
  // columns (a share of the open employees, one per employee), ranked by LP
  // value (later dives add seeded noise). With cell_dive (the default) a
  // step fixes cells rather than rows: for every open employee the cells
  // all of its LP columns agree on, and for the employees ranked first the
  // cells of their largest column that a majority of their LP value agrees
  // on; a row is kept once all its cells are fixed. Otherwise a ranked
  // column fixes its employee's whole row at once. Pricing goes on for the
  // employees still open, under the duals of the restricted LP and keeping
  // their fixed cells. Fixing cells keeps the LP close to the root's (on
  // Instance 13 the dive ends at the root's bound, where fixing whole rows
  // ended 2x above it). Later dives start again from the root, keeping the
  // columns found; the best roster is kept.
  std::mt19937_64 rng(params.seed);
  // The best roster's penalty on the window's days (outside them every
  // roster is the base).
  int64_t best_window = 0;
  auto dive = [&](double noise, bool cells) -> std::optional<Grid> {
    // Every row starts as the base's (the pinned employees keep it).
    Grid done = base_grid;
    std::vector<int> best_col(static_cast<size_t>(t.E));
    std::vector<double> best_val(static_cast<size_t>(t.E));
    // The row of e: the base outside the window, column k inside.
    auto place = [&](int e, int k) {
      auto& row = done[static_cast<size_t>(e)];
      std::copy(master.row(k).begin(), master.row(k).end(), row.begin() + a);
    };
    auto largest = [&] {  // each employee's column of largest LP value
      std::fill(best_col.begin(), best_col.end(), -1);
      std::fill(best_val.begin(), best_val.end(), 0.0);
      for (int k = 0; k < master.num_rows(); ++k) {
        const size_t e = static_cast<size_t>(master.owner(k));
        const double v = master.value(k);
        if (v > best_val[e] + 1e-9) best_val[e] = v, best_col[e] = k;
      }
    };
    if (cells && kept.empty())
      forced.assign(static_cast<size_t>(t.E * L), RowDpOptions::kFree);
    else
      forced = kept;
    // Fixes the cells of column k (of employee e) that the LP's columns of e
    // agree on by a majority, at least one: every column of e that breaks
    // one leaves the master and pricing keeps them. Returns whether every
    // cell of e is fixed (then k is its row). A cell of a column in the LP
    // solution keeps the row feasible: that column agrees with every cell
    // fixed before (the others left the master).
    std::vector<double> agg(static_cast<size_t>(L * (t.S + 1)));
    auto force = [&](int e, int k, double majority) {
      master.CellValues(e, &agg);
      int16_t* f = forced.data() + static_cast<size_t>(e * L);
      const auto& row = master.row(k);
      int top = -1, free_cells = 0;
      double top_v = -1;
      bool added = false;
      for (int i = 0; i < L; ++i) {
        if (f[i] != RowDpOptions::kFree) continue;
        const double v = agg[static_cast<size_t>(i * (t.S + 1) + row[static_cast<size_t>(i)] + 1)];
        if (v >= majority) {
          f[i] = row[static_cast<size_t>(i)];
          added = true;
        } else {
          ++free_cells;
          if (v > top_v) top_v = v, top = i;
        }
      }
      if (!added && top >= 0 && majority < kIntegral) {
        f[top] = row[static_cast<size_t>(top)];
        --free_cells;
        added = true;
      }
      if (free_cells == 0) return true;
      if (added) master.Restrict(e, f);  // earlier cells are already enforced
      return false;
    };
    // Each employee's kept column (-1: none yet).
    std::vector<int> fixed(static_cast<size_t>(t.E), -1);
    // The ranked batch's share of params.dive_fix_share: halved when a
    // step's batch raised the LP by more than kLpJump (the step is undone
    // and retried), doubled back after a step that did not.
    double shrink = 1;
    // With hold_bound: the employees whose step alone lifted the LP off the
    // root's bound since the last step kept (ranked last; a few at most).
    std::vector<uint8_t> lifted(static_cast<size_t>(t.E), 0);
    int lifts = 0;
    // With a time limit, a dive that would not finish at its pace rushes:
    // it fixes as many per step as let it end in the time left (a step's
    // time grows with the employees still open, and the open shrink by
    // about the share fixed per step, so what is left costs about the time
    // per open employee so far x open / share), and undoes no step. A dive
    // cut short by the limit gives each open employee its largest column:
    // on a variant of Instance 19 (bench/curtois_variants.py, I19v1s3; 40
    // employees, steps of 1-2 s, many undone) that gave 8 419 against a
    // root LP of 2 557.
    const double dive_start = elapsed();
    double open_steps = 0;  // the employees open at each step so far, summed
    while (!open.empty() && !out_of_time()) {
      double share = shrink * params.dive_fix_share;
      bool rush = false;
      if (params.time_limit_seconds > 0 && open_steps > 0) {
        const double per_open = (elapsed() - dive_start) / open_steps;
        const double left = kDiveTimeUse * (params.time_limit_seconds - elapsed());
        const double need = per_open * static_cast<double>(open.size());
        if (need > share * left) {
          rush = true;
          share = left > 0 ? std::min(1.0, need / left) : 1.0;
        }
      }
      open_steps += static_cast<double>(open.size());
      largest();
      std::vector<int> still;
      std::vector<std::pair<double, int>> frac;  // ranked value, column
      auto keep = [&](int k) {
        const int e = master.owner(k);
        place(e, k);
        master.Fix(k);
        fixed[static_cast<size_t>(e)] = k;
      };
      for (int e : open) {
        const int k = best_col[static_cast<size_t>(e)];
        if (k >= 0 && best_val[static_cast<size_t>(e)] >= kIntegral) {
          keep(k);
          continue;
        }
        if (cells && k >= 0 && force(e, k, kIntegral)) {
          keep(k);
          continue;
        }
        still.push_back(e);
        if (k < 0) continue;  // only the artificial: pricing must find a row
        const double v = best_val[static_cast<size_t>(e)];
        const double ranked = noise > 0 ? v + noise * std::generate_canonical<double, 32>(rng) : v;
        frac.emplace_back(lifted[static_cast<size_t>(e)] ? ranked - 2 - noise : ranked, k);
      }
      std::stable_sort(frac.begin(), frac.end(),
                       [](const auto& x, const auto& y) { return x.first > y.first; });
      const auto batch = std::max<size_t>(
          1, static_cast<size_t>(std::ceil(share * static_cast<double>(still.size()))));
      // The state before the batch, to undo it.
      const double lp_before = lp;
      const std::vector<int16_t> forced_before = forced;
      const std::vector<int> fixed_before = fixed;
      std::vector<uint8_t> kept(static_cast<size_t>(t.E), 0);
      // Columns above one half are their employee's clear choice: all kept
      // by a row dive (a cell dive keeps to its batch: fixing them all at
      // once made Instance 13's LP jump from 1348 to ~1450 on some roots).
      size_t take = std::min(batch, frac.size());
      while (!cells && take < frac.size() &&
             master.value(frac[take].second) >= params.dive_keep_value)
        ++take;
      for (size_t i = 0; i < take; ++i) {
        const int k = frac[i].second, e = master.owner(k);
        if (cells && !force(e, k, params.cell_majority))
          continue;  // cells fixed, the row still open
        keep(k);
        kept[static_cast<size_t>(e)] = 1;
      }
      const bool progress = still.size() < open.size() || !frac.empty();
      open.clear();
      for (int e : still)
        if (!kept[static_cast<size_t>(e)]) open.push_back(e);
      if (open.empty()) break;
      bool exact = false;
      bool converged = generate(params.dive_rounds, &exact);
      // With hold_bound, a batch that lifts an LP at the root's bound off it
      // (by a whole unit, rounded up) is undone too.
      const bool leaves_bound = params.hold_bound && res.lp_is_bound &&
                                std::ceil(lp_before - kBoundSlack) <= res.bound &&
                                std::ceil(lp - kBoundSlack) > std::ceil(lp_before - kBoundSlack);
      const bool jumps = lp > lp_before + kLpJump * std::abs(lp_before);
      // A single employee's step that leaves the bound is undone too, and
      // the next-ranked employee tried, kMaxLifts times at most in a row.
      const bool single_lift = batch == 1 && take == 1 && leaves_bound && lifts < kMaxLifts;
      if (single_lift) {
        ++lifts;
        lifted[static_cast<size_t>(master.owner(frac[0].second))] = 1;
      }
      if (((batch > 1 && (jumps || leaves_bound)) || single_lift) && !rush && !out_of_time()) {
        // The batch cut deep into the LP (or off the bound): undo it and take
        // half as many (a single employee: the next-ranked one instead).
        forced = forced_before;
        fixed = fixed_before;
        open = still;
        master.Unfix();
        for (int e : free) {
          if (fixed[static_cast<size_t>(e)] >= 0)
            master.Fix(fixed[static_cast<size_t>(e)]);
          else if (!forced.empty())
            master.Restrict(e, forced.data() + static_cast<size_t>(e * L));
        }
        lp = master.SolveLp();
        if (!single_lift) shrink /= 2;
        ++res.backtracks;
        if (!jumps) ++res.held;
        continue;
      }
      shrink = std::min(1.0, shrink * 2);
      if (lifts > 0) {
        std::fill(lifted.begin(), lifted.end(), 0);
        lifts = 0;
      }
      // A converged, exactly priced LP bounds every roster below this node:
      // with integer weights, one that cannot beat the best by a whole unit
      // ends the dive.
      if (converged && exact && res.found && std::ceil(lp - kBoundSlack) >= best_window) {
        ++res.pruned;
        return std::nullopt;
      }
      if (!progress) break;
    }
    if (!open.empty() && out_of_time()) {
      // Out of time: the employees still open take their largest column.
      largest();
      std::vector<int> still;
      for (int e : open) {
        const int k = best_col[static_cast<size_t>(e)];
        if (k < 0) {
          still.push_back(e);
          continue;
        }
        place(e, k);
      }
      open = std::move(still);
    }
    if (!open.empty()) return std::nullopt;
    return done;
  };

  RowOptimizer polisher(t);
  int stale = 0;  // dives in a row that found nothing better
  for (int i = 0; i < params.dives && !out_of_time() && stale < params.stale_dives; ++i) {
    if (i > 0) {  // back to the root
      master.Unfix();
      open = free;
      lp = master.SolveLp();
    }
    // With cell_dive, dives alternate: cells first, then whole rows (which
    // do better on some instances: Instance 5's root, 1147 against 1243).
    auto g = dive(i < 2 ? 0.0 : params.dive_noise, params.cell_dive && i % 2 == 0);
    ++stale;
    if (!g) continue;
    const int64_t pen = Polish(t, polisher, free, a, b, *g);
    ++res.dives;
    if (!res.found || pen < best_window) {
      res.found = true;
      res.roster = *g;
      best_window = pen;
      stale = 0;
      // The root's bound holds for every roster: one that meets it is optimal.
      if (res.bound >= 0 && res.bound >= best_window) {
        res.optimal = true;
        break;
      }
    }
  }
  // Branch and price (branch_nodes): depth first on cells, every employee
  // re-planned open. A node prices the rows to convergence under its fixed
  // cells; it is pruned when its exactly priced LP cannot beat the
  // incumbent by a whole unit, and gives a roster when every employee's LP
  // row is whole. Otherwise it branches on the free cell whose most valued
  // shift has the largest LP value short of one (the most settled: the
  // first child stays close to its parent's LP, as a dive's step does), one
  // child per value of the cell, most valued first. The incumbent is the
  // best dive's roster or the base, whichever is better; a tree searched to
  // the end, every node priced exactly, proves it optimal.
  auto branch_and_price = [&] {
    int64_t incumbent = res.found ? std::min(best_window, base_penalty) : base_penalty;
    // Nodes are pruned on the incumbent or, below it, on the target.
    const int64_t root_bound = static_cast<int64_t>(std::ceil(res.lp - kBoundSlack));
    res.target = params.target_above_bound;
    auto prune_level = [&] {
      return res.target < 0 ? incumbent : std::min(incumbent, root_bound + res.target + 1);
    };
    int64_t prune_at = prune_level();
    round_cap = std::numeric_limits<int>::max();
    branching = true;
    master.set_dual_after_bounds(true);
    open = free;
    if (kept.empty())
      forced.assign(static_cast<size_t>(t.E * L), RowDpOptions::kFree);
    else
      forced = kept;
    // The master keeps exactly the columns that agree with `forced`.
    auto restrict_all = [&] {
      master.Unfix();
      for (int e : free) master.Restrict(e, forced.data() + static_cast<size_t>(e * L));
    };
    restrict_all();
    // Cover branching: the node that began the current pattern subtree
    // (-1: none), and the nodes each may have.
    int64_t pattern_start = -1;
    const int64_t pattern_budget =
        params.pattern_nodes > 0 ? params.pattern_nodes : std::numeric_limits<int64_t>::max();
    // The cover each cell is held to by the branches above.
    std::vector<int> cover_lo(static_cast<size_t>(CS), -Master::kNoLimit),
        cover_hi(static_cast<size_t>(CS), Master::kNoLimit);
    const int V = t.S + 1;  // a cell's values: off, then the shifts
    std::vector<double> agg(static_cast<size_t>(L * V));
    std::vector<int> whole_col(static_cast<size_t>(t.E));
    bool complete = true;
    auto stop_here = [&] {
      return out_of_time() || res.nodes >= params.branch_nodes ||
             (pattern_start >= 0 && res.nodes - pattern_start >= pattern_budget);
    };
    std::function<void()> node = [&] {
      if (stop_here()) {
        complete = false;
        return;
      }
      ++res.nodes;
      bool exact = false;
      cutoff = static_cast<double>(prune_at);
      const bool bound = generate(params.root_rounds, &exact) && exact;
      cutoff = kNoCutoff;
      if (cut_off || no_row) return;
      if (!master.Optimal()) {  // numerical trouble: nothing proven below
        complete = false;
        return;
      }
      if (!bound) complete = false;
      if (bound && std::ceil(lp - kBoundSlack) >= prune_at) return;
      // Cover first: the number of people on a cell is whole in every
      // roster; where the LP's is not, one child allows at most its floor,
      // the other at least its ceiling, the nearer first.
      if (params.cover_branching) {
        int ci = -1;
        double frac_best = kCoverTolerance;
        for (int i = 0; i < CS; ++i) {
          const double c = master.Cover(i);
          const double f = std::abs(c - std::round(c));
          if (f > frac_best) frac_best = f, ci = i;
        }
        if (ci >= 0) {
          ++res.cover_branches;
          const double c = master.Cover(ci);
          const int fl = static_cast<int>(std::floor(c));
          const auto ii = static_cast<size_t>(ci);
          const int lo = cover_lo[ii], hi = cover_hi[ii];
          const bool up_first = c - fl >= 0.5;
          for (int side = 0; side < 2; ++side) {
            if ((side == 0) == up_first)
              cover_lo[ii] = fl + 1, cover_hi[ii] = hi;
            else
              cover_lo[ii] = lo, cover_hi[ii] = fl;
            master.BoundCover(ci, cover_lo[ii], cover_hi[ii]);
            // The columns the cells of the last pattern searched left out
            // are back (else the LP would price them again as new ones).
            restrict_all();
            node();
            if (stop_here()) break;
          }
          cover_lo[ii] = lo, cover_hi[ii] = hi;
          master.BoundCover(ci, lo, hi);
          return;
        }
      }
      // A pattern subtree (cover whole here, none above): a node budget.
      const bool starts_pattern = pattern_start < 0;
      if (starts_pattern) {
        pattern_start = res.nodes;
        ++res.patterns;
      }
      struct PatternEnd {  // the subtree's node count ends with it
        int64_t* start;
        bool on;
        ~PatternEnd() {
          if (on) *start = -1;
        }
      } pattern_end{&pattern_start, starts_pattern};
      std::fill(whole_col.begin(), whole_col.end(), -1);
      for (int k = 0; k < master.num_rows(); ++k)
        if (master.value(k) >= kIntegral) whole_col[static_cast<size_t>(master.owner(k))] = k;
      int be = -1, bi = -1;
      double top = -1;
      std::vector<std::pair<double, int>> order;  // LP value, value of the cell
      for (int e : free) {
        if (whole_col[static_cast<size_t>(e)] >= 0) continue;
        master.CellValues(e, &agg);
        bool chosen = false;
        for (int i = 0; i < L; ++i) {
          if (forced[static_cast<size_t>(e * L + i)] != RowDpOptions::kFree) continue;
          const double* c = agg.data() + static_cast<size_t>(i * V);
          const double m = *std::max_element(c, c + V);
          if (m < kIntegral && m > top) top = m, be = e, bi = i, chosen = true;
        }
        if (chosen) {
          order.clear();
          for (int v = 0; v < V; ++v)
            order.emplace_back(agg[static_cast<size_t>(bi * V + v)], v - 1);
        }
      }
      if (be < 0) {
        bool all_whole = true;
        for (int e : free) all_whole = all_whole && whole_col[static_cast<size_t>(e)] >= 0;
        if (!all_whole) {  // fractional with every free cell settled: not searched further
          complete = false;
          return;
        }
        Grid g = base_grid;
        for (int e : free) {
          const auto& row = master.row(whole_col[static_cast<size_t>(e)]);
          std::copy(row.begin(), row.end(), g[static_cast<size_t>(e)].begin() + a);
        }
        const int64_t pen = Polish(t, polisher, free, a, b, g);
        if (pen < incumbent) {
          incumbent = best_window = pen;
          prune_at = std::min(prune_at, incumbent);
          res.found = true;
          res.roster = std::move(g);
          ++res.branch_found;
        }
        return;
      }
      std::stable_sort(order.begin(), order.end(),
                       [](const auto& x, const auto& y) { return x.first > y.first; });
      int16_t& cell = forced[static_cast<size_t>(be * L + bi)];
      for (const auto& [value, v] : order) {
        cell = static_cast<int16_t>(v);
        restrict_all();
        node();
        if (stop_here()) break;
      }
      cell = RowDpOptions::kFree;
    };
    node();
    // Searched to the end under a target below the incumbent: no roster
    // meets it; look again higher, by steps that double (1, 2, 4, ...: the
    // searches grow with the target, so the last one costs about as much
    // as all before it; with steps of one, a bound far below the incumbent
    // took tens of searches).
    if (complete) res.bound = std::max(res.bound, prune_at);
    for (int step = 1; complete && prune_at < incumbent && !stop_here(); step *= 2) {
      res.target += step;
      prune_at = prune_level();
      node();
      if (complete) res.bound = std::max(res.bound, prune_at);
    }
    if (complete && prune_at >= incumbent) res.optimal = true;
  };
  if (params.branch_nodes > 0 && res.lp_is_bound && !res.optimal && !out_of_time())
    branch_and_price();
  res.seconds = elapsed();
  return res;
}

}  // namespace weft::roster
