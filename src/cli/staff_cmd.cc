// `weft staff` (staffing per interval from a forecast) and
// `weft staff simulate` (check a staffing plan by simulation).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "forecast/erlang.h"
#include "forecast/queue_sim.h"
#include "io/curtois.h"
#include "io/interval_csv.h"

namespace weft::cli {
namespace {

// One queue's intervals, in time order.
struct QueueSeries {
  std::string name;
  int interval_minutes = 0;
  std::vector<int64_t> minute;
  std::vector<double> contacts, aht, agents;  // aht < 0: the default; agents: plans only
};

// Reads rows of `timestamp`, `value_column` [, queue] [, aht] [, agents_column].
Result<std::vector<QueueSeries>> ReadQueues(const std::string& path,
                                            const std::string& value_column,
                                            const std::string& agents_column, int interval) {
  auto text = io::ReadFile(path);
  if (!text.ok()) return text.status();
  std::vector<std::string> required{"timestamp", value_column};
  if (!agents_column.empty()) required.push_back(agents_column);
  auto table = io::ParseCsvTable(*text, path, required);
  if (!table.ok()) return table.status();
  const int ct = table->Column("timestamp"), cv = table->Column(value_column),
            cq = table->Column("queue"), ca = table->Column("aht"),
            cg = agents_column.empty() ? -1 : table->Column(agents_column);
  std::map<std::string, size_t> index;
  std::vector<QueueSeries> out;
  auto where = [&](size_t i) { return path + ":" + std::to_string(table->lines[i]) + ": "; };
  for (size_t i = 0; i < table->rows.size(); ++i) {
    const auto& row = table->rows[i];
    auto t = io::ParseLocalTimestamp(row[static_cast<size_t>(ct)]);
    if (!t.ok()) return Status::InvalidInput(where(i) + t.status().message());
    auto v = io::ParseNumber(row[static_cast<size_t>(cv)], true);
    if (!v.ok()) return Status::InvalidInput(where(i) + value_column + ": " + v.status().message());
    double aht = -1, agents = 0;
    if (ca >= 0 && !row[static_cast<size_t>(ca)].empty()) {
      auto a = io::ParseNumber(row[static_cast<size_t>(ca)], true);
      if (!a.ok() || *a <= 0)
        return Status::InvalidInput(where(i) + "aht: expected a positive number of seconds");
      aht = *a;
    }
    if (cg >= 0) {
      auto g = io::ParseNumber(row[static_cast<size_t>(cg)], true);
      if (!g.ok())
        return Status::InvalidInput(where(i) + agents_column + ": " + g.status().message());
      agents = *g;
    }
    const std::string q = cq >= 0 ? row[static_cast<size_t>(cq)] : "";
    auto [it, fresh] = index.emplace(q, out.size());
    if (fresh) out.push_back(QueueSeries{q, 0, {}, {}, {}, {}});
    QueueSeries& s = out[it->second];
    if (!s.minute.empty() && *t <= s.minute.back())
      return Status::InvalidInput(where(i) + "timestamp " + io::FormatLocalTimestamp(*t) +
                                  " is not after the previous one" +
                                  (q.empty() ? "" : " of queue '" + q + "'") +
                                  " (timestamps must increase)");
    s.minute.push_back(*t);
    s.contacts.push_back(*v);
    s.aht.push_back(aht);
    s.agents.push_back(agents);
  }
  if (out.empty()) return Status::InvalidInput(path + ": no data rows");
  for (auto& s : out) {
    if (interval > 0) {
      s.interval_minutes = interval;
      continue;
    }
    const int64_t gap = io::MostCommonGap(s.minute);
    if (gap < 1440) s.interval_minutes = static_cast<int>(gap);
    if (s.interval_minutes == 0)
      return Status::InvalidInput(path +
                                  ": cannot tell the interval length from the timestamps; "
                                  "give --interval MINUTES");
  }
  return out;
}

struct StaffOpts {
  std::vector<std::string> forecast;
  std::string out;
  forecast::QueueParams q;
  forecast::StaffingTarget target;
  int interval = 0;
};

int RunStaff(const StaffOpts& o) {
  // One file per queue (named by the file) or a queue column, or both.
  Result<std::vector<QueueSeries>> queues = std::vector<QueueSeries>{};
  for (const auto& path : o.forecast) {
    auto more = ReadQueues(path, "forecast", "", o.interval);
    if (!more.ok()) return Fail(2, more.status().message());
    for (auto& q : *more) {
      if (o.forecast.size() > 1 && q.name.empty())
        q.name = std::filesystem::path(path).stem().string();
      for (const auto& have : *queues)
        if (have.name == q.name)
          return Fail(2, path + ": queue '" + q.name + "' appears in more than one file");
      queues->push_back(std::move(q));
    }
  }
  const bool multi = queues->size() > 1 || !queues->front().name.empty();
  std::ostringstream csv;
  csv << "timestamp,forecast,agents,service_level,asa_seconds,occupancy,on_contacts,abandon"
      << (multi ? ",queue" : "") << '\n';
  double compute_ms = 0, agent_hours = 0;
  int peak = 0, intervals = 0, unmet = 0;
  // Pooled view for several queues: per time, summed traffic.
  std::map<int64_t, std::pair<double, double>> pooled;  // minute -> (contacts, contacts*aht)
  std::map<int64_t, int> dedicated;                     // minute -> sum of agents
  char buf[256];
  for (const auto& s : *queues) {
    std::vector<forecast::Staffing> res(s.minute.size());
    const auto t0 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < s.minute.size(); ++i) {
      forecast::QueueParams q = o.q;
      if (s.aht[i] > 0) q.aht_seconds = s.aht[i];
      res[i] = forecast::Staff(s.contacts[i], s.interval_minutes, q, o.target);
    }
    compute_ms +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    for (size_t i = 0; i < s.minute.size(); ++i) {
      const auto& r = res[i];
      const double asa = std::isfinite(r.metrics.asa_seconds) ? r.metrics.asa_seconds : -1;
      std::snprintf(buf, sizeof buf, ",%.3f,%d,%.4f,%.2f,%.4f,%d,%.4f", s.contacts[i], r.scheduled,
                    r.metrics.service_level, asa, r.metrics.occupancy, r.agents, r.metrics.abandon);
      csv << io::FormatLocalTimestamp(s.minute[i]) << buf << (multi ? "," + s.name : "") << '\n';
      peak = std::max(peak, r.scheduled);
      agent_hours += r.scheduled * s.interval_minutes / 60.0;
      unmet += r.metrics.service_level < o.target.service_level;
      ++intervals;
      auto& pl = pooled[s.minute[i]];
      pl.first += s.contacts[i];
      pl.second += s.contacts[i] * (s.aht[i] > 0 ? s.aht[i] : o.q.aht_seconds);
      dedicated[s.minute[i]] += r.scheduled;
    }
  }
  if (auto st = io::WriteFile(o.out, csv.str()); !st.ok()) return Fail(1, st.message());
  nlohmann::json j = {{"intervals", intervals},
                      {"queues", queues->size()},
                      {"peak_agents", peak},
                      {"agent_hours", agent_hours},
                      {"intervals_below_target", unmet},
                      {"model", o.q.patience_seconds > 0 ? "erlang_a" : "erlang_c"},
                      {"staffing_ms", compute_ms}};
  if (queues->size() > 1) {
    // Fully shared agents: one queue with the summed traffic.
    double pooled_hours = 0, dedicated_hours = 0;
    const int len = queues->front().interval_minutes;
    for (const auto& [m, pl] : pooled) {
      forecast::QueueParams q = o.q;
      if (pl.first > 0) q.aht_seconds = pl.second / pl.first;
      pooled_hours += forecast::Staff(pl.first, len, q, o.target).scheduled * len / 60.0;
      dedicated_hours += dedicated[m] * len / 60.0;
    }
    std::printf(
        "note: agents are counted per queue, as if each queue had its own people (%.1f "
        "agent-hours).\n"
        "      If every agent could take every queue, one pooled queue would need %.1f "
        "agent-hours;\n"
        "      agents shared across some queues need between the two.\n",
        dedicated_hours, pooled_hours);
    j["pooled_agent_hours"] = pooled_hours;
    j["dedicated_agent_hours"] = dedicated_hours;
  }
  std::cout << j.dump() << '\n';
  return 0;
}

struct SimOpts {
  std::string plan, out, service = "exponential";
  forecast::QueueParams q;
  forecast::SimParams sim;
  int interval = 0;
};

int RunSimulate(const SimOpts& o) {
  // Agents handling contacts: on_contacts when the plan has it, else agents.
  std::string agents_col = "agents";
  {
    auto text = io::ReadFile(o.plan);
    if (!text.ok()) return Fail(2, text.status().message());
    auto head = io::ParseCsvTable(*text, o.plan, {});
    if (head.ok() && head->Column("on_contacts") >= 0) agents_col = "on_contacts";
  }
  auto queues = ReadQueues(o.plan, "forecast", agents_col, o.interval);
  if (!queues.ok()) return Fail(2, queues.status().message());
  forecast::SimParams sp = o.sim;
  if (o.service == "lognormal") {
    sp.service = forecast::ServiceDistribution::kLogNormal;
  } else if (o.service != "exponential") {
    return Fail(2, "--service: expected exponential or lognormal, got '" + o.service + "'");
  }
  sp.aht_seconds = o.q.aht_seconds;
  sp.answer_seconds = o.q.answer_seconds;
  sp.patience_seconds = o.q.patience_seconds;
  const bool multi = queues->size() > 1 || !queues->front().name.empty();
  std::ostringstream csv;
  csv << "timestamp,forecast,agents,formula_sl,erlang_c_sl,simulated_sl,simulated_asa,"
         "simulated_abandon"
      << (multi ? ",queue" : "") << '\n';
  // Arrival-weighted sums by occupancy band and for ramps.
  struct Band {
    const char* name;
    double arrivals = 0, formula = 0, erlang_c = 0, simulated = 0;
    int intervals = 0;
  };
  std::vector<Band> bands = {{"occupancy < 70%"},  {"occupancy 70-85%"},   {"occupancy 85-95%"},
                             {"occupancy >= 95%"}, {"rising load (+20%)"}, {"falling load (-20%)"},
                             {"under 5 agents"},   {"all intervals"}};
  char buf[256];
  for (const auto& s : *queues) {
    sp.interval_minutes = s.interval_minutes;
    std::vector<forecast::SimInterval> plan;
    for (size_t i = 0; i < s.minute.size(); ++i)
      plan.push_back({s.minute[i], s.contacts[i], static_cast<int>(std::lround(s.agents[i]))});
    const auto stats = forecast::SimulateQueue(plan, sp);
    for (size_t i = 0; i < plan.size(); ++i) {
      forecast::QueueParams q = o.q;
      if (s.aht[i] > 0) q.aht_seconds = s.aht[i];
      const double rate = s.contacts[i] / (s.interval_minutes * 60.0);
      const auto f = forecast::Metrics(plan[i].servers, rate, q);
      forecast::QueueParams qc = q;
      qc.patience_seconds = 0;
      const auto c = forecast::ErlangCMetrics(plan[i].servers, rate, qc);
      const auto& st = stats[i];
      std::snprintf(buf, sizeof buf, ",%.3f,%d,%.4f,%.4f,%.4f,%.2f,%.4f", s.contacts[i],
                    plan[i].servers, f.service_level, c.service_level, st.ServiceLevel(), st.Asa(),
                    st.AbandonRate());
      csv << io::FormatLocalTimestamp(s.minute[i]) << buf << (multi ? "," + s.name : "") << '\n';
      if (st.arrivals <= 0) continue;
      auto add = [&](Band& b) {
        b.arrivals += st.arrivals;
        b.formula += st.arrivals * f.service_level;
        b.erlang_c += st.arrivals * c.service_level;
        b.simulated += st.answered_in_time;
        ++b.intervals;
      };
      const double occ = plan[i].servers > 0 ? f.traffic / plan[i].servers : 1;
      add(bands[occ < 0.7 ? 0 : occ < 0.85 ? 1 : occ < 0.95 ? 2 : 3]);
      const bool adjacent =
          i > 0 && s.minute[i] == s.minute[i - 1] + s.interval_minutes && s.contacts[i - 1] > 0;
      if (adjacent && s.contacts[i] > 1.2 * s.contacts[i - 1]) add(bands[4]);
      if (adjacent && s.contacts[i] < 0.8 * s.contacts[i - 1]) add(bands[5]);
      if (plan[i].servers < 5) add(bands[6]);
      add(bands[7]);
    }
  }
  if (!o.out.empty())
    if (auto st = io::WriteFile(o.out, csv.str()); !st.ok()) return Fail(1, st.message());
  const bool abandon = o.q.patience_seconds > 0;
  std::printf(
      "service level within %.0f s, arrival-weighted; %d replications, %s handling times%s\n",
      o.q.answer_seconds, sp.replications, o.service.c_str(),
      abandon ? ", exponential patience" : "");
  std::printf("%-22s %9s %10s %10s %10s  %s\n", "intervals", "count",
              abandon ? "Erlang A" : "formula", "Erlang C", "simulated", "Erlang C is");
  nlohmann::json jb = nlohmann::json::object();
  for (const auto& b : bands) {
    if (b.arrivals <= 0) continue;
    const double f = b.formula / b.arrivals, c = b.erlang_c / b.arrivals,
                 sim = b.simulated / b.arrivals;
    const char* verdict = std::abs(c - sim) < 0.01 ? "accurate"
                          : c < sim                ? "pessimistic"
                                                   : "optimistic";
    std::printf("%-22s %9d %9.1f%% %9.1f%% %9.1f%%  %s (%+.1f pts)\n", b.name, b.intervals, f * 100,
                c * 100, sim * 100, verdict, (c - sim) * 100);
    jb[b.name] = {{"intervals", b.intervals}, {"formula", f}, {"erlang_c", c}, {"simulated", sim}};
  }
  const auto& all = bands.back();
  std::cout << nlohmann::json{{"replications", sp.replications},
                              {"formula_sl", all.arrivals > 0 ? all.formula / all.arrivals : 0},
                              {"erlang_c_sl", all.arrivals > 0 ? all.erlang_c / all.arrivals : 0},
                              {"simulated_sl", all.arrivals > 0 ? all.simulated / all.arrivals : 0},
                              {"bands", jb}}
                   .dump()
            << '\n';
  return 0;
}

}  // namespace

void RegisterStaff(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<StaffOpts>();
  auto* cmd = app.add_subcommand(
      "staff",
      "Agents needed per interval from a forecast: Erlang C, or Erlang A with --patience; "
      "chat concurrency,\nshrinkage and a maximum occupancy. Writes "
      "timestamp,forecast,agents,service_level,asa_seconds,occupancy,...\n(agents = heads to "
      "schedule after shrinkage; on_contacts = heads handling contacts). A `queue` column\nin "
      "the forecast gives needs per queue (skill), an `aht` column a handling time per row.");
  cmd->add_option("--forecast", o->forecast,
                  "Forecast CSV: timestamp,forecast[,queue][,aht]; repeat for one file per queue")
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", o->out, "Staffing CSV to write");
  cmd->add_option("--aht", o->q.aht_seconds, "Average handling time, seconds")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--service-level", o->target.service_level, "Target share answered in time")
      ->check(CLI::Range(0.0, 0.999));
  cmd->add_option("--answer-seconds", o->q.answer_seconds, "Service level threshold, seconds")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--patience", o->q.patience_seconds,
                  "Mean patience, seconds: Erlang A with abandonment (default: Erlang C)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--shrinkage", o->target.shrinkage, "Share of paid time off contacts")
      ->check(CLI::Range(0.0, 0.9));
  cmd->add_option("--max-occupancy", o->target.max_occupancy, "Highest allowed occupancy")
      ->check(CLI::Range(0.05, 1.0));
  cmd->add_option("--max-asa", o->target.max_asa_seconds, "Also keep ASA at most this, seconds")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--concurrency", o->target.concurrency,
                  "Contacts one agent handles at once (chat); AHT is per contact")
      ->check(CLI::Range(1, 20));
  cmd->add_option("--interval", o->interval, "Interval length in minutes (default: detected)")
      ->check(CLI::Range(1, 1440));
  cmd->require_subcommand(0, 1);

  auto s = std::make_shared<SimOpts>();
  auto* sim = cmd->add_subcommand(
      "simulate",
      "Check a staffing plan by discrete-event simulation and show where the formulas are "
      "optimistic\nor pessimistic (Poisson arrivals at the forecast rate, exponential or "
      "log-normal handling, patience).");
  sim->add_option("--plan", s->plan, "Staffing CSV (weft staff)")
      ->required()
      ->check(CLI::ExistingFile);
  sim->add_option("--aht", s->q.aht_seconds, "Average handling time, seconds")
      ->required()
      ->check(CLI::PositiveNumber);
  sim->add_option("--answer-seconds", s->q.answer_seconds, "Service level threshold, seconds")
      ->check(CLI::NonNegativeNumber);
  sim->add_option("--patience", s->q.patience_seconds, "Mean patience, seconds (0: none)")
      ->check(CLI::NonNegativeNumber);
  sim->add_option("--service", s->service, "Handling time distribution: exponential|lognormal");
  sim->add_option("--cv", s->sim.service_cv, "Log-normal coefficient of variation")
      ->check(CLI::Range(0.05, 5.0));
  sim->add_option("--replications", s->sim.replications, "Independent replications")
      ->check(CLI::Range(1, 10000));
  sim->add_option("--seed", s->sim.seed, "Random seed");
  sim->add_option("--interval", s->interval, "Interval length in minutes (default: detected)")
      ->check(CLI::Range(1, 1440));
  sim->add_option("--out", s->out, "Per-interval CSV of formula vs simulated service level");
  sim->callback([s, &exit_code] { exit_code = RunSimulate(*s); });

  cmd->callback([sim, o, &exit_code] {
    if (sim->parsed()) return;
    if (o->forecast.empty() || o->out.empty()) {
      exit_code = Fail(2, "staff: --forecast and --out are required (see weft staff --help)");
      return;
    }
    exit_code = RunStaff(*o);
  });
}

}  // namespace weft::cli
