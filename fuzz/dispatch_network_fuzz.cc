// libFuzzer target for dispatch networks (inline scenarios only): any bytes
// give a network or a clean error. A small network that parses is simulated
// for a day with sharing; loans and settlement must be consistent.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dispatch/network.h"
#include "io/dispatch_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto net = weft::io::ParseDispatchNetwork(text, "fuzz.json", false);
  if (!net.ok()) return 0;
  if (!net->Validate().ok()) std::abort();
  int techs = 0;
  double jobs = 0;
  for (const auto& sc : net->sites) techs += sc.K(), jobs += sc.jobs_per_day;
  if (net->sites.size() > 4 || techs > 16 || jobs > 80) return 0;
  weft::dispatch::SimParams p;
  p.days = 1;
  const auto r = weft::dispatch::SimulateNetwork(*net, p, true);
  double fees = 0;
  for (const auto& l : r.loans) {
    if (l.need.site == l.offer.site || l.end <= l.start || !(l.fee >= 0)) std::abort();
    fees += l.fee;
  }
  if (std::abs(fees - r.settlement.total_fee) > 1e-6 * (1 + fees)) std::abort();
  for (const auto& s : r.sites)
    if (s.jobs_completed > s.jobs_arrived) std::abort();
  return 0;
}
