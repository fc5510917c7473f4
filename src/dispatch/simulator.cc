#include "dispatch/simulator.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace weft::dispatch {
namespace {

// Minutes of opening time between two absolute minutes (a < b), so that a
// job waiting overnight is not charged the night.
double OpenMinutesBetween(const Scenario& sc, int64_t a, int64_t b) {
  if (b <= a) return 0;
  const int64_t da = a / 1440, db = b / 1440;
  auto clamp_day = [&](int64_t m) {
    return std::clamp<int64_t>(m, sc.open_minute, sc.close_minute);
  };
  if (da == db) return static_cast<double>(clamp_day(b % 1440) - clamp_day(a % 1440));
  return static_cast<double>((sc.close_minute - clamp_day(a % 1440)) +
                             (db - da - 1) * sc.DayMinutes() +
                             (clamp_day(b % 1440) - sc.open_minute));
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(v.size() - 1, lo + 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

constexpr int64_t kLateMinutes = 30;  // running this long past plan: an expected overrun

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

bool Refuses(const Scenario& sc, uint64_t seed, const Job& j, int k) {
  const Technician& t = sc.technicians[static_cast<size_t>(k)];
  const double w = t.true_willingness.empty() ? t.willingness[static_cast<size_t>(j.category)]
                                              : t.true_willingness[static_cast<size_t>(j.category)];
  const double p = sc.refusal_slope * (1.1 - w);
  if (p <= 0) return false;
  const uint64_t h =
      SplitMix(SplitMix(seed ^ 0x7265667573616cULL) +
               static_cast<uint64_t>(j.id) * 0x100000001b3ULL + static_cast<uint64_t>(k));
  return static_cast<double>(h >> 11) * 0x1.0p-53 < p;
}

SimDraws DrawScenario(const Scenario& sc, int days, uint64_t seed) {
  SimDraws d;
  std::mt19937_64 rng(seed);
  std::mt19937_64 absence_rng(SplitMix(seed ^ 0x616273656e6365ULL));
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  std::vector<double> type_share;
  for (const JobType& t : sc.job_types) type_share.push_back(t.share);
  std::discrete_distribution<int> pick_type(type_share.begin(), type_share.end());
  std::vector<Band> bands = sc.arrivals;
  if (bands.empty()) bands.push_back({sc.open_minute, sc.close_minute, 1.0});
  std::vector<double> band_share;
  for (const Band& b : bands) band_share.push_back(b.value);
  std::discrete_distribution<int> pick_band(band_share.begin(), band_share.end());
  const double sigma = sc.duration_sigma;
  std::lognormal_distribution<double> time_factor(-sigma * sigma / 2, sigma);
  for (int day = 0; day < days; ++day) {
    const bool surge = u01(rng) < sc.surge_probability;
    d.surge.push_back(surge);
    std::vector<bool> sick;
    for (int k = 0; k < sc.K(); ++k) sick.push_back(u01(rng) < sc.sick_probability);
    d.sick.push_back(sick);
    std::poisson_distribution<int> count(sc.jobs_per_day * (surge ? sc.surge_multiplier : 1.0));
    const int n = count(rng);
    std::vector<Job> today;
    for (int i = 0; i < n; ++i) {
      Job j;
      const Band& b = bands[static_cast<size_t>(pick_band(rng))];
      const int minute = b.start + static_cast<int>(u01(rng) * (b.end - b.start));
      j.arrival = static_cast<int64_t>(day) * 1440 + std::min(minute, b.end - 1);
      j.type = pick_type(rng);
      const JobType& t = sc.job_types[static_cast<size_t>(j.type)];
      j.category = t.category;
      j.difficulty = t.difficulty;
      j.urgent = u01(rng) < t.urgent_share;
      j.vip = u01(rng) < sc.vip_share;
      j.value = t.value;
      j.base_factor = sigma > 0 ? time_factor(rng) : 1.0;
      const bool overrun = u01(rng) < sc.overrun_probability;
      const double o = u01(rng);
      j.overrun_minutes =
          overrun ? sc.overrun_min_minutes +
                        static_cast<int>(o * (sc.overrun_max_minutes - sc.overrun_min_minutes))
                  : 0;
      j.rework_draw = u01(rng);
      j.promised = j.arrival + t.standard_minutes +
                   (j.urgent ? sc.urgent_promise_minutes : sc.standard_promise_minutes);
      today.push_back(j);
    }
    // Absence times come from their own stream, so the jobs stay the same.
    std::vector<int> from;
    for (int k = 0; k < sc.K(); ++k) {
      const Technician& t = sc.technicians[static_cast<size_t>(k)];
      const bool midday = u01(absence_rng) < sc.midday_absence_share;
      const double at = u01(absence_rng);
      from.push_back(sick[static_cast<size_t>(k)] && midday
                         ? t.shift_start + 30 +
                               static_cast<int>(at * std::max(0, t.shift_end - t.shift_start - 60))
                         : sc.open_minute);
    }
    d.absent_from.push_back(from);
    std::stable_sort(today.begin(), today.end(),
                     [](const Job& a, const Job& b) { return a.arrival < b.arrival; });
    for (Job& j : today) {
      j.id = static_cast<int>(d.jobs.size());
      d.jobs.push_back(j);
    }
  }
  return d;
}

SiteSim::SiteSim(const Scenario& sc, const SimParams& p, uint64_t draw_seed)
    : sc_(sc), p_(p), draws_(DrawScenario(sc, p.days, draw_seed)), disp_(sc, p.policy) {
  const int K = sc_.K();
  jobs_.reserve(draws_.jobs.size());
  techs_.assign(static_cast<size_t>(K), TechState{});
  for (TechState& t : techs_) t.learned.assign(static_cast<size_t>(sc_.C()), 0.0);
  disp_.set_logging(p_.keep_log);
  true_end_.assign(static_cast<size_t>(K), -1);
  reveal_at_.assign(static_cast<size_t>(K), -1);
  helper_of_.assign(static_cast<size_t>(K), -1);
  is_helper_.assign(static_cast<size_t>(K), false);
  arrive_at_.assign(static_cast<size_t>(K), -1);
  planned_end_.assign(static_cast<size_t>(K), -1);
  leave_at_.assign(static_cast<size_t>(K), -1);
  job_start_.assign(draws_.jobs.size(), -1);
  r_.policy = PolicyName(p_.policy);
  r_.days = p_.days;
  r_.output.assign(static_cast<size_t>(K), 0.0);
  r_.techs.assign(static_cast<size_t>(K), TechFigures{});
  r_.hours.assign(24, HourFigures{});
  r_.willingness_error_start = disp_.WillingnessError(techs_);
}

void SiteSim::Leave(int k, int64_t now, bool absence) {
  TechState& s = techs_[static_cast<size_t>(k)];
  if (s.on_call && !s.present) {  // not called in yet: simply not available
    s.on_call = false;
    return;
  }
  if (!s.present) return;
  const Technician& t = sc_.technicians[static_cast<size_t>(k)];
  const int minute = static_cast<int>(now % 1440);
  if (minute > sc_.open_minute) {
    if (absence) ++r_.absences_midday;
    shift_minutes_ -= std::max(0, t.shift_end - std::max(minute, t.shift_start));
  }
  const AbsenceTriage tri = disp_.OnAbsent(jobs_, techs_, k, now);
  r_.rescheduled += static_cast<int>(tri.rescheduled.size());
  r_.outsource_proposals += static_cast<int>(tri.outsource.size());
  changed_ = true;
}

void SiteSim::Lend(int k, int64_t now) {
  ++r_.loans_out;
  Leave(k, now, false);
}

void SiteSim::Borrow(int k, int64_t arrive, int64_t leave) {
  arrive_at_[static_cast<size_t>(k)] = arrive;
  leave_at_[static_cast<size_t>(k)] = leave;
  ++r_.loans_in;
}

void SiteSim::BeginDay(int day) {
  const int K = sc_.K();
  day_ = day;
  base_ = static_cast<int64_t>(day) * 1440;
  day_level_ = 0;
  if (draws_.surge[static_cast<size_t>(day)]) ++r_.surge_days;
  const std::vector<bool>& sick = draws_.sick[static_cast<size_t>(day)];
  const std::vector<int>& absent_from = draws_.absent_from[static_cast<size_t>(day)];
  for (int k = 0; k < K; ++k) {
    TechState& s = techs_[static_cast<size_t>(k)];
    const Tier tier = sc_.technicians[static_cast<size_t>(k)].tier;
    s.present = tier == Tier::kCore;  // elastic and mobile ones wait to be called in
    s.on_call = tier == Tier::kElastic || tier == Tier::kMobile;
    s.activated_at = -1;
    s.worked_minutes = 0;
    s.heavy_streak = 0;
    s.same_category_streak = 0;
    s.last_category = -1;
    arrive_at_[static_cast<size_t>(k)] = leave_at_[static_cast<size_t>(k)] = -1;
  }
  for (int k = 0; k < K; ++k)
    if (sick[static_cast<size_t>(k)]) ++r_.sick_days;
  for (int k = 0; k < K; ++k)
    if (techs_[static_cast<size_t>(k)].present) {
      const Technician& t = sc_.technicians[static_cast<size_t>(k)];
      shift_minutes_ += t.shift_end - t.shift_start;
    }
  for (int k = 0; k < K; ++k)
    if (sick[static_cast<size_t>(k)] && absent_from[static_cast<size_t>(k)] <= sc_.open_minute)
      Leave(k, base_ + sc_.open_minute, true);
}

bool SiteSim::Step(int64_t now) {
  const Scenario& sc = sc_;
  const int K = sc.K();
  const std::vector<Job>& all = draws_.jobs;
  const std::vector<bool>& sick = draws_.sick[static_cast<size_t>(day_)];
  const std::vector<int>& absent_from = draws_.absent_from[static_cast<size_t>(day_)];
  bool changed = changed_;
  changed_ = false;
  // The per-minute state, under the names the loop below uses.
  std::vector<TechState>& techs = techs_;
  std::vector<Job>& jobs = jobs_;
  Dispatcher& disp = disp_;
  SimResult& r = r_;
  const SimParams& p = p_;
  const int64_t base = base_;
  size_t& next = next_;
  int &matched = matched_, &reworks = reworks_, &on_time = on_time_, &day_level = day_level_;
  double& busy_minutes = busy_minutes_;
  std::vector<double>&waits = waits_, &urgent_waits = urgent_waits_;
  std::vector<int64_t>&true_end = true_end_, &reveal_at = reveal_at_, &job_start = job_start_;
  std::vector<int>& helper_of = helper_of_;
  std::vector<bool>& is_helper = is_helper_;
  for (int k = 0; k < K; ++k) {
    if (arrive_at_[static_cast<size_t>(k)] == now) {  // a technician on loan arrives
      TechState& s = techs_[static_cast<size_t>(k)];
      s.present = true;
      s.activated_at = now;
      changed = true;
    }
    if (leave_at_[static_cast<size_t>(k)] == now) Leave(k, now, false), changed = true;
    if (sick[static_cast<size_t>(k)] && absent_from[static_cast<size_t>(k)] > sc.open_minute &&
        base_ + absent_from[static_cast<size_t>(k)] == now) {
      Leave(k, now, true);
      changed = true;
    }
  }
  for (int k = 0; k < K; ++k) {
    TechState& s = techs[static_cast<size_t>(k)];
    if (s.current_job < 0 || is_helper[static_cast<size_t>(k)]) continue;
    if (reveal_at[static_cast<size_t>(k)] >= 0 &&
        reveal_at[static_cast<size_t>(k)] <= now) {  // a hidden problem shows up
      reveal_at[static_cast<size_t>(k)] = -1;
      const Job& j = jobs[static_cast<size_t>(s.current_job)];
      s.busy_until = std::max(s.busy_until, now) + j.overrun_minutes;
      if (helper_of[static_cast<size_t>(k)] >= 0)
        techs[static_cast<size_t>(helper_of[static_cast<size_t>(k)])].busy_until = s.busy_until;
      ++r.overruns;
      ++r.hours[static_cast<size_t>(now % 1440 / 60)].overruns;
      ++r.overrun_rules[static_cast<int>(disp.OnOverrun(jobs, techs, k, j.overrun_minutes, now))];
      planned_end_[static_cast<size_t>(k)] = s.busy_until;
      changed = true;
    }
    if (true_end[static_cast<size_t>(k)] > now) {  // (ends overnight: at opening)
      // Still running half an hour past the expected end with no news: an
      // expected overrun. It is now expected to take as long again as it is
      // late, and the overrun rule for that much applies.
      if (now == s.busy_until + kLateMinutes) {
        const int64_t late = now - planned_end_[static_cast<size_t>(k)];
        s.busy_until = now + late;
        if (helper_of[static_cast<size_t>(k)] >= 0)
          techs[static_cast<size_t>(helper_of[static_cast<size_t>(k)])].busy_until = s.busy_until;
        ++r.expected_overruns;
        disp.OnOverrun(jobs, techs, k, static_cast<int>(2 * late), now);
        changed = true;
      }
      continue;
    }
    // Completion.
    const int jid = s.current_job;
    const Job& j = jobs[static_cast<size_t>(jid)];
    const int h = helper_of[static_cast<size_t>(k)];
    const double share = h >= 0 ? 0.5 : 1.0;
    for (int who : {k, h}) {
      if (who < 0) continue;
      TechState& w = techs[static_cast<size_t>(who)];
      const Technician& t = sc.technicians[static_cast<size_t>(who)];
      const int64_t start = job_start[static_cast<size_t>(jid)];
      const double minutes = static_cast<double>(now - start);
      busy_minutes += minutes;
      w.worked_minutes += minutes;
      w.period_minutes += minutes;
      const int64_t shift_end = base + t.shift_end;
      TechFigures& f = r.techs[static_cast<size_t>(who)];
      const int64_t shift_start = base + t.shift_start;
      double ot = 0;
      if (now > shift_end) ot += static_cast<double>(now - std::max(start, shift_end)) / 60.0;
      if (start < shift_start)  // called in before the shift
        ot += static_cast<double>(std::min(now, shift_start) - start) / 60.0;
      r.overtime_hours += ot;
      f.overtime_hours += ot;
      r.output[static_cast<size_t>(who)] += share * j.value;
      f.output += share * j.value;
      f.busy_hours += minutes / 60.0;
      ++f.jobs;
      w.period_output += share * j.value;
      w.heavy_streak = j.difficulty >= 7 ? w.heavy_streak + 1 : 0;
      w.same_category_streak = w.last_category == j.category ? w.same_category_streak + 1 : 1;
      w.last_category = j.category;
      w.current_job = -1;
      w.busy_until = now;
      true_end[static_cast<size_t>(who)] = -1;
      reveal_at[static_cast<size_t>(who)] = -1;
      is_helper[static_cast<size_t>(who)] = false;
      helper_of[static_cast<size_t>(who)] = -1;
    }
    ++r.jobs_completed;
    if (now <= j.promised) ++on_time;
    changed = true;
  }
  // Arrivals (only while open).
  while (next < all.size() && all[next].arrival == now) {
    jobs.push_back(all[next]);
    ++r.jobs_arrived;
    ++r.hours[static_cast<size_t>(now % 1440 / 60)].arrivals;
    disp.OnArrival(jobs, techs, static_cast<int>(next), now);
    ++next;
    changed = true;
  }
  const int64_t since_open = now - base - sc.open_minute;
  const bool periodic = since_open % sc.redispatch_minutes == 0;
  const bool open = now < base + sc.close_minute;
  if (open) {
    const std::vector<PlanEntry> starts = disp.Dispatch(jobs, techs, now, changed || periodic);
    day_level = std::max(day_level, disp.response_level());
    for (const PlanEntry& e : starts) {
      const Job& j = jobs[static_cast<size_t>(e.job)];
      const bool refused = Refuses(sc, p.seed, j, e.tech);
      disp.OnOffer(jobs, techs, e.job, e.tech, !refused, now);
      if (refused) continue;
      TechState& lead = techs[static_cast<size_t>(e.tech)];
      const int mod = static_cast<int>(now % 1440);
      const double planned = PlannedMinutes(sc, lead, e.tech, e.helper, j, mod);
      // Rework risk from the better skill, higher when tired.
      double skill = GradeFactor(
          sc.technicians[static_cast<size_t>(e.tech)].skills[static_cast<size_t>(j.category)]);
      if (e.helper >= 0)
        skill = std::max(skill, GradeFactor(sc.technicians[static_cast<size_t>(e.helper)]
                                                .skills[static_cast<size_t>(j.category)]));
      double risk = 0.3 * (1 - skill) * (1 - skill);
      if (StateFactor(lead) < 0.8) risk *= 1.5;
      double actual = planned * j.base_factor;
      if (j.rework_draw < risk) {
        actual *= 1.5;
        ++reworks;
      }
      const auto work = static_cast<int64_t>(std::max(1.0, std::round(actual)));
      job_start[static_cast<size_t>(e.job)] = now;
      for (int who : {e.tech, e.helper}) {
        if (who < 0) continue;
        TechState& w = techs[static_cast<size_t>(who)];
        w.current_job = e.job;
        w.busy_until = now + static_cast<int64_t>(std::round(planned));
        true_end[static_cast<size_t>(who)] = now + work + j.overrun_minutes;
      }
      planned_end_[static_cast<size_t>(e.tech)] = now + static_cast<int64_t>(std::round(planned));
      reveal_at[static_cast<size_t>(e.tech)] =
          j.overrun_minutes > 0 ? now + std::max<int64_t>(1, work / 2) : -1;
      helper_of[static_cast<size_t>(e.tech)] = e.helper;
      if (e.helper >= 0) {
        is_helper[static_cast<size_t>(e.helper)] = true;
        ++r.pair_jobs;
      }
      const double wait = OpenMinutesBetween(sc, j.arrival, now);
      waits.push_back(wait);
      if (j.urgent) urgent_waits.push_back(wait);
      const bool match =
          sc.technicians[static_cast<size_t>(e.tech)].skills[static_cast<size_t>(j.category)] <=
          Grade::kA;
      matched += match ? 1 : 0;
      TechFigures& f = r.techs[static_cast<size_t>(e.tech)];
      ++f.led;
      f.matched += match ? 1 : 0;
      HourFigures& hf = r.hours[static_cast<size_t>(now % 1440 / 60)];
      ++hf.started;
      hf.wait_minutes += wait;
      const auto q = static_cast<size_t>(QuadrantOf(j));
      ++r.quadrant_started[q];
      r.quadrant_matched[q] += match ? 1 : 0;
    }
  }
  if (now < base_ + sc.close_minute) return true;
  for (const TechState& s : techs_)
    if (s.current_job >= 0) return true;
  return false;
}

void SiteSim::EndDay() {
  if (day_level_ > 0) ++r_.response_days[static_cast<size_t>(day_level_ - 1)];
  for (int k = 0; k < sc_.K(); ++k) {
    const TechState& s = techs_[static_cast<size_t>(k)];
    if (s.activated_at < 0) continue;
    const Technician& t = sc_.technicians[static_cast<size_t>(k)];
    const int from = std::max(t.shift_start, static_cast<int>(s.activated_at % 1440));
    shift_minutes_ += std::max(0, t.shift_end - from);
    const double hours = std::max(0, t.shift_end - from) / 60.0;
    if (t.tier == Tier::kGuest)
      r_.guest_hours += hours;
    else
      r_.elastic_hours += hours;
  }
}

SimResult SiteSim::Finish() {
  const Scenario& sc = sc_;
  const int K = sc.K();
  SimResult& r = r_;
  std::vector<double>& waits = waits_;
  std::vector<double>& urgent_waits = urgent_waits_;
  Dispatcher& disp = disp_;
  std::vector<TechState>& techs = techs_;
  const double busy_minutes = busy_minutes_, shift_minutes = shift_minutes_;
  const int matched = matched_, reworks = reworks_, on_time = on_time_;
  const SimParams& p = p_;
  const int started = static_cast<int>(waits.size());
  r.wait_minutes_mean =
      waits.empty() ? 0 : std::accumulate(waits.begin(), waits.end(), 0.0) / started;
  r.wait_minutes_p90 = Percentile(waits, 0.9);
  r.urgent_response_minutes_mean =
      urgent_waits.empty() ? 0
                           : std::accumulate(urgent_waits.begin(), urgent_waits.end(), 0.0) /
                                 static_cast<double>(urgent_waits.size());
  // Output spread over the core team (elastic and mobile technicians work
  // only the days they are called in); over everyone when there is no core.
  std::vector<double> team;
  for (int k = 0; k < K; ++k)
    if (sc.technicians[static_cast<size_t>(k)].tier == Tier::kCore)
      team.push_back(r.output[static_cast<size_t>(k)]);
  if (team.empty()) team = r.output;
  const auto n = static_cast<double>(team.size());
  r.output_mean = std::accumulate(team.begin(), team.end(), 0.0) / n;
  double var = 0;
  for (double o : team) var += (o - r.output_mean) * (o - r.output_mean);
  r.output_stddev = std::sqrt(var / n);
  r.skill_match_rate = started ? static_cast<double>(matched) / started : 0;
  r.rework_rate = r.jobs_completed ? static_cast<double>(reworks) / r.jobs_completed : 0;
  r.on_time_rate = r.jobs_completed ? static_cast<double>(on_time) / r.jobs_completed : 0;
  r.utilisation = shift_minutes > 0 ? busy_minutes / shift_minutes : 0;
  r.reassignments = disp.reassignments();
  r.notifications = disp.notifications();
  r.customer_messages = disp.customer_messages();
  r.replans = disp.replans();
  r.refusals = disp.refusals();
  r.activations = static_cast<int>(disp.activations());
  r.early_starts = static_cast<int>(disp.early_starts());
  r.early_start_hours = static_cast<double>(disp.early_minutes()) / 60.0;
  r.willingness_error_end = disp.WillingnessError(techs);
  for (int k = 0; k < K; ++k) {
    TechState rested;  // no same-category streak: the willingness itself
    rested.learned = techs[static_cast<size_t>(k)].learned;
    std::vector<double> w;
    for (int c = 0; c < sc.C(); ++c)
      w.push_back(Willingness(sc.technicians[static_cast<size_t>(k)], rested, c));
    r.willingness.push_back(std::move(w));
  }
  if (p.keep_log) r.log = disp.log();
  return std::move(r);
}

SimResult Simulate(const Scenario& sc, const SimParams& p) {
  SiteSim sim(sc, p, p.seed);
  for (int day = 0; day < p.days; ++day) {
    sim.BeginDay(day);
    // Run until closing, then until the last running job ends.
    for (int64_t now = static_cast<int64_t>(day) * 1440 + sc.open_minute; sim.Step(now); ++now) {
    }
    sim.EndDay();
  }
  return sim.Finish();
}

}  // namespace weft::dispatch
