#pragma once
// The avoid-… and mode options of an analysis, validated exactly as `caravan route` and
// POST /v1/route validate them (same messages, same JSON pointers).
#include <string>
#include <vector>

#include "routing/route_request.hpp"

namespace caravan::analysis {

struct ConstraintOptions {
  std::vector<std::string> avoid_countries, avoid_crossings, avoid_chokepoints;
  std::vector<std::string> modes = {"rail", "road", "ferry", "sea"};
};

struct ConstraintsResult {
  RouteConstraints constraints;
  std::vector<RequestError> errors;  // field is one of avoid_countries, avoid_crossings, avoid_chokepoints, modes
};

ConstraintsResult build_constraints(const Network& net, const PlaceIndex& index, const ConstraintOptions& options);

}  // namespace caravan::analysis
