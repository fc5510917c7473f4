#include "roster/shiftplan/scenario.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "forecast/erlang.h"

namespace weft::shiftplan {

namespace {

constexpr int kOpen = 8 * 60, kClose = 22 * 60;

double Uniform(std::mt19937_64& rng) { return std::generate_canonical<double, 32>(rng); }
int Pick(std::mt19937_64& rng, int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); }
bool Chance(std::mt19937_64& rng, double p) { return Uniform(rng) < p; }

// The built-in intraday shape (per hour of the day, 8..21) and weekday
// factors of a contact centre's voice arrivals.
double Profile(int day, int minute) {
  static constexpr double kHour[24] = {0,    0,    0,    0,    0,    0,   0,    0,
                                       0.55, 0.95, 1.15, 1.1,  0.85, 0.9, 1.05, 1.1,
                                       0.95, 0.8,  0.65, 0.55, 0.5,  0.4, 0,    0};
  static constexpr double kDay[7] = {1.2, 1.05, 1.0, 1.0, 0.95, 0.7, 0.55};
  if (minute < kOpen || minute >= kClose) return 0;
  const double h = minute / 60.0;
  const int a = static_cast<int>(h);
  const double f = h - a;
  const double v = kHour[a] * (1 - f) + kHour[std::min(23, a + 1)] * f;
  return std::max(0.05, v) * kDay[day % 7];
}

int RoundTo(int minutes, int grid) { return minutes / grid * grid; }

void AddBlock(Worker& w, int day, int start, int end, bool preferred, int grid) {
  start = std::clamp(RoundTo(start, grid), kOpen, kClose);
  end = std::clamp(RoundTo(end, grid), kOpen, kClose);
  if (end - start < grid) return;
  for (const Block& b : w.availability)
    if (b.day == day && b.start < end && start < b.end) return;  // keep them disjoint
  w.availability.push_back({day, start, end, preferred});
}

}  // namespace

Problem GenerateScenario(const ScenarioParams& sp) {
  std::mt19937_64 rng(sp.seed * 0x9E3779B97F4A7C15ULL + 7);
  Problem p;
  p.site = "Demo contact centre";
  p.time_zone = "Asia/Shanghai";
  p.start_date = sp.start_date;
  p.days = sp.days;
  p.interval = sp.interval;
  p.skills = {{"voice", "Voice", 0.3}, {"chat", "Chat", 0.2}, {"vip", "VIP line", 0.9}};
  const int S = p.SlotsPerDay(), K = p.K(), u = sp.interval;

  // Workers.
  static constexpr SkillLevel kLevels[5] = {SkillLevel::kS, SkillLevel::kA, SkillLevel::kB,
                                            SkillLevel::kC, SkillLevel::kD};
  static constexpr double kPay[5] = {38, 33, 28, 25, 22};
  double hoped_total = 0;
  for (int i = 0; i < sp.workers; ++i) {
    Worker w;
    char id[16];
    std::snprintf(id, sizeof id, "w%04d", i + 1);
    w.id = id;
    const double r = Uniform(rng);
    w.tier = r < 0.15 ? Tier::kCore : r < 0.5 ? Tier::kBackbone : Tier::kElastic;
    const int base = w.tier == Tier::kCore ? 0 : w.tier == Tier::kBackbone ? 1 : 2;
    const int level = std::min(4, base + Pick(rng, 3));
    Contract& c = w.contract;
    c.min_rest_minutes = 11 * 60;
    const int kind =
        w.tier == Tier::kCore ? -1 : Pick(rng, 4);  // student, parent, retiree, freelancer
    static constexpr const char* kKinds[4] = {"student", "parent", "retiree", "freelancer"};
    w.name = std::string(w.tier == Tier::kCore ? "core" : kKinds[kind]) + " " + id;
    if (w.tier == Tier::kCore) {
      const bool late = Chance(rng, 0.4);
      const int off1 = Pick(rng, 7), off2 = (off1 + 1 + Pick(rng, 6)) % 7;
      for (int d = 0; d < sp.days; ++d) {
        if (d % 7 == off1 || d % 7 == off2) continue;
        if (late)
          AddBlock(w, d, 12 * 60 + 60 * Pick(rng, 2), kClose, Chance(rng, 0.5), u);
        else
          AddBlock(w, d, kOpen, 17 * 60 + 60 * Pick(rng, 2), Chance(rng, 0.5), u);
      }
      c.min_shift_minutes = 240;
      c.max_shift_minutes = 540;
      c.max_day_minutes = 540;
      c.max_week_minutes = 40 * 60;
      c.min_week_minutes = 32 * 60;
      w.hoped_minutes = (36 + Pick(rng, 5)) * 60;
    } else {
      for (int d = 0; d < sp.days; ++d) {
        const bool weekend = d % 7 >= 5;
        switch (kind) {
          case 0:  // student: evenings, a lunch break, weekends
            if (!weekend && Chance(rng, 0.6))
              AddBlock(w, d, 17 * 60 + 30 * Pick(rng, 4), kClose, Chance(rng, 0.5), u);
            if (!weekend && Chance(rng, 0.25))
              AddBlock(w, d, 11 * 60 + 30 * Pick(rng, 2), 13 * 60 + 30 * Pick(rng, 3),
                       Chance(rng, 0.3), u);
            if (weekend && Chance(rng, 0.7))
              AddBlock(w, d, 9 * 60 + 60 * Pick(rng, 4), 16 * 60 + 60 * Pick(rng, 6),
                       Chance(rng, 0.5), u);
            break;
          case 1:  // parent: school hours, sometimes late evening
            if (!weekend && Chance(rng, 0.75))
              AddBlock(w, d, 9 * 60 + 30 * Pick(rng, 2), 14 * 60 + 30 * Pick(rng, 4),
                       Chance(rng, 0.5), u);
            if (!weekend && Chance(rng, 0.2))
              AddBlock(w, d, 19 * 60 + 30 * Pick(rng, 2), kClose, false, u);
            if (weekend && Chance(rng, 0.2)) AddBlock(w, d, 10 * 60, 14 * 60, false, u);
            break;
          case 2:  // retiree: daytime
            if (Chance(rng, weekend ? 0.3 : 0.6))
              AddBlock(w, d, 8 * 60 + 60 * Pick(rng, 3), 13 * 60 + 60 * Pick(rng, 5),
                       Chance(rng, 0.5), u);
            break;
          default:  // freelancer: scattered pieces
            for (int j = 0; j < 2; ++j)
              if (Chance(rng, 0.45)) {
                const int s = kOpen + 60 * Pick(rng, 12);
                AddBlock(w, d, s, s + 120 + 60 * Pick(rng, 5), Chance(rng, 0.4), u);
              }
        }
      }
      c.min_shift_minutes = kind == 0 || kind == 3 ? 120 : 180;
      c.max_shift_minutes = 480;
      c.max_day_minutes = 480;
      c.split_allowed = (kind == 0 || kind == 3) && Chance(rng, 0.4);
      c.max_split_gap_minutes = c.split_allowed ? 240 : 0;
      if (w.tier == Tier::kBackbone) {
        c.max_week_minutes = 30 * 60;
        c.min_week_minutes = (8 + 2 * Pick(rng, 5)) * 60;
        w.hoped_minutes = c.min_week_minutes + (4 + 2 * Pick(rng, 4)) * 60;
      } else {
        c.max_week_minutes = 20 * 60;
        c.min_week_minutes = 0;
        w.hoped_minutes = (6 + 2 * Pick(rng, 5)) * 60;
      }
    }
    // Skills: everyone takes voice; chat often; the VIP line needs a level.
    w.skills.push_back({0, kLevels[level], true});
    if (Chance(rng, 0.6)) w.skills.push_back({1, kLevels[std::min(4, level + Pick(rng, 2))], true});
    if (level <= 1 && Chance(rng, 0.6)) w.skills.push_back({2, kLevels[level], true});
    if (level >= 3 && Chance(rng, 0.3))
      w.skills.push_back({2, kLevels[level], false});  // in training
    const double tier_factor = w.tier == Tier::kCore ? 1.0 : w.tier == Tier::kBackbone ? 1.05 : 1.2;
    w.hourly_cost = std::round(kPay[level] * tier_factor * 100) / 100;
    p.workers.push_back(std::move(w));
    // Promise no more than the availability can hold.
    Contract& pc = p.workers.back().contract;
    const int reach = ReachableMinutes(p, i);
    if (pc.min_week_minutes > reach * 3 / 4) pc.min_week_minutes = reach * 3 / 4 / 60 * 60;
    hoped_total += std::min(p.workers.back().hoped_minutes, ReachableMinutes(p, i)) / 60.0;
  }

  // Arrivals for voice; chat and VIP follow the same shape.
  std::vector<double> voice(static_cast<size_t>(sp.days * S), 0);
  for (int d = 0; d < sp.days; ++d)
    for (int i = 0; i < S; ++i) {
      const size_t at = static_cast<size_t>(d * S + i);
      voice[at] = sp.arrivals.empty()
                      ? Profile(d, i * u + u / 2)
                      : (at < sp.arrivals.size() ? std::max(0.0, sp.arrivals[at]) : 0.0);
    }
  struct Queue {
    double share;
    forecast::QueueParams q;
    forecast::StaffingTarget target;
  };
  Queue queues[3];
  queues[0] = {1.0, {300, 20, 0}, {0.8, 0.9, 0, 0, 1}};
  queues[1] = {0.5, {600, 60, 0}, {0.8, 0.9, 0, 0, 2}};
  queues[2] = {0.08, {420, 20, 0}, {0.9, 0.85, 0, 0, 1}};
  auto needs_for = [&](double scale, std::vector<int>& out) {
    out.assign(static_cast<size_t>(sp.days * S * K), 0);
    double hours = 0;
    for (size_t at = 0; at < voice.size(); ++at) {
      if (voice[at] <= 0) continue;
      for (int k = 0; k < K; ++k) {
        const double contacts = voice[at] * scale * queues[k].share;
        const int n = contacts > 0
                          ? forecast::Staff(contacts, u, queues[k].q, queues[k].target).scheduled
                          : 0;
        out[at * static_cast<size_t>(K) + static_cast<size_t>(k)] = n;
        hours += n * u / 60.0;
      }
    }
    return hours;
  };
  // Scale so the agent-hours needed are `load` x the hours hoped for.
  const double want = sp.load * hoped_total;
  double lo = 0, hi = 1;
  while (needs_for(hi, p.need) < want && hi < 1e7) hi *= 2;
  for (int it = 0; it < 40; ++it) {
    const double mid = (lo + hi) / 2;
    (needs_for(mid, p.need) < want ? lo : hi) = mid;
  }
  needs_for(hi, p.need);

  // Importance: peaks (the busiest fifth of each day's open intervals) count double.
  p.importance.assign(static_cast<size_t>(sp.days * S), 1.0);
  for (int d = 0; d < sp.days; ++d) {
    std::vector<double> v;
    for (int i = 0; i < S; ++i)
      if (voice[static_cast<size_t>(d * S + i)] > 0)
        v.push_back(voice[static_cast<size_t>(d * S + i)]);
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    const double cut = v[static_cast<size_t>(0.8 * static_cast<double>(v.size() - 1))];
    for (int i = 0; i < S; ++i)
      if (voice[static_cast<size_t>(d * S + i)] > cut)
        p.importance[static_cast<size_t>(d * S + i)] = 2.0;
  }
  return p;
}

}  // namespace weft::shiftplan
