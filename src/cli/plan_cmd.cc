// weft scenario generate, weft roster plan, weft roster report: part-time
// rostering from a JSON problem.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "forecast/forecast.h"
#include "io/curtois.h"
#include "io/interval_csv.h"
#include "io/shiftplan_json.h"
#include "io/svg_plot.h"
#include "roster/shiftplan/report.h"
#include "roster/shiftplan/scenario.h"
#include "roster/shiftplan/solver.h"

namespace weft::cli {

namespace {

using namespace weft::shiftplan;
using Worker = shiftplan::Worker;
using WorkerSkill = shiftplan::WorkerSkill;

// Arrivals per interval of the next `days` days from a history CSV: the
// forecast, summed onto the scenario's interval grid.
Result<std::vector<double>> ArrivalsFromHistory(const std::string& path, int days, int interval) {
  auto hist = io::ReadHistoryCsv(path);
  if (!hist.ok()) return hist.status();
  if (interval % hist->step_minutes != 0)
    return Status::InvalidInput(path + ": its " + std::to_string(hist->step_minutes) +
                                "-minute rows do not add up to " + std::to_string(interval) +
                                "-minute intervals");
  if (hist->days.empty()) return Status::InvalidInput(path + ": no rows");
  // The plan starts on the first Monday after the history.
  forecast::Date first = hist->days.back().date + 1;
  while (forecast::Weekday(first) != 0) ++first;
  forecast::ForecastParams fp;
  fp.horizon_days = static_cast<int>(first - hist->days.back().date - 1) + days;
  const auto fc = forecast::Forecast(*hist, fp);
  const int S = 1440 / interval;
  std::vector<double> out(static_cast<size_t>(days * S), 0);
  for (const auto& r : fc.rows) {
    const int d = r.date - first;
    if (d < 0 || d >= days) continue;
    out[static_cast<size_t>(d * S + r.slot * hist->step_minutes / interval)] += r.forecast;
  }
  return out;
}

nlohmann::json Summary(const Problem& p, const PlanResult& r, const PlanReport& rep) {
  const Breakdown& b = r.check.score;
  nlohmann::json j{{"feasible", r.check.feasible},
                   {"under_coverage", b.uncovered_hours},
                   {"under_coverage_cost", b.under},
                   {"cost", b.pay},
                   {"cover_and_cost", b.cover_and_cost},
                   {"objective", b.total},
                   {"lower_bound", r.lower_bound},
                   {"bound_proven", r.bound_proven},
                   {"gap", r.gap},
                   {"fairness_gini", rep.fairness_gini},
                   {"fairness_stddev", rep.fairness_stddev},
                   {"preferences_honoured", rep.preferences_honoured},
                   {"shifts", b.shifts},
                   {"split_shifts", b.split_shifts},
                   {"coverage", rep.need_hours > 0 ? rep.covered_hours / rep.need_hours : 1.0},
                   {"workers", p.W()},
                   {"best_responses", r.best_responses},
                   {"ruins", r.ruins},
                   {"bound_seconds", std::round(r.bound_seconds * 1000) / 1000},
                   {"objective_lower_bound", r.objective_lower_bound},
                   {"seconds", std::round(r.seconds * 1000) / 1000}};
  return j;
}

void PrintIntervals(const Problem& p, const PlanReport& r, std::ostream& o) {
  o << "\nPer interval (need / scheduled / short), intervals with a need or a shift:\n";
  o << "  day  time ";
  for (const SkillDef& k : p.skills) o << std::setw(16) << k.id;
  o << "\n";
  const int S = p.SlotsPerDay();
  for (int d = 0; d < p.days; ++d)
    for (int i = 0; i < S; ++i) {
      bool any = false;
      for (int k = 0; k < p.K(); ++k)
        any = any || p.need[p.NeedIdx(d, i, k)] > 0 || r.scheduled[p.NeedIdx(d, i, k)] > 0;
      if (!any) continue;
      o << "  " << std::setw(3) << d << "  " << io::FormatHm(i * p.interval) << " ";
      for (int k = 0; k < p.K(); ++k) {
        const size_t c = p.NeedIdx(d, i, k);
        std::ostringstream cell;
        cell << p.need[c] << " / " << r.scheduled[c] << " / "
             << std::max(0, p.need[c] - r.scheduled[c]);
        o << std::setw(16) << cell.str();
      }
      o << "\n";
    }
}

void PrintReport(const Problem& p, const PlanReport& r, double lower_bound, bool proven,
                 std::ostream& o) {
  const Breakdown& b = r.check.score;
  o << std::fixed << std::setprecision(1);
  o << p.site << " - plan for " << p.days << " days from " << p.start_date << " (" << p.interval
    << "-minute intervals, " << p.W() << " workers)\n";
  o << (r.check.feasible ? "Every rule is kept.\n" : "RULES BROKEN:\n");
  for (size_t i = 0; i < r.check.violations.size() && i < 20; ++i)
    o << "  " << r.check.violations[i] << "\n";
  o << "\nCoverage: " << r.covered_hours << " of " << r.need_hours << " agent-hours ("
    << (r.need_hours > 0 ? 100 * r.covered_hours / r.need_hours : 100.0) << " %), "
    << b.uncovered_hours << " short\n";
  o << "Pay: " << b.pay << " for " << r.given_hours << " h; core " << r.hours_by_tier[0]
    << " h, backbone " << r.hours_by_tier[1] << " h, elastic " << r.hours_by_tier[2] << " h\n";
  o << "Under-coverage + cost: " << b.cover_and_cost;
  if (lower_bound > 0)
    o << "  lower bound " << lower_bound
      << (proven ? " (LP optimum)" : " (Lagrangian; the LP had not converged)") << "  gap "
      << std::setprecision(2) << 100 * (b.cover_and_cost - lower_bound) / lower_bound << " %"
      << std::setprecision(1);
  o << "\nObjective " << b.total << " = cover " << b.under + b.over << " + pay x weight "
    << b.cover_and_cost - b.under - b.over << " + skill quality " << b.quality << " + fairness "
    << b.fairness << " + preferences " << b.preference << " + continuity " << b.continuity
    << (b.prized != 0 ? " + rotation " : "");
  if (b.prized != 0) o << b.prized;
  o << "\nShifts: " << b.shifts << " (" << b.split_shifts << " split)\n";
  o << std::setprecision(3) << "Fairness (given / hoped): mean " << r.fairness_mean << ", std dev "
    << r.fairness_stddev << ", Gini " << r.fairness_gini << "\n";
  o << std::setprecision(1) << "Preferences honoured: " << 100 * r.preferences_honoured
    << " % of hours in preferred time\n";
  if (!r.gaps.empty()) {
    o << "\nUncovered intervals (" << r.gaps.size() << "):\n";
    for (int g = 0; g < 4; ++g)
      if (r.gap_counts[g] > 0)
        o << "  " << std::setw(5) << r.gap_counts[g] << "  " << ToString(static_cast<GapReason>(g))
          << "\n";
    o << "  first ones:\n";
    for (size_t i = 0; i < r.gaps.size() && i < 8; ++i) {
      const GapLine& g = r.gaps[i];
      o << "    day " << g.day << " " << io::FormatHm(g.slot * p.interval) << " "
        << p.skills[static_cast<size_t>(g.skill)].id << ": need " << g.need << ", scheduled "
        << g.scheduled << " - " << ToString(g.reason) << "\n";
    }
  }
  o << "\nWorkers (offered / hoped / given hours, shifts, pay):\n";
  o << "  id          tier      offered  hoped  given  shifts     pay\n";
  for (const WorkerLine& l : r.workers) {
    const Worker& wk = p.workers[static_cast<size_t>(l.worker)];
    const char* tier = wk.tier == Tier::kCore       ? "core"
                       : wk.tier == Tier::kBackbone ? "backbone"
                                                    : "elastic";
    o << "  " << std::left << std::setw(12) << wk.id << std::setw(9) << tier << std::right
      << std::setw(8) << l.offered_hours << std::setw(7) << l.hoped_hours << std::setw(7)
      << l.given_hours << std::setw(8) << l.shifts << std::setw(8) << l.pay << "\n";
  }
}

std::string CoverageSvg(const Problem& p, const PlanReport& r) {
  const int S = p.SlotsPerDay();
  std::vector<io::CoveragePanel> panels;
  for (int k = 0; k < p.K(); ++k) {
    io::CoveragePanel panel;
    panel.name = p.skills[static_cast<size_t>(k)].name;
    for (int d = 0; d < p.days; ++d)
      for (int i = 0; i < S; ++i) {
        panel.need.push_back(p.need[p.NeedIdx(d, i, k)]);
        panel.scheduled.push_back(r.scheduled[p.NeedIdx(d, i, k)]);
      }
    panels.push_back(std::move(panel));
  }
  static const char* kDays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  std::vector<std::string> labels;
  for (int d = 0; d < p.days; ++d)
    labels.push_back(std::string(kDays[d % 7]) + " " + std::to_string(d));
  return io::RenderCoverageSvg(p.site + ": need and scheduled people per interval", S, labels,
                               panels);
}

}  // namespace

void RegisterScenario(CLI::App& app, int& exit_code) {
  CLI::App* sc = app.add_subcommand("scenario", "Generate realistic planning problems");
  sc->require_subcommand(1);
  struct Opts {
    int workers = 200, days = 7, interval = 30;
    uint64_t seed = 1;
    double load = 0.8;
    std::string history, out;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* gen = sc->add_subcommand(
      "generate",
      "A part-time rostering problem (JSON, docs/shiftplan.md): needs per interval and skill from "
      "a forecast of arrivals, and a population of students, parents, retirees and freelancers in "
      "three tiers");
  gen->add_option("--workers", o->workers, "Number of workers")->check(CLI::Range(1, 100000));
  gen->add_option("--days", o->days, "Days in the horizon (from a Monday)")
      ->check(CLI::Range(1, 62));
  gen->add_option("--interval", o->interval, "Interval length in minutes")
      ->check(CLI::IsMember({15, 30, 60}));
  gen->add_option("--seed", o->seed, "Random seed");
  gen->add_option("--load", o->load, "Agent-hours needed as a share of the hours workers hope for")
      ->check(CLI::Range(0.05, 5.0));
  gen->add_option("--history", o->history,
                  "History CSV (timestamp,count) to forecast arrivals from; default: a built-in "
                  "contact-centre profile")
      ->check(CLI::ExistingFile);
  gen->add_option("--out", o->out, "Where to write the problem JSON")->required();
  gen->callback([o, &exit_code] {
    ScenarioParams sp;
    sp.workers = o->workers;
    sp.days = o->days;
    sp.interval = o->interval;
    sp.seed = o->seed;
    sp.load = o->load;
    if (!o->history.empty()) {
      auto arr = ArrivalsFromHistory(o->history, o->days, o->interval);
      if (!arr.ok()) {
        exit_code = Fail(2, arr.status().message());
        return;
      }
      sp.arrivals = std::move(*arr);
    }
    const Problem p = GenerateScenario(sp);
    if (Status st = io::WriteFile(o->out, io::ShiftProblemToJson(p)); !st.ok()) {
      exit_code = Fail(1, st.message());
      return;
    }
    double need = 0;
    for (int v : p.need) need += v * p.interval / 60.0;
    std::cout << nlohmann::json{{"workers", p.W()},
                                {"days", p.days},
                                {"interval", p.interval},
                                {"need_agent_hours", need},
                                {"out", o->out}}
                     .dump()
              << "\n";
  });
}

void RegisterRosterPlan(CLI::App& roster, int& exit_code) {
  struct Opts {
    std::string problem, out;
    double time_limit = 30;
    uint64_t seed = 1;
    int threads = 2;
    bool greedy = false, no_bound = false, objective_bound = false, quiet = false;
    std::string previous;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* plan = roster.add_subcommand(
      "plan",
      "Plan shifts for a part-time rostering problem (JSON): builds shifts inside availability, "
      "covers the need by skill at least cost, fairly. Writes PLAN.json; the last stdout line is "
      "a JSON summary. Exit 0 when every rule is kept.");
  plan->add_option("problem", o->problem, "Problem JSON")->required()->check(CLI::ExistingFile);
  plan->add_option("--time-limit", o->time_limit, "Wall-clock limit in seconds")
      ->check(CLI::Range(0.0, 86400.0));
  plan->add_option("--seed", o->seed, "Random seed");
  plan->add_option("--threads", o->threads, "Search threads")->check(CLI::Range(1, 64));
  plan->add_option("--out", o->out, "Where to write the plan JSON");
  plan->add_option("--previous", o->previous,
                   "Last period's PLAN.json: the prized slots rotate toward those who had fewer")
      ->check(CLI::ExistingFile);
  plan->add_flag("--greedy", o->greedy, "Only the greedy baseline (largest gap, cheapest worker)");
  plan->add_flag("--no-bound", o->no_bound, "Skip the lower bound");
  plan->add_flag("--objective-bound", o->objective_bound,
                 "Also bound the whole objective (every term), to judge the search; takes time "
                 "from it");
  plan->add_flag("--quiet", o->quiet, "No progress line");
  plan->callback([o, &exit_code] {
    auto p = io::ReadShiftProblem(o->problem);
    if (!p.ok()) {
      exit_code = Fail(2, p.status().message());
      return;
    }
    if (!o->previous.empty()) {
      auto prev = io::ReadShiftPlan(o->previous);
      if (!prev.ok()) {
        exit_code = Fail(2, prev.status().message());
        return;
      }
      RotatePrized(*p, prev->problem, prev->shifts);
    }
    PlanResult r;
    if (o->greedy) {
      r = GreedyPlan(*p);
    } else {
      PlanParams pp;
      pp.time_limit_seconds = o->time_limit;
      pp.seed = o->seed;
      pp.threads = o->threads;
      pp.bound = !o->no_bound;
      pp.objective_bound = o->objective_bound;
      if (isatty(fileno(stderr)) && !o->quiet)
        pp.on_progress = [](const PlanProgress& pr) {
          std::fprintf(stderr, "\r[weft] %7.2fs  %-6s  best %.1f  bound %.1f   ", pr.seconds,
                       pr.phase.c_str(), pr.best, pr.lower_bound);
          std::fflush(stderr);
        };
      r = PlanShifts(*p, pp);
      if (pp.on_progress) std::fprintf(stderr, "\n");
    }
    if (r.shifts.empty() && !r.status.ok() && r.check.violations.empty()) {
      exit_code = Fail(2, r.status.message());
      return;
    }
    for (const std::string& n : r.notes) std::cerr << "weft: note: " << n << "\n";
    const PlanReport rep = BuildReport(*p, r.shifts);
    const nlohmann::json summary = Summary(*p, r, rep);
    if (!o->out.empty())
      if (Status st = io::WriteFile(o->out, io::ShiftPlanToJson(*p, r, rep, summary.dump()));
          !st.ok()) {
        exit_code = Fail(1, st.message());
        return;
      }
    std::cout << summary.dump() << "\n";
    if (!r.status.ok()) exit_code = Fail(1, r.status.message());
  });

  auto report_path = std::make_shared<std::string>();
  auto svg_path = std::make_shared<std::string>();
  auto intervals = std::make_shared<bool>(false);
  CLI::App* report = roster.add_subcommand(
      "report",
      "Print a plan's report (coverage, hours per worker, fairness, why needs stay "
      "uncovered) and write an SVG chart of need against scheduled people");
  report->add_option("plan", *report_path, "Plan JSON from `weft roster plan`")
      ->required()
      ->check(CLI::ExistingFile);
  report->add_option("--svg", *svg_path, "Where to write the chart (default: PLAN.svg)");
  report->add_flag("--intervals", *intervals, "Also print need, scheduled and short per interval");
  report->callback([report_path, svg_path, intervals, &exit_code] {
    auto doc = io::ReadShiftPlan(*report_path);
    if (!doc.ok()) {
      exit_code = Fail(2, doc.status().message());
      return;
    }
    const PlanReport rep = BuildReport(doc->problem, doc->shifts);
    PrintReport(doc->problem, rep, doc->lower_bound, doc->bound_proven, std::cout);
    if (*intervals) PrintIntervals(doc->problem, rep, std::cout);
    std::string svg = *svg_path;
    if (svg.empty()) {
      svg = *report_path;
      if (svg.size() > 5 && svg.substr(svg.size() - 5) == ".json") svg.resize(svg.size() - 5);
      svg += ".svg";
    }
    if (Status st = io::WriteFile(svg, CoverageSvg(doc->problem, rep)); !st.ok()) {
      exit_code = Fail(1, st.message());
      return;
    }
    std::cout << "\nChart: " << svg << "\n";
    if (!rep.check.feasible) exit_code = 1;
  });
}

}  // namespace weft::cli
