// The rules of the roster model, one class per rule.
//
// Each constraint has a level (hard or soft), a from-scratch Evaluate() that
// reads only the grid (never the roster's counters), and Local(), the penalty
// of just the terms a move can touch, read in the roster's current state. The
// score director calls Local() before and after applying a move; the
// difference is the exact delta, because the set of touched terms is derived
// from the move alone and every other term is unchanged by it.
//
// Penalties grow with the size of a violation (days too many in a run,
// shifts-worth of minutes missing, ...), so the search can walk back to
// feasibility. Hard penalties are never mixed into the soft score.
//
// Thread safety: a constraint keeps scratch buffers; one instance per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "roster/problem.h"
#include "roster/roster.h"

namespace weft::roster {

struct CellChange {
  int e = 0;
  int d = 0;
  ShiftIdx from = kOff;
  ShiftIdx to = kOff;
};

// The days of one employee's row that a move changes, lo..hi inclusive.
struct RowSpan {
  int e = 0;
  int lo = 0;
  int hi = 0;
};

struct MoveView {
  std::span<const CellChange> cells;
  std::span<const RowSpan> rows;
};

// Dense lookup tables built once from a problem; shared read-only by threads.
struct ProblemTables {
  explicit ProblemTables(const RosterProblem& p);
  const RosterProblem& problem;
  int E, H, S, W;
  int minutes_unit;                // shortest shift length: the unit of minute penalties
  std::vector<uint8_t> forbidden;  // [s * S + t]: t may not follow s
  std::vector<uint8_t> day_off;    // [e * H + d]
  std::vector<int32_t> on_cost;    // [(e * H + d) * (S + 1) + (s + 1)], s = -1 is off
  std::vector<int32_t> off_cost;   // same layout
  // [e * H + d]: a shift-on or shift-off request that day. Requests are
  // sparse and the cost tables large (E x H x (S + 1)): local search reads
  // this small table first and the large ones only where it is set.
  std::vector<uint8_t> requested;
  // on_cost + off_cost: what a row's requests cost, read once per cell by
  // the row optimiser (two tables were a cache miss more per cell).
  std::vector<int32_t> request_cost;
  std::vector<int32_t> cover_req, cover_under, cover_over;  // [d * S + s]
  std::vector<int32_t> shift_minutes;

  int32_t CellIdx(int e, int d, int s) const { return (e * H + d) * (S + 1) + (s + 1); }
  int64_t CoverCost(int d, int s, int n) const {
    const size_t i = static_cast<size_t>(d * S + s);
    const int r = cover_req[i];
    return n < r ? int64_t{cover_under[i]} * (r - n) : int64_t{cover_over[i]} * (n - r);
  }
  int64_t MinutesPenalty(int e, int minutes) const;
};

class Constraint {
 public:
  explicit Constraint(const ProblemTables& t) : t_(t) {}
  virtual ~Constraint() = default;
  virtual std::string_view name() const = 0;
  virtual bool hard() const = 0;
  virtual int64_t Evaluate(const Roster& r) const = 0;
  virtual int64_t Local(const Roster& r, const MoveView& m) = 0;

 protected:
  const ProblemTables& t_;
};

// All rules of the benchmark model, hard ones first.
std::vector<std::unique_ptr<Constraint>> MakeConstraints(const ProblemTables& t);

}  // namespace weft::roster
