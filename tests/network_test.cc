#include "dispatch/network.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/dispatch_json.h"

namespace weft::dispatch {
namespace {

// Two categories; `grades` per technician (tyre, chassis).
Scenario Site(const std::string& name, double jobs_per_day,
              const std::vector<std::pair<Grade, Grade>>& grades) {
  Scenario sc;
  sc.name = name;
  sc.categories = {{"tire", "轮胎", "", 1}, {"chassis", "底盘", "", 1}};
  sc.job_types = {{"tire", "tire", 0, 3, 45, 0, 1, 0.1, 300},
                  {"chassis", "chassis", 1, 6, 60, 0, 1, 0.1, 800}};
  for (size_t k = 0; k < grades.size(); ++k) {
    Technician t;
    t.id = t.name = name + std::to_string(k);
    t.skills = {grades[k].first, grades[k].second};
    t.willingness = {1.0, 1.0};
    sc.technicians.push_back(t);
  }
  sc.jobs_per_day = jobs_per_day;
  sc.arrivals = {{8 * 60, 18 * 60, 1.0}};
  return sc;
}

Network TwoSites() {
  Network net;
  // North has nobody for chassis work; South is quiet with two chassis experts.
  net.sites = {
      Site("North", 12, {{Grade::kA, Grade::kD}, {Grade::kA, Grade::kD}}),
      Site("South", 6, {{Grade::kA, Grade::kS}, {Grade::kB, Grade::kS}, {Grade::kA, Grade::kA}})};
  net.travel = {{0, 25}, {25, 0}};
  return net;
}

TEST(Network, SharingStaffsWhatASiteCannot) {
  const Network net = TwoSites();
  ASSERT_TRUE(net.Validate().ok()) << net.Validate().message();
  SimParams p;
  p.days = 10;
  p.seed = 4;
  const NetworkResult alone = SimulateNetwork(net, p, false);
  const NetworkResult shared = SimulateNetwork(net, p, true);
  EXPECT_TRUE(alone.loans.empty());
  ASSERT_FALSE(shared.loans.empty());
  // The same jobs arrive either way; North completes more with help.
  EXPECT_EQ(alone.sites[0].jobs_arrived, shared.sites[0].jobs_arrived);
  EXPECT_GT(shared.sites[0].jobs_completed, alone.sites[0].jobs_completed);
  EXPECT_GT(shared.sites[0].guest_hours, 0);
  EXPECT_EQ(shared.sites[0].loans_in, static_cast<int>(shared.loans.size()));
  EXPECT_EQ(shared.sites[1].loans_out, static_cast<int>(shared.loans.size()));
  for (const Loan& l : shared.loans) {
    EXPECT_EQ(l.need.site, 0);
    EXPECT_EQ(l.offer.site, 1);
    EXPECT_EQ(l.need.category, 1);
    EXPECT_LE(l.offer.grade, Grade::kB);
    EXPECT_GE(l.start, l.need.from + 25);  // travel
    EXPECT_NEAR(l.fee, l.hours * net.terms.fee_per_hour, 1e-9);
  }
  ASSERT_EQ(shared.settlement.lines.size(), 1u);
  EXPECT_EQ(shared.settlement.lines[0].loans, static_cast<int>(shared.loans.size()));
  // Deterministic.
  const NetworkResult again = SimulateNetwork(net, p, true);
  EXPECT_EQ(again.loans.size(), shared.loans.size());
  EXPECT_EQ(again.sites[0].jobs_completed, shared.sites[0].jobs_completed);
}

TEST(Network, GuestsAreOtherSitesCoreTechnicians) {
  const Network net = TwoSites();
  std::vector<std::vector<int>> slot;
  const Scenario north = WithGuests(net, 0, slot);
  ASSERT_EQ(north.K(), 5);
  EXPECT_EQ(north.technicians[2].tier, Tier::kGuest);
  EXPECT_EQ(north.technicians[2].id, "South/South0");
  EXPECT_EQ(slot[1][0], 2);
  EXPECT_EQ(slot[0][0], -1);
  EXPECT_TRUE(north.Validate().ok());
}

TEST(Network, ValidationNamesTheField) {
  Network net = TwoSites();
  net.sites[1].categories[1].id = "body";
  EXPECT_NE(net.Validate().message().find("/sites/1/categories/1"), std::string::npos);
  net = TwoSites();
  net.travel = {{0, 25}};
  EXPECT_NE(net.Validate().message().find("/travel_minutes"), std::string::npos);
  net = TwoSites();
  net.sites[1].close_minute = 19 * 60;
  EXPECT_NE(net.Validate().message().find("/sites/1/hours"), std::string::npos);
}

TEST(Network, ReaderPatchesScenariosAndNamesBadFields) {
  const std::string dir = std::filesystem::temp_directory_path() / "weft-network-test";
  std::filesystem::create_directories(dir);
  const std::string example = std::string(WEFT_SOURCE_DIR) + "/examples/dispatch/network.json";
  auto net = io::ReadDispatchNetwork(example);
  ASSERT_TRUE(net.ok()) << net.status().message();
  ASSERT_EQ(net->sites.size(), 3u);
  EXPECT_EQ(net->sites[1].name, "朝阳店");
  EXPECT_DOUBLE_EQ(net->sites[1].jobs_per_day, 58);
  EXPECT_EQ(net->sites[1].K(), 12);  // the rest of the example, unpatched
  EXPECT_EQ(net->sites[2].K(), 4);   // technicians replaced
  auto write = [&](const std::string& text) {
    const std::string path = dir + "/n.json";
    std::ofstream(path) << text;
    return io::ReadDispatchNetwork(path);
  };
  const std::string site = "{\"scenario\": \"" + std::string(WEFT_SOURCE_DIR) +
                           "/examples/dispatch/service-center.json\"}";
  auto a =
      write("{\"sites\": [" + site + ", " + site + "], \"travel_minutes\": [[0, 5], [-1, 0]]}");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("/travel_minutes/1/0"), std::string::npos)
      << a.status().message();
  auto b =
      write("{\"sites\": [" + site + ", {\"scenario\": \"nope.json\"}], \"travel_minutes\": []}");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("/sites/1/scenario"), std::string::npos);
  auto c = write(
      "{\"sites\": [" + site + ", " + site.substr(0, site.size() - 1) +
      ", \"patch\": {\"demand\": {\"jobs_per_day\": -3}}}], \"travel_minutes\": [[0, 5], [5, 0]]}");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("/sites/1: /demand/jobs_per_day"), std::string::npos)
      << c.status().message();
}

}  // namespace
}  // namespace weft::dispatch
