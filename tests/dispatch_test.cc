#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dispatch/dispatcher.h"
#include "dispatch/report.h"
#include "dispatch/simulator.h"
#include "dispatch_test_util.h"
#include "io/dispatch_json.h"
#include "test_util.h"

namespace weft::dispatch {
namespace {

const std::string& kExample = test::kDispatchExample;
Scenario Example() { return test::DispatchExample(); }

// The seed's 9:00 example: four jobs, four technicians, one expert each.
Scenario FourByFour() {
  Scenario sc;
  for (const char* c : {"tire", "chassis", "three_electric", "high_voltage"})
    sc.categories.push_back({c, c, "", 1});
  sc.job_types = {{"tire", "tire", 0, 3, 30, 0, 1, 0, 300},
                  {"chassis_diag", "chassis", 1, 7, 120, 0, 1, 0, 900},
                  {"3e_check", "3e", 2, 5, 90, 0, 1, 0, 800},
                  {"hv_harness", "hv", 3, 9, 180, 0, 1, 0, 2500}};
  auto tech = [&](const char* id, int level, std::vector<Grade> g) {
    Technician t;
    t.id = t.name = id;
    t.level = level;
    t.skills = std::move(g);
    t.willingness.assign(4, 1.0);
    return t;
  };
  using G = Grade;
  sc.technicians = {tech("chassis_expert", 4, {G::kA, G::kS, G::kC, G::kD}),
                    tech("3e_expert", 4, {G::kA, G::kB, G::kS, G::kD}),
                    tech("all_rounder", 3, {G::kA, G::kA, G::kA, G::kA}),
                    tech("junior", 1, {G::kA, G::kD, G::kD, G::kD})};
  sc.pair_difficulty = 10;  // one person each here
  sc.urgent_reserve = false;
  return sc;
}

std::vector<TechState> FreshTechs(int techs, int categories) {
  std::vector<TechState> out(static_cast<size_t>(techs));
  for (auto& t : out) t.learned.assign(static_cast<size_t>(categories), 0.0);
  return out;
}

std::vector<Job> FourJobs(int64_t at) {
  std::vector<Job> jobs;
  for (int t = 0; t < 4; ++t) {
    Job j;
    j.id = t;
    j.type = t;
    j.category = t;
    j.difficulty = t == 0 ? 3 : t == 1 ? 7 : t == 2 ? 5 : 9;
    j.arrival = at;
    j.promised = at + 600;
    jobs.push_back(j);
  }
  return jobs;
}

TEST(Dispatch, ExampleScenarioIsValid) {
  const Scenario sc = Example();
  EXPECT_EQ(sc.K(), 12);
  EXPECT_TRUE(sc.Validate().ok());
}

TEST(Dispatch, SuitabilityIsTheSeedsThreeFactors) {
  // 1.0 (expert) x 0.6 (exhausted) x 0.7 (unwilling) = 0.42.
  Technician t;
  t.skills = {Grade::kS};
  t.willingness = {0.7};
  TechState s;
  s.worked_minutes = 8 * 60;  // 1.2 - 0.6 = 0.6
  Job j;
  EXPECT_NEAR(Suitability(t, s, j), 0.42, 1e-12);
  s.worked_minutes = 0;
  EXPECT_NEAR(StateFactor(s), 1.2, 1e-12);
  s.heavy_streak = 10;
  EXPECT_NEAR(StateFactor(s), 0.6, 1e-12);  // floor
  // Two jobs of the same category in a row lower willingness.
  TechState r;
  r.last_category = 0;
  r.same_category_streak = 2;
  t.willingness = {1.0};
  EXPECT_NEAR(Willingness(t, r, 0), 0.9, 1e-12);
}

TEST(Dispatch, OptimalPolicyMatchesExpertsWhereFcfsDoesNot) {
  const Scenario sc = FourByFour();
  const int64_t nine = 9 * 60;
  for (Policy policy : {Policy::kOptimal, Policy::kFcfs}) {
    std::vector<Job> jobs = FourJobs(nine);
    std::vector<TechState> techs = FreshTechs(4, 4);
    Dispatcher d(sc, policy);
    for (int j = 0; j < 4; ++j) d.OnArrival(jobs, techs, j, nine);
    const std::vector<PlanEntry> starts = d.Dispatch(jobs, techs, nine, true);
    std::vector<int> tech_of(4, -1);
    for (const PlanEntry& e : starts) tech_of[static_cast<size_t>(e.job)] = e.tech;
    if (policy == Policy::kOptimal) {
      // Tire -> junior, chassis -> chassis expert, 3e -> 3e expert, HV -> all-rounder.
      EXPECT_EQ(tech_of, (std::vector<int>{3, 0, 1, 2}));
    } else {
      // In arrival order to the first capable technician whose day is not
      // full: the chassis expert's queue takes the tire job first and the
      // rest wait behind it, while the junior idles.
      EXPECT_EQ(tech_of[0], 0);
      EXPECT_EQ(techs[0].queue.size(), 2u);
      EXPECT_LT(starts.size(), 4u);
    }
  }
}

TEST(Dispatch, RecommendGivesTopThreeWithReasons) {
  const Scenario sc = FourByFour();
  std::vector<Job> jobs = FourJobs(9 * 60);
  std::vector<TechState> techs = FreshTechs(4, 4);
  Dispatcher d(sc, Policy::kOptimal);
  const auto rec = d.Recommend(jobs, techs, 1, 9 * 60);  // chassis diagnosis
  ASSERT_EQ(rec.size(), 3u);                             // the junior (grade D) is not capable
  EXPECT_EQ(rec[0].tech, 0);                             // the chassis expert first
  for (size_t i = 1; i < rec.size(); ++i) EXPECT_GE(rec[i - 1].score, rec[i].score);
  EXPECT_FALSE(rec[0].reasons.empty());
  EXPECT_NE(rec[0].reasons[0].find("skill S"), std::string::npos);
}

TEST(Dispatch, StartedJobsNeverMove) {
  const Scenario sc = Example();
  std::vector<Job> jobs = DrawScenario(sc, 1, 3).jobs;
  ASSERT_GT(jobs.size(), 20u);
  std::vector<TechState> techs = FreshTechs(sc.K(), sc.C());
  Dispatcher d(sc, Policy::kOptimal);
  std::vector<bool> started(jobs.size(), false);
  for (int j = 0; j < 20; ++j) d.OnArrival(jobs, techs, j, jobs[static_cast<size_t>(j)].arrival);
  const int64_t now = jobs[19].arrival;
  for (const PlanEntry& e : d.Dispatch(jobs, techs, now, true)) {
    started[static_cast<size_t>(e.job)] = true;
    techs[static_cast<size_t>(e.tech)].current_job = e.job;
    techs[static_cast<size_t>(e.tech)].busy_until = now + 60;
  }
  d.Dispatch(jobs, techs, now + 30, true);
  for (const PlanEntry& e : d.plan()) EXPECT_FALSE(started[static_cast<size_t>(e.job)]);
  for (int w : d.waiting()) EXPECT_FALSE(started[static_cast<size_t>(w)]);
}

TEST(Dispatch, DrawsAreSeededAndShared) {
  const Scenario sc = Example();
  const SimDraws a = DrawScenario(sc, 5, 7), b = DrawScenario(sc, 5, 7), c = DrawScenario(sc, 5, 8);
  ASSERT_EQ(a.jobs.size(), b.jobs.size());
  for (size_t i = 0; i < a.jobs.size(); ++i) {
    EXPECT_EQ(a.jobs[i].arrival, b.jobs[i].arrival);
    EXPECT_EQ(a.jobs[i].base_factor, b.jobs[i].base_factor);
    EXPECT_EQ(a.jobs[i].id, static_cast<int>(i));
    if (i > 0) {
      EXPECT_LE(a.jobs[i - 1].arrival, a.jobs[i].arrival);
    }
    const int minute = static_cast<int>(a.jobs[i].arrival % 1440);
    EXPECT_GE(minute, sc.open_minute);
    EXPECT_LT(minute, sc.close_minute);
  }
  bool differ = a.jobs.size() != c.jobs.size();
  for (size_t i = 0; !differ && i < a.jobs.size(); ++i)
    differ = a.jobs[i].arrival != c.jobs[i].arrival;
  EXPECT_TRUE(differ);
}

TEST(Dispatch, SimulationIsDeterministicAndFair) {
  const Scenario sc = Example();
  SimParams p;
  p.days = 3;
  p.seed = 11;
  int arrived = -1;
  for (Policy policy : {Policy::kFcfs, Policy::kBalanced, Policy::kOptimal}) {
    p.policy = policy;
    const SimResult a = Simulate(sc, p), b = Simulate(sc, p);
    EXPECT_EQ(io::SimResultToJson(a), io::SimResultToJson(b));
    if (arrived >= 0) {
      EXPECT_EQ(a.jobs_arrived, arrived);  // the same jobs for everyone
    }
    arrived = a.jobs_arrived;
    EXPECT_GT(a.jobs_completed, 0);
    EXPECT_LE(a.jobs_completed, a.jobs_arrived);
    EXPECT_GE(a.skill_match_rate, 0.0);
    EXPECT_LE(a.skill_match_rate, 1.0);
  }
}

TEST(Dispatch, OptimalBeatsFirstComeFirstServedOnTheExample) {
  const Scenario sc = Example();
  SimParams p;
  p.days = 10;
  p.seed = 5;
  p.policy = Policy::kFcfs;
  const SimResult fcfs = Simulate(sc, p);
  p.policy = Policy::kOptimal;
  const SimResult opt = Simulate(sc, p);
  EXPECT_LT(opt.wait_minutes_mean, 0.6 * fcfs.wait_minutes_mean);
  EXPECT_LT(opt.output_stddev, 0.6 * fcfs.output_stddev);
  EXPECT_LT(opt.urgent_response_minutes_mean, fcfs.urgent_response_minutes_mean);
  EXPECT_GT(opt.skill_match_rate, fcfs.skill_match_rate);
  EXPECT_LT(opt.overtime_hours, fcfs.overtime_hours);
}

// Later shifts called in early work before their shift: overtime, counted
// per technician; a centre that never calls anyone early has none of it.
TEST(Dispatch, EarlyStartsCountAsOvertime) {
  Scenario sc = Example();
  SimParams p;
  p.days = 10;
  p.seed = 7;
  p.policy = Policy::kOptimal;
  sc.early_start_minutes = 0;
  const SimResult off = Simulate(sc, p);
  EXPECT_EQ(off.early_starts, 0);
  EXPECT_EQ(off.early_start_hours, 0.0);
  sc.early_start_minutes = 120;
  const SimResult on = Simulate(sc, p);
  EXPECT_GT(on.early_starts, 0);
  EXPECT_LE(on.early_start_hours, 2.0 * on.early_starts);
  double later_off = 0, later_on = 0, total = 0;
  for (size_t k = 0; k < on.techs.size(); ++k) {
    total += on.techs[k].overtime_hours;
    if (sc.technicians[k].shift_start > sc.open_minute) {
      later_off += off.techs[k].overtime_hours;
      later_on += on.techs[k].overtime_hours;
    }
  }
  EXPECT_NEAR(total, on.overtime_hours, 1e-6);
  EXPECT_GT(later_on, later_off);
  EXPECT_NE(FormatQualityReport(BuildQualityReport(sc, on)).find("called in early"),
            std::string::npos);
}

TEST(Dispatch, QualityReportNamesTheUnderLoaded) {
  const Scenario sc = Example();
  SimParams p;
  p.days = 5;
  p.policy = Policy::kFcfs;  // the baseline leaves people idle
  const SimResult r = Simulate(sc, p);
  const QualityReport q = BuildQualityReport(sc, r);
  ASSERT_EQ(q.techs.size(), 12u);
  double total = 0;
  for (const auto& t : q.techs) total += t.output;
  EXPECT_NEAR(total / 12, q.output_mean, 1e-6);
  EXPECT_GT(q.output_ratio, 1.0);
  bool under = false;
  for (const auto& s : q.suggestions) under = under || s.find("under-loaded") != std::string::npos;
  EXPECT_TRUE(under);
  const std::string text = FormatQualityReport(q);
  EXPECT_NE(text.find("Suggestions"), std::string::npos);
  EXPECT_NE(text.find(sc.technicians[0].name), std::string::npos);
}

TEST(Dispatch, AbsenceMovesTheQueue) {
  const Scenario sc = FourByFour();
  std::vector<Job> jobs = FourJobs(9 * 60);
  std::vector<TechState> techs = FreshTechs(4, 4);
  Dispatcher d(sc, Policy::kFcfs);
  for (int j = 0; j < 4; ++j) d.OnArrival(jobs, techs, j, 9 * 60);
  const size_t queued = techs[0].queue.size();
  ASSERT_GT(queued, 0u);
  d.OnAbsent(jobs, techs, 0, 9 * 60);
  EXPECT_FALSE(techs[0].present);
  EXPECT_TRUE(techs[0].queue.empty());
  EXPECT_EQ(d.reassignments(), static_cast<int64_t>(queued));
  size_t total = 0;
  for (const auto& t : techs) total += t.queue.size();
  EXPECT_EQ(total + d.waiting().size(), 4u);  // nothing lost
}

TEST(DispatchJson, ErrorsNameThePointer) {
  const std::string base = test::RunCommand("cat " + kExample);
  auto with = [&](const std::string& from, const std::string& to) {
    const std::string s = test::ReplacedOnce(base, from, to);
    EXPECT_FALSE(s.empty()) << from;
    return io::ParseDispatchScenario(s, "sc.json");
  };
  auto a = with("\"wiper\": \"S\"", "\"wipers\": \"S\"");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("sc.json: /technicians/0/skills/wipers: unknown category"),
            std::string::npos)
      << a.status().message();
  auto b = with("\"level\": \"L3\"", "\"level\": \"L7\"");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("/technicians/0/level"), std::string::npos);
  auto c = with("\"difficulty\": 1,", "\"difficulty\": 11,");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("/job_types/0/difficulty"), std::string::npos);
  auto d = io::ParseDispatchScenario("{\"categories\": [\n  {\"id\": }]}", "sc.json");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("sc.json:2:"), std::string::npos) << d.status().message();
  // A number no double holds is an error with its place, not a crash
  // (found by the network fuzzer).
  auto big = io::ParseDispatchScenario("{\"categories\":\n [1e999]}", "sc.json");
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("sc.json:2:3: not valid JSON (number overflow"),
            std::string::npos)
      << big.status().message();
  auto e = io::ParseDispatchScenario("{}", "sc.json");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("missing required field \"categories\""), std::string::npos);
}

TEST(DispatchCli, SimulatePrintsTheFigures) {
  const std::string out =
      test::RunCommand(std::string(WEFT_BINARY) + " dispatch simulate --scenario " + kExample +
                       " --policy balanced --days 2 --seed 3");
  const auto j = nlohmann::json::parse(out.substr(out.rfind("\n{") + 1));
  for (const char* key :
       {"jobs_completed", "wait_minutes_mean", "wait_minutes_p90", "urgent_response_minutes_mean",
        "output_stddev", "skill_match_rate", "overtime_hours", "reassignments", "utilisation"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["policy"], "balanced");
  EXPECT_NE(std::system((std::string(WEFT_BINARY) + " dispatch simulate --scenario " + kExample +
                         " --policy random 2> /dev/null")
                            .c_str()),
            0);
}

}  // namespace
}  // namespace weft::dispatch
