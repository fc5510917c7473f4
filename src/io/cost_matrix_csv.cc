#include "io/cost_matrix_csv.h"

#include <cctype>
#include <cmath>
#include <limits>

#include "io/curtois.h"
#include "io/interval_csv.h"

namespace weft::io {
namespace {

constexpr double kMaxCost = 1e15;

bool IsForbidden(std::string_view cell) {
  while (!cell.empty() && std::isspace(static_cast<unsigned char>(cell.front())))
    cell.remove_prefix(1);
  while (!cell.empty() && std::isspace(static_cast<unsigned char>(cell.back())))
    cell.remove_suffix(1);
  if (cell.empty()) return true;
  if (cell.front() == '+') cell.remove_prefix(1);
  if (cell.size() != 3) return false;
  for (size_t i = 0; i < 3; ++i)
    if (std::tolower(static_cast<unsigned char>(cell[i])) != "inf"[i]) return false;
  return true;
}

}  // namespace

Result<dispatch::CostMatrix> ParseCostMatrixCsv(std::string_view text,
                                                const std::string& filename) {
  dispatch::CostMatrix m;
  // Drop blank lines at the end.
  while (!text.empty() &&
         (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  if (text.empty())
    return Status::InvalidInput(filename + ": no rows (expected one line per worker)");
  int line = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view row = text.substr(pos, nl - pos);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    ++line;
    int cells = 0;
    size_t start = 0;
    while (true) {
      size_t comma = row.find(',', start);
      const std::string_view cell = row.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      ++cells;
      if (IsForbidden(cell)) {
        m.values.push_back(dispatch::kForbidden);
      } else {
        auto v = ParseNumber(cell, false);
        if (!v.ok())
          return Status::InvalidInput(filename + ":" + std::to_string(line) + ":" +
                                      std::to_string(cells) + ": " + v.status().message() +
                                      " (or an empty cell or 'inf' for a forbidden pair)");
        if (std::abs(*v) > kMaxCost)
          return Status::InvalidInput(filename + ":" + std::to_string(line) + ":" +
                                      std::to_string(cells) +
                                      ": costs must lie within +-1e15 (sums stay exact)");
        m.values.push_back(*v);
      }
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (line == 1) {
      m.cols = cells;
    } else if (cells != m.cols) {
      return Status::InvalidInput(filename + ":" + std::to_string(line) + ": expected " +
                                  std::to_string(m.cols) + " cells like line 1, got " +
                                  std::to_string(cells));
    }
    if (line >= std::numeric_limits<int>::max() / 2)
      return Status::InvalidInput(filename + ": too many rows");
    pos = nl + 1;
  }
  m.rows = line;
  return m;
}

Result<dispatch::CostMatrix> ReadCostMatrixCsv(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseCostMatrixCsv(*text, path);
}

}  // namespace weft::io
