#include "forecast/forecast.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <numeric>

namespace weft::forecast {
namespace {

constexpr std::array<Method, 6> kMethods = {Method::kSeasonalNaive,      Method::kWeekdayProfile,
                                            Method::kPooledProfile,      Method::kHoltWinters,
                                            Method::kTrendDecomposition, Method::kCombination};
constexpr std::array<std::string_view, 6> kNames = {"seasonal_naive",      "weekday_profile",
                                                    "pooled_profile",      "holt_winters",
                                                    "trend_decomposition", "combination"};
constexpr size_t kNumMethods = kMethods.size();
// Another method must beat the combination's backtest WAPE by this share to
// be chosen over it (short backtests are noisy; combinations hold up best).
constexpr double kCombinationMargin = 0.02;
// Bandwidth of the intraday shape's smoothing kernel, minutes.
constexpr double kSmoothMinutes = 7.5;

using Grid = std::vector<std::vector<double>>;  // per target day, per slot

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  const size_t n = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(n), v.end());
  const double hi = v[n];
  if (v.size() % 2 == 1) return hi;
  return (*std::max_element(v.begin(), v.begin() + static_cast<long>(n)) + hi) / 2;
}

// Empirical quantile (linear interpolation), q in [0, 1].
double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto i = static_cast<size_t>(std::floor(pos));
  const double frac = pos - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] * (1 - frac) + v[i + 1] * frac : v[i];
}

// Facts about the history shared by the models.
class Facts {
 public:
  explicit Facts(const IntervalSeries& h) : h_(h), S_(h.slots_per_day()) {
    for (size_t i = 0; i < h.days.size(); ++i) total_.push_back(h.DayTotal(i));
    BuildWeekdayIndex();
  }

  int slots() const { return S_; }
  size_t n() const { return h_.days.size(); }
  Date date(size_t i) const { return h_.days[i].date; }
  double total(size_t i) const { return total_[i]; }
  double index(int w) const { return index_[static_cast<size_t>(w)]; }
  const IntervalSeries& h() const { return h_; }

  // The most recent days of weekday w (-1: any), newest first, at most k.
  std::vector<size_t> Recent(int w, size_t k) const {
    std::vector<size_t> out;
    for (size_t i = n(); i-- > 0 && out.size() < k;)
      if (w < 0 || Weekday(date(i)) == w) out.push_back(i);
    return out;
  }

  // Weekday-adjusted daily total.
  double Adjusted(size_t i) const { return total_[i] / index(Weekday(date(i))); }

  // Intraday shares of weekday w: recency-weighted same-weekday shares shrunk
  // towards the shares of all recent days, smoothed over neighbouring slots.
  std::vector<double> Shape(int w) const {
    auto shares = [&](const std::vector<size_t>& days, double rho, std::vector<double>& out,
                      std::vector<uint8_t>& seen) {
      out.assign(static_cast<size_t>(S_), 0);
      seen.assign(static_cast<size_t>(S_), 0);
      double wsum = 0, weight = 1;
      for (size_t i : days) {
        if (total_[i] <= 0) continue;
        const auto& d = h_.days[i];
        for (int s = 0; s < S_; ++s) {
          const auto si = static_cast<size_t>(s);
          out[si] += weight * d.value[si] / total_[i];
          seen[si] = seen[si] || d.open[si];
        }
        wsum += weight;
        weight *= rho;
      }
      if (wsum > 0)
        for (double& x : out) x /= wsum;
      return wsum > 0;
    };
    std::vector<double> own, all;
    std::vector<uint8_t> own_seen, all_seen;
    const auto mine = Recent(w, 6);
    const bool have_own = shares(mine, 0.7, own, own_seen);
    shares(Recent(-1, 10), 0.85, all, all_seen);
    std::vector<double> shape(static_cast<size_t>(S_));
    std::vector<uint8_t> seen = have_own ? own_seen : all_seen;
    const double lambda =
        have_own ? static_cast<double>(mine.size()) / (static_cast<double>(mine.size()) + 2) : 0;
    // All-day shares are rescaled onto the slots this weekday opens.
    double own_mass = 0, all_mass = 0;
    for (int s = 0; s < S_; ++s)
      if (seen[static_cast<size_t>(s)]) {
        own_mass += own[static_cast<size_t>(s)];
        all_mass += all[static_cast<size_t>(s)];
      }
    const double rescale = all_mass > 0 && have_own ? own_mass / all_mass : 1;
    for (int s = 0; s < S_; ++s) {
      const auto si = static_cast<size_t>(s);
      shape[si] = seen[si] ? lambda * own[si] + (1 - lambda) * all[si] * rescale : 0;
    }
    // Arrival profiles are smooth over a few minutes, single slots are
    // noisy: a kernel over neighbouring open slots with a bandwidth in
    // minutes (strong at 5-minute slots, nil at an hour).
    const double wn = std::exp(-std::pow(h_.step_minutes / kSmoothMinutes, 2));
    std::vector<double> out(shape);
    for (int s = 0; s < S_; ++s) {
      const auto si = static_cast<size_t>(s);
      if (!seen[si]) continue;
      const double l = s > 0 && seen[si - 1] ? shape[si - 1] : shape[si];
      const double r = s + 1 < S_ && seen[si + 1] ? shape[si + 1] : shape[si];
      out[si] = (wn * l + shape[si] + wn * r) / (1 + 2 * wn);
    }
    return out;
  }

 private:
  // index(w): the mean ratio of a weekday's total to its calendar week's mean
  // open-day total, normalised to mean 1 over the weekdays seen.
  void BuildWeekdayIndex() {
    index_.fill(1);
    if (n() == 0) return;
    const Date last = date(n() - 1);
    std::array<double, 7> sum{}, cnt{};
    size_t i = 0;
    while (i < n()) {
      const Date week = static_cast<Date>(std::floor((date(i) + 3) / 7.0));
      size_t j = i;
      double wsum = 0;
      while (j < n() && static_cast<Date>(std::floor((date(j) + 3) / 7.0)) == week)
        wsum += total_[j++];
      const double mean = wsum / static_cast<double>(j - i);
      if (j - i >= 3 && mean > 0 && date(i) > last - 56)
        for (size_t k = i; k < j; ++k) {
          const auto w = static_cast<size_t>(Weekday(date(k)));
          sum[w] += total_[k] / mean;
          cnt[w] += 1;
        }
      i = j;
    }
    double m = 0;
    int seen = 0;
    for (size_t w = 0; w < 7; ++w)
      if (cnt[w] > 0) {
        index_[w] = sum[w] / cnt[w];
        m += index_[w];
        ++seen;
      }
    if (seen == 0) return;
    m /= seen;
    for (size_t w = 0; w < 7; ++w)
      if (cnt[w] > 0 && m > 0) index_[w] = std::max(index_[w] / m, 1e-3);
  }

  const IntervalSeries& h_;
  int S_;
  std::vector<double> total_;
  std::array<double, 7> index_{};
};

Grid Shaped(const Facts& f, std::span<const TargetDay> days,
            const std::function<double(const TargetDay&)>& total) {
  Grid out;
  for (const auto& t : days) {
    const auto shape = f.Shape(Weekday(t.date));
    const double tot = total(t);
    std::vector<double> v(static_cast<size_t>(f.slots()), 0);
    for (int s = 0; s < f.slots(); ++s)
      if (t.open[static_cast<size_t>(s)])
        v[static_cast<size_t>(s)] = tot * shape[static_cast<size_t>(s)];
    out.push_back(std::move(v));
  }
  return out;
}

Grid SeasonalNaive(const Facts& f, std::span<const TargetDay> days) {
  Grid out;
  for (const auto& t : days) {
    std::vector<double> v(static_cast<size_t>(f.slots()), 0);
    const auto same = f.Recent(Weekday(t.date), f.n());
    const auto any = f.Recent(-1, f.n());
    for (int s = 0; s < f.slots(); ++s) {
      const auto si = static_cast<size_t>(s);
      if (!t.open[si]) continue;
      bool found = false;
      for (const auto* list : {&same, &any}) {
        for (size_t i : *list)
          if (f.h().days[i].open[si]) {
            v[si] = f.h().days[i].value[si];
            found = true;
            break;
          }
        if (found) break;
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

Grid WeekdayProfile(const Facts& f, std::span<const TargetDay> days) {
  return Shaped(f, days, [&](const TargetDay& t) {
    auto recent = f.Recent(Weekday(t.date), 4);
    double sum = 0, wsum = 0, w = 1;
    for (size_t i : recent) sum += w * f.total(i), wsum += w, w *= 0.7;
    if (wsum > 0) return sum / wsum;
    recent = f.Recent(-1, 5);  // weekday never seen: recent days, adjusted
    for (size_t i : recent) sum += f.Adjusted(i), wsum += 1;
    return wsum > 0 ? sum / wsum * f.index(Weekday(t.date)) : 0.0;
  });
}

Grid PooledProfile(const Facts& f, std::span<const TargetDay> days) {
  double level = 0;
  const auto recent = f.Recent(-1, 5);
  for (size_t i : recent) level += f.Adjusted(i);
  if (!recent.empty()) level /= static_cast<double>(recent.size());
  return Shaped(f, days, [&](const TargetDay& t) { return level * f.index(Weekday(t.date)); });
}

Grid TrendDecomposition(const Facts& f, std::span<const TargetDay> days) {
  const Date last = f.date(f.n() - 1);
  std::vector<double> t, z;
  for (size_t i = 0; i < f.n(); ++i)
    if (f.date(i) > last - 42) {
      t.push_back(f.date(i) - last);
      z.push_back(f.Adjusted(i));
    }
  double slope = 0, at_last = Median(z);
  if (z.size() >= 5) {
    std::vector<double> slopes;
    for (size_t i = 0; i < z.size(); ++i)
      for (size_t j = i + 1; j < z.size(); ++j)
        if (t[j] != t[i]) slopes.push_back((z[j] - z[i]) / (t[j] - t[i]));
    slope = Median(slopes);
    std::vector<double> icpt;
    for (size_t i = 0; i < z.size(); ++i) icpt.push_back(z[i] - slope * t[i]);
    at_last = Median(icpt);
  }
  constexpr double kDamp = 0.95;  // per day
  return Shaped(f, days, [&](const TargetDay& td) {
    const int h = td.date - last;
    double steps = 0, phi = 1;
    for (int k = 1; k <= h; ++k) phi *= kDamp, steps += phi;
    return std::max(0.0, at_last + slope * steps) * f.index(Weekday(td.date));
  });
}

// Multiplicative Holt-Winters with intraday (D) and intraweek (W) cycles:
// y ≈ level · D[slot] · W[weekday][slot].
class HoltWinters {
 public:
  HoltWinters(const Facts& f, double alpha, double delta, double omega)
      : f_(f), S_(f.slots()), a_(alpha), d_(delta), w_(omega) {}

  // Runs over the history; returns the day-ahead squared error after the
  // first week (a forecast made at each day's start).
  double Run() {
    const auto& h = f_.h();
    D_.assign(static_cast<size_t>(S_), 1);
    W_.assign(static_cast<size_t>(7 * S_), 1);
    // Initial level and intraday cycle from the first (up to) five days.
    double sum = 0, cnt = 0;
    std::vector<double> ds(static_cast<size_t>(S_), 0), dc(static_cast<size_t>(S_), 0);
    for (size_t i = 0; i < std::min<size_t>(5, f_.n()); ++i)
      for (int s = 0; s < S_; ++s) {
        const auto si = static_cast<size_t>(s);
        if (!h.days[i].open[si]) continue;
        sum += h.days[i].value[si], cnt += 1;
        ds[si] += h.days[i].value[si], dc[si] += 1;
      }
    level_ = cnt > 0 ? std::max(sum / cnt, 1e-3) : 1;
    for (int s = 0; s < S_; ++s) {
      const auto si = static_cast<size_t>(s);
      D_[si] = dc[si] > 0 ? ds[si] / dc[si] / level_ : 1;
    }
    double sse = 0;
    const Date first = f_.n() ? f_.date(0) : 0;
    for (size_t i = 0; i < f_.n(); ++i) {
      const auto& day = h.days[i];
      const size_t w = static_cast<size_t>(Weekday(day.date));
      const double start_level = level_;
      for (int s = 0; s < S_; ++s) {
        const auto si = static_cast<size_t>(s);
        if (!day.open[si]) continue;
        double& ws = W_[w * static_cast<size_t>(S_) + si];
        const double y = day.value[si];
        if (day.date >= first + 7) {
          const double e = y - start_level * D_[si] * ws;
          sse += e * e;
        }
        const double l_old = level_;
        level_ = a_ * y / std::max(D_[si] * ws, 1e-3) + (1 - a_) * level_;
        level_ = std::max(level_, 1e-3);
        D_[si] = d_ * y / std::max(l_old * ws, 1e-3) + (1 - d_) * D_[si];
        ws = w_ * y / std::max(l_old * D_[si], 1e-3) + (1 - w_) * ws;
      }
    }
    return sse;
  }

  double Predict(Date date, int slot) const {
    const auto si = static_cast<size_t>(slot);
    return std::max(0.0, level_ * D_[si] *
                             W_[static_cast<size_t>(Weekday(date)) * static_cast<size_t>(S_) + si]);
  }

 private:
  const Facts& f_;
  int S_;
  double a_, d_, w_;
  double level_ = 1;
  std::vector<double> D_, W_;
};

Grid HoltWintersForecast(const Facts& f, std::span<const TargetDay> days) {
  double best = -1;
  std::array<double, 3> pick{0.003, 0.1, 0.15};
  for (double a : {0.001, 0.003, 0.01, 0.03})
    for (double d : {0.05, 0.1, 0.2, 0.4})
      for (double w : {0.05, 0.15, 0.3, 0.5}) {
        HoltWinters hw(f, a, d, w);
        const double sse = hw.Run();
        if (best < 0 || sse < best) best = sse, pick = {a, d, w};
      }
  HoltWinters hw(f, pick[0], pick[1], pick[2]);
  hw.Run();
  Grid out;
  for (const auto& t : days) {
    std::vector<double> v(static_cast<size_t>(f.slots()), 0);
    for (int s = 0; s < f.slots(); ++s)
      if (t.open[static_cast<size_t>(s)]) v[static_cast<size_t>(s)] = hw.Predict(t.date, s);
    out.push_back(std::move(v));
  }
  return out;
}

// Every method's forecast, in kMethods order.
std::array<Grid, kNumMethods> AllForecasts(const IntervalSeries& history,
                                           std::span<const TargetDay> days) {
  const Facts f(history);
  std::array<Grid, kNumMethods> out;
  out[0] = SeasonalNaive(f, days);
  out[1] = WeekdayProfile(f, days);
  out[2] = PooledProfile(f, days);
  out[3] = HoltWintersForecast(f, days);
  out[4] = TrendDecomposition(f, days);
  Grid comb = out[1];
  for (size_t i = 0; i < days.size(); ++i)
    for (int s = 0; s < f.slots(); ++s) {
      const auto si = static_cast<size_t>(s);
      comb[i][si] = Median({out[1][i][si], out[2][i][si], out[3][i][si], out[4][i][si]});
    }
  out[5] = std::move(comb);
  return out;
}

size_t IndexOf(Method m) {
  return static_cast<size_t>(std::find(kMethods.begin(), kMethods.end(), m) - kMethods.begin());
}

// In-sample MAE of the one-week seasonal naive: the MASE scale.
double NaiveScale(const IntervalSeries& h) {
  double sum = 0, cnt = 0;
  size_t j = 0;
  for (size_t i = 0; i < h.days.size(); ++i) {
    while (j < i && h.days[j].date < h.days[i].date - 7) ++j;
    if (j >= i || h.days[j].date != h.days[i].date - 7) continue;
    for (size_t s = 0; s < h.days[i].value.size(); ++s)
      if (h.days[i].open[s] && h.days[j].open[s]) {
        sum += std::abs(h.days[i].value[s] - h.days[j].value[s]);
        cnt += 1;
      }
  }
  return cnt > 0 && sum > 0 ? sum / cnt : 1;
}

// Actuals and forecasts of one method over backtest windows.
struct Errors {
  std::vector<double> y, f;
  double mase_sum = 0;
  int folds = 0;
  int days = 0;  // distinct days the errors come from
};

// Test windows: [end - (k+1)h, end - k h) for k = 0..folds-1, newest first,
// keeping those with at least min_train_days of history behind them.
std::vector<std::pair<Date, Date>> Windows(const IntervalSeries& h, int horizon, int folds,
                                           int min_train_days) {
  std::vector<std::pair<Date, Date>> out;
  if (h.days.empty() || horizon <= 0) return out;
  const Date end = h.days.back().date + 1, first = h.days.front().date;
  for (int k = 0; k < folds; ++k) {
    const Date to = end - k * horizon, from = to - horizon;
    if (from - first < min_train_days) break;
    out.emplace_back(from, to);
  }
  return out;
}

// Runs every method over the windows.
std::array<Errors, kNumMethods> Evaluate(const IntervalSeries& h, int horizon, int folds,
                                         int min_train_days) {
  std::array<Errors, kNumMethods> out;
  for (const auto& [from, to] : Windows(h, horizon, folds, min_train_days)) {
    const IntervalSeries train = h.Before(from), test = h.Between(from, to);
    if (train.days.empty() || test.days.empty()) continue;
    std::vector<TargetDay> days;
    for (const auto& d : test.days) days.push_back({d.date, d.open});
    const auto fc = AllForecasts(train, days);
    const double scale = NaiveScale(train);
    for (size_t m = 0; m < kNumMethods; ++m) {
      double abs = 0, cnt = 0;
      out[m].days += static_cast<int>(days.size());
      for (size_t i = 0; i < days.size(); ++i)
        for (size_t s = 0; s < days[i].open.size(); ++s)
          if (days[i].open[s]) {
            const double y = test.days[i].value[s], f = fc[m][i][s];
            out[m].y.push_back(y);
            out[m].f.push_back(f);
            abs += std::abs(y - f), cnt += 1;
          }
      if (cnt > 0) out[m].mase_sum += abs / cnt / scale;
      ++out[m].folds;
    }
  }
  return out;
}

double Wape(const Errors& e) {
  double num = 0, den = 0;
  for (size_t i = 0; i < e.y.size(); ++i) num += std::abs(e.y[i] - e.f[i]), den += e.y[i];
  return den > 0 ? num / den : 0;
}

IntervalModel Calibrate(const Errors& e, double level) {
  IntervalModel m;
  if (e.y.size() < 10) return m;  // too few errors to learn from: Poisson
  double num = 0, den = 0;
  for (size_t i = 0; i < e.y.size(); ++i) {
    const double f = std::max(e.f[i], 0.0), r = e.y[i] - f;
    num += r * r - f;
    den += f * f;
  }
  m.phi = den > 0 ? std::max(0.0, num / den) : 0;
  std::vector<double> z;
  z.reserve(e.y.size());
  for (size_t i = 0; i < e.y.size(); ++i) {
    const double f = std::max(e.f[i], 0.0);
    z.push_back((e.y[i] - f) / std::sqrt(std::max(f + m.phi * f * f, 1.0)));
  }
  // Errors share a day's shock, so the quantiles rest on few independent
  // days: widen them as a prediction interval from that many draws would.
  const double widen = e.days > 0 ? std::sqrt(1 + 1.0 / e.days) : 1;
  // Finite-sample (split conformal) levels: the ⌈(n+1)p⌉-th of n errors.
  const double n = static_cast<double>(z.size());
  const double p_lo = std::max(0.0, ((1 - level) / 2 * (n + 1) - 1) / n);
  const double p_hi = std::min(1.0, (1 + level) / 2 * (n + 1) / n);
  m.q_lo = Quantile(z, p_lo) * widen;
  m.q_hi = Quantile(z, p_hi) * widen;
  m.residuals = static_cast<int>(z.size());
  return m;
}

// Chooses the method with the lowest backtest WAPE and calibrates every
// method's interval on the same backtest.
struct Selection {
  Method method = Method::kCombination;
  std::array<IntervalModel, kNumMethods> interval;
  std::vector<MethodScore> scores;
};
Selection Select(const IntervalSeries& h, const ForecastParams& p) {
  Selection sel;
  const auto ev = Evaluate(h, p.horizon_days, p.folds, p.min_train_days);
  double best = -1;
  for (size_t m = 0; m < kNumMethods; ++m) {
    sel.interval[m] = Calibrate(ev[m], p.level);
    if (ev[m].y.empty()) continue;
    MethodScore sc;
    sc.method = kMethods[m];
    sc.wape = Wape(ev[m]);
    sc.mase = ev[m].folds ? ev[m].mase_sum / ev[m].folds : 0;
    sc.folds = ev[m].folds;
    sel.scores.push_back(sc);
    if (best < 0 || sc.wape < best) best = sc.wape, sel.method = kMethods[m];
  }
  // The combination is the robust default: another method must beat it
  // clearly on a short backtest to be chosen.
  for (const auto& sc : sel.scores)
    if (sc.method == Method::kCombination && sc.wape * (1 - kCombinationMargin) <= best)
      sel.method = Method::kCombination;
  return sel;
}

}  // namespace

std::string_view MethodName(Method m) { return kNames[IndexOf(m)]; }

std::optional<Method> MethodFromName(std::string_view name) {
  for (size_t i = 0; i < kNumMethods; ++i)
    if (kNames[i] == name) return kMethods[i];
  return std::nullopt;
}

std::span<const Method> AllMethods() { return kMethods; }

double IntervalModel::Lower(double f) const {
  f = std::max(f, 0.0);
  return std::max(0.0, f + q_lo * std::sqrt(std::max(f + phi * f * f, 1.0)));
}
double IntervalModel::Upper(double f) const {
  f = std::max(f, 0.0);
  return std::max(0.0, f + q_hi * std::sqrt(std::max(f + phi * f * f, 1.0)));
}

std::vector<std::vector<double>> PointForecast(Method m, const IntervalSeries& history,
                                               std::span<const TargetDay> days) {
  return std::move(AllForecasts(history, days)[IndexOf(m)]);
}

ForecastResult Forecast(const IntervalSeries& history, const ForecastParams& p,
                        std::span<const Event> events) {
  ForecastResult res;
  if (history.days.empty()) return res;
  const Selection sel = Select(history, p);
  res.method = p.method.value_or(sel.method);
  res.interval = sel.interval[IndexOf(res.method)];
  res.selection = sel.scores;
  const auto hours = OpeningHours(history, p.opening_weeks);
  std::vector<TargetDay> days;
  const Date last = history.days.back().date;
  for (Date d = last + 1; d <= last + p.horizon_days; ++d) {
    const auto& open = hours[static_cast<size_t>(Weekday(d))];
    if (std::any_of(open.begin(), open.end(), [](uint8_t o) { return o != 0; }))
      days.push_back({d, open});
  }
  const auto fc = PointForecast(res.method, history, days);
  const int step = history.step_minutes;
  for (size_t i = 0; i < days.size(); ++i)
    for (int s = 0; s < history.slots_per_day(); ++s) {
      const auto si = static_cast<size_t>(s);
      if (!days[i].open[si]) continue;
      const int64_t minute = int64_t{days[i].date} * 1440 + s * step;
      double mult = 1;
      for (const auto& ev : events)
        if (minute >= ev.start_minute && minute < ev.end_minute) mult *= ev.multiplier;
      if (mult <= 0) continue;  // closed for the event
      const double f = fc[i][si];
      res.rows.push_back(
          {days[i].date, s, f * mult, res.interval.Lower(f) * mult, res.interval.Upper(f) * mult});
    }
  return res;
}

BacktestReport Backtest(const IntervalSeries& history, const ForecastParams& p, int folds) {
  BacktestReport rep;
  std::array<Errors, kNumMethods> err;
  std::array<double, kNumMethods> inside{};
  Errors chosen;
  double chosen_inside = 0;
  for (const auto& [from, to] : Windows(history, p.horizon_days, folds, p.min_train_days)) {
    const IntervalSeries train = history.Before(from), test = history.Between(from, to);
    if (train.days.empty() || test.days.empty()) continue;
    const Selection sel = Select(train, p);
    std::vector<TargetDay> days;
    for (const auto& d : test.days) days.push_back({d.date, d.open});
    const auto fc = AllForecasts(train, days);
    const double scale = NaiveScale(train);
    const size_t pick = IndexOf(p.method.value_or(sel.method));
    rep.chosen_per_fold.push_back(kMethods[pick]);
    for (size_t m = 0; m < kNumMethods; ++m) {
      double abs = 0, cnt = 0;
      for (size_t i = 0; i < days.size(); ++i)
        for (size_t s = 0; s < days[i].open.size(); ++s)
          if (days[i].open[s]) {
            const double y = test.days[i].value[s], f = fc[m][i][s];
            const bool in = y >= sel.interval[m].Lower(f) && y <= sel.interval[m].Upper(f);
            err[m].y.push_back(y), err[m].f.push_back(f);
            inside[m] += in;
            abs += std::abs(y - f), cnt += 1;
            if (m == pick) chosen.y.push_back(y), chosen.f.push_back(f), chosen_inside += in;
          }
      const double mase = cnt > 0 ? abs / cnt / scale : 0;
      err[m].mase_sum += mase, ++err[m].folds;
      if (m == pick) chosen.mase_sum += mase, ++chosen.folds;
    }
    ++rep.folds;
  }
  for (size_t m = 0; m < kNumMethods; ++m) {
    MethodScore sc;
    sc.method = kMethods[m];
    sc.wape = Wape(err[m]);
    sc.mase = err[m].folds ? err[m].mase_sum / err[m].folds : 0;
    sc.coverage = err[m].y.empty() ? 0 : inside[m] / static_cast<double>(err[m].y.size());
    sc.folds = err[m].folds;
    rep.methods.push_back(sc);
  }
  rep.chosen.method =
      rep.chosen_per_fold.empty() ? Method::kCombination : rep.chosen_per_fold.back();
  rep.chosen.wape = Wape(chosen);
  rep.chosen.mase = chosen.folds ? chosen.mase_sum / chosen.folds : 0;
  rep.chosen.coverage = chosen.y.empty() ? 0 : chosen_inside / static_cast<double>(chosen.y.size());
  rep.chosen.folds = chosen.folds;
  return rep;
}

}  // namespace weft::forecast
