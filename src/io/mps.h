// Export of the day-based roster model as a mixed-integer programme in
// (free) MPS format, so users with a MIP solver can solve it themselves.
//
// Variables: x(e,d,s) binary (only where the employee may work s on d),
// w(e,k) weekend worked, u(d,s) and o(d,s) under- and over-cover, and a
// variable CONST fixed to 1 that carries the objective's constant (the
// shift-on request weights). The optimum of the MIP equals the optimum
// penalty of the roster problem.
#pragma once

#include <string>

#include "roster/problem.h"

namespace weft::io {

std::string FormatMps(const roster::RosterProblem& p, const std::string& name = "WEFT");

}  // namespace weft::io
