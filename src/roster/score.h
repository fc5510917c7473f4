// Score: a lexicographic (hard, soft) pair of non-negative penalties.
// A roster is feasible when hard == 0; among feasible rosters, lower soft wins.
#pragma once

#include <compare>
#include <cstdint>

namespace weft::roster {

struct Score {
  int64_t hard = 0;
  int64_t soft = 0;
  auto operator<=>(const Score&) const = default;
  Score operator+(Score o) const { return {hard + o.hard, soft + o.soft}; }
  Score operator-(Score o) const { return {hard - o.hard, soft - o.soft}; }
  Score& operator+=(Score o) {
    hard += o.hard;
    soft += o.soft;
    return *this;
  }
  bool feasible() const { return hard == 0; }
};

}  // namespace weft::roster
