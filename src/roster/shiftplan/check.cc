#include "roster/shiftplan/check.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <sstream>

namespace weft::shiftplan {

namespace {

std::string Hm(int minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

std::string Describe(const Problem& p, const Shift& s) {
  std::ostringstream o;
  o << "worker '" << p.workers[static_cast<size_t>(s.worker)].id << "' day " << s.day;
  for (const Piece& pc : s.pieces) o << " " << Hm(pc.start) << "-" << Hm(pc.end);
  return o.str();
}

bool IsPinned(const Problem& p, const Shift& s) {
  for (const Shift& q : p.pins)
    if (q.worker == s.worker && q.day == s.day && q.skill == s.skill && q.pieces == s.pieces)
      return true;
  return false;
}

}  // namespace

CheckReport CheckPlan(const Problem& p, const std::vector<Shift>& shifts) {
  CheckReport rep;
  Breakdown& b = rep.score;
  const Weights& wt = p.weights;
  const int S = p.SlotsPerDay(), K = p.K(), u = p.interval;
  auto bad = [&](const std::string& m) { rep.violations.push_back(m); };
  std::vector<int> count(p.need.size(), 0);
  std::vector<int> minutes(static_cast<size_t>(p.W()), 0);
  std::map<std::pair<int, int>, const Shift*> by_day;
  for (const Shift& s : shifts) {
    if (s.worker < 0 || s.worker >= p.W() || s.day < 0 || s.day >= p.days || s.skill < 0 ||
        s.skill >= K || s.pieces.empty()) {
      bad("a shift names an unknown worker, day or skill, or has no pieces");
      continue;
    }
    const Worker& wk = p.workers[static_cast<size_t>(s.worker)];
    const Contract& c = wk.contract;
    const std::string who = Describe(p, s);
    if (!by_day.emplace(std::make_pair(s.worker, s.day), &s).second)
      bad(who + ": a second shift on the same day");
    const WorkerSkill* ws = FindSkill(wk, s.skill);
    if (!ws || !ws->certified) bad(who + ": not certified for the skill");
    const bool pinned = IsPinned(p, s);
    if (s.pieces.size() > 2 || (s.pieces.size() == 2 && !c.split_allowed && !pinned))
      bad(who + ": split shift not allowed");
    int worked = 0;
    for (size_t j = 0; j < s.pieces.size(); ++j) {
      const Piece& pc = s.pieces[j];
      const int len = pc.end - pc.start;
      worked += len;
      if (pc.start < 0 || pc.end > 1440 || len <= 0 || pc.start % u || pc.end % u) {
        bad(who + ": a piece off the interval grid or outside the day");
        continue;
      }
      if (!pinned && len < c.min_shift_minutes) bad(who + ": a piece shorter than the minimum");
      if (!pinned && len > c.max_shift_minutes) bad(who + ": a piece longer than the maximum");
      if (j > 0) {
        const int gap = pc.start - s.pieces[j - 1].end;
        if (gap <= 0) bad(who + ": pieces overlap or touch");
        if (!pinned && gap > c.max_split_gap_minutes) bad(who + ": split gap too long");
      }
      bool inside = false;
      for (const Block& bl : Segments(wk, s.day))
        inside = inside || (bl.start <= pc.start && pc.end <= bl.end);
      if (!inside) bad(who + ": outside availability");
      // Cover and the per-hour terms, slot by slot.
      for (int t = pc.start; t < pc.end; t += u) {
        const int i = t / u;
        ++count[p.NeedIdx(s.day, i, s.skill)];
        bool pref = false;
        for (const Block& bl : wk.availability)
          pref = pref || (bl.day == s.day && bl.preferred && bl.start <= t && t + u <= bl.end);
        if (!pref) b.preference += wt.preference * u / 60.0;
      }
    }
    if (!pinned && worked > c.max_day_minutes) bad(who + ": more than the daily maximum");
    minutes[static_cast<size_t>(s.worker)] += worked;
    const double h = worked / 60.0;
    b.pay += wk.hourly_cost * h;
    b.quality += wt.skill_quality * p.skills[static_cast<size_t>(s.skill)].complexity *
                 (1 - SkillFactor(ws ? ws->level : SkillLevel::kD)) * h;
    b.continuity += wt.continuity + (s.pieces.size() > 1 ? wt.split : 0);
    ++b.shifts;
    if (s.pieces.size() > 1) ++b.split_shifts;
  }
  // Rest between consecutive days.
  for (const auto& [key, s] : by_day) {
    const auto next = by_day.find({key.first, key.second + 1});
    if (next == by_day.end()) continue;
    const int rest = 1440 - s->pieces.back().end + next->second->pieces.front().start;
    if (rest < p.workers[static_cast<size_t>(key.first)].contract.min_rest_minutes)
      bad(Describe(p, *s) + ": less rest than the minimum before the next day's shift");
  }
  // Pins kept.
  for (const Shift& q : p.pins) {
    const auto it = by_day.find({q.worker, q.day});
    if (it == by_day.end() || it->second->pieces != q.pieces || it->second->skill != q.skill)
      bad(Describe(p, q) + ": pinned shift missing");
  }
  // Weekly bounds and fairness.
  double mean_hist = 0;
  if (!p.prized_history.empty())
    mean_hist = std::accumulate(p.prized_history.begin(), p.prized_history.end(), 0.0) / p.W();
  for (int w = 0; w < p.W(); ++w) {
    const Worker& wk = p.workers[static_cast<size_t>(w)];
    const int m = minutes[static_cast<size_t>(w)];
    if (m > wk.contract.max_week_minutes)
      bad("worker '" + wk.id + "': more than the weekly maximum");
    const int promise = std::min(wk.contract.min_week_minutes, ReachableMinutes(p, w));
    if (m < promise) bad("worker '" + wk.id + "': fewer than the promised hours");
    if (wk.hoped_minutes > 0) {
      const double hoped = wk.hoped_minutes / 60.0, r = m / 60.0 / hoped - 1;
      b.fairness += wt.fairness * hoped * r * r;
    }
  }
  if (!p.prized.empty() && !p.prized_history.empty() && mean_hist > 0)
    for (const Shift& s : shifts) {
      if (s.worker < 0 || s.worker >= p.W() || s.day < 0 || s.day >= p.days) continue;
      const double rate =
          wt.fairness *
          std::clamp((p.prized_history[static_cast<size_t>(s.worker)] - mean_hist) / mean_hist,
                     -1.0, 1.0);
      for (const Piece& pc : s.pieces)
        for (int t = std::max(0, pc.start); t < std::min(1440, pc.end); t += u)
          if (p.prized[static_cast<size_t>(s.day * S + t / u)]) b.prized += rate * u / 60.0;
    }
  // Cover.
  const double h = u / 60.0;
  for (int d = 0; d < p.days; ++d)
    for (int i = 0; i < S; ++i)
      for (int k = 0; k < K; ++k) {
        const size_t c = p.NeedIdx(d, i, k);
        const int short_by = p.need[c] - count[c];
        if (short_by > 0) {
          b.under += wt.under * p.importance[static_cast<size_t>(d * S + i)] * h * short_by;
          b.uncovered_hours += h * short_by;
        } else {
          b.over += wt.over * h * -short_by;
        }
      }
  b.cover_and_cost = b.under + b.over + wt.cost * b.pay;
  b.total = b.cover_and_cost + b.quality + b.preference + b.continuity + b.fairness + b.prized;
  rep.feasible = rep.violations.empty();
  return rep;
}

}  // namespace weft::shiftplan
