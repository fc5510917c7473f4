// The shift scheduling benchmark format (Curtois instances; see
// ../shared/data/shift-scheduling/FORMAT.md) and roster CSV files.
//
// Parsing never throws and never crashes on bad bytes: a malformed file gives
// a Status whose message is "FILE:LINE: what was expected".
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "roster/checker.h"
#include "roster/problem.h"

namespace weft::io {

Result<roster::RosterProblem> ParseCurtois(std::string_view text, const std::string& filename);
Result<roster::RosterProblem> ReadCurtoisFile(const std::string& path);
// Writes a problem in the benchmark format (ParseCurtois reads it back).
std::string FormatCurtois(const roster::RosterProblem& p);

// ROSTER.csv: header `employee,day,shift`, one line per worked day, days 0-based.
std::string FormatRosterCsv(const roster::RosterProblem& p, const roster::Grid& g);
Result<roster::Grid> ParseRosterCsv(const roster::RosterProblem& p, std::string_view text,
                                    const std::string& filename);

Result<std::string> ReadFile(const std::string& path);
Status WriteFile(const std::string& path, std::string_view content);

}  // namespace weft::io
