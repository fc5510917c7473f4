// `weft assign`: an exact linear assignment of a CSV cost matrix.
#include <chrono>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "dispatch/assignment.h"
#include "io/cost_matrix_csv.h"

namespace weft::cli {
namespace {

struct AssignOptions {
  std::string costs;
  bool maximize = false;
  std::optional<double> unassigned;
};

int RunAssign(const AssignOptions& o) {
  auto matrix = io::ReadCostMatrixCsv(o.costs);
  if (!matrix.ok()) return Fail(2, matrix.status().message());
  dispatch::AssignmentOptions options;
  options.maximize = o.maximize;
  if (o.unassigned) {
    if (!std::isfinite(*o.unassigned)) return Fail(2, "--unassigned: expected a finite number");
    options.unassigned_cost = {*o.unassigned};
  }
  const auto t0 = std::chrono::steady_clock::now();
  const dispatch::Assignment a = dispatch::SolveAssignment(*matrix, options);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!a.feasible)
    return Fail(1, o.costs + ": no assignment exists: the forbidden pairs leave some " +
                       (matrix->rows <= matrix->cols ? std::string("row (worker)")
                                                     : std::string("column (job)")) +
                       " without a partner (give --unassigned COST to allow leaving jobs out)");
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& [r, c] : a.Pairs()) pairs.push_back({r, c});
  int left_out = 0;
  for (int r : a.col_to_row) left_out += r < 0;
  nlohmann::ordered_json out{{"cost", a.cost},       {"pairs", pairs},
                             {"solve_ms", ms},       {"rows", matrix->rows},
                             {"cols", matrix->cols}, {"unassigned_jobs", left_out},
                             {"feasible", true}};
  std::cout << out.dump() << '\n';
  return 0;
}

}  // namespace

void RegisterAssign(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<AssignOptions>();
  CLI::App* cmd = app.add_subcommand(
      "assign",
      "Exact linear assignment (Jonker-Volgenant) of a cost matrix.\n"
      "M.csv has no header: one line per worker, one cell per job; an empty cell or 'inf' "
      "forbids the pair. Without --unassigned, min(workers, jobs) pairs are made. The last "
      "stdout line is JSON: cost, pairs ([row, column], 0-based), solve_ms (inside the "
      "solver, parsing excluded).");
  cmd->add_option("--costs", o->costs, "Cost matrix CSV")->required();
  cmd->add_flag("--maximize", o->maximize, "Maximise the total instead of minimising it");
  cmd->add_option("--unassigned", o->unassigned,
                  "Cost of leaving a job unassigned (then any job may be left out and any "
                  "worker may stay idle; with --maximize it is subtracted)");
  cmd->callback([o, &exit_code] { exit_code = RunAssign(*o); });
}

}  // namespace weft::cli
