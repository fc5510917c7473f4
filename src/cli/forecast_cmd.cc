// `weft forecast`, `weft forecast backtest`, `weft forecast plot`.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "forecast/forecast.h"
#include "io/curtois.h"
#include "io/interval_csv.h"
#include "io/svg_plot.h"

namespace weft::cli {
namespace {

struct ForecastOpts {
  std::string history, out, events, method;
  int horizon = 7;
  int folds = 0;            // backtest: outer origins
  int selection_folds = 0;  // origins used to choose and calibrate (0: default)
  double level = 0.8;
};

Result<forecast::ForecastParams> Params(const ForecastOpts& o) {
  forecast::ForecastParams p;
  p.horizon_days = o.horizon;
  if (o.selection_folds > 0) p.folds = o.selection_folds;
  p.level = o.level;
  if (!o.method.empty() && o.method != "auto") {
    const auto m = forecast::MethodFromName(o.method);
    if (!m) {
      std::string names;
      for (auto x : forecast::AllMethods()) names += " " + std::string(forecast::MethodName(x));
      return Status::InvalidInput("--method: unknown method '" + o.method + "' (one of: auto" +
                                  names + ")");
    }
    p.method = *m;
  }
  return p;
}

std::string FormatForecastCsv(const forecast::IntervalSeries& h,
                              const forecast::ForecastResult& r) {
  std::ostringstream out;
  out << "timestamp,forecast,lower,upper\n";
  char buf[128];
  for (const auto& row : r.rows) {
    std::snprintf(buf, sizeof buf, ",%.3f,%.3f,%.3f\n", row.forecast, row.lower, row.upper);
    out << io::FormatLocalTimestamp(int64_t{row.date} * 1440 + row.slot * h.step_minutes) << buf;
  }
  return out.str();
}

int RunForecast(const ForecastOpts& o) {
  const auto start = std::chrono::steady_clock::now();
  auto params = Params(o);
  if (!params.ok()) return Fail(2, params.status().message());
  auto history = io::ReadHistoryCsv(o.history);
  if (!history.ok()) return Fail(2, history.status().message());
  std::vector<forecast::Event> events;
  if (!o.events.empty()) {
    auto text = io::ReadFile(o.events);
    if (!text.ok()) return Fail(2, text.status().message());
    auto ev = io::ParseEventsCsv(*text, o.events);
    if (!ev.ok()) return Fail(2, ev.status().message());
    events = std::move(*ev);
  }
  const auto res = forecast::Forecast(*history, *params, events);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (auto st = io::WriteFile(o.out, FormatForecastCsv(*history, res)); !st.ok())
    return Fail(1, st.message());
  nlohmann::json sel = nlohmann::json::array();
  for (const auto& s : res.selection)
    sel.push_back({{"method", forecast::MethodName(s.method)}, {"wape", s.wape}, {"mase", s.mase}});
  nlohmann::json j = {{"method", forecast::MethodName(res.method)},
                      {"interval_minutes", history->step_minutes},
                      {"rows", res.rows.size()},
                      {"horizon_days", o.horizon},
                      {"interval_phi", res.interval.phi},
                      {"interval_q", {res.interval.q_lo, res.interval.q_hi}},
                      {"selection", sel},
                      {"seconds", seconds}};
  std::cout << j.dump() << '\n';
  return 0;
}

int RunBacktest(const ForecastOpts& o) {
  const auto start = std::chrono::steady_clock::now();
  auto params = Params(o);
  if (!params.ok()) return Fail(2, params.status().message());
  auto history = io::ReadHistoryCsv(o.history);
  if (!history.ok()) return Fail(2, history.status().message());
  const auto rep = forecast::Backtest(*history, *params, o.folds);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (rep.folds == 0)
    return Fail(2, o.history + ": too little history for a backtest with a horizon of " +
                       std::to_string(o.horizon) + " days (each origin needs " +
                       std::to_string(params->min_train_days) + " days behind it)");
  double naive = 0;
  for (const auto& m : rep.methods)
    if (m.method == forecast::Method::kSeasonalNaive) naive = m.wape;
  std::printf(
      "rolling-origin backtest: %d folds of %d days, %d-minute intervals, %.0f%% intervals\n",
      rep.folds, o.horizon, history->step_minutes, o.level * 100);
  std::printf("%-22s %8s %8s %8s %10s\n", "method", "WAPE", "MASE", "cover", "WAPE/naive");
  auto line = [&](const std::string& name, const forecast::MethodScore& m) {
    std::printf("%-22s %8.4f %8.4f %7.1f%% %10.3f\n", name.c_str(), m.wape, m.mase,
                m.coverage * 100, naive > 0 ? m.wape / naive : 0);
  };
  for (const auto& m : rep.methods) line(std::string(forecast::MethodName(m.method)), m);
  line("chosen (nested)", rep.chosen);
  std::string picks;
  for (auto m : rep.chosen_per_fold)
    picks += std::string(picks.empty() ? "" : ", ") + std::string(forecast::MethodName(m));
  std::printf("chosen per fold (oldest last): %s\n", picks.c_str());
  nlohmann::json methods = nlohmann::json::object();
  for (const auto& m : rep.methods)
    methods[std::string(forecast::MethodName(m.method))] = {
        {"wape", m.wape}, {"mase", m.mase}, {"coverage", m.coverage}};
  nlohmann::json j = {{"folds", rep.folds},
                      {"horizon_days", o.horizon},
                      {"naive_wape", naive},
                      {"chosen_wape", rep.chosen.wape},
                      {"chosen_mase", rep.chosen.mase},
                      {"chosen_coverage", rep.chosen.coverage},
                      {"wape_ratio", naive > 0 ? rep.chosen.wape / naive : 0},
                      {"methods", methods},
                      {"seconds", seconds}};
  std::cout << j.dump() << '\n';
  return 0;
}

struct PlotOpts {
  std::string history, forecast, staffing, out;
  int days = 14;
};

int RunPlot(const PlotOpts& o) {
  auto history = io::ReadHistoryCsv(o.history);
  if (!history.ok()) return Fail(2, history.status().message());
  auto text = io::ReadFile(o.forecast);
  if (!text.ok()) return Fail(2, text.status().message());
  auto fc = io::ParseCsvTable(*text, o.forecast, {"timestamp", "forecast"});
  if (!fc.ok()) return Fail(2, fc.status().message());
  io::PlotData plot;
  plot.title = "Forecast: " + o.forecast;
  const int64_t first_shown =
      history->days.empty() ? 0 : (int64_t{history->days.back().date} - o.days + 1) * 1440;
  for (const auto& d : history->days)
    for (size_t s = 0; s < d.open.size(); ++s) {
      const int64_t t = int64_t{d.date} * 1440 + static_cast<int64_t>(s) * history->step_minutes;
      if (d.open[s] && t >= first_shown) plot.history.push_back({t, d.value[s]});
    }
  const int lo = fc->Column("lower"), hi = fc->Column("upper");
  for (size_t i = 0; i < fc->rows.size(); ++i) {
    const auto& row = fc->rows[i];
    auto t = io::ParseLocalTimestamp(row[0]);
    auto f = io::ParseNumber(row[static_cast<size_t>(fc->Column("forecast"))], true);
    if (!t.ok() || !f.ok())
      return Fail(2, o.forecast + ":" + std::to_string(fc->lines[i]) + ": " +
                         (t.ok() ? f.status() : t.status()).message());
    io::PlotPoint p{*t, *f, *f, *f};
    if (lo >= 0 && hi >= 0) {
      auto l = io::ParseNumber(row[static_cast<size_t>(lo)], true);
      auto u = io::ParseNumber(row[static_cast<size_t>(hi)], true);
      if (l.ok() && u.ok()) p.lower = *l, p.upper = *u;
    }
    plot.forecast.push_back(p);
  }
  if (!o.staffing.empty()) {
    auto st = io::ReadFile(o.staffing);
    if (!st.ok()) return Fail(2, st.status().message());
    auto table = io::ParseCsvTable(*st, o.staffing, {"timestamp", "agents"});
    if (!table.ok()) return Fail(2, table.status().message());
    const int ca = table->Column("agents");
    for (size_t i = 0; i < table->rows.size(); ++i) {
      auto t = io::ParseLocalTimestamp(table->rows[i][0]);
      auto a = io::ParseNumber(table->rows[i][static_cast<size_t>(ca)], true);
      if (!t.ok() || !a.ok())
        return Fail(2, o.staffing + ":" + std::to_string(table->lines[i]) + ": " +
                           (t.ok() ? a.status() : t.status()).message());
      plot.staffing.push_back({*t, *a});
    }
  }
  if (auto s = io::WriteFile(o.out, io::RenderForecastSvg(plot)); !s.ok())
    return Fail(1, s.message());
  std::cout << nlohmann::json{{"svg", o.out},
                              {"history_points", plot.history.size()},
                              {"forecast_points", plot.forecast.size()},
                              {"staffing_points", plot.staffing.size()}}
                   .dump()
            << '\n';
  return 0;
}

}  // namespace

void RegisterForecast(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ForecastOpts>();
  auto* cmd = app.add_subcommand(
      "forecast",
      "Forecast contacts per interval from history (method chosen by backtest), with an 80% "
      "interval.\nWrites timestamp,forecast,lower,upper for every open interval of the horizon.");
  cmd->add_option("--history", o->history, "History CSV: timestamp,count (any regular interval)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--horizon", o->horizon, "Days to forecast after the history")
      ->check(CLI::Range(1, 366));
  cmd->add_option("--out", o->out, "Forecast CSV to write");
  cmd->add_option("--events", o->events, "Events CSV: start,end,multiplier[,name]")
      ->check(CLI::ExistingFile);
  cmd->add_option("--method", o->method,
                  "auto (default: chosen by backtest), seasonal_naive, weekday_profile, "
                  "pooled_profile, holt_winters, trend_decomposition, combination");
  cmd->add_option("--folds", o->selection_folds, "Rolling origins used to choose and calibrate")
      ->check(CLI::Range(1, 52));
  cmd->add_option("--level", o->level, "Nominal coverage of the interval")
      ->check(CLI::Range(0.5, 0.99));
  cmd->require_subcommand(0, 1);

  auto b = std::make_shared<ForecastOpts>();
  auto* bt = cmd->add_subcommand(
      "backtest",
      "Rolling-origin backtest: WAPE, MASE and interval coverage per method and for the "
      "chosen one,\nnext to the seasonal naive baseline (same slot one week earlier).");
  bt->add_option("--history", b->history, "History CSV")->required()->check(CLI::ExistingFile);
  bt->add_option("--horizon", b->horizon, "Days ahead per origin")->check(CLI::Range(1, 366));
  bt->add_option("--folds", b->folds, "Number of rolling origins")->check(CLI::Range(1, 52));
  bt->add_option("--selection-folds", b->selection_folds,
                 "Inner origins used to choose and calibrate at each fold")
      ->check(CLI::Range(1, 52));
  bt->add_option("--method", b->method, "Score this method as the chosen one (default: auto)");
  bt->add_option("--level", b->level, "Nominal coverage")->check(CLI::Range(0.5, 0.99));
  b->folds = 4;
  bt->callback([b, &exit_code] {
    ForecastOpts o = *b;
    exit_code = RunBacktest(o);
  });

  auto p = std::make_shared<PlotOpts>();
  auto* pl =
      cmd->add_subcommand("plot", "SVG of history, forecast with its interval, and staffing.");
  pl->add_option("--history", p->history, "History CSV")->required()->check(CLI::ExistingFile);
  pl->add_option("--forecast", p->forecast, "Forecast CSV (weft forecast)")
      ->required()
      ->check(CLI::ExistingFile);
  pl->add_option("--staffing", p->staffing, "Staffing CSV (weft staff), drawn on a second axis")
      ->check(CLI::ExistingFile);
  pl->add_option("--days", p->days, "Days of history to show")->check(CLI::Range(1, 366));
  pl->add_option("--out", p->out, "SVG file to write")->required();
  pl->callback([p, &exit_code] { exit_code = RunPlot(*p); });

  cmd->callback([bt, pl, o, &exit_code] {
    if (bt->parsed() || pl->parsed()) return;
    if (o->history.empty() || o->out.empty()) {
      exit_code = Fail(2, "forecast: --history and --out are required (see weft forecast --help)");
      return;
    }
    exit_code = RunForecast(*o);
  });
}

}  // namespace weft::cli
