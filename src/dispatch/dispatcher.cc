#include "dispatch/dispatcher.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "dispatch/assignment.h"

namespace weft::dispatch {
namespace {

constexpr int kHeavyDifficulty = 7;
constexpr int kBatchWindow = 30;  // minutes: urgent work, retries and partners within a round
// Technicians in one planning round at most: a re-plan of 500 technicians
// and 5,000 jobs takes ~45 ms with 96 (~125 ms with no cap and 90-minute
// rounds; bench/redispatch_bench.cc).
constexpr int kRoundTechs = 96;
constexpr double kQuickMinutes = 20;  // a reserved technician may still take jobs this short
// Score taken from an urgent job planned to start later than its planning
// round's earliest start (now, when someone is free; its lag is scored
// too): about 18 minutes' worth. Without it, an urgent job
// could wait for a busier, better-suited technician due free in ten minutes
// while a suited one stood idle, and wait on as that job ran over (one on
// the eight-technician centre, seed 6, slid from one technician to the next
// for 127 minutes). 20 days, six centres, seeds 1-30: all four targets met
// on 141 of 180 runs (without: 133), urgent response missed on 17 (32).
constexpr double kUrgentWaitRisk = 0.6;

// Kinds of second person (WantsPair's decision tree).
enum class PairNeed { kNone, kRequired, kPreferred, kMentoring };

// `level`: the surge response level (2 and up: pairs wherever they save time).
PairNeed PairKind(const Scenario& sc, const Job& j, int64_t now, int level = 0) {
  const JobType& t = sc.job_types[static_cast<size_t>(j.type)];
  if (sc.categories[static_cast<size_t>(j.category)].certified_people >= 2)
    return PairNeed::kRequired;
  if (j.difficulty > sc.pair_difficulty) return PairNeed::kPreferred;
  if (t.pair_minutes > 0 && t.pair_minutes <= 0.7 * t.standard_minutes &&
      (j.promised - now < sc.pair_deadline_minutes || level >= 2))
    return PairNeed::kPreferred;
  if (PoolOf(j) == JobPool::kTraining) return PairNeed::kMentoring;
  return PairNeed::kNone;
}

}  // namespace

const char* LogKindName(LogEntry::Kind k) {
  switch (k) {
    case LogEntry::Kind::kReassigned:
      return "reassigned";
    case LogEntry::Kind::kMoved:
      return "moved";
    case LogEntry::Kind::kCustomer:
      return "customer";
    case LogEntry::Kind::kRescheduled:
      return "rescheduled";
    case LogEntry::Kind::kOutsource:
      return "outsource";
    case LogEntry::Kind::kRefused:
      return "refused";
    case LogEntry::Kind::kOverrun:
      return "overrun";
    case LogEntry::Kind::kAbsence:
      return "absence";
    case LogEntry::Kind::kActivated:
      return "activated";
    case LogEntry::Kind::kEarlyStart:
      return "early_start";
  }
  return "?";
}

OverrunRule OverrunRuleFor(int minutes_over) {
  if (minutes_over < 60) return OverrunRule::kShiftLater;
  if (minutes_over <= 120) return OverrunRule::kMoveSome;
  return OverrunRule::kReassignAll;
}

const char* PolicyName(Policy p) {
  switch (p) {
    case Policy::kFcfs:
      return "fcfs";
    case Policy::kBalanced:
      return "balanced";
    case Policy::kOptimal:
      return "optimal";
  }
  return "fcfs";
}

Quadrant QuadrantOf(const Job& j) {
  const bool hard = j.difficulty >= 6;
  if (j.urgent) return hard ? Quadrant::kUrgentHard : Quadrant::kUrgentSimple;
  return hard ? Quadrant::kHardNotUrgent : Quadrant::kSimpleNotUrgent;
}

JobPool PoolOf(const Job& j) {
  if (j.urgent) return JobPool::kUrgent;
  if (j.difficulty >= kHeavyDifficulty) return JobPool::kTraining;
  if (j.difficulty <= 3) return JobPool::kElastic;
  return JobPool::kStandard;
}

double StateFactor(const TechState& t) {
  return std::clamp(1.2 - 0.075 * t.worked_minutes / 60.0 - 0.1 * t.heavy_streak, 0.6, 1.2);
}

double Willingness(const Technician& t, const TechState& s, int category) {
  double w = t.willingness[static_cast<size_t>(category)];
  if (!s.learned.empty()) w += s.learned[static_cast<size_t>(category)];
  if (s.last_category == category && s.same_category_streak >= 2) w -= 0.1;
  return std::clamp(w, 0.7, 1.1);
}

double Suitability(const Technician& t, const TechState& s, const Job& j) {
  return GradeFactor(t.skills[static_cast<size_t>(j.category)]) * StateFactor(s) *
         Willingness(t, s, j.category);
}

bool Capable(const Scenario& sc, int k, const Job& j) {
  const Technician& t = sc.technicians[static_cast<size_t>(k)];
  return t.skills[static_cast<size_t>(j.category)] != Grade::kD &&
         t.HasCertification(sc.categories[static_cast<size_t>(j.category)].certification);
}

double PlannedMinutes(const Scenario& sc, const TechState& s, int k, int h, const Job& j,
                      int minute_of_day) {
  const JobType& t = sc.job_types[static_cast<size_t>(j.type)];
  double base = t.standard_minutes;
  double speed =
      GradeSpeed(sc.technicians[static_cast<size_t>(k)].skills[static_cast<size_t>(j.category)]);
  if (h >= 0) {
    if (t.pair_minutes > 0) base = t.pair_minutes;
    speed = std::min(
        speed,
        GradeSpeed(sc.technicians[static_cast<size_t>(h)].skills[static_cast<size_t>(j.category)]));
  }
  const double fatigue = 1.0 + 0.5 * (1.0 - StateFactor(s));
  return std::max(1.0, base * speed / sc.Efficiency(minute_of_day) * fatigue);
}

bool WantsPair(const Scenario& sc, const Job& j, int64_t now) {
  return PairKind(sc, j, now) != PairNeed::kNone;
}

Dispatcher::Dispatcher(const Scenario& sc, Policy policy) : sc_(sc), policy_(policy) {
  // One technician-day of output: the day's expected jobs x mean value,
  // shared among the team.
  double mean_value = 0, share = 0, mean_minutes = 0;
  for (const JobType& t : sc_.job_types) {
    mean_value += t.share * t.value;
    mean_minutes += t.share * t.standard_minutes;
    share += t.share;
  }
  mean_rate_ = mean_minutes > 0 ? mean_value / mean_minutes : 0;
  mean_minutes_ = share > 0 ? mean_minutes / share : 0;
  // Balance is kept within the core team (elastic, mobile and guest
  // technicians work only some days).
  for (const Technician& t : sc_.technicians) team_ += t.tier == Tier::kCore ? 1 : 0;
  if (team_ == 0) team_ = sc_.K();
  day_output_ = std::max(1.0, sc_.jobs_per_day * mean_value / std::max(1e-9, share) / team_);
  offers_.assign(static_cast<size_t>(sc_.K()), std::vector<int>(static_cast<size_t>(sc_.C()), 0));
  refusals_by_ = offers_;
}

void Dispatcher::Grow(size_t n) {
  if (planned_tech_.size() >= n) return;
  planned_tech_.resize(n, -1);
  planned_start_.resize(n, -1);
  refused_.resize(n);
  avoid_tech_.resize(n, -1);
  avoid_until_.resize(n, -1);
  speciality_.resize(n, 0);
  defer_until_.resize(n, -1);
}

bool Dispatcher::Allowed(int k, const Job& j) const {
  const auto job = static_cast<size_t>(j.id);
  if (job >= refused_.size()) return true;
  const int64_t day = now_ / 1440;
  for (const auto& [who, when] : refused_[job])
    if (who == k && when == day) return false;
  if (avoid_tech_[job] == k && now_ < avoid_until_[job]) return false;
  if (speciality_[job] &&
      sc_.technicians[static_cast<size_t>(k)].skills[static_cast<size_t>(j.category)] > Grade::kA)
    return false;
  return true;
}

std::string Dispatcher::Message(const std::string& tmpl, const Job& j, int64_t old_time,
                                int64_t new_time) const {
  auto clock = [&](int64_t t) {
    if (t < 0) return std::string("-");
    char buf[32];
    const int m = static_cast<int>(t % 1440);
    std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
    std::string out = buf;
    const int64_t days = t / 1440 - now_ / 1440;
    if (days > 0) out += " (+" + std::to_string(days) + "d)";
    return out;
  };
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    const size_t close = tmpl[i] == '{' ? tmpl.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out += tmpl[i];
      continue;
    }
    const std::string key = tmpl.substr(i + 1, close - i - 1);
    if (key == "job")
      out += std::to_string(j.id);
    else if (key == "category")
      out += sc_.categories[static_cast<size_t>(j.category)].name;
    else if (key == "old")
      out += clock(old_time);
    else if (key == "new")
      out += clock(new_time);
    else if (key == "centre")
      out += sc_.name;
    else
      out += tmpl.substr(i, close - i + 1);  // unknown: kept as written
    i = close;
  }
  return out;
}

void Dispatcher::Prepare(const std::vector<TechState>& techs, int64_t now) const {
  now_ = now;
  mean_period_ = 0;
  for (int k = 0; k < sc_.K(); ++k)
    if (sc_.technicians[static_cast<size_t>(k)].tier == Tier::kCore || team_ == sc_.K())
      mean_period_ += techs[static_cast<size_t>(k)].period_output / team_;
}

int64_t Dispatcher::ShiftEnd(int k, int64_t now) const {
  return now - now % 1440 + sc_.technicians[static_cast<size_t>(k)].shift_end;
}

void Dispatcher::OnArrival(const std::vector<Job>& jobs, std::vector<TechState>& techs, int job,
                           int64_t now) {
  Grow(jobs.size());
  if (policy_ == Policy::kOptimal) {
    waiting_.push_back(job);
    return;
  }
  Enqueue(jobs, techs, job, now);
}

// FCFS and balanced: a job joins one technician's queue when it arrives.
void Dispatcher::Enqueue(const std::vector<Job>& jobs, std::vector<TechState>& techs, int job,
                         int64_t now, int exclude, bool speciality) {
  const Job& j = jobs[static_cast<size_t>(job)];
  const int day_minute = MinuteOfDay(now);
  now_ = now;
  if (defer_until_[static_cast<size_t>(job)] > now) {  // rescheduled: another day
    waiting_.push_back(job);
    return;
  }
  int best = -1;
  double best_key = 0;
  for (int k = 0; k < sc_.K(); ++k) {
    const TechState& s = techs[static_cast<size_t>(k)];
    if (!s.present || k == exclude || !Capable(sc_, k, j) || !Allowed(k, j)) continue;
    if (speciality &&
        sc_.technicians[static_cast<size_t>(k)].skills[static_cast<size_t>(j.category)] > Grade::kA)
      continue;
    const Technician& t = sc_.technicians[static_cast<size_t>(k)];
    const double remaining_busy =
        s.current_job >= 0 ? std::max<double>(0, static_cast<double>(s.busy_until - now)) : 0;
    const double planned_end =
        std::max(day_minute, DayStart(k, now)) + remaining_busy + s.planned_minutes;
    double key = 0;
    if (policy_ == Policy::kFcfs) {
      // The first one whose day is not full, in roster order; else the
      // queue that ends first.
      key = planned_end < t.shift_end ? k : 1e6 + planned_end;
    } else {
      const double shift = t.shift_end - t.shift_start;
      key = (s.worked_minutes + remaining_busy + s.planned_minutes) / shift;
    }
    if (best < 0 || key < best_key) best = k, best_key = key;
  }
  if (best < 0) {  // nobody present can do it: wait for tomorrow's roster
    waiting_.push_back(job);
    return;
  }
  TechState& s = techs[static_cast<size_t>(best)];
  s.queue.push_back(job);
  s.planned_minutes += PlannedMinutes(sc_, s, best, -1, j, day_minute);
  planned_tech_[static_cast<size_t>(job)] = best;
}

AbsenceTriage Dispatcher::OnAbsent(const std::vector<Job>& jobs, std::vector<TechState>& techs,
                                   int k, int64_t now) {
  Grow(jobs.size());
  now_ = now;
  TechState& s = techs[static_cast<size_t>(k)];
  s.present = false;
  s.on_call = false;
  // His planned work: the queue (fcfs, balanced) or the pool's jobs the last
  // plan gave him (optimal).
  std::vector<int> affected;
  if (policy_ == Policy::kOptimal) {
    for (int job : waiting_)
      if (planned_tech_[static_cast<size_t>(job)] == k) affected.push_back(job);
  } else {
    affected = std::move(s.queue);
    s.queue.clear();
    s.planned_minutes = 0;
  }
  AbsenceTriage tri;
  const int64_t close_today = now - now % 1440 + sc_.close_minute;
  const int64_t next_open = now - now % 1440 + 1440 + sc_.open_minute;
  double utilisation = ForecastUtilisation(jobs, techs, now);
  const double capacity = Capacity(techs);
  std::vector<int> rest;
  for (int job : affected) {
    const Job& j = jobs[static_cast<size_t>(job)];
    bool capable = false, specialist = false;
    for (int x = 0; x < sc_.K(); ++x) {
      const TechState& o = techs[static_cast<size_t>(x)];
      if (x == k || !(o.present || o.on_call) || !Capable(sc_, x, j)) continue;
      capable = true;
      specialist =
          specialist ||
          (o.present &&
           sc_.technicians[static_cast<size_t>(x)].skills[static_cast<size_t>(j.category)] <=
               Grade::kA);
    }
    if (!capable) {
      tri.outsource.push_back(job);
      Log({now, LogEntry::Kind::kOutsource, job, -1, k, planned_start_[static_cast<size_t>(job)],
           -1, "nobody present can do it: proposed for outsourcing"});
    } else if (j.urgent) {
      tri.urgent.push_back(job);
      speciality_[static_cast<size_t>(job)] = specialist ? 1 : 0;
    } else if (j.promised <= close_today) {
      tri.must_finish.push_back(job);
    } else {
      rest.push_back(job);
    }
  }
  // The rest: the latest promises are proposed for another day while the
  // day stays overloaded (forecast utilisation above 1).
  std::stable_sort(rest.begin(), rest.end(), [&](int a, int b) {
    return jobs[static_cast<size_t>(a)].promised > jobs[static_cast<size_t>(b)].promised;
  });
  for (int job : rest) {
    const Job& j = jobs[static_cast<size_t>(job)];
    if (capacity > 0 && utilisation > 1.0) {
      tri.rescheduled.push_back(job);
      defer_until_[static_cast<size_t>(job)] = next_open;
      utilisation -= sc_.job_types[static_cast<size_t>(j.type)].standard_minutes / capacity;
      ++customer_messages_;
      Log({now, LogEntry::Kind::kRescheduled, job, -1, k, planned_start_[static_cast<size_t>(job)],
           next_open, Message(sc_.message_reschedule, j, j.promised, next_open)});
    } else {
      tri.kept.push_back(job);
    }
  }
  Log({now, LogEntry::Kind::kAbsence, -1, k, -1, -1, -1,
       "absent: " + std::to_string(tri.urgent.size()) + " urgent to the speciality, " +
           std::to_string(tri.must_finish.size()) + " due today to capable people, " +
           std::to_string(tri.rescheduled.size()) + " rescheduled, " +
           std::to_string(tri.outsource.size()) + " to outsource, " +
           std::to_string(tri.kept.size()) + " back to the pool"});
  for (int job : affected) {
    ++reassignments_;
    ++notifications_;
    if (policy_ != Policy::kOptimal) {
      const bool spec = speciality_[static_cast<size_t>(job)] != 0;
      Enqueue(jobs, techs, job, now, k, spec);
      speciality_[static_cast<size_t>(job)] = 0;  // only the first choice
    }
  }
  dirty_ = true;
  return tri;
}

OverrunRule Dispatcher::OnOverrun(const std::vector<Job>& jobs, std::vector<TechState>& techs,
                                  int k, int minutes, int64_t now) {
  Grow(jobs.size());
  now_ = now;
  const OverrunRule rule = OverrunRuleFor(minutes);
  const TechState& s = techs[static_cast<size_t>(k)];
  // His planned work, in order, with its planned end after the delay.
  std::vector<int> planned;
  if (policy_ == Policy::kOptimal) {
    for (const PlanEntry& e : plan_)
      if ((e.tech == k || e.helper == k) && e.start > now) planned.push_back(e.job);
  } else {
    planned = s.queue;
  }
  std::vector<int> moved;
  int64_t t = s.busy_until;
  for (int job : planned) {
    const Job& j = jobs[static_cast<size_t>(job)];
    const int64_t end = t + static_cast<int64_t>(std::ceil(
                                PlannedMinutes(sc_, s, k, -1, j, MinuteOfDay(std::max(now, t)))));
    const bool move =
        rule == OverrunRule::kReassignAll || (rule == OverrunRule::kMoveSome && end > j.promised);
    if (move)
      moved.push_back(job);
    else
      t = end;
  }
  for (int job : moved) {
    if (policy_ == Policy::kOptimal) {
      avoid_tech_[static_cast<size_t>(job)] = k;
      avoid_until_[static_cast<size_t>(job)] = s.busy_until;
    } else {
      TechState& m = techs[static_cast<size_t>(k)];
      std::erase(m.queue, job);
      m.planned_minutes = std::max(
          0.0, m.planned_minutes -
                   PlannedMinutes(sc_, m, k, -1, jobs[static_cast<size_t>(job)], MinuteOfDay(now)));
      ++reassignments_;
      ++notifications_;
      Log({now, LogEntry::Kind::kReassigned, job, -1, k, -1, -1, "overrun"});
      Enqueue(jobs, techs, job, now, k);
    }
  }
  static const char* const kRule[] = {"under 1 h: his later work shifts later",
                                      "1-2 h: jobs that would miss their promise move",
                                      "over 2 h: all his planned work moves"};
  Log({now, LogEntry::Kind::kOverrun, -1, k, -1, -1, s.busy_until,
       std::to_string(minutes) + " min over: " + kRule[static_cast<int>(rule)] + " (" +
           std::to_string(moved.size()) + " of " + std::to_string(planned.size()) + " moved)"});
  dirty_ = true;
  return rule;
}

void Dispatcher::OnOffer(const std::vector<Job>& jobs, std::vector<TechState>& techs, int job,
                         int k, bool accepted, int64_t now) {
  Grow(jobs.size());
  now_ = now;
  const Job& j = jobs[static_cast<size_t>(job)];
  const auto kk = static_cast<size_t>(k);
  const auto c = static_cast<size_t>(j.category);
  // A job offered again to someone who refused it on an earlier day is not
  // new evidence about him.
  bool again = false;
  for (const auto& [who, day] : refused_[static_cast<size_t>(job)]) again = again || who == k;
  if (!again) ++offers_[kk][c];
  if (!accepted) {
    if (!again) ++refusals_by_[kk][c];
    ++refusals_;
    refused_[static_cast<size_t>(job)].emplace_back(k, now / 1440);
    Log({now, LogEntry::Kind::kRefused, job, k, -1, -1, -1, ""});
  }
  // Bayesian learning under the refusal model P(refuse) = slope x (1.1 -
  // w), with a prior that trusts the declared value (kDeclared of the mass)
  // and spreads the rest evenly over 0.7..1.1. While the declared value keeps
  // at least half the posterior mass it stands; once the refusals (or their
  // absence) reject it, the estimate is the posterior mean of the rest.
  const double slope = sc_.refusal_slope;
  TechState& s = techs[kk];
  if (slope > 0) {
    constexpr double kDeclared = 0.9;
    constexpr int kGrid = 41;  // 0.70, 0.71, ..., 1.10
    const double declared = sc_.technicians[kk].willingness[c];
    const double n = offers_[kk][c], r = refusals_by_[kk][c];
    auto log_like = [&](double w) {
      const double q = std::clamp(slope * (1.1 - w), 1e-6, 1 - 1e-6);
      return r * std::log(q) + (n - r) * std::log1p(-q);
    };
    double top = log_like(declared);
    for (int g = 0; g < kGrid; ++g) top = std::max(top, log_like(0.7 + 0.01 * g));
    const double point = kDeclared * std::exp(log_like(declared) - top);
    double spread = 0, sum = 0;
    for (int g = 0; g < kGrid; ++g) {
      const double w = 0.7 + 0.01 * g;
      const double m = (1 - kDeclared) / kGrid * std::exp(log_like(w) - top);
      spread += m;
      sum += m * w;
    }
    if (s.learned.size() < static_cast<size_t>(sc_.C()))
      s.learned.resize(static_cast<size_t>(sc_.C()), 0.0);
    s.learned[c] = point >= spread ? 0.0 : sum / spread - declared;
  }
  if (accepted) return;
  if (policy_ == Policy::kOptimal) {
    if (std::find(waiting_.begin(), waiting_.end(), job) == waiting_.end()) waiting_.push_back(job);
    planned_tech_[static_cast<size_t>(job)] = -1;
  } else {
    Enqueue(jobs, techs, job, now, k);
  }
  dirty_ = true;
}

double Dispatcher::WillingnessError(const std::vector<TechState>& techs) const {
  double err = 0;
  int n = 0;
  for (int k = 0; k < sc_.K(); ++k) {
    const Technician& t = sc_.technicians[static_cast<size_t>(k)];
    for (int c = 0; c < sc_.C(); ++c) {
      if (t.skills[static_cast<size_t>(c)] == Grade::kD) continue;  // never offered
      const double truth = t.true_willingness.empty() ? t.willingness[static_cast<size_t>(c)]
                                                      : t.true_willingness[static_cast<size_t>(c)];
      double est = t.willingness[static_cast<size_t>(c)];
      const TechState& s = techs[static_cast<size_t>(k)];
      if (static_cast<size_t>(c) < s.learned.size()) est += s.learned[static_cast<size_t>(c)];
      err += std::abs(std::clamp(est, 0.7, 1.1) - truth);
      ++n;
    }
  }
  return n ? err / n : 0;
}

double Dispatcher::Capacity(const std::vector<TechState>& techs) const {
  double capacity = 0;
  for (int k = 0; k < sc_.K(); ++k) {
    const TechState& s = techs[static_cast<size_t>(k)];
    if (!s.present) continue;
    // Called in during the day: the part of the shift from then on.
    const Technician& t = sc_.technicians[static_cast<size_t>(k)];
    const int from = s.activated_at >= 0
                         ? std::max(t.shift_start, static_cast<int>(s.activated_at % 1440))
                         : t.shift_start;
    capacity += std::max(0, t.shift_end - from);
  }
  return capacity;
}

double Dispatcher::ForecastUtilisation(const std::vector<Job>& jobs,
                                       const std::vector<TechState>& techs, int64_t now) const {
  // The day's work (done, running, waiting and still expected to arrive, in
  // standard minutes) against the day's shift minutes of those present.
  double work = 0;
  for (int job : waiting_) {
    if (defer_until_.size() > static_cast<size_t>(job) &&
        defer_until_[static_cast<size_t>(job)] > now)
      continue;
    work +=
        sc_.job_types[static_cast<size_t>(jobs[static_cast<size_t>(job)].type)].standard_minutes;
  }
  for (int k = 0; k < sc_.K(); ++k) {
    const TechState& s = techs[static_cast<size_t>(k)];
    work += s.worked_minutes;
    if (s.current_job >= 0) work += std::max<double>(0, static_cast<double>(s.busy_until - now));
    if (policy_ != Policy::kOptimal)
      for (int job : s.queue)
        work += sc_.job_types[static_cast<size_t>(jobs[static_cast<size_t>(job)].type)]
                    .standard_minutes;
  }
  const double capacity = Capacity(techs);
  work += sc_.jobs_per_day * ArrivalShare(MinuteOfDay(now), sc_.close_minute) * mean_minutes_;
  return capacity > 0 ? work / capacity : (work > 0 ? 2.0 : 0.0);
}

int Dispatcher::ActivateTiers(const std::vector<Job>& jobs, std::vector<TechState>& techs,
                              int64_t now) {
  const int minute = MinuteOfDay(now);
  if (minute >= sc_.close_minute) return 0;
  int called = 0;
  for (const auto& [tier, threshold] : {std::pair{Tier::kElastic, sc_.elastic_utilisation},
                                        std::pair{Tier::kMobile, sc_.mobile_utilisation}}) {
    for (;;) {
      const double u = ForecastUtilisation(jobs, techs, now);
      if (u <= threshold) break;
      // The one on call with the most shift left (ties: roster order).
      int best = -1, best_left = 0;
      for (int k = 0; k < sc_.K(); ++k) {
        const Technician& t = sc_.technicians[static_cast<size_t>(k)];
        const TechState& s = techs[static_cast<size_t>(k)];
        if (t.tier != tier || !s.on_call || s.present) continue;
        const int left = t.shift_end - std::max(minute, t.shift_start);
        if (left >= 60 && left > best_left) best = k, best_left = left;
      }
      if (best < 0) break;
      TechState& s = techs[static_cast<size_t>(best)];
      s.present = true;
      s.on_call = false;
      s.activated_at = now;
      ++called;
      ++activations_;
      char buf[96];
      std::snprintf(buf, sizeof buf, "forecast utilisation %.0f%% > %.0f%%: %s called in", 100 * u,
                    100 * threshold, TierName(tier));
      Log({now, LogEntry::Kind::kActivated, -1, best, -1, -1, -1, buf});
    }
  }
  if (called > 0) dirty_ = true;
  return called;
}

double Dispatcher::ArrivalShare(int from, int to) const {
  if (sc_.arrivals.empty()) return std::max(0.0, static_cast<double>(to - from)) / sc_.DayMinutes();
  double share = 0, total = 0;
  for (const Band& b : sc_.arrivals) {
    total += b.value;
    share +=
        b.value * std::clamp(static_cast<double>(std::min(to, b.end) - std::max(from, b.start)) /
                                 (b.end - b.start),
                             0.0, 1.0);
  }
  return total > 0 ? share / total : 0;
}

int Dispatcher::DayStart(int k, int64_t now) const {
  if (planned_day_ == now / 1440) return day_start_[static_cast<size_t>(k)];
  return sc_.technicians[static_cast<size_t>(k)].shift_start;
}

void Dispatcher::PlanDayStarts(const std::vector<Job>& jobs, const std::vector<TechState>& techs,
                               int64_t now) {
  const int K = sc_.K();
  planned_day_ = now / 1440;
  day_start_.resize(static_cast<size_t>(K));
  for (int k = 0; k < K; ++k)
    day_start_[static_cast<size_t>(k)] = sc_.technicians[static_cast<size_t>(k)].shift_start;
  if (sc_.early_start_minutes <= 0) return;
  // The work carried over: waiting (and, fcfs and balanced, queued) jobs
  // that may be done today, in standard minutes.
  auto minutes = [&](int job) {
    return sc_.job_types[static_cast<size_t>(jobs[static_cast<size_t>(job)].type)].standard_minutes;
  };
  double carried = 0;
  for (int job : waiting_)
    if (defer_until_[static_cast<size_t>(job)] <= now) carried += minutes(job);
  for (const TechState& s : techs)
    for (int job : s.queue) carried += minutes(job);
  auto core_present = [&](int k) {
    return techs[static_cast<size_t>(k)].present &&
           sc_.technicians[static_cast<size_t>(k)].tier == Tier::kCore;
  };
  // The later shifts by start, earliest first (those called in early count
  // for the shifts after them).
  std::vector<int> starts;
  for (int k = 0; k < K; ++k) {
    const int st = sc_.technicians[static_cast<size_t>(k)].shift_start;
    if (core_present(k) && st > sc_.open_minute) starts.push_back(st);
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  for (int st : starts) {
    const double work =
        carried + sc_.jobs_per_day * ArrivalShare(sc_.open_minute, st) * mean_minutes_;
    double can = 0;  // what those on before st can do by then
    int later = 0;
    for (int k = 0; k < K; ++k) {
      if (!core_present(k)) continue;
      const int from = std::max(sc_.open_minute, day_start_[static_cast<size_t>(k)]);
      if (sc_.technicians[static_cast<size_t>(k)].shift_start == st)
        ++later;
      else if (from < st)
        can += st - from;
    }
    const double short_by = (work - can) / std::max(1, later);
    if (short_by <= 0) continue;
    // In half hours (compared as doubles: the backlog may be huge).
    const int early = static_cast<int>(
        std::min({static_cast<double>(sc_.early_start_minutes), 30 * std::ceil(short_by / 30),
                  static_cast<double>(st - sc_.open_minute)}));
    if (early <= 0) continue;
    for (int k = 0; k < K; ++k) {
      if (!core_present(k) || sc_.technicians[static_cast<size_t>(k)].shift_start != st) continue;
      day_start_[static_cast<size_t>(k)] = st - early;
      ++early_starts_;
      early_minutes_ += early;
      const int64_t day0 = now - now % 1440;
      char buf[128];
      std::snprintf(buf, sizeof buf,
                    "%.0f min of work waiting or expected before %02d:%02d, %.0f min more than "
                    "those on can do",
                    work, st / 60, st % 60, work - can);
      Log({now, LogEntry::Kind::kEarlyStart, -1, k, -1, day0 + st, day0 + st - early, buf});
    }
  }
}

std::vector<PlanEntry> Dispatcher::Dispatch(const std::vector<Job>& jobs,
                                            std::vector<TechState>& techs, int64_t now,
                                            bool force) {
  const int day_minute = MinuteOfDay(now);
  std::vector<PlanEntry> starts;
  Grow(jobs.size());
  now_ = now;
  if (planned_day_ != now / 1440) PlanDayStarts(jobs, techs, now);
  force = force || dirty_;
  dirty_ = false;
  if (force) ActivateTiers(jobs, techs, now);
  auto idle = [&](int k) {
    const TechState& s = techs[static_cast<size_t>(k)];
    return s.present && s.current_job < 0;
  };
  if (policy_ != Policy::kOptimal) {
    // Jobs nobody could take when they arrived get another chance.
    if (!waiting_.empty() && force) {
      std::vector<int> retry = std::move(waiting_);
      waiting_.clear();
      for (int job : retry) Enqueue(jobs, techs, job, now);
    }
    std::vector<bool> taken(static_cast<size_t>(sc_.K()), false);
    for (int k = 0; k < sc_.K(); ++k) {
      TechState& s = techs[static_cast<size_t>(k)];
      // Queues run from the day's start (the shift's, or earlier when called
      // in) until the centre closes (overtime).
      if (!idle(k) || taken[static_cast<size_t>(k)] || s.queue.empty() ||
          day_minute < DayStart(k, now) || day_minute >= sc_.close_minute)
        continue;
      // The queue's first job that can start: one needing a certified
      // partner waits (and is skipped) until one is idle.
      int pos = -1, helper = -1;
      for (size_t q = 0; q < s.queue.size() && pos < 0; ++q) {
        const Job& j = jobs[static_cast<size_t>(s.queue[q])];
        const Category& cat = sc_.categories[static_cast<size_t>(j.category)];
        if (cat.certified_people < 2) {
          pos = static_cast<int>(q);
          break;
        }
        for (int h = 0; h < sc_.K() && helper < 0; ++h) {
          const Technician& th = sc_.technicians[static_cast<size_t>(h)];
          if (h != k && idle(h) && !taken[static_cast<size_t>(h)] &&
              th.HasCertification(cat.certification) && day_minute >= DayStart(h, now) &&
              day_minute < th.shift_end)
            helper = h;
        }
        if (helper >= 0) pos = static_cast<int>(q);
      }
      if (pos < 0) continue;
      if (helper >= 0) taken[static_cast<size_t>(helper)] = true;
      const int job = s.queue[static_cast<size_t>(pos)];
      const Job& j = jobs[static_cast<size_t>(job)];
      taken[static_cast<size_t>(k)] = true;
      s.queue.erase(s.queue.begin() + pos);
      s.planned_minutes =
          std::max(0.0, s.planned_minutes - PlannedMinutes(sc_, s, k, -1, j, day_minute));
      starts.push_back({job, k, helper, now, now});
    }
    return starts;
  }

  if (!force || waiting_.empty()) return starts;
  bool anyone_idle = false;
  for (int k = 0; k < sc_.K(); ++k) {
    const Technician& t = sc_.technicians[static_cast<size_t>(k)];
    anyone_idle = anyone_idle ||
                  (idle(k) && day_minute >= DayStart(k, now) &&
                   day_minute < std::min(sc_.close_minute, t.shift_end + sc_.max_overtime_minutes));
  }
  const std::vector<PlanEntry> plan = Replan(jobs, techs, now);
  ++replans_;
  // Changes against the previous plan: notifications, customer messages.
  for (const PlanEntry& e : plan) {
    const auto job = static_cast<size_t>(e.job);
    const int before = planned_tech_[job];
    if (before >= 0 && before != e.tech) {
      ++reassignments_;
      ++notifications_;
      Log({now, LogEntry::Kind::kReassigned, e.job, e.tech, before, planned_start_[job], e.start,
           ""});
    } else if (before >= 0 && std::llabs(planned_start_[job] - e.start) > 30) {
      ++notifications_;
      Log({now, LogEntry::Kind::kMoved, e.job, e.tech, before, planned_start_[job], e.start, ""});
    }
    const int64_t old_end = planned_start_[job] + (e.end - e.start);
    if (before >= 0 && e.end > jobs[job].promised && old_end <= jobs[job].promised) {
      ++customer_messages_;  // the promise moves
      Log({now, LogEntry::Kind::kCustomer, e.job, e.tech, before, jobs[job].promised, e.end,
           Message(sc_.message_delay, jobs[job], jobs[job].promised, e.end)});
    }
    planned_tech_[job] = e.tech;
    planned_start_[job] = e.start;
  }
  plan_ = plan;
  if (!anyone_idle) return starts;
  for (const PlanEntry& e : plan) {
    if (e.start > now) continue;
    starts.push_back(e);
  }
  if (!starts.empty()) {
    std::vector<bool> started(jobs.size(), false);
    for (const PlanEntry& e : starts) started[static_cast<size_t>(e.job)] = true;
    std::erase_if(waiting_, [&](int job) { return started[static_cast<size_t>(job)]; });
  }
  return starts;
}

double Dispatcher::Behind(int k, const TechState& s) const {
  const Technician& t = sc_.technicians[static_cast<size_t>(k)];
  if (t.tier != Tier::kCore && team_ != sc_.K()) return 0;
  return std::clamp((mean_period_ - s.period_output) / day_output_, -3.0, 3.0);
}

Dispatcher::View Dispatcher::MakeView(const std::vector<TechState>& techs, int k, int64_t start,
                                      double load, int64_t round_start) const {
  const Technician& t = sc_.technicians[static_cast<size_t>(k)];
  const TechState& s = techs[static_cast<size_t>(k)];
  View v;
  v.k = k;
  v.start = start;
  v.state = StateFactor(s);
  v.fatigue = 1.0 + 0.5 * (1.0 - v.state);
  v.eff = sc_.Efficiency(MinuteOfDay(start));
  // Load: today's (worked and planned) against the shift, and the balance
  // over the period (output against the team's mean, in technician-days).
  v.load = 1.0 - std::min(1.0, load / (t.shift_end - t.shift_start));
  v.balance = Behind(k, s);
  v.level = (t.level - 2.5) / 1.5;  // -1 (L1) .. +1 (L4)
  v.overtime = MinuteOfDay(start) >= t.shift_end;
  v.delay = static_cast<double>(std::max<int64_t>(0, start - now_));
  v.lag = static_cast<double>(std::max<int64_t>(0, start - std::max(now_, round_start)));
  return v;
}

double Dispatcher::ViewMinutes(const View& v, const Job& j) const {
  const double speed =
      GradeSpeed(sc_.technicians[static_cast<size_t>(v.k)].skills[static_cast<size_t>(j.category)]);
  return std::max(
      1.0, sc_.job_types[static_cast<size_t>(j.type)].standard_minutes * speed / v.eff * v.fatigue);
}

bool Dispatcher::Suited(const View& v, const std::vector<TechState>& techs, const Job& j) const {
  const Technician& t = sc_.technicians[static_cast<size_t>(v.k)];
  return Capable(sc_, v.k, j) && Allowed(v.k, j) &&
         GradeFactor(t.skills[static_cast<size_t>(j.category)]) * v.state *
                 Willingness(t, techs[static_cast<size_t>(v.k)], j.category) >=
             Threshold(j, v.start);
}

double Dispatcher::Threshold(const Job& j, int64_t start) const {
  // Urgent work that has waited past its response time goes down to the
  // escalation threshold rather than wait for someone suited.
  const bool escalated = j.urgent && sc_.urgent_escalation_minutes > 0 &&
                         start - j.arrival >= sc_.urgent_escalation_minutes;
  return escalated ? std::min(sc_.threshold, sc_.urgent_threshold) : sc_.threshold;
}

double Dispatcher::Score(const View& v, const std::vector<TechState>& techs, const Job& j,
                         int prev_tech) const {
  const Technician& t = sc_.technicians[static_cast<size_t>(v.k)];
  const double skill = GradeFactor(t.skills[static_cast<size_t>(j.category)]);
  const double will = Willingness(t, techs[static_cast<size_t>(v.k)], j.category);
  // Lucrative work (value per planned minute against the mix's mean) goes
  // rather to those behind.
  const double lucrative = mean_rate_ > 0 ? j.value / ViewMinutes(v, j) / mean_rate_ : 1.0;
  double score =
      sc_.weights.skill * skill +
      sc_.weights.load * (v.load + 2.0 * v.balance * (0.5 + 0.5 * std::min(3.0, lucrative))) +
      sc_.weights.willingness * will;
  // Seniors for the hard work (juniors lead the fast lane: see the reserve).
  if (j.difficulty >= sc_.golden_difficulty) score += 0.15 * v.level;
  // Overtime only for what the shift cannot take.
  if (v.overtime) score -= 0.3;
  // Pressing jobs first: urgency, VIP, time waited.
  if (j.urgent) score += 1.0;
  if (j.vip) score += 0.3;
  score += std::min(1.0, static_cast<double>(v.start - j.arrival) / 120.0) * 0.3;
  // Golden hours: hard jobs where efficiency is high, simple ones elsewhere.
  if (j.difficulty >= sc_.golden_difficulty) score += 0.8 * (v.eff - 0.9);
  if (j.difficulty <= 3) score -= 0.2 * (v.eff - 0.9);
  // Sooner is better, much more so for urgent work; and urgent work is
  // better started now than planned behind someone's current job, whose end
  // is only an estimate (durations vary, jobs overrun). Urgent work pays
  // for the lag behind the round's earliest start, not for the wait until
  // then: when everyone is busy, the first to be free takes it first
  // (charged for the wait, it lost to routine work at every slot and was
  // planned last, to be moved up when someone fell idle).
  score -= (0.15 * v.delay + (j.urgent ? 0.85 * v.lag : 0.0)) / 30.0;
  if (j.urgent && v.lag > 0) score -= kUrgentWaitRisk;
  if (prev_tech == v.k) score += sc_.move_cost;
  // A base keeps every allowed pair worth more than leaving the job out.
  return std::max(1e-3, 3.0 + score);
}

std::vector<PlanEntry> Dispatcher::Replan(const std::vector<Job>& jobs,
                                          const std::vector<TechState>& techs, int64_t now) {
  const int K = sc_.K();
  const int64_t day0 = now - now % 1440;
  level_ = ResponseLevel(jobs, techs, now);
  std::vector<int64_t> avail(static_cast<size_t>(K), 0), end(static_cast<size_t>(K), 0);
  std::vector<double> load(static_cast<size_t>(K), 0);
  std::vector<bool> active(static_cast<size_t>(K), false);
  for (int k = 0; k < K; ++k) {
    const TechState& s = techs[static_cast<size_t>(k)];
    const Technician& t = sc_.technicians[static_cast<size_t>(k)];
    end[static_cast<size_t>(k)] =
        day0 + (level_ >= 1 ? sc_.close_minute
                            : std::min(sc_.close_minute, t.shift_end + sc_.max_overtime_minutes));
    if (!s.present || now >= end[static_cast<size_t>(k)]) continue;
    int64_t a = std::max(now, day0 + DayStart(k, now));
    if (s.current_job >= 0) a = std::max(a, s.busy_until > now ? s.busy_until : now + 10);
    avail[static_cast<size_t>(k)] = a;
    load[static_cast<size_t>(k)] = s.worked_minutes + static_cast<double>(a - now);
    active[static_cast<size_t>(k)] = a < end[static_cast<size_t>(k)];
  }
  Prepare(techs, now);
  std::vector<int> remaining;
  for (int job : waiting_)
    if (defer_until_[static_cast<size_t>(job)] <= now) remaining.push_back(job);
  std::stable_sort(remaining.begin(), remaining.end(), [&](int a, int b) {
    const Job& x = jobs[static_cast<size_t>(a)];
    const Job& y = jobs[static_cast<size_t>(b)];
    if (x.urgent != y.urgent) return x.urgent;
    if (x.vip != y.vip) return x.vip;
    return x.promised < y.promised;
  });
  // Urgent reserve: technicians idle now who are kept free of long
  // non-urgent work, as many as urgent jobs are expected during one urgent
  // job's time, less the urgent jobs already waiting.
  std::vector<bool> reserve(static_cast<size_t>(K), false);
  if (sc_.urgent_reserve) {
    int waiting_urgent = 0;
    for (int job : remaining) waiting_urgent += jobs[static_cast<size_t>(job)].urgent ? 1 : 0;
    const int want = ExpectedUrgent(MinuteOfDay(now)) - waiting_urgent;
    std::vector<std::pair<double, int>> idle_now;
    for (int k = 0; k < K; ++k)
      if (active[static_cast<size_t>(k)] && avail[static_cast<size_t>(k)] == now &&
          techs[static_cast<size_t>(k)].current_job < 0)
        idle_now.emplace_back(-UrgentVersatility(k, techs[static_cast<size_t>(k)]), k);
    std::sort(idle_now.begin(), idle_now.end());
    for (int i = 0; i < want && i < static_cast<int>(idle_now.size()); ++i)
      reserve[static_cast<size_t>(idle_now[static_cast<size_t>(i)].second)] = true;
  }
  std::vector<PlanEntry> plan;
  bool first_round = true;
  while (!remaining.empty()) {
    int64_t t0 = -1;
    for (int k = 0; k < K; ++k)
      if (active[static_cast<size_t>(k)] && (t0 < 0 || avail[static_cast<size_t>(k)] < t0))
        t0 = avail[static_cast<size_t>(k)];
    if (t0 < 0) break;
    // The round: those free within the plan window, the soonest free first,
    // at most kRoundTechs of them (a large centre has plenty to choose from
    // among its soonest free; the rest come in the next rounds).
    std::vector<int> batch;
    for (int k = 0; k < K; ++k)
      if (active[static_cast<size_t>(k)] &&
          avail[static_cast<size_t>(k)] <= t0 + sc_.plan_window_minutes)
        batch.push_back(k);
    if (static_cast<int>(batch.size()) > kRoundTechs) {
      std::stable_sort(batch.begin(), batch.end(), [&](int x, int y) {
        return avail[static_cast<size_t>(x)] < avail[static_cast<size_t>(y)];
      });
      batch.resize(static_cast<size_t>(kRoundTechs));
      std::sort(batch.begin(), batch.end());
    }
    const int n_jobs = static_cast<int>(
        std::min<size_t>(remaining.size(), std::max<size_t>(4 * batch.size(), 40)));
    std::vector<bool> used(static_cast<size_t>(K), false);  // given work this round
    std::vector<bool> done(static_cast<size_t>(n_jobs), false);
    // A second person for job j led by k: certified where the category asks,
    // free within `wait` of the lead; soonest free, then most skilled
    // (mentoring: a junior, least loaded) and furthest behind on output (a
    // helper earns half the job's output), a technician-day behind
    // counting as much as a grade factor of one.
    auto find_helper = [&](int k, const Job& j, PairNeed need, int64_t wait,
                           const std::vector<bool>& excluded) {
      const Category& cat = sc_.categories[static_cast<size_t>(j.category)];
      int helper = -1;
      double best = 0;
      for (int h = 0; h < K; ++h) {
        if (h == k || !active[static_cast<size_t>(h)] || excluded[static_cast<size_t>(h)] ||
            used[static_cast<size_t>(h)])
          continue;
        const Technician& th = sc_.technicians[static_cast<size_t>(h)];
        if (!th.HasCertification(cat.certification)) continue;
        if (avail[static_cast<size_t>(h)] > avail[static_cast<size_t>(k)] + wait) continue;
        const Grade g = th.skills[static_cast<size_t>(j.category)];
        if (need == PairNeed::kMentoring && th.level > 2) continue;
        if (need == PairNeed::kPreferred && GradeFactor(g) < 0.5) continue;
        const double key =
            -static_cast<double>(avail[static_cast<size_t>(h)]) * 10 +
            (need == PairNeed::kMentoring ? -load[static_cast<size_t>(h)] / 60 : GradeFactor(g)) +
            Behind(h, techs[static_cast<size_t>(h)]);
        if (helper < 0 || key > best) best = key, helper = h;
      }
      return helper;
    };
    auto commit = [&](int c, int k, int helper) {
      const int job = remaining[static_cast<size_t>(c)];
      const Job& j = jobs[static_cast<size_t>(job)];
      int64_t start = avail[static_cast<size_t>(k)];
      if (helper >= 0) start = std::max(start, avail[static_cast<size_t>(helper)]);
      const double est =
          PlannedMinutes(sc_, techs[static_cast<size_t>(k)], k, helper, j, MinuteOfDay(start));
      const int64_t finish = start + static_cast<int64_t>(std::ceil(est));
      plan.push_back({job, k, helper, start, finish});
      done[static_cast<size_t>(c)] = true;
      for (int who : {k, helper}) {
        if (who < 0) continue;
        used[static_cast<size_t>(who)] = true;
        avail[static_cast<size_t>(who)] = finish;
        load[static_cast<size_t>(who)] += static_cast<double>(finish - start);
        active[static_cast<size_t>(who)] = finish < end[static_cast<size_t>(who)];
      }
    };
    // Work that needs two certified people goes first, most pressing first:
    // the best-scoring lead of this round with the certified partner free
    // soonest (urgent work waits for one, the rest only half an hour), so
    // that certified people are not all taken by single-person work.
    const std::vector<bool> none(static_cast<size_t>(K), false);
    for (int c = 0; c < n_jobs; ++c) {
      const Job& j = jobs[static_cast<size_t>(remaining[static_cast<size_t>(c)])];
      if (PairKind(sc_, j, t0, level_) != PairNeed::kRequired) continue;
      int k = -1;
      double best = 0;
      for (int x : batch) {
        if (used[static_cast<size_t>(x)]) continue;
        const View view =
            MakeView(techs, x, avail[static_cast<size_t>(x)], load[static_cast<size_t>(x)], t0);
        if (!Suited(view, techs, j)) continue;
        const double v = Score(view, techs, j, planned_tech_[static_cast<size_t>(j.id)]);
        if (k < 0 || v > best) best = v, k = x;
      }
      if (k < 0) continue;
      const int h = find_helper(k, j, PairNeed::kRequired, j.urgent ? 24 * 60 : kBatchWindow, none);
      if (h < 0) continue;
      // Routine pair work does not take the people waiting urgent work
      // needs: it comes in a later round, once that work is placed.
      if (!j.urgent) {
        const View vk =
            MakeView(techs, k, avail[static_cast<size_t>(k)], load[static_cast<size_t>(k)]);
        const View vh =
            MakeView(techs, h, avail[static_cast<size_t>(h)], load[static_cast<size_t>(h)]);
        bool wanted = false;
        for (int c2 = 0; c2 < n_jobs && !wanted; ++c2) {
          const Job& u = jobs[static_cast<size_t>(remaining[static_cast<size_t>(c2)])];
          if (done[static_cast<size_t>(c2)] || !u.urgent) continue;
          wanted = Suited(vk, techs, u) || Suited(vh, techs, u);
        }
        if (wanted) continue;
      }
      commit(c, k, h);
    }
    // The rest: one assignment of this round's technicians to the most
    // pressing jobs.
    CostMatrix score(static_cast<int>(batch.size()), n_jobs, kForbidden);
    std::vector<bool> two_certified(static_cast<size_t>(n_jobs));
    for (int c = 0; c < n_jobs; ++c) {
      const Job& j = jobs[static_cast<size_t>(remaining[static_cast<size_t>(c)])];
      two_certified[static_cast<size_t>(c)] =
          sc_.categories[static_cast<size_t>(j.category)].certified_people >= 2;
    }
    for (size_t b = 0; b < batch.size(); ++b) {
      const int k = batch[b];
      if (used[static_cast<size_t>(k)]) continue;
      const View view =
          MakeView(techs, k, avail[static_cast<size_t>(k)], load[static_cast<size_t>(k)], t0);
      const bool reserved = first_round && reserve[static_cast<size_t>(k)];
      for (int c = 0; c < n_jobs; ++c) {
        if (done[static_cast<size_t>(c)] || two_certified[static_cast<size_t>(c)]) continue;
        const Job& j = jobs[static_cast<size_t>(remaining[static_cast<size_t>(c)])];
        if (!Suited(view, techs, j)) continue;
        if (reserved && !j.urgent && ViewMinutes(view, j) > kQuickMinutes) continue;
        // Urgent work only for those free soon (the next round has the rest).
        if (j.urgent && avail[static_cast<size_t>(k)] > t0 + kBatchWindow) continue;
        score.at(static_cast<int>(b), c) =
            Score(view, techs, j, planned_tech_[static_cast<size_t>(j.id)]);
      }
    }
    AssignmentOptions opt;
    opt.maximize = true;
    opt.unassigned_cost = {0.0};
    const Assignment as = SolveAssignment(score, opt);
    // Leads of this round are not anyone's helper.
    std::vector<bool> lead(static_cast<size_t>(K), false);
    for (const auto& [b, c] : as.Pairs())
      lead[static_cast<size_t>(batch[static_cast<size_t>(b)])] = true;
    for (const auto& [b, c] : as.Pairs()) {
      const int k = batch[static_cast<size_t>(b)];
      const Job& j = jobs[static_cast<size_t>(remaining[static_cast<size_t>(c)])];
      const PairNeed need = PairKind(sc_, j, avail[static_cast<size_t>(k)], level_);
      const int helper = need == PairNeed::kNone ? -1 : find_helper(k, j, need, 15, lead);
      commit(c, k, helper);
    }
    first_round = false;
    // Whoever got nothing this round looks again half an hour later.
    for (int k : batch)
      if (!used[static_cast<size_t>(k)]) {
        avail[static_cast<size_t>(k)] = t0 + kBatchWindow + 1;
        active[static_cast<size_t>(k)] =
            avail[static_cast<size_t>(k)] < end[static_cast<size_t>(k)];
      }
    std::vector<int> rest;
    for (size_t c = 0; c < remaining.size(); ++c)
      if (c >= done.size() || !done[c]) rest.push_back(remaining[c]);
    remaining = std::move(rest);
  }
  return plan;
}

int Dispatcher::ResponseLevel(const std::vector<Job>& jobs, const std::vector<TechState>& techs,
                              int64_t now) const {
  const double overload = ForecastUtilisation(jobs, techs, now) - 1.0;
  return overload > 0.5 ? 3 : overload > 0.3 ? 2 : overload > 0.2 ? 1 : 0;
}

int Dispatcher::ExpectedUrgent(int minute_of_day) const {
  // Urgent arrivals per minute now x the mean time of an urgent job.
  double urgent = 0, minutes = 0, share = 0;
  for (const JobType& t : sc_.job_types) {
    share += t.share;
    urgent += t.share * t.urgent_share;
    minutes += t.share * t.urgent_share * t.standard_minutes;
  }
  if (urgent <= 0 || share <= 0) return 0;
  double band_share = 0, band_minutes = sc_.DayMinutes();
  if (sc_.arrivals.empty()) {
    band_share = 1;
  } else {
    double total = 0;
    for (const Band& b : sc_.arrivals) total += b.value;
    for (const Band& b : sc_.arrivals)
      if (b.start <= minute_of_day && minute_of_day < b.end)
        band_share = b.value / total, band_minutes = b.end - b.start;
  }
  // Over one urgent job's mean time, or what is left of the day.
  const double rate = sc_.jobs_per_day * band_share / band_minutes * urgent / share;
  const double window =
      std::min(minutes / urgent, static_cast<double>(sc_.close_minute - minute_of_day));
  return static_cast<int>(std::lround(rate * std::max(0.0, window)));
}

double Dispatcher::UrgentVersatility(int k, const TechState& s) const {
  // Share of urgent work this technician may take, juniors first.
  const Technician& t = sc_.technicians[static_cast<size_t>(k)];
  double v = 0;
  for (const JobType& jt : sc_.job_types) {
    Job j;
    j.type = 0;
    j.category = jt.category;
    if (t.skills[static_cast<size_t>(jt.category)] == Grade::kD ||
        !t.HasCertification(sc_.categories[static_cast<size_t>(jt.category)].certification) ||
        Suitability(t, s, j) < sc_.threshold)
      continue;
    v += jt.share * jt.urgent_share;
  }
  return v - 0.01 * t.level;
}

std::vector<Recommendation> Dispatcher::Recommend(const std::vector<Job>& jobs,
                                                  const std::vector<TechState>& techs, int job,
                                                  int64_t now, int n) const {
  const Job& j = jobs[static_cast<size_t>(job)];
  Prepare(techs, now);
  std::vector<Recommendation> out;
  for (int k = 0; k < sc_.K(); ++k) {
    const TechState& s = techs[static_cast<size_t>(k)];
    const Technician& t = sc_.technicians[static_cast<size_t>(k)];
    if (!s.present || !Capable(sc_, k, j) || !Allowed(k, j)) continue;
    const double suit = Suitability(t, s, j);
    int64_t start = std::max(now, now - now % 1440 + DayStart(k, now));
    if (s.current_job >= 0) start = std::max(start, s.busy_until);
    if (suit < Threshold(j, start) || start >= ShiftEnd(k, now)) continue;
    const double load = s.worked_minutes + static_cast<double>(start - now);
    Recommendation r;
    r.tech = k;
    r.suitability = suit;
    r.start = start;
    r.score =
        Score(MakeView(techs, k, start, load), techs, j,
              job < static_cast<int>(planned_tech_.size()) ? planned_tech_[static_cast<size_t>(job)]
                                                           : -1);
    const Grade g = t.skills[static_cast<size_t>(j.category)];
    r.reasons.push_back(std::string("skill ") + GradeName(g) + " in " +
                        sc_.categories[static_cast<size_t>(j.category)].name);
    const double st = StateFactor(s);
    r.reasons.push_back(st >= 1.1 ? "rested" : st >= 0.9 ? "normal state" : "tired");
    const double w = Willingness(t, s, j.category);
    r.reasons.push_back(w >= 1.05 ? "keen on this work" : w >= 0.95 ? "willing" : "reluctant");
    r.reasons.push_back(start <= now ? "free now"
                                     : "free in " + std::to_string(start - now) + " min");
    const double shift = t.shift_end - t.shift_start;
    r.reasons.push_back("load " + std::to_string(static_cast<int>(100 * load / shift)) +
                        "% of shift");
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const Recommendation& a, const Recommendation& b) {
    return a.score > b.score;
  });
  if (static_cast<int>(out.size()) > n) out.resize(static_cast<size_t>(n));
  return out;
}

std::vector<Dispatcher::JobChoice> Dispatcher::RecommendJobs(const std::vector<Job>& jobs,
                                                             const std::vector<TechState>& techs,
                                                             int k, int64_t now, int n) const {
  Prepare(techs, now);
  std::vector<JobChoice> out;
  const TechState& s = techs[static_cast<size_t>(k)];
  const Technician& t = sc_.technicians[static_cast<size_t>(k)];
  if (!s.present) return out;
  // Waiting jobs: the pool (optimal) or his queue and the unplaced ones.
  std::vector<int> pool = waiting_;
  if (policy_ != Policy::kOptimal) pool.insert(pool.end(), s.queue.begin(), s.queue.end());
  const int64_t start = std::max(now, now - now % 1440 + DayStart(k, now));
  const View view = MakeView(techs, k, start, s.worked_minutes);
  for (int job : pool) {
    const Job& j = jobs[static_cast<size_t>(job)];
    if (static_cast<size_t>(job) < defer_until_.size() &&
        defer_until_[static_cast<size_t>(job)] > now)
      continue;
    if (!Suited(view, techs, j)) continue;
    JobChoice c;
    c.job = job;
    c.suitability = Suitability(t, s, j);
    c.score = Score(view, techs, j,
                    static_cast<size_t>(job) < planned_tech_.size()
                        ? planned_tech_[static_cast<size_t>(job)]
                        : -1);
    c.reasons.push_back(std::string("skill ") +
                        GradeName(t.skills[static_cast<size_t>(j.category)]) + " in " +
                        sc_.categories[static_cast<size_t>(j.category)].name);
    if (j.urgent) c.reasons.push_back("urgent");
    if (j.vip) c.reasons.push_back("VIP customer");
    c.reasons.push_back("waiting " + std::to_string(std::max<int64_t>(0, now - j.arrival)) +
                        " min");
    if (j.promised - now < 120)
      c.reasons.push_back("promised within " +
                          std::to_string(std::max<int64_t>(0, j.promised - now)) + " min");
    if (j.difficulty >= sc_.golden_difficulty && view.eff >= 0.95)
      c.reasons.push_back("hard job in a golden hour");
    const double lucrative = mean_rate_ > 0 ? j.value / ViewMinutes(view, j) / mean_rate_ : 1.0;
    if (view.balance > 0.3 && lucrative > 1.2)
      c.reasons.push_back("well paid, and his output is behind the team's");
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const JobChoice& a, const JobChoice& b) { return a.score > b.score; });
  if (static_cast<int>(out.size()) > n) out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace weft::dispatch
