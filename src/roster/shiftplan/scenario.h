// Realistic part-time rostering problems, seeded.
//
// Needs come from arrivals per interval (a forecast of real history when
// given; otherwise a built-in contact-centre profile: a morning and an
// afternoon peak, busier Mondays, quieter weekends), turned into agents by
// Erlang C for three queues: voice (80 % in 20 s), chat (two at once) and a
// VIP line (90 % in 20 s, complex). The arrival volume is scaled so the
// agent-hours needed are `load` times the hours the workers hope for, so the
// problem is tight but not hopeless whatever the number of workers.
//
// Workers: core full-timers (long weekday blocks, 32-40 h promised),
// backbone part-timers and elastic part-timers drawn from four kinds of
// people: students (evenings, lunch breaks, weekends), parents (school
// hours), retirees (daytime) and freelancers (scattered pieces). Levels and
// pay follow the tier; some may work split shifts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "roster/shiftplan/problem.h"

namespace weft::shiftplan {

struct ScenarioParams {
  int workers = 200;
  int days = 7;
  int interval = 30;
  uint64_t seed = 1;
  double load = 0.8;
  std::string start_date = "2026-01-05";  // a Monday
  // Contacts per interval of the horizon, [d * (1440 / interval) + i], for
  // the voice queue; empty: the built-in profile.
  std::vector<double> arrivals;
};

Problem GenerateScenario(const ScenarioParams& params);

}  // namespace weft::shiftplan
