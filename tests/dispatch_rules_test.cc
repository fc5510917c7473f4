// The seed's dispatch rules, one by one: quadrants and pools, the two-person
// decision tree, planned durations (grade, time of day, pairs), complex work
// placed in the golden hours, and the surge response levels with their
// actions.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "dispatch/dispatcher.h"
#include "dispatch_test_util.h"

namespace weft::dispatch {
namespace {

Scenario Example() { return test::DispatchExample(); }
std::vector<TechState> Fresh(const Scenario& sc) { return test::FreshTechs(sc); }

int TypeIndex(const Scenario& sc, const std::string& id) {
  for (size_t i = 0; i < sc.job_types.size(); ++i)
    if (sc.job_types[i].id == id) return static_cast<int>(i);
  ADD_FAILURE() << "no job type " << id;
  return 0;
}

Job OfType(const Scenario& sc, const std::string& id, int64_t now, int64_t promised_in,
           bool urgent = false) {
  const int type = TypeIndex(sc, id);
  const JobType& t = sc.job_types[static_cast<size_t>(type)];
  Job j;
  j.type = type;
  j.category = t.category;
  j.difficulty = t.difficulty;
  j.value = t.value;
  j.arrival = now;
  j.promised = now + promised_in;
  j.urgent = urgent;
  return j;
}

TEST(DispatchRules, QuadrantsAndPools) {
  Job j;
  j.difficulty = 3;
  EXPECT_EQ(QuadrantOf(j), Quadrant::kSimpleNotUrgent);
  EXPECT_EQ(PoolOf(j), JobPool::kElastic);  // simple work: the elastic fill
  j.difficulty = 5;
  EXPECT_EQ(QuadrantOf(j), Quadrant::kSimpleNotUrgent);
  EXPECT_EQ(PoolOf(j), JobPool::kStandard);
  j.difficulty = 6;
  EXPECT_EQ(QuadrantOf(j), Quadrant::kHardNotUrgent);
  EXPECT_EQ(PoolOf(j), JobPool::kStandard);
  j.difficulty = 7;
  EXPECT_EQ(PoolOf(j), JobPool::kTraining);  // hard, not pressing: a junior learns on it
  j.urgent = true;
  EXPECT_EQ(QuadrantOf(j), Quadrant::kUrgentHard);
  EXPECT_EQ(PoolOf(j), JobPool::kUrgent);
  j.difficulty = 2;
  EXPECT_EQ(QuadrantOf(j), Quadrant::kUrgentSimple);
  EXPECT_EQ(PoolOf(j), JobPool::kUrgent);
}

// The seed's tree, on the example centre's job types: two people when the
// work needs two certified people, when it is harder than 8, when the
// customer's deadline is under two hours and a pair saves time (tyres: 48
// minutes alone, 30 together), and for mentoring in the training pool.
TEST(DispatchRules, TwoPersonDecisionTree) {
  const Scenario sc = Example();
  const int64_t nine = 9 * 60;
  // High-voltage harness: certified pairs, whatever the deadline.
  EXPECT_TRUE(WantsPair(sc, OfType(sc, "hv_harness", nine, 600), nine));
  // Difficulty 9 > 8.
  EXPECT_TRUE(WantsPair(sc, OfType(sc, "chassis_overhaul", nine, 600), nine));
  // Tyres: a pair only when the deadline is near.
  EXPECT_TRUE(WantsPair(sc, OfType(sc, "tire_change", nine, 90), nine));
  EXPECT_FALSE(WantsPair(sc, OfType(sc, "tire_change", nine, 180), nine));
  EXPECT_FALSE(WantsPair(sc, OfType(sc, "tire_change", nine, 180), nine + 30));
  EXPECT_TRUE(WantsPair(sc, OfType(sc, "tire_change", nine, 180), nine + 61));
  // Maintenance: 60 minutes alone, 54 together; a second person saves too
  // little to be worth it even under a deadline.
  EXPECT_FALSE(WantsPair(sc, OfType(sc, "maintenance", nine, 30), nine));
  // Power-system fault, difficulty 8 and urgent: not over 8, no pair time,
  // and urgent work is not a lesson.
  EXPECT_FALSE(WantsPair(sc, OfType(sc, "power_fault", nine, 60, true), nine));
  // The same job not urgent is training-pool work: a junior goes along.
  EXPECT_TRUE(WantsPair(sc, OfType(sc, "power_fault", nine, 600), nine));
  // Simple work, no deadline: one person.
  EXPECT_FALSE(WantsPair(sc, OfType(sc, "wiper_fluid", nine, 600), nine));
  EXPECT_FALSE(WantsPair(sc, OfType(sc, "electrical_fix", nine, 600), nine));
}

// Planned time = standard (or pair) minutes x grade speed / the hour's
// efficiency x fatigue.
TEST(DispatchRules, PlannedMinutesFollowGradeHourAndPair) {
  const Scenario sc = Example();
  const int tyre = TypeIndex(sc, "tire_change");
  Job j = OfType(sc, "tire_change", 9 * 60, 600);
  ASSERT_EQ(sc.job_types[static_cast<size_t>(tyre)].standard_minutes, 48);
  ASSERT_EQ(sc.job_types[static_cast<size_t>(tyre)].pair_minutes, 30);
  // D has tyres at S, A at A; I at S.
  int a = -1, d = -1, i = -1;
  for (int k = 0; k < sc.K(); ++k) {
    const std::string& id = sc.technicians[static_cast<size_t>(k)].id;
    if (id == "A") a = k;
    if (id == "D") d = k;
    if (id == "I") i = k;
  }
  ASSERT_GE(a, 0);
  TechState s;             // rested: state 1.2, fatigue 0.9
  s.worked_minutes = 160;  // state 1.0: fatigue 1
  EXPECT_NEAR(StateFactor(s), 1.0, 1e-12);
  const int ten = 10 * 60, noon = 12 * 60, evening = 18 * 60;
  EXPECT_NEAR(PlannedMinutes(sc, s, a, -1, j, ten), 48.0, 1e-9);  // grade A, efficiency 1.0
  EXPECT_NEAR(PlannedMinutes(sc, s, d, -1, j, ten), 48.0 * GradeSpeed(Grade::kS), 1e-9);
  EXPECT_NEAR(PlannedMinutes(sc, s, a, -1, j, noon), 48.0 / 0.85, 1e-9);     // after lunch
  EXPECT_NEAR(PlannedMinutes(sc, s, a, -1, j, evening), 48.0 / 0.75, 1e-9);  // evening
  // A pair: the pair time, at the faster member's speed.
  EXPECT_NEAR(PlannedMinutes(sc, s, a, i, j, ten), 30.0 * GradeSpeed(Grade::kS), 1e-9);
  EXPECT_NEAR(PlannedMinutes(sc, s, a, a, j, ten), 30.0, 1e-9);
  // Tired (state 0.6): half as slow again.
  s.worked_minutes = 480;
  EXPECT_NEAR(PlannedMinutes(sc, s, a, -1, j, ten), 48.0 * 1.2, 1e-9);
  // A job type with no pair time keeps its own.
  const Job fix = OfType(sc, "electrical_fix", 9 * 60, 600);
  EXPECT_NEAR(PlannedMinutes(sc, s, a, i, fix, ten),
              60.0 * std::min(GradeSpeed(Grade::kC), GradeSpeed(Grade::kB)) * 1.2, 1e-9);
}

// One technician, a hard job and a simple one waiting at 08:00: the hard one
// goes where the efficiency is highest (the golden band at 08:00 or 09:00),
// the simple one around it (first, when the band begins after it).
TEST(DispatchRules, ComplexWorkGoesToTheGoldenHours) {
  Scenario sc;
  sc.name = "Centre";
  sc.categories = {{"chassis", "底盘", "", 1}};
  sc.job_types = {{"easy", "easy", 0, 2, 75, 0, 0.5, 0, 500},
                  {"hard", "hard", 0, 8, 60, 0, 0.5, 0, 500}};
  Technician t;
  t.id = t.name = "A";
  t.level = 3;
  t.skills = {Grade::kS};
  t.willingness = {1.0};
  t.shift_start = 8 * 60;
  t.shift_end = 17 * 60;
  sc.technicians = {t};
  sc.jobs_per_day = 2;
  sc.urgent_reserve = false;
  sc.pair_difficulty = 10;
  for (const int golden_start : {8 * 60, 9 * 60}) {
    sc.efficiency = {{8 * 60, golden_start, 0.8},
                     {golden_start, golden_start + 120, 1.2},
                     {golden_start + 120, 20 * 60, 0.8}};
    if (golden_start == 8 * 60) sc.efficiency.erase(sc.efficiency.begin());
    ASSERT_TRUE(sc.Validate().ok());
    std::vector<Job> jobs(2);
    for (int k = 0; k < 2; ++k) {
      jobs[static_cast<size_t>(k)].id = k;
      jobs[static_cast<size_t>(k)].type = k;
      jobs[static_cast<size_t>(k)].difficulty = sc.job_types[static_cast<size_t>(k)].difficulty;
      jobs[static_cast<size_t>(k)].value = 500;
      jobs[static_cast<size_t>(k)].arrival = 8 * 60;
      jobs[static_cast<size_t>(k)].promised = 8 * 60 + 600;
    }
    std::vector<TechState> techs = Fresh(sc);
    Dispatcher d(sc, Policy::kOptimal);
    for (int k = 0; k < 2; ++k) d.OnArrival(jobs, techs, k, 8 * 60);
    d.Dispatch(jobs, techs, 8 * 60, true);
    ASSERT_EQ(d.plan().size(), 2u) << golden_start;
    const PlanEntry& hard = d.plan()[0].job == 1 ? d.plan()[0] : d.plan()[1];
    const PlanEntry& easy = d.plan()[0].job == 0 ? d.plan()[0] : d.plan()[1];
    EXPECT_GE(hard.start, golden_start) << golden_start;
    EXPECT_LT(hard.start, golden_start + 120) << golden_start;
    EXPECT_EQ(easy.start<hard.start, golden_start> 8 * 60) << golden_start;
  }
}

// Three technicians: A and B do tyres (not chassis), C chassis (not tyres).
// Waiting at 09:00: one tyre job due in ten hours, and n chassis jobs of an
// hour each that only C can do. The forecast utilisation (waiting and
// expected standard minutes over the 27 shift hours) sets the
// response level: over 20 % overload level 1 (work to closing), over 30 %
// level 2 (pairs wherever they save time), over 50 % level 3 (outside
// help; the network asks other sites then).
TEST(DispatchRules, SurgeResponseLevelsAndTheirActions) {
  Scenario sc;
  sc.name = "Centre";
  sc.categories = {{"tire", "轮胎", "", 1}, {"chassis", "底盘", "", 1}};
  sc.job_types = {{"tire", "tire", 0, 3, 48, 30, 0.5, 0, 400},
                  {"chassis", "chassis", 1, 5, 60, 0, 0.5, 0, 600}};
  const std::vector<std::pair<Grade, Grade>> grades = {
      {Grade::kA, Grade::kD}, {Grade::kA, Grade::kD}, {Grade::kD, Grade::kA}};
  for (size_t k = 0; k < grades.size(); ++k) {
    Technician t;
    t.id = t.name = std::string(1, static_cast<char>('A' + k));
    t.level = 2;
    t.skills = {grades[k].first, grades[k].second};
    t.willingness = {1.0, 1.0};
    t.shift_start = 8 * 60;
    t.shift_end = 17 * 60;
    sc.technicians.push_back(t);
  }
  sc.jobs_per_day = 0.5;  // still expected after 09:00: 0.5 x 11/12 x 54 minutes
  sc.urgent_reserve = false;
  sc.early_start_minutes = 0;
  sc.max_overtime_minutes = 0;  // no overtime unless the response level asks
  ASSERT_TRUE(sc.Validate().ok());
  const int64_t nine = 9 * 60;
  const int64_t shift_end = 17 * 60;
  for (const auto& [n, level] :
       std::vector<std::pair<int, int>>{{30, 0}, {33, 1}, {36, 2}, {45, 3}}) {
    std::vector<Job> jobs;
    Job tyre;
    tyre.type = 0, tyre.category = 0, tyre.difficulty = 3, tyre.value = 400;
    tyre.arrival = nine, tyre.promised = nine + 600;
    jobs.push_back(tyre);
    for (int i = 0; i < n; ++i) {
      Job c;
      c.id = i + 1;
      c.type = 1, c.category = 1, c.difficulty = 5, c.value = 600;
      c.arrival = nine, c.promised = nine + 2 * 1440;
      jobs.push_back(c);
    }
    std::vector<TechState> techs = Fresh(sc);
    Dispatcher d(sc, Policy::kOptimal);
    for (size_t j = 0; j < jobs.size(); ++j) d.OnArrival(jobs, techs, static_cast<int>(j), nine);
    const double u = d.ForecastUtilisation(jobs, techs, nine);
    EXPECT_NEAR(u, (48.0 + 60.0 * n + 0.5 * 11.0 / 12.0 * 54.0) / 1620.0, 1e-9);
    d.Dispatch(jobs, techs, nine, true);
    EXPECT_EQ(d.response_level(), level) << "n = " << n;
    // Level 1 and up: C works on to closing; below, not past the shift.
    int64_t last_start = 0;
    const PlanEntry* tyre_plan = nullptr;
    for (const PlanEntry& e : d.plan()) {
      if (e.tech == 2) last_start = std::max(last_start, e.start);
      if (e.job == 0) tyre_plan = &e;
    }
    EXPECT_EQ(last_start >= shift_end, level >= 1) << "n = " << n;
    // Level 2 and up: the tyre job is done by two (30 minutes, not 48).
    ASSERT_NE(tyre_plan, nullptr) << "n = " << n;
    EXPECT_LT(tyre_plan->tech, 2);
    EXPECT_EQ(tyre_plan->helper >= 0, level >= 2) << "n = " << n;
    if (level >= 2) {
      EXPECT_NE(tyre_plan->helper, 2);
    }
  }
}

}  // namespace
}  // namespace weft::dispatch
