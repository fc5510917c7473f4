// Service-centre scenarios for the dispatcher and its simulator (JSON; every
// field is described in docs/dispatch.md). Errors name the JSON pointer;
// syntax errors give FILE:LINE:COL.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "dispatch/model.h"
#include "dispatch/network.h"
#include "dispatch/simulator.h"

namespace weft::io {

Result<dispatch::Scenario> ParseDispatchScenario(std::string_view text,
                                                 const std::string& filename);
Result<dispatch::Scenario> ReadDispatchScenario(const std::string& path);
// A network of sites (docs/dispatch.md "Networks"): `sites[]` each with a
// `scenario` (a file name, relative to the network file, or an object) and
// an optional `patch` (JSON merge patch), `travel_minutes` (square matrix)
// and optional `loan` terms. Errors name the JSON pointer.
Result<dispatch::Network> ReadDispatchNetwork(const std::string& path);
// The same from text; scenario file names are read relative to `path`'s
// folder, or refused when !allow_files (inline scenarios only).
Result<dispatch::Network> ParseDispatchNetwork(std::string_view text, const std::string& path,
                                               bool allow_files);
// The network run as one JSON object: totals, per site, settlement.
std::string NetworkResultToJson(const dispatch::Network& net, const dispatch::NetworkResult& r,
                                bool sharing);

// The simulation's figures as one JSON object (one line).
// With the scenario: also `learned_willingness`, {technician: {category:
// value}} where the learned value differs from the declared one by 0.02 or
// more.
std::string SimResultToJson(const dispatch::SimResult& r, const dispatch::Scenario* sc = nullptr);
// One dispatcher log line as a JSON object (JSON Lines): time (absolute
// minute), day, kind, job, technician, from_technician, old_time, new_time,
// text.
std::string LogEntryToJson(const dispatch::Scenario& sc, const dispatch::LogEntry& e);

}  // namespace weft::io
