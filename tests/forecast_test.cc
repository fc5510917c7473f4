#include "forecast/forecast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "io/interval_csv.h"
#include "io/svg_plot.h"
#include "test_util.h"

namespace weft::forecast {
namespace {

// Weekdays 07:00-21:00 in 15-minute slots; the rate has a two-peaked day,
// a weekday effect and a slow trend; counts are Poisson.
std::string SyntheticCsv(int weeks, uint64_t seed, double trend_per_week = 0.0) {
  std::mt19937_64 rng(seed);
  std::ostringstream out;
  out << "timestamp,calls\n";
  const Date monday = static_cast<Date>(*io::ParseLocalTimestamp("2024-01-01", true) / 1440);
  for (int d = 0; d < 7 * weeks; ++d) {
    const Date date = monday + d;
    if (Weekday(date) >= 5) continue;
    const double weekday = 1.0 + 0.15 * (Weekday(date) == 0) - 0.1 * (Weekday(date) == 4);
    const double level = 1 + trend_per_week * d / 7.0;
    for (int m = 7 * 60; m < 21 * 60; m += 15) {
      const double h = m / 60.0;
      const double shape =
          std::exp(-std::pow(h - 10.5, 2) / 4) + 0.8 * std::exp(-std::pow(h - 15, 2) / 6) + 0.1;
      std::poisson_distribution<int> pois(60 * shape * weekday * level);
      out << io::FormatLocalTimestamp(int64_t{date} * 1440 + m) << ',' << pois(rng) << '\n';
    }
  }
  return out.str();
}

IntervalSeries Parse(const std::string& csv) {
  auto s = io::ParseHistoryCsv(csv, "h.csv");
  EXPECT_TRUE(s.ok()) << s.status().message();
  return *s;
}

TEST(HistoryCsv, DetectsIntervalAndClosedDays) {
  const auto s = Parse(SyntheticCsv(2, 1));
  EXPECT_EQ(s.step_minutes, 15);
  EXPECT_EQ(s.days.size(), 10u);  // weekends absent: closed, not zero
  int open = 0;
  for (auto o : s.days[0].open) open += o;
  EXPECT_EQ(open, 56);
  const auto hours = OpeningHours(s);
  int open_sat = 0, open_mon = 0;
  for (auto o : hours[5]) open_sat += o;
  for (auto o : hours[0]) open_mon += o;
  EXPECT_EQ(open_sat, 0);
  EXPECT_EQ(open_mon, 56);
}

TEST(HistoryCsv, ErrorsNameTheLine) {
  struct Case {
    std::string text, want;
  };
  const std::vector<Case> cases = {
      {"t,c\n2024-01-01 07:00,5\n2024-01-01 07:3x,5\n", "h.csv:3: expected a timestamp"},
      {"t,c\n2024-01-01 07:00,5\n2024-01-01 07:00,6\n",
       "h.csv:3: timestamp 2024-01-01 07:00:00 repeats"},
      {"t,c\n2024-01-01 07:30,5\n2024-01-01 07:00,6\n",
       "h.csv:3: timestamp 2024-01-01 07:00:00 comes before"},
      {"t,c\n2024-01-01 07:00,-1\n", "h.csv:2: count: expected a non-negative number"},
      {"t,c\n2024-01-01 07:00,abc\n", "h.csv:2: count: expected a number"},
      {"t,c\n2024-02-30 07:00,1\n", "h.csv:2: no such date"},
      {"t,c\n2024-01-01 07:00:30,1\n", "h.csv:2: timestamps must fall on whole minutes"},
      {"t,c\n2024-01-01 07:00\n", "h.csv:2: expected 2 columns"},
      {"t,c\n2024-01-01 07:00,1\n2024-01-01 07:15,1\n2024-01-01 07:30,1\n2024-01-01 07:40,1\n",
       "h.csv:5: timestamp 2024-01-01 07:40:00 is not on the 15-minute grid"},
      {"", "h.csv:1: expected a header line"},
      {"t,c\n", "no data rows"},
  };
  for (const auto& c : cases) {
    auto s = io::ParseHistoryCsv(c.text, "h.csv");
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_NE(s.status().message().find(c.want), std::string::npos)
        << "got: " << s.status().message() << "\nwant: " << c.want;
  }
}

TEST(EventsCsv, DatesCoverWholeDays) {
  auto ev = io::ParseEventsCsv(
      "start,end,multiplier,name\n2024-03-01,2024-03-01,1.5,launch\n"
      "2024-03-04 09:00,2024-03-04 12:00,0,closed\n",
      "e.csv");
  ASSERT_TRUE(ev.ok()) << ev.status().message();
  ASSERT_EQ(ev->size(), 2u);
  EXPECT_EQ((*ev)[0].end_minute - (*ev)[0].start_minute, 1440);
  EXPECT_EQ((*ev)[0].name, "launch");
  EXPECT_EQ((*ev)[1].end_minute - (*ev)[1].start_minute, 180);
  auto bad = io::ParseEventsCsv("start,end,multiplier\n2024-03-02,2024-03-01,2\n", "e.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("e.csv:2: end must come after start"), std::string::npos);
  auto missing = io::ParseEventsCsv("start,multiplier\n", "e.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no column 'end'"), std::string::npos);
}

TEST(Forecast, BeatsSeasonalNaiveOnPoissonData) {
  const auto s = Parse(SyntheticCsv(8, 7));
  ForecastParams p;
  const auto rep = Backtest(s, p, 4);
  ASSERT_EQ(rep.folds, 4);
  double naive = 0;
  for (const auto& m : rep.methods)
    if (m.method == Method::kSeasonalNaive) naive = m.wape;
  ASSERT_GT(naive, 0);
  // Averaging weeks removes most of the Poisson noise a single week carries.
  EXPECT_LT(rep.chosen.wape, 0.85 * naive);
  EXPECT_GT(rep.chosen.coverage, 0.7);
  EXPECT_LT(rep.chosen.coverage, 0.9);
  for (const auto& m : rep.methods) EXPECT_GT(m.mase, 0) << MethodName(m.method);
}

TEST(Forecast, FollowsATrend) {
  const auto s = Parse(SyntheticCsv(8, 3, 0.05));
  ForecastParams p;
  p.method = Method::kTrendDecomposition;
  const auto res = Forecast(s, p);
  double next_week = 0, last_week = 0;
  for (const auto& r : res.rows) next_week += r.forecast;
  for (size_t i = s.days.size() - 5; i < s.days.size(); ++i) last_week += s.DayTotal(i);
  EXPECT_GT(next_week, last_week * 1.01);  // the level keeps rising
}

TEST(Forecast, WritesOpenIntervalsOfTheHorizonWithEvents) {
  const auto s = Parse(SyntheticCsv(4, 5));
  ForecastParams p;
  p.horizon_days = 7;
  const auto plain = Forecast(s, p);
  EXPECT_EQ(plain.rows.size(), 5u * 56u);  // five weekdays, 56 slots each
  for (const auto& r : plain.rows) {
    EXPECT_LT(Weekday(r.date), 5);
    EXPECT_LE(r.lower, r.forecast + 1e-9);
    EXPECT_GE(r.upper, r.forecast - 1e-9);
  }
  const Date monday = plain.rows.front().date;
  std::vector<Event> ev = {
      {int64_t{monday} * 1440, int64_t{monday + 1} * 1440, 2.0, "campaign"},
      {int64_t{monday + 1} * 1440 + 7 * 60, int64_t{monday + 1} * 1440 + 8 * 60, 0.0, "closed"}};
  const auto with = Forecast(s, p, ev);
  EXPECT_EQ(with.rows.size(), plain.rows.size() - 4);  // one closed hour
  EXPECT_NEAR(with.rows[0].forecast, 2 * plain.rows[0].forecast, 1e-9);
  EXPECT_NEAR(with.rows[0].upper, 2 * plain.rows[0].upper, 1e-9);
  // Deterministic.
  const auto again = Forecast(s, p, ev);
  ASSERT_EQ(again.rows.size(), with.rows.size());
  for (size_t i = 0; i < with.rows.size(); ++i)
    EXPECT_EQ(again.rows[i].forecast, with.rows[i].forecast);
}

TEST(Forecast, EveryMethodGivesSaneForecasts) {
  const auto s = Parse(SyntheticCsv(3, 9));
  std::vector<TargetDay> days = {{s.days.back().date + 3, s.days.front().open}};
  for (Method m : AllMethods()) {
    const auto f = PointForecast(m, s, days);
    ASSERT_EQ(f.size(), 1u);
    double total = 0;
    for (double v : f[0]) {
      EXPECT_GE(v, 0) << MethodName(m);
      EXPECT_TRUE(std::isfinite(v)) << MethodName(m);
      total += v;
    }
    EXPECT_GT(total, 56 * 20) << MethodName(m);
    EXPECT_EQ(MethodFromName(MethodName(m)), m);
  }
}

TEST(Forecast, RealCallCentreHistory) {
  const std::string path = std::string(WEFT_SHARED_DIR) + "/data/call-arrivals/calls-train.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data";
  auto s = io::ReadHistoryCsv(path);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->step_minutes, 5);
  EXPECT_EQ(s->days.size(), 38u);  // 8 weeks of weekdays less two holidays
  ForecastParams p;
  const auto rep = Backtest(*s, p, 4);
  double naive = 0;
  for (const auto& m : rep.methods)
    if (m.method == Method::kSeasonalNaive) naive = m.wape;
  // The targets, asserted where the benchmark measures them.
  EXPECT_LE(rep.chosen.wape, 0.85 * naive);
  EXPECT_GE(rep.chosen.coverage, 0.75);
  EXPECT_LE(rep.chosen.coverage, 0.85);
  const auto res = Forecast(*s, p);
  EXPECT_EQ(res.rows.size(), 5u * 169u);
}

TEST(SvgPlot, IsWellFormedAndEscapesTheTitle) {
  io::PlotData d;
  d.title = "a < b & c";
  for (int i = 0; i < 10; ++i) {
    d.history.push_back({i * 15, 10.0 + i, 0, 0});
    d.forecast.push_back({1440 + i * 15, 12.0, 10.0, 14.0});
    d.staffing.push_back({1440 + i * 15, 3, 0, 0});
  }
  const std::string svg = io::RenderForecastSvg(d);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("a &lt; b &amp; c"), std::string::npos);
  EXPECT_NE(svg.find("<polygon"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
}

TEST(ForecastCli, ForecastStaffSimulatePlot) {
  const auto dir = std::filesystem::temp_directory_path() / "weft_forecast_cli";
  std::filesystem::create_directories(dir);
  const std::string h = (dir / "h.csv").string();
  std::ofstream(h) << SyntheticCsv(4, 11);
  const std::string bin = WEFT_BINARY;
  const std::string f = (dir / "f.csv").string(), r = (dir / "r.csv").string(),
                    svg = (dir / "p.svg").string();
  std::string out = test::RunCommand(bin + " forecast --history " + h + " --horizon 7 --out " + f);
  EXPECT_NE(out.find("\"method\""), std::string::npos) << out;
  out = test::RunCommand(bin + " staff --forecast " + f +
                         " --aht 300 --service-level 0.8 --answer-seconds 20 --shrinkage 0.3 "
                         "--max-occupancy 0.85 --out " +
                         r);
  EXPECT_NE(out.find("\"peak_agents\""), std::string::npos) << out;
  std::ifstream in(r);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("timestamp,forecast,agents,service_level,asa_seconds,occupancy", 0), 0u);
  // Two queues (a file each): per-queue needs and the pooled lower bound.
  out = test::RunCommand(bin + " staff --forecast " + f + " --forecast " + f + " --aht 300 --out " +
                         (dir / "two.csv").string() + " 2>&1; echo rc=$?");
  EXPECT_NE(out.find("appears in more than one file"), std::string::npos) << out;
  const std::string f2 = (dir / "chat.csv").string();
  std::filesystem::copy_file(f, f2);
  out = test::RunCommand(bin + " staff --forecast " + f + " --forecast " + f2 +
                         " --aht 300 --out " + (dir / "two.csv").string());
  EXPECT_NE(out.find("\"pooled_agent_hours\""), std::string::npos) << out;
  out = test::RunCommand(bin + " staff simulate --plan " + r + " --aht 300 --replications 2");
  EXPECT_NE(out.find("\"simulated_sl\""), std::string::npos) << out;
  out = test::RunCommand(bin + " forecast plot --history " + h + " --forecast " + f +
                         " --staffing " + r + " --out " + svg);
  EXPECT_NE(out.find("\"svg\""), std::string::npos) << out;
  out = test::RunCommand(bin + " forecast backtest --history " + h + " --horizon 7 --folds 2");
  EXPECT_NE(out.find("chosen (nested)"), std::string::npos) << out;
  // Bad input: exit 2 and the line.
  const std::string bad = (dir / "bad.csv").string();
  std::ofstream(bad) << "timestamp,calls\n2024-01-01 07:00,1\n2024-01-01 07:00,2\n";
  out = test::RunCommand(bin + " forecast --history " + bad + " --out " + f + " 2>&1; echo rc=$?");
  EXPECT_NE(out.find("bad.csv:3:"), std::string::npos) << out;
  EXPECT_NE(out.find("rc=2"), std::string::npos) << out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace weft::forecast
