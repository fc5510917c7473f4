#include "io/interval_csv.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "io/curtois.h"

namespace weft::io {
namespace {

namespace chr = std::chrono;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

std::vector<std::string> SplitCells(std::string_view line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    out.emplace_back(
        Trim(line.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

bool Digits(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::string Shown(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) out += (c >= 32 && c < 127) ? c : '?';
  return out;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

Status LineError(const std::string& file, int line, const std::string& what) {
  return Status::InvalidInput(file + ":" + std::to_string(line) + ": " + what);
}

}  // namespace

int64_t MostCommonGap(const std::vector<int64_t>& minutes) {
  std::map<int64_t, int> gaps;
  for (size_t i = 1; i < minutes.size(); ++i)
    if (FloorDiv(minutes[i], 1440) == FloorDiv(minutes[i - 1], 1440))
      ++gaps[minutes[i] - minutes[i - 1]];
  int64_t step = 1440;
  int best = 0;
  for (const auto& [g, n] : gaps)
    if (n > best) best = n, step = g;
  return step;
}

Result<int64_t> ParseLocalTimestamp(std::string_view s, bool allow_date) {
  s = Trim(s);
  int y, mo, d, h = 0, mi = 0, sec = 0;
  const bool date_ok = s.size() >= 10 && Digits(s, 0, 4, y) && s[4] == '-' && Digits(s, 5, 2, mo) &&
                       s[7] == '-' && Digits(s, 8, 2, d);
  bool ok = date_ok;
  if (ok && s.size() == 10) {
    ok = allow_date;
  } else if (ok) {
    ok = (s[10] == ' ' || s[10] == 'T') && Digits(s, 11, 2, h) && s.size() >= 16 && s[13] == ':' &&
         Digits(s, 14, 2, mi) &&
         (s.size() == 16 || (s.size() == 19 && s[16] == ':' && Digits(s, 17, 2, sec)));
  }
  const std::string want =
      allow_date ? "'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM[:SS]'" : "'YYYY-MM-DD HH:MM[:SS]'";
  if (!ok) return Status::InvalidInput("expected a timestamp " + want + ", got '" + Shown(s) + "'");
  const chr::year_month_day ymd{chr::year(y), chr::month(static_cast<unsigned>(mo)),
                                chr::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59)
    return Status::InvalidInput("no such date or time: '" + Shown(s) + "'");
  if (sec != 0)
    return Status::InvalidInput("timestamps must fall on whole minutes, got '" + Shown(s) + "'");
  const int64_t days = chr::sys_days(ymd).time_since_epoch().count();
  return days * 1440 + h * 60 + mi;
}

std::string FormatLocalTimestamp(int64_t minute) {
  const int64_t days = minute >= 0 ? minute / 1440 : -((-minute + 1439) / 1440);
  const int64_t rem = minute - days * 1440;
  const chr::year_month_day ymd{chr::sys_days(chr::days(days))};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:00", static_cast<int>(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), static_cast<int>(rem / 60),
                static_cast<int>(rem % 60));
  return buf;
}

Result<double> ParseNumber(std::string_view s, bool non_negative) {
  s = Trim(s);
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v))
    return Status::InvalidInput("expected a number, got '" + Shown(s) + "'");
  if (non_negative && v < 0)
    return Status::InvalidInput("expected a non-negative number, got '" + Shown(s) + "'");
  return v;
}

int CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

Result<CsvTable> ParseCsvTable(std::string_view text, const std::string& filename,
                               const std::vector<std::string>& required) {
  CsvTable t;
  int line_no = 0;
  bool have_header = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (Trim(line).empty()) continue;
    auto cells = SplitCells(line);
    if (!have_header) {
      t.header = std::move(cells);
      have_header = true;
      for (const auto& r : required)
        if (t.Column(r) < 0)
          return LineError(filename, line_no, "the header has no column '" + r + "'");
      continue;
    }
    if (cells.size() < t.header.size())
      return LineError(filename, line_no,
                       "expected " + std::to_string(t.header.size()) + " columns, got " +
                           std::to_string(cells.size()));
    t.rows.push_back(std::move(cells));
    t.lines.push_back(line_no);
  }
  if (!have_header) return Status::InvalidInput(filename + ":1: expected a header line");
  return t;
}

Result<forecast::IntervalSeries> ParseHistoryCsv(std::string_view text,
                                                 const std::string& filename) {
  auto table = ParseCsvTable(text, filename, {});
  if (!table.ok()) return table.status();
  if (table->header.size() < 2)
    return Status::InvalidInput(filename + ":1: expected a header with a timestamp and a count");
  std::vector<int64_t> at;
  std::vector<double> count;
  for (size_t i = 0; i < table->rows.size(); ++i) {
    const auto& row = table->rows[i];
    const int line = table->lines[i];
    auto ts = ParseLocalTimestamp(row[0]);
    if (!ts.ok()) return LineError(filename, line, ts.status().message());
    auto v = ParseNumber(row[1], true);
    if (!v.ok()) return LineError(filename, line, "count: " + v.status().message());
    if (!at.empty() && *ts <= at.back())
      return LineError(filename, line,
                       "timestamp " + FormatLocalTimestamp(*ts) +
                           (*ts == at.back() ? " repeats" : " comes before") + " line " +
                           std::to_string(table->lines[i - 1]) + "'s " +
                           FormatLocalTimestamp(at.back()) + " (timestamps must increase)");
    at.push_back(*ts);
    count.push_back(*v);
  }
  if (at.empty()) return Status::InvalidInput(filename + ": no data rows after the header");
  const int64_t step = MostCommonGap(at);
  if (1440 % step != 0)
    return Status::InvalidInput(filename + ": the interval between rows (" + std::to_string(step) +
                                " min) does not divide a day");
  forecast::IntervalSeries s;
  s.step_minutes = static_cast<int>(step);
  const int S = s.slots_per_day();
  for (size_t i = 0; i < at.size(); ++i) {
    const int64_t day = FloorDiv(at[i], 1440), minute = at[i] - day * 1440;
    if (minute % step != 0)
      return LineError(filename, table->lines[i],
                       "timestamp " + FormatLocalTimestamp(at[i]) + " is not on the " +
                           std::to_string(step) + "-minute grid of the other rows");
    if (s.days.empty() || s.days.back().date != day) {
      forecast::DaySeries d;
      d.date = static_cast<forecast::Date>(day);
      d.value.assign(static_cast<size_t>(S), 0);
      d.open.assign(static_cast<size_t>(S), 0);
      s.days.push_back(std::move(d));
    }
    const auto slot = static_cast<size_t>(minute / step);
    s.days.back().value[slot] = count[i];
    s.days.back().open[slot] = 1;
  }
  return s;
}

Result<forecast::IntervalSeries> ReadHistoryCsv(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseHistoryCsv(*text, path);
}

Result<std::vector<forecast::Event>> ParseEventsCsv(std::string_view text,
                                                    const std::string& filename) {
  auto table = ParseCsvTable(text, filename, {"start", "end", "multiplier"});
  if (!table.ok()) return table.status();
  const int cs = table->Column("start"), ce = table->Column("end"),
            cm = table->Column("multiplier"), cn = table->Column("name");
  std::vector<forecast::Event> out;
  for (size_t i = 0; i < table->rows.size(); ++i) {
    const auto& row = table->rows[i];
    const int line = table->lines[i];
    auto a = ParseLocalTimestamp(row[static_cast<size_t>(cs)], true);
    if (!a.ok()) return LineError(filename, line, "start: " + a.status().message());
    auto b = ParseLocalTimestamp(row[static_cast<size_t>(ce)], true);
    if (!b.ok()) return LineError(filename, line, "end: " + b.status().message());
    int64_t end = *b;
    if (Trim(row[static_cast<size_t>(ce)]).size() == 10) end += 1440;  // a date: the whole day
    if (end <= *a) return LineError(filename, line, "end must come after start");
    auto m = ParseNumber(row[static_cast<size_t>(cm)], true);
    if (!m.ok()) return LineError(filename, line, "multiplier: " + m.status().message());
    out.push_back({*a, end, *m, cn >= 0 ? row[static_cast<size_t>(cn)] : ""});
  }
  return out;
}

}  // namespace weft::io
