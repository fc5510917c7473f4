#include "forecast/erlang.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace weft::forecast {
namespace {

// 1/B(n, A), saturating at a huge value (B underflows to 0 there).
double InverseErlangB(int n, double a) {
  if (a <= 0) return std::numeric_limits<double>::infinity();
  const double inv_a = 1 / a;
  double x = 1;
  for (int k = 1; k <= n; ++k) {
    x = 1 + x * (k * inv_a);
    if (x > 1e280) return std::numeric_limits<double>::infinity();
  }
  return x;
}

// Erlang C metrics for n > A servers given 1/B(n, A).
QueueMetrics FromInverseB(int n, double a, double inv_b, const QueueParams& q) {
  QueueMetrics m;
  m.servers = n;
  m.traffic = a;
  const double b = std::isinf(inv_b) ? 0 : 1 / inv_b;
  const double c = n * b / (n - a * (1 - b));
  m.p_wait = c;
  m.service_level = 1 - c * std::exp(-(n - a) * q.answer_seconds / q.aht_seconds);
  m.asa_seconds = c * q.aht_seconds / (n - a);
  m.occupancy = a / n;
  return m;
}

bool NoLoad(double rate, const QueueParams& q) { return rate <= 0 || q.aht_seconds <= 0; }

}  // namespace

double ErlangB(int n, double a) {
  const double x = InverseErlangB(n, a);
  return std::isinf(x) ? 0 : 1 / x;
}

double ErlangC(int n, double a) {
  if (a <= 0) return 0;
  if (n <= a) return 1;
  const double b = ErlangB(n, a);
  return n * b / (n - a * (1 - b));
}

QueueMetrics ErlangCMetrics(int n, double rate, const QueueParams& q) {
  QueueMetrics m;
  m.servers = n;
  if (NoLoad(rate, q)) {
    m.service_level = 1;
    return m;
  }
  const double a = rate * q.aht_seconds;
  m.traffic = a;
  if (n <= a) {  // unstable: the queue grows without bound
    m.p_wait = 1, m.service_level = 0, m.occupancy = 1;
    m.asa_seconds = std::numeric_limits<double>::infinity();
    return m;
  }
  return FromInverseB(n, a, InverseErlangB(n, a), q);
}

QueueMetrics ErlangAMetrics(int n, double rate, const QueueParams& q) {
  if (q.patience_seconds <= 0) return ErlangCMetrics(n, rate, q);
  QueueMetrics m;
  m.servers = n;
  if (NoLoad(rate, q)) {
    m.service_level = 1;
    return m;
  }
  const double mu = 1 / q.aht_seconds, theta = 1 / q.patience_seconds;
  const double a = rate * q.aht_seconds;
  m.traffic = a;
  if (n == 0) {  // everyone abandons
    m.p_wait = 1, m.abandon = 1;
    return m;
  }
  // Relative to π_n = 1: the states k < n sum to 1/B − 1; above n,
  // r_j = π_{n+j} = Π_{i=1..j} λ / (nμ + iθ).
  //
  // A caller who finds j ahead (state n + j) passes j + 1 phases, phase i
  // (i ahead) ending at rate a_i = nμ + iθ, while abandoning at rate θ:
  // answered with probability p_j = Π_{i<=j} a_i / (a_i + θ), after an
  // expected wait (given answered) s_j = Σ_{i<=j} 1 / (a_i + θ). The time in
  // phase i is Exp(a_i + θ) whatever ends it, so P(answered within t | j) =
  // p_j · P(S_j <= t) with S_j = Σ_{i<=j} Exp(θ(c + 1 + i)), c = nμ/θ: the
  // (j+1)-th smallest of c + j + 1 exponentials (Rényi), so P(S_j <= t) =
  // I_x(j + 1, c + 1), x = 1 − e^{−θt}, the regularised incomplete beta,
  // carried in j by I_x(a + 1, b) = I_x(a, b) − T_a with
  // T_a = x^a (1 − x)^b Γ(a + b) / (Γ(a + 1) Γ(b)).
  // One pass over j accumulates everything unnormalised.
  double lower = InverseErlangB(n, a);
  if (std::isinf(lower)) {  // waiting is negligible
    m.service_level = 1;
    m.occupancy = a / n;
    return m;
  }
  const double t = q.answer_seconds;
  const double b = n * mu / theta + 1, x = -std::expm1(-theta * t);
  double ib = -std::expm1(-theta * t * b);         // I_x(1, b) = 1 − (1 − x)^b
  double term = x * std::exp(-theta * t * b) * b;  // T_1
  double r = 1, r0 = 1, upper = 0, queue = 0;      // r0: π_n, rescaled with the rest
  double p = 1, s = 0, served = 0, wait = 0, within = 0;
  for (int j = 0; j < 10'000'000; ++j) {
    const double adv = n * mu + j * theta, inv = 1 / (adv + theta);
    p *= adv * inv;
    s += inv;
    served += r * p;
    wait += r * p * s;
    within += r * p * std::max(ib, 0.0);
    const double aa = j + 1.0;
    ib -= term;
    term *= x * (aa + b) / (aa + 1);
    double next = r * rate * inv;  // r_{j+1}: nμ + (j+1)θ = adv + θ
    if (next > 1e250) {            // heavy overload: rescale everything kept so far
      constexpr double k = 1e-250;
      lower *= k, upper *= k, queue *= k, r0 *= k, served *= k, wait *= k, within *= k, next *= k;
    }
    r = next;
    upper += r;
    queue += (j + 1) * r;
    if (r < 1e-13 * (lower + upper) && adv + theta > rate) break;
  }
  const double z = lower + upper;  // Σ π_k, k = 0..∞ (π_n counted in lower)
  m.p_wait = (r0 + upper) / z;
  m.abandon = theta * (queue / z) / rate;
  m.occupancy = std::min(1.0, a * (1 - m.abandon) / n);
  const double below = std::max(0.0, lower - r0) / z;  // found a free server
  const double served_mass = below + served / z;
  m.asa_seconds = served_mass > 0 ? wait / z / served_mass : 0;
  within /= z;
  m.service_level = std::clamp(below + within, 0.0, 1.0);
  return m;
}

QueueMetrics Metrics(int n, double rate, const QueueParams& q) {
  return q.patience_seconds > 0 ? ErlangAMetrics(n, rate, q) : ErlangCMetrics(n, rate, q);
}

Staffing Staff(double contacts, int interval_minutes, const QueueParams& q,
               const StaffingTarget& target) {
  Staffing out;
  const int c = std::max(1, target.concurrency);
  const double rate = interval_minutes > 0 ? contacts / (interval_minutes * 60.0) : 0;
  if (NoLoad(rate, q)) {
    out.metrics = Metrics(0, 0, q);
    return out;
  }
  const double a = rate * q.aht_seconds;
  const double max_occ = std::clamp(target.max_occupancy, 1e-3, 1.0);
  auto meets = [&](const QueueMetrics& m) {
    return m.service_level >= target.service_level && m.occupancy <= max_occ + 1e-12 &&
           (target.max_asa_seconds <= 0 || m.asa_seconds <= target.max_asa_seconds);
  };
  constexpr int kMaxServers = 1'000'000;
  int servers = 1;
  if (q.patience_seconds <= 0) {
    // Erlang C: n > A and n >= A / max occupancy; SL rises with n, so walk
    // up, carrying 1/B from n to n + 1 (one multiply-add per step).
    servers = std::max(static_cast<int>(std::ceil(a / max_occ - 1e-9)),
                       static_cast<int>(std::floor(a)) + 1);
    double inv_b = InverseErlangB(servers, a);
    while (servers < kMaxServers && !meets(FromInverseB(servers, a, inv_b, q))) {
      ++servers;
      inv_b = std::isinf(inv_b) ? inv_b : 1 + inv_b * (servers / a);
    }
  } else {
    // Erlang A: SL rises with n. Bracket around the Erlang C staffing (an
    // upper estimate: abandonment shortens the queue), then bisect.
    QueueParams qc = q;
    qc.patience_seconds = 0;
    StaffingTarget tc = target;
    tc.shrinkage = 0, tc.concurrency = 1;
    int good = std::max(1, Staff(contacts, interval_minutes, qc, tc).metrics.servers);
    while (good < kMaxServers && !meets(ErlangAMetrics(good, rate, q))) good *= 2;
    int bad = static_cast<int>(good * 0.85);
    while (bad >= 1 && meets(ErlangAMetrics(bad, rate, q))) {
      good = bad;
      bad = static_cast<int>(bad * 0.85);
    }
    while (good - bad > 1) {
      const int mid = bad + (good - bad) / 2;
      (meets(ErlangAMetrics(mid, rate, q)) ? good : bad) = mid;
    }
    servers = good;
  }
  out.agents = (servers + c - 1) / c;
  out.metrics = Metrics(out.agents * c, rate, q);
  const double shrink = std::clamp(target.shrinkage, 0.0, 0.95);
  out.scheduled = static_cast<int>(std::ceil(out.agents / (1 - shrink) - 1e-9));
  return out;
}

}  // namespace weft::forecast
