// RosterProblem: assign at most one shift type per employee per day over a
// horizon of days, under per-employee rules, with requests and cover targets.
//
// This is the day-based roster model of the planning engine. The benchmark
// format (io/curtois.h) maps onto it one to one; the part-time model (shifts
// built inside availability) will extend it. Indices are dense: employee
// e in [0, employees.size()), day d in [0, days), shift s in [0, shifts.size()).
// Day 0 is a Monday.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace weft::roster {

struct ShiftTypeDef {
  std::string name;
  int minutes = 0;
  std::vector<int> cannot_follow;  // shift indices forbidden on the next day
};

struct EmployeeRules {
  std::string name;
  std::vector<int> max_shifts;  // per shift type; 0 forbids the type
  int max_total_minutes = 0;
  int min_total_minutes = 0;
  int max_consecutive_shifts = 0;
  int min_consecutive_shifts = 0;
  int min_consecutive_days_off = 0;
  int max_weekends = 0;
  std::vector<int> days_off;  // days on which no shift may be worked
};

struct ShiftRequest {
  int employee = 0;
  int day = 0;
  int shift = 0;
  int weight = 0;
};

struct CoverTarget {
  int day = 0;
  int shift = 0;
  int requirement = 0;
  int weight_under = 100;
  int weight_over = 1;
};

struct RosterProblem {
  int days = 0;
  std::vector<ShiftTypeDef> shifts;
  std::vector<EmployeeRules> employees;
  std::vector<ShiftRequest> on_requests;   // penalty `weight` unless working `shift`
  std::vector<ShiftRequest> off_requests;  // penalty `weight` if working `shift`
  std::vector<CoverTarget> cover;          // at most one per (day, shift)

  int num_employees() const { return static_cast<int>(employees.size()); }
  int num_shifts() const { return static_cast<int>(shifts.size()); }
  int num_weekends() const { return days / 7; }

  // Checks indices, sign of limits and uniqueness; the message names the
  // offending record.
  Status Validate() const;
};

}  // namespace weft::roster
