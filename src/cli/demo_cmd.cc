#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "roster/generator.h"
#include "roster/solver.h"

namespace weft::cli {
namespace {

struct DemoOpts {
  int employees = 14;
  int weeks = 2;
  uint64_t seed = 7;
  double seconds = 3;
};

int RunDemo(const DemoOpts& o) {
  roster::GeneratorParams g{o.employees, o.weeks, o.seed};
  const roster::RosterProblem p = roster::GenerateRosterProblem(g);
  std::printf(
      "Weft demo: %d people, %d days, shifts E(arly) D(ay) L(ate) N(ight); solving for %.0f "
      "s...\n\n",
      p.num_employees(), p.days, o.seconds);
  roster::SolverParams params;
  params.time_limit_seconds = o.seconds;
  params.seed = o.seed;
  const auto r = roster::SolveRoster(p, params);
  if (r.roster.empty()) {
    std::fprintf(stderr, "weft demo: %s\n", r.message.c_str());
    return 1;
  }
  static const char* kDays = "MTWTFSS";
  std::printf("%-8s", "");
  for (int d = 0; d < p.days; ++d) std::printf(" %c", kDays[d % 7]);
  std::printf("  hours\n");
  for (int e = 0; e < p.num_employees(); ++e) {
    std::printf("%-8s", p.employees[static_cast<size_t>(e)].name.c_str());
    int minutes = 0;
    for (int d = 0; d < p.days; ++d) {
      const int s = r.roster[static_cast<size_t>(e)][static_cast<size_t>(d)];
      std::printf(" %s", s < 0 ? "." : p.shifts[static_cast<size_t>(s)].name.c_str());
      if (s >= 0) minutes += p.shifts[static_cast<size_t>(s)].minutes;
    }
    std::printf("  %5.1f\n", minutes / 60.0);
  }
  std::printf("\n%-8s", "missing");
  for (int d = 0; d < p.days; ++d) {
    int missing = 0;
    for (const auto& c : p.cover) {
      if (c.day != d) continue;
      int n = 0;
      for (int e = 0; e < p.num_employees(); ++e)
        n += r.roster[static_cast<size_t>(e)][static_cast<size_t>(d)] == c.shift;
      missing += std::max(0, c.requirement - n);
    }
    std::printf(" %d", missing);
  }
  std::printf("\n\n%s roster: penalty %lld (requests %lld, cover %lld), %.1f s, %lld moves\n",
              !r.check.feasible ? "INFEASIBLE"
              : r.stats.optimal ? "Optimal (proven by the LP bound)"
                                : "Feasible",
              static_cast<long long>(r.check.penalty()), static_cast<long long>(r.check.requests),
              static_cast<long long>(r.check.cover), r.stats.seconds,
              static_cast<long long>(r.stats.moves));
  return r.check.feasible ? 0 : 1;
}

}  // namespace

void RegisterDemo(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<DemoOpts>();
  CLI::App* demo = app.add_subcommand(
      "demo",
      "Generate a small realistic roster problem, solve it and print the roster as a table");
  demo->add_option("--employees", o->employees, "People in the demo team")
      ->default_val(14)
      ->check(CLI::Range(2, 500));
  demo->add_option("--weeks", o->weeks, "Weeks to plan")->default_val(2)->check(CLI::Range(1, 8));
  demo->add_option("--seed", o->seed, "Random seed")->default_val(7);
  demo->add_option("--seconds", o->seconds, "Solve time")->default_val(3);
  demo->callback([o, &exit_code] { exit_code = RunDemo(*o); });
}

}  // namespace weft::cli
