// Service-centre scenarios for the dispatcher and its simulator (JSON; every
// field is described in docs/dispatch.md). Errors name the JSON pointer;
// syntax errors give FILE:LINE:COL.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "dispatch/model.h"
#include "dispatch/simulator.h"

namespace weft::io {

Result<dispatch::Scenario> ParseDispatchScenario(std::string_view text,
                                                 const std::string& filename);
Result<dispatch::Scenario> ReadDispatchScenario(const std::string& path);

// The simulation's figures as one JSON object (one line).
std::string SimResultToJson(const dispatch::SimResult& r);

}  // namespace weft::io
