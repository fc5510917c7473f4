// The technician-dispatch domain: a service centre's technicians, the kinds
// of jobs it sees, and the rules the dispatcher applies.
//
// Times are minutes since the start of the simulated horizon (day d opens at
// d * 1440 + open_minute); a day's clock times are minutes since midnight.
// Indices are dense: category c in [0, categories.size()), job type t,
// technician k.
//
// Suitability of technician k for a job of category c (the seed's
// three-factor model) = skill(grade) x state x willingness, with
//   grade S/A/B/C/D = 1.0/0.8/0.5/0.3/0.1,
//   state in [0.6, 1.2] from fatigue (hours worked, heavy jobs in a row),
//   willingness in [0.7, 1.1] (declared per category, lowered after the
//   same category twice in a row and by refusals).
// Jobs below `threshold` are never offered to that technician, except
// urgent jobs still waiting after `urgent_escalation_minutes`, which go
// down to `urgent_threshold`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace weft::dispatch {

enum class Grade { kS, kA, kB, kC, kD };
double GradeFactor(Grade g);  // 1.0, 0.8, 0.5, 0.3, 0.1
// Time factor of a grade: how long it takes relative to the standard time.
double GradeSpeed(Grade g);  // 0.85, 1.0, 1.25, 1.6, 2.2
const char* GradeName(Grade g);

// kGuest: a technician of another site on loan (network simulation only).
enum class Tier { kCore, kElastic, kMobile, kGuest };
const char* TierName(Tier t);

struct Category {
  std::string id;
  std::string name;
  // Certification a technician must hold to work on this category ("" none),
  // and how many certified people the work needs (e.g. 2 for high voltage).
  std::string certification;
  int certified_people = 1;
};

struct JobType {
  std::string id;
  std::string name;
  int category = 0;
  int difficulty = 1;         // 1..10
  int standard_minutes = 60;  // one person, grade A, full efficiency
  int pair_minutes = 0;       // two people together (0: pairing does not help)
  double share = 0;           // of arrivals
  double urgent_share = 0;    // of this type's jobs that are urgent
  double value = 0;           // revenue of one job (output, 产值)
};

struct Technician {
  std::string id;
  std::string name;
  int level = 2;  // L1..L4
  Tier tier = Tier::kCore;
  int shift_start = 8 * 60;  // minutes since midnight
  int shift_end = 17 * 60;
  std::vector<Grade> skills;  // per category
  std::vector<std::string> certifications;
  std::vector<double> willingness;  // declared, per category, 0.7..1.1
  // The simulator's truth, hidden from the dispatcher (who learns it from
  // refusals): per category, 0.7..1.1; defaults to the declared values.
  std::vector<double> true_willingness;
  bool HasCertification(const std::string& c) const;
};

struct Band {  // [start, end) minutes since midnight, with a value
  int start = 0;
  int end = 0;
  double value = 0;
};

// Policy weights of the optimal dispatcher's score (the seed's 0.5/0.3/0.2).
struct ScoreWeights {
  double skill = 0.5;
  double load = 0.3;
  double willingness = 0.2;
};

struct Scenario {
  std::string name;
  int open_minute = 8 * 60;
  int close_minute = 20 * 60;
  std::vector<Category> categories;
  std::vector<JobType> job_types;
  std::vector<Technician> technicians;
  double jobs_per_day = 50;
  std::vector<Band> arrivals;    // share of a day's arrivals per band
  std::vector<Band> efficiency;  // golden hours: speed factor per band (1.0 best)
  double duration_sigma = 0.25;  // log-normal spread of actual / planned time
  double vip_share = 0.1;
  int urgent_promise_minutes = 60;  // promised completion after arrival
  int standard_promise_minutes = 240;
  // Disruptions, per day: a technician off sick, a job overrunning (hidden
  // problem) and a surge day (arrivals times surge_multiplier).
  double sick_probability = 0.03;
  double overrun_probability = 0.08;
  int overrun_min_minutes = 30;
  int overrun_max_minutes = 240;
  double surge_probability = 0.05;
  double surge_multiplier = 1.6;
  // Share of absences that begin during the day (the rest: at opening).
  double midday_absence_share = 0.3;
  // A technician offered a job refuses it with probability
  // refusal_slope x (1.1 - true willingness) (0 at 1.1, 0.4 x slope at 0.7).
  double refusal_slope = 0.5;
  // Dispatcher rules.
  ScoreWeights weights;
  double threshold = 0.35;  // minimum suitability to offer a job
  // An urgent job still waiting this many minutes after it arrived (the
  // seed's 15-minute response; nobody suited was free) is offered down to
  // urgent_threshold: a grade-C technician (0.3) rested and willing rather
  // than nobody. 0: never.
  int urgent_escalation_minutes = 15;
  double urgent_threshold = 0.28;
  int redispatch_minutes = 30;  // periodic re-plan
  // Technicians free within this many minutes of the earliest compete in
  // one planning round (urgent work: within 30). Wider rounds let output be
  // balanced over more people (a job may wait for someone behind on
  // output rather than go to whoever is free first); jobs wait a little
  // longer. 20 days, seeds 1-10, six centres: 90 met the four
  // targets on 46 of 60 runs, 30 on 33 (bench/dispatch.py).
  int plan_window_minutes = 90;
  double move_cost = 0.05;    // score kept by a job's planned technician
  int golden_difficulty = 7;  // jobs this hard prefer the best-efficiency bands
  int pair_difficulty = 8;    // above: two people (decision tree)
  int pair_deadline_minutes = 120;
  // Overtime the optimal plan may use after a shift (never past closing).
  // By default until closing, the envelope the fcfs and balanced queues
  // have; a score penalty keeps it for what the shifts cannot take.
  int max_overtime_minutes = 24 * 60;
  // Longer hours before a shift: at opening, a later shift (core
  // technicians starting after opening) is called in up to this many
  // minutes early, in half hours and never before opening, when the work
  // carried over from the day before plus the work expected before that
  // shift begins (standard minutes, from the arrival profile) is more than
  // those already on can do by then; the later shift shares the rest. 0:
  // never.
  int early_start_minutes = 120;
  // Keep as many idle technicians free of long non-urgent work as urgent
  // jobs are expected within one urgent job's time (the fast lane).
  bool urgent_reserve = true;
  // Elastic tiers (the seed): core technicians alone while the day's
  // forecast utilisation stays under elastic_utilisation; elastic ones are
  // called in above it, mobile ones above mobile_utilisation, one at a time
  // until the forecast falls back under the threshold.
  double elastic_utilisation = 0.70;
  double mobile_utilisation = 0.85;
  // Customer message templates, sent when a promised time moves; {job},
  // {category}, {old}, {new} (HH:MM) and {centre} are filled in.
  std::string message_delay =
      "【{centre}】您好，您的{category}工单 #{job} 预计完成时间由 {old} 调整为 "
      "{new}，给您带来不便，敬请谅解。";
  std::string message_reschedule =
      "【{centre}】您好，因技师临时缺勤，您的{category}工单 #{job} 需改约至 {new} "
      "后处理，如有不便请回复改约。";

  int DayMinutes() const { return close_minute - open_minute; }
  int C() const { return static_cast<int>(categories.size()); }
  int K() const { return static_cast<int>(technicians.size()); }
  // Efficiency at a clock time (1.0 where no band says otherwise).
  double Efficiency(int minute_of_day) const;
  // Checks sizes, ranges and references; the message names the field.
  Status Validate() const;
};

}  // namespace weft::dispatch
