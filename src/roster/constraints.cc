#include "roster/constraints.h"

#include <algorithm>

namespace weft::roster {

ProblemTables::ProblemTables(const RosterProblem& p)
    : problem(p), E(p.num_employees()), H(p.days), S(p.num_shifts()), W(p.num_weekends()) {
  minutes_unit = 1 << 30;
  for (const auto& s : p.shifts) {
    minutes_unit = std::min(minutes_unit, s.minutes);
    shift_minutes.push_back(s.minutes);
  }
  forbidden.assign(static_cast<size_t>(S * S), 0);
  for (int s = 0; s < S; ++s)
    for (int t : p.shifts[static_cast<size_t>(s)].cannot_follow)
      forbidden[static_cast<size_t>(s * S + t)] = 1;
  day_off.assign(static_cast<size_t>(E * H), 0);
  for (int e = 0; e < E; ++e)
    for (int d : p.employees[static_cast<size_t>(e)].days_off)
      day_off[static_cast<size_t>(e * H + d)] = 1;
  on_cost.assign(static_cast<size_t>(E * H * (S + 1)), 0);
  off_cost.assign(on_cost.size(), 0);
  for (const auto& q : p.on_requests)
    for (int s = -1; s < S; ++s)
      if (s != q.shift) on_cost[static_cast<size_t>(CellIdx(q.employee, q.day, s))] += q.weight;
  for (const auto& q : p.off_requests)
    off_cost[static_cast<size_t>(CellIdx(q.employee, q.day, q.shift))] += q.weight;
  requested.assign(static_cast<size_t>(E * H), 0);
  for (const auto& q : p.on_requests) requested[static_cast<size_t>(q.employee * H + q.day)] = 1;
  for (const auto& q : p.off_requests) requested[static_cast<size_t>(q.employee * H + q.day)] = 1;
  request_cost.resize(on_cost.size());
  for (size_t i = 0; i < on_cost.size(); ++i) request_cost[i] = on_cost[i] + off_cost[i];
  cover_req.assign(static_cast<size_t>(H * S), 0);
  cover_under.assign(cover_req.size(), 0);
  cover_over.assign(cover_req.size(), 0);
  for (const auto& c : p.cover) {
    const auto i = static_cast<size_t>(c.day * S + c.shift);
    cover_req[i] = c.requirement;
    cover_under[i] = c.weight_under;
    cover_over[i] = c.weight_over;
  }
}

int64_t ProblemTables::MinutesPenalty(int e, int minutes) const {
  const auto& r = problem.employees[static_cast<size_t>(e)];
  int dev = 0;
  if (minutes > r.max_total_minutes) dev = minutes - r.max_total_minutes;
  if (minutes < r.min_total_minutes) dev = r.min_total_minutes - minutes;
  return (dev + minutes_unit - 1) / minutes_unit;
}

namespace {

const EmployeeRules& Rules(const ProblemTables& t, int e) {
  return t.problem.employees[static_cast<size_t>(e)];
}

// Calls fn(start, length, working) for every maximal run of row e that
// intersects [lo - 1, hi + 1].
template <typename Fn>
void ForEachRunNear(const Roster& r, int e, int lo, int hi, Fn fn) {
  const int H = r.num_days();
  int a = std::max(lo - 1, 0), b = std::min(hi + 1, H - 1);
  const bool sa = r.works(e, a), sb = r.works(e, b);
  while (a > 0 && r.works(e, a - 1) == sa) --a;
  while (b < H - 1 && r.works(e, b + 1) == sb) ++b;
  int start = a;
  for (int d = a + 1; d <= b + 1; ++d) {
    if (d > b || r.works(e, d) != r.works(e, start)) {
      fn(start, d - start, r.works(e, start));
      start = d;
    }
  }
}

template <typename Fn>
void ForEachRun(const Roster& r, int e, Fn fn) {
  if (r.num_days() > 0) ForEachRunNear(r, e, 0, r.num_days() - 1, fn);
}

// A rule on runs of work or of days off; RunPenalty says what a run costs.
class RunConstraint : public Constraint {
 public:
  using Constraint::Constraint;
  bool hard() const override { return true; }
  int64_t Evaluate(const Roster& r) const override {
    int64_t sum = 0;
    for (int e = 0; e < t_.E; ++e)
      ForEachRun(r, e, [&](int s, int n, bool w) { sum += RunPenalty(e, s, n, w); });
    return sum;
  }
  int64_t Local(const Roster& r, const MoveView& m) override {
    int64_t sum = 0;
    for (const RowSpan& rs : m.rows)
      ForEachRunNear(r, rs.e, rs.lo, rs.hi,
                     [&](int s, int n, bool w) { sum += RunPenalty(rs.e, s, n, w); });
    return sum;
  }

 protected:
  virtual int64_t RunPenalty(int e, int start, int len, bool working) const = 0;
  bool Interior(int start, int len) const { return start > 0 && start + len < t_.H; }
};

class MaxConsecutiveShifts final : public RunConstraint {
 public:
  using RunConstraint::RunConstraint;
  std::string_view name() const override { return "max_consecutive_shifts"; }

 protected:
  int64_t RunPenalty(int e, int, int len, bool working) const override {
    const int m = Rules(t_, e).max_consecutive_shifts;
    return working && len > m ? len - m : 0;
  }
};

class MinConsecutiveShifts final : public RunConstraint {
 public:
  using RunConstraint::RunConstraint;
  std::string_view name() const override { return "min_consecutive_shifts"; }

 protected:
  int64_t RunPenalty(int e, int start, int len, bool working) const override {
    const int m = Rules(t_, e).min_consecutive_shifts;
    return working && len < m && Interior(start, len) ? m - len : 0;
  }
};

class MinConsecutiveDaysOff final : public RunConstraint {
 public:
  using RunConstraint::RunConstraint;
  std::string_view name() const override { return "min_consecutive_days_off"; }

 protected:
  int64_t RunPenalty(int e, int start, int len, bool working) const override {
    const int m = Rules(t_, e).min_consecutive_days_off;
    return !working && len < m && Interior(start, len) ? m - len : 0;
  }
};

class ForbiddenSuccession final : public Constraint {
 public:
  using Constraint::Constraint;
  std::string_view name() const override { return "forbidden_succession"; }
  bool hard() const override { return true; }
  int64_t Evaluate(const Roster& r) const override {
    int64_t sum = 0;
    for (int e = 0; e < t_.E; ++e) sum += Pairs(r, e, 0, t_.H - 2);
    return sum;
  }
  int64_t Local(const Roster& r, const MoveView& m) override {
    int64_t sum = 0;
    for (const RowSpan& rs : m.rows)
      sum += Pairs(r, rs.e, std::max(rs.lo - 1, 0), std::min(rs.hi, t_.H - 2));
    return sum;
  }

 private:
  int64_t Pairs(const Roster& r, int e, int from, int to) const {
    int64_t sum = 0;
    for (int d = from; d <= to; ++d) {
      const ShiftIdx a = r.at(e, d), b = r.at(e, d + 1);
      if (a != kOff && b != kOff) sum += t_.forbidden[static_cast<size_t>(a * t_.S + b)];
    }
    return sum;
  }
};

// A rule that is a sum over cells of a table lookup.
class CellConstraint : public Constraint {
 public:
  using Constraint::Constraint;
  int64_t Evaluate(const Roster& r) const override {
    int64_t sum = 0;
    for (int e = 0; e < t_.E; ++e)
      for (int d = 0; d < t_.H; ++d) sum += Cost(e, d, r.at(e, d));
    return sum;
  }
  int64_t Local(const Roster& r, const MoveView& m) override {
    int64_t sum = 0;
    for (const CellChange& c : m.cells) sum += Cost(c.e, c.d, r.at(c.e, c.d));
    return sum;
  }

 protected:
  virtual int64_t Cost(int e, int d, ShiftIdx s) const = 0;
};

class DaysOff final : public CellConstraint {
 public:
  using CellConstraint::CellConstraint;
  std::string_view name() const override { return "days_off"; }
  bool hard() const override { return true; }

 protected:
  int64_t Cost(int e, int d, ShiftIdx s) const override {
    return s != kOff && t_.day_off[static_cast<size_t>(e * t_.H + d)];
  }
};

class ShiftOnRequests final : public CellConstraint {
 public:
  using CellConstraint::CellConstraint;
  std::string_view name() const override { return "shift_on_requests"; }
  bool hard() const override { return false; }

 protected:
  int64_t Cost(int e, int d, ShiftIdx s) const override {
    if (!t_.requested[static_cast<size_t>(e * t_.H + d)]) return 0;
    return t_.on_cost[static_cast<size_t>(t_.CellIdx(e, d, s))];
  }
};

class ShiftOffRequests final : public CellConstraint {
 public:
  using CellConstraint::CellConstraint;
  std::string_view name() const override { return "shift_off_requests"; }
  bool hard() const override { return false; }

 protected:
  int64_t Cost(int e, int d, ShiftIdx s) const override {
    if (!t_.requested[static_cast<size_t>(e * t_.H + d)]) return 0;
    return t_.off_cost[static_cast<size_t>(t_.CellIdx(e, d, s))];
  }
};

// A stamp set over a dense key range, so a move's touched keys are
// deduplicated without allocation.
class StampSet {
 public:
  void Resize(size_t n) { stamp_.assign(n, 0); }
  void Clear() {
    if (++now_ == 0) {
      std::fill(stamp_.begin(), stamp_.end(), 0);
      now_ = 1;
    }
  }
  bool Insert(size_t k) {
    if (stamp_[k] == now_) return false;
    stamp_[k] = now_;
    return true;
  }

 private:
  std::vector<uint32_t> stamp_;
  uint32_t now_ = 0;
};

class MaxShiftsPerType final : public Constraint {
 public:
  explicit MaxShiftsPerType(const ProblemTables& t) : Constraint(t) {
    seen_.Resize(static_cast<size_t>(t.E * t.S));
  }
  std::string_view name() const override { return "max_shifts_per_type"; }
  bool hard() const override { return true; }
  int64_t Evaluate(const Roster& r) const override {
    int64_t sum = 0;
    for (int e = 0; e < t_.E; ++e) {
      std::vector<int> n(static_cast<size_t>(t_.S), 0);
      for (int d = 0; d < t_.H; ++d)
        if (r.works(e, d)) ++n[static_cast<size_t>(r.at(e, d))];
      for (int s = 0; s < t_.S; ++s) sum += Excess(e, s, n[static_cast<size_t>(s)]);
    }
    return sum;
  }
  int64_t Local(const Roster& r, const MoveView& m) override {
    seen_.Clear();
    int64_t sum = 0;
    for (const CellChange& c : m.cells)
      for (ShiftIdx s : {c.from, c.to})
        if (s != kOff && seen_.Insert(static_cast<size_t>(c.e * t_.S + s)))
          sum += Excess(c.e, s, r.type_count(c.e, s));
    return sum;
  }

 private:
  int64_t Excess(int e, int s, int n) const {
    const int m = Rules(t_, e).max_shifts[static_cast<size_t>(s)];
    return n > m ? n - m : 0;
  }
  StampSet seen_;
};

// A rule on one number per employee, kept as a counter by the roster.
class EmployeeCounterConstraint : public Constraint {
 public:
  using Constraint::Constraint;
  bool hard() const override { return true; }
  int64_t Evaluate(const Roster& r) const override {
    int64_t sum = 0;
    for (int e = 0; e < t_.E; ++e) sum += Penalty(e, FromGrid(r, e));
    return sum;
  }
  int64_t Local(const Roster& r, const MoveView& m) override {
    int64_t sum = 0;
    for (const RowSpan& rs : m.rows) sum += Penalty(rs.e, FromCounter(r, rs.e));
    return sum;
  }

 protected:
  virtual int FromGrid(const Roster& r, int e) const = 0;     // counted from the grid
  virtual int FromCounter(const Roster& r, int e) const = 0;  // read from the counters
  virtual int64_t Penalty(int e, int n) const = 0;
};

class TotalMinutes final : public EmployeeCounterConstraint {
 public:
  using EmployeeCounterConstraint::EmployeeCounterConstraint;
  std::string_view name() const override { return "total_minutes"; }

 protected:
  int FromGrid(const Roster& r, int e) const override {
    int m = 0;
    for (int d = 0; d < t_.H; ++d)
      if (r.works(e, d)) m += t_.shift_minutes[static_cast<size_t>(r.at(e, d))];
    return m;
  }
  int FromCounter(const Roster& r, int e) const override { return r.minutes(e); }
  int64_t Penalty(int e, int n) const override { return t_.MinutesPenalty(e, n); }
};

class MaxWeekends final : public EmployeeCounterConstraint {
 public:
  using EmployeeCounterConstraint::EmployeeCounterConstraint;
  std::string_view name() const override { return "max_weekends"; }

 protected:
  int FromGrid(const Roster& r, int e) const override {
    int n = 0;
    for (int k = 0; k < t_.W; ++k) n += r.works(e, 7 * k + 5) || r.works(e, 7 * k + 6);
    return n;
  }
  int FromCounter(const Roster& r, int e) const override { return r.worked_weekends(e); }
  int64_t Penalty(int e, int n) const override {
    const int m = Rules(t_, e).max_weekends;
    return n > m ? n - m : 0;
  }
};

class Cover final : public Constraint {
 public:
  explicit Cover(const ProblemTables& t) : Constraint(t) {
    seen_.Resize(static_cast<size_t>(t.H * t.S));
  }
  std::string_view name() const override { return "cover"; }
  bool hard() const override { return false; }
  int64_t Evaluate(const Roster& r) const override {
    std::vector<int> n(static_cast<size_t>(t_.H * t_.S), 0);
    for (int e = 0; e < t_.E; ++e)
      for (int d = 0; d < t_.H; ++d)
        if (r.works(e, d)) ++n[static_cast<size_t>(d * t_.S + r.at(e, d))];
    int64_t sum = 0;
    for (int d = 0; d < t_.H; ++d)
      for (int s = 0; s < t_.S; ++s)
        sum += t_.CoverCost(d, s, n[static_cast<size_t>(d * t_.S + s)]);
    return sum;
  }
  int64_t Local(const Roster& r, const MoveView& m) override {
    seen_.Clear();
    int64_t sum = 0;
    for (const CellChange& c : m.cells)
      for (ShiftIdx s : {c.from, c.to})
        if (s != kOff && seen_.Insert(static_cast<size_t>(c.d * t_.S + s)))
          sum += t_.CoverCost(c.d, s, r.cover(c.d, s));
    return sum;
  }

 private:
  StampSet seen_;
};

}  // namespace

std::vector<std::unique_ptr<Constraint>> MakeConstraints(const ProblemTables& t) {
  std::vector<std::unique_ptr<Constraint>> v;
  v.push_back(std::make_unique<ForbiddenSuccession>(t));
  v.push_back(std::make_unique<MaxShiftsPerType>(t));
  v.push_back(std::make_unique<TotalMinutes>(t));
  v.push_back(std::make_unique<MaxConsecutiveShifts>(t));
  v.push_back(std::make_unique<MinConsecutiveShifts>(t));
  v.push_back(std::make_unique<MinConsecutiveDaysOff>(t));
  v.push_back(std::make_unique<MaxWeekends>(t));
  v.push_back(std::make_unique<DaysOff>(t));
  v.push_back(std::make_unique<ShiftOnRequests>(t));
  v.push_back(std::make_unique<ShiftOffRequests>(t));
  v.push_back(std::make_unique<Cover>(t));
  return v;
}

}  // namespace weft::roster
