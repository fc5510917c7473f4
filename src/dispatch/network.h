// Several service centres simulated side by side, sharing technicians: at
// every re-plan a centre that cannot staff its waiting work (nobody, or not
// enough certified people, present for a job's category) or is overloaded
// (forecast utilisation above 150 %, the seed's response level 3) posts a
// need; the other centres offer technicians they can spare (sharing.h), the
// best offer is matched and the technician travels there for the rest of
// his shift, and the loan is recorded for settlement. Every centre keeps
// its own seeded draws, so a run with sharing and one without meet the same
// jobs, absences and surprises.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "dispatch/model.h"
#include "dispatch/sharing.h"
#include "dispatch/simulator.h"

namespace weft::dispatch {

struct Network {
  std::vector<Scenario> sites;
  std::vector<std::vector<int>> travel;  // minutes, [from][to]
  LoanTerms terms;
  // Same categories (ids, in order) and opening hours at every site, a
  // square travel matrix of non-negative minutes; the message names the field.
  Status Validate() const;
};

struct NetworkResult {
  std::vector<SimResult> sites;
  std::vector<Loan> loans;
  Settlement settlement;
};

// A site's scenario with every other site's core technicians appended as
// guests (tier kGuest, id "SITE/ID"), absent unless on loan; `slot[s2][k]`
// gets the guest index of technician k of site s2 (-1 for the site itself).
Scenario WithGuests(const Network& net, int site, std::vector<std::vector<int>>& slot);

// REQUIRES: net.Validate().ok(), p.days >= 1. `sharing` false: the same run
// without loans (the baseline).
NetworkResult SimulateNetwork(const Network& net, const SimParams& p, bool sharing = true);

}  // namespace weft::dispatch
