#include "io/curtois.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "roster/solver.h"
#include "test_util.h"

namespace weft::io {
namespace {

constexpr const char* kTiny = R"(# comment
SECTION_HORIZON
7

SECTION_SHIFTS
D,480,
L,480,D

SECTION_STAFF
A,D=7|L=2,2400,960,5,2,2,1
B,D=7|L=0,2400,960,5,1,1,1

SECTION_DAYS_OFF
A,0,6

SECTION_SHIFT_ON_REQUESTS
B,2,D,2

SECTION_SHIFT_OFF_REQUESTS
A,3,L,1

SECTION_COVER
0,D,1,100,1
0,L,0,100,1
1,D,1,100,1
)";

TEST(Curtois, ParsesAllSections) {
  auto p = ParseCurtois(kTiny, "tiny.txt");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->days, 7);
  ASSERT_EQ(p->num_shifts(), 2);
  EXPECT_EQ(p->shifts[1].cannot_follow, std::vector<int>{0});
  ASSERT_EQ(p->num_employees(), 2);
  EXPECT_EQ(p->employees[0].max_shifts, (std::vector<int>{7, 2}));
  EXPECT_EQ(p->employees[0].days_off, (std::vector<int>{0, 6}));
  EXPECT_EQ(p->employees[1].min_consecutive_shifts, 1);
  ASSERT_EQ(p->on_requests.size(), 1u);
  EXPECT_EQ(p->on_requests[0].weight, 2);
  ASSERT_EQ(p->off_requests.size(), 1u);
  EXPECT_EQ(p->cover.size(), 3u);
}

TEST(Curtois, AcceptsCrlf) {
  std::string text = kTiny;
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_TRUE(ParseCurtois(crlf, "crlf.txt").ok());
}

struct BadCase {
  std::string from, to, message;
};

TEST(Curtois, ErrorsNameFileLineAndExpectation) {
  const BadCase cases[] = {
      {"7\n", "seven\n", "tiny.txt:3: expected one positive integer"},
      {"L,480,D", "L,480,X", "tiny.txt:7: unknown shift ID 'X' in CannotFollow"},
      {"L,480,D", "L,abc,D", "tiny.txt:7: expected a positive shift length"},
      {"L,480,D", "=L,480,D", "tiny.txt:7: shift ID '=L' may not contain '=' or '|'"},
      {"B,D=7|L=0,2400,960,5,1,1,1", "B,D=7|L=0,2400", "tiny.txt:11: expected ID,MaxShifts"},
      {"A,D=7|L=2", "A,D=7|Q=2", "tiny.txt:10: expected MaxShifts as ShiftID=limit"},
      {"A,0,6", "A,0,9", "tiny.txt:14: expected a day index in 0..6"},
      {"B,2,D,2", "Z,2,D,2", "tiny.txt:17: unknown employee ID 'Z'"},
      {"1,D,1,100,1", "0,D,1,100,1", "tiny.txt:25: second cover line"},
      {"SECTION_DAYS_OFF", "SECTION_COVER", "tiny.txt:13: section SECTION_COVER out of order"},
      {"2400,960", "960,2400", "tiny.txt:10: MinTotalMinutes exceeds MaxTotalMinutes"},
  };
  for (const auto& c : cases) {
    std::string text = kTiny;
    const auto pos = text.find(c.from);
    ASSERT_NE(pos, std::string::npos) << c.from;
    text.replace(pos, c.from.size(), c.to);
    auto p = ParseCurtois(text, "tiny.txt");
    ASSERT_FALSE(p.ok()) << c.to;
    EXPECT_EQ(p.status().message().rfind(c.message, 0), 0u) << p.status().message();
  }
}

TEST(Curtois, FormatRoundTrips) {
  const auto p = test::SmallProblem(11, 6, 2);
  auto again = ParseCurtois(FormatCurtois(p), "rt.txt");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(FormatCurtois(*again), FormatCurtois(p));
}

TEST(Curtois, RosterCsvRoundTripAndErrors) {
  auto p = ParseCurtois(kTiny, "tiny.txt");
  ASSERT_TRUE(p.ok());
  roster::Grid g(2, std::vector<int>(7, -1));
  g[0][1] = 0;
  g[1][2] = 0;
  g[1][3] = 1;
  const std::string csv = FormatRosterCsv(*p, g);
  EXPECT_EQ(csv, "employee,day,shift\nA,1,D\nB,2,D\nB,3,L\n");
  auto back = ParseRosterCsv(*p, csv, "r.csv");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, g);
  auto dup = ParseRosterCsv(*p, csv + "A,1,L\n", "r.csv");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().message(), "r.csv:5: two shifts for one employee on one day");
  EXPECT_FALSE(ParseRosterCsv(*p, "who,when\n", "r.csv").ok());
}

TEST(Curtois, ReadsEveryBenchmarkInstanceWithTheListedSize) {
  const std::string dir = test::BenchmarkDir();
  if (dir.empty()) GTEST_SKIP() << "../shared/data not present";
  std::ifstream in(dir + "/best-known.csv");
  std::string line;
  std::getline(in, line);
  int n = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string name, e, d, s;
    std::getline(ss, name, ',');
    std::getline(ss, e, ',');
    std::getline(ss, d, ',');
    std::getline(ss, s, ',');
    auto p = ReadCurtoisFile(dir + "/" + name + ".txt");
    ASSERT_TRUE(p.ok()) << p.status().message();
    EXPECT_EQ(p->num_employees(), std::stoi(e)) << name;
    EXPECT_EQ(p->days, std::stoi(d)) << name;
    EXPECT_EQ(p->num_shifts(), std::stoi(s)) << name;
    ++n;
  }
  EXPECT_EQ(n, 12);
}

// The first roster (construction and repair, one move) of the long
// instances keeps every rule: windows that fell back to a smaller share of
// the minimum minutes are caught up (before, Instance 23's first roster left
// 15 rows short and local search took ~10 s to repair them).
TEST(Curtois, FirstRosterOfLongInstancesIsFeasible) {
  const std::string dir = test::BenchmarkDir();
  if (dir.empty()) GTEST_SKIP() << "../shared/data not present";
  for (const char* name : {"Instance21", "Instance23"}) {
    auto p = ReadCurtoisFile(dir + "/" + name + ".txt");
    ASSERT_TRUE(p.ok()) << p.status().message();
    roster::SolverParams sp;
    sp.time_limit_seconds = 0;
    sp.move_limit = 1;
    sp.threads = 1;
    sp.cg_time_fraction = 0;
    const roster::SolveResponse r = roster::SolveRoster(*p, sp);
    EXPECT_TRUE(r.check.feasible) << name << ": "
                                  << (r.check.violations.empty() ? "" : r.check.violations.front());
  }
}

TEST(Curtois, MissingFileIsAnError) {
  auto p = ReadCurtoisFile("/nonexistent/x.txt");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace weft::io
