// The MPS export, solved by CBC, has the same optimum as the engine finds.
#include "io/mps.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "io/curtois.h"
#include "roster/solver.h"
#include "test_util.h"

namespace weft::io {
namespace {

using test::RunCommand;

TEST(Mps, CbcOptimumEqualsEngineOptimum) {
  if (std::system("command -v cbc >/dev/null 2>&1") != 0) GTEST_SKIP() << "cbc not installed";
  const auto dir = std::filesystem::temp_directory_path() / "weft_mps_test";
  std::filesystem::create_directories(dir);
  for (uint64_t seed : {2u, 5u}) {
    const roster::RosterProblem p = roster::GenerateRosterProblem({4, 1, seed});
    std::ostringstream name;
    name << "m" << seed << ".mps";
    const std::string mps = (dir / name.str()).string();
    ASSERT_TRUE(WriteFile(mps, FormatMps(p)).ok());
    std::ostringstream cmd;
    cmd << "cbc " << mps << " solve 2>&1";
    const std::string out = RunCommand(cmd.str());
    std::smatch m;
    const std::regex re("Objective value:\\s*([-0-9.eE+]+)");
    ASSERT_TRUE(std::regex_search(out, m, re)) << out;
    ASSERT_NE(out.find("Optimal solution found"), std::string::npos) << out;
    const double cbc = std::stod(m[1].str());

    roster::SolverParams params;
    params.time_limit_seconds = 0;
    params.move_limit = 200'000;
    params.seed = seed;
    params.epoch_moves = 20'000;
    const auto r = roster::SolveRoster(p, params);
    ASSERT_EQ(r.status, roster::SolveStatus::kFeasible) << r.message;
    EXPECT_NEAR(cbc, static_cast<double>(r.check.penalty()), 1e-6) << "seed " << seed;
  }
  std::filesystem::remove_all(dir);
}

TEST(Mps, ExportIsWellFormed) {
  const roster::RosterProblem p = roster::GenerateRosterProblem({3, 1, 1});
  const std::string mps = FormatMps(p);
  EXPECT_EQ(mps.rfind("NAME WEFT\nROWS\n N obj\n", 0), 0u);
  for (const char* section : {"COLUMNS\n", "RHS\n", "BOUNDS\n", "ENDATA\n"})
    EXPECT_NE(mps.find(section), std::string::npos) << section;
  EXPECT_NE(mps.find(" FX bnd CONST 1"), std::string::npos);
}

}  // namespace
}  // namespace weft::io
