#include "roster/shiftplan/solver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <numeric>
#include <random>
#include <thread>

#include "roster/shiftplan/bound.h"
#include "roster/shiftplan/row_solver.h"

namespace weft::shiftplan {

namespace {

using Clock = std::chrono::steady_clock;

// A plan with its cover counts, kept in step, and the price of one more
// person in each cell given those counts.
class State {
 public:
  explicit State(const Model& m)
      : m_(m),
        g_(static_cast<size_t>(m.W()), std::vector<int>(static_cast<size_t>(m.D()), -1)),
        count_(m.problem().need.size(), 0),
        price_(m.problem().need.size()) {
    for (size_t c = 0; c < count_.size(); ++c) Reprice(c);
  }

  const PlanGrid& grid() const { return g_; }
  const std::vector<double>& price() const { return price_; }
  int count(size_t c) const { return count_[c]; }
  int units(int w) const {
    int u = 0;
    for (int d = 0; d < m_.D(); ++d)
      if (const int ci = g_[static_cast<size_t>(w)][static_cast<size_t>(d)]; ci >= 0)
        u += m_.cands(w, d)[static_cast<size_t>(ci)].units;
    return u;
  }

  void Set(int w, int d, int ci) {
    int& cur = g_[static_cast<size_t>(w)][static_cast<size_t>(d)];
    if (cur == ci) return;
    if (cur >= 0) Touch(w, d, m_.cands(w, d)[static_cast<size_t>(cur)], -1);
    cur = ci;
    if (ci >= 0) Touch(w, d, m_.cands(w, d)[static_cast<size_t>(ci)], +1);
  }
  void SetRow(int w, const std::vector<int>& row) {
    for (int d = 0; d < m_.D(); ++d) Set(w, d, row[static_cast<size_t>(d)]);
  }
  const std::vector<int>& row(int w) const { return g_[static_cast<size_t>(w)]; }

  // The full objective from scratch.
  double Total() const {
    double v = 0;
    for (int w = 0; w < m_.W(); ++w) {
      int u = 0;
      for (int d = 0; d < m_.D(); ++d)
        if (const int ci = g_[static_cast<size_t>(w)][static_cast<size_t>(d)]; ci >= 0) {
          const Candidate& c = m_.cands(w, d)[static_cast<size_t>(ci)];
          v += c.own_cost;
          u += c.units;
        }
      v += m_.FairnessCost(w, u);
    }
    for (size_t c = 0; c < count_.size(); ++c) v += m_.CoverCost(c, count_[c]);
    return v;
  }

 private:
  void Reprice(size_t c) {
    price_[c] = m_.CoverCost(c, count_[c] + 1) - m_.CoverCost(c, count_[c]);
  }
  void Touch(int, int d, const Candidate& c, int sign) {
    auto piece = [&](int a, int b) {
      for (int i = a; i < b; ++i) {
        const size_t cell = m_.Cell(d, i, c.skill);
        count_[cell] += sign;
        Reprice(cell);
      }
    };
    piece(c.start, c.end);
    if (c.start2 >= 0) piece(c.start2, c.end2);
  }

  const Model& m_;
  PlanGrid g_;
  std::vector<int> count_;
  std::vector<double> price_;
};

bool Covers(const Candidate& c, int i) {
  return (c.start <= i && i < c.end) || (c.start2 >= 0 && c.start2 <= i && i < c.end2);
}

bool RestFits(const Model& m, const PlanGrid& g, int w, int d, const Candidate& c) {
  if (d > 0) {
    const int p = g[static_cast<size_t>(w)][static_cast<size_t>(d - 1)];
    if (p >= 0 && !m.RestOk(w, m.cands(w, d - 1)[static_cast<size_t>(p)], c)) return false;
  }
  if (d + 1 < m.D()) {
    const int n = g[static_cast<size_t>(w)][static_cast<size_t>(d + 1)];
    if (n >= 0 && !m.RestOk(w, c, m.cands(w, d + 1)[static_cast<size_t>(n)])) return false;
  }
  return true;
}

// The best response of w in s: re-plans its week given everyone else.
// Returns the change of the objective (<= 0 when taken; the row is kept
// otherwise). `strict`: take only a strict improvement.
double BestResponse(const Model& m, State& s, RowSolver& rs, int w, std::vector<int>& scratch) {
  const std::vector<int> old = s.row(w);
  s.SetRow(w, std::vector<int>(static_cast<size_t>(m.D()), -1));
  const double old_v = rs.Value(w, s.price(), RowCost::kObjective, old);
  double new_v = 0;
  if (rs.Solve(w, s.price(), RowCost::kObjective, scratch, new_v) && new_v < old_v - 1e-9) {
    s.SetRow(w, scratch);
    return new_v - old_v;
  }
  s.SetRow(w, old);
  return 0;
}

PlanGrid Greedy(const Model& m) {
  const Problem& p = m.problem();
  State s(m);
  std::vector<int> units(static_cast<size_t>(m.W()), 0);
  for (int w = 0; w < m.W(); ++w)
    for (int d = 0; d < m.D(); ++d)
      if (m.pinned(w, d) >= 0) {
        s.Set(w, d, m.pinned(w, d));
        units[static_cast<size_t>(w)] += m.cands(w, d)[static_cast<size_t>(m.pinned(w, d))].units;
      }
  // Workers certified for skill k with time on day d.
  std::vector<std::vector<int>> pool(static_cast<size_t>(m.D() * m.K()));
  for (int w = 0; w < m.W(); ++w)
    for (int d = 0; d < m.D(); ++d) {
      std::vector<uint8_t> seen(static_cast<size_t>(m.K()), 0);
      for (const Candidate& c : m.cands(w, d)) seen[static_cast<size_t>(c.skill)] = 1;
      for (int k = 0; k < m.K(); ++k)
        if (seen[static_cast<size_t>(k)]) pool[static_cast<size_t>(d * m.K() + k)].push_back(w);
    }
  for (auto& v : pool)
    std::stable_sort(v.begin(), v.end(), [&](int a, int b) {
      return p.workers[static_cast<size_t>(a)].hourly_cost <
             p.workers[static_cast<size_t>(b)].hourly_cost;
    });
  std::vector<uint8_t> dead(p.need.size(), 0);
  while (true) {
    double worst = 0;
    size_t at = 0;
    for (size_t c = 0; c < p.need.size(); ++c) {
      if (dead[c]) continue;
      const double gap = (p.need[c] - s.count(c)) * m.under_weight(c);
      if (gap > worst) worst = gap, at = c;
    }
    if (worst <= 0) break;
    const int k = static_cast<int>(at % static_cast<size_t>(m.K()));
    const int slot = static_cast<int>(at / static_cast<size_t>(m.K()));
    const int d = slot / m.S(), i = slot % m.S();
    int chosen_w = -1, chosen_c = -1;
    for (int w : pool[static_cast<size_t>(d * m.K() + k)]) {
      if (s.row(w)[static_cast<size_t>(d)] >= 0) continue;
      const int room = m.max_units(w) - units[static_cast<size_t>(w)];
      int best_c = -1, best_cover = -1, best_units = 0;
      const auto& cands = m.cands(w, d);
      for (size_t ci = 0; ci < cands.size(); ++ci) {
        const Candidate& c = cands[ci];
        if (c.skill != k || !Covers(c, i) || c.units > room || !RestFits(m, s.grid(), w, d, c))
          continue;
        int cover = 0;
        for (int j = c.start; j < c.end; ++j)
          cover += s.count(m.Cell(d, j, k)) < m.need(m.Cell(d, j, k));
        for (int j = c.start2; j < c.end2; ++j)
          cover += s.count(m.Cell(d, j, k)) < m.need(m.Cell(d, j, k));
        if (cover > best_cover || (cover == best_cover && c.units < best_units))
          best_c = static_cast<int>(ci), best_cover = cover, best_units = c.units;
      }
      if (best_c >= 0) {
        chosen_w = w, chosen_c = best_c;
        break;  // the pool is sorted by cost: the first that fits is the cheapest
      }
    }
    if (chosen_w < 0) {
      dead[at] = 1;
      continue;
    }
    s.Set(chosen_w, d, chosen_c);
    units[static_cast<size_t>(chosen_w)] +=
        m.cands(chosen_w, d)[static_cast<size_t>(chosen_c)].units;
  }
  // Promised hours: re-plan those short of them (exactly, given the rest).
  RowSolver rs(m);
  std::vector<int> row;
  for (int w = 0; w < m.W(); ++w) {
    if (s.units(w) >= m.min_units(w)) continue;
    s.SetRow(w, std::vector<int>(static_cast<size_t>(m.D()), -1));
    double v = 0;
    if (rs.Solve(w, s.price(), RowCost::kObjective, row, v)) s.SetRow(w, row);
  }
  return s.grid();
}

struct Shared {
  const PlanParams& params;
  Clock::time_point start;
  double Elapsed() const { return std::chrono::duration<double>(Clock::now() - start).count(); }
};

class Search {
 public:
  Search(const Model& m, uint64_t seed)
      : m_(m), s_(m), rs_(m), rng_(seed), empty_(static_cast<size_t>(m.D()), -1) {
    could_.resize(static_cast<size_t>(m.D() * m.S()));
    for (int w = 0; w < m.W(); ++w)
      for (int d = 0; d < m.D(); ++d) {
        if (m.pinned(w, d) >= 0) continue;
        std::vector<uint8_t> through(static_cast<size_t>(m.S()), 0);
        for (const Candidate& c : m.cands(w, d))
          for (int i = c.start; i < c.last_end(); ++i) through[static_cast<size_t>(i)] = 1;
        for (int i = 0; i < m.S(); ++i)
          if (through[static_cast<size_t>(i)])
            could_[static_cast<size_t>(d * m.S() + i)].push_back(w);
      }
  }

  void Adopt(const PlanGrid& g) {
    for (int w = 0; w < m_.W(); ++w) s_.SetRow(w, g[static_cast<size_t>(w)]);
    total_ = s_.Total();  // from scratch: no drift across rounds
    best_ = s_.grid();
    best_total_ = total_;
  }

  // Best responses in random orders until a full pass improves nothing
  // (or `passes` passes).
  void Descend(int passes, const std::function<bool()>& stop) {
    std::vector<int> order(static_cast<size_t>(m_.W()));
    std::iota(order.begin(), order.end(), 0);
    for (int pass = 0; pass < passes; ++pass) {
      std::shuffle(order.begin(), order.end(), rng_);
      double gained = 0;
      for (int w : order) {
        if (stop()) return;
        gained += BestResponse(m_, s_, rs_, w, scratch_);
        ++responses_;
      }
      total_ += gained;
      Keep();
      if (gained > -1e-9) return;
    }
  }

  // One ruin-and-recreate step at temperature `temp`.
  void Ruin(double temp) {
    ++ruins_;
    const int d = static_cast<int>(rng_() % static_cast<uint64_t>(m_.D()));
    const int len = 2 + static_cast<int>(rng_() % 7);
    const int a = static_cast<int>(rng_() % static_cast<uint64_t>(std::max(1, m_.S() - len)));
    // Workers working that stretch, and a few who could.
    std::vector<int>& who = who_;
    who.clear();
    for (int w = 0; w < m_.W(); ++w) {
      const int ci = s_.row(w)[static_cast<size_t>(d)];
      if (ci < 0 || m_.pinned(w, d) >= 0) continue;
      const Candidate& c = m_.cands(w, d)[static_cast<size_t>(ci)];
      if (c.start < a + len && a < c.last_end()) who.push_back(w);
    }
    const size_t k_on = std::min<size_t>(who.size(), 1 + rng_() % 4);
    for (size_t i = 0; i < k_on; ++i) std::swap(who[i], who[i + rng_() % (who.size() - i)]);
    who.resize(k_on);
    const auto& pool = could_[static_cast<size_t>(d * m_.S() + a)];
    for (int tries = static_cast<int>(rng_() % 3); tries > 0 && !pool.empty(); --tries) {
      const int w = pool[rng_() % pool.size()];
      if (s_.row(w)[static_cast<size_t>(d)] < 0 &&
          std::find(who.begin(), who.end(), w) == who.end())
        who.push_back(w);
    }
    if (who.empty()) return;
    saved_.clear();
    for (int w : who) saved_.emplace_back(w, s_.row(w));
    // Ruin: the chosen ones lose that day's shift (the rest of their weeks
    // stays, so the promises can still be kept by the re-plan).
    double delta = 0;
    for (int w : who) {
      std::vector<int> row = s_.row(w);
      row[static_cast<size_t>(d)] = -1;
      delta += Replace(w, row);
    }
    // Recreate: each re-plans its whole week exactly, in random order.
    std::shuffle(who.begin(), who.end(), rng_);
    for (int w : who) {
      const std::vector<int> cur = s_.row(w);
      s_.SetRow(w, empty_);
      const double old_v = rs_.Value(w, s_.price(), RowCost::kObjective, cur);
      double v = 0;
      if (rs_.Solve(w, s_.price(), RowCost::kObjective, scratch_, v)) {
        s_.SetRow(w, scratch_);
        delta += v - old_v;
      } else {
        // No week keeps the rules from here: back to where it was.
        const auto& orig = std::find_if(saved_.begin(), saved_.end(), [&](const auto& x) {
                             return x.first == w;
                           })->second;
        delta += rs_.Value(w, s_.price(), RowCost::kObjective, orig) - old_v;
        s_.SetRow(w, orig);
      }
      ++responses_;
    }
    const bool accept = delta <= 1e-9 || (temp > 0 && std::generate_canonical<double, 32>(rng_) <
                                                          std::exp(-delta / temp));
    if (accept) {
      total_ += delta;
      Keep();
    } else {
      for (const auto& [w, row] : saved_) s_.SetRow(w, row);
    }
  }

  const PlanGrid& best() const { return best_; }
  double best_total() const { return best_total_; }
  int64_t responses() const { return responses_; }
  int64_t ruins() const { return ruins_; }

 private:
  // Replaces w's week by `row`; returns the change of the objective.
  double Replace(int w, const std::vector<int>& row) {
    const std::vector<int> old = s_.row(w);
    s_.SetRow(w, empty_);
    const double d = rs_.Value(w, s_.price(), RowCost::kObjective, row) -
                     rs_.Value(w, s_.price(), RowCost::kObjective, old);
    s_.SetRow(w, row);
    return d;
  }

  void Keep() {
    if (total_ < best_total_ - 1e-9) {
      best_total_ = total_;
      best_ = s_.grid();
    }
  }

  const Model& m_;
  State s_;
  RowSolver rs_;
  std::mt19937_64 rng_;
  std::vector<int> scratch_;
  std::vector<std::pair<int, std::vector<int>>> saved_;
  std::vector<int> who_, empty_;
  std::vector<std::vector<int>> could_;  // [d * S + i]: workers with a shift through slot i
  PlanGrid best_;
  double total_ = 0, best_total_ = 0;
  int64_t responses_ = 0, ruins_ = 0;
};

std::vector<Shift> ToShiftsImpl(const Model& m, const PlanGrid& g);

PlanResult Finish(const Problem& p, const Model& m, const PlanGrid& g, double seconds) {
  PlanResult r;
  r.shifts = ToShiftsImpl(m, g);
  r.check = CheckPlan(p, r.shifts);
  State s(m);
  for (int w = 0; w < m.W(); ++w) s.SetRow(w, g[static_cast<size_t>(w)]);
  r.objective = s.Total();
  r.seconds = seconds;
  r.notes = m.notes();
  if (!r.check.feasible)
    r.status = Status::Infeasible("no plan keeps every rule: " + r.check.violations.front());
  else if (std::abs(r.objective - r.check.score.total) >
           1e-6 * std::max(1.0, std::abs(r.objective)))
    r.status = Status::Internal("the independent checker disagrees with the engine's objective");
  return r;
}

}  // namespace

PlanResult GreedyPlan(const Problem& p) {
  const auto t0 = Clock::now();
  if (Status st = p.Validate(); !st.ok()) {
    PlanResult r;
    r.status = st;
    return r;
  }
  const Model m(p);
  const PlanGrid g = Greedy(m);
  return Finish(p, m, g, std::chrono::duration<double>(Clock::now() - t0).count());
}

PlanResult PlanShifts(const Problem& p, const PlanParams& params) {
  Shared sh{params, Clock::now()};
  PlanResult fail;
  if (Status st = p.Validate(); !st.ok()) {
    fail.status = st;
    return fail;
  }
  if (params.time_limit_seconds <= 0 && params.iteration_limit <= 0) {
    fail.status = Status::InvalidInput("a time limit or an iteration limit is required");
    return fail;
  }
  const Model m(p);
  auto out_of_time = [&] {
    return (params.time_limit_seconds > 0 && sh.Elapsed() >= params.time_limit_seconds) ||
           (params.cancel && params.cancel->load());
  };
  auto progress = [&](const std::string& phase, double best, double lb) {
    if (!params.on_progress) return;
    PlanProgress pr;
    pr.seconds = sh.Elapsed();
    pr.best = best;
    pr.lower_bound = lb;
    pr.phase = phase;
    params.on_progress(pr);
  };
  const PlanGrid greedy = Greedy(m);
  const int T = std::max(1, params.threads);
  std::vector<std::unique_ptr<Search>> searches;
  for (int i = 0; i < T; ++i)
    searches.push_back(
        std::make_unique<Search>(m, params.seed * 1000003ULL + static_cast<uint64_t>(i)));
  searches[0]->Adopt(greedy);
  progress("greedy", searches[0]->best_total(), 0);
  auto stop = [&] { return out_of_time(); };
  // Best responses from the greedy plan: a good plan fast, and good first
  // columns for the bound.
  searches[0]->Descend(1000, stop);
  const PlanGrid descended = searches[0]->best();
  progress("search", searches[0]->best_total(), 0);

  // The bound, seeded with those rows; its LP plan is a second start.
  BoundResult bound;
  if (params.bound) {
    BoundParams bp;
    if (params.time_limit_seconds > 0)
      bp.time_limit_seconds = params.time_limit_seconds * params.bound_time_share;
    bp.threads = T;
    bp.cancel = params.cancel;
    for (int w = 0; w < m.W(); ++w) bp.initial_rows.push_back(descended[static_cast<size_t>(w)]);
    const double best0 = searches[0]->best_total();
    bp.on_round = [&](double, double, double lb) { progress("bound", best0, lb); };
    bound = LowerBound(m, bp);
  }
  BoundResult objective_bound;
  if (params.objective_bound) {
    BoundParams bp;
    bp.mode = RowCost::kObjective;
    if (params.time_limit_seconds > 0)
      bp.time_limit_seconds = params.time_limit_seconds * params.bound_time_share;
    bp.threads = T;
    bp.cancel = params.cancel;
    for (int w = 0; w < m.W(); ++w) bp.initial_rows.push_back(descended[static_cast<size_t>(w)]);
    for (int w = 0; w < m.W() && bound.rounds > 0; ++w)
      for (const auto& [x, row] : bound.lp_rows[static_cast<size_t>(w)])
        if (x > 0.5) bp.initial_rows[static_cast<size_t>(w)] = row;
    objective_bound = LowerBound(m, bp);
  }
  if (params.bound && bound.rounds > 0 && T > 1) {
    // Each worker's heaviest LP column.
    PlanGrid lp_start = greedy;
    for (int w = 0; w < m.W(); ++w) {
      const auto& cols = bound.lp_rows[static_cast<size_t>(w)];
      double best_x = 0;
      for (const auto& [x, row] : cols)
        if (x > best_x) best_x = x, lp_start[static_cast<size_t>(w)] = row;
    }
    searches[1]->Adopt(lp_start);
    searches[1]->Descend(1000, stop);
  }
  for (int i = 1; i < T; ++i)
    if (searches[static_cast<size_t>(i)]->best().empty())
      searches[static_cast<size_t>(i)]->Adopt(descended);
  // Then ruin and recreate on all threads.
  auto best_owner = [&] {
    int o = 0;
    for (int i = 1; i < T; ++i)
      if (searches[static_cast<size_t>(i)]->best_total() <
          searches[static_cast<size_t>(o)]->best_total())
        o = i;
    return o;
  };
  double mean_pay = 0;
  for (const Worker& wk : p.workers) mean_pay += wk.hourly_cost;
  mean_pay = std::max(1.0, mean_pay / std::max(1, m.W()));
  const double t_start = 0.5 * mean_pay, t_end = 0.005 * mean_pay;
  int64_t done = 0;
  const int64_t per_round = 200;
  while (!out_of_time() && (params.iteration_limit <= 0 || done < params.iteration_limit)) {
    const PlanGrid best = searches[static_cast<size_t>(best_owner())]->best();
    for (auto& s : searches) s->Adopt(best);
    progress("search", searches[0]->best_total(), bound.lower_bound);
    std::vector<std::thread> pool;
    const int64_t steps =
        params.iteration_limit > 0 ? std::min(per_round, params.iteration_limit - done) : per_round;
    for (int i = 0; i < T; ++i)
      pool.emplace_back([&, i, steps, done] {
        for (int64_t j = 0; j < steps && !out_of_time(); ++j) {
          double frac =
              params.time_limit_seconds > 0 ? sh.Elapsed() / params.time_limit_seconds : 0;
          if (params.iteration_limit > 0)
            frac = std::max(
                frac, static_cast<double>(done + j) / static_cast<double>(params.iteration_limit));
          frac = std::min(1.0, frac);
          searches[static_cast<size_t>(i)]->Ruin(t_start * std::pow(t_end / t_start, frac));
        }
      });
    for (auto& th : pool) th.join();
    done += steps;
  }
  const Search& win = *searches[static_cast<size_t>(best_owner())];
  PlanResult r = Finish(p, m, win.best(), sh.Elapsed());
  for (const auto& s : searches) {
    r.best_responses += s->responses();
    r.ruins += s->ruins();
  }
  if (params.bound && bound.rounds > 0) {
    r.lower_bound = bound.lower_bound;
    r.bound_proven = bound.converged;
    r.bound_seconds = bound.seconds;
    const double v = r.check.score.cover_and_cost;
    r.gap = r.lower_bound > 0 ? (v - r.lower_bound) / r.lower_bound : (v > 1e-9 ? 1.0 : 0.0);
  }
  if (params.objective_bound && objective_bound.rounds > 0) {
    r.objective_lower_bound = objective_bound.lower_bound;
    r.bound_seconds += objective_bound.seconds;
  }
  return r;
}

std::vector<Shift> ToShifts(const Model& m, const PlanGrid& g) { return ToShiftsImpl(m, g); }

namespace {
std::vector<Shift> ToShiftsImpl(const Model& m, const PlanGrid& g) {
  std::vector<Shift> out;
  for (int w = 0; w < m.W(); ++w)
    for (int d = 0; d < m.D(); ++d)
      if (const int ci = g[static_cast<size_t>(w)][static_cast<size_t>(d)]; ci >= 0)
        out.push_back(ToShift(m, w, d, m.cands(w, d)[static_cast<size_t>(ci)]));
  return out;
}
}  // namespace

}  // namespace weft::shiftplan
