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

}  // namespace weft::io
