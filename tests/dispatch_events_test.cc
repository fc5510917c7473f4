// Dispatch events: overrun rules, absence triage, refusals and learned
// willingness, elastic tiers, the log and its customer messages.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dispatch/dispatcher.h"
#include "dispatch/simulator.h"
#include "dispatch_test_util.h"
#include "io/dispatch_json.h"
#include "test_util.h"

namespace weft::dispatch {
namespace {

// Two categories (tyre, chassis); technicians by grade in each.
Scenario Small(const std::vector<std::pair<Grade, Grade>>& grades) {
  Scenario sc;
  sc.name = "Centre";
  sc.categories = {{"tire", "轮胎", "", 1}, {"chassis", "底盘", "", 1}};
  sc.job_types = {{"tire", "tire", 0, 3, 60, 0, 1, 0, 300},
                  {"chassis", "chassis", 1, 5, 60, 0, 1, 0, 600}};
  for (size_t k = 0; k < grades.size(); ++k) {
    Technician t;
    t.id = t.name = std::string(1, static_cast<char>('A' + k));
    t.skills = {grades[k].first, grades[k].second};
    t.willingness = {1.0, 1.0};
    t.shift_start = 8 * 60;
    t.shift_end = 17 * 60;
    sc.technicians.push_back(t);
  }
  sc.arrivals = {{8 * 60, 20 * 60, 1.0}};
  sc.jobs_per_day = 1;
  sc.urgent_reserve = false;
  return sc;
}

std::vector<TechState> Fresh(const Scenario& sc) { return test::FreshTechs(sc); }

Job MakeJob(int id, int type, int64_t arrival, int64_t promised, bool urgent = false) {
  Job j;
  j.id = id;
  j.type = type;
  j.category = type;
  j.difficulty = type == 0 ? 3 : 5;
  j.arrival = arrival;
  j.promised = promised;
  j.urgent = urgent;
  return j;
}

TEST(DispatchEvents, OverrunRuleThresholds) {
  EXPECT_EQ(OverrunRuleFor(30), OverrunRule::kShiftLater);
  EXPECT_EQ(OverrunRuleFor(59), OverrunRule::kShiftLater);
  EXPECT_EQ(OverrunRuleFor(60), OverrunRule::kMoveSome);
  EXPECT_EQ(OverrunRuleFor(120), OverrunRule::kMoveSome);
  EXPECT_EQ(OverrunRuleFor(121), OverrunRule::kReassignAll);
}

// A's queue holds a job with a tight promise and one with a loose one; A is
// busy until 10:00 when an overrun is revealed.
TEST(DispatchEvents, OverrunRulesMoveWhatTheyShould) {
  const Scenario sc = Small({{Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}});
  const int64_t nine = 9 * 60;
  for (int over : {30, 90, 150}) {
    std::vector<Job> jobs = {MakeJob(0, 0, nine, nine + 200), MakeJob(1, 0, nine, nine + 600)};
    std::vector<TechState> techs = Fresh(sc);
    Dispatcher d(sc, Policy::kFcfs);
    // B is away for now, so both jobs queue behind A.
    techs[1].present = false;
    for (int j = 0; j < 2; ++j) d.OnArrival(jobs, techs, j, nine);
    ASSERT_EQ(techs[0].queue.size(), 2u);
    techs[1].present = true;
    techs[0].current_job = 99;
    techs[0].busy_until = nine + 60 + over;  // the overrun moved it
    const OverrunRule rule = d.OnOverrun(jobs, techs, 0, over, nine + 30);
    EXPECT_EQ(rule, OverrunRuleFor(over));
    if (over == 30) {
      EXPECT_EQ(techs[0].queue.size(), 2u);  // shifted later, kept
    } else if (over == 90) {
      // Free at 11:30: job 0 would end 12:30, past its promise (12:20), and
      // goes to B; job 1 (promised 19:00) stays.
      EXPECT_EQ(techs[0].queue, std::vector<int>{1});
      EXPECT_EQ(techs[1].queue, std::vector<int>{0});
    } else {
      EXPECT_TRUE(techs[0].queue.empty());  // all of it to B
      EXPECT_EQ(techs[1].queue.size(), 2u);
    }
    ASSERT_FALSE(d.log().empty());
    EXPECT_EQ(d.log().back().kind, LogEntry::Kind::kOverrun);
  }
}

TEST(DispatchEvents, AbsenceTriageSortsThePlannedWork) {
  // A (absent) holds: an urgent tyre job, a tyre job due today, a tyre job
  // due in two days, and a chassis job only A can do.
  Scenario sc = Small({{Grade::kA, Grade::kA}, {Grade::kC, Grade::kD}, {Grade::kS, Grade::kD}});
  const int64_t nine = 9 * 60;
  std::vector<Job> jobs = {MakeJob(0, 0, nine, nine + 120, true), MakeJob(1, 0, nine, nine + 300),
                           MakeJob(2, 0, nine, nine + 2 * 1440), MakeJob(3, 1, nine, nine + 300)};
  std::vector<TechState> techs = Fresh(sc);
  Dispatcher d(sc, Policy::kFcfs);
  techs[1].present = techs[2].present = false;
  for (int j = 0; j < 4; ++j) d.OnArrival(jobs, techs, j, nine);
  ASSERT_EQ(techs[0].queue.size(), 4u);
  techs[1].present = techs[2].present = true;
  const AbsenceTriage tri = d.OnAbsent(jobs, techs, 0, nine);
  EXPECT_EQ(tri.urgent, std::vector<int>{0});
  EXPECT_EQ(tri.must_finish, std::vector<int>{1});
  EXPECT_EQ(tri.kept, std::vector<int>{2});  // the day is not overloaded
  EXPECT_EQ(tri.outsource, std::vector<int>{3});
  EXPECT_TRUE(tri.rescheduled.empty());
  // The urgent job went to the speciality (grade S: C), not the grade-C B.
  ASSERT_FALSE(techs[2].queue.empty());
  EXPECT_EQ(techs[2].queue.front(), 0);
  bool outsource_logged = false;
  for (const LogEntry& e : d.log())
    outsource_logged = outsource_logged || (e.kind == LogEntry::Kind::kOutsource && e.job == 3);
  EXPECT_TRUE(outsource_logged);
}

TEST(DispatchEvents, AbsenceOnAnOverloadedDayReschedulesWithACustomerMessage) {
  Scenario sc = Small({{Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}});
  sc.jobs_per_day = 40;  // far more than one technician can do
  const int64_t nine = 9 * 60;
  std::vector<Job> jobs;
  for (int i = 0; i < 3; ++i) jobs.push_back(MakeJob(i, 0, nine, nine + 3 * 1440 + i));
  for (Policy policy : {Policy::kFcfs, Policy::kOptimal}) {
    std::vector<TechState> techs = Fresh(sc);
    Dispatcher d(sc, policy);
    techs[1].present = false;
    for (int j = 0; j < 3; ++j) d.OnArrival(jobs, techs, j, nine);
    if (policy == Policy::kOptimal) d.Dispatch(jobs, techs, nine, true);  // plans them on A
    techs[0].current_job = 99;  // A is busy: the plan keeps the jobs waiting
    techs[0].busy_until = nine + 30;
    techs[1].present = true;
    const AbsenceTriage tri = d.OnAbsent(jobs, techs, 0, nine + 1);
    ASSERT_FALSE(tri.rescheduled.empty()) << PolicyName(policy);
    EXPECT_EQ(tri.rescheduled.front(), 2);  // the latest promise first
    // Not planned again before the next day opens.
    for (const PlanEntry& e : d.Dispatch(jobs, techs, nine + 2, true)) EXPECT_NE(e.job, 2);
    bool message = false;
    for (const LogEntry& e : d.log())
      if (e.kind == LogEntry::Kind::kRescheduled && e.job == 2) {
        message = e.text.find("【Centre】") != std::string::npos &&
                  e.text.find("轮胎工单 #2") != std::string::npos &&
                  e.text.find("08:00 (+1d)") != std::string::npos;
        EXPECT_TRUE(message) << e.text;
      }
    EXPECT_TRUE(message);
    EXPECT_GE(d.customer_messages(), 1);
  }
}

TEST(DispatchEvents, RefusalsTeachWillingnessAndKeepTheJobAwayToday) {
  Scenario sc = Small({{Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}});
  sc.refusal_slope = 0.5;
  const int64_t nine = 9 * 60;
  std::vector<Job> jobs = {MakeJob(0, 0, nine, nine + 600)};
  std::vector<TechState> techs = Fresh(sc);
  Dispatcher d(sc, Policy::kOptimal);
  d.OnArrival(jobs, techs, 0, nine);
  d.OnOffer(jobs, techs, 0, 0, false, nine);
  EXPECT_EQ(d.refusals(), 1);
  // Refused today: not A's again, and not recommended to A.
  for (const PlanEntry& e : d.Dispatch(jobs, techs, nine, true)) EXPECT_EQ(e.tech, 1);
  for (const Recommendation& r : d.Recommend(jobs, techs, 0, nine)) EXPECT_NE(r.tech, 0);
  // One refusal does not overturn a declared 1.0 ...
  EXPECT_NEAR(Willingness(sc.technicians[0], techs[0], 0), 1.0, 1e-12);
  // ... but refusing one offer in three (truth about 0.43 / 0.5 -> 0.4
  // below 1.1, i.e. 0.7..0.75) does, and accepting everything does not.
  for (int i = 1; i <= 60; ++i) jobs.push_back(MakeJob(i, 0, nine, nine + 600));
  for (int i = 1; i <= 60; ++i) d.OnOffer(jobs, techs, i, 0, i % 3 != 0, nine);
  for (int i = 1; i <= 60; ++i) d.OnOffer(jobs, techs, i, 1, true, nine);
  // The same job refused again on another day is not new evidence.
  const double learned = Willingness(sc.technicians[0], techs[0], 0);
  for (int i = 0; i < 20; ++i) d.OnOffer(jobs, techs, 3, 0, false, nine + 1440 * (i + 1));
  EXPECT_NEAR(Willingness(sc.technicians[0], techs[0], 0), learned, 1e-12);
  EXPECT_LT(Willingness(sc.technicians[0], techs[0], 0), 0.8);
  EXPECT_NEAR(Willingness(sc.technicians[1], techs[1], 0), 1.0, 1e-12);
  EXPECT_NEAR(Willingness(sc.technicians[0], techs[0], 1), 1.0, 1e-12);  // other category
}

TEST(DispatchEvents, SimulatedRefusalsAreSharedAndLearnt) {
  Scenario sc = Small({{Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}});
  sc.jobs_per_day = 20;
  sc.technicians[0].true_willingness = {0.7, 1.0};  // declared 1.0, really reluctant on tyres
  sc.refusal_slope = 1.0;
  SimParams p;
  p.days = 20;
  p.seed = 3;
  for (Policy policy : {Policy::kFcfs, Policy::kOptimal}) {
    p.policy = policy;
    const SimResult r = Simulate(sc, p);
    EXPECT_GT(r.refusals, 0);
    EXPECT_LT(r.willingness[0][0], 0.9) << PolicyName(policy);
    EXPECT_LT(r.willingness_error_end, r.willingness_error_start);
  }
  // The same job is refused by the same technician under every policy.
  const Job j = MakeJob(5, 0, 0, 100);
  EXPECT_EQ(Refuses(sc, 3, j, 0), Refuses(sc, 3, j, 0));
  EXPECT_FALSE(Refuses(sc, 3, j, 1));  // willingness 1.0 at slope 1: 10 %, this draw says no
}

TEST(DispatchEvents, ElasticTiersAreCalledInByForecastUtilisation) {
  Scenario sc = Small({{Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}});
  sc.technicians[1].tier = Tier::kElastic;
  sc.technicians[2].tier = Tier::kMobile;
  const int64_t nine = 9 * 60;
  auto called = [&](double jobs_per_day) {
    Scenario s = sc;
    s.jobs_per_day = jobs_per_day;
    std::vector<TechState> techs = Fresh(s);
    techs[1].present = techs[2].present = false;
    techs[1].on_call = techs[2].on_call = true;
    Dispatcher d(s, Policy::kOptimal);
    d.ActivateTiers({}, techs, nine);
    return std::pair{techs[1].present, techs[2].present};
  };
  // One core technician: 540 shift minutes; jobs of 60 standard minutes.
  EXPECT_EQ(called(2), (std::pair{false, false}));  // ~0.2: core alone
  EXPECT_EQ(called(8), (std::pair{true, false}));   // ~0.8 alone, ~0.4 with the elastic one
  EXPECT_EQ(called(20), (std::pair{true, true}));   // ~1.9 alone, ~0.95 with two
  // In the simulator: a busy centre calls them in and counts their hours;
  // a quiet one does not.
  SimParams p;
  p.days = 5;
  Scenario busy = sc;
  busy.jobs_per_day = 20;
  const SimResult r = Simulate(busy, p);
  EXPECT_GT(r.activations, 0);
  EXPECT_GT(r.elastic_hours, 0);
  Scenario quiet = sc;
  quiet.jobs_per_day = 2;
  quiet.sick_probability = 0;     // (the core one off sick, or a long overrun, would
  quiet.overrun_probability = 0;  // call them in)
  EXPECT_EQ(Simulate(quiet, p).activations, 0);
}

TEST(DispatchEvents, SimulatorLogsNoticesAndMiddayAbsences) {
  auto sc = io::ReadDispatchScenario(std::string(WEFT_SOURCE_DIR) +
                                     "/examples/dispatch/service-center.json");
  ASSERT_TRUE(sc.ok()) << sc.status().message();
  sc->sick_probability = 0.2;
  sc->midday_absence_share = 1.0;
  SimParams p;
  p.days = 3;
  p.seed = 2;
  p.keep_log = true;
  const SimResult r = Simulate(*sc, p);
  EXPECT_GT(r.absences_midday, 0);
  EXPECT_EQ(r.absences_midday, r.sick_days);
  int absences = 0, overruns = 0;
  for (const LogEntry& e : r.log) {
    absences += e.kind == LogEntry::Kind::kAbsence;
    overruns += e.kind == LogEntry::Kind::kOverrun;
    if (e.kind == LogEntry::Kind::kCustomer) {
      EXPECT_NE(e.text.find("北京服务中心"), std::string::npos);
      EXPECT_EQ(e.text.find('{'), std::string::npos) << e.text;  // every placeholder filled
    }
  }
  EXPECT_EQ(absences, r.absences_midday);
  // Revealed overruns and jobs running 30 minutes past their expected end.
  EXPECT_GT(r.expected_overruns, 0);
  EXPECT_EQ(overruns, r.overruns + r.expected_overruns);
  EXPECT_EQ(r.overruns, r.overrun_rules[0] + r.overrun_rules[1] + r.overrun_rules[2]);
  const auto line = nlohmann::json::parse(io::LogEntryToJson(*sc, r.log.front()));
  EXPECT_TRUE(line.contains("kind"));
  EXPECT_TRUE(line.contains("technician"));
}

TEST(DispatchEvents, AFreedTechnicianGetsTheBestNextJob) {
  // A is an expert on chassis, weak on tyres; an urgent chassis job beats a
  // plain tyre job that came first.
  const Scenario sc = Small({{Grade::kC, Grade::kS}, {Grade::kA, Grade::kA}});
  const int64_t nine = 9 * 60;
  std::vector<Job> jobs = {MakeJob(0, 0, nine - 30, nine + 600),
                           MakeJob(1, 1, nine, nine + 90, true)};
  std::vector<TechState> techs = Fresh(sc);
  Dispatcher d(sc, Policy::kOptimal);
  for (int j = 0; j < 2; ++j) d.OnArrival(jobs, techs, j, nine);
  const auto best = d.RecommendJobs(jobs, techs, 0, nine, 3);
  ASSERT_EQ(best.size(), 2u);
  EXPECT_EQ(best[0].job, 1);
  EXPECT_GT(best[0].score, best[1].score);
  EXPECT_NE(std::find(best[0].reasons.begin(), best[0].reasons.end(), "urgent"),
            best[0].reasons.end());
  EXPECT_EQ(best[0].reasons[0], "skill S in 底盘");
  // Not offered what he refused today, nor below the threshold.
  d.OnOffer(jobs, techs, 1, 0, false, nine);
  const auto after = d.RecommendJobs(jobs, techs, 0, nine, 3);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].job, 0);
  EXPECT_EQ(d.waiting().size(), 2u);  // the refused job waits once
}

TEST(DispatchEvents, ScenarioFieldsAreCheckedWithPointers) {
  const std::string base = test::RunCommand(std::string("cat ") + WEFT_SOURCE_DIR +
                                            "/examples/dispatch/service-center.json");
  auto with = [&](const std::string& from, const std::string& to) {
    const std::string s = test::ReplacedOnce(base, from, to);
    EXPECT_FALSE(s.empty()) << from;
    return io::ParseDispatchScenario(s, "sc.json");
  };
  auto a = with("\"true_willingness\": {\n    \"tire\": 0.75",
                "\"true_willingness\": {\n    \"tyre\": 0.75");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("/technicians/1/true_willingness/tyre"), std::string::npos)
      << a.status().message();
  auto b = with("\"mobile_utilisation\": 0.85", "\"mobile_utilisation\": 0.5");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("/policy/mobile_utilisation"), std::string::npos);
  auto c = with("\"refusal_slope\": 0.5", "\"refusal_slope\": -1");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("/disruptions/refusal_slope"), std::string::npos);
  auto e = with("\"early_start_minutes\": 120", "\"early_start_minutes\": -30");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("/policy/early_start_minutes"), std::string::npos);
  auto g = with("\"urgent_threshold\": 0.28", "\"urgent_threshold\": 2");
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("/policy/urgent_threshold"), std::string::npos)
      << g.status().message();
  auto f = with("\"early_start_minutes\": 120", "\"early_start_minutes\": 60");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->early_start_minutes, 60);
}

// A and B work 08:00-17:00, C 11:00-20:00. Eight one-hour jobs were left
// over last night: 480 minutes and 15 more expected before 11:00, where A and
// B can do 360 by then. C is called in early for the other 135, in half hours
// and at most early_start_minutes: 09:00 (120) or 09:30 (a 90-minute cap).
// Four jobs left over (255 minutes) need no one early, nor does a centre
// that never calls anyone early. The same under every policy.
TEST(DispatchEvents, LaterShiftCalledInEarlyForTheWorkCarriedOver) {
  const int64_t day = 1440, eight = day + 8 * 60;
  for (Policy policy : {Policy::kFcfs, Policy::kBalanced, Policy::kOptimal})
    for (auto [carried, cap, expected] :
         {std::tuple{8, 120, 9 * 60}, std::tuple{8, 90, 9 * 60 + 30}, std::tuple{4, 120, 11 * 60},
          std::tuple{8, 0, 11 * 60}}) {
      Scenario sc = Small({{Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}});
      sc.technicians[2].shift_start = 11 * 60;
      sc.technicians[2].shift_end = 20 * 60;
      sc.early_start_minutes = cap;
      ASSERT_TRUE(sc.Validate().ok());
      std::vector<Job> jobs;
      for (int i = 0; i < carried; ++i) jobs.push_back(MakeJob(i, 0, 19 * 60, 19 * 60 + 600));
      std::vector<TechState> techs = Fresh(sc);
      Dispatcher d(sc, policy);
      for (int i = 0; i < carried; ++i) d.OnArrival(jobs, techs, i, 19 * 60);
      const std::vector<PlanEntry> starts = d.Dispatch(jobs, techs, eight, true);
      const std::string what = std::string(PolicyName(policy)) + " carried " +
                               std::to_string(carried) + " cap " + std::to_string(cap);
      EXPECT_EQ(d.DayStart(2, eight), expected) << what;
      EXPECT_EQ(d.DayStart(0, eight), 8 * 60) << what;
      EXPECT_EQ(d.early_starts(), expected < 11 * 60 ? 1 : 0) << what;
      EXPECT_EQ(d.early_minutes(), 11 * 60 - expected) << what;
      const auto called = std::count_if(d.log().begin(), d.log().end(), [&](const LogEntry& e) {
        return e.kind == LogEntry::Kind::kEarlyStart && e.tech == 2 &&
               e.old_time == day + 11 * 60 && e.new_time == day + expected;
      });
      EXPECT_EQ(called, expected < 11 * 60 ? 1 : 0) << what;
      // Nobody starts before his day does; the next day starts afresh.
      for (const PlanEntry& e : starts) EXPECT_NE(e.tech, 2) << what;
      if (policy == Policy::kOptimal) {
        bool at_day_start = false;
        for (const PlanEntry& e : d.plan())
          if (e.tech == 2) {
            EXPECT_GE(e.start, day + expected) << what;
            at_day_start = at_day_start || e.start == day + expected;
          }
        EXPECT_TRUE(at_day_start || expected == 11 * 60) << what;
      }
      EXPECT_EQ(d.DayStart(2, eight + day), 11 * 60) << what;
    }
}

// A is free now but far ahead on output; B, far behind, is free in 45
// minutes. A round as wide as plan_window_minutes lets B take the tyre job
// (its promise is hours away); a 30-minute round gives it to A. Urgent work
// goes to whoever is free first either way.
TEST(DispatchEvents, WideRoundsLetWorkWaitForWhoeverIsBehind) {
  const int64_t nine = 9 * 60;
  for (int window : {30, 90})
    for (bool urgent : {false, true}) {
      Scenario sc = Small({{Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}});
      sc.plan_window_minutes = window;
      ASSERT_TRUE(sc.Validate().ok());
      std::vector<Job> jobs = {MakeJob(0, 0, nine, nine + 480, urgent)};
      std::vector<TechState> techs = Fresh(sc);
      techs[0].period_output = 2000;
      techs[1].current_job = 99;
      techs[1].busy_until = nine + 45;
      Dispatcher d(sc, Policy::kOptimal);
      d.OnArrival(jobs, techs, 0, nine);
      int who = -1;
      for (const PlanEntry& e : d.Dispatch(jobs, techs, nine, true))
        if (e.job == 0) who = e.tech;
      for (const PlanEntry& e : d.plan())
        if (e.job == 0) who = e.tech;
      EXPECT_EQ(who, window == 90 && !urgent ? 1 : 0)
          << "window " << window << " urgent " << urgent;
    }
}

// B is better at tyres but busy for five more minutes; A, less skilled but
// suited, is free now. Routine work waits the five minutes for B; urgent work
// starts now with A rather than bet on B's job ending on time.
TEST(DispatchEvents, UrgentWorkStartsNowRatherThanBehindAJob) {
  const int64_t nine = 9 * 60;
  for (bool urgent : {false, true}) {
    const Scenario sc = Small({{Grade::kB, Grade::kB}, {Grade::kS, Grade::kS}});
    std::vector<Job> jobs = {MakeJob(0, 0, nine, nine + 480, urgent)};
    std::vector<TechState> techs = Fresh(sc);
    techs[1].current_job = 99;
    techs[1].busy_until = nine + 5;
    Dispatcher d(sc, Policy::kOptimal);
    d.OnArrival(jobs, techs, 0, nine);
    int who = -1;
    int64_t start = -1;
    for (const PlanEntry& e : d.Dispatch(jobs, techs, nine, true))
      if (e.job == 0) who = e.tech, start = e.start;
    for (const PlanEntry& e : d.plan())
      if (e.job == 0) who = e.tech, start = e.start;
    EXPECT_EQ(who, urgent ? 0 : 1) << "urgent " << urgent;
    EXPECT_EQ(start, urgent ? nine : nine + 5) << "urgent " << urgent;
  }
}

// A, grade C in chassis and tired (state 1.0: suitability 0.3, below the
// threshold of 0.35), is the only one in. An urgent chassis job is not his
// at once; still waiting 15 minutes later (its response time), it is. A
// routine job never is, nor urgent work where escalation is off.
TEST(DispatchEvents, UrgentWorkWaitingPastItsResponseGoesToACapableTechnician) {
  const int64_t nine = 9 * 60;
  for (const int escalation : {15, 0})
    for (const bool urgent : {true, false}) {
      Scenario sc = Small({{Grade::kA, Grade::kC}});
      sc.urgent_escalation_minutes = escalation;
      std::vector<Job> jobs = {MakeJob(0, 1, nine, nine + 480, urgent)};
      std::vector<TechState> techs = Fresh(sc);
      techs[0].worked_minutes = 160;
      Dispatcher d(sc, Policy::kOptimal);
      d.OnArrival(jobs, techs, 0, nine);
      auto taken_at = [&](int64_t now) {
        for (const PlanEntry& e : d.Dispatch(jobs, techs, now, true))
          if (e.job == 0 && e.start == now) return true;
        return false;
      };
      const std::string what =
          std::string(urgent ? "urgent" : "routine") + ", escalation " + std::to_string(escalation);
      EXPECT_FALSE(taken_at(nine)) << what;
      EXPECT_FALSE(taken_at(nine + 10)) << what;
      // The top three for the job agree with the dispatcher.
      EXPECT_TRUE(d.Recommend(jobs, techs, 0, nine + 10, 3).empty()) << what;
      EXPECT_EQ(d.Recommend(jobs, techs, 0, nine + 15, 3).size(),
                urgent && escalation > 0 ? 1u : 0u)
          << what;
      EXPECT_EQ(taken_at(nine + 15), urgent && escalation > 0) << what;
    }
}

// A and B are the only two certified for high-voltage work, which needs
// both, and the only two who can do tyres. A routine high-voltage job has
// waited since 08:00 when an urgent tyre job arrives at 09:00: one of them
// takes the tyre job now, and the pair job follows it rather than hold both
// for four hours.
TEST(DispatchEvents, RoutinePairWorkDoesNotHoldUpUrgentWork) {
  Scenario sc = Small({{Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}, {Grade::kD, Grade::kA}});
  sc.categories[1] = {"high_voltage", "高压", "high_voltage", 2};
  sc.job_types[1].standard_minutes = 240;
  for (int k : {0, 1}) sc.technicians[static_cast<size_t>(k)].certifications = {"high_voltage"};
  ASSERT_TRUE(sc.Validate().ok());
  const int64_t eight = 8 * 60, nine = 9 * 60;
  std::vector<Job> jobs = {MakeJob(0, 1, eight, eight + 600),
                           MakeJob(1, 0, nine, nine + 120, true)};
  std::vector<TechState> techs = Fresh(sc);
  for (int k : {0, 1}) {  // busy until 09:00
    techs[static_cast<size_t>(k)].current_job = 90 + k;
    techs[static_cast<size_t>(k)].busy_until = nine;
  }
  Dispatcher d(sc, Policy::kOptimal);
  d.OnArrival(jobs, techs, 0, eight);
  d.Dispatch(jobs, techs, eight, true);
  for (int k : {0, 1}) techs[static_cast<size_t>(k)].current_job = -1;
  d.OnArrival(jobs, techs, 1, nine);
  const std::vector<PlanEntry> starts = d.Dispatch(jobs, techs, nine, true);
  const PlanEntry* tyre = nullptr;
  const PlanEntry* pair = nullptr;
  for (const PlanEntry& e : d.plan()) (e.job == 1 ? tyre : pair) = &e;
  ASSERT_NE(tyre, nullptr);
  ASSERT_NE(pair, nullptr);
  EXPECT_EQ(tyre->start, nine);
  EXPECT_LT(tyre->tech, 2);
  EXPECT_GE(pair->start, tyre->end);
  EXPECT_GE(pair->helper, 0);
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0].job, 1);
}

// Three technicians certified for high-voltage work, equally skilled and all
// free: A is far ahead on output over the period, B at the team's mean, C
// far behind. A pair job goes to B and C: each earns half its output.
TEST(DispatchEvents, PairHelperIsWhoeverIsBehindOnOutput) {
  Scenario sc = Small({{Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}});
  sc.categories[1] = {"high_voltage", "高压", "high_voltage", 2};
  for (Technician& t : sc.technicians) t.certifications = {"high_voltage"};
  ASSERT_TRUE(sc.Validate().ok());
  const int64_t nine = 9 * 60;
  std::vector<Job> jobs = {MakeJob(0, 1, nine, nine + 600)};
  std::vector<TechState> techs = Fresh(sc);
  techs[0].period_output = 6000;
  techs[1].period_output = 3000;
  techs[2].period_output = 0;
  Dispatcher d(sc, Policy::kOptimal);
  d.OnArrival(jobs, techs, 0, nine);
  const std::vector<PlanEntry> starts = d.Dispatch(jobs, techs, nine, true);
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_NE(starts[0].tech, 0);
  EXPECT_NE(starts[0].helper, 0);
  EXPECT_GE(starts[0].helper, 0);
}

// Two technicians busy until 10:00 and four tyre jobs (54 minutes each)
// planned after that, all due at 12:00. Re-planning with nothing new changes
// nothing; an urgent job arriving at 09:10 goes first, and the jobs it
// pushes back are notified (who, which job, old -> new start) and the one
// now ending after its promise gets a customer message.
TEST(DispatchEvents, PlanChangesAreFewAndNotified) {
  const Scenario sc = Small({{Grade::kA, Grade::kA}, {Grade::kA, Grade::kA}});
  const int64_t nine = 9 * 60, ten = 10 * 60, noon = 12 * 60;
  std::vector<Job> jobs;
  for (int i = 0; i < 4; ++i) jobs.push_back(MakeJob(i, 0, nine, noon));
  std::vector<TechState> techs = Fresh(sc);
  for (int k : {0, 1}) {
    techs[static_cast<size_t>(k)].current_job = 90 + k;
    techs[static_cast<size_t>(k)].busy_until = ten;
  }
  Dispatcher d(sc, Policy::kOptimal);
  for (int j = 0; j < 4; ++j) d.OnArrival(jobs, techs, j, nine);
  EXPECT_TRUE(d.Dispatch(jobs, techs, nine, true).empty());  // nobody is free yet
  ASSERT_EQ(d.plan().size(), 4u);
  for (const PlanEntry& e : d.plan()) EXPECT_LE(e.end, noon);
  const std::vector<PlanEntry> first = d.plan();
  // Nothing new: the same plan, no notice.
  d.Dispatch(jobs, techs, nine + 5, true);
  EXPECT_EQ(d.reassignments(), 0);
  EXPECT_EQ(d.notifications(), 0);
  ASSERT_EQ(d.plan().size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(d.plan()[i].job, first[i].job);
    EXPECT_EQ(d.plan()[i].tech, first[i].tech);
    EXPECT_EQ(d.plan()[i].start, first[i].start);
  }
  // An urgent tyre job.
  jobs.push_back(MakeJob(4, 0, nine + 10, nine + 70, true));
  d.OnArrival(jobs, techs, 4, nine + 10);
  d.Dispatch(jobs, techs, nine + 10, true);
  ASSERT_EQ(d.plan().size(), 5u);
  for (const PlanEntry& e : d.plan()) {
    if (e.job == 4) {
      EXPECT_EQ(e.start, ten);
    }
  }
  // Of the four, at most one changes hands; the rest keep their technician.
  EXPECT_LE(d.reassignments(), 1);
  int notices = 0, messages = 0;
  for (const LogEntry& e : d.log()) {
    if (e.kind == LogEntry::Kind::kMoved || e.kind == LogEntry::Kind::kReassigned) {
      ++notices;
      EXPECT_GE(e.tech, 0);
      EXPECT_GE(e.from_tech, 0);
      EXPECT_NE(e.old_time, e.new_time);
      const PlanEntry* now_planned = nullptr;
      for (const PlanEntry& p : d.plan())
        if (p.job == e.job) now_planned = &p;
      ASSERT_NE(now_planned, nullptr);
      EXPECT_EQ(e.new_time, now_planned->start);
      EXPECT_EQ(e.tech, now_planned->tech);
      if (e.kind == LogEntry::Kind::kMoved) {
        EXPECT_GT(e.new_time - e.old_time, 30);
      }
    }
    if (e.kind == LogEntry::Kind::kCustomer) {
      ++messages;
      EXPECT_EQ(e.old_time, noon);
      EXPECT_GT(e.new_time, noon);
      EXPECT_NE(e.text.find("12:00"), std::string::npos) << e.text;
      EXPECT_EQ(e.text.find('{'), std::string::npos) << e.text;
    }
  }
  EXPECT_GE(notices, 1);
  EXPECT_EQ(notices, d.notifications());
  EXPECT_EQ(messages, 1);
  EXPECT_EQ(d.customer_messages(), 1);
}

}  // namespace
}  // namespace weft::dispatch
