// The part-time rostering model: shifts are built inside the pieces of time
// workers offer, and handed out so that every interval is covered by the
// right skill.
//
// Time is local civil time at the site, in minutes from the start of each
// day of the horizon; every boundary lies on the interval grid. A worker
// works at most one shift per day (two pieces when split shifts are allowed),
// always with one certified skill for the whole shift.
//
// The objective is a sum of terms in money, each with a configurable weight
// (Weights): under-coverage (per missing agent-hour, times the interval's
// importance), skill quality (complex needs served by low levels), pay,
// fairness (hours given against hours hoped for), preferences (hours outside
// `preferred` blocks) and continuity (a cost per shift, more per split
// shift). Hard: availability, certification, contract rules, pins.
//
// Indices are dense: worker w in [0, workers.size()), skill k in
// [0, skills.size()), day d in [0, days), slot i in [0, SlotsPerDay()).
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "core/status.h"

namespace weft::shiftplan {

struct Contract {
  int min_shift_minutes = 120;  // each piece of a shift is at least this long
  int max_shift_minutes = 480;  // a shift's span, first start to last end
  int max_day_minutes = 480;    // worked minutes in a day
  int max_week_minutes = 2400;  // worked minutes over the horizon
  int min_week_minutes = 0;     // promised minutes over the horizon
  int min_rest_minutes = 660;   // from a shift's end to the next day's start
  bool split_allowed = false;   // two pieces in a day
  int max_split_gap_minutes = 0;
};

// A piece of time a worker offers on a day: [start, end) in minutes from
// the day's start (end <= 1440).
struct Block {
  int day = 0;
  int start = 0;
  int end = 0;
  bool preferred = false;
};

struct WorkerSkill {
  int skill = 0;
  SkillLevel level = SkillLevel::kB;
  bool certified = true;
};

struct Worker {
  std::string id;
  std::string name;
  Tier tier = Tier::kElastic;
  std::vector<WorkerSkill> skills;
  double hourly_cost = 0;
  std::vector<Block> availability;  // disjoint
  Contract contract;
  int hoped_minutes = 0;
};

// One piece of a shift.
struct Piece {
  int start = 0;  // minutes from the day's start
  int end = 0;
  auto operator<=>(const Piece&) const = default;
};

// A shift: one or two pieces on a day, one skill.
struct Shift {
  int worker = 0;
  int day = 0;
  int skill = 0;
  std::vector<Piece> pieces;  // sorted, disjoint
  int Minutes() const {
    int m = 0;
    for (const Piece& p : pieces) m += p.end - p.start;
    return m;
  }
  bool split() const { return pieces.size() > 1; }
};

struct Weights {
  double under = 300;         // per missing agent-hour, times the interval's importance
  double over = 0;            // per extra agent-hour
  double skill_quality = 10;  // per agent-hour: complexity x (1 - level factor)
  double cost = 1;            // times the pay
  double fairness = 5;        // per worker: hoped hours x (given / hoped - 1)^2
  double preference = 1;      // per hour worked outside preferred blocks
  double continuity = 4;      // per shift
  double split = 8;           // per split shift, on top
};

struct SkillDef {
  std::string id;
  std::string name;
  double complexity = 0;  // 0..1: how much a high level matters
};

struct Problem {
  std::string site = "site";
  std::string time_zone = "UTC";
  std::string start_date = "2026-01-05";  // a Monday, YYYY-MM-DD
  int days = 7;
  int interval = 30;  // minutes: 15, 30 or 60
  std::vector<SkillDef> skills;
  std::vector<int> need;           // [(d * SlotsPerDay() + i) * K + k], agents
  std::vector<double> importance;  // [d * SlotsPerDay() + i], >= 0
  std::vector<Worker> workers;
  std::vector<Shift> pins;  // shifts the plan must contain
  Weights weights;
  // Minutes each worker got in the "prized" slots in earlier plans (empty:
  // none known); the fairness term rotates those slots toward the others.
  std::vector<int> prized_history;
  std::vector<uint8_t> prized;  // [d * SlotsPerDay() + i]: a prized slot (empty: none)

  int SlotsPerDay() const { return 1440 / interval; }
  int K() const { return static_cast<int>(skills.size()); }
  int W() const { return static_cast<int>(workers.size()); }
  size_t NeedIdx(int d, int i, int k) const {
    return static_cast<size_t>((d * SlotsPerDay() + i) * K() + k);
  }

  // Checks every index, grid alignment, sign, overlap and pin; the message
  // names the offending record (workers[3].availability[1] ...).
  Status Validate() const;
};

// Whether worker w is certified for skill k; its level then.
const WorkerSkill* FindSkill(const Worker& w, int k);

// Rotation of prized slots from week to week: sets p.prized_history to the
// minutes each worker (matched by id) worked in prized slots in the previous
// plan. When p has no prized slots marked, the prized ones are the open
// intervals the most workers mark as preferred (the top fifth), a proxy for
// the times everyone wants. Slots of the previous plan are matched by
// weekday (day % 7) and time of day.
void RotatePrized(Problem& p, const Problem& previous, const std::vector<Shift>& previous_shifts);

// The maximal spans of a worker's availability on a day (touching blocks
// merged), sorted; `preferred` is not set on them.
std::vector<Block> Segments(const Worker& w, int day);

// The most minutes worker w could work over the horizon in shifts its
// contract allows inside its availability (rest between days aside). A
// promise of more (min_week_minutes) is kept only up to this.
int ReachableMinutes(const Problem& p, int w);

}  // namespace weft::shiftplan
