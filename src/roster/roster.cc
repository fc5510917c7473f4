#include "roster/roster.h"

#include <algorithm>

#include "core/time.h"

namespace weft::roster {

Roster::Roster(const RosterProblem& p)
    : E_(p.num_employees()), H_(p.days), S_(p.num_shifts()), W_(p.num_weekends()) {
  for (const auto& s : p.shifts) shift_minutes_.push_back(s.minutes);
  grid_.assign(static_cast<size_t>(E_) * static_cast<size_t>(H_), kOff);
  minutes_.assign(static_cast<size_t>(E_), 0);
  type_count_.assign(static_cast<size_t>(E_ * S_), 0);
  weekend_days_.assign(static_cast<size_t>(E_ * W_), 0);
  worked_weekends_.assign(static_cast<size_t>(E_), 0);
  cover_.assign(static_cast<size_t>(H_ * S_), 0);
}

void Roster::Set(int e, int d, ShiftIdx s) {
  ShiftIdx& cell = grid_[Idx(e, d)];
  const ShiftIdx old = cell;
  if (old == s) return;
  cell = s;
  const auto ue = static_cast<size_t>(e);
  if (old != kOff) {
    minutes_[ue] -= shift_minutes_[static_cast<size_t>(old)];
    --type_count_[static_cast<size_t>(e * S_ + old)];
    --cover_[static_cast<size_t>(d * S_ + old)];
  }
  if (s != kOff) {
    minutes_[ue] += shift_minutes_[static_cast<size_t>(s)];
    ++type_count_[static_cast<size_t>(e * S_ + s)];
    ++cover_[static_cast<size_t>(d * S_ + s)];
  }
  if (IsWeekendDay(d) && d / 7 < W_ && ((old == kOff) != (s == kOff))) {
    int& wd = weekend_days_[static_cast<size_t>(e * W_ + d / 7)];
    const bool was = wd > 0;
    wd += s != kOff ? 1 : -1;
    worked_weekends_[ue] += static_cast<int>(wd > 0) - static_cast<int>(was);
  }
}

bool Roster::CountersConsistent() const {
  Roster fresh = *this;
  std::fill(fresh.grid_.begin(), fresh.grid_.end(), kOff);
  for (auto* v : {&fresh.minutes_, &fresh.type_count_, &fresh.weekend_days_,
                  &fresh.worked_weekends_, &fresh.cover_})
    std::fill(v->begin(), v->end(), 0);
  for (int e = 0; e < E_; ++e)
    for (int d = 0; d < H_; ++d) fresh.Set(e, d, at(e, d));
  return fresh.minutes_ == minutes_ && fresh.type_count_ == type_count_ &&
         fresh.weekend_days_ == weekend_days_ && fresh.worked_weekends_ == worked_weekends_ &&
         fresh.cover_ == cover_;
}

}  // namespace weft::roster
