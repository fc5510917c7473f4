#include "dispatch/model.h"

#include <algorithm>
#include <cmath>

namespace weft::dispatch {

double GradeFactor(Grade g) {
  switch (g) {
    case Grade::kS:
      return 1.0;
    case Grade::kA:
      return 0.8;
    case Grade::kB:
      return 0.5;
    case Grade::kC:
      return 0.3;
    case Grade::kD:
      return 0.1;
  }
  return 0.1;
}

double GradeSpeed(Grade g) {
  switch (g) {
    case Grade::kS:
      return 0.85;
    case Grade::kA:
      return 1.0;
    case Grade::kB:
      return 1.25;
    case Grade::kC:
      return 1.6;
    case Grade::kD:
      return 2.2;
  }
  return 2.2;
}

const char* GradeName(Grade g) {
  static const char* const kNames[] = {"S", "A", "B", "C", "D"};
  return kNames[static_cast<int>(g)];
}

const char* TierName(Tier t) {
  switch (t) {
    case Tier::kCore:
      return "core";
    case Tier::kElastic:
      return "elastic";
    case Tier::kMobile:
      return "mobile";
    case Tier::kGuest:
      return "guest";
  }
  return "core";
}

bool Technician::HasCertification(const std::string& c) const {
  return c.empty() ||
         std::find(certifications.begin(), certifications.end(), c) != certifications.end();
}

double Scenario::Efficiency(int minute_of_day) const {
  for (const Band& b : efficiency)
    if (b.start <= minute_of_day && minute_of_day < b.end) return b.value;
  return 1.0;
}

namespace {
Status Bad(const std::string& where, const std::string& what) {
  return Status::InvalidInput(where + ": " + what);
}
Status CheckBands(const std::vector<Band>& bands, const std::string& where, bool shares) {
  for (size_t i = 0; i < bands.size(); ++i) {
    const Band& b = bands[i];
    const std::string at = where + "/" + std::to_string(i);
    if (b.start < 0 || b.end > 24 * 60 || b.start >= b.end)
      return Bad(at, "expected 00:00 <= start < end <= 24:00");
    if (b.value < 0 || !std::isfinite(b.value)) return Bad(at, "expected a value >= 0");
    if (!shares && (b.value < 0.1 || b.value > 2)) return Bad(at, "efficiency must lie in 0.1..2");
    for (size_t j = 0; j < i; ++j)
      if (bands[j].start < b.end && b.start < bands[j].end)
        return Bad(at, "overlaps " + where + "/" + std::to_string(j));
  }
  return Status::Ok();
}
}  // namespace

Status Scenario::Validate() const {
  if (open_minute < 0 || close_minute > 24 * 60 || open_minute >= close_minute)
    return Bad("/open", "expected open < close within the day");
  if (categories.empty()) return Bad("/categories", "at least one category is needed");
  for (size_t c = 0; c < categories.size(); ++c)
    if (categories[c].certified_people < 1 || categories[c].certified_people > 2)
      return Bad("/categories/" + std::to_string(c) + "/certified_people", "expected 1 or 2");
  if (job_types.empty()) return Bad("/job_types", "at least one job type is needed");
  double share = 0;
  for (size_t t = 0; t < job_types.size(); ++t) {
    const JobType& j = job_types[t];
    const std::string at = "/job_types/" + std::to_string(t);
    if (j.category < 0 || j.category >= C()) return Bad(at + "/category", "unknown category");
    if (j.difficulty < 1 || j.difficulty > 10) return Bad(at + "/difficulty", "expected 1..10");
    if (j.standard_minutes <= 0 || j.standard_minutes > 24 * 60)
      return Bad(at + "/minutes", "expected 1..1440");
    if (j.pair_minutes < 0 || j.pair_minutes > j.standard_minutes)
      return Bad(at + "/pair_minutes", "expected 0 (no gain) or at most the one-person time");
    if (!(j.share >= 0) || !(j.urgent_share >= 0 && j.urgent_share <= 1) || !(j.value >= 0))
      return Bad(at, "share >= 0, urgent_share in [0, 1] and value >= 0 expected");
    share += j.share;
  }
  if (share <= 0) return Bad("/job_types", "the shares must not all be 0");
  if (technicians.empty()) return Bad("/technicians", "at least one technician is needed");
  for (size_t k = 0; k < technicians.size(); ++k) {
    const Technician& t = technicians[k];
    const std::string at = "/technicians/" + std::to_string(k);
    if (t.level < 1 || t.level > 4) return Bad(at + "/level", "expected L1..L4");
    if (t.shift_start < 0 || t.shift_end > 24 * 60 || t.shift_start >= t.shift_end)
      return Bad(at + "/shift", "expected start < end within the day");
    if (t.skills.size() != categories.size())
      return Bad(at + "/skills", "expected a grade for every category");
    if (t.willingness.size() != categories.size())
      return Bad(at + "/willingness", "expected one value per category");
    for (double w : t.willingness)
      if (!(w >= 0.7 && w <= 1.1)) return Bad(at + "/willingness", "expected 0.7..1.1");
    if (!t.true_willingness.empty() && t.true_willingness.size() != categories.size())
      return Bad(at + "/true_willingness", "expected one value per category");
    for (double w : t.true_willingness)
      if (!(w >= 0.7 && w <= 1.1)) return Bad(at + "/true_willingness", "expected 0.7..1.1");
  }
  if (!(jobs_per_day > 0 && jobs_per_day < 1e6)) return Bad("/jobs_per_day", "expected > 0");
  if (Status s = CheckBands(arrivals, "/arrivals", true); !s.ok()) return s;
  if (Status s = CheckBands(efficiency, "/efficiency", false); !s.ok()) return s;
  double arrival_share = 0;
  for (const Band& b : arrivals) arrival_share += b.value;
  if (!arrivals.empty() && arrival_share <= 0)
    return Bad("/arrivals", "the shares must not all be 0");
  for (const Band& b : arrivals)
    if (b.value > 0 && (b.start < open_minute || b.end > close_minute))
      return Bad("/arrivals", "arrivals must fall within opening hours");
  if (!(duration_sigma >= 0 && duration_sigma <= 2)) return Bad("/duration_sigma", "expected 0..2");
  for (double p : {sick_probability, overrun_probability, surge_probability, vip_share})
    if (!(p >= 0 && p <= 1)) return Bad("/disruptions", "probabilities must lie in [0, 1]");
  if (overrun_min_minutes < 0 || overrun_max_minutes < overrun_min_minutes)
    return Bad("/disruptions/overrun_minutes", "expected 0 <= min <= max");
  if (!(midday_absence_share >= 0 && midday_absence_share <= 1))
    return Bad("/disruptions/midday_absence_share", "expected a fraction 0..1");
  if (!(refusal_slope >= 0 && refusal_slope <= 2.5))
    return Bad("/disruptions/refusal_slope", "expected 0..2.5");
  if (!(elastic_utilisation > 0 && elastic_utilisation <= mobile_utilisation &&
        mobile_utilisation <= 10))
    return Bad("/policy/elastic_utilisation",
               "expected 0 < elastic_utilisation <= mobile_utilisation <= 10");
  if (!(surge_multiplier >= 1 && surge_multiplier <= 10))
    return Bad("/disruptions/surge_multiplier", "expected 1..10");
  if (!(threshold >= 0 && threshold < 1.5)) return Bad("/policy/threshold", "expected 0..1.5");
  if (!(urgent_threshold >= 0 && urgent_threshold < 1.5))
    return Bad("/policy/urgent_threshold", "expected 0..1.5");
  if (urgent_escalation_minutes < 0 || urgent_escalation_minutes > 1440)
    return Bad("/policy/urgent_escalation_minutes", "expected 0..1440");
  if (redispatch_minutes < 1) return Bad("/policy/redispatch_minutes", "expected >= 1");
  if (plan_window_minutes < 0 || plan_window_minutes > 1440)
    return Bad("/policy/plan_window_minutes", "expected 0..1440");
  if (urgent_promise_minutes < 1 || standard_promise_minutes < 1)
    return Bad("/promise_minutes", "expected >= 1");
  return Status::Ok();
}

}  // namespace weft::dispatch
