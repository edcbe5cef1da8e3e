#pragma once
// What a planner may give the crossing model from files: arrivals to replay, an hour-of-week
// arrival profile and measured service times, each read from CSV with FILE:LINE in every error.
#include <array>
#include <string>
#include <vector>

#include "border/crossing_model.hpp"

namespace caravan::border {

// Reads arrivals to replay from CSV: columns `time` (ISO 8601, or hours since `start` in a column
// `hour`) and optional `class` (green | yellow | red). Throws ModelError("arrivals_csv",
// "FILE:LINE: …").
std::vector<Arrival> read_arrivals_csv(const std::string& path, TimePoint start);

// Reads an hour-of-week arrival profile: header `hour_of_week,weight`, each hour 0..167 exactly
// once, weights >= 0 and not all 0. Throws ModelError("arrival_profile", "FILE:LINE: …").
std::array<double, kHoursPerWeek> read_arrival_profile_csv(const std::string& path);

// Reads measured service times: header `hours`, one positive number a line, 1..100000 of them.
// Throws ModelError("service_times_h", "FILE:LINE: …").
std::vector<double> read_service_times_csv(const std::string& path);

}  // namespace caravan::border
