#include "io/curtois.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace weft::io {
namespace {

using roster::RosterProblem;

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

bool ToInt(std::string_view s, int& v) {
  s = Trim(s);
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

struct Line {
  int number;
  std::string_view text;
};

class Parser {
 public:
  Parser(std::string_view text, std::string filename) : file_(std::move(filename)) {
    int n = 0;
    size_t start = 0;
    while (start <= text.size()) {
      size_t p = text.find('\n', start);
      if (p == std::string_view::npos) p = text.size();
      ++n;
      lines_.push_back({n, Trim(text.substr(start, p - start))});
      start = p + 1;
    }
  }

  Result<RosterProblem> Run() {
    static const char* kSections[] = {"SECTION_HORIZON",
                                      "SECTION_SHIFTS",
                                      "SECTION_STAFF",
                                      "SECTION_DAYS_OFF",
                                      "SECTION_SHIFT_ON_REQUESTS",
                                      "SECTION_SHIFT_OFF_REQUESTS",
                                      "SECTION_COVER"};
    std::map<std::string, std::vector<Line>> sections;
    std::map<std::string, int> header_line;
    std::string current;
    int next_section = 0;
    for (const Line& l : lines_) {
      if (l.text.empty()) {
        current.clear();
        continue;
      }
      if (l.text.front() == '#') continue;
      if (l.text.rfind("SECTION_", 0) == 0) {
        if (next_section >= 7 || l.text != kSections[next_section]) {
          const bool known =
              std::find(std::begin(kSections), std::end(kSections), l.text) != std::end(kSections);
          return Err(l.number,
                     known ? "section " + std::string(l.text) + " out of order; expected " +
                                 (next_section < 7 ? kSections[next_section] : "end of file")
                           : "unknown section " + std::string(l.text));
        }
        ++next_section;
        current = std::string(l.text);
        header_line[current] = l.number;
        continue;
      }
      if (current.empty()) return Err(l.number, "data line outside any section");
      sections[current].push_back(l);
    }
    RosterProblem p;
    // Horizon.
    if (!header_line.count(kSections[0]))
      return Err(lines_.back().number, "missing SECTION_HORIZON");
    const auto& hz = sections["SECTION_HORIZON"];
    if (hz.size() != 1 || !ToInt(hz[0].text, p.days) || p.days <= 0)
      return Err(hz.empty() ? header_line["SECTION_HORIZON"] : hz[0].number,
                 "expected one positive integer: the number of days");
    for (int i = 0; i < 3; ++i)
      if (!header_line.count(kSections[i]))
        return Err(lines_.back().number, std::string("missing ") + kSections[i]);
    // Shifts.
    std::vector<std::vector<std::string_view>> follow;
    std::vector<int> follow_line;
    for (const Line& l : sections["SECTION_SHIFTS"]) {
      auto f = Split(l.text, ',');
      if (f.size() != 3)
        return Err(l.number, "expected ShiftID,LengthInMinutes,CannotFollow (3 fields)");
      roster::ShiftTypeDef s;
      s.name = std::string(Trim(f[0]));
      if (s.name.empty()) return Err(l.number, "empty shift ID");
      if (s.name.find_first_of("=|") != std::string::npos)
        return Err(l.number, "shift ID '" + s.name +
                                 "' may not contain '=' or '|' (they separate the entries of "
                                 "MaxShifts and CannotFollow)");
      if (!ToInt(f[1], s.minutes) || s.minutes <= 0)
        return Err(l.number, "expected a positive shift length in minutes");
      if (shift_index_.count(s.name)) return Err(l.number, "duplicate shift ID " + s.name);
      shift_index_[s.name] = static_cast<int>(p.shifts.size());
      p.shifts.push_back(s);
      follow.push_back(Trim(f[2]).empty() ? std::vector<std::string_view>{}
                                          : Split(Trim(f[2]), '|'));
      follow_line.push_back(l.number);
    }
    if (p.shifts.empty()) return Err(header_line["SECTION_SHIFTS"], "no shift types");
    for (size_t i = 0; i < follow.size(); ++i)
      for (auto id : follow[i]) {
        int t;
        if (!Shift(id, t))
          return Err(follow_line[i], "unknown shift ID '" + std::string(id) + "' in CannotFollow");
        p.shifts[i].cannot_follow.push_back(t);
      }
    // Staff.
    for (const Line& l : sections["SECTION_STAFF"]) {
      auto f = Split(l.text, ',');
      if (f.size() != 8)
        return Err(l.number,
                   "expected ID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,"
                   "MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends (8 fields)");
      roster::EmployeeRules r;
      r.name = std::string(Trim(f[0]));
      if (r.name.empty()) return Err(l.number, "empty employee ID");
      if (emp_index_.count(r.name)) return Err(l.number, "duplicate employee ID " + r.name);
      r.max_shifts.assign(p.shifts.size(), 0);
      if (!Trim(f[1]).empty())
        for (auto kv : Split(Trim(f[1]), '|')) {
          auto parts = Split(kv, '=');
          int s, v;
          if (parts.size() != 2 || !Shift(parts[0], s) || !ToInt(parts[1], v) || v < 0)
            return Err(l.number,
                       "expected MaxShifts as ShiftID=limit pairs separated by '|', got '" +
                           std::string(kv) + "'");
          r.max_shifts[static_cast<size_t>(s)] = v;
        }
      int* fields[] = {&r.max_total_minutes,        &r.min_total_minutes,
                       &r.max_consecutive_shifts,   &r.min_consecutive_shifts,
                       &r.min_consecutive_days_off, &r.max_weekends};
      static const char* kNames[] = {"MaxTotalMinutes",       "MinTotalMinutes",
                                     "MaxConsecutiveShifts",  "MinConsecutiveShifts",
                                     "MinConsecutiveDaysOff", "MaxWeekends"};
      for (int i = 0; i < 6; ++i)
        if (!ToInt(f[static_cast<size_t>(i + 2)], *fields[i]) || *fields[i] < 0)
          return Err(l.number, std::string("expected a non-negative integer for ") + kNames[i]);
      if (r.min_total_minutes > r.max_total_minutes)
        return Err(l.number, "MinTotalMinutes exceeds MaxTotalMinutes");
      if (r.max_consecutive_shifts < 1)
        return Err(l.number, "MaxConsecutiveShifts must be at least 1");
      emp_index_[r.name] = static_cast<int>(p.employees.size());
      p.employees.push_back(r);
    }
    if (p.employees.empty()) return Err(header_line["SECTION_STAFF"], "no employees");
    // Days off.
    for (const Line& l : sections["SECTION_DAYS_OFF"]) {
      auto f = Split(l.text, ',');
      int e;
      if (!Emp(f[0], e)) return Err(l.number, "unknown employee ID '" + std::string(f[0]) + "'");
      for (size_t i = 1; i < f.size(); ++i) {
        if (Trim(f[i]).empty()) continue;
        int d;
        if (!Day(f[i], p.days, d))
          return Err(l.number, "expected a day index in 0.." + std::to_string(p.days - 1));
        p.employees[static_cast<size_t>(e)].days_off.push_back(d);
      }
    }
    // Requests.
    for (int on = 1; on >= 0; --on) {
      auto& out = on ? p.on_requests : p.off_requests;
      for (const Line& l :
           sections[on ? "SECTION_SHIFT_ON_REQUESTS" : "SECTION_SHIFT_OFF_REQUESTS"]) {
        auto f = Split(l.text, ',');
        roster::ShiftRequest q;
        if (f.size() != 4)
          return Err(l.number, "expected EmployeeID,Day,ShiftID,Weight (4 fields)");
        if (!Emp(f[0], q.employee))
          return Err(l.number, "unknown employee ID '" + std::string(f[0]) + "'");
        if (!Day(f[1], p.days, q.day))
          return Err(l.number, "expected a day index in 0.." + std::to_string(p.days - 1));
        if (!Shift(f[2], q.shift))
          return Err(l.number, "unknown shift ID '" + std::string(f[2]) + "'");
        if (!ToInt(f[3], q.weight) || q.weight < 0)
          return Err(l.number, "expected a non-negative weight");
        out.push_back(q);
      }
    }
    // Cover.
    std::set<std::pair<int, int>> seen;
    for (const Line& l : sections["SECTION_COVER"]) {
      auto f = Split(l.text, ',');
      roster::CoverTarget c;
      if (f.size() != 5)
        return Err(l.number,
                   "expected Day,ShiftID,Requirement,WeightForUnder,WeightForOver (5 fields)");
      if (!Day(f[0], p.days, c.day))
        return Err(l.number, "expected a day index in 0.." + std::to_string(p.days - 1));
      if (!Shift(f[1], c.shift))
        return Err(l.number, "unknown shift ID '" + std::string(f[1]) + "'");
      if (!ToInt(f[2], c.requirement) || c.requirement < 0 || !ToInt(f[3], c.weight_under) ||
          c.weight_under < 0 || !ToInt(f[4], c.weight_over) || c.weight_over < 0)
        return Err(l.number, "expected non-negative integers for Requirement and weights");
      if (!seen.insert({c.day, c.shift}).second)
        return Err(l.number, "second cover line for the same day and shift");
      p.cover.push_back(c);
    }
    if (Status s = p.Validate(); !s.ok()) return Status::InvalidInput(file_ + ": " + s.message());
    return p;
  }

 private:
  Status Err(int line, const std::string& what) const {
    return Status::InvalidInput(file_ + ":" + std::to_string(line) + ": " + what);
  }
  bool Shift(std::string_view id, int& s) const {
    auto it = shift_index_.find(std::string(Trim(id)));
    if (it == shift_index_.end()) return false;
    s = it->second;
    return true;
  }
  bool Emp(std::string_view id, int& e) const {
    auto it = emp_index_.find(std::string(Trim(id)));
    if (it == emp_index_.end()) return false;
    e = it->second;
    return true;
  }
  static bool Day(std::string_view s, int days, int& d) {
    return ToInt(s, d) && d >= 0 && d < days;
  }

  std::string file_;
  std::vector<Line> lines_;
  std::map<std::string, int> shift_index_, emp_index_;
};

}  // namespace

Result<RosterProblem> ParseCurtois(std::string_view text, const std::string& filename) {
  return Parser(text, filename).Run();
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFile(const std::string& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Status::InvalidInput(path + ": cannot open for writing");
  out << content;
  out.close();
  if (!out) return Status::InvalidInput(path + ": write failed");
  return Status::Ok();
}

Result<RosterProblem> ReadCurtoisFile(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseCurtois(*text, path);
}

std::string FormatCurtois(const RosterProblem& p) {
  std::ostringstream o;
  o << "SECTION_HORIZON\n" << p.days << "\n\nSECTION_SHIFTS\n";
  for (const auto& s : p.shifts) {
    o << s.name << ',' << s.minutes << ',';
    for (size_t i = 0; i < s.cannot_follow.size(); ++i)
      o << (i ? "|" : "") << p.shifts[static_cast<size_t>(s.cannot_follow[i])].name;
    o << '\n';
  }
  o << "\nSECTION_STAFF\n";
  for (const auto& r : p.employees) {
    o << r.name << ',';
    for (size_t s = 0; s < p.shifts.size(); ++s)
      o << (s ? "|" : "") << p.shifts[s].name << '=' << r.max_shifts[s];
    o << ',' << r.max_total_minutes << ',' << r.min_total_minutes << ',' << r.max_consecutive_shifts
      << ',' << r.min_consecutive_shifts << ',' << r.min_consecutive_days_off << ','
      << r.max_weekends << '\n';
  }
  o << "\nSECTION_DAYS_OFF\n";
  for (const auto& r : p.employees) {
    if (r.days_off.empty()) continue;
    o << r.name;
    for (int d : r.days_off) o << ',' << d;
    o << '\n';
  }
  for (int on = 1; on >= 0; --on) {
    o << (on ? "\nSECTION_SHIFT_ON_REQUESTS\n" : "\nSECTION_SHIFT_OFF_REQUESTS\n");
    for (const auto& q : on ? p.on_requests : p.off_requests)
      o << p.employees[static_cast<size_t>(q.employee)].name << ',' << q.day << ','
        << p.shifts[static_cast<size_t>(q.shift)].name << ',' << q.weight << '\n';
  }
  o << "\nSECTION_COVER\n";
  for (const auto& c : p.cover)
    o << c.day << ',' << p.shifts[static_cast<size_t>(c.shift)].name << ',' << c.requirement << ','
      << c.weight_under << ',' << c.weight_over << '\n';
  return o.str();
}

std::string FormatRosterCsv(const RosterProblem& p, const roster::Grid& g) {
  std::string out = "employee,day,shift\n";
  for (size_t e = 0; e < g.size(); ++e)
    for (size_t d = 0; d < g[e].size(); ++d)
      if (g[e][d] >= 0)
        out += p.employees[e].name + ',' + std::to_string(d) + ',' +
               p.shifts[static_cast<size_t>(g[e][d])].name + '\n';
  return out;
}

Result<roster::Grid> ParseRosterCsv(const RosterProblem& p, std::string_view text,
                                    const std::string& filename) {
  std::map<std::string, int> emp, shift;
  for (int e = 0; e < p.num_employees(); ++e) emp[p.employees[static_cast<size_t>(e)].name] = e;
  for (int s = 0; s < p.num_shifts(); ++s) shift[p.shifts[static_cast<size_t>(s)].name] = s;
  roster::Grid g(static_cast<size_t>(p.num_employees()),
                 std::vector<int>(static_cast<size_t>(p.days), -1));
  int n = 0;
  size_t start = 0;
  auto err = [&](const std::string& m) {
    return Status::InvalidInput(filename + ":" + std::to_string(n) + ": " + m);
  };
  while (start < text.size()) {
    size_t q = text.find('\n', start);
    if (q == std::string_view::npos) q = text.size();
    std::string_view line = Trim(text.substr(start, q - start));
    start = q + 1;
    ++n;
    if (n == 1) {
      if (line != "employee,day,shift") return err("expected the header employee,day,shift");
      continue;
    }
    if (line.empty()) continue;
    auto f = Split(line, ',');
    if (f.size() != 3) return err("expected employee,day,shift");
    auto ei = emp.find(std::string(Trim(f[0])));
    if (ei == emp.end()) return err("unknown employee '" + std::string(f[0]) + "'");
    int d;
    if (!ToInt(f[1], d) || d < 0 || d >= p.days) return err("day out of range");
    auto si = shift.find(std::string(Trim(f[2])));
    if (si == shift.end()) return err("unknown shift '" + std::string(f[2]) + "'");
    int& cell = g[static_cast<size_t>(ei->second)][static_cast<size_t>(d)];
    if (cell >= 0) return err("two shifts for one employee on one day");
    cell = si->second;
  }
  if (n == 0) return Status::InvalidInput(filename + ":1: expected the header employee,day,shift");
  return g;
}

}  // namespace weft::io
