// A discrete-event simulation of a contact queue over a day's intervals, to
// check a staffing plan against the formulas that produced it.
//
// Arrivals are Poisson with a rate constant within each interval (the
// forecast), handling times exponential or log-normal (mean AHT, given
// coefficient of variation), callers abandon after an exponential patience
// (or never), one FIFO queue, the number of servers changes at interval
// boundaries (a server leaving finishes its contact first). Runs of
// consecutive intervals are simulated as one; the queue carries over from
// one interval to the next, so ramps show the effects a stationary formula
// misses. A gap (closed time) ends a run: arrivals stop, the queue drains.
// Statistics are attributed to the interval in which a contact arrived.
// Deterministic for a given seed; replications share one RNG stream.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace weft::forecast {

struct SimInterval {
  int64_t start_minute = 0;  // intervals with adjacent starts form one run
  double contacts = 0;       // expected arrivals in the interval
  int servers = 0;
};

enum class ServiceDistribution { kExponential, kLogNormal };

struct SimParams {
  int interval_minutes = 15;
  double aht_seconds = 300;
  double answer_seconds = 20;
  double patience_seconds = 0;  // 0: nobody abandons
  ServiceDistribution service = ServiceDistribution::kExponential;
  double service_cv = 1.0;  // log-normal: standard deviation / mean
  int replications = 20;
  uint64_t seed = 1;
};

struct SimStats {
  double arrivals = 0, answered = 0, answered_in_time = 0, abandoned = 0, wait_sum = 0;
  double ServiceLevel() const { return arrivals > 0 ? answered_in_time / arrivals : 1; }
  double Asa() const { return answered > 0 ? wait_sum / answered : 0; }
  double AbandonRate() const { return arrivals > 0 ? abandoned / arrivals : 0; }
};

// Per interval, summed over the replications.
std::vector<SimStats> SimulateQueue(std::span<const SimInterval> plan, const SimParams& p);

}  // namespace weft::forecast
