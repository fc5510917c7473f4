// Roster: the decision (a shift or a day off per employee and day) plus the
// counters the incremental score reads: minutes and shifts per type per
// employee, days worked per weekend, and people per (day, shift).
//
// Invariant: every counter equals what a from-scratch count of the grid gives
// (Roster::CountersConsistent checks it). Set() keeps it. Not thread-safe; each
// search thread owns its own copy.
#pragma once

#include <cstdint>
#include <vector>

#include "roster/problem.h"

namespace weft::roster {

using ShiftIdx = int16_t;
inline constexpr ShiftIdx kOff = -1;

class Roster {
 public:
  Roster() = default;
  explicit Roster(const RosterProblem& p);  // every day off

  int num_employees() const { return E_; }
  int num_days() const { return H_; }
  int num_shifts() const { return S_; }

  ShiftIdx at(int e, int d) const { return grid_[Idx(e, d)]; }
  bool works(int e, int d) const { return at(e, d) != kOff; }
  // Out-of-horizon days read as off.
  ShiftIdx at_or_off(int e, int d) const { return d < 0 || d >= H_ ? kOff : at(e, d); }
  void Set(int e, int d, ShiftIdx s);

  int minutes(int e) const { return minutes_[static_cast<size_t>(e)]; }
  int type_count(int e, int s) const { return type_count_[static_cast<size_t>(e * S_ + s)]; }
  int weekend_days(int e, int k) const { return weekend_days_[static_cast<size_t>(e * W_ + k)]; }
  int worked_weekends(int e) const { return worked_weekends_[static_cast<size_t>(e)]; }
  int cover(int d, int s) const { return cover_[static_cast<size_t>(d * S_ + s)]; }

  bool CountersConsistent() const;
  bool operator==(const Roster& o) const { return grid_ == o.grid_; }

 private:
  size_t Idx(int e, int d) const {
    return static_cast<size_t>(e) * static_cast<size_t>(H_) + static_cast<size_t>(d);
  }

  int E_ = 0, H_ = 0, S_ = 0, W_ = 0;
  std::vector<int> shift_minutes_;
  std::vector<ShiftIdx> grid_;
  std::vector<int> minutes_, type_count_, weekend_days_, worked_weekends_, cover_;
};

}  // namespace weft::roster
