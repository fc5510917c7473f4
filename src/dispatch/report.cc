#include "dispatch/report.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace weft::dispatch {
namespace {

const char* const kQuadrantNames[] = {"urgent simple", "urgent hard", "hard not urgent",
                                      "simple not urgent"};

std::string Fmt(const char* format, double a, double b = 0, double c = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

}  // namespace

QualityReport BuildQualityReport(const Scenario& sc, const SimResult& r) {
  QualityReport q;
  double lo = 0, hi = 0;
  bool any_core = false, first = true;
  for (const Technician& t : sc.technicians) any_core = any_core || t.tier == Tier::kCore;
  for (size_t k = 0; k < r.techs.size() && k < sc.technicians.size(); ++k) {
    const TechFigures& f = r.techs[k];
    QualityReport::TechLine line;
    line.id = sc.technicians[k].id;
    line.name = sc.technicians[k].name;
    line.output = f.output;
    line.busy_hours = f.busy_hours;
    line.overtime_hours = f.overtime_hours;
    line.jobs = f.jobs;
    line.match_rate = f.led ? static_cast<double>(f.matched) / f.led : 0;
    line.core = sc.technicians[k].tier == Tier::kCore || !any_core;
    if (line.core) {
      if (first || f.output < lo) lo = f.output;
      if (first || f.output > hi) hi = f.output;
      first = false;
    }
    q.techs.push_back(line);
  }
  q.output_mean = r.output_mean;
  q.output_stddev = r.output_stddev;
  q.output_ratio = lo > 0 ? hi / lo : 0;
  q.skill_match_rate = r.skill_match_rate;
  q.wait_mean = r.wait_minutes_mean;
  q.wait_p90 = r.wait_minutes_p90;
  q.urgent_response = r.urgent_response_minutes_mean;
  q.overtime_hours = r.overtime_hours;
  q.plan_changes = r.reassignments;
  q.refusals = r.refusals;
  q.activations = r.activations;
  q.elastic_hours = r.elastic_hours;
  q.early_starts = r.early_starts;
  q.early_start_hours = r.early_start_hours;
  for (int i = 0; i < 3; ++i) q.overrun_rules[i] = r.overrun_rules[i];
  q.absences = r.sick_days;
  q.absences_midday = r.absences_midday;
  q.rescheduled = r.rescheduled;
  q.outsource = r.outsource_proposals;
  q.willingness_error_start = r.willingness_error_start;
  q.willingness_error_end = r.willingness_error_end;
  for (int i = 0; i < 4; ++i)
    q.quadrant_match[i] = r.quadrant_started[i]
                              ? static_cast<double>(r.quadrant_matched[i]) / r.quadrant_started[i]
                              : 0;

  // Suggestions.
  const double mean = q.output_mean;
  double mean_ot = 0;
  for (const auto& t : q.techs) mean_ot += t.overtime_hours / std::max<size_t>(1, q.techs.size());
  for (const auto& t : q.techs) {
    if (t.core && mean > 0 && t.output < 0.85 * mean)
      q.suggestions.push_back(t.name +
                              Fmt(" is under-loaded (output %.0f%% of the mean): give more work",
                                  100 * t.output / mean));
    if (mean_ot > 0 && t.overtime_hours > 1.5 * mean_ot && t.overtime_hours > 5)
      q.suggestions.push_back(
          t.name +
          Fmt(" works much overtime (%.0f h, mean %.0f h): lighten the late part of the shift",
              t.overtime_hours, mean_ot));
  }
  int worst_overrun = -1, worst_wait = -1;
  for (int h = 0; h < static_cast<int>(r.hours.size()); ++h) {
    const HourFigures& f = r.hours[static_cast<size_t>(h)];
    if (f.overruns > 0 &&
        (worst_overrun < 0 || f.overruns > r.hours[static_cast<size_t>(worst_overrun)].overruns))
      worst_overrun = h;
    if (f.started > 0 &&
        (worst_wait < 0 ||
         f.wait_minutes / f.started > r.hours[static_cast<size_t>(worst_wait)].wait_minutes /
                                          r.hours[static_cast<size_t>(worst_wait)].started))
      worst_wait = h;
  }
  if (worst_overrun >= 0)
    q.suggestions.push_back(
        Fmt("%02.0f:00-%02.0f:00 sees the most overruns (%.0f): plan buffers there", worst_overrun,
            worst_overrun + 1, r.hours[static_cast<size_t>(worst_overrun)].overruns));
  if (worst_wait >= 0) {
    const HourFigures& f = r.hours[static_cast<size_t>(worst_wait)];
    q.suggestions.push_back(
        Fmt("jobs started %02.0f:00-%02.0f:00 waited longest (%.0f min on average): add staff or "
            "move a shift",
            worst_wait, worst_wait + 1, f.wait_minutes / f.started));
  }
  int weakest = -1;
  for (int i = 0; i < 4; ++i)
    if (r.quadrant_started[i] > 0 &&
        (weakest < 0 || q.quadrant_match[i] < q.quadrant_match[weakest]))
      weakest = i;
  if (weakest >= 0 && q.quadrant_match[weakest] < 0.8)
    q.suggestions.push_back(
        std::string(kQuadrantNames[weakest]) +
        Fmt(" jobs have the lowest skill match (%.0f%%): train or re-grade for them",
            100 * q.quadrant_match[weakest]));
  return q;
}

std::string FormatQualityReport(const QualityReport& q) {
  std::ostringstream o;
  o << "Dispatch quality\n";
  o << Fmt("  output per technician: mean %.0f, stddev %.0f, max/min %.2f\n", q.output_mean,
           q.output_stddev, q.output_ratio);
  o << Fmt("  skill match %.0f%%, wait mean %.1f min (p90 %.1f)", 100 * q.skill_match_rate,
           q.wait_mean, q.wait_p90);
  o << Fmt(", urgent response %.1f min\n", q.urgent_response);
  o << Fmt("  overtime %.0f h (%.0f h of it before later shifts, called in early %.0f times)",
           q.overtime_hours, q.early_start_hours, static_cast<double>(q.early_starts));
  o << Fmt(", plan changes %.0f\n", static_cast<double>(q.plan_changes));
  o << Fmt("  events: %.0f refusals (willingness error %.3f declared, %.3f learned)",
           static_cast<double>(q.refusals), q.willingness_error_start, q.willingness_error_end);
  o << Fmt(", %.0f call-ins of elastic/mobile technicians (%.0f h)\n", q.activations,
           q.elastic_hours);
  o << Fmt("  overruns: %.0f shifted later (< 1 h), %.0f partly moved (1-2 h), ",
           q.overrun_rules[0], q.overrun_rules[1]);
  o << Fmt("%.0f fully reassigned (> 2 h)\n", q.overrun_rules[2]);
  o << Fmt("  absences: %.0f (%.0f during the day), ", q.absences, q.absences_midday);
  o << Fmt("%.0f jobs rescheduled, %.0f proposed for outsourcing\n", q.rescheduled, q.outsource);
  o << "  skill match by quadrant:";
  for (int i = 0; i < 4; ++i)
    o << ' ' << kQuadrantNames[i] << Fmt(" %.0f%%", 100 * q.quadrant_match[i])
      << (i < 3 ? "," : "\n");
  o << "\n  technician            output   jobs  busy h  overtime h  match\n";
  for (const auto& t : q.techs) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "  %-18s %9.0f %6d %7.1f %11.1f %5.0f%%%s\n", t.name.c_str(),
                  t.output, t.jobs, t.busy_hours, t.overtime_hours, 100 * t.match_rate,
                  t.core ? "" : "  (on call)");
    o << buf;
  }
  if (!q.suggestions.empty()) {
    o << "\nSuggestions\n";
    for (size_t i = 0; i < q.suggestions.size(); ++i)
      o << "  " << i + 1 << ". " << q.suggestions[i] << '\n';
  }
  return o.str();
}

}  // namespace weft::dispatch
