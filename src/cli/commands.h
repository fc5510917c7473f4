// Sub-commands of the `weft` command line. Each Register* adds its
// sub-command to the app; the callbacks set the process exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

namespace weft::cli {

// Prints "weft: MSG" on stderr and returns `code` (the exit code to set).
inline int Fail(int code, const std::string& msg) {
  std::cerr << "weft: " << msg << '\n';
  return code;
}

void RegisterRoster(CLI::App& app, int& exit_code);
void RegisterDemo(CLI::App& app, int& exit_code);
void RegisterForecast(CLI::App& app, int& exit_code);
void RegisterStaff(CLI::App& app, int& exit_code);
void RegisterScenario(CLI::App& app, int& exit_code);
void RegisterAssign(CLI::App& app, int& exit_code);
void RegisterDispatch(CLI::App& app, int& exit_code);
// `roster plan` and `roster report`, under the `roster` command.
void RegisterRosterPlan(CLI::App& roster, int& exit_code);

}  // namespace weft::cli
