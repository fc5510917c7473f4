// The independent checker of part-time plans: every hard rule and every
// objective term recomputed from the problem and the list of shifts alone
// (no candidate tables, no engine state), so the engine's own score is
// confirmed by a second implementation.
#pragma once

#include <string>
#include <vector>

#include "roster/shiftplan/problem.h"

namespace weft::shiftplan {

// The objective, term by term. Weighted terms are in money after their
// weights; `pay` is unweighted money.
struct Breakdown {
  double under = 0;            // weighted under-coverage
  double over = 0;             // weighted over-coverage
  double uncovered_hours = 0;  // agent-hours short, unweighted
  double pay = 0;
  double quality = 0;
  double preference = 0;
  double continuity = 0;
  double fairness = 0;
  double prized = 0;
  double total = 0;           // the engine's objective: every weighted term
  double cover_and_cost = 0;  // under + over + weights.cost x pay: what the bound bounds
  int shifts = 0;
  int split_shifts = 0;
};

struct CheckReport {
  bool feasible = false;
  std::vector<std::string> violations;  // hard rules broken, each naming the shift
  Breakdown score;
};

CheckReport CheckPlan(const Problem& p, const std::vector<Shift>& shifts);

}  // namespace weft::shiftplan
