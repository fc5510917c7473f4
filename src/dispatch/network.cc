#include "dispatch/network.h"

#include <algorithm>
#include <memory>

namespace weft::dispatch {
namespace {

constexpr double kOverloaded = 1.5;  // forecast utilisation of response level 3

// What site `s` needs now, if anything: the category of the first waiting
// job it cannot staff, else (overloaded) the category with the most waiting
// work.
std::optional<ShareNeed> NeedOf(const SiteSim& sim, int s, int64_t now) {
  const Scenario& sc = sim.scenario();
  const Dispatcher& d = sim.dispatcher();
  const std::vector<Job>& jobs = sim.jobs();
  const std::vector<TechState>& techs = sim.techs();
  std::vector<int> waiting = d.waiting();
  for (const TechState& t : techs) waiting.insert(waiting.end(), t.queue.begin(), t.queue.end());
  if (waiting.empty()) return std::nullopt;
  const int64_t close = now - now % 1440 + sc.close_minute;
  std::vector<double> minutes(static_cast<size_t>(sc.C()), 0);
  for (int job : waiting) {
    const Job& j = jobs[static_cast<size_t>(job)];
    minutes[static_cast<size_t>(j.category)] +=
        sc.job_types[static_cast<size_t>(j.type)].standard_minutes;
    int capable = 0;
    for (int k = 0; k < sc.K(); ++k)
      if (techs[static_cast<size_t>(k)].present && Capable(sc, k, j)) ++capable;
    if (capable < sc.categories[static_cast<size_t>(j.category)].certified_people)
      return ShareNeed{s,
                       j.category,
                       Grade::kB,
                       1,
                       now,
                       close,
                       "nobody here can staff a " +
                           sc.categories[static_cast<size_t>(j.category)].name + " job"};
  }
  if (d.ForecastUtilisation(jobs, techs, now) <= kOverloaded) return std::nullopt;
  const auto most = std::max_element(minutes.begin(), minutes.end()) - minutes.begin();
  return ShareNeed{s, static_cast<int>(most), Grade::kA, 1, now, close, "overloaded (level 3)"};
}

}  // namespace

Status Network::Validate() const {
  if (sites.size() < 2) return Status::InvalidInput("/sites: a network needs two sites or more");
  for (size_t s = 0; s < sites.size(); ++s) {
    const std::string at = "/sites/" + std::to_string(s);
    if (Status st = sites[s].Validate(); !st.ok())
      return Status::InvalidInput(at + ": " + st.message());
    if (sites[s].categories.size() != sites[0].categories.size())
      return Status::InvalidInput(at + "/categories: every site needs the same categories");
    for (size_t c = 0; c < sites[s].categories.size(); ++c)
      if (sites[s].categories[c].id != sites[0].categories[c].id)
        return Status::InvalidInput(at + "/categories/" + std::to_string(c) + ": expected \"" +
                                    sites[0].categories[c].id + "\" as at the first site");
    if (sites[s].open_minute != sites[0].open_minute ||
        sites[s].close_minute != sites[0].close_minute)
      return Status::InvalidInput(at + "/hours: every site needs the same opening hours");
  }
  if (travel.size() != sites.size())
    return Status::InvalidInput("/travel_minutes: expected one row per site");
  for (size_t a = 0; a < travel.size(); ++a) {
    if (travel[a].size() != sites.size())
      return Status::InvalidInput("/travel_minutes/" + std::to_string(a) +
                                  ": expected one value per site");
    for (int m : travel[a])
      if (m < 0 || m > 24 * 60)
        return Status::InvalidInput("/travel_minutes/" + std::to_string(a) +
                                    ": expected minutes 0..1440");
  }
  if (!(terms.fee_per_hour >= 0 && terms.allowance_per_hour >= 0 && terms.max_travel_minutes >= 0 &&
        terms.spare_utilisation > 0))
    return Status::InvalidInput("/loan: expected fees >= 0, travel >= 0, spare_utilisation > 0");
  return Status::Ok();
}

Scenario WithGuests(const Network& net, int site, std::vector<std::vector<int>>& slot) {
  Scenario sc = net.sites[static_cast<size_t>(site)];
  slot.assign(net.sites.size(), {});
  for (size_t s2 = 0; s2 < net.sites.size(); ++s2) {
    const Scenario& other = net.sites[s2];
    slot[s2].assign(other.technicians.size(), -1);
    if (static_cast<int>(s2) == site) continue;
    for (size_t k = 0; k < other.technicians.size(); ++k) {
      if (other.technicians[k].tier != Tier::kCore) continue;
      Technician g = other.technicians[k];
      g.id = (other.name.empty() ? "site" + std::to_string(s2) : other.name) + "/" + g.id;
      g.tier = Tier::kGuest;
      slot[s2][k] = sc.K();
      sc.technicians.push_back(std::move(g));
    }
  }
  return sc;
}

NetworkResult SimulateNetwork(const Network& net, const SimParams& p, bool sharing) {
  const int S = static_cast<int>(net.sites.size());
  std::vector<Scenario> scenarios(static_cast<size_t>(S));
  std::vector<std::vector<std::vector<int>>> slot(static_cast<size_t>(S));
  for (int s = 0; s < S; ++s)
    scenarios[static_cast<size_t>(s)] = WithGuests(net, s, slot[static_cast<size_t>(s)]);
  std::vector<std::unique_ptr<SiteSim>> sims;
  for (int s = 0; s < S; ++s) {
    SimParams sp = p;
    sp.seed = p.seed * 1000003ULL + static_cast<uint64_t>(s);
    sims.push_back(std::make_unique<SiteSim>(scenarios[static_cast<size_t>(s)], sp, sp.seed));
  }
  NetworkResult out;
  const Scenario& first = net.sites[0];
  for (int day = 0; day < p.days; ++day) {
    for (auto& sim : sims) sim->BeginDay(day);
    std::vector<bool> running(static_cast<size_t>(S), true);
    std::vector<int64_t> arriving(static_cast<size_t>(S), 0);  // last loan's arrival, by site
    for (int64_t now = static_cast<int64_t>(day) * 1440 + first.open_minute;; ++now) {
      bool any = false;
      for (int s = 0; s < S; ++s)
        if (running[static_cast<size_t>(s)])
          any |= (running[static_cast<size_t>(s)] = sims[static_cast<size_t>(s)]->Step(now));
      if (!any) break;
      const int64_t since_open = now - static_cast<int64_t>(day) * 1440 - first.open_minute;
      if (!sharing || since_open % first.redispatch_minutes != 0 ||
          now % 1440 >= first.close_minute - 60)
        continue;
      std::vector<SiteView> views;
      for (const auto& sim : sims)
        views.push_back({&sim->scenario(), &sim->dispatcher(), &sim->jobs(), &sim->techs()});
      for (int b = 0; b < S; ++b) {
        if (now < arriving[static_cast<size_t>(b)]) continue;  // help is on its way
        const std::optional<ShareNeed> need = NeedOf(*sims[static_cast<size_t>(b)], b, now);
        if (!need) continue;
        const std::optional<Loan> loan =
            MatchNeed(*need, CollectOffers(*need, views, net.travel, net.terms, now), net.terms);
        if (!loan) continue;
        const int guest = slot[static_cast<size_t>(b)][static_cast<size_t>(loan->offer.site)]
                              [static_cast<size_t>(loan->offer.tech)];
        if (guest < 0) continue;
        sims[static_cast<size_t>(loan->offer.site)]->Lend(loan->offer.tech, now);
        const int64_t arrive = std::max(loan->start, now + 1);
        sims[static_cast<size_t>(b)]->Borrow(guest, arrive, std::max(loan->end, arrive + 1));
        arriving[static_cast<size_t>(b)] = arrive;
        out.loans.push_back(*loan);
      }
    }
    for (auto& sim : sims) sim->EndDay();
  }
  for (auto& sim : sims) out.sites.push_back(sim->Finish());
  out.settlement = Settle(out.loans);
  return out;
}

}  // namespace weft::dispatch
