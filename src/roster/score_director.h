// ScoreDirector: owns a roster and keeps its score up to date as moves are
// applied, one constraint at a time.
//
// Do(cells) applies a move (a list of cell changes, each (e, d) at most once)
// and returns the score delta; Undo() reverts the last Do(). In debug mode
// every Do() and Undo() is followed by a from-scratch evaluation of each
// constraint, and the first constraint whose running total disagrees is named
// in debug_error() (the search stops at once when it is set).
//
// Not thread-safe: one director per search thread.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "roster/constraints.h"
#include "roster/roster.h"
#include "roster/score.h"

namespace weft::roster {

class ScoreDirector {
 public:
  ScoreDirector(const ProblemTables& tables, Roster roster, bool debug = false);

  const Roster& roster() const { return roster_; }
  Score score() const { return score_; }
  // Penalty of each constraint, in the order of constraints().
  const std::vector<int64_t>& parts() const { return parts_; }
  const std::vector<std::unique_ptr<Constraint>>& constraints() const { return constraints_; }
  const ProblemTables& tables() const { return t_; }

  // REQUIRES: no (e, d) appears twice in `cells`. `from` is filled in here.
  Score Do(std::span<const CellChange> cells);
  // Returns the delta Do(cells) would have, leaving the roster as it was.
  Score Peek(std::span<const CellChange> cells);
  void Undo();
  // Replaces the roster and recomputes everything from scratch.
  void Reset(Roster roster);
  // From-scratch score; does not touch the running totals.
  Score Recompute() const;

  // Hard penalty of the terms that involve employee e's row: its runs, its
  // counters and its cells.
  int64_t RowHard(int e) { return RowHardWindow(e, 0, roster_.num_days() - 1); }
  // The same, restricted to the terms near days [a, b] (counters included).
  int64_t RowHardWindow(int e, int a, int b);

  bool debug() const { return debug_; }
  const std::string& debug_error() const { return debug_error_; }

 private:
  void BuildRows();
  Score Apply(const std::vector<CellChange>& cells);
  void Check(const char* what);

  const ProblemTables& t_;
  Roster roster_;
  std::vector<std::unique_ptr<Constraint>> constraints_;
  std::vector<int64_t> parts_;
  std::vector<int64_t> before_;
  Score score_;
  std::vector<CellChange> last_;
  std::vector<RowSpan> rows_;
  std::vector<CellChange> row_cells_;
  Score last_delta_;
  bool debug_;
  std::string debug_error_;
};

}  // namespace weft::roster
