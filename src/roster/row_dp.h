// RowOptimizer: re-optimises one employee's row over a window of days
// exactly, given everyone else's assignments and the rest of the row.
//
// Algorithm: a dynamic programme over the days of the window. A state is
// (run state, minutes used in the window, newly worked weekends), where the
// run state is either "off for k days" (k capped at the minimum rest) or
// "working shift s on the l-th day of a run" (with a flag for runs that touch
// day 0 and are exempt from the minimum). Transitions enforce forbidden
// successions, maximum and minimum run lengths, minimum rest, days off and
// the weekend budget; the final states are filtered against the fixed days
// after the window and the minute bounds. The cost of a cell is its request
// penalty plus its marginal cover cost given the other employees, so the
// optimum of the DP is the optimum of the roster's soft score over this
// neighbourhood. Per-type maxima: types the unconstrained optimum uses beyond
// their budget carry their count in the state (exact) while that state stays
// small; beyond it, Lagrangian multipliers grow until the plan respects them
// (types with no budget left are removed). The result is always feasible and
// exact unless multipliers were needed (last_exact()).
//
// Complexity: O(days x states x (shift types + 1)) time, O(days x states)
// memory, where states = runs x minute levels x weekend levels.
// Not thread-safe: one optimiser per thread (it keeps its buffers).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "roster/constraints.h"
#include "roster/roster.h"

namespace weft::roster {

struct RowDpOptions {
  // The share of the employee's minimum total minutes the row must reach
  // once the window is planned: 1 enforces the rule; while a roster is being
  // built window by window, the share of the horizon planned so far.
  double min_minutes_share = 1.0;
  // The share of the employee's weekend budget the row may have used once
  // the window is planned (rounded up): 1 is the rule; while a roster is
  // built window by window, the share of the horizon's weekends up to the
  // window's end, so that the first windows do not spend the weekends the
  // last ones need (Instance 23's first construction left weeks 33-51 about
  // 1 400 shifts short).
  double max_weekends_share = 1.0;
  // Drop the minutes from the state and meet the minute bounds with a
  // Lagrangian price per minute found by bisection instead: far fewer states
  // (whole rows of long horizons), feasible but not always optimal.
  bool relax_minutes = false;
  // Refuse windows whose day x state count exceeds this.
  int64_t max_work = 3'000'000;
  // Keep per-type maxima exactly by carrying the counts of the types over
  // budget in the state (column generation: pricing must be exact), rather
  // than by multipliers alone (faster, not always optimal).
  bool exact_type_maxima = false;
  // Cells the row must keep: per window day, the shift required there (-1:
  // off), or kFree. Empty: none.
  std::span<const int16_t> forced;
  static constexpr int16_t kFree = -2;
  // Visit only the states some valid row passes through (the same optimum,
  // far fewer states); false visits all of them (tests compare the two).
  bool prune = true;
  // With exact_type_maxima: DP solves the Lagrangian certificate may take
  // before the counts of the types over budget go into the state (-1: as
  // many as cost less than the counts would, at most six; 0: none).
  int certify_solves = -1;
};

class RowOptimizer {
 public:
  explicit RowOptimizer(const ProblemTables& t);

  // The best shifts for days [a, b] of employee e, or nullopt when no plan of
  // the window keeps the row feasible or the window is too large.
  // REQUIRES: 0 <= a <= b < days.
  std::optional<std::vector<ShiftIdx>> Optimize(const Roster& r, int e, int a, int b,
                                                const RowDpOptions& o = {});
  // The same search with the cell costs given: costs[(d - a) * (S + 1) + s + 1]
  // is the cost of shift s (-1: off) on day d. Column generation prices rows
  // with it (request penalties less the cover duals).
  // REQUIRES: costs.size() == (b - a + 1) * (S + 1).
  std::optional<std::vector<ShiftIdx>> OptimizeCosts(const Roster& r, int e, int a, int b,
                                                     std::span<const int64_t> costs,
                                                     const RowDpOptions& o = {});
  // Whether the last Optimize/OptimizeCosts result is a proven optimum: minutes
  // counted exactly and no per-type multiplier was needed.
  // With no row returned: whether none exists (the search proved it; a
  // search that gave up, minutes priced or multipliers not converging, says
  // false).
  bool last_exact() const { return last_exact_; }
  // The day x state count Optimize would use for this window (0 if hopeless).
  int64_t Work(const Roster& r, int e, int a, int b, bool relax_minutes = false) const;
  // The day x state count Optimize visits at most with the minutes counted,
  // once the states no valid row passes through are left out (0 if none),
  // with the cells in `forced` kept (as RowDpOptions::forced): a closer
  // measure of its time than Work().
  int64_t BoundedWork(const Roster& r, int e, int a, int b,
                      std::span<const int16_t> forced = {}) const;

 private:
  struct Frame;
  bool Prepare(const Roster& r, int e, int a, int b, const RowDpOptions& o, Frame& f) const;
  // Narrows the states Solve visits to those on some path from the initial
  // state to a valid end whose minutes can still land in bounds (the days a
  // row can work before and after a day, at the longest shifts the type
  // budgets allow): the same optimum over far fewer states. Returns the
  // day x state count left.
  int64_t Bound(Frame& f) const;
  // Whether run state st after the window's last day agrees with the row
  // after it.
  bool EndOk(const Frame& f, int st) const;
  std::optional<std::vector<ShiftIdx>> Run(const Frame& f, std::vector<int64_t> base, bool track,
                                           int certify_solves);
  std::optional<std::vector<ShiftIdx>> RunExact(const Frame& f, const std::vector<int64_t>& base,
                                                int64_t scale, bool track, int certify_solves);
  // The DP over the window with cell costs cell_. Types in `tracked` carry
  // their count in the state and keep their budgets exactly; the others are
  // unconstrained (their multipliers live in cell_).
  bool Solve(const Frame& f, std::vector<ShiftIdx>& out, std::span<const int> tracked = {});
  bool Certify(const Frame& f, const std::vector<int64_t>& base, int64_t scale, int max_solves,
               std::vector<ShiftIdx>& out);

  const ProblemTables& t_;
  int unit_ = 1;               // gcd of shift lengths
  std::vector<int> units_;     // shift length in units
  std::vector<int> by_units_;  // shift types, longest first
  int max_units_ = 1;
  // Successor classes (shifts with the same forbidden successors) and choice
  // groups (same class, forbidden after the same classes, same length): the
  // DP keeps a class, not a shift, in its state and takes the cheapest shift
  // of each group per day.
  int num_classes_ = 0, num_groups_ = 0;
  std::vector<int> class_of_, class_rep_;  // per shift; per class
  std::vector<int> group_of_;              // per shift
  std::vector<int> group_class_, group_units_;
  std::vector<uint8_t> group_after_;  // [class * groups + group]: group may follow class
  // The same as bit sets, a word per 64 groups; class num_classes_: a day off.
  std::vector<uint64_t> after_bits_;
  std::vector<int16_t> pick_;  // per window day and group: cheapest shift, -1 none
  std::vector<int64_t> pick_cost_;
  std::vector<int64_t> cell_;  // per window day and choice
  std::vector<int64_t> cost_a_, cost_b_;
  // Per window day and state: the predecessor's run state (low 16 bits) and
  // the shift chosen (high 16 bits, -1: off), together so that a transition
  // writes one entry.
  std::vector<uint32_t> back_;
  // Bound()'s passes: days and units workable before and after each state.
  mutable std::vector<int> bd_, bu_, fd_, fu_;
  bool last_exact_ = false;
};

}  // namespace weft::roster
