// JSON for the part-time rostering model: the problem document (schema in
// docs/shiftplan.schema.json) and the plan document.
//
// Errors name the place in the document as a JSON pointer and say what was
// expected, e.g. "p.json: /workers/3/availability/1/end: expected a time
// HH:MM on the 30-minute grid, got \"12:10\""; syntax errors give the line
// and column. The semantic rules (overlaps, pins outside availability,
// unknown skills, negative hours) are checked by Problem::Validate, whose
// messages use the same pointers.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "roster/shiftplan/problem.h"
#include "roster/shiftplan/report.h"
#include "roster/shiftplan/solver.h"

namespace weft::io {

Result<shiftplan::Problem> ParseShiftProblem(std::string_view text, const std::string& filename);
Result<shiftplan::Problem> ReadShiftProblem(const std::string& path);
std::string ShiftProblemToJson(const shiftplan::Problem& p);

// The plan document: the problem it answers, the shifts, the summary, and
// the report (per interval: need, scheduled, gap; per worker: hours offered,
// hoped for, given, shifts, pay; every uncovered interval with its reason).
std::string ShiftPlanToJson(const shiftplan::Problem& p, const shiftplan::PlanResult& r,
                            const shiftplan::PlanReport& report, const std::string& summary_json);

struct ShiftPlanDoc {
  shiftplan::Problem problem;
  std::vector<shiftplan::Shift> shifts;
  double lower_bound = 0;
  bool bound_proven = false;
};
Result<ShiftPlanDoc> ReadShiftPlan(const std::string& path);

// "HH:MM" <-> minutes from midnight ("24:00" is 1440).
std::string FormatHm(int minutes);

}  // namespace weft::io
