#include "roster/score_director.h"

#include <algorithm>

namespace weft::roster {

ScoreDirector::ScoreDirector(const ProblemTables& tables, Roster roster, bool debug)
    : t_(tables), roster_(std::move(roster)), constraints_(MakeConstraints(tables)), debug_(debug) {
  parts_.assign(constraints_.size(), 0);
  before_.assign(constraints_.size(), 0);
  Reset(std::move(roster_));
}

void ScoreDirector::Reset(Roster roster) {
  roster_ = std::move(roster);
  score_ = {};
  for (size_t i = 0; i < constraints_.size(); ++i) {
    parts_[i] = constraints_[i]->Evaluate(roster_);
    (constraints_[i]->hard() ? score_.hard : score_.soft) += parts_[i];
  }
  last_.clear();
}

Score ScoreDirector::Recompute() const {
  Score s;
  for (const auto& c : constraints_) (c->hard() ? s.hard : s.soft) += c->Evaluate(roster_);
  return s;
}

void ScoreDirector::BuildRows() {
  rows_.clear();
  for (const CellChange& c : last_) {
    auto it =
        std::find_if(rows_.begin(), rows_.end(), [&](const RowSpan& r) { return r.e == c.e; });
    if (it == rows_.end()) {
      rows_.push_back({c.e, c.d, c.d});
    } else {
      it->lo = std::min(it->lo, c.d);
      it->hi = std::max(it->hi, c.d);
    }
  }
}

Score ScoreDirector::Apply(const std::vector<CellChange>& cells) {
  const MoveView view{cells, rows_};
  for (size_t i = 0; i < constraints_.size(); ++i)
    before_[i] = constraints_[i]->Local(roster_, view);
  for (const CellChange& c : cells) roster_.Set(c.e, c.d, c.to);
  Score delta;
  for (size_t i = 0; i < constraints_.size(); ++i) {
    const int64_t d = constraints_[i]->Local(roster_, view) - before_[i];
    before_[i] = d;  // kept so Undo() need not evaluate again
    parts_[i] += d;
    (constraints_[i]->hard() ? delta.hard : delta.soft) += d;
  }
  score_ += delta;
  return delta;
}

Score ScoreDirector::Do(std::span<const CellChange> cells) {
  last_.assign(cells.begin(), cells.end());
  for (CellChange& c : last_) c.from = roster_.at(c.e, c.d);
  BuildRows();
  last_delta_ = Apply(last_);
  if (debug_) Check("Do");
  return last_delta_;
}

Score ScoreDirector::Peek(std::span<const CellChange> cells) {
  const Score d = Do(cells);
  Undo();
  return d;
}

void ScoreDirector::Undo() {
  // The deltas of the last Do() are in before_: revert the cells and the totals.
  for (auto it = last_.rbegin(); it != last_.rend(); ++it) roster_.Set(it->e, it->d, it->from);
  for (size_t i = 0; i < constraints_.size(); ++i) parts_[i] -= before_[i];
  score_ = score_ - last_delta_;
  last_.clear();
  if (debug_) Check("Undo");
}

int64_t ScoreDirector::RowHardWindow(int e, int a, int b) {
  row_cells_.clear();
  for (int d = a; d <= b; ++d) row_cells_.push_back({e, d, roster_.at(e, d), roster_.at(e, d)});
  const RowSpan span{e, a, b};
  const MoveView view{row_cells_, std::span<const RowSpan>(&span, 1)};
  int64_t sum = 0;
  for (const auto& c : constraints_)
    if (c->hard()) sum += c->Local(roster_, view);
  return sum;
}

void ScoreDirector::Check(const char* what) {
  if (!debug_error_.empty()) return;
  if (!roster_.CountersConsistent()) {
    debug_error_ = std::string(what) + ": roster counters disagree with the grid";
    return;
  }
  for (size_t i = 0; i < constraints_.size(); ++i) {
    const int64_t fresh = constraints_[i]->Evaluate(roster_);
    if (fresh != parts_[i]) {
      debug_error_ = std::string(what) + ": constraint " + std::string(constraints_[i]->name()) +
                     " has incremental total " + std::to_string(parts_[i]) + " but from scratch " +
                     std::to_string(fresh);
      return;
    }
  }
}

}  // namespace weft::roster
