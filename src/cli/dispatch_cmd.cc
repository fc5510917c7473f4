// `weft assign` (an exact linear assignment of a CSV cost matrix) and
// `weft dispatch simulate` (a service centre under one dispatch policy).
#include <chrono>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "dispatch/assignment.h"
#include "dispatch/report.h"
#include "dispatch/simulator.h"
#include "io/cost_matrix_csv.h"
#include "io/curtois.h"
#include "io/dispatch_json.h"

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

// --policy, --days, --seed into p; the message for a bad value, else "".
std::string SimParamsFrom(const std::string& policy, int days, uint64_t seed,
                          dispatch::SimParams& p) {
  if (policy == "fcfs") {
    p.policy = dispatch::Policy::kFcfs;
  } else if (policy == "balanced") {
    p.policy = dispatch::Policy::kBalanced;
  } else if (policy == "optimal") {
    p.policy = dispatch::Policy::kOptimal;
  } else {
    return "--policy: expected fcfs, balanced or optimal, got '" + policy + "'";
  }
  if (days < 1 || days > 3650) return "--days: expected 1..3650";
  p.days = days;
  p.seed = seed;
  return "";
}

struct SimulateOptions {
  std::string scenario;
  std::string policy = "optimal";
  int days = 20;
  uint64_t seed = 1;
  bool report = false;
  std::string log;
};

int RunSimulate(const SimulateOptions& o) {
  auto sc = io::ReadDispatchScenario(o.scenario);
  if (!sc.ok()) return Fail(2, sc.status().message());
  dispatch::SimParams p;
  if (const std::string bad = SimParamsFrom(o.policy, o.days, o.seed, p); !bad.empty())
    return Fail(2, bad);
  p.keep_log = !o.log.empty();
  const dispatch::SimResult r = dispatch::Simulate(*sc, p);
  if (!o.log.empty()) {
    std::string text;
    for (const dispatch::LogEntry& e : r.log) text += io::LogEntryToJson(*sc, e) + "\n";
    if (Status st = io::WriteFile(o.log, text); !st.ok()) return Fail(1, st.message());
  }
  if (o.report)
    std::cout << dispatch::FormatQualityReport(dispatch::BuildQualityReport(*sc, r)) << '\n';
  std::cout << io::SimResultToJson(r, &*sc) << '\n';
  return 0;
}

struct NetworkOptions {
  std::string network;
  std::string policy = "optimal";
  int days = 20;
  uint64_t seed = 1;
  bool no_sharing = false;
};

int RunNetwork(const NetworkOptions& o) {
  auto net = io::ReadDispatchNetwork(o.network);
  if (!net.ok()) return Fail(2, net.status().message());
  dispatch::SimParams p;
  if (const std::string bad = SimParamsFrom(o.policy, o.days, o.seed, p); !bad.empty())
    return Fail(2, bad);
  const dispatch::NetworkResult r = dispatch::SimulateNetwork(*net, p, !o.no_sharing);
  std::cout << io::NetworkResultToJson(*net, r, !o.no_sharing) << '\n';
  return 0;
}

}  // namespace

void RegisterDispatch(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("dispatch", "Technician dispatch: simulate a service centre");
  cmd->require_subcommand(1);
  auto o = std::make_shared<SimulateOptions>();
  CLI::App* sim = cmd->add_subcommand(
      "simulate",
      "Discrete-event simulation of a service centre (docs/dispatch.md) under one policy: "
      "fcfs (first come, first served, the baseline), balanced (least-loaded capable "
      "technician) or optimal (assignment of scored pairs with a look-ahead plan, re-planned "
      "every 30 minutes and on events). The same seed gives every policy the same jobs, "
      "absences and surprises. Prints one JSON object.");
  sim->add_option("--scenario", o->scenario,
                  "Scenario JSON (e.g. examples/dispatch/service-center.json)")
      ->required();
  sim->add_option("--policy", o->policy, "fcfs, balanced or optimal")->capture_default_str();
  sim->add_option("--days", o->days, "Days to simulate")->capture_default_str();
  sim->add_option("--seed", o->seed, "Random seed")->capture_default_str();
  sim->add_flag("--report", o->report,
                "Print the dispatch-quality report (output per technician, waits, skill match, "
                "overtime, plan changes, suggestions) before the JSON line");
  sim->add_option("--log", o->log,
                  "Write the dispatcher's log as JSON Lines: notifications (reassigned, moved), "
                  "customer messages from the scenario's templates, refusals, overrun rules, "
                  "absence triage, elastic call-ins");
  sim->callback([o, &exit_code] { exit_code = RunSimulate(*o); });

  auto n = std::make_shared<NetworkOptions>();
  CLI::App* net = cmd->add_subcommand(
      "network",
      "Several centres side by side sharing technicians (docs/dispatch.md, Networks): a centre "
      "that cannot staff its waiting work or is overloaded posts a need, the others offer "
      "technicians they can spare, the best offer travels there, and the loans are settled "
      "(fee to the lender, allowance to the technician). Prints one JSON object.");
  net->add_option("--network", n->network, "Network JSON (e.g. examples/dispatch/network.json)")
      ->required();
  net->add_option("--policy", n->policy, "fcfs, balanced or optimal")->capture_default_str();
  net->add_option("--days", n->days, "Days to simulate")->capture_default_str();
  net->add_option("--seed", n->seed, "Random seed")->capture_default_str();
  net->add_flag("--no-sharing", n->no_sharing, "The same run without loans (the baseline)");
  net->callback([n, &exit_code] { exit_code = RunNetwork(*n); });
}

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
