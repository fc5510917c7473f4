// What a plan means for the people in it: coverage per interval and skill,
// hours per worker against what they offered and hoped for, fairness, the
// preferences honoured, and why each uncovered need stayed uncovered.
#pragma once

#include <string>
#include <vector>

#include "roster/shiftplan/check.h"
#include "roster/shiftplan/problem.h"

namespace weft::shiftplan {

struct WorkerLine {
  int worker = 0;
  double offered_hours = 0;  // availability, all days
  double hoped_hours = 0;
  double given_hours = 0;
  double preferred_hours = 0;  // given inside preferred blocks
  int shifts = 0;
  int split_shifts = 0;
  double pay = 0;
};

enum class GapReason {
  kNoOneAvailable,  // nobody offers that time at all
  kNoOneCertified,  // people offer it, none certified for the skill
  kEveryoneBusy,    // the certified people offering it work elsewhere or are at a cap
  kLeftOpen,        // someone certified was free and had room: the optimiser chose not to
};
const char* ToString(GapReason r);

struct GapLine {
  int day = 0, slot = 0, skill = 0;
  int need = 0, scheduled = 0;
  GapReason reason = GapReason::kNoOneAvailable;
};

struct PlanReport {
  CheckReport check;
  std::vector<int> scheduled;  // per cover cell, like Problem::need
  std::vector<WorkerLine> workers;
  std::vector<GapLine> gaps;  // every cell short of its need
  int gap_counts[4] = {0, 0, 0, 0};
  double need_hours = 0, covered_hours = 0;
  // Fairness over workers who hoped for hours: given / hoped.
  double fairness_mean = 0, fairness_stddev = 0, fairness_gini = 0;
  double preferences_honoured = 0;  // share of given hours inside preferred blocks
  double given_hours = 0;
  double pay_by_tier[3] = {0, 0, 0};
  double hours_by_tier[3] = {0, 0, 0};
};

PlanReport BuildReport(const Problem& p, const std::vector<Shift>& shifts);

// Gini coefficient of non-negative values (0: all equal).
double Gini(std::vector<double> v);

}  // namespace weft::shiftplan
