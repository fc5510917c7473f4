// Generates realistic day-based roster problems: a ward or service desk with
// early, day, late and night shifts, full- and part-time staff, days off,
// requests and a weekly cover pattern. Deterministic for a given seed.
#pragma once

#include <cstdint>

#include "roster/problem.h"

namespace weft::roster {

struct GeneratorParams {
  int employees = 12;
  int weeks = 2;
  uint64_t seed = 1;
};

RosterProblem GenerateRosterProblem(const GeneratorParams& g);

}  // namespace weft::roster
