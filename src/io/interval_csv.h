// CSV files of the demand side: contact history, events, forecasts and
// staffing plans.
//
// Timestamps are local civil times `YYYY-MM-DD HH:MM[:SS]` (seconds must be
// 00), carried as minutes since 1970-01-01 of that local clock. Parsing never
// throws: a malformed file gives a Status "FILE:LINE: what was expected".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "forecast/forecast.h"
#include "forecast/series.h"

namespace weft::io {

// `YYYY-MM-DD HH:MM[:SS]` or, with allow_date, `YYYY-MM-DD` (00:00).
Result<int64_t> ParseLocalTimestamp(std::string_view s, bool allow_date = false);
std::string FormatLocalTimestamp(int64_t minute);  // "YYYY-MM-DD HH:MM:SS"
// The interval of increasing timestamps: the most common gap between
// consecutive ones on the same day; 1440 when no day has two.
int64_t MostCommonGap(const std::vector<int64_t>& minutes);

// History: a header, then `timestamp,count` rows (further columns ignored).
// The interval is the most common gap between consecutive rows of a day;
// every timestamp must lie on that grid; duplicate or unordered timestamps
// and negative counts are errors. Days without rows are closed.
Result<forecast::IntervalSeries> ParseHistoryCsv(std::string_view text,
                                                 const std::string& filename);
Result<forecast::IntervalSeries> ReadHistoryCsv(const std::string& path);

// Events: a header, then `start,end,multiplier[,name]`; start and end are
// timestamps or dates (a date as `end` means the end of that day).
Result<std::vector<forecast::Event>> ParseEventsCsv(std::string_view text,
                                                    const std::string& filename);

// A table with a header whose columns are found by name; `required` names
// must be present, `optional` may be. Cells are trimmed strings.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;                   // file line of each row
  int Column(std::string_view name) const;  // -1 when absent
};
Result<CsvTable> ParseCsvTable(std::string_view text, const std::string& filename,
                               const std::vector<std::string>& required);

// A number cell: finite, and >= 0 when non_negative.
Result<double> ParseNumber(std::string_view s, bool non_negative);

}  // namespace weft::io
