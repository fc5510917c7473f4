// The dispatcher: who should do which job, and when.
//
// Three policies share one state (jobs waiting, technicians' live state):
//  - kFcfs, the baseline: a job goes, when it arrives, to the queue of the
//    first technician in roster order who can do it and whose day is not yet
//    full (else the queue that ends first); queues run in order.
//  - kBalanced: a job goes, when it arrives, to the queue of the capable
//    technician with the least load (work assigned today / shift minutes).
//  - kOptimal: jobs wait in one pool; a look-ahead plan for the rest of the
//    day is rebuilt every `redispatch_minutes`, whenever someone falls idle
//    and on events (urgent job, overrun, absence). Each planning round takes
//    the technicians free within plan_window_minutes of the earliest (urgent
//    work: 30; at most 96, the soonest free) and the most pressing jobs,
//    scores every pair (skill, load, willingness with the scenario's
//    weights, plus urgency, golden hours and a bonus for keeping the
//    previous plan's technician), and solves the assignment exactly
//    (SolveAssignment, maximising; pairs below the suitability threshold are
//    forbidden). Two-person work follows the seed's decision tree: required
//    certified pairs, difficulty above pair_difficulty, deadlines within
//    pair_deadline_minutes where pairing saves time, mentoring in the
//    training pool. Started work is never moved.
//
// Not thread-safe; one Dispatcher per simulated or live centre.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dispatch/model.h"

namespace weft::dispatch {

enum class Policy { kFcfs, kBalanced, kOptimal };
const char* PolicyName(Policy p);

enum class Quadrant { kUrgentSimple, kUrgentHard, kHardNotUrgent, kSimpleNotUrgent };
enum class JobPool { kUrgent, kStandard, kTraining, kElastic };

struct Job {
  int id = 0;
  int type = 0;
  int category = 0;
  int difficulty = 1;
  bool urgent = false;
  bool vip = false;
  int64_t arrival = 0;   // absolute minute
  int64_t promised = 0;  // promised completion, absolute minute
  double value = 0;
  // Drawn once per job, so every policy meets the same job:
  double base_factor = 1;   // actual / planned time (log-normal)
  int overrun_minutes = 0;  // a hidden problem found half-way (0: none)
  double rework_draw = 1;   // uniform; rework when below the risk of the assignment
};

Quadrant QuadrantOf(const Job& j);
JobPool PoolOf(const Job& j);

// A technician's live state.
struct TechState {
  bool present = true;        // not absent today
  int64_t busy_until = 0;     // absolute minute the current job ends
  int current_job = -1;       // index into the job list, -1 idle
  double worked_minutes = 0;  // today
  double period_minutes = 0;  // over the whole period (balance across days)
  double period_output = 0;   // value completed over the period
  int heavy_streak = 0;       // heavy jobs in a row (difficulty >= 7)
  int last_category = -1;
  int same_category_streak = 0;
  std::vector<double> learned;  // willingness adjustment per category (refusals)
  std::vector<int> queue;       // FCFS / balanced: jobs waiting for this technician
  double planned_minutes = 0;   // FCFS / balanced: estimated minutes in the queue
  // Elastic and mobile technicians: available to be called in today, and
  // when they were (-1: not called in).
  bool on_call = false;
  int64_t activated_at = -1;
};

// State coefficient 0.6..1.2: rested 1.2, minus 0.075 per hour worked today
// and 0.1 per heavy job in a row.
double StateFactor(const TechState& t);
// Willingness 0.7..1.1: declared, learned, lowered by 0.1 after two jobs of
// the same category in a row.
double Willingness(const Technician& t, const TechState& s, int category);
// skill x state x willingness (the seed's three-factor model).
double Suitability(const Technician& t, const TechState& s, const Job& j);
// Whether k may lead (or help on) job j: certification, and grade above D
// for the lead.
bool Capable(const Scenario& sc, int k, const Job& j);
// Planned minutes of job j by technician k (helper h, or -1) starting at
// clock minute `minute_of_day`: standard (or pair) time x grade speed /
// efficiency x fatigue.
double PlannedMinutes(const Scenario& sc, const TechState& s, int k, int h, const Job& j,
                      int minute_of_day);
// Whether the decision tree asks for a second person.
bool WantsPair(const Scenario& sc, const Job& j, int64_t now);

struct PlanEntry {
  int job = 0;
  int tech = 0;
  int helper = -1;
  int64_t start = 0;
  int64_t end = 0;
};

// One line of the dispatcher's log: a notification to a technician or a
// customer, or an action taken on an event. Times are absolute minutes.
struct LogEntry {
  enum class Kind {
    kReassigned,   // a planned job moved to another technician (from_tech -> tech)
    kMoved,        // a planned start moved by more than 30 minutes (old -> new)
    kCustomer,     // a customer message: the promised completion moves (text)
    kRescheduled,  // absence triage: proposed for another day (customer text)
    kOutsource,    // absence triage: nobody here can do it; proposed for outsourcing
    kRefused,      // the technician refused the job offered
    kOverrun,      // an overrun and the rule applied (text)
    kAbsence,      // a technician absent and the triage (text)
    kActivated,    // an elastic or mobile technician called in (text: why)
    kEarlyStart,   // a later shift called in before its start (old -> new start; text: why)
  };
  int64_t time = 0;
  Kind kind = Kind::kReassigned;
  int job = -1;
  int tech = -1;
  int from_tech = -1;
  int64_t old_time = -1;
  int64_t new_time = -1;
  std::string text;
};
const char* LogKindName(LogEntry::Kind k);

// The seed's overrun rules, by the minutes a job runs over its plan.
enum class OverrunRule {
  kShiftLater,   // under 1 h: the technician's later work shifts later
  kMoveSome,     // 1-2 h: jobs that would now miss their promise go to others
  kReassignAll,  // over 2 h: all his planned work goes to others
};
OverrunRule OverrunRuleFor(int minutes_over);

// What happened to an absent technician's planned work (job ids).
struct AbsenceTriage {
  std::vector<int> urgent;       // to the same speciality (grade S/A in the category)
  std::vector<int> must_finish;  // promised today: to any capable technician
  std::vector<int> rescheduled;  // proposed for another day (the day is overloaded)
  std::vector<int> outsource;    // nobody present can do it
  std::vector<int> kept;         // the rest: back to the pool as usual
};

// A reason-giving score of one technician for one job.
struct Recommendation {
  int tech = 0;
  double score = 0;
  double suitability = 0;
  int64_t start = 0;
  std::vector<std::string> reasons;
};

class Dispatcher {
 public:
  Dispatcher(const Scenario& sc, Policy policy);

  // The simulator or the service feeds these; `jobs` is owned by the caller
  // and only grows.
  void OnArrival(const std::vector<Job>& jobs, std::vector<TechState>& techs, int job, int64_t now);
  // Re-plans (optimal) and returns the jobs to start now: (job, lead,
  // helper). `force` re-plans even when nobody is idle (periodic, events).
  std::vector<PlanEntry> Dispatch(const std::vector<Job>& jobs, std::vector<TechState>& techs,
                                  int64_t now, bool force);
  // A technician is absent from now on (he finishes a running job): his
  // planned work is triaged (urgent to the same speciality, must-finish-today
  // to capable people, the rest rescheduled when the day is overloaded, or
  // proposed for outsourcing when nobody present can do it).
  AbsenceTriage OnAbsent(const std::vector<Job>& jobs, std::vector<TechState>& techs, int k,
                         int64_t now);
  // A running job of k turned out `minutes` longer (techs[k].busy_until
  // already moved): applies the overrun rule to k's planned work.
  OverrunRule OnOverrun(const std::vector<Job>& jobs, std::vector<TechState>& techs, int k,
                        int minutes, int64_t now);
  // k was offered `job` and refused (it goes back to be dispatched again, not
  // to k today) or accepted. Refusals teach the dispatcher k's willingness:
  // an estimate of k's refusal rate per category (the declared willingness
  // counts as ten offers) turned back into a willingness through the
  // scenario's refusal model, stored in techs[k].learned.
  void OnOffer(const std::vector<Job>& jobs, std::vector<TechState>& techs, int job, int k,
               bool accepted, int64_t now);
  // Calls in elastic, then mobile technicians (on_call) while the day's
  // forecast utilisation is above the scenario's thresholds; returns how
  // many were called. Dispatch calls it on every re-plan.
  int ActivateTiers(const std::vector<Job>& jobs, std::vector<TechState>& techs, int64_t now);
  // The day's forecast utilisation: work done, running, waiting and still
  // expected (standard minutes) over the shift minutes of those present.
  double ForecastUtilisation(const std::vector<Job>& jobs, const std::vector<TechState>& techs,
                             int64_t now) const;
  // Top-n technicians for a waiting job, with reasons.
  std::vector<Recommendation> Recommend(const std::vector<Job>& jobs,
                                        const std::vector<TechState>& techs, int job, int64_t now,
                                        int n = 3) const;

  // For technician k, who just became free: the best waiting jobs (top n)
  // with score and reasons; the job's suitability must clear the threshold.
  struct JobChoice {
    int job = 0;
    double score = 0;
    double suitability = 0;
    std::vector<std::string> reasons;
  };
  std::vector<JobChoice> RecommendJobs(const std::vector<Job>& jobs,
                                       const std::vector<TechState>& techs, int k, int64_t now,
                                       int n = 1) const;

  const std::vector<PlanEntry>& plan() const { return plan_; }
  const std::vector<LogEntry>& log() const { return log_; }
  void set_logging(bool on) { logging_ = on; }
  int64_t refusals() const { return refusals_; }
  int64_t activations() const { return activations_; }
  // Technician-days called in before their shift, and the minutes so added.
  int64_t early_starts() const { return early_starts_; }
  int64_t early_minutes() const { return early_minutes_; }
  // When k's day starts today (minute of the day): the shift's start, or
  // earlier when the day's first dispatch called k in early.
  int DayStart(int k, int64_t now) const;
  // Mean |learned - true| willingness over technicians and categories.
  double WillingnessError(const std::vector<TechState>& techs) const;
  int64_t reassignments() const { return reassignments_; }
  int64_t notifications() const { return notifications_; }
  int64_t customer_messages() const { return customer_messages_; }
  int64_t replans() const { return replans_; }
  // Surge response level of the last re-plan: 1 longer hours (work until
  // closing), 2 also pairs wherever they save time, 3 also outside help.
  int response_level() const { return level_; }
  // Waiting jobs (not started), in arrival order.
  const std::vector<int>& waiting() const { return waiting_; }

 private:
  // `exclude`: a technician not to give it to; `speciality`: grade S/A only.
  void Enqueue(const std::vector<Job>& jobs, std::vector<TechState>& techs, int job, int64_t now,
               int exclude = -1, bool speciality = false);
  void Grow(size_t n);
  // Whether k may take job now: not refused today, not avoided after an
  // overrun, the speciality when triage asked for it.
  bool Allowed(int k, const Job& j) const;
  // Shift minutes of those present today (from the call-in for elastic ones).
  double Capacity(const std::vector<TechState>& techs) const;
  // How far k's output over the period is behind the team's mean, in
  // technician-days (-3..3; 0 for those outside the core team).
  double Behind(int k, const TechState& s) const;
  // Share of a day's arrivals expected between two minutes of the day (the
  // arrival profile; uniform over opening hours without one).
  double ArrivalShare(int from, int to) const;
  // At the day's first dispatch: calls later shifts in early when the work
  // waiting and expected before they start needs it (early_start_minutes).
  void PlanDayStarts(const std::vector<Job>& jobs, const std::vector<TechState>& techs,
                     int64_t now);
  void Log(LogEntry e) {
    if (logging_) log_.push_back(std::move(e));
  }
  std::string Message(const std::string& tmpl, const Job& j, int64_t old_time,
                      int64_t new_time) const;
  std::vector<PlanEntry> Replan(const std::vector<Job>& jobs, const std::vector<TechState>& techs,
                                int64_t now);
  // A technician at one planned start: the parts of the score that do not
  // depend on the job, computed once per planning round.
  // `delay`: minutes from now to the start; `lag`: from the earliest start
  // of the planning round (now outside one) to this one.
  struct View {
    int k = 0;
    int64_t start = 0;
    double state = 1, fatigue = 1, eff = 1, load = 0, balance = 0, level = 0, delay = 0, lag = 0;
    bool overtime = false;
  };
  View MakeView(const std::vector<TechState>& techs, int k, int64_t start, double load,
                int64_t round_start = -1) const;
  double ViewMinutes(const View& v, const Job& j) const;  // one person's planned minutes
  bool Suited(const View& v, const std::vector<TechState>& techs, const Job& j) const;
  // The least suitability at which job j is offered for a start at `start`:
  // the threshold, lower for urgent work still waiting past its response
  // time (Scenario::urgent_escalation_minutes).
  double Threshold(const Job& j, int64_t start) const;
  double Score(const View& v, const std::vector<TechState>& techs, const Job& j,
               int prev_tech) const;
  void Prepare(const std::vector<TechState>& techs, int64_t now) const;
  // Surge response level 0..3 from the overload of waiting work against the
  // shift time left today (20-30 %, 30-50 %, over 50 %).
  int ResponseLevel(const std::vector<Job>& jobs, const std::vector<TechState>& techs,
                    int64_t now) const;
  // Technicians to keep free for urgent jobs at this time of day.
  int ExpectedUrgent(int minute_of_day) const;
  double UrgentVersatility(int k, const TechState& s) const;
  int MinuteOfDay(int64_t t) const { return static_cast<int>(t % 1440); }
  int64_t ShiftEnd(int k, int64_t now) const;

  const Scenario& sc_;
  Policy policy_;
  std::vector<int> waiting_;
  std::vector<PlanEntry> plan_;
  std::vector<int> planned_tech_;       // by job: technician in the last plan
  std::vector<int64_t> planned_start_;  // by job
  int64_t reassignments_ = 0;
  int64_t notifications_ = 0;
  int64_t customer_messages_ = 0;
  int64_t replans_ = 0;
  mutable double mean_period_ = 0;  // team mean of period_output, at the last re-plan
  int level_ = 0;                   // surge response level of the last re-plan
  double day_output_ = 1;           // expected output of one technician-day (scale)
  int team_ = 0;                    // core technicians (all when none is core)
  double mean_rate_ = 0;            // mean value per standard minute of the job mix
  double mean_minutes_ = 0;         // mean standard minutes of a job
  mutable int64_t now_ = 0;         // time of the plan being made
  // By job: technicians who refused it, with the day (refusals last a day).
  std::vector<std::vector<std::pair<int, int64_t>>> refused_;
  std::vector<int> avoid_tech_;       // by job: not this technician (overrun rule) ...
  std::vector<int64_t> avoid_until_;  // ... until then
  std::vector<uint8_t> speciality_;   // by job: grade S/A only (absence triage)
  std::vector<int64_t> defer_until_;  // by job: rescheduled, not planned before
  std::vector<std::vector<int>> offers_, refusals_by_;  // [k][category]
  std::vector<LogEntry> log_;
  bool logging_ = true;
  bool dirty_ = false;  // re-plan at the next Dispatch (a refusal)
  int64_t refusals_ = 0;
  int64_t activations_ = 0;
  std::vector<int> day_start_;  // by technician: today's start (minute of the day)
  int64_t planned_day_ = -1;    // the day day_start_ is for
  int64_t early_starts_ = 0;
  int64_t early_minutes_ = 0;
};

}  // namespace weft::dispatch
