#include "roster/shiftplan/problem.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace weft::shiftplan {

const WorkerSkill* FindSkill(const Worker& w, int k) {
  for (const WorkerSkill& s : w.skills)
    if (s.skill == k) return &s;
  return nullptr;
}

std::vector<Block> Segments(const Worker& w, int day) {
  std::vector<Block> blocks;
  for (const Block& b : w.availability)
    if (b.day == day) blocks.push_back(b);
  std::sort(blocks.begin(), blocks.end(),
            [](const Block& a, const Block& b) { return a.start < b.start; });
  std::vector<Block> out;
  for (const Block& b : blocks) {
    if (!out.empty() && out.back().end == b.start)
      out.back().end = b.end;
    else
      out.push_back({day, b.start, b.end, false});
  }
  return out;
}

int ReachableMinutes(const Problem& p, int w) {
  const Worker& wk = p.workers[static_cast<size_t>(w)];
  const Contract& c = wk.contract;
  const int u = p.interval;
  const int min_len = (c.min_shift_minutes + u - 1) / u * u;
  const int max_len = std::min(c.max_shift_minutes, c.max_day_minutes) / u * u;
  int total = 0;
  for (int d = 0; d < p.days; ++d) {
    int pinned = -1;
    for (const Shift& s : p.pins)
      if (s.worker == w && s.day == d) pinned = s.Minutes();
    if (pinned >= 0) {
      total += pinned;
      continue;
    }
    const std::vector<Block> blocks = Segments(wk, d);
    auto piece = [&](const Block& b) {
      const int len = std::min(b.end - b.start, max_len);
      return len >= min_len ? len : 0;
    };
    int best = 0;
    for (size_t i = 0; i < blocks.size(); ++i) {
      best = std::max(best, piece(blocks[i]));
      if (!c.split_allowed) continue;
      // A split shift spans the break between two consecutive spans.
      if (i + 1 < blocks.size()) {
        const int a = piece(blocks[i]), b = piece(blocks[i + 1]);
        if (a > 0 && b > 0 && blocks[i + 1].start - blocks[i].end <= c.max_split_gap_minutes)
          best = std::max(best, std::min(a + b, c.max_day_minutes / u * u));
      }
    }
    total += best;
  }
  return std::min(total, c.max_week_minutes / u * u);
}

void RotatePrized(Problem& p, const Problem& previous, const std::vector<Shift>& previous_shifts) {
  const int S = p.SlotsPerDay();
  const size_t slots = static_cast<size_t>(p.days * S);
  if (p.prized.empty()) {
    std::vector<int> fans(slots, 0);
    for (const Worker& w : p.workers)
      for (const Block& b : w.availability)
        if (b.preferred)
          for (int t = b.start; t < b.end; t += p.interval)
            ++fans[static_cast<size_t>(b.day * S + t / p.interval)];
    std::vector<int> open;
    for (size_t i = 0; i < slots; ++i) {
      bool needed = false;
      for (int k = 0; k < p.K(); ++k)
        needed = needed || p.need[i * static_cast<size_t>(p.K()) + static_cast<size_t>(k)] > 0;
      if (needed && fans[i] > 0) open.push_back(fans[i]);
    }
    p.prized.assign(slots, 0);
    if (!open.empty()) {
      std::sort(open.begin(), open.end(), std::greater<>());
      const int cut = open[open.size() / 5];
      for (size_t i = 0; i < slots; ++i) p.prized[i] = fans[i] > cut ? 1 : 0;
    }
  }
  p.prized_history.assign(p.workers.size(), 0);
  for (const Shift& s : previous_shifts) {
    if (s.worker < 0 || s.worker >= previous.W()) continue;
    const std::string& id = previous.workers[static_cast<size_t>(s.worker)].id;
    int w = -1;
    for (size_t i = 0; i < p.workers.size() && w < 0; ++i)
      if (p.workers[i].id == id) w = static_cast<int>(i);
    if (w < 0) continue;
    for (const Piece& pc : s.pieces)
      for (int t = pc.start; t < pc.end; t += previous.interval) {
        // The same weekday and time in this horizon.
        for (int d = s.day % 7; d < p.days; d += 7) {
          const size_t i = static_cast<size_t>(d * S + std::min(S - 1, t / p.interval));
          if (p.prized[i]) {
            p.prized_history[static_cast<size_t>(w)] += previous.interval;
            break;
          }
        }
      }
  }
}

namespace {

std::string Ptr(std::initializer_list<std::string> parts) {
  std::string s;
  for (const auto& p : parts) s += "/" + p;
  return s;
}
std::string N(size_t i) { return std::to_string(i); }

Status Bad(const std::string& where, const std::string& what) {
  return Status::InvalidInput(where + ": " + what);
}

bool OnGrid(int minutes, int interval) { return minutes % interval == 0; }

}  // namespace

Status Problem::Validate() const {
  if (interval != 15 && interval != 30 && interval != 60)
    return Bad("/interval_minutes", "must be 15, 30 or 60, got " + std::to_string(interval));
  if (days < 1 || days > 62)
    return Bad("/horizon/days", "must be 1..62, got " + std::to_string(days));
  if (skills.empty()) return Bad("/skills", "at least one skill is needed");
  for (size_t k = 0; k < skills.size(); ++k) {
    if (skills[k].id.empty()) return Bad(Ptr({"skills", N(k), "id"}), "must not be empty");
    for (size_t j = 0; j < k; ++j)
      if (skills[j].id == skills[k].id)
        return Bad(Ptr({"skills", N(k), "id"}), "repeats skill '" + skills[k].id + "'");
    if (!(skills[k].complexity >= 0 && skills[k].complexity <= 1))
      return Bad(Ptr({"skills", N(k), "complexity"}), "must be within 0..1");
  }
  const size_t slots = static_cast<size_t>(days * SlotsPerDay());
  if (need.size() != slots * skills.size())
    return Bad("/needs", "expected one value per interval and skill");
  for (size_t i = 0; i < need.size(); ++i)
    if (need[i] < 0)
      return Bad("/needs", "negative need on day " + N(i / skills.size() / SlotsPerDay()));
  if (importance.size() != slots) return Bad("/importance", "expected one value per interval");
  for (double v : importance)
    if (!(v >= 0) || !std::isfinite(v)) return Bad("/importance", "values must be >= 0");
  for (size_t w = 0; w < workers.size(); ++w) {
    const Worker& wk = workers[w];
    const std::string at = Ptr({"workers", N(w)});
    if (wk.id.empty()) return Bad(at + "/id", "must not be empty");
    for (size_t j = 0; j < w; ++j)
      if (workers[j].id == wk.id) return Bad(at + "/id", "repeats worker '" + wk.id + "'");
    if (!(wk.hourly_cost >= 0) || !std::isfinite(wk.hourly_cost))
      return Bad(at + "/hourly_cost", "must be >= 0");
    if (wk.hoped_minutes < 0) return Bad(at + "/hoped_hours", "must be >= 0");
    for (size_t s = 0; s < wk.skills.size(); ++s) {
      if (wk.skills[s].skill < 0 || wk.skills[s].skill >= K())
        return Bad(at + "/skills/" + N(s), "unknown skill");
      for (size_t j = 0; j < s; ++j)
        if (wk.skills[j].skill == wk.skills[s].skill)
          return Bad(at + "/skills/" + N(s), "repeats a skill");
    }
    const Contract& c = wk.contract;
    const std::string ct = at + "/contract";
    struct Field {
      const char* name;
      int value;
    };
    for (const Field& f : {Field{"min_shift_hours", c.min_shift_minutes},
                           Field{"max_shift_hours", c.max_shift_minutes},
                           Field{"max_hours_per_day", c.max_day_minutes},
                           Field{"max_hours_per_week", c.max_week_minutes},
                           Field{"min_hours_per_week", c.min_week_minutes},
                           Field{"min_rest_hours", c.min_rest_minutes},
                           Field{"max_split_gap_hours", c.max_split_gap_minutes}})
      if (f.value < 0) return Bad(ct + "/" + f.name, "must not be negative");
    if (c.min_shift_minutes < interval)
      return Bad(ct + "/min_shift_hours", "must be at least one interval");
    if (c.max_shift_minutes < c.min_shift_minutes)
      return Bad(ct + "/max_shift_hours", "is below min_shift_hours");
    if (c.min_week_minutes > c.max_week_minutes)
      return Bad(ct + "/min_hours_per_week", "is above max_hours_per_week");
    for (size_t b = 0; b < wk.availability.size(); ++b) {
      const Block& bl = wk.availability[b];
      const std::string bt = at + "/availability/" + N(b);
      if (bl.day < 0 || bl.day >= days)
        return Bad(bt + "/day", "must be within 0.." + std::to_string(days - 1));
      if (bl.start < 0 || bl.end > 1440 || bl.start >= bl.end)
        return Bad(bt, "start must be before end, both within the day");
      if (!OnGrid(bl.start, interval) || !OnGrid(bl.end, interval))
        return Bad(bt, "start and end must lie on the " + std::to_string(interval) +
                           "-minute interval grid");
      for (size_t j = 0; j < b; ++j) {
        const Block& o = wk.availability[j];
        if (o.day == bl.day && o.start < bl.end && bl.start < o.end)
          return Bad(bt, "overlaps " + at + "/availability/" + N(j));
      }
    }
  }
  for (size_t p = 0; p < pins.size(); ++p) {
    const Shift& s = pins[p];
    const std::string at = Ptr({"pins", N(p)});
    if (s.worker < 0 || s.worker >= W()) return Bad(at + "/worker", "unknown worker");
    if (s.day < 0 || s.day >= days) return Bad(at + "/day", "outside the horizon");
    if (s.skill < 0 || s.skill >= K()) return Bad(at + "/skill", "unknown skill");
    const Worker& wk = workers[static_cast<size_t>(s.worker)];
    const WorkerSkill* ws = FindSkill(wk, s.skill);
    if (!ws || !ws->certified)
      return Bad(at + "/skill", "worker '" + wk.id + "' is not certified for '" +
                                    skills[static_cast<size_t>(s.skill)].id + "'");
    if (s.pieces.empty() || s.pieces.size() > 2) return Bad(at, "needs one or two pieces");
    for (size_t j = 0; j + 1 < s.pieces.size(); ++j)
      if (s.pieces[j].end >= s.pieces[j + 1].start)
        return Bad(at, "pieces must be in order with a gap between them");
    for (const Piece& pc : s.pieces) {
      if (pc.start >= pc.end || !OnGrid(pc.start, interval) || !OnGrid(pc.end, interval))
        return Bad(at, "each piece must be a non-empty span on the interval grid");
      const bool inside = std::any_of(
          wk.availability.begin(), wk.availability.end(),
          [&](const Block& b) { return b.day == s.day && b.start <= pc.start && pc.end <= b.end; });
      if (!inside) return Bad(at, "lies outside worker '" + wk.id + "' availability");
    }
    for (size_t j = 0; j < p; ++j)
      if (pins[j].worker == s.worker && pins[j].day == s.day)
        return Bad(at, "a second pin for the same worker and day (" + Ptr({"pins", N(j)}) + ")");
  }
  if (!prized.empty() && prized.size() != slots)
    return Bad("/prized", "expected one flag per interval");
  if (!prized_history.empty() && prized_history.size() != workers.size())
    return Bad("/prized_history", "expected one value per worker");
  const Weights& wt = weights;
  for (double v : {wt.under, wt.over, wt.skill_quality, wt.cost, wt.fairness, wt.preference,
                   wt.continuity, wt.split})
    if (!(v >= 0) || !std::isfinite(v)) return Bad("/weights", "weights must be >= 0");
  return Status::Ok();
}

}  // namespace weft::shiftplan
