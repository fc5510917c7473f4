// Interval forecasting of contact arrivals, with calibrated intervals.
//
// Methods (all work on the open slots of a day; a closed day or slot is not
// zero demand):
//  - seasonal naive: the same slot on the latest earlier open day of the same
//    weekday (normally one week earlier) — the baseline;
//  - weekday profile: a recency-weighted mean of the last four same-weekday
//    daily totals times an intraday shape (same-weekday shares shrunk to the
//    shares of all recent days, lightly smoothed across neighbouring slots);
//  - pooled profile: a level from the last week's weekday-adjusted totals
//    times a weekday index times the shape;
//  - Holt-Winters: multiplicative exponential smoothing with an intraday and
//    an intraweek seasonal cycle (Taylor 2003), smoothing constants chosen on
//    the history by day-ahead squared error;
//  - trend decomposition: weekday-adjusted daily totals with a robust
//    (Theil–Sen) damped trend, times weekday index and shape;
//  - combination: the per-slot median of the four models above.
// The method is chosen by a rolling-origin backtest on the history itself
// (lowest WAPE). Prediction intervals come from the same backtest: the
// residuals y − f scaled by sqrt(f + φ f²) (Poisson with over-dispersion φ,
// fitted by moments), whose empirical quantiles give the bounds — so the
// coverage is learnt from out-of-sample errors, not assumed.
// Pure computation: no I/O; deterministic.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "forecast/series.h"

namespace weft::forecast {

enum class Method {
  kSeasonalNaive,
  kWeekdayProfile,
  kPooledProfile,
  kHoltWinters,
  kTrendDecomposition,
  kCombination,
};
std::string_view MethodName(Method m);
std::optional<Method> MethodFromName(std::string_view name);
// Every method, the baseline first.
std::span<const Method> AllMethods();

// A day to forecast: its date and which slots are open.
struct TargetDay {
  Date date = 0;
  std::vector<uint8_t> open;
};

// Point forecasts, one vector per target day (0 at closed slots).
// REQUIRES: history is non-empty; target days come after it.
std::vector<std::vector<double>> PointForecast(Method m, const IntervalSeries& history,
                                               std::span<const TargetDay> days);

// y lies within f + q·sqrt(f + phi·f²) for q in [q_lo, q_hi] with the
// nominal probability.
struct IntervalModel {
  double phi = 0;
  double q_lo = -1.2816, q_hi = 1.2816;  // Poisson-normal until calibrated
  int residuals = 0;                     // how many backtest errors it was fitted on
  double Lower(double f) const;
  double Upper(double f) const;
};

// A known future event: multiplies the forecast in [start, end) (minutes of
// local time since 1970-01-01); 0 closes the centre.
struct Event {
  int64_t start_minute = 0, end_minute = 0;
  double multiplier = 1;
  std::string name;
};

struct ForecastParams {
  int horizon_days = 7;          // forecast horizon, calendar days
  int folds = 3;                 // rolling origins used to choose and calibrate (recent errors)
  int min_train_days = 14;       // history a backtest origin needs behind it
  double level = 0.8;            // nominal coverage of the interval
  std::optional<Method> method;  // force a method instead of choosing
  int opening_weeks = 4;         // weeks of history that define opening hours
};

struct MethodScore {
  Method method = Method::kSeasonalNaive;
  double wape = 0;      // sum |y − f| / sum y
  double mase = 0;      // MAE / in-sample MAE of the one-week seasonal naive
  double coverage = 0;  // share of actuals inside the interval
  int folds = 0;
};

struct ForecastRow {
  Date date = 0;
  int slot = 0;
  double forecast = 0, lower = 0, upper = 0;
};

struct ForecastResult {
  Method method = Method::kCombination;
  IntervalModel interval;
  std::vector<MethodScore> selection;  // the backtest that chose the method
  std::vector<ForecastRow> rows;       // every open slot of the horizon
};

// Forecasts the `horizon_days` days after the history's last day, in the
// slots the history shows open by weekday.
ForecastResult Forecast(const IntervalSeries& history, const ForecastParams& p,
                        std::span<const Event> events = {});

// The rolling-origin backtest: `folds` consecutive test windows of
// `horizon_days` ending at the history's end; each method is fitted on all
// days before its window. Intervals are calibrated on earlier windows only
// (nested), and `chosen` scores the whole procedure: choose by an inner
// backtest, then forecast.
struct BacktestReport {
  std::vector<MethodScore> methods;
  MethodScore chosen;
  std::vector<Method> chosen_per_fold;
  int folds = 0;
};
BacktestReport Backtest(const IntervalSeries& history, const ForecastParams& p, int folds);

}  // namespace weft::forecast
