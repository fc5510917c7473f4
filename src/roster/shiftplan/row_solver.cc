#include "roster/shiftplan/row_solver.h"

#include <algorithm>
#include <limits>
#include <tuple>

namespace weft::shiftplan {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

RowSolver::RowSolver(const Model& m) : m_(m) {}

double RowSolver::CandidateCost(int w, int d, const Candidate& c,
                                std::span<const double> cell_price, RowCost mode) const {
  double v = mode == RowCost::kObjective ? c.own_cost : m_.problem().weights.cost * c.pay;
  (void)w;
  for (int i = c.start; i < c.end; ++i) v += cell_price[m_.Cell(d, i, c.skill)];
  for (int i = c.start2; i < c.end2; ++i) v += cell_price[m_.Cell(d, i, c.skill)];
  return v;
}

double RowSolver::Value(int w, std::span<const double> cell_price, RowCost mode,
                        std::span<const int> row) const {
  double v = 0;
  int units = 0;
  for (int d = 0; d < m_.D(); ++d) {
    const int ci = row[static_cast<size_t>(d)];
    if (ci < 0) continue;
    const Candidate& c = m_.cands(w, d)[static_cast<size_t>(ci)];
    v += CandidateCost(w, d, c, cell_price, mode);
    units += c.units;
  }
  if (mode == RowCost::kObjective) v += m_.FairnessCost(w, units);
  return v;
}

bool RowSolver::Solve(int w, std::span<const double> cell_price, RowCost mode,
                      std::vector<int>& row, double& value) {
  const int D = m_.D(), S = m_.S(), unit = m_.unit(), rest = m_.rest(w);
  // Units can never exceed what the days offer.
  int cap = 0;
  for (int d = 0; d < D; ++d) {
    int best = 0;
    for (const Candidate& c : m_.cands(w, d)) best = std::max(best, static_cast<int>(c.units));
    cap += best;
  }
  const int max_u = std::min(m_.max_units(w), cap);
  const int min_u = m_.min_units(w);
  if (min_u > max_u) return false;
  // Earliest-start classes: the distinct "next day from slot x" values the
  // rest rule produces for this worker (0: no restriction).
  int first_start = S;
  for (int d = 0; d < D; ++d)
    for (const Candidate& c : m_.cands(w, d)) first_start = std::min<int>(first_start, c.start);
  auto next_min_of = [&](const Candidate& c) {
    const int free_from = c.last_end() * unit + rest - 1440;
    const int x = free_from <= 0 ? 0 : std::min(S, (free_from + unit - 1) / unit);
    return x <= first_start ? 0 : x;
  };
  levels_.assign(1, 0);
  for (int d = 0; d < D; ++d)
    for (const Candidate& c : m_.cands(w, d)) levels_.push_back(next_min_of(c));
  std::sort(levels_.begin(), levels_.end());
  levels_.erase(std::unique(levels_.begin(), levels_.end()), levels_.end());
  const int R = static_cast<int>(levels_.size());
  const size_t NS = static_cast<size_t>((max_u + 1) * R);
  cost_.assign(NS, kInf);
  cost_[0] = 0;
  back_.assign(NS * static_cast<size_t>(D) * 2, -1);
  for (int d = 0; d < D; ++d) {
    // The day's options: the cheapest skill of each time shape.
    options_.clear();
    const auto& cands = m_.cands(w, d);
    const int pin = m_.pinned(w, d);
    for (size_t ci = 0; ci < cands.size(); ++ci) {
      if (pin >= 0 && static_cast<int>(ci) != pin) continue;
      const Candidate& c = cands[ci];
      const int level = static_cast<int>(
          std::lower_bound(levels_.begin(), levels_.end(), next_min_of(c)) - levels_.begin());
      options_.push_back({static_cast<int>(ci), c.units, c.start, level,
                          CandidateCost(w, d, c, cell_price, mode)});
    }
    auto shape = [&](const Option& o) {
      const Candidate& c = cands[static_cast<size_t>(o.cand)];
      return std::make_tuple(c.start, c.end, c.start2, c.end2);
    };
    std::sort(options_.begin(), options_.end(), [&](const Option& a, const Option& b) {
      const auto sa = shape(a), sb = shape(b);
      return sa != sb ? sa < sb : a.cost < b.cost;
    });
    options_.erase(
        std::unique(options_.begin(), options_.end(),
                    [&](const Option& a, const Option& b) { return shape(a) == shape(b); }),
        options_.end());
    next_.assign(NS, kInf);
    int32_t* back = back_.data() + static_cast<size_t>(d) * NS * 2;
    auto relax = [&](size_t to, double v, int cand, size_t from) {
      if (v < next_[to]) {
        next_[to] = v;
        back[to * 2] = cand;
        back[to * 2 + 1] = static_cast<int32_t>(from);
      }
    };
    for (size_t s = 0; s < NS; ++s) {
      const double v = cost_[s];
      if (v == kInf) continue;
      const int u = static_cast<int>(s) / R,
                ms = levels_[static_cast<size_t>(s) % static_cast<size_t>(R)];
      if (pin < 0) relax(static_cast<size_t>(u * R), v, -1, s);
      for (const Option& o : options_) {
        if (o.start < ms || u + o.units > max_u) continue;
        relax(static_cast<size_t>((u + o.units) * R + o.next_min), v + o.cost, o.cand, s);
      }
    }
    cost_.swap(next_);
  }
  double best = kInf;
  size_t at = 0;
  for (size_t s = 0; s < NS; ++s) {
    if (cost_[s] == kInf) continue;
    const int u = static_cast<int>(s) / R;
    if (u < min_u) continue;
    const double v = cost_[s] + (mode == RowCost::kObjective ? m_.FairnessCost(w, u) : 0);
    if (v < best) best = v, at = s;
  }
  if (best == kInf) return false;
  row.assign(static_cast<size_t>(D), -1);
  for (int d = D - 1; d >= 0; --d) {
    const int32_t* back = back_.data() + static_cast<size_t>(d) * NS * 2;
    row[static_cast<size_t>(d)] = back[at * 2];
    at = static_cast<size_t>(back[at * 2 + 1]);
  }
  value = best;
  return true;
}

}  // namespace weft::shiftplan
