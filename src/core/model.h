// The domain model shared by demand, roster and dispatch: skills, workers,
// shift types, availability and cover requirements.
//
// Plain data, no I/O. Invariants are checked by the adapters that build these
// objects (see io/) and by each engine's Validate(); the structs themselves
// hold whatever they are given.
#pragma once

#include <string>
#include <vector>

#include "core/ids.h"
#include "core/time.h"

namespace weft {

struct Skill {
  SkillId id;
  std::string name;
};

// S/A/B/C/D proficiency; the numeric weight is the seed's skill-match factor.
enum class SkillLevel { kS, kA, kB, kC, kD };
constexpr double SkillFactor(SkillLevel l) {
  switch (l) {
    case SkillLevel::kS:
      return 1.0;
    case SkillLevel::kA:
      return 0.8;
    case SkillLevel::kB:
      return 0.5;
    case SkillLevel::kC:
      return 0.3;
    case SkillLevel::kD:
      return 0.1;
  }
  return 0.0;
}

enum class Tier { kCore, kBackbone, kElastic };

// A piece of time a worker offers: [start, end) in UTC minutes.
struct AvailabilityBlock {
  Instant start;
  Instant end;
  bool preferred = false;  // "preferred" rather than merely "available"
};

struct WorkerSkill {
  SkillId skill;
  SkillLevel level = SkillLevel::kB;
  bool certified = false;  // only certified skills may be scheduled
};

struct Worker {
  WorkerId id;
  std::string name;
  Tier tier = Tier::kCore;
  std::vector<WorkerSkill> skills;
  std::vector<AvailabilityBlock> availability;
};

// A shift type of a day-based roster: a name, a length, and which shift types
// may not be worked on the following day.
struct ShiftType {
  ShiftTypeId id;
  std::string name;
  Minutes length;
  std::vector<ShiftTypeId> cannot_follow;
};

// How many people are wanted on a shift type on a day, and what a missing or
// an extra person costs.
struct CoverRequirement {
  DayIndex day = 0;
  ShiftTypeId shift;
  int required = 0;
  int weight_under = 100;
  int weight_over = 1;
};

}  // namespace weft
