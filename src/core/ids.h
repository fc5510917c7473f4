// Strong ids: a WorkerId cannot be passed where a SkillId is expected.
//
// Ids are dense indices into the owning problem's vectors; the human-facing
// name lives in the entity itself. Comparisons are by value, so containers
// ordered by id iterate deterministically.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace weft {

template <typename Tag>
class StrongId {
 public:
  constexpr StrongId() = default;
  constexpr explicit StrongId(int32_t v) : v_(v) {}
  constexpr int32_t value() const { return v_; }
  constexpr bool valid() const { return v_ >= 0; }
  constexpr auto operator<=>(const StrongId&) const = default;

 private:
  int32_t v_ = -1;
};

using WorkerId = StrongId<struct WorkerTag>;
using SkillId = StrongId<struct SkillTag>;
using ShiftTypeId = StrongId<struct ShiftTypeTag>;
using SiteId = StrongId<struct SiteTag>;
using JobId = StrongId<struct JobTag>;

}  // namespace weft

template <typename Tag>
struct std::hash<weft::StrongId<Tag>> {
  size_t operator()(weft::StrongId<Tag> id) const noexcept {
    return std::hash<int32_t>()(id.value());
  }
};
