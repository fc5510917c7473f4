#include "io/dispatch_json.h"

#include <cmath>
#include <filesystem>
#include <map>

#include "io/curtois.h"
#include "io/json_util.h"

namespace weft::io {

using namespace weft::io::jsonutil;
using dispatch::Band;
using dispatch::Grade;
using dispatch::Scenario;

namespace {

std::string At(const std::string& ptr, const std::string& key) { return ptr + "/" + key; }
std::string At(const std::string& ptr, size_t i) { return ptr + "/" + std::to_string(i); }

const json& Array(const json& v, const std::string& ptr) {
  if (!v.is_array()) Fail(ptr, "expected an array, got " + Shown(v));
  return v;
}

double OptNumber(const json& obj, const std::string& ptr, const char* key, double dflt, double lo,
                 double hi, const char* what) {
  const json* v = Field(obj, ptr, key, false);
  return v ? Number(*v, At(ptr, key), lo, hi, what) : dflt;
}

int OptInteger(const json& obj, const std::string& ptr, const char* key, int dflt, int lo, int hi,
               const char* what) {
  const json* v = Field(obj, ptr, key, false);
  return v ? Integer(*v, At(ptr, key), lo, hi, what) : dflt;
}

Grade GradeOf(const json& v, const std::string& ptr) {
  static const std::map<std::string, Grade> kNames = {
      {"S", Grade::kS}, {"A", Grade::kA}, {"B", Grade::kB}, {"C", Grade::kC}, {"D", Grade::kD}};
  const auto it = kNames.find(String(v, ptr));
  if (it == kNames.end()) Fail(ptr, "expected a grade S, A, B, C or D, got " + Shown(v));
  return it->second;
}

std::vector<Band> Bands(const json& obj, const std::string& ptr, const char* key,
                        const char* value_key) {
  std::vector<Band> out;
  const json* v = Field(obj, ptr, key, false);
  if (!v) return out;
  const std::string at = At(ptr, key);
  for (size_t i = 0; i < Array(*v, at).size(); ++i) {
    const json& b = (*v)[i];
    const std::string bi = At(at, i);
    Band band;
    band.start = Time(*Field(b, bi, "start", true), At(bi, "start"), 1);
    band.end = Time(*Field(b, bi, "end", true), At(bi, "end"), 1);
    band.value = Number(*Field(b, bi, value_key, true), At(bi, value_key), 0, 1e6, "a number >= 0");
    out.push_back(band);
  }
  return out;
}

Scenario ParseScenario(const json& j) {
  Scenario sc;
  const std::string root;
  if (const json* v = Field(j, root, "name", false)) sc.name = String(*v, "/name");
  if (const json* h = Field(j, root, "hours", false)) {
    sc.open_minute = Time(*Field(*h, "/hours", "open", true), "/hours/open", 1);
    sc.close_minute = Time(*Field(*h, "/hours", "close", true), "/hours/close", 1);
  }
  std::map<std::string, int> category_index;
  const json& cats = Array(*Field(j, root, "categories", true), "/categories");
  for (size_t c = 0; c < cats.size(); ++c) {
    const std::string at = At("/categories", c);
    dispatch::Category cat;
    cat.id = String(*Field(cats[c], at, "id", true), At(at, "id"));
    cat.name = cat.id;
    if (const json* v = Field(cats[c], at, "name", false)) cat.name = String(*v, At(at, "name"));
    if (const json* v = Field(cats[c], at, "certification", false))
      cat.certification = String(*v, At(at, "certification"));
    cat.certified_people = OptInteger(cats[c], at, "certified_people", 1, 1, 2, "1 or 2");
    if (!category_index.emplace(cat.id, static_cast<int>(c)).second)
      Fail(At(at, "id"), "duplicate category \"" + cat.id + "\"");
    sc.categories.push_back(cat);
  }
  const json& types = Array(*Field(j, root, "job_types", true), "/job_types");
  for (size_t t = 0; t < types.size(); ++t) {
    const std::string at = At("/job_types", t);
    const json& o = types[t];
    dispatch::JobType jt;
    jt.id = String(*Field(o, at, "id", true), At(at, "id"));
    jt.name = jt.id;
    if (const json* v = Field(o, at, "name", false)) jt.name = String(*v, At(at, "name"));
    const std::string cat = String(*Field(o, at, "category", true), At(at, "category"));
    const auto it = category_index.find(cat);
    if (it == category_index.end()) Fail(At(at, "category"), "unknown category \"" + cat + "\"");
    jt.category = it->second;
    jt.difficulty =
        Integer(*Field(o, at, "difficulty", true), At(at, "difficulty"), 1, 10, "1..10");
    jt.standard_minutes =
        Integer(*Field(o, at, "minutes", true), At(at, "minutes"), 1, 1440, "minutes 1..1440");
    jt.pair_minutes = OptInteger(o, at, "pair_minutes", 0, 0, 1440, "minutes 0..1440");
    jt.share = Number(*Field(o, at, "share", true), At(at, "share"), 0, 1e6, "a share >= 0");
    jt.urgent_share = OptNumber(o, at, "urgent_share", 0, 0, 1, "a fraction");
    jt.value = OptNumber(o, at, "value", 0, 0, 1e9, "a value >= 0");
    sc.job_types.push_back(jt);
  }
  const json& techs = Array(*Field(j, root, "technicians", true), "/technicians");
  std::map<std::string, int> tech_index;
  for (size_t k = 0; k < techs.size(); ++k) {
    const std::string at = At("/technicians", k);
    const json& o = techs[k];
    dispatch::Technician t;
    t.id = String(*Field(o, at, "id", true), At(at, "id"));
    if (!tech_index.emplace(t.id, static_cast<int>(k)).second)
      Fail(At(at, "id"), "duplicate technician \"" + t.id + "\"");
    t.name = t.id;
    if (const json* v = Field(o, at, "name", false)) t.name = String(*v, At(at, "name"));
    if (const json* v = Field(o, at, "level", false)) {
      const std::string l = String(*v, At(at, "level"));
      if (l.size() != 2 || l[0] != 'L' || l[1] < '1' || l[1] > '4')
        Fail(At(at, "level"), "expected L1, L2, L3 or L4, got " + Shown(*v));
      t.level = l[1] - '0';
    }
    if (const json* v = Field(o, at, "tier", false)) {
      const std::string tier = String(*v, At(at, "tier"));
      if (tier == "core")
        t.tier = dispatch::Tier::kCore;
      else if (tier == "elastic")
        t.tier = dispatch::Tier::kElastic;
      else if (tier == "mobile")
        t.tier = dispatch::Tier::kMobile;
      else
        Fail(At(at, "tier"), "expected core, elastic or mobile, got " + Shown(*v));
    }
    const json& shift = *Field(o, at, "shift", true);
    t.shift_start = Time(*Field(shift, At(at, "shift"), "start", true), At(at, "shift/start"), 1);
    t.shift_end = Time(*Field(shift, At(at, "shift"), "end", true), At(at, "shift/end"), 1);
    t.skills.assign(sc.categories.size(), Grade::kD);
    t.willingness.assign(sc.categories.size(), 1.0);
    const json& skills = *Field(o, at, "skills", true);
    if (!skills.is_object()) Fail(At(at, "skills"), "expected an object category -> grade");
    for (const auto& [cat, grade] : skills.items()) {
      const auto it = category_index.find(cat);
      if (it == category_index.end())
        Fail(At(At(at, "skills"), cat), "unknown category \"" + cat + "\"");
      t.skills[static_cast<size_t>(it->second)] = GradeOf(grade, At(At(at, "skills"), cat));
    }
    if (const json* v = Field(o, at, "willingness", false)) {
      if (!v->is_object()) Fail(At(at, "willingness"), "expected an object category -> 0.7..1.1");
      for (const auto& [cat, w] : v->items()) {
        const auto it = category_index.find(cat);
        const std::string wp = At(At(at, "willingness"), cat);
        if (it == category_index.end()) Fail(wp, "unknown category \"" + cat + "\"");
        t.willingness[static_cast<size_t>(it->second)] = Number(w, wp, 0.7, 1.1, "willingness");
      }
    }
    if (const json* v = Field(o, at, "true_willingness", false)) {
      if (!v->is_object())
        Fail(At(at, "true_willingness"), "expected an object category -> 0.7..1.1");
      t.true_willingness = t.willingness;
      for (const auto& [cat, w] : v->items()) {
        const auto it = category_index.find(cat);
        const std::string wp = At(At(at, "true_willingness"), cat);
        if (it == category_index.end()) Fail(wp, "unknown category \"" + cat + "\"");
        t.true_willingness[static_cast<size_t>(it->second)] =
            Number(w, wp, 0.7, 1.1, "willingness");
      }
    }
    if (const json* v = Field(o, at, "certifications", false)) {
      const std::string cp = At(at, "certifications");
      for (size_t i = 0; i < Array(*v, cp).size(); ++i)
        t.certifications.push_back(String((*v)[i], At(cp, i)));
    }
    sc.technicians.push_back(t);
  }
  if (const json* d = Field(j, root, "demand", false)) {
    sc.jobs_per_day =
        OptNumber(*d, "/demand", "jobs_per_day", sc.jobs_per_day, 0.001, 1e6, "jobs per day > 0");
    sc.arrivals = Bands(*d, "/demand", "arrivals", "share");
    sc.vip_share = OptNumber(*d, "/demand", "vip_share", sc.vip_share, 0, 1, "a fraction");
    if (const json* pm = Field(*d, "/demand", "promise_minutes", false)) {
      sc.urgent_promise_minutes = OptInteger(*pm, "/demand/promise_minutes", "urgent",
                                             sc.urgent_promise_minutes, 1, 100000, "minutes");
      sc.standard_promise_minutes = OptInteger(*pm, "/demand/promise_minutes", "standard",
                                               sc.standard_promise_minutes, 1, 100000, "minutes");
    }
  }
  sc.efficiency = Bands(j, root, "efficiency", "factor");
  if (const json* d = Field(j, root, "durations", false))
    sc.duration_sigma = OptNumber(*d, "/durations", "sigma", sc.duration_sigma, 0, 2, "0..2");
  if (const json* d = Field(j, root, "disruptions", false)) {
    const std::string at = "/disruptions";
    sc.sick_probability =
        OptNumber(*d, at, "sick_probability", sc.sick_probability, 0, 1, "a probability");
    sc.overrun_probability =
        OptNumber(*d, at, "overrun_probability", sc.overrun_probability, 0, 1, "a probability");
    if (const json* om = Field(*d, at, "overrun_minutes", false)) {
      if (!om->is_array() || om->size() != 2)
        Fail(At(at, "overrun_minutes"), "expected [min, max] minutes");
      sc.overrun_min_minutes = Integer((*om)[0], At(at, "overrun_minutes/0"), 0, 1440, "minutes");
      sc.overrun_max_minutes = Integer((*om)[1], At(at, "overrun_minutes/1"), 0, 1440, "minutes");
    }
    sc.surge_probability =
        OptNumber(*d, at, "surge_probability", sc.surge_probability, 0, 1, "a probability");
    sc.surge_multiplier =
        OptNumber(*d, at, "surge_multiplier", sc.surge_multiplier, 1, 10, "a multiplier 1..10");
    sc.midday_absence_share =
        OptNumber(*d, at, "midday_absence_share", sc.midday_absence_share, 0, 1, "a fraction");
    sc.refusal_slope = OptNumber(*d, at, "refusal_slope", sc.refusal_slope, 0, 2.5, "0..2.5");
  }
  if (const json* d = Field(j, root, "policy", false)) {
    const std::string at = "/policy";
    if (const json* w = Field(*d, at, "weights", false)) {
      const std::string wp = At(at, "weights");
      sc.weights.skill = OptNumber(*w, wp, "skill", sc.weights.skill, 0, 100, "a weight >= 0");
      sc.weights.load = OptNumber(*w, wp, "load", sc.weights.load, 0, 100, "a weight >= 0");
      sc.weights.willingness =
          OptNumber(*w, wp, "willingness", sc.weights.willingness, 0, 100, "a weight >= 0");
    }
    sc.threshold = OptNumber(*d, at, "threshold", sc.threshold, 0, 1.5, "a suitability 0..1.5");
    sc.urgent_escalation_minutes =
        OptInteger(*d, at, "urgent_escalation_minutes", sc.urgent_escalation_minutes, 0, 1440,
                   "minutes (0: never)");
    sc.urgent_threshold =
        OptNumber(*d, at, "urgent_threshold", sc.urgent_threshold, 0, 1.5, "a suitability 0..1.5");
    sc.redispatch_minutes =
        OptInteger(*d, at, "redispatch_minutes", sc.redispatch_minutes, 1, 1440, "minutes");
    sc.plan_window_minutes =
        OptInteger(*d, at, "plan_window_minutes", sc.plan_window_minutes, 0, 1440, "minutes");
    sc.move_cost = OptNumber(*d, at, "move_cost", sc.move_cost, 0, 100, "a score >= 0");
    sc.golden_difficulty =
        OptInteger(*d, at, "golden_difficulty", sc.golden_difficulty, 1, 11, "a difficulty");
    sc.pair_difficulty =
        OptInteger(*d, at, "pair_difficulty", sc.pair_difficulty, 1, 11, "a difficulty");
    if (const json* v = Field(*d, at, "urgent_reserve", false)) {
      if (!v->is_boolean()) Fail(At(at, "urgent_reserve"), "expected true or false");
      sc.urgent_reserve = v->get<bool>();
    }
    sc.max_overtime_minutes =
        OptInteger(*d, at, "max_overtime_minutes", sc.max_overtime_minutes, 0, 1440, "minutes");
    sc.early_start_minutes =
        OptInteger(*d, at, "early_start_minutes", sc.early_start_minutes, 0, 1440, "minutes");
    sc.pair_deadline_minutes =
        OptInteger(*d, at, "pair_deadline_minutes", sc.pair_deadline_minutes, 0, 100000, "minutes");
    sc.elastic_utilisation = OptNumber(*d, at, "elastic_utilisation", sc.elastic_utilisation, 0.01,
                                       10, "a utilisation > 0");
    sc.mobile_utilisation = OptNumber(*d, at, "mobile_utilisation", sc.mobile_utilisation, 0.01, 10,
                                      "a utilisation > 0");
    if (sc.mobile_utilisation < sc.elastic_utilisation)
      Fail(At(at, "mobile_utilisation"), "expected at least elastic_utilisation");
  }
  if (const json* d = Field(j, root, "messages", false)) {
    if (const json* v = Field(*d, "/messages", "delay", false))
      sc.message_delay = String(*v, "/messages/delay");
    if (const json* v = Field(*d, "/messages", "reschedule", false))
      sc.message_reschedule = String(*v, "/messages/reschedule");
  }
  return sc;
}

}  // namespace

Result<Scenario> ParseDispatchScenario(std::string_view text, const std::string& filename) {
  auto j = ParseJsonText(text, filename);
  if (!j.ok()) return j.status();
  try {
    Scenario sc = ParseScenario(*j);
    if (Status st = sc.Validate(); !st.ok())
      return Status::InvalidInput(filename + ": " + st.message());
    return sc;
  } catch (const JsonError& e) {
    return Status::InvalidInput(filename + ": " + e.message);
  }
}

Result<dispatch::Network> ReadDispatchNetwork(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseDispatchNetwork(*text, path, true);
}

Result<dispatch::Network> ParseDispatchNetwork(std::string_view text, const std::string& path,
                                               bool allow_files) {
  auto j = ParseJsonText(text, path);
  if (!j.ok()) return j.status();
  const std::string dir = std::filesystem::path(path).parent_path().string();
  dispatch::Network net;
  try {
    const json& sites = Array(*Field(*j, "", "sites", true), "/sites");
    for (size_t s = 0; s < sites.size(); ++s) {
      const std::string at = At("/sites", s);
      json scenario;
      const json* file = Field(sites[s], at, "scenario", false);
      if (file && file->is_string() && !allow_files) {
        Fail(At(at, "scenario"), "scenario files are not allowed here: give the scenario inline");
      } else if (file && file->is_string()) {
        const std::string name = file->get<std::string>();
        const std::string full =
            std::filesystem::path(name).is_absolute() || dir.empty() ? name : dir + "/" + name;
        auto sub = ReadFile(full);
        if (!sub.ok()) Fail(At(at, "scenario"), sub.status().message());
        auto parsed = ParseJsonText(*sub, full);
        if (!parsed.ok()) Fail(At(at, "scenario"), parsed.status().message());
        scenario = *parsed;
      } else if (file && file->is_object()) {
        scenario = *file;
      } else {
        Fail(At(at, "scenario"), "expected a scenario file name or object");
      }
      // A JSON merge patch (RFC 7386) over the scenario: the site's own name,
      // demand, technicians ...
      if (const json* patch = Field(sites[s], at, "patch", false)) {
        if (!patch->is_object()) Fail(At(at, "patch"), "expected an object (a JSON merge patch)");
        scenario.merge_patch(*patch);
      }
      try {
        Scenario sc = ParseScenario(scenario);
        if (Status st = sc.Validate(); !st.ok()) Fail(at, st.message());
        net.sites.push_back(std::move(sc));
      } catch (const JsonError& e) {
        Fail(at, e.message);
      }
    }
    const json& travel = Array(*Field(*j, "", "travel_minutes", true), "/travel_minutes");
    for (size_t a = 0; a < travel.size(); ++a) {
      std::vector<int> row;
      for (size_t b = 0; b < Array(travel[a], At("/travel_minutes", a)).size(); ++b)
        row.push_back(Integer(travel[a][b], At(At("/travel_minutes", a), b), 0, 1440, "minutes"));
      net.travel.push_back(std::move(row));
    }
    if (const json* loan = Field(*j, "", "loan", false)) {
      dispatch::LoanTerms& t = net.terms;
      t.fee_per_hour = OptNumber(*loan, "/loan", "fee_per_hour", t.fee_per_hour, 0, 1e6, ">= 0");
      t.allowance_per_hour =
          OptNumber(*loan, "/loan", "allowance_per_hour", t.allowance_per_hour, 0, 1e6, ">= 0");
      t.max_travel_minutes = OptInteger(*loan, "/loan", "max_travel_minutes", t.max_travel_minutes,
                                        0, 1440, "minutes");
      t.spare_utilisation = OptNumber(*loan, "/loan", "spare_utilisation", t.spare_utilisation,
                                      0.01, 10, "a utilisation > 0");
    }
  } catch (const JsonError& e) {
    return Status::InvalidInput(path + ": " + e.message);
  }
  if (Status st = net.Validate(); !st.ok()) return Status::InvalidInput(path + ": " + st.message());
  return net;
}

std::string NetworkResultToJson(const dispatch::Network& net, const dispatch::NetworkResult& r,
                                bool sharing) {
  nlohmann::ordered_json sites = nlohmann::ordered_json::array();
  for (size_t s = 0; s < r.sites.size(); ++s) {
    const dispatch::SimResult& x = r.sites[s];
    sites.push_back({{"name", net.sites[s].name},
                     {"jobs_arrived", x.jobs_arrived},
                     {"jobs_completed", x.jobs_completed},
                     {"wait_minutes_mean", x.wait_minutes_mean},
                     {"wait_minutes_p90", x.wait_minutes_p90},
                     {"urgent_response_minutes_mean", x.urgent_response_minutes_mean},
                     {"output_stddev", x.output_stddev},
                     {"on_time_rate", x.on_time_rate},
                     {"utilisation", x.utilisation},
                     {"loans_in", x.loans_in},
                     {"loans_out", x.loans_out},
                     {"guest_hours", x.guest_hours}});
  }
  double hours = 0;
  for (const dispatch::Loan& l : r.loans) hours += l.hours;
  nlohmann::ordered_json lines = nlohmann::ordered_json::array();
  for (const auto& l : r.settlement.lines)
    lines.push_back({{"lender", net.sites[static_cast<size_t>(l.lender)].name},
                     {"borrower", net.sites[static_cast<size_t>(l.borrower)].name},
                     {"loans", l.loans},
                     {"hours", l.hours},
                     {"fee", l.fee}});
  nlohmann::ordered_json allowances = nlohmann::ordered_json::array();
  for (const auto& a : r.settlement.allowances)
    allowances.push_back(
        {{"site", net.sites[static_cast<size_t>(a.site)].name},
         {"technician",
          net.sites[static_cast<size_t>(a.site)].technicians[static_cast<size_t>(a.tech)].id},
         {"hours", a.hours},
         {"allowance", a.amount}});
  int completed = 0;
  for (const auto& x : r.sites) completed += x.jobs_completed;
  nlohmann::ordered_json o{{"sharing", sharing},
                           {"jobs_completed", completed},
                           {"loans", r.loans.size()},
                           {"loan_hours", hours},
                           {"fees", r.settlement.total_fee},
                           {"allowances", r.settlement.total_allowance},
                           {"sites", sites},
                           {"settlement", lines},
                           {"technician_allowances", allowances}};
  return o.dump();
}

Result<Scenario> ReadDispatchScenario(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseDispatchScenario(*text, path);
}

std::string SimResultToJson(const dispatch::SimResult& r, const dispatch::Scenario* sc) {
  nlohmann::ordered_json o{
      {"policy", r.policy},
      {"days", r.days},
      {"jobs_arrived", r.jobs_arrived},
      {"jobs_completed", r.jobs_completed},
      {"wait_minutes_mean", r.wait_minutes_mean},
      {"wait_minutes_p90", r.wait_minutes_p90},
      {"urgent_response_minutes_mean", r.urgent_response_minutes_mean},
      {"output_mean", r.output_mean},
      {"output_stddev", r.output_stddev},
      {"skill_match_rate", r.skill_match_rate},
      {"overtime_hours", r.overtime_hours},
      {"reassignments", r.reassignments},
      {"notifications", r.notifications},
      {"customer_messages", r.customer_messages},
      {"replans", r.replans},
      {"utilisation", r.utilisation},
      {"rework_rate", r.rework_rate},
      {"on_time_rate", r.on_time_rate},
      {"pair_jobs", r.pair_jobs},
      {"sick_days", r.sick_days},
      {"overruns", r.overruns},
      {"surge_days", r.surge_days},
      {"surge_response_days", {r.response_days[0], r.response_days[1], r.response_days[2]}},
      {"refusals", r.refusals},
      {"willingness_error_start", r.willingness_error_start},
      {"willingness_error_end", r.willingness_error_end},
      {"activations", r.activations},
      {"elastic_hours", r.elastic_hours},
      {"early_starts", r.early_starts},
      {"early_start_hours", r.early_start_hours},
      {"overrun_rules", {r.overrun_rules[0], r.overrun_rules[1], r.overrun_rules[2]}},
      {"expected_overruns", r.expected_overruns},
      {"absences_midday", r.absences_midday},
      {"rescheduled", r.rescheduled},
      {"outsource_proposals", r.outsource_proposals},
      {"output", r.output}};
  if (sc) {
    nlohmann::ordered_json learned = nlohmann::ordered_json::object();
    for (size_t k = 0; k < r.willingness.size() && k < sc->technicians.size(); ++k) {
      const dispatch::Technician& t = sc->technicians[k];
      for (size_t c = 0; c < r.willingness[k].size() && c < t.willingness.size(); ++c)
        if (std::abs(r.willingness[k][c] - t.willingness[c]) >= 0.02)
          learned[t.id][sc->categories[c].id] = std::round(100 * r.willingness[k][c]) / 100;
    }
    o["learned_willingness"] = learned;
  }
  return o.dump();
}

std::string LogEntryToJson(const dispatch::Scenario& sc, const dispatch::LogEntry& e) {
  auto tech = [&](int k) -> nlohmann::ordered_json {
    if (k < 0) return nullptr;
    return sc.technicians[static_cast<size_t>(k)].id;
  };
  auto minute = [](int64_t t) -> nlohmann::ordered_json {
    if (t < 0) return nullptr;
    return t;
  };
  nlohmann::ordered_json o{
      {"time", e.time},
      {"day", e.time / 1440},
      {"kind", dispatch::LogKindName(e.kind)},
      {"job", e.job < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.job)},
      {"technician", tech(e.tech)},
      {"from_technician", tech(e.from_tech)},
      {"old_time", minute(e.old_time)},
      {"new_time", minute(e.new_time)},
      {"text", e.text}};
  return o.dump();
}

}  // namespace weft::io
