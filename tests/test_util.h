// Helpers shared by the tests.
#pragma once

#include <filesystem>
#include <string>

#include "roster/generator.h"
#include "roster/problem.h"
#include "roster/row_dp.h"

namespace weft::test {

// ../shared/data/shift-scheduling, or "" when absent (tests then skip).
inline std::string BenchmarkDir() {
  const std::string dir = std::string(WEFT_SHARED_DIR) + "/data/shift-scheduling";
  return std::filesystem::exists(dir + "/Instance1.txt") ? dir : "";
}

// A roster whose rows are each feasible where the row optimiser finds a way,
// built employee by employee against the cover left by the others.
inline roster::Roster FeasibleRows(const roster::RosterProblem& p, const roster::ProblemTables& t) {
  roster::Roster r(p);
  roster::RowOptimizer dp(t);
  for (int e = 0; e < p.num_employees(); ++e)
    if (auto plan = dp.Optimize(r, e, 0, p.days - 1))
      for (int d = 0; d < p.days; ++d) r.Set(e, d, (*plan)[static_cast<size_t>(d)]);
  return r;
}

inline roster::RosterProblem SmallProblem(uint64_t seed, int employees = 5, int weeks = 1) {
  return roster::GenerateRosterProblem({employees, weeks, seed});
}

}  // namespace weft::test
