#pragma once
// Which parts of the network an analysis may use at a given moment: the status of links (with
// planned and under-construction ones optionally counted), scenario closures, seasonal closures
// of crossings, and the user's constraints (avoided countries, crossings, places and modes).
#include "core/time.hpp"
#include "network/network.hpp"
#include "request/query.hpp"

namespace caravan::analysis {

struct Availability {
  TimePoint at;                  // closures that cover this instant apply
  bool include_planned = false;  // count planned and under-construction links as built
  RouteConstraints constraints;

  [[nodiscard]] bool node_ok(const Network& net, NodeIdx v) const;
  // The link (and its crossing, if any) is usable, both end nodes are allowed.
  [[nodiscard]] bool link_ok(const Network& net, LinkIdx l) const;
  [[nodiscard]] bool crossing_ok(const Network& net, CrossingIdx c) const;
  // The service is running and allowed to carry cargo from call `board` to call `board + 1`.
  [[nodiscard]] bool service_leg_ok(const Network& net, ServiceIdx s, std::size_t board) const;
};

}  // namespace caravan::analysis
