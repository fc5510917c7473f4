// Helpers shared by the tests.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "roster/checker.h"
#include "roster/generator.h"
#include "roster/problem.h"
#include "roster/row_dp.h"

namespace weft::test {

// `text` with the first `from` replaced by `to` ("" when `from` is absent).
inline std::string ReplacedOnce(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at == std::string::npos) return "";
  return text.replace(at, from.size(), to);
}

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

// Hard-feasibility of one employee's row, by the independent checker.
inline bool RowFeasible(const roster::RosterProblem& p, int e, const std::vector<int>& row) {
  roster::RosterProblem one = p;
  one.employees = {p.employees[static_cast<size_t>(e)]};
  one.on_requests.clear();
  one.off_requests.clear();
  one.cover.clear();
  return roster::CheckRoster(one, roster::Grid{row}).feasible;
}

// Runs a shell command; returns what it printed on stdout.
inline std::string RunCommand(const std::string& cmd) {
  std::string out;
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  pclose(f);
  return out;
}

inline roster::RosterProblem SmallProblem(uint64_t seed, int employees = 5, int weeks = 1) {
  return roster::GenerateRosterProblem({employees, weeks, seed});
}

}  // namespace weft::test
