#include "roster/row_dp.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>

namespace weft::roster {
namespace {
constexpr int64_t kInf = std::numeric_limits<int64_t>::max() / 4;

// A back pointer: the predecessor's run state and the shift chosen.
inline uint32_t Back(int st, int shift) {
  return static_cast<uint32_t>(st) | (static_cast<uint32_t>(static_cast<uint16_t>(shift)) << 16);
}

// Sets of choice groups as bit words (word w holds groups 64w .. 64w+63).
int Words(int n) { return (n + 63) / 64; }
void SetBit(uint64_t* words, int g) { words[g >> 6] |= uint64_t{1} << (g & 63); }
// fn(g) for every g in a & b, in increasing order.
template <typename Fn>
void ForEachCommon(const uint64_t* a, const uint64_t* b, int words, Fn&& fn) {
  for (int w = 0; w < words; ++w)
    for (uint64_t m = a[w] & b[w]; m != 0; m &= m - 1) fn(w * 64 + std::countr_zero(m));
}
}  // namespace

struct RunState {
  bool work;
  int cls;     // when working: successor class of the shift worked
  int len;     // days into the work run
  int exempt;  // 1: the run touches day 0 (no minimum applies)
};

struct RowOptimizer::Frame {
  // Run states: 0 .. R_off-1 are "off for k+1 days" (the last: rest long
  // enough); then (successor class, length, exempt) for work.
  RunState Decode(int st) const {
    if (st < R_off) return {false, -1, 0, 0};
    const int x = st - R_off;
    return {true, (x >> 1) / max_run, (x >> 1) % max_run + 1, x & 1};  // cls, len, exempt
  }

  int e, a, b, len;
  int S, K, R_off, max_run, min_run, min_rest;  // K: successor classes
  int NR, M, Wk, NS;
  int m_min, m_max;                 // window minutes, in units
  bool relaxed;                     // minutes priced, not in the state
  bool count_minutes;               // minutes in the state (else M = 1)
  const int16_t* forced = nullptr;  // per window day: the shift required, or kFree
  int init_state;                   // run state before day a
  std::vector<int> budget;          // per type, shifts still allowed in the window
  std::vector<uint8_t> weekend;     // per window day: working here may add a weekend
  // Continuation after b.
  bool at_end;
  ShiftIdx next;
  int next_run;
  bool next_touches_end;
  // Per window day i in [0, len] and run state st before it: the minute
  // levels [m_lo, m_hi) a state can hold on a path from the initial state to
  // a valid end (empty when none), and per day the weekend levels reachable
  // before it. Set by Bound(); empty: unbounded.
  std::vector<int> m_lo, m_hi;  // [i * NR + st]
  std::vector<int> w_cap;       // [i]
};

RowOptimizer::RowOptimizer(const ProblemTables& t) : t_(t) {
  unit_ = 0;
  for (int m : t.shift_minutes) unit_ = std::gcd(unit_, m);
  for (int m : t.shift_minutes) units_.push_back(m / unit_);
  max_units_ = *std::max_element(units_.begin(), units_.end());
  by_units_.resize(units_.size());
  std::iota(by_units_.begin(), by_units_.end(), 0);
  std::stable_sort(by_units_.begin(), by_units_.end(), [&](int x, int y) {
    return units_[static_cast<size_t>(x)] > units_[static_cast<size_t>(y)];
  });
  // Successor classes: shifts whose rows of forbidden successors are equal.
  const int S = t.S;
  auto row_of = [&](int s) {
    return std::vector<uint8_t>(t.forbidden.begin() + s * S, t.forbidden.begin() + (s + 1) * S);
  };
  std::vector<std::vector<uint8_t>> rows;
  for (int s = 0; s < S; ++s) {
    const auto row = row_of(s);
    const auto it = std::find(rows.begin(), rows.end(), row);
    class_of_.push_back(static_cast<int>(it - rows.begin()));
    if (it == rows.end()) {
      rows.push_back(row);
      class_rep_.push_back(s);
    }
  }
  num_classes_ = static_cast<int>(rows.size());
  // Choice groups: same class, forbidden after the same classes, same length.
  std::vector<std::vector<int>> keys;
  for (int s = 0; s < S; ++s) {
    std::vector<int> key{class_of_[static_cast<size_t>(s)], units_[static_cast<size_t>(s)]};
    for (int c = 0; c < num_classes_; ++c)
      key.push_back(t.forbidden[static_cast<size_t>(class_rep_[static_cast<size_t>(c)] * S + s)]);
    const auto it = std::find(keys.begin(), keys.end(), key);
    group_of_.push_back(static_cast<int>(it - keys.begin()));
    if (it == keys.end()) keys.push_back(key);
  }
  num_groups_ = static_cast<int>(keys.size());
  group_class_.resize(static_cast<size_t>(num_groups_));
  group_units_.resize(static_cast<size_t>(num_groups_));
  group_after_.assign(static_cast<size_t>(num_classes_ * num_groups_), 0);
  for (int g = 0; g < num_groups_; ++g) {
    const auto& k = keys[static_cast<size_t>(g)];
    group_class_[static_cast<size_t>(g)] = k[0];
    group_units_[static_cast<size_t>(g)] = k[1];
    for (int c = 0; c < num_classes_; ++c)
      group_after_[static_cast<size_t>(c * num_groups_ + g)] = k[static_cast<size_t>(2 + c)] == 0;
  }
  const int GW = Words(num_groups_);
  after_bits_.assign(static_cast<size_t>((num_classes_ + 1) * GW), 0);
  for (int c = 0; c <= num_classes_; ++c)
    for (int g = 0; g < num_groups_; ++g)
      if (c == num_classes_ || group_after_[static_cast<size_t>(c * num_groups_ + g)])
        SetBit(after_bits_.data() + static_cast<size_t>(c * GW), g);
}

bool RowOptimizer::Prepare(const Roster& r, int e, int a, int b, const RowDpOptions& o,
                           Frame& f) const {
  const double min_share = o.min_minutes_share;
  const bool relax = o.relax_minutes;
  const auto& rules = t_.problem.employees[static_cast<size_t>(e)];
  const int H = t_.H;
  f.e = e, f.a = a, f.b = b, f.len = b - a + 1, f.S = t_.S, f.K = num_classes_;
  f.max_run = std::min(rules.max_consecutive_shifts, H);  // no run is longer
  f.min_run = rules.min_consecutive_shifts;
  f.min_rest = rules.min_consecutive_days_off;
  f.R_off = std::max(f.min_rest, 1);
  f.NR = f.R_off + f.K * f.max_run * 2;
  if (f.NR > std::numeric_limits<uint16_t>::max()) return false;  // back pointers are 16-bit
  // Minutes and type counts outside the window.
  int inside = 0;
  f.budget.assign(static_cast<size_t>(f.S), 0);
  std::vector<int> in_type(static_cast<size_t>(f.S), 0);
  for (int d = a; d <= b; ++d)
    if (r.works(e, d)) {
      inside += t_.shift_minutes[static_cast<size_t>(r.at(e, d))];
      ++in_type[static_cast<size_t>(r.at(e, d))];
    }
  const int outside = r.minutes(e) - inside;
  if (outside > rules.max_total_minutes) return false;
  // No more minutes than the window can hold.
  const int m_max = std::min((rules.max_total_minutes - outside) / unit_, f.len * max_units_);
  f.M = m_max + 1;
  const int min_total =
      static_cast<int>(std::ceil(rules.min_total_minutes * std::min(1.0, min_share)));
  f.m_min = std::max(0, (min_total - outside + unit_ - 1) / unit_);
  if (f.m_min > m_max) return false;
  f.m_max = m_max;
  f.relaxed = relax;
  // Minutes the window cannot push out of bounds stay out of the state: the
  // rest of the row already reaches the minimum, and a full window keeps
  // the maximum.
  f.count_minutes = !relax && !(f.m_min == 0 && m_max == f.len * max_units_);
  if (!f.count_minutes) f.M = 1;
  for (int s = 0; s < f.S; ++s)
    f.budget[static_cast<size_t>(s)] = rules.max_shifts[static_cast<size_t>(s)] -
                                       (r.type_count(e, s) - in_type[static_cast<size_t>(s)]);
  // Weekends.
  int fixed = 0, open = 0;
  f.weekend.assign(static_cast<size_t>(f.len), 0);
  for (int k = 0; k < t_.W; ++k) {
    const int sat = 7 * k + 5, sun = 7 * k + 6;
    const bool sat_in = sat >= a && sat <= b, sun_in = sun >= a && sun <= b;
    if (!sat_in && !sun_in) continue;
    const bool fixed_work = (!sat_in && r.works(e, sat)) || (!sun_in && r.works(e, sun));
    if (fixed_work) continue;
    ++open;
    if (sat_in) f.weekend[static_cast<size_t>(sat - a)] = 1;
    if (sun_in) f.weekend[static_cast<size_t>(sun - a)] = 1;
  }
  for (int k = 0; k < t_.W; ++k) {
    const int sat = 7 * k + 5, sun = 7 * k + 6;
    const bool touches = (sat >= a && sat <= b) || (sun >= a && sun <= b);
    if (touches) {
      const bool fixed_work =
          ((sat < a || sat > b) && r.works(e, sat)) || ((sun < a || sun > b) && r.works(e, sun));
      fixed += fixed_work;
    } else {
      fixed += r.works(e, sat) || r.works(e, sun);
    }
  }
  int wbudget = rules.max_weekends - fixed;
  if (wbudget < 0) return false;
  if (o.max_weekends_share < 1.0) {
    const int cap = static_cast<int>(
        std::ceil(rules.max_weekends * std::max(0.0, o.max_weekends_share) - 1e-9));
    wbudget = std::clamp(cap - fixed, 0, wbudget);
  }
  f.Wk = std::min(wbudget, open) + 1;
  f.NS = f.NR * f.M * f.Wk;
  // The run before day a.
  if (a == 0) {
    f.init_state = f.R_off - 1;
  } else {
    const bool w = r.works(e, a - 1);
    int s = a - 1;
    while (s > 0 && r.works(e, s - 1) == w) --s;
    const int L = a - s;
    const bool exempt = s == 0;
    if (w) {
      if (L > f.max_run) return false;
      f.init_state =
          f.R_off + ((class_of_[static_cast<size_t>(r.at(e, a - 1))] * f.max_run + (L - 1)) * 2 +
                     (exempt ? 1 : 0));
    } else {
      f.init_state = exempt ? f.R_off - 1 : std::min(L, f.R_off) - 1;
    }
  }
  // The run after day b.
  f.at_end = b == H - 1;
  if (!f.at_end) {
    f.next = r.at(e, b + 1);
    const bool w = f.next != kOff;
    int j = b + 1;
    while (j < H && r.works(e, j) == w) ++j;
    f.next_run = j - (b + 1);
    f.next_touches_end = j == H;
  }
  return true;
}

int64_t RowOptimizer::Work(const Roster& r, int e, int a, int b, bool relax_minutes) const {
  Frame f;
  RowDpOptions o;
  o.relax_minutes = relax_minutes;
  if (!Prepare(r, e, a, b, o, f)) return 0;
  return int64_t{f.NS} * f.len;
}

int64_t RowOptimizer::BoundedWork(const Roster& r, int e, int a, int b,
                                  std::span<const int16_t> forced) const {
  Frame f;
  if (!Prepare(r, e, a, b, RowDpOptions{}, f)) return 0;
  if (!forced.empty()) f.forced = forced.data();
  return Bound(f);
}

std::optional<std::vector<ShiftIdx>> RowOptimizer::Optimize(const Roster& r, int e, int a, int b,
                                                            const RowDpOptions& o) {
  Frame f;
  last_exact_ = false;
  if (!Prepare(r, e, a, b, o, f)) return std::nullopt;
  if (int64_t{f.NS} * f.len > o.max_work) return std::nullopt;
  if (!o.forced.empty()) f.forced = o.forced.data();
  if (o.prune) Bound(f);
  const int C = f.S + 1;
  // Base cell costs: requests and marginal cover.
  std::vector<int64_t> base(static_cast<size_t>(f.len * C));
  for (int d = a; d <= b; ++d) {
    const ShiftIdx cur = r.at(e, d);
    for (int s = -1; s < f.S; ++s) {
      const size_t ci = static_cast<size_t>(t_.CellIdx(e, d, s));
      int64_t c = t_.request_cost[ci];
      if (s >= 0) {
        const int others = r.cover(d, s) - (cur == s ? 1 : 0);
        c += t_.CoverCost(d, s, others + 1) - t_.CoverCost(d, s, others);
      }
      base[static_cast<size_t>((d - a) * C + s + 1)] = c;
    }
  }
  return Run(f, std::move(base), o.exact_type_maxima, o.certify_solves);
}

std::optional<std::vector<ShiftIdx>> RowOptimizer::OptimizeCosts(const Roster& r, int e, int a,
                                                                 int b,
                                                                 std::span<const int64_t> costs,
                                                                 const RowDpOptions& o) {
  Frame f;
  last_exact_ = false;
  if (!Prepare(r, e, a, b, o, f)) return std::nullopt;
  if (int64_t{f.NS} * f.len > o.max_work) return std::nullopt;
  if (!o.forced.empty()) f.forced = o.forced.data();
  if (o.prune) Bound(f);
  return Run(f, std::vector<int64_t>(costs.begin(), costs.end()), o.exact_type_maxima,
             o.certify_solves);
}

std::optional<std::vector<ShiftIdx>> RowOptimizer::Run(const Frame& f, std::vector<int64_t> base,
                                                       bool track, int certify_solves) {
  const int C = f.S + 1;
  last_exact_ = false;
  int64_t scale = 1;
  for (int64_t c : base) scale = std::max(scale, c < 0 ? -c : c);
  // Costs are scaled so that the price per minute unit can be fractional.
  constexpr int64_t kScale = 64;
  for (int64_t& c : base) c *= kScale;
  scale *= kScale;
  if (!f.relaxed) return RunExact(f, base, scale, track, certify_solves);
  // Minutes priced: a price per minute unit by bisection between lo and hi;
  // per-type maxima by multipliers that grow until they hold.
  std::vector<int64_t> lambda(static_cast<size_t>(f.S), 0);
  std::vector<ShiftIdx> out;
  int64_t mu = 0, lo = -(scale + 1) * 2, hi = (scale + 1) * 2;
  constexpr int kRounds = 24;
  for (int round = 0; round < kRounds; ++round) {
    cell_ = base;
    for (int i = 0; i < f.len; ++i)
      for (int s = 0; s < f.S; ++s)
        cell_[static_cast<size_t>(i * C + s + 1)] +=
            lambda[static_cast<size_t>(s)] + mu * units_[static_cast<size_t>(s)];
    if (!Solve(f, out)) return std::nullopt;
    std::vector<int> used(static_cast<size_t>(f.S), 0);
    int minutes = 0;
    for (ShiftIdx s : out)
      if (s != kOff) {
        ++used[static_cast<size_t>(s)];
        minutes += units_[static_cast<size_t>(s)];
      }
    bool ok = true;
    for (int s = 0; s < f.S; ++s)
      if (used[static_cast<size_t>(s)] > f.budget[static_cast<size_t>(s)]) {
        ok = false;
        lambda[static_cast<size_t>(s)] += scale * (round + 1) / 4 + 1;
      }
    if (minutes < f.m_min || minutes > f.m_max) {
      ok = false;
      (minutes < f.m_min ? hi : lo) = mu;  // too little work: make it cheaper
      if (hi - lo <= 1) return std::nullopt;
      mu = lo + (hi - lo) / 2;
    }
    if (ok) return out;
  }
  return std::nullopt;
}

// Minutes in the state; per-type maxima by Lagrangian multipliers, one per
// type over its budget, each found by bisection (doubling until the type
// fits, then halving the bracket), keeping the cheapest row that fits.
std::optional<std::vector<ShiftIdx>> RowOptimizer::RunExact(const Frame& f,
                                                            const std::vector<int64_t>& base,
                                                            int64_t scale, bool track,
                                                            int certify_solves) {
  const int C = f.S + 1;
  const size_t S = static_cast<size_t>(f.S);
  std::vector<int64_t> lambda(S, 0), lo(S, 0), hi(S, -1);
  std::optional<std::vector<ShiftIdx>> best;
  int64_t best_cost = kInf;
  std::vector<ShiftIdx> out;
  const int64_t step0 = std::max<int64_t>(1, scale / 64);
  // Count levels a tracked state may have, and its day x state budget (6
  // bytes each for the path: at most 600 MB). Caps of 64 levels and 8M made
  // column generation on Instance 15 stop at an LP 11 % above the optimum.
  constexpr int64_t kMaxTrackLevels = 4096, kMaxTrackWork = 100'000'000;
  // Bisection rounds, then (if nothing fits yet) rounds that multiply the
  // multipliers of the types still over budget until the row fits.
  constexpr int kRounds = 12, kEscalate = 12;
  constexpr int64_t kCertifySolves = 6;  // at most, before the counts go into the state
  // With `track`: first the unconstrained optimum; types over budget then
  // carry their count in the state (exact) while that stays small;
  // multipliers only when it would not.
  std::vector<int> tracked;
  int64_t track_levels = 1;
  for (int attempt = 0; track && attempt <= static_cast<int>(S); ++attempt) {
    cell_ = base;
    if (!Solve(f, out, tracked)) {
      last_exact_ = true;  // no row keeps even part of the rules
      return std::nullopt;
    }
    std::vector<int> used(S, 0);
    for (ShiftIdx x : out)
      if (x != kOff) ++used[static_cast<size_t>(x)];
    std::vector<int> over;
    for (size_t s = 0; s < S; ++s)
      if (used[s] > f.budget[s]) over.push_back(static_cast<int>(s));
    if (over.empty()) {
      last_exact_ = true;
      return out;
    }
    for (int s : over) track_levels *= f.budget[static_cast<size_t>(s)] + 1;
    // The certificate's solves are worth trying while they cost less than
    // the counts would (a tracked solve costs about track_levels untracked
    // ones): Instance 15's small budgets made its dive twice as slow with
    // eight tries each, Instance 19's nights (13 levels) half as slow.
    const int64_t solves =
        certify_solves >= 0 ? certify_solves : std::min<int64_t>(kCertifySolves, track_levels / 2);
    if (attempt == 0 && Certify(f, base, scale, static_cast<int>(solves), out)) return out;
    if (track_levels > kMaxTrackLevels || int64_t{f.NS} * f.len * track_levels > kMaxTrackWork)
      break;
    tracked.insert(tracked.end(), over.begin(), over.end());
  }
  for (int round = 0; round < kRounds + kEscalate; ++round) {
    const bool escalate = round >= kRounds;
    if (escalate && best) break;
    cell_ = base;
    for (int i = 0; i < f.len; ++i)
      for (size_t s = 0; s < S; ++s) cell_[static_cast<size_t>(i * C) + s + 1] += lambda[s];
    if (!Solve(f, out)) {
      last_exact_ = !best;  // none keeps the rules without the type maxima
      return best;
    }
    std::vector<int> used(S, 0);
    int64_t cost = 0;
    for (int i = 0; i < f.len; ++i) {
      const ShiftIdx x = out[static_cast<size_t>(i)];
      cost += base[static_cast<size_t>(i * C + x + 1)];
      if (x != kOff) ++used[static_cast<size_t>(x)];
    }
    bool fits = true;
    for (size_t s = 0; s < S; ++s) fits = fits && used[s] <= f.budget[s];
    if (fits && round == 0) {  // no multiplier needed: the exact optimum
      last_exact_ = true;
      return out;
    }
    if (fits && cost < best_cost) best_cost = cost, best = out;
    bool changed = false;
    for (size_t s = 0; s < S; ++s) {
      const int64_t old = lambda[s];
      if (used[s] > f.budget[s]) {
        lo[s] = lambda[s];
        if (escalate)
          lambda[s] = std::max(4 * lambda[s], scale);
        else
          lambda[s] = hi[s] >= 0 ? lo[s] + (hi[s] - lo[s]) / 2 : std::max(step0, 2 * lambda[s]);
      } else if (fits && lambda[s] > 0) {
        hi[s] = lambda[s];
        lambda[s] = lo[s] + (hi[s] - lo[s]) / 2;
      }
      changed = changed || lambda[s] != old;
    }
    if (!changed && !escalate) round = kRounds - 1;  // bisection stuck: escalate
  }
  return best;
}

// A few rounds of Lagrangian multipliers on the types over budget, before
// their counts go into the state (which multiplies the states by the
// budget's levels): a row that minimises cost + sum_s lambda_s x count_s
// and uses exactly budget_s of every type with lambda_s > 0 (at most the
// budget of the others) is optimal under the budgets, since any row y
// within them costs at least lambda_s x (budget_s - count_s(y)) >= 0 more.
// Bisection on the multipliers looks for such a row, for at most
// `max_solves` DP solves; true (and `out`, with last_exact_ set) when one is
// found.
bool RowOptimizer::Certify(const Frame& f, const std::vector<int64_t>& base, int64_t scale,
                           int max_solves, std::vector<ShiftIdx>& out) {
  const int C = f.S + 1;
  const size_t S = static_cast<size_t>(f.S);
  std::vector<int64_t> lambda(S, 0), lo(S, 0), hi(S, -1);
  const int64_t step0 = std::max<int64_t>(1, scale / 64);
  std::vector<ShiftIdx> row = out;
  std::vector<int> used(S);
  auto count = [&] {
    std::fill(used.begin(), used.end(), 0);
    for (ShiftIdx x : row)
      if (x != kOff) ++used[static_cast<size_t>(x)];
  };
  count();
  for (int solve = 0; solve < max_solves; ++solve) {
    // Bisection: a type over its budget costs more, one under it with a
    // multiplier less.
    for (size_t s = 0; s < S; ++s) {
      if (used[s] > f.budget[s]) {
        lo[s] = lambda[s];
        lambda[s] = hi[s] >= 0 ? lo[s] + (hi[s] - lo[s] + 1) / 2 : std::max(step0, 2 * lambda[s]);
      } else if (used[s] < f.budget[s] && lambda[s] > 0) {
        hi[s] = lambda[s];
        lambda[s] = lo[s] + (hi[s] - lo[s]) / 2;
      }
    }
    cell_ = base;
    for (int i = 0; i < f.len; ++i)
      for (size_t s = 0; s < S; ++s) cell_[static_cast<size_t>(i * C) + s + 1] += lambda[s];
    if (!Solve(f, row)) return false;
    count();
    bool certified = true;
    for (size_t s = 0; s < S; ++s)
      certified = certified && used[s] <= f.budget[s] && (lambda[s] == 0 || used[s] == f.budget[s]);
    if (certified) {
      out = std::move(row);
      last_exact_ = true;
      return true;
    }
  }
  return false;
}

bool RowOptimizer::EndOk(const Frame& f, int st) const {
  if (f.at_end) return true;
  const RunState rs = f.Decode(st);
  if (f.next != kOff) {
    if (!rs.work) return st == f.R_off - 1 && (f.next_touches_end || f.next_run >= f.min_run);
    const int total = rs.len + f.next_run;
    return !t_.forbidden[static_cast<size_t>(class_rep_[static_cast<size_t>(rs.cls)] * t_.S +
                                             f.next)] &&
           total <= f.max_run && (f.next_touches_end || rs.exempt || total >= f.min_run);
  }
  if (rs.work)
    return (rs.exempt || rs.len >= f.min_run) && (f.next_touches_end || f.next_run >= f.min_rest);
  return st == f.R_off - 1 || f.next_touches_end || st + 1 + f.next_run >= f.min_rest;
}

int64_t RowOptimizer::Bound(Frame& f) const {
  const int NR = f.NR, L = f.len, G = num_groups_;
  const auto at = [NR](int i, int st) { return static_cast<size_t>(i * NR + st); };
  // The choice groups open per day (a type with budget left that the day
  // allows), and the most units D worked days can hold under the budgets.
  const int GW = Words(G);
  std::vector<uint64_t> open(static_cast<size_t>(L * GW), 0);
  for (int i = 0; i < L; ++i) {
    if (t_.day_off[static_cast<size_t>(f.e * t_.H + f.a + i)]) continue;
    const int req = f.forced ? f.forced[i] : RowDpOptions::kFree;
    for (int s = 0; s < f.S; ++s)
      if (f.budget[static_cast<size_t>(s)] > 0 && (req == RowDpOptions::kFree || req == s))
        SetBit(open.data() + static_cast<size_t>(i * GW), group_of_[static_cast<size_t>(s)]);
  }
  // most[D]: D shifts the budgets allow, longest first.
  std::vector<int> most(static_cast<size_t>(L) + 1, 0);  // [D]
  int D = 0;
  for (int s : by_units_)
    for (int n = std::clamp(f.budget[static_cast<size_t>(s)], 0, L); n > 0 && D < L; --n, ++D)
      most[static_cast<size_t>(D) + 1] =
          most[static_cast<size_t>(D)] + units_[static_cast<size_t>(s)];
  for (; D < L; ++D) most[static_cast<size_t>(D) + 1] = most[static_cast<size_t>(D)];
  const int K = f.K;
  const std::vector<uint64_t>& after = after_bits_;  // class K: a day off
  // The transitions of run state st on day i: fn(next state, units worked).
  auto each = [&](int i, int st, auto&& fn) {
    const RunState rs = f.Decode(st);
    const bool must_work = f.forced && f.forced[i] >= 0;
    if (!must_work && (!rs.work || rs.exempt || rs.len >= f.min_run))
      fn(rs.work ? 0 : std::min(st + 1, f.R_off - 1), 0);
    if (rs.work ? rs.len >= f.max_run : st != f.R_off - 1) return;
    const int nlen = rs.work ? rs.len + 1 : 1;
    const int nex = rs.work ? rs.exempt : (f.a + i == 0 ? 1 : 0);
    ForEachCommon(
        open.data() + static_cast<size_t>(i * GW),
        after.data() + static_cast<size_t>((rs.work ? rs.cls : K) * GW), GW, [&](int g) {
          fn(f.R_off + ((group_class_[static_cast<size_t>(g)] * f.max_run + nlen - 1) * 2 + nex),
             group_units_[static_cast<size_t>(g)]);
        });
  };
  // Days and units workable from the start to day i (-1: unreachable), and
  // from day i to the end (-1: no valid end). The forward pass goes first and
  // the backward pass visits only the states it reached: every predecessor
  // of a state with a valid end has one, and every successor of a reached
  // state is reached, so the values on the states that matter (both >= 0)
  // are those of the full passes, at a fraction of their work (most run
  // states cannot occur on a given day).
  const size_t N = static_cast<size_t>((L + 1) * NR);
  std::vector<int>&bd = bd_, &bu = bu_, &fd = fd_, &fu = fu_;
  bd.assign(N, -1), bu.assign(N, -1), fd.assign(N, -1), fu.assign(N, -1);
  fd[at(0, f.init_state)] = fu[at(0, f.init_state)] = 0;
  for (int i = 0; i < L; ++i)
    for (int st = 0; st < NR; ++st) {
      const size_t h = at(i, st);
      if (fd[h] < 0) continue;
      each(i, st, [&](int nst, int units) {
        const size_t n = at(i + 1, nst);
        fd[n] = std::max(fd[n], fd[h] + (units > 0 ? 1 : 0));
        fu[n] = std::max(fu[n], fu[h] + units);
      });
    }
  for (int st = 0; st < NR; ++st)
    if (fd[at(L, st)] >= 0 && EndOk(f, st)) bd[at(L, st)] = bu[at(L, st)] = 0;
  for (int i = L - 1; i >= 0; --i)
    for (int st = 0; st < NR; ++st) {
      const size_t h = at(i, st);
      if (fd[h] < 0) continue;
      each(i, st, [&](int nst, int units) {
        const size_t n = at(i + 1, nst);
        if (bd[n] < 0) return;
        bd[h] = std::max(bd[h], bd[n] + (units > 0 ? 1 : 0));
        bu[h] = std::max(bu[h], bu[n] + units);
      });
    }
  // Weekend levels before each day: one more per open weekend begun.
  f.w_cap.assign(static_cast<size_t>(L) + 1, 1);
  for (int i = 0; i < L; ++i) {
    const bool begins = f.weekend[static_cast<size_t>(i)] &&
                        ((f.a + i) % 7 == 5 || i == 0 || !f.weekend[static_cast<size_t>(i - 1)]);
    f.w_cap[static_cast<size_t>(i) + 1] =
        std::min(f.Wk, f.w_cap[static_cast<size_t>(i)] + (begins ? 1 : 0));
  }
  f.m_lo.assign(N, 0);
  f.m_hi.assign(N, 0);
  int64_t work = 0;
  for (int i = 0; i <= L; ++i)
    for (int st = 0; st < NR; ++st) {
      const size_t h = at(i, st);
      if (fd[h] < 0 || bd[h] < 0) continue;
      if (!f.count_minutes) {
        f.m_hi[h] = 1;
      } else {
        const int after = std::min(bu[h], most[static_cast<size_t>(bd[h])]);
        const int before = std::min(fu[h], most[static_cast<size_t>(fd[h])]);
        f.m_lo[h] = std::max(0, f.m_min - after);
        f.m_hi[h] = std::min(f.M, before + 1);
      }
      if (i < L) work += std::max(0, f.m_hi[h] - f.m_lo[h]) * f.w_cap[static_cast<size_t>(i)];
    }
  return work;
}

#if defined(__x86_64__)
#define WEFT_RELAX_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define WEFT_RELAX_CLONES
#endif
// dst[k] = min(dst[k], src[k] + cost) over n entries whose source is
// finite, recording bk where it improves. Branch-free (which entries improve
// is unpredictable), and vectorised where the machine allows.
WEFT_RELAX_CLONES void Relax(const int64_t* src, int64_t* dst, uint32_t* bdst, int n, int64_t cost,
                             uint32_t bk) {
  for (int k = 0; k < n; ++k) {
    const int64_t s0 = src[k], c = s0 + cost, d0 = dst[k];
    const bool better = (s0 < kInf) & (c < d0);
    dst[k] = better ? c : d0;
    bdst[k] = better ? bk : bdst[k];
  }
}

bool RowOptimizer::Solve(const Frame& f, std::vector<ShiftIdx>& out, std::span<const int> tracked) {
  const int G = num_groups_, T = static_cast<int>(tracked.size()), GT = G + T;
  // Tracked types: a mixed-radix count CT in the state; each is a choice of
  // its own (its group's class, successors and length) that adds its stride.
  int CT = 1;
  std::vector<int> stride, limit;
  std::vector<uint8_t> is_tracked(static_cast<size_t>(f.S), 0);
  for (int t : tracked) {
    stride.push_back(CT);
    limit.push_back(f.budget[static_cast<size_t>(t)]);
    CT *= f.budget[static_cast<size_t>(t)] + 1;
    is_tracked[static_cast<size_t>(t)] = 1;
  }
  const int C = f.S + 1, MW = f.M * f.Wk * CT;
  const auto NS = static_cast<size_t>(f.NS) * static_cast<size_t>(CT);
  std::vector<int> gclass(group_class_), gunits(group_units_), gbase(static_cast<size_t>(GT));
  for (int g = 0; g < G; ++g) gbase[static_cast<size_t>(g)] = g;
  for (int k = 0; k < T; ++k) {
    const int g0 = group_of_[static_cast<size_t>(tracked[static_cast<size_t>(k)])];
    gclass.push_back(group_class_[static_cast<size_t>(g0)]);
    gunits.push_back(group_units_[static_cast<size_t>(g0)]);
    gbase[static_cast<size_t>(G + k)] = g0;
  }
  // The cheapest untracked shift of each group per day, types out of budget
  // excluded; a tracked type is its own choice.
  pick_.assign(static_cast<size_t>(f.len * GT), -1);
  pick_cost_.assign(static_cast<size_t>(f.len * GT), kInf);
  for (int i = 0; i < f.len; ++i) {
    const int req = f.forced ? f.forced[i] : RowDpOptions::kFree;
    for (int s = 0; s < f.S; ++s) {
      if (f.budget[static_cast<size_t>(s)] <= 0 || is_tracked[static_cast<size_t>(s)]) continue;
      if (req != RowDpOptions::kFree && req != s) continue;
      const size_t gi = static_cast<size_t>(i * GT + group_of_[static_cast<size_t>(s)]);
      const int64_t c = cell_[static_cast<size_t>(i * C + s + 1)];
      if (c < pick_cost_[gi]) pick_cost_[gi] = c, pick_[gi] = static_cast<int16_t>(s);
    }
    for (int k = 0; k < T; ++k) {
      const int s = tracked[static_cast<size_t>(k)];
      if (req != RowDpOptions::kFree && req != s) continue;
      const size_t gi = static_cast<size_t>(i * GT + G + k);
      pick_cost_[gi] = cell_[static_cast<size_t>(i * C + s + 1)];
      pick_[gi] = static_cast<int16_t>(s);
    }
  }
  cost_a_.assign(NS, kInf);
  // Per day and state, the predecessor's run state and the shift chosen
  // (-1: off); the predecessor's minutes, weekends and counts follow from
  // them. Only entries on the optimal path are read back, and each was
  // written.
  if (back_.size() < NS * static_cast<size_t>(f.len)) back_.resize(NS * static_cast<size_t>(f.len));
  cost_a_[static_cast<size_t>(f.init_state * MW)] = 0;  // m = 0, w = 0, counts 0
  const auto& dayoff = t_.day_off;
  const int WC = f.Wk * CT;
  // Per choice: the state offset it adds for its minutes and (tracked
  // types) its count; a weekend's is added per transition.
  std::vector<int> gstep(static_cast<size_t>(GT));
  for (int g = 0; g < GT; ++g)
    gstep[static_cast<size_t>(g)] = (f.count_minutes ? gunits[static_cast<size_t>(g)] * WC : 0) +
                                    (g >= G ? stride[static_cast<size_t>(g - G)] : 0);
  // The choices that may follow each class (class K: a day off): the
  // groups' own sets, and with tracked types each also as its group's; and
  // the choices open on the day.
  const int K = f.K, GW = Words(GT);
  std::vector<uint64_t> tracked_after, open(static_cast<size_t>(GW));
  if (T > 0) {
    tracked_after.assign(static_cast<size_t>((K + 1) * GW), 0);
    for (int c = 0; c <= K; ++c)
      for (int g = 0; g < GT; ++g)
        if (c == K || group_after_[static_cast<size_t>(c * G + gbase[static_cast<size_t>(g)])])
          SetBit(tracked_after.data() + static_cast<size_t>(c * GW), g);
  }
  const std::vector<uint64_t>& after = T > 0 ? tracked_after : after_bits_;
  struct Transition {
    int to;         // target state less the source's minutes-weekend-count offset
    int64_t cost;   // of the shift
    int16_t shift;  // chosen
    int units;      // minutes it adds (0 when minutes are not counted)
    int tracked;    // its index among the tracked types, or -1
  };
  std::vector<Transition> trs;
  trs.reserve(static_cast<size_t>(GT));
  // Minute levels a state can have before day i and still reach the
  // minimum by the end: at most i full days so far, and within reach of
  // m_min with the days left.
  auto corridor_lo = [&](int i) {
    return !f.count_minutes ? 0 : std::max(0, f.m_min - (f.len - i) * max_units_);
  };
  auto corridor_hi = [&](int i) {
    return !f.count_minutes ? f.M : std::min(f.M, i * max_units_ + 1);
  };
  // The minute levels [lo, hi) run state st reads before day i (i == len:
  // at the end): the corridor, narrowed when pruned to what the state can
  // hold on a valid row. Exactly these are reset before they are written.
  const bool bounded = !f.m_lo.empty();
  auto readable = [&](int i, int st) {
    int lo = corridor_lo(i), hi = corridor_hi(i);
    if (bounded) {
      lo = std::max(lo, f.m_lo[static_cast<size_t>(i * f.NR + st)]);
      hi = std::min(hi, f.m_hi[static_cast<size_t>(i * f.NR + st)]);
    }
    return std::pair{lo, hi};
  };
  cost_b_.resize(NS);
  for (int i = 0; i < f.len; ++i) {
    const int d = f.a + i;
    uint32_t* back = back_.data() + static_cast<size_t>(i) * NS;
    const int64_t off_cost = cell_[static_cast<size_t>(i * C)];
    const int16_t* pick = pick_.data() + static_cast<size_t>(i * GT);
    const int64_t* pick_cost = pick_cost_.data() + static_cast<size_t>(i * GT);
    const bool off_day = dayoff[static_cast<size_t>(f.e * t_.H + d)] != 0;
    const bool must_work = f.forced && f.forced[i] >= 0;
    const bool wk = f.weekend[static_cast<size_t>(i)] != 0;
    const bool sunday = d % 7 == 6;
    // Only the next day's corridor is read: only it is reset, and a
    // transition that leaves it below (it could no longer reach the minimum)
    // is not taken. Pruned, only the minutes each state can hold on a valid
    // row are read the next day (and at the end): only those are reset.
    // Transitions still write outside them; nothing reads what they write.
    const int n_lo = corridor_lo(i + 1);
    for (int st = 0; st < f.NR; ++st) {
      const auto [lo, hi] = readable(i + 1, st);
      if (lo < hi)
        std::fill(cost_b_.begin() + st * MW + lo * WC, cost_b_.begin() + st * MW + hi * WC, kInf);
    }
    // The choices open on this day.
    std::fill(open.begin(), open.end(), 0);
    bool any_open = false;
    for (int g = 0; g < GT; ++g)
      if (pick[g] >= 0) SetBit(open.data(), g), any_open = true;
    any_open = any_open && !off_day;
    const int64_t* ca = cost_a_.data();
    int64_t* cb = cost_b_.data();
    const int M = f.M;
    const bool count_minutes = f.count_minutes;
    const int wc_hi = (bounded ? f.w_cap[static_cast<size_t>(i)] : f.Wk) * CT;
    for (int st = 0; st < f.NR; ++st) {
      // The minute levels this state can hold on a path to a valid end.
      const auto [s_lo, s_hi] = readable(i, st);
      if (s_lo >= s_hi) continue;
      const RunState rs = f.Decode(st);
      const bool work = rs.work;
      const int pc = rs.cls, plen = rs.len, pex = rs.exempt;
      // Day off: the target run state, if the run may end here.
      const bool off_ok = !must_work && (!work || pex || plen >= f.min_run);
      const int off_base = (work ? 0 : std::min(st + 1, f.R_off - 1)) * MW;
      // Work: the choices that may follow this run state, with their target
      // state's offset, cost and minutes.
      const int nlen = work ? plen + 1 : 1;
      const int nex = work ? pex : (d == 0 ? 1 : 0);    // a run from day 0 is exempt
      const int inc = wk && !(sunday && work) ? 1 : 0;  // Saturday worked: counted
      const int wk_limit = f.Wk - inc;                  // weekend levels that may work
      trs.clear();
      if (any_open && (work ? plen < f.max_run : st == f.R_off - 1)) {
        ForEachCommon(open.data(), after.data() + static_cast<size_t>((work ? pc : K) * GW), GW,
                      [&](int g) {
                        const auto gs = static_cast<size_t>(g);
                        const int nst = f.R_off + ((gclass[gs] * f.max_run + nlen - 1) * 2 + nex);
                        trs.push_back({nst * MW + inc * CT + gstep[gs], pick_cost[g], pick[g],
                                       count_minutes ? gunits[gs] : 0, g >= G ? g - G : -1});
                      });
      }
      const auto n_tr = trs.size();
      if (T == 0) {
        // No tracked types (the usual case): every transition's minute
        // levels are a range, and the weekend levels that may work a prefix.
        // A (minutes, weekends) block is contiguous, and the levels at or
        // above the weekend cap are at infinity (nothing reaches them), so
        // a range of minutes is one run of entries unless the top weekend
        // level must be left out (a weekend day worked at the budget). The
        // relaxation is branch-free: which entries improve is unpredictable.
        if (off_ok) {
          const int m_lo = std::max(s_lo, n_lo);
          if (m_lo < s_hi)
            Relax(ca + st * MW + m_lo * WC, cb + off_base + m_lo * WC, back + off_base + m_lo * WC,
                  (s_hi - m_lo) * WC, off_cost, Back(st, kOff));
        }
        const int w_hi = std::min(wc_hi, wk_limit);
        const bool whole = wk_limit >= WC;  // no weekend level is left out
        for (size_t k = 0; k < n_tr; ++k) {
          const Transition& tr = trs[k];
          const int m_lo = count_minutes ? std::max(s_lo, n_lo - tr.units) : s_lo;
          const int m_hi = count_minutes ? std::min(s_hi, M - tr.units) : s_hi;
          if (m_lo >= m_hi) continue;
          const uint32_t bk = Back(st, tr.shift);
          const int64_t* src = ca + st * MW;
          int64_t* dst = cb + tr.to;
          uint32_t* bdst = back + tr.to;
          if (whole) {
            Relax(src + m_lo * WC, dst + m_lo * WC, bdst + m_lo * WC, (m_hi - m_lo) * WC, tr.cost,
                  bk);
            continue;
          }
          for (int m = m_lo; m < m_hi; ++m)
            Relax(src + m * WC, dst + m * WC, bdst + m * WC, w_hi, tr.cost, bk);
        }
        continue;
      }
      for (int m = s_lo; m < s_hi; ++m)
        for (int wc = 0; wc < wc_hi; ++wc) {
          const int mwc = m * WC + wc;
          const int64_t c0 = ca[st * MW + mwc];
          if (c0 >= kInf) continue;
          const int w = wc / CT, cnt = wc % CT;
          if (off_ok && m >= n_lo) {
            const int to = off_base + mwc;
            const int64_t c = c0 + off_cost;
            if (c < cb[to]) {
              cb[to] = c;
              back[to] = Back(st, kOff);
            }
          }
          if (w >= wk_limit) continue;
          for (size_t k = 0; k < n_tr; ++k) {
            const Transition& tr = trs[k];
            if (tr.tracked >= 0) {
              const auto tk = static_cast<size_t>(tr.tracked);
              if (cnt / stride[tk] % (limit[tk] + 1) >= limit[tk]) continue;  // budget used up
            }
            const int nm = m + tr.units;
            if (count_minutes && (nm >= M || nm < n_lo)) continue;
            const int to = tr.to + mwc;
            const int64_t c = c0 + tr.cost;
            if (c < cb[to]) {
              cb[to] = c;
              back[to] = Back(st, tr.shift);
            }
          }
        }
    }
    std::swap(cost_a_, cost_b_);
  }
  // Final filter.
  int best = -1;
  int64_t best_cost = kInf;
  for (int st = 0; st < f.NR; ++st) {
    if (!EndOk(f, st)) continue;
    const auto [lo, hi] = readable(f.len, st);
    for (int m = lo; m < hi; ++m)
      for (int wc = 0; wc < WC; ++wc) {
        const int idx = st * MW + m * WC + wc;
        if (cost_a_[static_cast<size_t>(idx)] < best_cost) {
          best_cost = cost_a_[static_cast<size_t>(idx)];
          best = idx;
        }
      }
  }
  if (best < 0) return false;
  out.assign(static_cast<size_t>(f.len), kOff);
  // Walk back: the predecessor has the run state recorded, the minutes and
  // count less the choice's, and a weekend less when the choice added one.
  std::vector<int> track_of(static_cast<size_t>(f.S), -1);
  for (int k = 0; k < T; ++k) track_of[static_cast<size_t>(tracked[static_cast<size_t>(k)])] = k;
  int cur = best;
  for (int i = f.len - 1; i >= 0; --i) {
    const size_t at = static_cast<size_t>(i) * NS + static_cast<size_t>(cur);
    const auto x = static_cast<ShiftIdx>(static_cast<int16_t>(back_[at] >> 16));
    const int prev = static_cast<int>(back_[at] & 0xffffu);
    out[static_cast<size_t>(i)] = x;
    int mwc = cur % MW;
    if (x != kOff) {
      const int d = f.a + i;
      const bool prev_work = prev >= f.R_off;
      const int inc = f.weekend[static_cast<size_t>(i)] && !(d % 7 == 6 && prev_work) ? 1 : 0;
      const int k = track_of[static_cast<size_t>(x)];
      mwc -= (f.count_minutes ? units_[static_cast<size_t>(x)] * WC : 0) + inc * CT +
             (k >= 0 ? stride[static_cast<size_t>(k)] : 0);
    }
    cur = prev * MW + mwc;
  }
  return true;
}

}  // namespace weft::roster
