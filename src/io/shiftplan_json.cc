#include "io/shiftplan_json.h"

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/curtois.h"
#include "io/json_util.h"

namespace weft::io {

using json = nlohmann::json;
using namespace weft::shiftplan;
using Worker = shiftplan::Worker;
using namespace weft::io::jsonutil;
using WorkerSkill = shiftplan::WorkerSkill;

namespace {

int Hours(const json& obj, const std::string& ptr, const char* key, int dflt_minutes) {
  const json* v = Field(obj, ptr, key, false);
  if (!v) return dflt_minutes;
  const double h = Number(*v, ptr + "/" + key, 0, 24 * 7 * 9, "hours (>= 0)");
  return static_cast<int>(std::lround(h * 60));
}

SkillLevel Level(const json& v, const std::string& ptr) {
  static const std::map<std::string, SkillLevel> kNames = {
      {"S", SkillLevel::kS},   {"A", SkillLevel::kA},     {"B", SkillLevel::kB},
      {"C", SkillLevel::kC},   {"D", SkillLevel::kD},     {"senior", SkillLevel::kA},
      {"mid", SkillLevel::kB}, {"junior", SkillLevel::kC}};
  const std::string s = String(v, ptr);
  const auto it = kNames.find(s);
  if (it == kNames.end())
    Fail(ptr, "expected a level S, A, B, C, D, senior, mid or junior, got " + Shown(v));
  return it->second;
}

const char* LevelName(SkillLevel l) {
  switch (l) {
    case SkillLevel::kS:
      return "S";
    case SkillLevel::kA:
      return "A";
    case SkillLevel::kB:
      return "B";
    case SkillLevel::kC:
      return "C";
    case SkillLevel::kD:
      return "D";
  }
  return "B";
}

const char* TierName(Tier t) {
  switch (t) {
    case Tier::kCore:
      return "core";
    case Tier::kBackbone:
      return "backbone";
    case Tier::kElastic:
      return "elastic";
  }
  return "elastic";
}

// A [day][interval] table of numbers.
template <typename T>
void Grid(const json& v, const std::string& ptr, int days, int slots, double lo, double hi,
          const char* what, std::vector<T>& out, int stride, int offset) {
  if (!v.is_array() || static_cast<int>(v.size()) != days)
    Fail(ptr, "expected an array of " + std::to_string(days) + " days");
  for (int d = 0; d < days; ++d) {
    const json& row = v[static_cast<size_t>(d)];
    const std::string at = ptr + "/" + std::to_string(d);
    if (!row.is_array() || static_cast<int>(row.size()) != slots)
      Fail(at, "expected an array of " + std::to_string(slots) + " intervals");
    for (int i = 0; i < slots; ++i) {
      const std::string ai = at + "/" + std::to_string(i);
      const double x = std::is_integral_v<T>
                           ? Integer(row[static_cast<size_t>(i)], ai, static_cast<int>(lo),
                                     static_cast<int>(hi), what)
                           : Number(row[static_cast<size_t>(i)], ai, lo, hi, what);
      out[static_cast<size_t>((d * slots + i) * stride + offset)] = static_cast<T>(x);
    }
  }
}

Problem ParseProblem(const json& root) {
  Problem p;
  if (!root.is_object()) Fail("", "expected an object");
  if (const json* site = Field(root, "", "site", false)) {
    if (const json* n = Field(*site, "/site", "name", false)) p.site = String(*n, "/site/name");
    if (const json* z = Field(*site, "/site", "time_zone", false))
      p.time_zone = String(*z, "/site/time_zone");
  }
  const json& hz = *Field(root, "", "horizon", true);
  p.start_date = String(*Field(hz, "/horizon", "start", true), "/horizon/start");
  p.days = Integer(*Field(hz, "/horizon", "days", true), "/horizon/days", 1, 62, "a day count");
  p.interval = Integer(*Field(root, "", "interval_minutes", true), "/interval_minutes", 15, 60,
                       "15, 30 or 60");
  if (p.interval != 15 && p.interval != 30 && p.interval != 60)
    Fail("/interval_minutes", "expected 15, 30 or 60, got " + std::to_string(p.interval));
  const int S = p.SlotsPerDay();
  const json& skills = *Field(root, "", "skills", true);
  if (!skills.is_array() || skills.empty()) Fail("/skills", "expected a non-empty array");
  std::map<std::string, int> skill_index;
  for (size_t k = 0; k < skills.size(); ++k) {
    const std::string at = "/skills/" + std::to_string(k);
    SkillDef s;
    s.id = String(*Field(skills[k], at, "id", true), at + "/id");
    s.name = s.id;
    if (const json* n = Field(skills[k], at, "name", false)) s.name = String(*n, at + "/name");
    if (const json* c = Field(skills[k], at, "complexity", false))
      s.complexity = Number(*c, at + "/complexity", 0, 1, "a complexity");
    if (!skill_index.emplace(s.id, static_cast<int>(k)).second)
      Fail(at + "/id", "repeats skill \"" + s.id + "\"");
    p.skills.push_back(s);
  }
  const int K = p.K();
  auto skill_of = [&](const json& v, const std::string& ptr) {
    const std::string id = String(v, ptr);
    const auto it = skill_index.find(id);
    if (it == skill_index.end()) Fail(ptr, "unknown skill \"" + id + "\"");
    return it->second;
  };
  p.need.assign(static_cast<size_t>(p.days * S * K), 0);
  const json& needs = *Field(root, "", "needs", true);
  if (!needs.is_object()) Fail("/needs", "expected an object: skill id -> [day][interval] agents");
  for (const auto& [id, table] : needs.items()) {
    const int k = skill_of(json(id), "/needs/" + id);
    Grid<int>(table, "/needs/" + id, p.days, S, 0, 1e6, "a number of agents (>= 0)", p.need, K, k);
  }
  p.importance.assign(static_cast<size_t>(p.days * S), 1.0);
  if (const json* imp = Field(root, "", "importance", false))
    Grid<double>(*imp, "/importance", p.days, S, 0, 1e6, "an importance (>= 0)", p.importance, 1,
                 0);
  if (const json* wt = Field(root, "", "weights", false)) {
    auto weight = [&](const char* key, double& into) {
      if (const json* v = Field(*wt, "/weights", key, false))
        into = Number(*v, std::string("/weights/") + key, 0, 1e9, "a weight (>= 0)");
    };
    weight("under_coverage", p.weights.under);
    weight("over_coverage", p.weights.over);
    weight("skill_quality", p.weights.skill_quality);
    weight("cost", p.weights.cost);
    weight("fairness", p.weights.fairness);
    weight("preferences", p.weights.preference);
    weight("continuity", p.weights.continuity);
    weight("split_shift", p.weights.split);
  }
  std::map<std::string, double> pay_by_level;
  if (const json* pl = Field(root, "", "pay_by_level", false)) {
    if (!pl->is_object()) Fail("/pay_by_level", "expected an object: level -> hourly pay");
    for (const auto& [lv, v] : pl->items()) {
      Level(json(lv), "/pay_by_level/" + lv);
      pay_by_level[lv] = Number(v, "/pay_by_level/" + lv, 0, 1e6, "an hourly pay (>= 0)");
    }
  }
  const json& workers = *Field(root, "", "workers", true);
  if (!workers.is_array()) Fail("/workers", "expected an array");
  std::map<std::string, int> worker_index;
  for (size_t wi = 0; wi < workers.size(); ++wi) {
    const json& wj = workers[wi];
    const std::string at = "/workers/" + std::to_string(wi);
    Worker w;
    w.id = String(*Field(wj, at, "id", true), at + "/id");
    w.name = w.id;
    if (const json* n = Field(wj, at, "name", false)) w.name = String(*n, at + "/name");
    if (!worker_index.emplace(w.id, static_cast<int>(wi)).second)
      Fail(at + "/id", "repeats worker \"" + w.id + "\"");
    if (const json* t = Field(wj, at, "tier", false)) {
      const std::string s = String(*t, at + "/tier");
      if (s == "core")
        w.tier = Tier::kCore;
      else if (s == "backbone")
        w.tier = Tier::kBackbone;
      else if (s == "elastic")
        w.tier = Tier::kElastic;
      else
        Fail(at + "/tier", "expected core, backbone or elastic, got " + Shown(*t));
    }
    const json& sk = *Field(wj, at, "skills", true);
    if (!sk.is_array()) Fail(at + "/skills", "expected an array");
    for (size_t j = 0; j < sk.size(); ++j) {
      const std::string as = at + "/skills/" + std::to_string(j);
      WorkerSkill ws;
      ws.skill = skill_of(*Field(sk[j], as, "skill", true), as + "/skill");
      if (const json* l = Field(sk[j], as, "level", false)) ws.level = Level(*l, as + "/level");
      if (const json* c = Field(sk[j], as, "certified", false)) {
        if (!c->is_boolean()) Fail(as + "/certified", "expected true or false");
        ws.certified = c->get<bool>();
      }
      w.skills.push_back(ws);
    }
    if (const json* hc = Field(wj, at, "hourly_cost", false)) {
      w.hourly_cost = Number(*hc, at + "/hourly_cost", 0, 1e6, "an hourly cost (>= 0)");
    } else {
      // The pay of the worker's best certified level.
      SkillLevel best = SkillLevel::kD;
      for (const WorkerSkill& ws : w.skills)
        if (ws.certified && ws.level < best) best = ws.level;
      const auto it = pay_by_level.find(LevelName(best));
      if (it == pay_by_level.end())
        Fail(at, "needs \"hourly_cost\", or \"pay_by_level\" with level " +
                     std::string(LevelName(best)));
      w.hourly_cost = it->second;
    }
    w.hoped_minutes = Hours(wj, at, "hoped_hours", 0);
    const json& av = *Field(wj, at, "availability", true);
    if (!av.is_array()) Fail(at + "/availability", "expected an array");
    for (size_t b = 0; b < av.size(); ++b) {
      const std::string ab = at + "/availability/" + std::to_string(b);
      Block bl;
      bl.day = Integer(*Field(av[b], ab, "day", true), ab + "/day", 0, p.days - 1, "a day index");
      bl.start = Time(*Field(av[b], ab, "start", true), ab + "/start", p.interval);
      bl.end = Time(*Field(av[b], ab, "end", true), ab + "/end", p.interval);
      if (const json* kd = Field(av[b], ab, "kind", false)) {
        const std::string s = String(*kd, ab + "/kind");
        if (s != "available" && s != "preferred")
          Fail(ab + "/kind", "expected available or preferred, got " + Shown(*kd));
        bl.preferred = s == "preferred";
      }
      w.availability.push_back(bl);
    }
    if (const json* c = Field(wj, at, "contract", false)) {
      const std::string ac = at + "/contract";
      Contract& ct = w.contract;
      ct.min_shift_minutes = Hours(*c, ac, "min_shift_hours", ct.min_shift_minutes);
      ct.max_shift_minutes = Hours(*c, ac, "max_shift_hours", ct.max_shift_minutes);
      ct.max_day_minutes = Hours(*c, ac, "max_hours_per_day", ct.max_day_minutes);
      ct.max_week_minutes = Hours(*c, ac, "max_hours_per_week", ct.max_week_minutes);
      ct.min_week_minutes = Hours(*c, ac, "min_hours_per_week", ct.min_week_minutes);
      ct.min_rest_minutes = Hours(*c, ac, "min_rest_hours", ct.min_rest_minutes);
      ct.max_split_gap_minutes = Hours(*c, ac, "max_split_gap_hours", ct.max_split_gap_minutes);
      if (const json* sa = Field(*c, ac, "split_shifts", false)) {
        if (!sa->is_boolean()) Fail(ac + "/split_shifts", "expected true or false");
        ct.split_allowed = sa->get<bool>();
      }
    }
    p.workers.push_back(std::move(w));
  }
  auto worker_of = [&](const json& v, const std::string& ptr) {
    const std::string id = String(v, ptr);
    const auto it = worker_index.find(id);
    if (it == worker_index.end()) Fail(ptr, "unknown worker \"" + id + "\"");
    return it->second;
  };
  auto read_shift = [&](const json& sj, const std::string& at) {
    Shift s;
    s.worker = worker_of(*Field(sj, at, "worker", true), at + "/worker");
    s.day = Integer(*Field(sj, at, "day", true), at + "/day", 0, p.days - 1, "a day index");
    s.skill = skill_of(*Field(sj, at, "skill", true), at + "/skill");
    const json& pieces = *Field(sj, at, "pieces", true);
    if (!pieces.is_array() || pieces.empty()) Fail(at + "/pieces", "expected a non-empty array");
    for (size_t j = 0; j < pieces.size(); ++j) {
      const std::string ap = at + "/pieces/" + std::to_string(j);
      Piece pc;
      pc.start = Time(*Field(pieces[j], ap, "start", true), ap + "/start", p.interval);
      pc.end = Time(*Field(pieces[j], ap, "end", true), ap + "/end", p.interval);
      s.pieces.push_back(pc);
    }
    return s;
  };
  if (const json* pins = Field(root, "", "pins", false)) {
    if (!pins->is_array()) Fail("/pins", "expected an array");
    for (size_t j = 0; j < pins->size(); ++j)
      p.pins.push_back(read_shift((*pins)[j], "/pins/" + std::to_string(j)));
  }
  if (const json* pr = Field(root, "", "prized", false)) {
    p.prized.assign(static_cast<size_t>(p.days * S), 0);
    Grid<uint8_t>(*pr, "/prized", p.days, S, 0, 1, "0 or 1", p.prized, 1, 0);
  }
  if (const json* ph = Field(root, "", "prized_history_hours", false)) {
    if (!ph->is_object()) Fail("/prized_history_hours", "expected an object: worker id -> hours");
    p.prized_history.assign(p.workers.size(), 0);
    for (const auto& [id, v] : ph->items()) {
      const int w = worker_of(json(id), "/prized_history_hours/" + id);
      p.prized_history[static_cast<size_t>(w)] = static_cast<int>(
          std::lround(Number(v, "/prized_history_hours/" + id, 0, 1e6, "hours (>= 0)") * 60));
    }
  }
  return p;
}

json ShiftJson(const Problem& p, const Shift& s) {
  json pieces = json::array();
  for (const Piece& pc : s.pieces)
    pieces.push_back({{"start", FormatHm(pc.start)}, {"end", FormatHm(pc.end)}});
  return {{"worker", p.workers[static_cast<size_t>(s.worker)].id},
          {"day", s.day},
          {"skill", p.skills[static_cast<size_t>(s.skill)].id},
          {"pieces", pieces}};
}

json ProblemJson(const Problem& p) {
  const int S = p.SlotsPerDay(), K = p.K();
  json j;
  j["site"] = {{"name", p.site}, {"time_zone", p.time_zone}};
  j["horizon"] = {{"start", p.start_date}, {"days", p.days}};
  j["interval_minutes"] = p.interval;
  j["skills"] = json::array();
  for (const SkillDef& s : p.skills)
    j["skills"].push_back({{"id", s.id}, {"name", s.name}, {"complexity", s.complexity}});
  json needs = json::object();
  for (int k = 0; k < K; ++k) {
    json days = json::array();
    for (int d = 0; d < p.days; ++d) {
      json row = json::array();
      for (int i = 0; i < S; ++i) row.push_back(p.need[p.NeedIdx(d, i, k)]);
      days.push_back(row);
    }
    needs[p.skills[static_cast<size_t>(k)].id] = days;
  }
  j["needs"] = needs;
  json imp = json::array();
  for (int d = 0; d < p.days; ++d) {
    json row = json::array();
    for (int i = 0; i < S; ++i) row.push_back(p.importance[static_cast<size_t>(d * S + i)]);
    imp.push_back(row);
  }
  j["importance"] = imp;
  const Weights& w = p.weights;
  j["weights"] = {{"under_coverage", w.under},        {"over_coverage", w.over},
                  {"skill_quality", w.skill_quality}, {"cost", w.cost},
                  {"fairness", w.fairness},           {"preferences", w.preference},
                  {"continuity", w.continuity},       {"split_shift", w.split}};
  j["workers"] = json::array();
  for (const Worker& wk : p.workers) {
    json sk = json::array();
    for (const WorkerSkill& s : wk.skills)
      sk.push_back({{"skill", p.skills[static_cast<size_t>(s.skill)].id},
                    {"level", LevelName(s.level)},
                    {"certified", s.certified}});
    json av = json::array();
    for (const Block& b : wk.availability)
      av.push_back({{"day", b.day},
                    {"start", FormatHm(b.start)},
                    {"end", FormatHm(b.end)},
                    {"kind", b.preferred ? "preferred" : "available"}});
    const Contract& c = wk.contract;
    j["workers"].push_back({{"id", wk.id},
                            {"name", wk.name},
                            {"tier", TierName(wk.tier)},
                            {"skills", sk},
                            {"hourly_cost", wk.hourly_cost},
                            {"hoped_hours", wk.hoped_minutes / 60.0},
                            {"availability", av},
                            {"contract",
                             {{"min_shift_hours", c.min_shift_minutes / 60.0},
                              {"max_shift_hours", c.max_shift_minutes / 60.0},
                              {"max_hours_per_day", c.max_day_minutes / 60.0},
                              {"max_hours_per_week", c.max_week_minutes / 60.0},
                              {"min_hours_per_week", c.min_week_minutes / 60.0},
                              {"min_rest_hours", c.min_rest_minutes / 60.0},
                              {"split_shifts", c.split_allowed},
                              {"max_split_gap_hours", c.max_split_gap_minutes / 60.0}}}});
  }
  if (!p.pins.empty()) {
    j["pins"] = json::array();
    for (const Shift& s : p.pins) j["pins"].push_back(ShiftJson(p, s));
  }
  if (!p.prized.empty()) {
    json pr = json::array();
    for (int d = 0; d < p.days; ++d) {
      json row = json::array();
      for (int i = 0; i < S; ++i) row.push_back(p.prized[static_cast<size_t>(d * S + i)]);
      pr.push_back(row);
    }
    j["prized"] = pr;
  }
  if (!p.prized_history.empty()) {
    json ph = json::object();
    for (size_t w2 = 0; w2 < p.workers.size(); ++w2)
      ph[p.workers[w2].id] = p.prized_history[w2] / 60.0;
    j["prized_history_hours"] = ph;
  }
  return j;
}

}  // namespace

std::string FormatHm(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 100, minutes % 60);
  return buf;
}

Result<Problem> ParseShiftProblem(std::string_view text, const std::string& filename) {
  auto j = ParseJsonText(text, filename);
  if (!j.ok()) return j.status();
  try {
    Problem p = ParseProblem(*j);
    if (Status st = p.Validate(); !st.ok())
      return Status::InvalidInput(filename + ": " + st.message());
    return p;
  } catch (const JsonError& e) {
    return Status::InvalidInput(filename + ": " + e.message);
  }
}

Result<Problem> ReadShiftProblem(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseShiftProblem(*text, path);
}

std::string ShiftProblemToJson(const Problem& p) { return ProblemJson(p).dump(1); }

std::string ShiftPlanToJson(const Problem& p, const PlanResult& r, const PlanReport& rep,
                            const std::string& summary) {
  json j;
  j["problem"] = ProblemJson(p);
  j["shifts"] = json::array();
  for (const Shift& s : r.shifts) j["shifts"].push_back(ShiftJson(p, s));
  j["lower_bound"] = r.lower_bound;
  j["bound_proven"] = r.bound_proven;
  j["summary"] = json::parse(summary);
  json intervals = json::array();
  const int S = p.SlotsPerDay();
  for (int d = 0; d < p.days; ++d)
    for (int i = 0; i < S; ++i)
      for (int k = 0; k < p.K(); ++k) {
        const size_t c = p.NeedIdx(d, i, k);
        if (p.need[c] == 0 && rep.scheduled[c] == 0) continue;
        intervals.push_back({{"day", d},
                             {"start", FormatHm(i * p.interval)},
                             {"skill", p.skills[static_cast<size_t>(k)].id},
                             {"need", p.need[c]},
                             {"scheduled", rep.scheduled[c]},
                             {"gap", std::max(0, p.need[c] - rep.scheduled[c])}});
      }
  json workers = json::array();
  for (const WorkerLine& l : rep.workers)
    workers.push_back({{"worker", p.workers[static_cast<size_t>(l.worker)].id},
                       {"offered_hours", l.offered_hours},
                       {"hoped_hours", l.hoped_hours},
                       {"given_hours", l.given_hours},
                       {"preferred_hours", l.preferred_hours},
                       {"shifts", l.shifts},
                       {"split_shifts", l.split_shifts},
                       {"pay", l.pay}});
  json gaps = json::array();
  for (const GapLine& g : rep.gaps)
    gaps.push_back({{"day", g.day},
                    {"start", FormatHm(g.slot * p.interval)},
                    {"skill", p.skills[static_cast<size_t>(g.skill)].id},
                    {"need", g.need},
                    {"scheduled", g.scheduled},
                    {"reason", ToString(g.reason)}});
  j["report"] = {{"intervals", intervals}, {"workers", workers}, {"uncovered", gaps}};
  return j.dump(1);
}

Result<ShiftPlanDoc> ReadShiftPlan(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  auto j = ParseJsonText(*text, path);
  if (!j.ok()) return j.status();
  try {
    ShiftPlanDoc doc;
    doc.problem = ParseProblem(*Field(*j, "", "problem", true));
    if (Status st = doc.problem.Validate(); !st.ok())
      return Status::InvalidInput(path + ": /problem" + st.message());
    std::map<std::string, int> wi, ki;
    for (size_t w = 0; w < doc.problem.workers.size(); ++w)
      wi[doc.problem.workers[w].id] = static_cast<int>(w);
    for (size_t k = 0; k < doc.problem.skills.size(); ++k)
      ki[doc.problem.skills[k].id] = static_cast<int>(k);
    const json& shifts = *Field(*j, "", "shifts", true);
    if (!shifts.is_array()) Fail("/shifts", "expected an array");
    for (size_t i = 0; i < shifts.size(); ++i) {
      const std::string at = "/shifts/" + std::to_string(i);
      const json& sj = shifts[i];
      Shift s;
      const std::string w = String(*Field(sj, at, "worker", true), at + "/worker");
      if (!wi.count(w)) Fail(at + "/worker", "unknown worker \"" + w + "\"");
      s.worker = wi[w];
      s.day =
          Integer(*Field(sj, at, "day", true), at + "/day", 0, doc.problem.days - 1, "a day index");
      const std::string k = String(*Field(sj, at, "skill", true), at + "/skill");
      if (!ki.count(k)) Fail(at + "/skill", "unknown skill \"" + k + "\"");
      s.skill = ki[k];
      const json& pieces = *Field(sj, at, "pieces", true);
      if (!pieces.is_array()) Fail(at + "/pieces", "expected an array");
      for (size_t q = 0; q < pieces.size(); ++q) {
        const std::string ap = at + "/pieces/" + std::to_string(q);
        s.pieces.push_back(
            {Time(*Field(pieces[q], ap, "start", true), ap + "/start", doc.problem.interval),
             Time(*Field(pieces[q], ap, "end", true), ap + "/end", doc.problem.interval)});
      }
      doc.shifts.push_back(std::move(s));
    }
    if (const json* lb = Field(*j, "", "lower_bound", false))
      doc.lower_bound = Number(*lb, "/lower_bound", -1e18, 1e18, "a number");
    if (const json* bp = Field(*j, "", "bound_proven", false))
      doc.bound_proven = bp->is_boolean() && bp->get<bool>();
    return doc;
  } catch (const JsonError& e) {
    return Status::InvalidInput(path + ": " + e.message);
  }
}

}  // namespace weft::io
