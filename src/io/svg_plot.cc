#include "io/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "io/interval_csv.h"

namespace weft::io {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

double NiceStep(double range, int ticks) {
  const double raw = range / std::max(1, ticks);
  const double mag = std::pow(10, std::floor(std::log10(std::max(raw, 1e-9))));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

}  // namespace

std::string RenderForecastSvg(const PlotData& d) {
  constexpr double W = 1200, H = 460, L = 60, R = 60, T = 40, B = 60;
  // The x axis: every distinct minute in order.
  std::map<int64_t, int> xs;
  for (const auto* v : {&d.history, &d.forecast, &d.staffing})
    for (const auto& p : *v) xs.emplace(p.minute, 0);
  int k = 0;
  for (auto& [m, i] : xs) i = k++;
  const double n = std::max(1, k - 1);
  auto X = [&](int64_t m) { return L + (W - L - R) * xs[m] / n; };
  double ymax = 1, smax = 1;
  for (const auto& p : d.history) ymax = std::max(ymax, p.value);
  for (const auto& p : d.forecast) ymax = std::max({ymax, p.value, p.upper});
  for (const auto& p : d.staffing) smax = std::max(smax, p.value);
  const double ystep = NiceStep(ymax, 6), sstep = NiceStep(smax, 6);
  ymax = std::ceil(ymax / ystep) * ystep;
  smax = std::ceil(smax / sstep) * sstep;
  auto Y = [&](double v) { return T + (H - T - B) * (1 - v / ymax); };
  auto YS = [&](double v) { return T + (H - T - B) * (1 - v / smax); };
  std::ostringstream o;
  char buf[256];
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H
    << "\" viewBox=\"0 0 " << W << ' ' << H << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  o << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o << "<text x=\"" << L << "\" y=\"22\" font-size=\"15\">" << Escape(d.title) << "</text>\n";
  // Grid and left axis.
  for (double v = 0; v <= ymax + 1e-9; v += ystep) {
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444\">%g</text>\n",
                  L, W - R, Y(v), Y(v), L - 6, Y(v) + 4, v);
    o << buf;
  }
  if (!d.staffing.empty())
    for (double v = 0; v <= smax + 1e-9; v += sstep) {
      std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#2e7d32\">%g</text>\n",
                    W - R + 6, YS(v) + 4, v);
      o << buf;
    }
  // Day ticks.
  int64_t last_day = INT64_MIN;
  double last_label = -1e9;
  for (const auto& [m, i] : xs) {
    const int64_t day = m >= 0 ? m / 1440 : -((-m + 1439) / 1440);
    if (day == last_day) continue;
    last_day = day;
    const double x = X(m);
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>\n", x, x,
                  T, H - B);
    o << buf;
    if (x - last_label > 70) {
      const std::string date = FormatLocalTimestamp(day * 1440).substr(0, 10);
      std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#444\">%s</text>\n", x + 2,
                    H - B + 16, date.c_str());
      o << buf;
      last_label = x;
    }
  }
  // Interval band, one polygon per run of consecutive forecast points.
  auto band = [&](size_t a, size_t b) {
    o << "<polygon fill=\"#f5a623\" fill-opacity=\"0.25\" stroke=\"none\" points=\"";
    for (size_t i = a; i < b; ++i) {
      std::snprintf(buf, sizeof buf, "%.1f,%.1f ", X(d.forecast[i].minute), Y(d.forecast[i].upper));
      o << buf;
    }
    for (size_t i = b; i-- > a;) {
      std::snprintf(buf, sizeof buf, "%.1f,%.1f ", X(d.forecast[i].minute), Y(d.forecast[i].lower));
      o << buf;
    }
    o << "\"/>\n";
  };
  size_t run = 0;
  for (size_t i = 1; i <= d.forecast.size(); ++i)
    if (i == d.forecast.size() || xs[d.forecast[i].minute] != xs[d.forecast[i - 1].minute] + 1) {
      band(run, i);
      run = i;
    }
  auto line = [&](const std::vector<PlotPoint>& v, const char* color, double width, bool staff) {
    if (v.empty()) return;
    o << "<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\"" << width
      << "\" points=\"";
    for (const auto& p : v) {
      std::snprintf(buf, sizeof buf, "%.1f,%.1f ", X(p.minute), staff ? YS(p.value) : Y(p.value));
      o << buf;
    }
    o << "\"/>\n";
  };
  line(d.history, "#4a6fa5", 1, false);
  line(d.forecast, "#e07b00", 1.5, false);
  line(d.staffing, "#2e7d32", 1.5, true);
  // Legend.
  double lx = L + 300;
  auto legend = [&](const char* color, const char* text) {
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%.1f\" y=\"12\" width=\"14\" height=\"4\" fill=\"%s\"/>"
                  "<text x=\"%.1f\" y=\"18\">%s</text>\n",
                  lx, color, lx + 18, text);
    o << buf;
    lx += 150;
  };
  legend("#4a6fa5", "history");
  legend("#e07b00", "forecast");
  legend("#f5a623", "interval");
  if (!d.staffing.empty()) legend("#2e7d32", "agents (right axis)");
  o << "</svg>\n";
  return o.str();
}

std::string RenderCoverageSvg(const std::string& title, int intervals_per_day,
                              const std::vector<std::string>& day_labels,
                              const std::vector<CoveragePanel>& panels) {
  // The intervals shown: open on some panel.
  size_t n = 0;
  for (const auto& p : panels) n = std::max(n, p.need.size());
  std::vector<size_t> shown;
  for (size_t i = 0; i < n; ++i) {
    bool any = false;
    for (const auto& p : panels)
      any = any || (i < p.need.size() && p.need[i] > 0) ||
            (i < p.scheduled.size() && p.scheduled[i] > 0);
    if (any) shown.push_back(i);
  }
  const double W = 1100, left = 60, right = 20, top = 40, panel_h = 170, gap = 30;
  const double H = top + static_cast<double>(panels.size()) * (panel_h + gap) + 20;
  const double plot_w = W - left - right;
  const double dx = shown.empty() ? 1 : plot_w / static_cast<double>(shown.size());
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H
    << "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  o << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o << "<text x=\"" << left << "\" y=\"22\" font-size=\"15\">" << Escape(title) << "</text>\n";
  o << "<text x=\"" << W - right - 260 << "\" y=\"22\"><tspan fill=\"#9ecae1\">&#9632; need</tspan>"
    << "  <tspan fill=\"#d62728\">&#9472; scheduled</tspan>  <tspan fill=\"#e6550d\">&#9632; "
       "short</tspan></text>\n";
  char buf[64];
  for (size_t pi = 0; pi < panels.size(); ++pi) {
    const CoveragePanel& p = panels[pi];
    const double y0 = top + static_cast<double>(pi) * (panel_h + gap);
    double ymax = 1;
    for (size_t i : shown) {
      if (i < p.need.size()) ymax = std::max(ymax, p.need[i]);
      if (i < p.scheduled.size()) ymax = std::max(ymax, p.scheduled[i]);
    }
    const double step = NiceStep(ymax, 4);
    ymax = std::ceil(ymax / step) * step;
    auto Y = [&](double v) { return y0 + panel_h - v / ymax * panel_h; };
    o << "<text x=\"" << left << "\" y=\"" << y0 - 6 << "\" font-weight=\"bold\">" << Escape(p.name)
      << "</text>\n";
    for (double v = 0; v <= ymax + 1e-9; v += step) {
      std::snprintf(buf, sizeof buf, "%.1f", Y(v));
      o << "<line x1=\"" << left << "\" x2=\"" << W - right << "\" y1=\"" << buf << "\" y2=\""
        << buf << "\" stroke=\"#eee\"/><text x=\"" << left - 6 << "\" y=\"" << buf
        << "\" text-anchor=\"end\" dominant-baseline=\"middle\">" << v << "</text>\n";
    }
    // Need as bars, shortfall on top in orange, scheduled as a step line.
    std::ostringstream line;
    for (size_t j = 0; j < shown.size(); ++j) {
      const size_t i = shown[j];
      const double need = i < p.need.size() ? p.need[i] : 0;
      const double sch = i < p.scheduled.size() ? p.scheduled[i] : 0;
      const double x = left + static_cast<double>(j) * dx;
      if (need > 0) {
        std::snprintf(buf, sizeof buf, "%.2f", x);
        o << "<rect x=\"" << buf << "\" y=\"" << Y(need) << "\" width=\"" << dx << "\" height=\""
          << panel_h - (Y(need) - y0) << "\" fill=\"#9ecae1\"/>";
        if (sch < need)
          o << "<rect x=\"" << buf << "\" y=\"" << Y(need) << "\" width=\"" << dx << "\" height=\""
            << Y(sch) - Y(need) << "\" fill=\"#e6550d\" opacity=\"0.8\"/>";
      }
      line << (j == 0 ? "M" : "L") << x << " " << Y(sch) << " L" << x + dx << " " << Y(sch) << " ";
    }
    o << "\n<path d=\"" << line.str()
      << "\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.2\"/>\n";
    // Day boundaries.
    int last_day = -1;
    for (size_t j = 0; j < shown.size(); ++j) {
      const int day = static_cast<int>(shown[j]) / std::max(1, intervals_per_day);
      if (day == last_day) continue;
      last_day = day;
      const double x = left + static_cast<double>(j) * dx;
      o << "<line x1=\"" << x << "\" x2=\"" << x << "\" y1=\"" << y0 << "\" y2=\"" << y0 + panel_h
        << "\" stroke=\"#999\"/>";
      if (static_cast<size_t>(day) < day_labels.size())
        o << "<text x=\"" << x + 3 << "\" y=\"" << y0 + panel_h + 12 << "\">"
          << Escape(day_labels[static_cast<size_t>(day)]) << "</text>";
      o << "\n";
    }
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace weft::io
