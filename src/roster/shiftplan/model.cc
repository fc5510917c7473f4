#include "roster/shiftplan/model.h"

#include <algorithm>
#include <numeric>

namespace weft::shiftplan {

Model::Model(const Problem& p)
    : p_(p), W_(p.W()), D_(p.days), S_(p.SlotsPerDay()), K_(p.K()), unit_(p.interval) {
  cands_.resize(static_cast<size_t>(W_ * D_));
  pinned_.assign(static_cast<size_t>(W_ * D_), -1);
  max_units_.resize(static_cast<size_t>(W_));
  min_units_.resize(static_cast<size_t>(W_));
  const double hours = unit_ / 60.0;
  under_.resize(p.need.size());
  for (int d = 0; d < D_; ++d)
    for (int i = 0; i < S_; ++i)
      for (int k = 0; k < K_; ++k)
        under_[Cell(d, i, k)] =
            p.weights.under * p.importance[static_cast<size_t>(d * S_ + i)] * hours;
  over_ = p.weights.over * hours;
  for (int w = 0; w < W_; ++w) Build(w);
}

double Model::FairnessCost(int w, int units) const {
  const Worker& wk = p_.workers[static_cast<size_t>(w)];
  if (wk.hoped_minutes <= 0) return 0;
  const double hoped = wk.hoped_minutes / 60.0;
  const double r = units * unit_ / 60.0 / hoped - 1;
  return p_.weights.fairness * hoped * r * r;
}

void Model::Build(int w) {
  const Worker& wk = p_.workers[static_cast<size_t>(w)];
  const Contract& c = wk.contract;
  const Weights& wt = p_.weights;
  const double hours = unit_ / 60.0;
  // Prized slots: a bonus for those who had fewer of them before, a cost
  // for those who had more (relative to the mean), per hour.
  double prized_rate = 0;
  if (!p_.prized.empty() && !p_.prized_history.empty()) {
    const double mean =
        std::accumulate(p_.prized_history.begin(), p_.prized_history.end(), 0.0) / W_;
    if (mean > 0)
      prized_rate =
          wt.fairness *
          std::clamp((p_.prized_history[static_cast<size_t>(w)] - mean) / mean, -1.0, 1.0);
  }
  const int min_len = (c.min_shift_minutes + unit_ - 1) / unit_;
  const int max_len = std::min(c.max_shift_minutes, c.max_day_minutes) / unit_;
  const int gap_max = c.max_split_gap_minutes / unit_;
  const int day_units = c.max_day_minutes / unit_;
  for (int d = 0; d < D_; ++d) {
    const std::vector<Block> blocks = Segments(wk, d);
    // Preferred slots of the day, cumulated.
    std::vector<int> pref(static_cast<size_t>(S_) + 1, 0);
    for (int i = 0; i < S_; ++i) {
      bool pr = false;
      for (const Block& b : wk.availability)
        pr = pr || (b.day == d && b.preferred && b.start <= i * unit_ && (i + 1) * unit_ <= b.end);
      pref[static_cast<size_t>(i) + 1] = pref[static_cast<size_t>(i)] + (pr ? 1 : 0);
    }
    auto prefs = [&](int s, int e) {
      return pref[static_cast<size_t>(e)] - pref[static_cast<size_t>(s)];
    };
    auto& out = cands_[static_cast<size_t>(w * D_ + d)];
    auto add = [&](int k, int s1, int e1, int s2, int e2, int pref_units, bool pinned) {
      Candidate cd;
      cd.skill = static_cast<int16_t>(k);
      cd.start = static_cast<int16_t>(s1);
      cd.end = static_cast<int16_t>(e1);
      cd.start2 = static_cast<int16_t>(s2);
      cd.end2 = static_cast<int16_t>(e2);
      cd.units = static_cast<int16_t>(e1 - s1 + (s2 >= 0 ? e2 - s2 : 0));
      cd.pinned = pinned;
      cd.preferred_units = pref_units;
      const WorkerSkill* ws = FindSkill(wk, k);
      const double h = cd.units * hours;
      cd.pay = wk.hourly_cost * h;
      const double quality = wt.skill_quality * p_.skills[static_cast<size_t>(k)].complexity *
                             (1 - SkillFactor(ws ? ws->level : SkillLevel::kD)) * h;
      const double pref_cost = wt.preference * (cd.units - pref_units) * hours;
      double prized = 0;
      if (prized_rate != 0)
        for (int i = s1; i < e1; ++i) prized += p_.prized[static_cast<size_t>(d * S_ + i)] ? 1 : 0;
      if (prized_rate != 0 && s2 >= 0)
        for (int i = s2; i < e2; ++i) prized += p_.prized[static_cast<size_t>(d * S_ + i)] ? 1 : 0;
      cd.own_cost = wt.cost * cd.pay + quality + pref_cost + prized_rate * prized * hours +
                    wt.continuity + (s2 >= 0 ? wt.split : 0);
      out.push_back(cd);
    };
    // A pin is the day's only choice.
    for (const Shift& s : p_.pins) {
      if (s.worker != w || s.day != d) continue;
      int pr = 0;
      for (const Piece& pc : s.pieces) pr += prefs(pc.start / unit_, pc.end / unit_);
      const Piece& a = s.pieces[0];
      if (s.pieces.size() > 1)
        add(s.skill, a.start / unit_, a.end / unit_, s.pieces[1].start / unit_,
            s.pieces[1].end / unit_, pr, true);
      else
        add(s.skill, a.start / unit_, a.end / unit_, -1, -1, pr, true);
      pinned_[static_cast<size_t>(w * D_ + d)] = 0;
    }
    if (pinned_[static_cast<size_t>(w * D_ + d)] < 0) {
      for (const WorkerSkill& ws : wk.skills) {
        if (!ws.certified) continue;
        for (size_t bi = 0; bi < blocks.size(); ++bi) {
          const Block& b = blocks[bi];
          const int bs = b.start / unit_, be = b.end / unit_;
          for (int s = bs; s < be; ++s)
            for (int len = min_len; len <= max_len && s + len <= be; ++len)
              add(ws.skill, s, s + len, -1, -1, prefs(s, s + len), false);
          if (!c.split_allowed) continue;
          // Two pieces around a break in the availability: the first ends
          // where one span ends, the second starts where the next begins,
          // and the break is within the limit.
          if (bi + 1 < blocks.size()) {
            const Block& b2 = blocks[bi + 1];
            const int cs = b2.start / unit_, ce = b2.end / unit_;
            if (cs - be > gap_max) continue;
            for (int s = std::max(bs, be - max_len); s + min_len <= be; ++s)
              for (int e2 = cs + min_len; e2 <= ce && e2 - cs <= max_len; ++e2) {
                if ((be - s) + (e2 - cs) > day_units) break;
                add(ws.skill, s, be, cs, e2, prefs(s, be) + prefs(cs, e2), false);
              }
          }
        }
      }
    }
    num_candidates_ += out.size();
  }
  max_units_[static_cast<size_t>(w)] = c.max_week_minutes / unit_;
  int min_u = (c.min_week_minutes + unit_ - 1) / unit_;
  const int reach = ReachableMinutes(p_, w) / unit_;
  if (min_u > reach) {
    notes_.push_back("worker '" + wk.id + "' was promised " +
                     std::to_string(c.min_week_minutes / 60.0).substr(0, 5) +
                     " h but offers at most " + std::to_string(reach * unit_ / 60.0).substr(0, 5) +
                     " h in shifts its contract allows; the promise is lowered to that");
    min_u = reach;
  }
  min_units_[static_cast<size_t>(w)] = min_u;
}

Shift ToShift(const Model& m, int w, int d, const Candidate& c) {
  Shift s;
  s.worker = w;
  s.day = d;
  s.skill = c.skill;
  s.pieces.push_back({c.start * m.unit(), c.end * m.unit()});
  if (c.start2 >= 0) s.pieces.push_back({c.start2 * m.unit(), c.end2 * m.unit()});
  return s;
}

}  // namespace weft::shiftplan
