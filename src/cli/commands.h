// Sub-commands of the `weft` command line. Each Register* adds its
// sub-command to the app; the callbacks set the process exit code.
#pragma once

#include <CLI/CLI.hpp>

namespace weft::cli {

void RegisterRoster(CLI::App& app, int& exit_code);
void RegisterDemo(CLI::App& app, int& exit_code);
void RegisterForecast(CLI::App& app, int& exit_code);
void RegisterStaff(CLI::App& app, int& exit_code);

}  // namespace weft::cli
