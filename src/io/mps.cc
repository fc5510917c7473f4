#include "io/mps.h"

#include <map>
#include <sstream>
#include <tuple>
#include <vector>

namespace weft::io {
namespace {

struct Row {
  std::string name;
  char sense;  // L, G, E
  double rhs;
};

struct Col {
  std::string name;
  double obj = 0;
  double ub = 1;
  bool integer = true;
  std::vector<std::pair<int, double>> entries;
};

class Lp {
 public:
  int AddRow(std::string name, char sense, double rhs) {
    rows.push_back({std::move(name), sense, rhs});
    return static_cast<int>(rows.size()) - 1;
  }
  int AddCol(std::string name, double obj, double ub, bool integer) {
    cols.push_back({std::move(name), obj, ub, integer, {}});
    return static_cast<int>(cols.size()) - 1;
  }
  void Add(int row, int col, double v) {
    if (col >= 0) cols[static_cast<size_t>(col)].entries.push_back({row, v});
  }
  std::vector<Row> rows;
  std::vector<Col> cols;
};

}  // namespace

std::string FormatMps(const roster::RosterProblem& p, const std::string& name) {
  Lp lp;
  const int E = p.num_employees(), H = p.days, S = p.num_shifts();
  auto X = [&](int e, int d, int s) {
    return "x_" + std::to_string(e) + "_" + std::to_string(d) + "_" + std::to_string(s);
  };
  // x variables, -1 where fixed to zero.
  std::vector<int> x(static_cast<size_t>(E * H * S), -1);
  auto xi = [&](int e, int d, int s) { return x[static_cast<size_t>((e * H + d) * S + s)]; };
  double constant = 0;
  std::map<std::tuple<int, int, int>, double> obj;
  for (const auto& q : p.on_requests) {
    constant += q.weight;
    obj[{q.employee, q.day, q.shift}] -= q.weight;
  }
  for (const auto& q : p.off_requests) obj[{q.employee, q.day, q.shift}] += q.weight;
  for (int e = 0; e < E; ++e) {
    const auto& r = p.employees[static_cast<size_t>(e)];
    std::vector<bool> off(static_cast<size_t>(H), false);
    for (int d : r.days_off) off[static_cast<size_t>(d)] = true;
    for (int d = 0; d < H; ++d)
      for (int s = 0; s < S; ++s)
        if (!off[static_cast<size_t>(d)] && r.max_shifts[static_cast<size_t>(s)] > 0) {
          auto it = obj.find({e, d, s});
          x[static_cast<size_t>((e * H + d) * S + s)] =
              lp.AddCol(X(e, d, s), it == obj.end() ? 0 : it->second, 1, true);
        }
  }
  auto add_work = [&](int row, int e, int d, double v) {
    for (int s = 0; s < S; ++s) lp.Add(row, xi(e, d, s), v);
  };
  for (int e = 0; e < E; ++e) {
    const auto& r = p.employees[static_cast<size_t>(e)];
    const std::string es = std::to_string(e);
    for (int d = 0; d < H; ++d)
      add_work(lp.AddRow("one_" + es + "_" + std::to_string(d), 'L', 1), e, d, 1);
    for (int d = 0; d + 1 < H; ++d)
      for (int s = 0; s < S; ++s)
        for (int t : p.shifts[static_cast<size_t>(s)].cannot_follow) {
          if (xi(e, d, s) < 0 || xi(e, d + 1, t) < 0) continue;
          const int row = lp.AddRow("succ_" + es + "_" + std::to_string(d) + "_" +
                                        std::to_string(s) + "_" + std::to_string(t),
                                    'L', 1);
          lp.Add(row, xi(e, d, s), 1);
          lp.Add(row, xi(e, d + 1, t), 1);
        }
    for (int s = 0; s < S; ++s) {
      const int row = lp.AddRow("maxs_" + es + "_" + std::to_string(s), 'L',
                                r.max_shifts[static_cast<size_t>(s)]);
      for (int d = 0; d < H; ++d) lp.Add(row, xi(e, d, s), 1);
    }
    const int rmax = lp.AddRow("maxm_" + es, 'L', r.max_total_minutes);
    const int rmin = lp.AddRow("minm_" + es, 'G', r.min_total_minutes);
    for (int d = 0; d < H; ++d)
      for (int s = 0; s < S; ++s) {
        lp.Add(rmax, xi(e, d, s), p.shifts[static_cast<size_t>(s)].minutes);
        lp.Add(rmin, xi(e, d, s), p.shifts[static_cast<size_t>(s)].minutes);
      }
    const int M = r.max_consecutive_shifts;
    for (int d = 0; d + M < H; ++d) {
      const int row = lp.AddRow("maxc_" + es + "_" + std::to_string(d), 'L', M);
      for (int j = d; j <= d + M; ++j) add_work(row, e, j, 1);
    }
    for (int l = 1; l < r.min_consecutive_shifts; ++l)
      for (int d = 1; d + l < H; ++d) {
        const int row =
            lp.AddRow("minc_" + es + "_" + std::to_string(d) + "_" + std::to_string(l), 'L', l - 1);
        add_work(row, e, d - 1, -1);
        for (int j = d; j < d + l; ++j) add_work(row, e, j, 1);
        add_work(row, e, d + l, -1);
      }
    for (int l = 1; l < r.min_consecutive_days_off; ++l)
      for (int d = 1; d + l < H; ++d) {
        const int row =
            lp.AddRow("mino_" + es + "_" + std::to_string(d) + "_" + std::to_string(l), 'L', 1);
        add_work(row, e, d - 1, 1);
        for (int j = d; j < d + l; ++j) add_work(row, e, j, -1);
        add_work(row, e, d + l, 1);
      }
    const int rw = lp.AddRow("maxw_" + es, 'L', r.max_weekends);
    for (int k = 0; k < H / 7; ++k) {
      const int w = lp.AddCol("w_" + es + "_" + std::to_string(k), 0, 1, true);
      lp.Add(rw, w, 1);
      for (int d : {7 * k + 5, 7 * k + 6}) {
        const int row = lp.AddRow("wk_" + es + "_" + std::to_string(d), 'G', 0);
        lp.Add(row, w, 1);
        add_work(row, e, d, -1);
      }
    }
  }
  for (const auto& c : p.cover) {
    const std::string ds = std::to_string(c.day) + "_" + std::to_string(c.shift);
    const int row = lp.AddRow("cover_" + ds, 'E', c.requirement);
    for (int e = 0; e < E; ++e) lp.Add(row, xi(e, c.day, c.shift), 1);
    lp.Add(row, lp.AddCol("u_" + ds, c.weight_under, 1e30, false), 1);
    lp.Add(row, lp.AddCol("o_" + ds, c.weight_over, 1e30, false), -1);
  }
  const int k = lp.AddCol("CONST", constant, 1, false);
  const int fix = lp.AddRow("fix_const", 'E', 1);
  lp.Add(fix, k, 1);

  std::ostringstream o;
  o.precision(17);
  o << "NAME " << name << "\nROWS\n N obj\n";
  for (const auto& r : lp.rows) o << ' ' << r.sense << ' ' << r.name << '\n';
  o << "COLUMNS\n";
  bool in_int = false;
  int marker = 0;
  for (const auto& c : lp.cols) {
    if (c.integer != in_int) {
      o << " M" << marker++ << " 'MARKER' " << (c.integer ? "'INTORG'" : "'INTEND'") << '\n';
      in_int = c.integer;
    }
    if (c.obj != 0) o << ' ' << c.name << " obj " << c.obj << '\n';
    for (auto [row, v] : c.entries)
      o << ' ' << c.name << ' ' << lp.rows[static_cast<size_t>(row)].name << ' ' << v << '\n';
    if (c.obj == 0 && c.entries.empty()) o << ' ' << c.name << " obj 0\n";
  }
  if (in_int) o << " M" << marker++ << " 'MARKER' 'INTEND'\n";
  o << "RHS\n";
  for (const auto& r : lp.rows)
    if (r.rhs != 0) o << " rhs " << r.name << ' ' << r.rhs << '\n';
  o << "BOUNDS\n";
  for (const auto& c : lp.cols) {
    if (c.name == "CONST")
      o << " FX bnd CONST 1\n";
    else if (c.ub < 1e29)
      o << " UP bnd " << c.name << ' ' << c.ub << '\n';
  }
  o << "ENDATA\n";
  return o.str();
}

}  // namespace weft::io
