// Cost matrices for `weft assign`: a CSV file without a header, one line per
// row (worker), one cell per column (job). A cell is a finite number, or
// empty / `inf` for a forbidden pair; numbers within +-1e15. Every line has the same number of
// cells; blank lines at the end are ignored. Parsing never throws: a bad
// file gives "FILE:LINE:CELL: what was expected".
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "dispatch/assignment.h"

namespace weft::io {

Result<dispatch::CostMatrix> ParseCostMatrixCsv(std::string_view text, const std::string& filename);
Result<dispatch::CostMatrix> ReadCostMatrixCsv(const std::string& path);

}  // namespace weft::io
