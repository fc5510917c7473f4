// weft: workforce scheduling and dispatch.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Weft: workforce scheduling and dispatch.\n"
      "Turns people's pieces of time into rosters that cover the need, and jobs into dispatch "
      "plans."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "weft 0.1.0");
  int exit_code = 0;
  weft::cli::RegisterRoster(app, exit_code);
  weft::cli::RegisterForecast(app, exit_code);
  weft::cli::RegisterStaff(app, exit_code);
  weft::cli::RegisterScenario(app, exit_code);
  weft::cli::RegisterAssign(app, exit_code);
  weft::cli::RegisterDispatch(app, exit_code);
  weft::cli::RegisterDemo(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
