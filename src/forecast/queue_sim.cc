#include "forecast/queue_sim.h"

#include <cmath>
#include <deque>
#include <functional>
#include <limits>
#include <queue>
#include <random>

namespace weft::forecast {
namespace {

struct Waiting {
  double arrival, deadline;
  size_t interval;
};

}  // namespace

std::vector<SimStats> SimulateQueue(std::span<const SimInterval> plan, const SimParams& p) {
  std::vector<SimStats> stats(plan.size());
  std::mt19937_64 rng(p.seed);
  std::exponential_distribution<double> unit_exp(1.0);
  const double sigma2 = std::log(1 + p.service_cv * p.service_cv);
  std::lognormal_distribution<double> lognormal(std::log(p.aht_seconds) - sigma2 / 2,
                                                std::sqrt(sigma2));
  auto service = [&] {
    return p.service == ServiceDistribution::kLogNormal ? lognormal(rng)
                                                        : p.aht_seconds * unit_exp(rng);
  };
  const double len = p.interval_minutes * 60.0;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  for (int rep = 0; rep < p.replications; ++rep) {
    size_t i = 0;
    while (i < plan.size()) {
      // One run of adjacent intervals; time 0 = the run's start.
      size_t end = i + 1;
      while (end < plan.size() &&
             plan[end].start_minute == plan[end - 1].start_minute + p.interval_minutes)
        ++end;
      std::priority_queue<double, std::vector<double>, std::greater<>> busy;  // completions
      std::deque<Waiting> queue;
      int capacity = 0;
      size_t cur = i;  // interval in progress
      double now = 0, next_boundary = 0, next_arrival = kInf;
      auto start_waiting = [&] {
        while (!queue.empty() && static_cast<int>(busy.size()) < capacity) {
          const Waiting w = queue.front();
          queue.pop_front();
          SimStats& s = stats[w.interval];
          if (w.deadline < now) {  // gave up before a server came
            s.abandoned += 1;
            continue;
          }
          const double wait = now - w.arrival;
          s.answered += 1;
          s.wait_sum += wait;
          if (wait <= p.answer_seconds) s.answered_in_time += 1;
          busy.push(now + service());
        }
      };
      auto draw_arrival = [&](size_t k) {
        const double rate = plan[k].contacts / len;
        return rate > 0 ? now + unit_exp(rng) / rate : kInf;
      };
      bool arriving = true;
      while (true) {
        const double t_done = busy.empty() ? kInf : busy.top();
        const double t_arr = arriving && next_arrival < next_boundary ? next_arrival : kInf;
        const double t_bound = arriving ? next_boundary : kInf;
        if (arriving && t_bound <= t_done && t_bound <= t_arr) {
          now = t_bound;
          if (now > 0) ++cur;
          if (cur >= end) {
            arriving = false;  // closed: the queue drains with the last capacity
            if (busy.empty() && queue.empty()) break;
            start_waiting();
            continue;
          }
          capacity = plan[cur].servers;
          next_boundary = now + len;
          next_arrival = draw_arrival(cur);  // memoryless: redraw at the new rate
          start_waiting();
        } else if (t_done <= t_arr) {
          if (t_done == kInf) {
            // Nobody is served and no more arrivals: what waits abandons.
            for (const auto& w : queue) stats[w.interval].abandoned += 1;
            queue.clear();
            break;
          }
          now = t_done;
          busy.pop();
          start_waiting();
        } else {
          now = t_arr;
          stats[cur].arrivals += 1;
          const double patience =
              p.patience_seconds > 0 ? p.patience_seconds * unit_exp(rng) : kInf;
          queue.push_back({now, now + patience, cur});
          start_waiting();
          next_arrival = draw_arrival(cur);
        }
        if (!arriving && busy.empty() && queue.empty()) break;
      }
      i = end;
    }
  }
  return stats;
}

}  // namespace weft::forecast
