// SVG charts of demand: history, forecast with its interval band, and the
// staffing curve on a second axis. Closed time (nights, weekends) is left
// out of the x axis: points are laid out by their order, with a tick and a
// date label where a new day starts. Self-contained SVG, no scripts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace weft::io {

struct PlotPoint {
  int64_t minute = 0;  // local minutes since 1970-01-01
  double value = 0, lower = 0, upper = 0;
};

struct PlotData {
  std::string title;
  std::vector<PlotPoint> history;   // value
  std::vector<PlotPoint> forecast;  // value, lower, upper
  std::vector<PlotPoint> staffing;  // value = agents
};

std::string RenderForecastSvg(const PlotData& d);

// Need against scheduled people per interval, one panel per series (a
// skill), days marked along the x axis. Intervals where both are zero on
// every panel (closed time) are left out.
struct CoveragePanel {
  std::string name;
  std::vector<double> need;       // per interval of the horizon
  std::vector<double> scheduled;  // same length
};
std::string RenderCoverageSvg(const std::string& title, int intervals_per_day,
                              const std::vector<std::string>& day_labels,
                              const std::vector<CoveragePanel>& panels);

}  // namespace weft::io
