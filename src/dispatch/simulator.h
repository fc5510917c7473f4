// A discrete-event simulation of a service centre over days, minute by
// minute, under one dispatch policy.
//
// Everything random is drawn up front from one seeded generator: each day's
// surge flag, who is off sick, the arrivals (count from a Poisson law with
// the day's mean, time from the arrival bands, type from the job mix,
// urgency, VIP), each job's log-normal time factor, hidden overrun and
// rework draw. Every policy therefore meets the same jobs, absences and
// surprises, so the comparison is fair. Jobs not finished at the end of a
// day wait for the next; those arriving on the last day and not finished
// are not counted as completed.
//
// Actual time of a job = the dispatcher's planned time (grade speed,
// golden-hour efficiency, fatigue, pairing) x the job's time factor, plus
// half again on rework (risk 0.3 x (1 - skill)^2, higher when tired), plus
// the hidden overrun, revealed half-way through (an event).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dispatch/dispatcher.h"
#include "dispatch/model.h"

namespace weft::dispatch {

struct SimParams {
  Policy policy = Policy::kOptimal;
  int days = 20;
  uint64_t seed = 1;
  bool keep_log = false;  // return the dispatcher's log (notifications, messages, actions)
};

// Figures of one technician over the run.
struct TechFigures {
  double output = 0;
  double busy_hours = 0;
  double overtime_hours = 0;
  int jobs = 0;     // led or helped
  int matched = 0;  // led at grade S or A
  int led = 0;
};

// Figures of one clock hour (0..23) over the run.
struct HourFigures {
  int arrivals = 0;
  int started = 0;
  double wait_minutes = 0;  // summed over the jobs started
  int overruns = 0;         // hidden problems found in this hour
};

struct SimResult {
  std::string policy;
  int days = 0;
  int jobs_arrived = 0;
  int jobs_completed = 0;
  double wait_minutes_mean = 0;  // arrival to start, in opening hours
  double wait_minutes_p90 = 0;
  double urgent_response_minutes_mean = 0;
  double output_mean = 0;       // value completed per core technician over the run
  double output_stddev = 0;     // across core technicians (everyone if none is core)
  std::vector<double> output;   // per technician
  double skill_match_rate = 0;  // jobs led by grade S or A in the category
  double overtime_hours = 0;    // work after shift ends, all technicians
  int64_t reassignments = 0;    // planned jobs moved to another technician
  int64_t notifications = 0;
  int64_t customer_messages = 0;
  int64_t replans = 0;
  double utilisation = 0;   // busy minutes / shift minutes of those present
  double rework_rate = 0;   // of completed jobs
  double on_time_rate = 0;  // completed by the promised time
  int pair_jobs = 0;
  int sick_days = 0;
  int overruns = 0;
  int surge_days = 0;
  int response_days[3] = {0, 0, 0};    // days whose highest surge response was level 1, 2, 3
  int loans_in = 0, loans_out = 0;     // technicians borrowed / lent (network)
  double guest_hours = 0;              // shift hours of borrowed technicians here
  int64_t refusals = 0;                // jobs refused when offered
  double willingness_error_start = 0;  // mean |estimated - true| willingness, declared
  double willingness_error_end = 0;    // ... and learned by the end of the run
  std::vector<std::vector<double>> willingness;  // learned at the end, [technician][category]
  int activations = 0;                           // elastic or mobile technicians called in
  double elastic_hours = 0;                      // their shift hours once called in
  int early_starts = 0;                          // later shifts called in early (technician-days)
  double early_start_hours = 0;                  // hours so added before those shifts
  int overrun_rules[3] = {0, 0, 0};  // revealed overruns: shift later, move some, reassign all
  int expected_overruns = 0;         // jobs running 30 min past their expected end (re-planned)
  int absences_midday = 0;           // absences that began during the day
  int rescheduled = 0;               // absence triage: jobs proposed for another day
  int outsource_proposals = 0;       // absence triage: nobody present could do them
  std::vector<LogEntry> log;         // when SimParams::keep_log
  std::vector<TechFigures> techs;    // per technician
  std::vector<HourFigures> hours;    // per clock hour, 24
  int quadrant_started[4] = {0, 0, 0, 0};  // by Quadrant
  int quadrant_matched[4] = {0, 0, 0, 0};
};

// The jobs of the whole run (index = id), in arrival order, and the per-day
// draws; exposed for tests.
struct SimDraws {
  std::vector<Job> jobs;
  std::vector<bool> surge;              // by day
  std::vector<std::vector<bool>> sick;  // by day, technician
  // By day, technician: the clock minute a sick technician leaves (opening:
  // absent all day; later: he goes home then, after finishing his job).
  std::vector<std::vector<int>> absent_from;
};
// Whether technician k refuses job j when offered (the same answer under
// every policy): a uniform from (seed, job, k) below refusal_slope x
// (1.1 - true willingness).
bool Refuses(const Scenario& sc, uint64_t seed, const Job& j, int k);
SimDraws DrawScenario(const Scenario& sc, int days, uint64_t seed);

// REQUIRES: sc.Validate().ok(), p.days >= 1.
SimResult Simulate(const Scenario& sc, const SimParams& p);

// One centre simulated minute by minute, for callers that run several side
// by side (the network): BeginDay(d); Step(now) from opening while it
// returns true (open, or jobs still running after closing); EndDay(); and
// Finish() once after the last day. Simulate() is exactly this loop.
class SiteSim {
 public:
  // `draw_seed` seeds the jobs, absences and surprises; p.seed the refusals.
  SiteSim(const Scenario& sc, const SimParams& p, uint64_t draw_seed);
  SiteSim(const SiteSim&) = delete;
  SiteSim& operator=(const SiteSim&) = delete;

  void BeginDay(int day);
  bool Step(int64_t now);
  void EndDay();
  SimResult Finish();

  // Technician k leaves now on loan to another site (he finishes a running
  // job; his planned work is triaged as for an absence).
  void Lend(int k, int64_t now);
  // Guest slot k (tier kGuest) is present from `arrive` until `leave`.
  void Borrow(int k, int64_t arrive, int64_t leave);

  const Scenario& scenario() const { return sc_; }
  const Dispatcher& dispatcher() const { return disp_; }
  const std::vector<Job>& jobs() const { return jobs_; }
  const std::vector<TechState>& techs() const { return techs_; }

 private:
  void Leave(int k, int64_t now, bool absence);

  const Scenario& sc_;
  SimParams p_;
  SimDraws draws_;
  Dispatcher disp_;
  std::vector<Job> jobs_;  // those arrived so far (index = id)
  std::vector<TechState> techs_;
  // The truth the dispatcher does not see: when each running job really ends.
  std::vector<int64_t> true_end_, reveal_at_;
  std::vector<int> helper_of_;  // lead -> helper
  std::vector<bool> is_helper_;
  std::vector<int64_t> job_start_;
  std::vector<int64_t> arrive_at_, leave_at_;  // loans, by technician (-1: none)
  std::vector<int64_t> planned_end_;           // by lead: the end expected at start or reveal
  SimResult r_;
  std::vector<double> waits_, urgent_waits_;
  double busy_minutes_ = 0, shift_minutes_ = 0;
  int matched_ = 0, reworks_ = 0, on_time_ = 0;
  size_t next_ = 0;
  int day_ = 0, day_level_ = 0;
  int64_t base_ = 0;
  bool changed_ = false;
};

}  // namespace weft::dispatch
