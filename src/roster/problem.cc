#include "roster/problem.h"

#include <set>
#include <utility>

namespace weft::roster {
namespace {
std::string Emp(const RosterProblem& p, int e) {
  return "employee " + p.employees[static_cast<size_t>(e)].name;
}
}  // namespace

Status RosterProblem::Validate() const {
  if (days <= 0) return Status::InvalidInput("horizon: the number of days must be positive");
  if (shifts.empty()) return Status::InvalidInput("shifts: at least one shift type is needed");
  const int S = num_shifts();
  for (const auto& s : shifts) {
    if (s.minutes <= 0)
      return Status::InvalidInput("shift " + s.name + ": length must be positive");
    for (int t : s.cannot_follow)
      if (t < 0 || t >= S) return Status::InvalidInput("shift " + s.name + ": bad cannot-follow");
  }
  for (int e = 0; e < num_employees(); ++e) {
    const auto& r = employees[static_cast<size_t>(e)];
    if (static_cast<int>(r.max_shifts.size()) != S)
      return Status::InvalidInput(Emp(*this, e) +
                                  ": needs a max-shifts limit for every shift type");
    for (int m : r.max_shifts)
      if (m < 0) return Status::InvalidInput(Emp(*this, e) + ": max shifts must be >= 0");
    if (r.min_total_minutes < 0 || r.max_total_minutes < r.min_total_minutes)
      return Status::InvalidInput(Emp(*this, e) + ": need 0 <= min total minutes <= max");
    if (r.max_consecutive_shifts < 1 || r.min_consecutive_shifts < 0 ||
        r.min_consecutive_days_off < 0 || r.max_weekends < 0)
      return Status::InvalidInput(Emp(*this, e) + ": consecutive and weekend limits out of range");
    for (int d : r.days_off)
      if (d < 0 || d >= days)
        return Status::InvalidInput(Emp(*this, e) + ": day off out of horizon");
  }
  auto check_req = [&](const std::vector<ShiftRequest>& v, const char* what) -> Status {
    for (const auto& q : v) {
      if (q.employee < 0 || q.employee >= num_employees() || q.day < 0 || q.day >= days ||
          q.shift < 0 || q.shift >= S || q.weight < 0)
        return Status::InvalidInput(std::string(what) + ": request out of range");
    }
    return Status::Ok();
  };
  if (Status s = check_req(on_requests, "shift-on requests"); !s.ok()) return s;
  if (Status s = check_req(off_requests, "shift-off requests"); !s.ok()) return s;
  std::set<std::pair<int, int>> seen;
  for (const auto& c : cover) {
    if (c.day < 0 || c.day >= days || c.shift < 0 || c.shift >= S || c.requirement < 0 ||
        c.weight_under < 0 || c.weight_over < 0)
      return Status::InvalidInput("cover: entry out of range on day " + std::to_string(c.day));
    if (!seen.insert({c.day, c.shift}).second)
      return Status::InvalidInput("cover: two entries for day " + std::to_string(c.day) +
                                  " shift " + shifts[static_cast<size_t>(c.shift)].name);
  }
  return Status::Ok();
}

}  // namespace weft::roster
