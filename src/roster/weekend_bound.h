// A lower bound on the penalty of any roster from its weekends alone: the LP
// relaxation of the problem restricted to the Saturdays and Sundays, solved
// by CLP.
//
// On long horizons the column generation bound is not available (pricing a
// whole row exactly does not fit the row optimiser's state), yet the weekends
// are where the penalty is: the weekends an employee may work are a budget
// over the whole horizon, and when the budgets are short of what the weekend
// cover asks, some weekend cells must go short. This relaxation keeps, for
// every employee, the weekend budget, the per-type maxima (counted over the
// weekend days alone), the days off, and the rule that a shift may not
// follow a shift it is forbidden after (Saturday to Sunday); it drops every
// weekday. A column is one employee's choice for one weekend w: a shift on
// its Saturday, its Sunday or both (a Sunday shift allowed after the
// Saturday's), y_ewp in [0, 1]; u_ds, o_ds >= 0 are the weekend cells' under
// and over cover:
//
//   min  sum c_ewp y_ewp + sum (w_under u_ds + w_over o_ds) + C
//   s.t. sum_(e,w,p covering d,s) y_ewp + u_ds - o_ds = r_ds   every weekend (d, s)
//        sum_p y_ewp <= 1                                      every e, w
//        sum_(w,p) y_ewp <= max_weekends(e)                    every e
//        sum_(w,p) n_s(p) y_ewp <= max_shifts(e, s)            every e, s
//
// where c_ewp is the request penalty of e working p less that of the weekend
// off, n_s(p) the shifts of type s in p, and C the request penalty of every
// weekend day off. Requests and cover on weekdays cost nothing here, and at
// least nothing in any roster, so the LP optimum is a lower bound on every
// roster's penalty. There are up to (S + 1)^2 choices per employee and
// weekend, so the columns are generated (the best choice of each employee and
// weekend under the duals, by enumeration); a Lagrangian bound is kept while
// the LP has not converged, so stopping early still gives a valid bound.
//
// Instance 19 of the benchmark (84 days): 2 800 of cover (28 weekend shifts
// short, where the budgets alone allow 516 of the 535 asked) plus the weekend
// requests; the best known roster has 3 149.
#pragma once

#include "roster/problem.h"

namespace weft::roster {

struct WeekendBoundResult {
  bool solved = false;     // a bound was proven (every LP solved to optimality)
  bool converged = false;  // the column generation converged: lp is the relaxation's optimum
  double lp = 0;           // the last master's optimum, constant included
  double lagrangian = 0;   // the best Lagrangian bound seen, constant included
  int64_t bound = 0;       // ceil of the proven bound: penalties are integers
  int columns = 0, rows = 0, rounds = 0;
  double seconds = 0;
};

// The problem must be valid (RosterProblem::Validate).
WeekendBoundResult WeekendRelaxationBound(const RosterProblem& p, int max_rounds = 1000);

}  // namespace weft::roster
