// Helpers shared by the dispatch tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dispatch/dispatcher.h"
#include "io/dispatch_json.h"

namespace weft::test {

// The seed's 12-technician centre (examples/dispatch/service-center.json).
inline const std::string kDispatchExample =
    std::string(WEFT_SOURCE_DIR) + "/examples/dispatch/service-center.json";

inline dispatch::Scenario DispatchExample() {
  auto sc = io::ReadDispatchScenario(kDispatchExample);
  EXPECT_TRUE(sc.ok()) << sc.status().message();
  return *sc;
}

// Every technician present, idle and rested, nothing learned yet.
inline std::vector<dispatch::TechState> FreshTechs(const dispatch::Scenario& sc) {
  std::vector<dispatch::TechState> out(static_cast<size_t>(sc.K()));
  for (auto& t : out) t.learned.assign(static_cast<size_t>(sc.C()), 0.0);
  return out;
}

}  // namespace weft::test
