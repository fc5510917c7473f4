// An independent checker for day-based rosters.
//
// Shares nothing with the incremental score: it reads the problem and a plain
// grid and applies each rule as written, in the simplest way. Every roster the
// solver returns is passed through it; tests use it as the oracle.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "roster/problem.h"

namespace weft::roster {

// grid[e][d] is a shift index, or -1 for a day off.
using Grid = std::vector<std::vector<int>>;

struct CheckReport {
  bool feasible = true;
  std::vector<std::string> violations;  // one line per broken hard rule instance
  int64_t requests = 0;                 // shift-on and shift-off request penalty
  int64_t cover = 0;                    // under- and over-cover penalty
  int64_t penalty() const { return requests + cover; }
};

CheckReport CheckRoster(const RosterProblem& p, const Grid& grid);

}  // namespace weft::roster
