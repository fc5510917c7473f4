#include "forecast/erlang.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "forecast/queue_sim.h"

namespace weft::forecast {
namespace {

// Independent Erlang C: the textbook sum with lgamma in long double.
double ErlangCByLgamma(int n, double a) {
  std::vector<long double> logs;
  for (int k = 0; k < n; ++k)
    logs.push_back(k * std::log(static_cast<long double>(a)) - std::lgamma(k + 1.0L));
  const long double top = n * std::log(static_cast<long double>(a)) - std::lgamma(n + 1.0L) +
                          std::log(static_cast<long double>(n) / (n - a));
  long double mx = top;
  for (auto l : logs) mx = std::max(mx, l);
  long double sum = std::exp(top - mx);
  for (auto l : logs) sum += std::exp(l - mx);
  return static_cast<double>(std::exp(top - mx) / sum);
}

TEST(Erlang, BlockingMatchesTables) {
  // Erlang B tables: 5 erlangs on 10 lines block 1.84 %; 10 on 10, 21.46 %.
  EXPECT_NEAR(ErlangB(10, 5), 0.018385, 1e-5);
  EXPECT_NEAR(ErlangB(10, 10), 0.214582, 1e-5);
  EXPECT_EQ(ErlangB(0, 3), 1.0);
}

TEST(Erlang, ErlangCMatchesAnIndependentFormula) {
  for (int n : {2, 5, 12, 50, 150})
    for (double rho : {0.5, 0.8, 0.95}) {
      const double a = n * rho;
      EXPECT_NEAR(ErlangC(n, a), ErlangCByLgamma(n, a), 1e-9) << n << " " << a;
    }
  EXPECT_EQ(ErlangC(10, 10), 1.0);
}

TEST(Erlang, StableForThousandsOfAgents) {
  double prev = 1;
  for (int n = 4901; n <= 5100; n += 11) {
    const double c = ErlangC(n, 4900);
    EXPECT_TRUE(std::isfinite(c));
    EXPECT_GE(c, 0);
    EXPECT_LE(c, prev);  // more agents, less waiting
    prev = c;
  }
  EXPECT_NEAR(ErlangC(5000, 4900), ErlangCByLgamma(5000, 4900), 1e-7);
  EXPECT_EQ(ErlangB(20000, 10), 0.0);  // underflows cleanly
}

TEST(Erlang, ServiceLevelAndAsaFormulas) {
  // 100 contacts in 30 min, AHT 180 s: A = 10 erlangs; with 12 agents.
  QueueParams q{180, 20, 0};
  const double rate = 100.0 / 1800;
  const auto m = ErlangCMetrics(12, rate, q);
  const double c = ErlangCByLgamma(12, 10);
  EXPECT_NEAR(m.p_wait, c, 1e-9);
  EXPECT_NEAR(m.service_level, 1 - c * std::exp(-2.0 * 20 / 180), 1e-9);
  EXPECT_NEAR(m.asa_seconds, c * 180 / 2, 1e-9);
  EXPECT_NEAR(m.occupancy, 10.0 / 12, 1e-12);
}

TEST(Erlang, ErlangAApproachesErlangCWithEndlessPatience) {
  QueueParams c{300, 20, 0}, a{300, 20, 1e9};
  const double rate = 40.0 / 900;  // 13.3 erlangs
  for (int n : {14, 16, 20}) {
    const auto mc = ErlangCMetrics(n, rate, c), ma = ErlangAMetrics(n, rate, a);
    EXPECT_NEAR(ma.p_wait, mc.p_wait, 1e-4);
    EXPECT_NEAR(ma.service_level, mc.service_level, 1e-4);
    EXPECT_NEAR(ma.asa_seconds, mc.asa_seconds, 0.05);
  }
}

// Brute-force stationary distribution of M/M/n+M by balance equations.
double AbandonByBalance(int n, double lambda, double mu, double theta) {
  std::vector<double> p{1.0};
  for (int k = 1; k < n + 3000; ++k) {
    const double death = std::min(k, n) * mu + std::max(0, k - n) * theta;
    p.push_back(p.back() * lambda / death);
  }
  double z = 0, q = 0;
  for (size_t k = 0; k < p.size(); ++k) {
    z += p[k];
    q += std::max(0, static_cast<int>(k) - n) * p[k];
  }
  return theta * (q / z) / lambda;
}

TEST(Erlang, ErlangAAbandonmentMatchesTheChain) {
  const double mu = 1.0 / 240, theta = 1.0 / 90;
  for (int n : {5, 20, 60})
    for (double load : {0.8, 1.0, 1.3}) {
      const double lambda = load * n * mu;
      QueueParams q{240, 20, 90};
      const auto m = ErlangAMetrics(n, lambda, q);
      EXPECT_NEAR(m.abandon, AbandonByBalance(n, lambda, mu, theta), 1e-9) << n << " " << load;
    }
}

// Independent answered-within-t for M/M/n+M: the stationary chain by balance
// equations and each caller's progress by uniformisation, jump by jump.
double AnsweredWithinByUniformisation(int n, double lambda, double mu, double theta, double t) {
  const int K = n + 400;
  std::vector<double> p{1.0};
  for (int k = 1; k < K; ++k) {
    const double death = std::min(k, n) * mu + std::max(0, k - n) * theta;
    p.push_back(p.back() * lambda / death);
  }
  double z = 0;
  for (double v : p) z += v;
  const int J = K - n;
  const double big = n * mu + J * theta + theta, lt = big * t;
  std::vector<double> g(static_cast<size_t>(J), 0.0), acc(static_cast<size_t>(J), 0.0), next(g);
  double pois = std::exp(-lt);
  for (int jump = 1; jump < static_cast<int>(lt + 40 * std::sqrt(lt) + 50); ++jump) {
    for (int i = 0; i < J; ++i) {
      const double adv = n * mu + i * theta;
      next[static_cast<size_t>(i)] = adv / big * (i == 0 ? 1.0 : g[static_cast<size_t>(i - 1)]) +
                                     (1 - (adv + theta) / big) * g[static_cast<size_t>(i)];
    }
    g.swap(next);
    pois *= lt / jump;
    for (int i = 0; i < J; ++i) acc[static_cast<size_t>(i)] += pois * g[static_cast<size_t>(i)];
  }
  double sl = 0;
  for (int k = 0; k < K; ++k)
    sl += p[static_cast<size_t>(k)] / z * (k < n ? 1.0 : acc[static_cast<size_t>(k - n)]);
  return sl;
}

TEST(Erlang, ErlangAServiceLevelMatchesUniformisation) {
  const double mu = 1.0 / 200;
  for (int n : {3, 10, 25})
    for (double load : {0.7, 1.0, 1.2})
      for (double patience : {30.0, 150.0}) {
        const double lambda = load * n * mu;
        QueueParams q{200, 20, patience};
        EXPECT_NEAR(ErlangAMetrics(n, lambda, q).service_level,
                    AnsweredWithinByUniformisation(n, lambda, mu, 1 / patience, 20), 1e-7)
            << n << " " << load << " " << patience;
      }
}

TEST(Erlang, FormulasAgreeWithSimulation) {
  // A long stationary day: the simulated service level must match.
  std::vector<SimInterval> plan;
  for (int i = 0; i < 48; ++i) plan.push_back({i * 30, 300, 0});  // 300 per 30 min
  for (double patience : {0.0, 120.0}) {
    QueueParams q{180, 20, patience};
    const double rate = 300.0 / 1800;
    const int n = patience > 0 ? 30 : 33;
    for (auto& iv : plan) iv.servers = n;
    SimParams sp;
    sp.interval_minutes = 30;
    sp.aht_seconds = 180;
    sp.answer_seconds = 20;
    sp.patience_seconds = patience;
    sp.replications = 30;
    sp.seed = 42;
    const auto stats = SimulateQueue(plan, sp);
    double arrivals = 0, in_time = 0, abandoned = 0;
    for (size_t i = 4; i < stats.size(); ++i) {  // after warm-up
      arrivals += stats[i].arrivals;
      in_time += stats[i].answered_in_time;
      abandoned += stats[i].abandoned;
    }
    const auto m = Metrics(n, rate, q);
    EXPECT_NEAR(in_time / arrivals, m.service_level, 0.02) << "patience " << patience;
    EXPECT_NEAR(abandoned / arrivals, m.abandon, 0.01) << "patience " << patience;
    // Same seed, same result.
    const auto again = SimulateQueue(plan, sp);
    EXPECT_EQ(again[10].answered_in_time, stats[10].answered_in_time);
  }
}

TEST(Staffing, FewestAgentsThatMeetTheTarget) {
  StaffingTarget t;
  t.service_level = 0.8;
  for (double patience : {0.0, 60.0, 300.0}) {
    QueueParams q{240, 20, patience};
    for (double contacts : {3.0, 40.0, 250.0, 4000.0}) {
      const auto s = Staff(contacts, 30, q, t);
      const double rate = contacts / 1800;
      EXPECT_GE(s.metrics.service_level, 0.8);
      if (s.agents > 1) {
        EXPECT_LT(Metrics(s.agents - 1, rate, q).service_level, 0.8) << contacts << " " << patience;
      }
      EXPECT_EQ(s.scheduled, s.agents);
    }
  }
  EXPECT_EQ(Staff(0, 30, {}, t).agents, 0);
}

TEST(Staffing, ShrinkageOccupancyAndConcurrency) {
  QueueParams q{300, 20, 0};
  StaffingTarget t;
  t.service_level = 0.5;
  const auto base = Staff(600, 60, q, t);  // 50 erlangs
  t.max_occupancy = 0.8;
  const auto capped = Staff(600, 60, q, t);
  EXPECT_GE(capped.agents, 63);  // 50 / 0.8 = 62.5
  EXPECT_LE(capped.metrics.occupancy, 0.8);
  EXPECT_GE(capped.agents, base.agents);
  t.shrinkage = 0.3;
  const auto shrunk = Staff(600, 60, q, t);
  EXPECT_EQ(shrunk.scheduled, static_cast<int>(std::ceil(shrunk.agents / 0.7 - 1e-9)));
  StaffingTarget chat;
  chat.concurrency = 3;
  const auto c = Staff(600, 60, q, chat);
  const auto single = Staff(600, 60, q, StaffingTarget{});
  EXPECT_EQ(c.agents, (single.agents + 2) / 3);  // servers shared three to an agent
  EXPECT_EQ(c.metrics.servers, c.agents * 3);
  t = StaffingTarget{};
  t.max_asa_seconds = 5;
  const auto asa = Staff(600, 60, q, t);
  EXPECT_LE(asa.metrics.asa_seconds, 5);
}

}  // namespace
}  // namespace weft::forecast
