// The part-time planner: greedy baseline, the engine, and the lower bound.
//
// Engine (PlanShifts): starts from the greedy plan, then improves it by
// exact best responses (RowSolver re-plans one worker's whole week given
// everyone else, in a seeded random order, until no worker can improve) and
// ruin-and-recreate (clear the shifts of a few workers around one stretch of
// one day, re-plan each of them exactly, keep the result unless it is
// worse by more than a falling threshold). Threads run independent seeded
// streams and share the best plan at fixed rounds. The column generation
// bound (bound.h) runs first when asked for, and its LP plan's columns seed
// the search. The returned plan is confirmed by the independent checker.
//
// Greedy (GreedyPlan), the baseline: repeatedly take the interval and skill
// with the largest weighted gap and give it to the cheapest available,
// certified worker with room left, with the shift through that interval that
// covers the most of the gap; then top up promised hours.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "roster/shiftplan/check.h"
#include "roster/shiftplan/model.h"

namespace weft::shiftplan {

struct PlanProgress {
  double seconds = 0;
  double best = 0;         // objective of the best plan so far
  double lower_bound = 0;  // 0 until known
  std::string phase;       // "greedy", "bound", "search"
};

struct PlanParams {
  double time_limit_seconds = 30;  // wall clock; <= 0: none (then set iteration_limit)
  int64_t iteration_limit = 0;     // ruin-and-recreate steps per thread; 0: none
  uint64_t seed = 1;
  int threads = 2;
  bool bound = true;               // compute the lower bound (column generation)
  double bound_time_share = 0.45;  // of the time limit, at most (each bound)
  // Also bound the whole objective (column generation with every term), to
  // judge the search itself; takes time from it.
  bool objective_bound = false;
  std::function<void(const PlanProgress&)> on_progress;
  const std::atomic<bool>* cancel = nullptr;
};

struct PlanResult {
  Status status;
  std::vector<Shift> shifts;         // by worker, then day
  CheckReport check;                 // the independent checker's verdict and breakdown
  double objective = 0;              // the engine's own total (equals check.score.total)
  double lower_bound = 0;            // on under-coverage + cost (cover_and_cost)
  bool bound_proven = false;         // column generation converged (else a Lagrangian bound)
  double gap = 0;                    // (cover_and_cost - lower_bound) / lower_bound
  double objective_lower_bound = 0;  // when asked for: on the whole objective
  double seconds = 0;
  double bound_seconds = 0;
  int64_t best_responses = 0;
  int64_t ruins = 0;
  std::vector<std::string> notes;  // from the model (lowered promises, ...)
};

PlanResult GreedyPlan(const Problem& p);
PlanResult PlanShifts(const Problem& p, const PlanParams& params);

// Converts a grid of candidate indices to shifts (by worker, then day).
std::vector<Shift> ToShifts(const Model& m, const PlanGrid& g);

}  // namespace weft::shiftplan
