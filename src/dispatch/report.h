// The dispatch-quality report for a period (the seed's monthly report):
// output per technician and its spread, skill-match rate, waits, urgent
// response, overtime, plan changes, and suggestions drawn from them (who is
// under-loaded, which hours overrun or wait most, where matching is weak).
#pragma once

#include <string>
#include <vector>

#include "dispatch/model.h"
#include "dispatch/simulator.h"

namespace weft::dispatch {

struct QualityReport {
  struct TechLine {
    std::string id, name;
    double output = 0, busy_hours = 0, overtime_hours = 0, match_rate = 0;
    int jobs = 0;
    bool core = true;  // elastic and mobile technicians are outside the balance figures
  };
  std::vector<TechLine> techs;
  double output_mean = 0, output_stddev = 0, output_ratio = 0;  // max / min
  double skill_match_rate = 0, wait_mean = 0, wait_p90 = 0, urgent_response = 0;
  double overtime_hours = 0;
  int64_t plan_changes = 0;
  // Events: refusals, elastic or mobile call-ins (hours), overruns by rule
  // (shift later, move some, reassign all), absences (of which during the
  // day), jobs rescheduled and proposed for outsourcing.
  int64_t refusals = 0;
  int activations = 0;
  double elastic_hours = 0;
  int early_starts = 0;  // later shifts called in early, and the hours added
  double early_start_hours = 0;
  int overrun_rules[3] = {0, 0, 0};
  int absences = 0, absences_midday = 0, rescheduled = 0, outsource = 0;
  double willingness_error_start = 0, willingness_error_end = 0;
  double quadrant_match[4] = {0, 0, 0, 0};  // by Quadrant
  std::vector<std::string> suggestions;
};

QualityReport BuildQualityReport(const Scenario& sc, const SimResult& r);
// Readable text (English).
std::string FormatQualityReport(const QualityReport& q);

}  // namespace weft::dispatch
