#include "roster/shiftplan/report.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace weft::shiftplan {

const char* ToString(GapReason r) {
  switch (r) {
    case GapReason::kNoOneAvailable:
      return "no one available";
    case GapReason::kNoOneCertified:
      return "no one certified";
    case GapReason::kEveryoneBusy:
      return "everyone busy or at their cap";
    case GapReason::kLeftOpen:
      return "left open (cheaper than covering)";
  }
  return "";
}

double Gini(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double n = static_cast<double>(v.size());
  const double sum = std::accumulate(v.begin(), v.end(), 0.0);
  if (sum <= 0) return 0;
  double weighted = 0;
  for (size_t i = 0; i < v.size(); ++i)
    weighted += (2.0 * static_cast<double>(i + 1) - n - 1) * v[i];
  return weighted / (n * sum);
}

PlanReport BuildReport(const Problem& p, const std::vector<Shift>& shifts) {
  PlanReport r;
  r.check = CheckPlan(p, shifts);
  const int S = p.SlotsPerDay(), K = p.K(), u = p.interval;
  const double h = u / 60.0;
  r.scheduled.assign(p.need.size(), 0);
  r.workers.resize(p.workers.size());
  // Which worker works (any skill) in each slot; days worked.
  std::vector<std::vector<uint8_t>> busy(p.workers.size(),
                                         std::vector<uint8_t>(static_cast<size_t>(p.days * S), 0));
  std::vector<std::vector<uint8_t>> day_worked(
      p.workers.size(), std::vector<uint8_t>(static_cast<size_t>(p.days), 0));
  for (size_t w = 0; w < p.workers.size(); ++w) {
    WorkerLine& l = r.workers[w];
    l.worker = static_cast<int>(w);
    for (const Block& b : p.workers[w].availability) l.offered_hours += (b.end - b.start) / 60.0;
    l.hoped_hours = p.workers[w].hoped_minutes / 60.0;
  }
  for (const Shift& s : shifts) {
    if (s.worker < 0 || s.worker >= p.W() || s.day < 0 || s.day >= p.days || s.skill < 0 ||
        s.skill >= K)
      continue;
    const Worker& wk = p.workers[static_cast<size_t>(s.worker)];
    WorkerLine& l = r.workers[static_cast<size_t>(s.worker)];
    ++l.shifts;
    if (s.split()) ++l.split_shifts;
    day_worked[static_cast<size_t>(s.worker)][static_cast<size_t>(s.day)] = 1;
    for (const Piece& pc : s.pieces)
      for (int t = std::max(0, pc.start); t < std::min(1440, pc.end); t += u) {
        ++r.scheduled[p.NeedIdx(s.day, t / u, s.skill)];
        busy[static_cast<size_t>(s.worker)][static_cast<size_t>(s.day * S + t / u)] = 1;
        l.given_hours += h;
        for (const Block& b : wk.availability)
          if (b.day == s.day && b.preferred && b.start <= t && t + u <= b.end)
            l.preferred_hours += h;
      }
    l.pay = wk.hourly_cost * l.given_hours;
  }
  std::vector<double> ratios;
  double preferred = 0;
  for (size_t w = 0; w < p.workers.size(); ++w) {
    const WorkerLine& l = r.workers[w];
    r.given_hours += l.given_hours;
    preferred += l.preferred_hours;
    const int tier = static_cast<int>(p.workers[w].tier);
    r.pay_by_tier[tier] += l.pay;
    r.hours_by_tier[tier] += l.given_hours;
    if (l.hoped_hours > 0) ratios.push_back(l.given_hours / l.hoped_hours);
  }
  r.preferences_honoured = r.given_hours > 0 ? preferred / r.given_hours : 1.0;
  if (!ratios.empty()) {
    const double n = static_cast<double>(ratios.size());
    r.fairness_mean = std::accumulate(ratios.begin(), ratios.end(), 0.0) / n;
    double var = 0;
    for (double x : ratios) var += (x - r.fairness_mean) * (x - r.fairness_mean);
    r.fairness_stddev = std::sqrt(var / n);
    r.fairness_gini = Gini(ratios);
  }
  // Weekly minutes per worker, for "at their cap".
  std::vector<int> minutes(p.workers.size(), 0);
  for (size_t w = 0; w < p.workers.size(); ++w)
    minutes[w] = static_cast<int>(std::lround(r.workers[w].given_hours * 60));
  for (int d = 0; d < p.days; ++d)
    for (int i = 0; i < S; ++i)
      for (int k = 0; k < K; ++k) {
        const size_t c = p.NeedIdx(d, i, k);
        r.need_hours += p.need[c] * h;
        r.covered_hours += std::min(p.need[c], r.scheduled[c]) * h;
        if (r.scheduled[c] >= p.need[c]) continue;
        GapLine g{d, i, k, p.need[c], r.scheduled[c], GapReason::kNoOneAvailable};
        bool available = false, certified = false, free = false;
        for (size_t w = 0; w < p.workers.size() && !free; ++w) {
          const Worker& wk = p.workers[w];
          bool offers = false;
          for (const Block& b : wk.availability)
            offers = offers || (b.day == d && b.start <= i * u && (i + 1) * u <= b.end);
          if (!offers) continue;
          available = true;
          const WorkerSkill* ws = FindSkill(wk, k);
          if (!ws || !ws->certified) continue;
          certified = true;
          const bool idle =
              !busy[w][static_cast<size_t>(d * S + i)] && !day_worked[w][static_cast<size_t>(d)] &&
              minutes[w] + wk.contract.min_shift_minutes <= wk.contract.max_week_minutes;
          free = free || idle;
        }
        g.reason = free        ? GapReason::kLeftOpen
                   : certified ? GapReason::kEveryoneBusy
                   : available ? GapReason::kNoOneCertified
                               : GapReason::kNoOneAvailable;
        ++r.gap_counts[static_cast<int>(g.reason)];
        r.gaps.push_back(g);
      }
  return r;
}

}  // namespace weft::shiftplan
