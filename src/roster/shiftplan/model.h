// The compiled part-time model: every shift a worker may work on a day (a
// "candidate": one or two pieces inside its availability, one certified
// skill, within its contract's shift rules) with the part of its cost that
// does not depend on anyone else, and the cover grid it counts toward.
//
// A plan is one candidate index per worker and day (-1: off). Everything the
// engine does (greedy, best response, bound) works on these tables, built
// once and shared read-only by threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "roster/shiftplan/problem.h"

namespace weft::shiftplan {

struct Candidate {
  int16_t skill = 0;
  int16_t start = 0, end = 0;      // first piece, in slots
  int16_t start2 = -1, end2 = -1;  // second piece, -1 for none
  int16_t units = 0;               // worked slots
  bool pinned = false;
  double own_cost = 0;  // pay + quality + preference + continuity (weighted)
  double pay = 0;       // pay alone, unweighted money
  int preferred_units = 0;
  int16_t last_end() const { return end2 >= 0 ? end2 : end; }
  bool split() const { return start2 >= 0; }
};

using PlanGrid = std::vector<std::vector<int>>;  // [worker][day] candidate index, -1 off

class Model {
 public:
  // REQUIRES: p.Validate().ok(); p outlives the model.
  explicit Model(const Problem& p);

  const Problem& problem() const { return p_; }
  int W() const { return W_; }
  int D() const { return D_; }
  int S() const { return S_; }  // slots per day
  int K() const { return K_; }
  int unit() const { return unit_; }  // minutes per slot

  const std::vector<Candidate>& cands(int w, int d) const {
    return cands_[static_cast<size_t>(w * D_ + d)];
  }
  // The day's only allowed candidate when pinned, else -1.
  int pinned(int w, int d) const { return pinned_[static_cast<size_t>(w * D_ + d)]; }
  // Hard weekly bounds in slots; min_units is lowered to what availability
  // allows (see shortfalls()).
  int max_units(int w) const { return max_units_[static_cast<size_t>(w)]; }
  int min_units(int w) const { return min_units_[static_cast<size_t>(w)]; }
  // Minimum rest in minutes between a shift's end and the next day's start.
  int rest(int w) const { return p_.workers[static_cast<size_t>(w)].contract.min_rest_minutes; }
  bool RestOk(int w, const Candidate& prev, const Candidate& next) const {
    return (1440 - prev.last_end() * unit_) + next.start * unit_ >= rest(w);
  }
  // Fairness (weighted) of a worker given `units` worked slots.
  double FairnessCost(int w, int units) const;
  // Cover cells: [(d * S + i) * K + k].
  size_t Cell(int d, int i, int k) const { return static_cast<size_t>((d * S_ + i) * K_ + k); }
  int need(size_t cell) const { return p_.need[cell]; }
  // Weighted under/over cost of one cell with n people.
  double CoverCost(size_t cell, int n) const {
    const int r = p_.need[cell];
    return n < r ? under_[cell] * (r - n) : over_ * (n - r);
  }
  double under_weight(size_t cell) const { return under_[cell]; }
  double over_weight() const { return over_; }
  // Notes on the input a manager should see (promises availability cannot
  // keep, ...).
  const std::vector<std::string>& notes() const { return notes_; }
  size_t num_candidates() const { return num_candidates_; }

 private:
  void Build(int w);

  const Problem& p_;
  int W_, D_, S_, K_, unit_;
  std::vector<std::vector<Candidate>> cands_;
  std::vector<int> pinned_, max_units_, min_units_;
  std::vector<double> under_;  // per cell, weighted per missing person
  double over_ = 0;
  std::vector<std::string> notes_;
  size_t num_candidates_ = 0;
};

// The shift a candidate stands for.
Shift ToShift(const Model& m, int w, int d, const Candidate& c);

}  // namespace weft::shiftplan
