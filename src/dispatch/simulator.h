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
  int64_t refusals = 0;                // jobs refused when offered
  double willingness_error_start = 0;  // mean |estimated - true| willingness, declared
  double willingness_error_end = 0;    // ... and learned by the end of the run
  std::vector<std::vector<double>> willingness;  // learned at the end, [technician][category]
  int activations = 0;                           // elastic or mobile technicians called in
  double elastic_hours = 0;                      // their shift hours once called in
  int overrun_rules[3] = {0, 0, 0};              // shift later, move some, reassign all
  int absences_midday = 0;                       // absences that began during the day
  int rescheduled = 0;                           // absence triage: jobs proposed for another day
  int outsource_proposals = 0;                   // absence triage: nobody present could do them
  std::vector<LogEntry> log;                     // when SimParams::keep_log
  std::vector<TechFigures> techs;                // per technician
  std::vector<HourFigures> hours;                // per clock hour, 24
  int quadrant_started[4] = {0, 0, 0, 0};        // by Quadrant
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

}  // namespace weft::dispatch
