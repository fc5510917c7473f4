// libFuzzer target for the benchmark-format reader and the roster CSV reader:
// any bytes must give a problem or a clean error, never a crash. A problem
// that parses must survive a format/parse round trip and the checker.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/curtois.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = weft::io::ParseCurtois(text, "fuzz");
  if (!p.ok()) return 0;
  if (p->days > 400 || p->num_employees() > 200) return 0;
  auto again = weft::io::ParseCurtois(weft::io::FormatCurtois(*p), "round-trip");
  if (!again.ok()) std::abort();
  weft::roster::Grid g(static_cast<size_t>(p->num_employees()),
                       std::vector<int>(static_cast<size_t>(p->days), -1));
  (void)weft::roster::CheckRoster(*p, g);
  auto csv = weft::io::ParseRosterCsv(*p, text, "fuzz.csv");
  (void)csv;
  return 0;
}
