#include "analysis/constraints.hpp"

namespace caravan::analysis {

ConstraintsResult build_constraints(const Network& net, const PlaceIndex& index, const ConstraintOptions& options) {
  // build_route_query validates a whole request; give it two valid places and a fixed departure
  // so that only the constraint fields can fail, and keep their errors.
  RouteRequest request;
  request.from = net.nodes.size() > 0 ? net.nodes[NodeIdx{0u}].id : "";
  request.to = net.nodes.size() > 1 ? net.nodes[NodeIdx{1u}].id : "";
  request.depart = "2026-01-01T00:00Z";
  request.avoid_countries = options.avoid_countries;
  request.avoid_crossings = options.avoid_crossings;
  request.avoid_chokepoints = options.avoid_chokepoints;
  request.modes = options.modes;
  auto built = build_route_query(net, index, request);
  ConstraintsResult out;
  for (auto& e : built.errors)
    if (e.field == "avoid_countries" || e.field == "avoid_crossings" || e.field == "avoid_chokepoints" || e.field == "modes")
      out.errors.push_back(std::move(e));
  if (built.query) out.constraints = built.query->constraints;
  return out;
}

}  // namespace caravan::analysis
