// Queueing formulas for staffing: Erlang C (M/M/n) and Erlang A (M/M/n+M,
// callers abandon after an exponential patience), with chat concurrency,
// shrinkage and a maximum occupancy.
//
// Numerics: no factorials. Erlang B comes from the recursion
// 1/B(k) = 1 + (k/A)·1/B(k−1), O(n) multiply-adds with no division; Erlang C
// follows from B. Erlang A uses the birth-death chain: its lower part
// (k ≤ n) sums to π_n/B(n, A), its upper part is summed until its terms
// vanish, so it stays stable for thousands of agents. The answered-within-t
// probability of Erlang A is exact and O(queue length): a caller who finds j
// ahead moves up at rate n·μ + i·θ (i ahead) and abandons at rate θ; the
// time to reach a server is an order statistic of exponentials, whose
// distribution is a regularised incomplete beta carried from j to j + 1.
// The average wait of answered calls has a closed form.
//
// Definitions (per interval, stationary):
//   traffic A = λ·AHT (erlangs), occupancy = carried load / servers,
//   service level = share of arriving contacts answered within t (a contact
//   that abandons counts as not answered), ASA = mean wait of answered ones.
#pragma once

#include <cstdint>

namespace weft::forecast {

// Erlang B blocking probability, n servers, A erlangs. REQUIRES: n >= 0, A >= 0.
double ErlangB(int n, double a);
// Erlang C probability of waiting (1 when n <= A).
double ErlangC(int n, double a);

struct QueueParams {
  double aht_seconds = 300;     // average handling time of one contact
  double answer_seconds = 20;   // service level threshold t
  double patience_seconds = 0;  // mean patience; 0: nobody abandons (Erlang C)
};

struct QueueMetrics {
  int servers = 0;
  double traffic = 0;        // erlangs offered
  double p_wait = 0;         // probability an arrival waits
  double service_level = 0;  // answered within t / arrivals
  double asa_seconds = 0;    // mean wait of answered contacts
  double occupancy = 0;      // busy share of servers
  double abandon = 0;        // share of arrivals that abandon
};

// Metrics with n servers for `rate` arrivals per second.
QueueMetrics ErlangCMetrics(int n, double rate, const QueueParams& q);
QueueMetrics ErlangAMetrics(int n, double rate, const QueueParams& q);
// Erlang A when patience_seconds > 0, else Erlang C.
QueueMetrics Metrics(int n, double rate, const QueueParams& q);

struct StaffingTarget {
  double service_level = 0.8;
  double max_occupancy = 1.0;  // servers >= traffic / max_occupancy
  double max_asa_seconds = 0;  // 0: no ASA target
  double shrinkage = 0;        // share of paid time not on contacts
  int concurrency = 1;         // contacts one agent handles at once (chat)
};

struct Staffing {
  int agents = 0;        // agents handling contacts
  int scheduled = 0;     // heads to schedule: agents / (1 − shrinkage), rounded up
  QueueMetrics metrics;  // with agents × concurrency servers
};

// The fewest agents that meet the target for `contacts` arrivals in an
// interval of `interval_minutes`. With concurrency c, each agent is c
// servers and aht_seconds is a contact's handling time under concurrency.
Staffing Staff(double contacts, int interval_minutes, const QueueParams& q,
               const StaffingTarget& target);

}  // namespace weft::forecast
