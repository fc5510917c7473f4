// Sharing technicians between sites (the seed's cross-site support): a site
// short of a skill posts a need, the other sites offer technicians they can
// spare, the best offer is matched and the loan is recorded for settlement
// (a fee to the lending site, an allowance to the technician).
//
// A site can spare a technician while its own day is quiet: its forecast
// utilisation (Dispatcher::ForecastUtilisation) stays under the elastic
// threshold even without him, he is present, on shift for at least an hour
// more, and has the skill, level and certification the need asks for.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dispatch/dispatcher.h"
#include "dispatch/model.h"

namespace weft::dispatch {

struct ShareNeed {
  int site = 0;
  int category = 0;             // index into the sites' shared category list
  Grade min_grade = Grade::kB;  // at least this grade in the category
  int min_level = 1;            // L1..L4
  int64_t from = 0;             // absolute minutes: when he is needed ...
  int64_t until = 0;            // ... and until when
  std::string reason;
};

struct ShareOffer {
  int site = 0;
  int tech = 0;
  Grade grade = Grade::kD;
  int level = 1;
  double site_utilisation = 0;  // the lender's forecast without him
  int travel_minutes = 0;
  int64_t free_from = 0;  // when he can leave (his running job's end)
  int64_t shift_end = 0;  // absolute
};

struct LoanTerms {
  double fee_per_hour = 120;        // paid by the borrowing site to the lender
  double allowance_per_hour = 40;   // paid to the technician on top of his wage
  int max_travel_minutes = 90;      // offers further away are not considered
  double spare_utilisation = 0.70;  // a lender must stay under this without him
};

struct Loan {
  ShareNeed need;
  ShareOffer offer;
  int64_t start = 0;  // arrives at the borrower (free_from + travel)
  int64_t end = 0;    // min(need.until, his shift end)
  double hours = 0;
  double fee = 0;
  double allowance = 0;
  double score = 0;
};

// One site as the sharing market sees it.
struct SiteView {
  const Scenario* scenario = nullptr;
  const Dispatcher* dispatcher = nullptr;
  const std::vector<Job>* jobs = nullptr;
  const std::vector<TechState>* techs = nullptr;
};

// The technicians site `lender` can spare for `need` at `now`, best first.
// `travel[a][b]`: minutes from site a to site b.
std::vector<ShareOffer> CollectOffers(const ShareNeed& need, const std::vector<SiteView>& sites,
                                      const std::vector<std::vector<int>>& travel,
                                      const LoanTerms& terms, int64_t now);

// The best offer for the need (skill first, then level, the lender's slack,
// then travel), or none when no offer meets it.
std::optional<Loan> MatchNeed(const ShareNeed& need, const std::vector<ShareOffer>& offers,
                              const LoanTerms& terms);

// Settlement of a period's loans: what each site pays and receives, and
// each technician's allowance.
struct Settlement {
  struct Line {
    int lender = 0, borrower = 0;
    int loans = 0;
    double hours = 0, fee = 0;
  };
  std::vector<Line> lines;  // by (lender, borrower), in first-loan order
  struct Allowance {
    int site = 0, tech = 0;
    double hours = 0, amount = 0;
  };
  std::vector<Allowance> allowances;
  double total_fee = 0, total_allowance = 0;
};
Settlement Settle(const std::vector<Loan>& loans);

}  // namespace weft::dispatch
