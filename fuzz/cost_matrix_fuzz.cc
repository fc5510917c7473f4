// libFuzzer target for `weft assign` input: any bytes give a matrix or a
// clean error. A small matrix that parses is solved twice, as given and
// transposed (different code paths), with and without an unassigned cost;
// the answers must be consistent pairings of equal cost.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dispatch/assignment.h"
#include "io/cost_matrix_csv.h"

using weft::dispatch::Assignment;
using weft::dispatch::CostMatrix;

namespace {

void CheckPairing(const CostMatrix& m, const Assignment& a) {
  for (int r = 0; r < m.rows; ++r) {
    const int c = a.row_to_col[r];
    if (c < 0) continue;
    if (c >= m.cols || a.col_to_row[c] != r || m.at(r, c) == weft::dispatch::kForbidden)
      std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = weft::io::ParseCostMatrixCsv(text, "fuzz.csv");
  if (!m.ok()) return 0;
  if (m->values.size() != static_cast<size_t>(m->rows) * m->cols) std::abort();
  if (m->rows > 40 || m->cols > 40) return 0;
  for (double& v : m->values)  // keep sums exact: small integers
    if (v != weft::dispatch::kForbidden) v = std::fmod(std::round(v), 1e6);
  CostMatrix t(m->cols, m->rows);
  for (int r = 0; r < m->rows; ++r)
    for (int c = 0; c < m->cols; ++c) t.at(c, r) = m->at(r, c);
  const Assignment a = weft::dispatch::SolveAssignment(*m);
  const Assignment b = weft::dispatch::SolveAssignment(t);
  if (a.feasible != b.feasible) std::abort();
  if (a.feasible) {
    CheckPairing(*m, a);
    CheckPairing(t, b);
    if (a.cost != b.cost) std::abort();
  }
  weft::dispatch::AssignmentOptions o;
  o.unassigned_cost = {500.0};
  const Assignment c = weft::dispatch::SolveAssignment(*m, o);
  if (!c.feasible) std::abort();
  CheckPairing(*m, c);
  return 0;
}
