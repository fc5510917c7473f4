#include "dispatch/sharing.h"

#include <gtest/gtest.h>

namespace weft::dispatch {
namespace {

// Site 0 (borrower) and sites 1, 2 (lenders), one category, two
// technicians each.
struct World {
  std::vector<Scenario> sc;
  std::vector<std::unique_ptr<Dispatcher>> disp;
  std::vector<std::vector<Job>> jobs;
  std::vector<std::vector<TechState>> techs;
  std::vector<SiteView> Views() const {
    std::vector<SiteView> v;
    for (size_t s = 0; s < sc.size(); ++s)
      v.push_back({&sc[s], disp[s].get(), &jobs[s], &techs[s]});
    return v;
  }
};

World MakeWorld(const std::vector<double>& jobs_per_day,
                const std::vector<std::vector<Grade>>& grades) {
  World w;
  for (size_t s = 0; s < grades.size(); ++s) {
    Scenario sc;
    sc.categories = {{"hv", "高压", "hv_cert", 1}};
    sc.job_types = {{"hv", "hv", 0, 8, 60, 0, 1, 0, 1000}};
    for (size_t k = 0; k < grades[s].size(); ++k) {
      Technician t;
      t.id = t.name = std::to_string(s) + char('a' + k);
      t.level = 3;
      t.skills = {grades[s][k]};
      t.willingness = {1.0};
      t.certifications = {"hv_cert"};
      sc.technicians.push_back(t);
    }
    sc.jobs_per_day = jobs_per_day[s];
    sc.arrivals = {{8 * 60, 20 * 60, 1.0}};
    w.sc.push_back(sc);
  }
  for (size_t s = 0; s < grades.size(); ++s) {
    w.disp.push_back(std::make_unique<Dispatcher>(w.sc[s], Policy::kOptimal));
    w.jobs.emplace_back();
    w.techs.emplace_back(grades[s].size());
  }
  return w;
}

TEST(Sharing, TheBestSpareTechnicianIsLentAndSettled) {
  // Site 1 is quiet with an S; site 2 is quiet with an A but closer; site 0
  // posts a need for at least an A.
  World w = MakeWorld({10, 2, 2},
                      {{Grade::kC, Grade::kC}, {Grade::kS, Grade::kB}, {Grade::kA, Grade::kA}});
  const std::vector<std::vector<int>> travel = {{0, 30, 20}, {30, 0, 40}, {20, 40, 0}};
  const int64_t ten = 10 * 60;
  ShareNeed need{0, 0, Grade::kA, 2, ten, 16 * 60, "high voltage, nobody certified at grade A"};
  LoanTerms terms;
  const std::vector<ShareOffer> offers = CollectOffers(need, w.Views(), travel, terms, ten);
  // The S from site 1 and both As from site 2; not site 1's B, never site 0.
  ASSERT_EQ(offers.size(), 3u);
  for (const ShareOffer& o : offers) EXPECT_NE(o.site, 0);
  EXPECT_EQ(offers[0].site, 1);
  EXPECT_EQ(offers[0].grade, Grade::kS);
  const auto loan = MatchNeed(need, offers, terms);
  ASSERT_TRUE(loan.has_value());
  EXPECT_EQ(loan->offer.site, 1);  // grade S outweighs ten more minutes of travel
  EXPECT_EQ(loan->start, ten + 30);
  EXPECT_EQ(loan->end, 16 * 60);
  EXPECT_NEAR(loan->hours, 5.5, 1e-9);
  EXPECT_NEAR(loan->fee, 5.5 * terms.fee_per_hour, 1e-9);
  EXPECT_NEAR(loan->allowance, 5.5 * terms.allowance_per_hour, 1e-9);

  // A second loan from site 2 the same day; settlement per pair of sites.
  need.min_grade = Grade::kA;
  std::vector<ShareOffer> rest;
  for (const ShareOffer& o : offers)
    if (o.site == 2) rest.push_back(o);
  const auto second = MatchNeed(need, rest, terms);
  ASSERT_TRUE(second.has_value());
  const Settlement s = Settle({*loan, *second, *loan});
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].lender, 1);
  EXPECT_EQ(s.lines[0].borrower, 0);
  EXPECT_EQ(s.lines[0].loans, 2);
  EXPECT_NEAR(s.lines[0].hours, 11, 1e-9);
  EXPECT_NEAR(s.total_fee, 2 * loan->fee + second->fee, 1e-9);
  ASSERT_EQ(s.allowances.size(), 2u);
  EXPECT_NEAR(s.allowances[0].amount, 2 * loan->allowance, 1e-9);
}

TEST(Sharing, BusySitesAndFarSitesOfferNobody) {
  World w = MakeWorld({10, 30, 2}, {{Grade::kC}, {Grade::kS, Grade::kS}, {Grade::kA}});
  const std::vector<std::vector<int>> travel = {{0, 30, 200}, {30, 0, 200}, {200, 200, 0}};
  const int64_t ten = 10 * 60;
  const ShareNeed need{0, 0, Grade::kA, 1, ten, 16 * 60, ""};
  // Site 1 is busy (30 jobs of an hour for two people), site 2 too far.
  EXPECT_TRUE(CollectOffers(need, w.Views(), travel, LoanTerms{}, ten).empty());
  EXPECT_FALSE(MatchNeed(need, {}, LoanTerms{}).has_value());
  // Late in the day: less than an hour left at the borrower, no offer.
  World quiet = MakeWorld({10, 1, 1}, {{Grade::kC}, {Grade::kS, Grade::kS}, {Grade::kA}});
  EXPECT_FALSE(CollectOffers(need, quiet.Views(), travel, LoanTerms{}, ten).empty());
  EXPECT_TRUE(CollectOffers(need, quiet.Views(), travel, LoanTerms{}, 16 * 60 + 10).empty());
}

}  // namespace
}  // namespace weft::dispatch
