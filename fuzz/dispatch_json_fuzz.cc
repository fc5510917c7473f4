// libFuzzer target for dispatch scenarios: any bytes give a scenario or a
// clean error. A small scenario that parses is simulated for a day under
// every policy; the figures must be consistent.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dispatch/simulator.h"
#include "io/dispatch_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sc = weft::io::ParseDispatchScenario(text, "fuzz.json");
  if (!sc.ok()) return 0;
  if (!sc->Validate().ok()) std::abort();
  if (sc->jobs_per_day > 60 || sc->K() > 16) return 0;
  for (auto policy : {weft::dispatch::Policy::kFcfs, weft::dispatch::Policy::kBalanced,
                      weft::dispatch::Policy::kOptimal}) {
    weft::dispatch::SimParams p;
    p.policy = policy;
    p.days = 1;
    const auto r = weft::dispatch::Simulate(*sc, p);
    if (r.jobs_completed > r.jobs_arrived || !(r.wait_minutes_mean >= 0) ||
        !(r.skill_match_rate >= 0 && r.skill_match_rate <= 1) || !std::isfinite(r.output_stddev))
      std::abort();
  }
  return 0;
}
