#include "dispatch/sharing.h"

#include <algorithm>

namespace weft::dispatch {

std::vector<ShareOffer> CollectOffers(const ShareNeed& need, const std::vector<SiteView>& sites,
                                      const std::vector<std::vector<int>>& travel,
                                      const LoanTerms& terms, int64_t now) {
  std::vector<ShareOffer> out;
  for (int site = 0; site < static_cast<int>(sites.size()); ++site) {
    if (site == need.site) continue;
    const SiteView& v = sites[static_cast<size_t>(site)];
    const Scenario& sc = *v.scenario;
    const int minutes = travel[static_cast<size_t>(site)][static_cast<size_t>(need.site)];
    if (minutes > terms.max_travel_minutes) continue;
    if (need.category < 0 || need.category >= sc.C()) continue;
    const Category& cat = sc.categories[static_cast<size_t>(need.category)];
    const double shift_minutes = [&] {
      double m = 0;
      for (int k = 0; k < sc.K(); ++k)
        if ((*v.techs)[static_cast<size_t>(k)].present)
          m += sc.technicians[static_cast<size_t>(k)].shift_end -
               sc.technicians[static_cast<size_t>(k)].shift_start;
      return m;
    }();
    const double u = v.dispatcher->ForecastUtilisation(*v.jobs, *v.techs, now);
    const int64_t day0 = now - now % 1440;
    for (int k = 0; k < sc.K(); ++k) {
      const Technician& t = sc.technicians[static_cast<size_t>(k)];
      const TechState& s = (*v.techs)[static_cast<size_t>(k)];
      if (!s.present || t.tier != Tier::kCore) continue;
      const Grade g = t.skills[static_cast<size_t>(need.category)];
      if (g > need.min_grade || t.level < need.min_level) continue;
      if (!t.HasCertification(cat.certification)) continue;
      const int64_t shift_end = day0 + t.shift_end;
      const int64_t free_from =
          std::max({now, day0 + t.shift_start, s.current_job >= 0 ? s.busy_until : now});
      if (free_from + minutes + 60 > shift_end) continue;  // less than an hour left there
      // The lender's utilisation without him.
      const double own = t.shift_end - t.shift_start;
      const double without = shift_minutes > own ? u * shift_minutes / (shift_minutes - own) : 9;
      if (without >= terms.spare_utilisation) continue;
      out.push_back({site, k, g, t.level, without, minutes, free_from, shift_end});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const ShareOffer& a, const ShareOffer& b) {
    return a.grade != b.grade ? a.grade < b.grade : a.site_utilisation < b.site_utilisation;
  });
  return out;
}

std::optional<Loan> MatchNeed(const ShareNeed& need, const std::vector<ShareOffer>& offers,
                              const LoanTerms& terms) {
  std::optional<Loan> best;
  for (const ShareOffer& o : offers) {
    if (o.site == need.site || o.grade > need.min_grade || o.level < need.min_level ||
        o.travel_minutes > terms.max_travel_minutes)
      continue;
    Loan l;
    l.need = need;
    l.offer = o;
    l.start = std::max(need.from, o.free_from + o.travel_minutes);
    l.end = std::min(need.until, o.shift_end);
    if (l.end <= l.start) continue;
    l.hours = static_cast<double>(l.end - l.start) / 60.0;
    l.fee = l.hours * terms.fee_per_hour;
    l.allowance = l.hours * terms.allowance_per_hour;
    // Skill first (1.0 .. 0.1), then level, then the lender's slack, then
    // how soon he arrives (an hour late weighs like a grade step down).
    l.score = GradeFactor(o.grade) + 0.05 * (o.level - need.min_level) +
              0.1 * (1.0 - o.site_utilisation) -
              0.3 * static_cast<double>(l.start - need.from) / 60.0;
    if (!best || l.score > best->score) best = l;
  }
  return best;
}

Settlement Settle(const std::vector<Loan>& loans) {
  Settlement s;
  for (const Loan& l : loans) {
    auto it = std::find_if(s.lines.begin(), s.lines.end(), [&](const Settlement::Line& x) {
      return x.lender == l.offer.site && x.borrower == l.need.site;
    });
    if (it == s.lines.end()) {
      s.lines.push_back({l.offer.site, l.need.site, 0, 0, 0});
      it = s.lines.end() - 1;
    }
    ++it->loans;
    it->hours += l.hours;
    it->fee += l.fee;
    auto a =
        std::find_if(s.allowances.begin(), s.allowances.end(), [&](const Settlement::Allowance& x) {
          return x.site == l.offer.site && x.tech == l.offer.tech;
        });
    if (a == s.allowances.end()) {
      s.allowances.push_back({l.offer.site, l.offer.tech, 0, 0});
      a = s.allowances.end() - 1;
    }
    a->hours += l.hours;
    a->amount += l.allowance;
    s.total_fee += l.fee;
    s.total_allowance += l.allowance;
  }
  return s;
}

}  // namespace weft::dispatch
