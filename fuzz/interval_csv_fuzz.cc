// libFuzzer target for the demand-side CSV readers (history, events, generic
// tables): any bytes give a series or a clean error, never a crash. A history
// that parses keeps its invariants and can be forecast.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "forecast/forecast.h"
#include "io/interval_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)weft::io::ParseEventsCsv(text, "fuzz-events.csv");
  (void)weft::io::ParseCsvTable(text, "fuzz.csv", {"timestamp", "forecast"});
  auto s = weft::io::ParseHistoryCsv(text, "fuzz.csv");
  if (!s.ok()) return 0;
  const int slots = s->slots_per_day();
  for (size_t i = 0; i < s->days.size(); ++i) {
    if (s->days[i].value.size() != static_cast<size_t>(slots)) std::abort();
    if (i > 0 && s->days[i].date <= s->days[i - 1].date) std::abort();
  }
  if (s->days.size() > 60 || slots > 288) return 0;
  weft::forecast::ForecastParams p;
  p.horizon_days = 2;
  const auto res = weft::forecast::Forecast(*s, p);
  for (const auto& r : res.rows)
    if (!(r.lower <= r.upper + 1e-9)) std::abort();
  return 0;
}
